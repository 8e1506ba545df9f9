-- The agreement trigger's checks common to every method (SQLSTATE and
-- message): sections required and known, two different parties, a known
-- time zone, a registered method, params as a JSON object.
\ir fixtures/begin.sql
SELECT plan(6);
\ir fixtures/method.sql
INSERT INTO good VALUES ('class_target', '{"period_unit": "year", "amounts_by_class": {"I..III": 100, "IV..inferior_V": -100}}');

SELECT throws_ok($$INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, params, valid)
    SELECT 'bad', 'bad', 'class_target', 'U', 'D', params, '[2022-01-01,2023-01-01)' FROM good WHERE method = 'class_target'$$,
    '22023', 'class_target agreement needs section_codes', 'sections are required');
SELECT throws_ok($$INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
    SELECT 'bad', 'bad', 'class_target', 'U', 'D', '{S,S9}', params, '[2022-01-01,2023-01-01)' FROM good WHERE method = 'class_target'$$,
    '23503', 'agreement section_codes names an unknown section', 'unknown section');
SELECT throws_ok($$INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
    SELECT 'bad', 'bad', 'class_target', 'U', 'U', '{S}', params, '[2022-01-01,2023-01-01)' FROM good WHERE method = 'class_target'$$,
    '22023', 'class_target agreement needs an upstream_code and a different downstream_code', 'two different parties');
SELECT throws_ok($$INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid, time_zone)
    SELECT 'bad', 'bad', 'class_target', 'U', 'D', '{S}', params, '[2022-01-01,2023-01-01)', 'Mars/Olympus' FROM good WHERE method = 'class_target'$$,
    '22023', 'agreement time_zone is not a known time zone', 'unknown time zone');
SELECT throws_ok($$INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
    VALUES ('bad', 'bad', 'class_targets', 'U', 'D', '{S}', '{}', '[2022-01-01,2023-01-01)')$$,
    '22023', 'agreement method is unknown', 'unknown method');
SELECT throws_ok($$INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
    VALUES ('bad', 'bad', 'class_target', 'U', 'D', '{S}', '[]', '[2022-01-01,2023-01-01)')$$,
    '22023', 'class_target params must be a JSON object', 'params must be an object');

SELECT * FROM finish();
ROLLBACK;

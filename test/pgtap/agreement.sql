-- The agreement trigger's checks common to every method (SQLSTATE and
-- message): sections required and known, two different parties, a known
-- time zone, a registered method, params as a JSON object; in a restore of a
-- pg_dump by the table's owner, the checks that read other tables wait.
\ir fixtures/begin.sql
SELECT plan(10);
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


-- A restore of a pg_dump sets check_function_bodies and row_security off and
-- copies agreement before section: the owner (here a superuser) may then write
-- an agreement on a section that is not there yet, but not one that fails a
-- check of the row itself.
SET LOCAL check_function_bodies = off;
SET LOCAL row_security = off;
SELECT lives_ok($$INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
    SELECT 'restored', 'restored', 'class_target', 'U', 'D', '{S9}', params, '[2022-01-01,2023-01-01)' FROM good WHERE method = 'class_target'$$,
    'a restore by the owner copies an agreement before its section');
SELECT throws_ok($$INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid, time_zone)
    SELECT 'bad', 'bad', 'class_target', 'U', 'D', '{S}', params, '[2022-01-01,2023-01-01)', 'Mars/Olympus' FROM good WHERE method = 'class_target'$$,
    '22023', 'agreement time_zone is not a known time zone', 'a restore still checks the row itself');
-- Any other role with the same settings is checked in full.
DO $$ BEGIN PERFORM ecocomp.create_roles(); END $$;
CREATE ROLE agreement_clerk IN ROLE ecocomp_finance;
SET LOCAL ROLE agreement_clerk;
SELECT throws_ok($$INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
    VALUES ('bad', 'bad', 'class_target', 'U', 'D', '{S9}', '{"period_unit": "year", "amounts_by_class": {"I..III": 100, "IV..inferior_V": -100}}', '[2022-01-01,2023-01-01)')$$,
    '23503', 'agreement section_codes names an unknown section', 'a role that does not own the table is checked in full');
RESET ROLE;
-- and so is the owner in an ordinary session: the restored row, rewritten
SET LOCAL check_function_bodies = on;
SELECT throws_ok($$UPDATE ecocomp.agreement SET name = name WHERE agreement_id = 'restored'$$,
    '23503', 'agreement section_codes names an unknown section', 'outside a restore the owner is checked in full');

SELECT * FROM finish();
ROLLBACK;

-- relative_change: index, band edges, per point, caps, params errors, settle().
\ir fixtures/begin.sql
\ir fixtures/update_refused.sql
SELECT plan(19);
SELECT is(ecocomp._pollution_index('{COD,NH3-N,TP}', '{20,0.5,0.1}'), 2::float8, 'Σ C/S: 20/20 + 0.5/1 + 0.1/0.2 = 2');
SELECT is(ecocomp._pollution_index('{DO}', '{2.5}'), 2::float8, 'DO inverted: 5/2.5');
SELECT is(ecocomp._pollution_index('{TP}', '{0.1}', 'lake'), 2::float8, 'TP in a lake: 0.1/0.05');
SELECT throws_ok($$SELECT ecocomp._pollution_index('{flow}', '{1}')$$, '22023', 'parameter flow has no Class III limit', 'no limit');

INSERT INTO ecocomp.jurisdiction (code, name) VALUES ('tr_up', 'Up'), ('tr_down', 'Down');
INSERT INTO ecocomp.section (code, target_class) VALUES ('tr_1', 'III'), ('tr_ctrl', 'III');
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value) VALUES
  ('tr_ctrl', 'COD', '2024-01-05 10:00+08', 20), ('tr_ctrl', 'NH3-N', '2024-01-05 10:00+08', 1.0),
  ('tr_1', 'COD', '2024-01-05 10:00+08', 19), ('tr_1', 'NH3-N', '2024-01-05 10:00+08', 0.8);
-- index 19/20 + 0.8/1 = 1.75 against 2: r = -12.5%
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
VALUES ('tr', 'rc', 'relative_change', 'tr_up', 'tr_down', '{tr_1}',
 '{"indicators": ["COD", "NH3-N"], "compare_to": "control_section", "control_section": "tr_ctrl",
   "bands": [{"max": -0.125, "amount": 1000000}, {"min": -0.125, "max": 0, "amount": 500000}]}', '[2024-01-01,2025-01-01)');
CREATE FUNCTION pg_temp.tr(period daterange) RETURNS SETOF ecocomp.settlement_line LANGUAGE sql AS
$$ SELECT s.* FROM ecocomp.agreement a, ecocomp._settle_relative_change(a, period) s
   WHERE a.agreement_id = 'tr' AND s.issue IS NULL $$;
SELECT is((SELECT amount FROM pg_temp.tr('[2024-01-01,2025-01-01)')), 1000000.00, 'r = -0.125 exactly falls in (-inf, -0.125]');
SELECT is((SELECT (basis -> 'terms' -> 0 ->> 'r')::float8 FROM pg_temp.tr('[2024-01-01,2025-01-01)')), -0.125::float8, 'r in the basis');
UPDATE ecocomp.agreement SET params = params || '{"bands": [{"max": -0.125, "max_inclusive": false, "amount": 1000000}, {"min": -0.125, "min_inclusive": true, "max": 0, "amount": 500000}]}'
WHERE agreement_id = 'tr';
SELECT is((SELECT amount FROM pg_temp.tr('[2024-01-01,2025-01-01)')), 500000.00, 'with min_inclusive the edge moves to the next band');
UPDATE ecocomp.agreement SET params = params - 'bands' || '{"per_point": 1000000, "cap": 12000000}' WHERE agreement_id = 'tr';
SELECT is((SELECT amount FROM pg_temp.tr('[2024-01-01,2025-01-01)')), 12000000.00, '12.5 points x 100万 = 1250万, capped at 1200万');
SELECT is((SELECT payer_code FROM pg_temp.tr('[2024-01-01,2025-01-01)')), 'tr_down', 'improvement: downstream pays');
UPDATE ecocomp.agreement SET params = params - 'cap' WHERE agreement_id = 'tr';
SELECT is((SELECT amount FROM pg_temp.tr('[2024-01-01,2025-01-01)')), 12500000.00, 'no cap: 1250万');
SELECT ok(ecocomp.settle('[2024-01-01,2025-01-01)', ARRAY['tr']) = 1, 'settle() writes one obligation');
SELECT ok((SELECT ecocomp.explain_obligation(obligation_id, 'en') FROM ecocomp.obligation WHERE agreement_id = 'tr')
          LIKE '%index 1.75, reference (tr_ctrl [2024-01-01,2025-01-01)) 2, r = -12.5%%', 'explain_obligation() shows r');

SELECT pg_temp.update_refused('tr', new_params, message, description)
  FROM (VALUES
    (1, $$params || '{"bands": [{"min": 0, "amount": 1}]}'$$,
        'relative_change parameter "per_point" cannot be combined with bands', 'bands and per_point'),
    (2, $$params - 'per_point'$$,
        'relative_change parameter "bands" is missing', 'neither bands nor per_point'),
    (3, $$params - 'control_section'$$,
        'relative_change parameter "control_section" is missing', 'control section missing'),
    (4, $$params || '{"control_section": "tr_1"}'$$,
        'relative_change parameter "control_section" is one of the assessed sections', 'self reference'),
    (5, $$params || '{"control_section": "nowhere"}'$$,
        'relative_change parameter "control_section" names an unknown section', 'unknown control section'),
    (6, $$params || '{"compare_to": "last_year"}'$$,
        'relative_change parameter "compare_to" is invalid', 'bad compare_to'),
    (7, $$params || '{"indicators": ["flow"]}'$$,
        'relative_change parameter "indicators" names a parameter without a Class III limit', 'indicator without limit')
  ) AS bad(ord, new_params, message, description)
 ORDER BY ord;

SELECT * FROM finish();
ROLLBACK;

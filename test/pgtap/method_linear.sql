-- linear: Heze arithmetic, signs, caps, params errors (22023), settle().
\ir fixtures/begin.sql
SELECT plan(17);
\ir fixtures/update_refused.sql
INSERT INTO ecocomp.jurisdiction (code, name) VALUES ('tl_up', 'Up'), ('tl_down', 'Down');
INSERT INTO ecocomp.section (code, target_class) VALUES ('tl_1', 'IV');
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value) VALUES
  ('tl_1', 'COD', '2014-02-10 10:00+08', 20), ('tl_1', 'NH3-N', '2014-02-10 10:00+08', 1.0),
  ('tl_1', 'COD', '2014-05-10 10:00+08', 35), ('tl_1', 'NH3-N', '2014-05-10 10:00+08', 2.0),
  ('tl_1', 'COD', '2014-08-10 10:00+08', 30), ('tl_1', 'NH3-N', '2014-08-10 10:00+08', 1.4);
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
VALUES ('tl', 'Heze', 'linear', 'tl_up', 'tl_down', '{tl_1}',
 '{"targets": {"COD": 30, "NH3-N": 1.5}, "coefficients": {"COD": 20000, "NH3-N": 300000}, "period_unit": "quarter"}',
 '[2014-01-01,2015-01-01)');
CREATE FUNCTION pg_temp.tl(period daterange) RETURNS SETOF ecocomp.settlement_line LANGUAGE sql AS
$$ SELECT s.* FROM ecocomp.agreement a, ecocomp._settle_linear(a, period) s
   WHERE a.agreement_id = 'tl' AND s.issue IS NULL $$;

SELECT is((SELECT amount FROM pg_temp.tl('[2014-01-01,2014-04-01)')), 350000.00,
          'Heze COD 20, NH3-N 1.0: (30-20)x2万 + (1.5-1.0)x30万 = 35万 (the source''s 45万 is an arithmetic error)');
SELECT is((SELECT payer_code || '>' || payee_code FROM pg_temp.tl('[2014-01-01,2014-04-01)')), 'tl_down>tl_up',
          'positive: downstream pays upstream');
SELECT is((SELECT amount FROM pg_temp.tl('[2014-04-01,2014-07-01)')), 250000.00, 'COD 35, NH3-N 2.0: -10万 - 15万');
SELECT is((SELECT payer_code || '>' || payee_code FROM pg_temp.tl('[2014-04-01,2014-07-01)')), 'tl_up>tl_down',
          'negative: upstream pays downstream');
SELECT is((SELECT amount FROM pg_temp.tl('[2014-07-01,2014-10-01)')), 30000.00,
          'COD on target, NH3-N 1.4: 0 + 0.1 x 30万 = 3万 exactly (1.5 - 1.4 is not exact in binary)');
SELECT is((SELECT amount FROM pg_temp.tl('[2014-01-01,2015-01-01)')), 130000.00, 'the year nets 35 - 25 + 3 = 13万');
SELECT is((SELECT count(*) FROM ecocomp.agreement a, ecocomp._settle_linear(a, '[2014-01-01,2015-01-01)') s
           WHERE a.agreement_id = 'tl' AND s.issue IS NOT NULL), 2::bigint, 'Q4 missing: one issue line per factor');
UPDATE ecocomp.agreement SET params = params || '{"cap": 300000}' WHERE agreement_id = 'tl';
SELECT is((SELECT amount FROM pg_temp.tl('[2014-01-01,2014-04-01)')), 300000.00, 'cap reached');
SELECT is((SELECT amount FROM pg_temp.tl('[2014-04-01,2014-07-01)')), 250000.00, 'below the cap in the other direction');
UPDATE ecocomp.agreement SET params = params - 'cap' WHERE agreement_id = 'tl';

SELECT ok(ecocomp.settle('[2014-01-01,2014-04-01)', ARRAY['tl']) = 1, 'settle() writes one obligation');
SELECT ok((SELECT ecocomp.explain_obligation(obligation_id, 'zh') FROM ecocomp.obligation WHERE agreement_id = 'tl')
          LIKE '%(30 − 20) × 20,000.00 = 200,000.00 元%', 'explain_obligation() in Chinese');

SELECT pg_temp.update_refused('tl', new_params, message, description)
  FROM (VALUES
    (1, $$params || '{"coefficient": {}}'$$,
        'linear parameter "coefficient" is unknown', 'unknown key'),
    (2, $$params || '{"coefficients": {"COD": 20000}}'$$,
        'linear parameter "coefficients" lacks a factor', 'coefficient missing for a target'),
    (3, $$params || '{"coefficients": {"COD": 20000, "NH3-N": 0.001}}'$$,
        'linear parameter "coefficients.NH3-N" is not an amount of money', 'sub-fen coefficient'),
    (4, $$params || '{"targets": {"COD": 30, "NH3-N": 1.5, "TP": 0.3}}'$$,
        'linear parameter "coefficients" lacks a factor', 'target without coefficient'),
    (5, $$params || '{"period_unit": "week"}'$$,
        'linear parameter "period_unit" is invalid', 'bad period unit'),
    (6, $$params || '{"coefficients": {"COD": 20000, "NH3-N": 50000, "TP": 10000}}'$$,
        'linear parameter "targets" lacks a factor', 'coefficient without target')
  ) AS bad(ord, new_params, message, description)
 ORDER BY ord;

SELECT * FROM finish();
ROLLBACK;

-- linear: the worked example of docs/methods/linear.md (Heze, 2014).
BEGIN;
\i test/sql/fixtures/method_lines.sql
INSERT INTO ecocomp.jurisdiction (code, name, level) VALUES
  ('hz_county', 'County', 'county'), ('hz_city', 'Downstream', 'county');
INSERT INTO ecocomp.section (code, name, waterbody, target_class) VALUES ('hz_1', 'County exit section', 'river', 'IV');
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value) VALUES
  ('hz_1', 'COD', '2014-02-10 10:00+08', 20),  ('hz_1', 'NH3-N', '2014-02-10 10:00+08', 1.0),
  ('hz_1', 'COD', '2014-05-10 10:00+08', 35),  ('hz_1', 'NH3-N', '2014-05-10 10:00+08', 2.0);
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code,
                               section_codes, params, valid)
VALUES ('hz', 'Heze-style linear compensation', 'linear', 'hz_county', 'hz_city', '{hz_1}',
 '{"targets": {"COD": 30, "NH3-N": 1.5},
   "coefficients": {"COD": 20000, "NH3-N": 300000},
   "period_unit": "quarter"}',
 '[2014-01-01,2015-01-01)');
-- First quarter: COD 20, NH3-N 1.0 -> (30-20)x2万 + (1.5-1.0)x30万 = 35万 (not the 45万 the source prints).
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('hz', '[2014-01-01,2014-04-01)');
-- The whole year: +35万 - 25万 = +10万; Q3 and Q4 have no samples.
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('hz', '[2014-01-01,2015-01-01)');
SELECT line FROM pg_temp.explained('hz', '[2014-01-01,2015-01-01)', 'en') WHERE issue IS NULL;
SELECT line FROM pg_temp.explained('hz', '[2014-04-01,2014-07-01)', 'zh') WHERE issue IS NULL;
ROLLBACK;

-- linear: the worked example of docs/methods/linear.md (Heze, 2014).
BEGIN;
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
FROM ecocomp.agreement a, ecocomp._settle_linear(a, '[2014-01-01,2014-04-01)')
WHERE a.agreement_id = 'hz';
-- The whole year: +35万 - 25万 = +10万; Q3 and Q4 have no samples.
SELECT payer_code, payee_code, amount, issue
FROM ecocomp.agreement a, ecocomp._settle_linear(a, '[2014-01-01,2015-01-01)')
WHERE a.agreement_id = 'hz';
SELECT line
FROM ecocomp.agreement a, ecocomp._settle_linear(a, '[2014-01-01,2015-01-01)') s,
     regexp_split_to_table(ecocomp._explain_linear(s.basis, 'en'), E'\n') AS line
WHERE a.agreement_id = 'hz' AND s.issue IS NULL;
SELECT line
FROM ecocomp.agreement a, ecocomp._settle_linear(a, '[2014-04-01,2014-07-01)') s,
     regexp_split_to_table(ecocomp._explain_linear(s.basis, 'zh'), E'\n') AS line
WHERE a.agreement_id = 'hz' AND s.issue IS NULL;
ROLLBACK;

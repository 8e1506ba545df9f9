-- tiered_exceedance: the worked example of docs/methods/tiered_exceedance.md
-- (Zhoukou bands).  Expected amounts are hand-computed there.
BEGIN;
\i test/sql/fixtures/method_lines.sql
INSERT INTO ecocomp.jurisdiction (code, name, level) VALUES
  ('zk_up', 'Upstream county', 'county'), ('zk_down', 'Downstream county', 'county');
INSERT INTO ecocomp.section (code, name, waterbody, target_class) VALUES ('zk_1', 'Boundary section', 'river', 'V');
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value) VALUES
  ('zk_1', 'COD',   '2024-01-08 10:00+08', 58),   ('zk_1', 'COD',   '2024-01-22 10:00+08', 62),
  ('zk_1', 'NH3-N', '2024-01-08 10:00+08', 7.0),
  ('zk_1', 'COD',   '2024-02-08 10:00+08', 44.4), ('zk_1', 'NH3-N', '2024-02-08 10:00+08', 6.0),
  ('zk_1', 'COD',   '2024-03-08 10:00+08', 30);
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code,
                               section_codes, params, valid)
VALUES ('zk', 'Zhoukou-style exceedance bands', 'tiered_exceedance', 'zk_up', 'zk_down', '{zk_1}',
 '{"targets": {"COD": 40, "NH3-N": 2.0},
   "period_unit": "month",
   "bands": [{"min": 0.1, "max": 0.5, "amount": 100000,  "times_one_plus_m": true},
             {"min": 0.5, "max": 1.0, "amount": 250000,  "times_one_plus_m": true},
             {"min": 1.0, "max": 1.5, "amount": 500000,  "times_one_plus_m": true},
             {"min": 1.5, "max": 2.0, "amount": 1000000, "times_one_plus_m": true},
             {"min": 2.0,             "amount": 2000000, "times_one_plus_m": true}]}',
 '[2024-01-01,2025-01-01)');
-- The first quarter: one payment line and one issue line (no NH3-N in March).
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('zk', '[2024-01-01,2024-04-01)');
SELECT line FROM pg_temp.explained('zk', '[2024-01-01,2024-04-01)', 'en') WHERE issue IS NULL;
SELECT line FROM pg_temp.explained('zk', '[2024-01-01,2024-04-01)', 'zh') WHERE issue IS NULL;
-- With a cap of 5 000 000 yuan per factor.
UPDATE ecocomp.agreement SET params = params || '{"cap_per_factor": 5000000}' WHERE agreement_id = 'zk';
SELECT payer_code, payee_code, amount, basis -> 'factors' AS factors
FROM pg_temp.lines('zk', '[2024-01-01,2024-04-01)') WHERE issue IS NULL;
ROLLBACK;

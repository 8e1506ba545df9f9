-- pool: the worked example of docs/methods/pool.md (Chishui, Xinhua 2018-03-25
-- and WE-5).
BEGIN;
\i test/sql/fixtures/method_lines.sql
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level) VALUES
  ('cs_yunnan', 'Yunnan', '云南', 'province'), ('cs_guizhou', 'Guizhou', '贵州', 'province'),
  ('cs_sichuan', 'Sichuan', '四川', 'province');
INSERT INTO ecocomp.section (code, name, name_zh, waterbody, target_class) VALUES
  ('cs_qingshuipu', 'Qingshuipu', '清水铺', 'river', 'II'), ('cs_lianyuxi', 'Lianyuxi', '鲢鱼溪', 'river', 'II');
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT s, p, '2019-06-01 10:00+08', v
FROM (VALUES ('cs_qingshuipu'), ('cs_lianyuxi')) a (s),
     (VALUES ('CODMn', 3.0), ('NH3-N', 0.3), ('TP', 0.05)) b (p, v);
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid)
VALUES ('cs', 'Chishui River pool 2018-2020', 'pool', '{cs_yunnan,cs_guizhou,cs_sichuan}',
 '{"total": 200000000,
   "contributions": [1, 5, 4],
   "allocations": [3, 4, 3],
   "indicators": ["CODMn", "NH3-N", "TP"],
   "sections": [
     {"code": "cs_qingshuipu", "responsible": "cs_yunnan", "target_class": "II",
      "deduction_to": {"cs_guizhou": 0.5, "cs_sichuan": 0.5}},
     {"code": "cs_lianyuxi", "responsible": "cs_guizhou", "target_class": "II",
      "deduction_to": {"cs_sichuan": 1}}]}',
 '[2018-01-01,2021-01-01)');
-- 2019, every section at Class II: Guizhou and Sichuan each pay Yunnan 2000万.
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('cs', '[2019-01-01,2020-01-01)');
SELECT line FROM pg_temp.explained('cs', '[2019-01-01,2020-01-01)', 'en') WHERE payer_code = 'cs_guizhou';
-- A second NH3-N sample of 1.3 makes Qingshuipu's mean 0.8 (Class III): Yunnan loses its
-- 6000万 allocation, half to Guizhou and half to Sichuan.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
VALUES ('cs_qingshuipu', 'NH3-N', '2019-09-01 10:00+08', 1.3);
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('cs', '[2019-01-01,2020-01-01)');
SELECT line FROM pg_temp.explained('cs', '[2019-01-01,2020-01-01)', 'zh') WHERE payee_code = 'cs_sichuan';
-- 2020 without samples: both sections unassessed (issues), no deductions.
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('cs', '[2020-01-01,2021-01-01)');
ROLLBACK;

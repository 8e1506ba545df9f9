-- transfer_fee: hazardous waste shipped between provinces, with a category
-- without a rate and a pair whose amount rounds half up.
BEGIN;
\i test/sql/fixtures/method_lines.sql
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, parent_code) VALUES
  ('tf_p1', 'Province 1', '一省', 'province', NULL), ('tf_p2', 'Province 2', '二省', 'province', NULL),
  ('tf_a', 'Prefecture A', '甲市', 'prefecture', 'tf_p1'), ('tf_b', 'Prefecture B', '乙市', 'prefecture', 'tf_p2');
INSERT INTO ecocomp.waste_transfer (manifest_no, waste_code, tonnes, origin_code, destination_code, shipped_at, disposal) VALUES
  ('tf1', '900-041-49', 3.2,   'tf_a', 'tf_b', '2023-02-01 09:00+08', 'incineration'),
  ('tf2', '251-001-08', 1.005, 'tf_a', 'tf_b', '2023-05-01 09:00+08', 'landfill'),
  ('tf3', '900-041-49', 0.018, 'tf_b', 'tf_a', '2023-08-01 09:00+08', 'recovery'),
  ('tf4', '336-064-17', 2,     'tf_a', 'tf_b', '2023-11-01 09:00+08', NULL);
-- Rates HW49 125 and HW08 200 yuan/t, no "*"; landfill 1.2, recovery 0.5.
--   tf_p1 -> tf_p2: tf1 3.2 × 125 × 1 = 400; tf2 1.005 × 200 × 1.2 = 241.2;
--                   total 641.20.  tf4 (HW17) has no rate: an issue, 2 t not charged.
--   tf_p2 -> tf_p1: tf3 0.018 × 125 × 0.5 = 1.125 -> 1.13 (half up).
INSERT INTO ecocomp.agreement (agreement_id, name, method, params, valid)
VALUES ('tf', 'Waste fee 2023', 'transfer_fee',
 '{"rates": {"HW49": 125, "HW08": 200}, "disposal_factors": {"landfill": 1.2, "recovery": 0.5}}',
 '[2023-01-01,2024-01-01)');
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('tf', '[2023-01-01,2024-01-01)');
SELECT line FROM pg_temp.explained('tf', '[2023-01-01,2024-01-01)', 'en') WHERE payer_code = 'tf_p1';
SELECT line FROM pg_temp.explained('tf', '[2023-01-01,2024-01-01)', 'zh') WHERE payer_code = 'tf_p2';
-- The first half of 2023 holds tf1 and tf2 only: 400 + 241.2 = 641.20, no issue.
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('tf', '[2023-01-01,2023-07-01)');
ROLLBACK;

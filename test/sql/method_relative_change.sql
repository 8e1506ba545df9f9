-- relative_change: the worked examples of docs/methods/relative_change.md
-- (Wuhan bands against a control section; Yellow River per point against
-- the previous year).
BEGIN;
\i test/sql/fixtures/method_lines.sql
INSERT INTO ecocomp.jurisdiction (code, name, level) VALUES
  ('wh_up', 'Upstream district', 'county'), ('wh_down', 'Downstream district', 'county');
INSERT INTO ecocomp.section (code, name, waterbody, target_class) VALUES
  ('wh_1', 'Cross-district section', 'river', 'III'), ('wh_ctrl', 'Upstream control section', 'river', 'III');
-- Control section at exactly the Class III limits every month: index 4.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'wh_ctrl', p, make_date(2024, m, 10)::timestamp AT TIME ZONE 'Asia/Shanghai', v
FROM generate_series(1, 5) m, (VALUES ('COD', 20), ('CODMn', 6), ('NH3-N', 1.0), ('TP', 0.2)) x (p, v);
-- The assessed section: 0.9, 0.89, 1.0, 1.1 and 1.2 times the limits in January to May, June
-- without control-section data.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'wh_1', p, make_date(2024, m, 12)::timestamp AT TIME ZONE 'Asia/Shanghai', v * f
FROM (VALUES (1, 0.9), (2, 0.89), (3, 1.0), (4, 1.1), (5, 1.2), (6, 1.0)) k (m, f),
     (VALUES ('COD', 20), ('CODMn', 6), ('NH3-N', 1.0), ('TP', 0.2)) x (p, v);
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code,
                               section_codes, params, valid)
VALUES ('wh', 'Wuhan-style relative change', 'relative_change', 'wh_up', 'wh_down', '{wh_1}',
 '{"indicators": ["COD", "CODMn", "NH3-N", "TP"],
   "compare_to": "control_section", "control_section": "wh_ctrl", "period_unit": "month",
   "bands": [{"max": -0.1, "max_inclusive": false, "amount": 1000000},
             {"min": -0.1, "min_inclusive": true, "max": 0, "amount": 500000},
             {"min": 0, "max": 0.1, "amount": -1000000},
             {"min": 0.1, "amount": -2000000}]}',
 '[2024-01-01,2025-01-01)');
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('wh', '[2024-01-01,2024-07-01)');
SELECT line FROM pg_temp.explained('wh', '[2024-01-01,2024-07-01)', 'en') WHERE issue IS NULL;

-- Yellow River index part: 100万 per percentage point against the previous year, cap 4000万.
INSERT INTO ecocomp.jurisdiction (code, name, level) VALUES
  ('yr_henan', 'Henan', 'province'), ('yr_shandong', 'Shandong', 'province');
INSERT INTO ecocomp.section (code, name, waterbody, target_class) VALUES ('yr_liuzhuang', 'Liuzhuang', 'river', 'III');
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value) VALUES
  ('yr_liuzhuang', 'COD', '2020-06-01 10:00+08', 20), ('yr_liuzhuang', 'NH3-N', '2020-06-01 10:00+08', 1.0),
  ('yr_liuzhuang', 'TP',  '2020-06-01 10:00+08', 0.2),
  ('yr_liuzhuang', 'COD', '2021-06-01 10:00+08', 18), ('yr_liuzhuang', 'NH3-N', '2021-06-01 10:00+08', 0.9),
  ('yr_liuzhuang', 'TP',  '2021-06-01 10:00+08', 0.18);
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code,
                               section_codes, params, valid)
VALUES ('yr', 'Yellow River key pollutant index', 'relative_change', 'yr_henan', 'yr_shandong', '{yr_liuzhuang}',
 '{"indicators": ["COD", "NH3-N", "TP"], "compare_to": "previous_period",
   "per_point": 1000000, "cap": 40000000}',
 '[2021-01-01,2023-01-01)');
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('yr', '[2021-01-01,2022-01-01)');
SELECT line FROM pg_temp.explained('yr', '[2021-01-01,2022-01-01)', 'zh') WHERE issue IS NULL;
-- 2022 has no samples: only an issue line.
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('yr', '[2022-01-01,2023-01-01)');
ROLLBACK;

-- air_quality: a fund settles January 2024 with three cities against
-- targets, on a two-band ladder with a cap.  Hourly data are flat over the
-- month, so each city value is the value written.
BEGIN;
\i test/sql/fixtures/method_lines.sql
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, parent_code) VALUES
  ('aq_fund', 'Fund', '基金', 'province', NULL),
  ('aq_a', 'City A', '甲市', 'prefecture', 'aq_fund'), ('aq_b', 'City B', '乙市', 'prefecture', 'aq_fund'),
  ('aq_c', 'City C', '丙市', 'prefecture', 'aq_fund');
INSERT INTO ecocomp.air_station (code, jurisdiction_code) VALUES ('aq_a1', 'aq_a'), ('aq_b1', 'aq_b'), ('aq_c1', 'aq_c');
-- Every hour of January 2024 (local time) holds the value v.
INSERT INTO ecocomp.air_observation (station_code, parameter, observed_at, value)
SELECT s, p, ('2024-01-01'::timestamp AT TIME ZONE 'Asia/Shanghai') + k * interval '1 hour', v
FROM (VALUES ('aq_a1', 'PM2.5', 30), ('aq_a1', 'PM10', 60),
             ('aq_b1', 'PM2.5', 38), ('aq_b1', 'PM10', 71),
             ('aq_c1', 'PM2.5', 35), ('aq_c1', 'PM10', 70)) x (s, p, v),
     generate_series(1, 31 * 24) k;
-- Targets PM2.5 35, PM10 70, weights 0.5 each; ladder 0-4 at 100 000 and
-- above 4 at 250 000 yuan per µg/m³; cap 1 000 000 per city and period.
--   A: S = 0.5 × (35 − 30) + 0.5 × (70 − 60) = 7.5;
--      L = 4 × 100 000 + 3.5 × 250 000 = 1 275 000, capped: the fund pays A 1 000 000.00
--   B: S = 0.5 × (35 − 38) + 0.5 × (70 − 71) = −2; L(2) = 200 000: B pays the fund 200 000.00
--   C: S = 0: its line has no payer, payee or amount (no obligation).
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid)
VALUES ('aq', 'Air 2024', 'air_quality', '{aq_a,aq_b,aq_c}',
 '{"indicators": {"PM2.5": 0.5, "PM10": 0.5}, "compare_to": "target", "targets": {"PM2.5": 35, "PM10": 70},
   "period_unit": "month", "bands": [{"min": 0, "max": 4, "rate": 100000}, {"min": 4, "max": null, "rate": 250000}],
   "cap": 1000000, "counterparty": "aq_fund"}',
 '[2024-01-01,2025-01-01)');
SELECT basis ->> 'party' AS party, payer_code, payee_code, amount, issue
FROM pg_temp.lines('aq', '[2024-01-01,2024-02-01)') ORDER BY 1, 2;
SELECT line FROM pg_temp.explained('aq', '[2024-01-01,2024-02-01)', 'en') WHERE payee_code = 'aq_a';
SELECT line FROM pg_temp.explained('aq', '[2024-01-01,2024-02-01)', 'zh') WHERE payer_code = 'aq_b';
-- February has no data: every city is not assessed (an issue each), nothing paid.
SELECT basis ->> 'party' AS party, payer_code, payee_code, amount, issue
FROM pg_temp.lines('aq', '[2024-02-01,2024-03-01)') ORDER BY 1, 5;
ROLLBACK;

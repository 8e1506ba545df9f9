-- protected_area: a yearly budget split among three counties by weighted
-- protected area, then between two payers, to the fen.
BEGIN;
\i test/sql/fixtures/method_lines.sql
-- Counties X, Y and Z are congruent 0.1-degree cells of one latitude band
-- (equal areas a); a wetland covers X, a nature reserve Y, a water source Z.
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, geom) VALUES
  ('pa_x', 'County X', '甲县', 'county', 'SRID=4326;MULTIPOLYGON(((112.0 29.0,112.1 29.0,112.1 29.1,112.0 29.1,112.0 29.0)))'),
  ('pa_y', 'County Y', '乙县', 'county', 'SRID=4326;MULTIPOLYGON(((112.1 29.0,112.2 29.0,112.2 29.1,112.1 29.1,112.1 29.0)))'),
  ('pa_z', 'County Z', '丙县', 'county', 'SRID=4326;MULTIPOLYGON(((112.2 29.0,112.3 29.0,112.3 29.1,112.2 29.1,112.2 29.0)))'),
  ('pa_p', 'Payer P', '丁省', 'province', NULL), ('pa_q', 'Payer Q', '戊省', 'province', NULL);
INSERT INTO ecocomp.protected_area (area_id, name, kind, geom, valid) VALUES
  ('pa_w', 'Wetland', 'wetland', 'SRID=4326;MULTIPOLYGON(((112.0 29.0,112.1 29.0,112.1 29.1,112.0 29.1,112.0 29.0)))', '[2020-01-01,)'),
  ('pa_r', 'Reserve', 'nature_reserve', 'SRID=4326;MULTIPOLYGON(((112.1 29.0,112.2 29.0,112.2 29.1,112.1 29.1,112.1 29.0)))', '[2020-01-01,)'),
  ('pa_s', 'Source', 'water_source', 'SRID=4326;MULTIPOLYGON(((112.2 29.0,112.3 29.0,112.3 29.1,112.2 29.1,112.2 29.0)))', '[2020-01-01,)');
-- Weights wetland 2, water_source 0.5, nature_reserve (unlisted) 1: weighted
-- areas X 2a, Y a, Z 0.5a, Σ 3.5a.  Budget 100 000.00 a year:
--   X 100 000 × 2/3.5 = 57 142.857…, Y × 1/3.5 = 28 571.428…, Z × 0.5/3.5 = 14 285.714…;
--   floors 57 142.85 + 28 571.42 + 14 285.71 = 99 999.98; the two fen left go to
--   the larger remainders Y (0.857 fen) and X (0.714 fen), not Z (0.429):
--   X 57 142.86, Y 28 571.43, Z 14 285.71 (sum 100 000.00).
-- Payers P 0.7, Q 0.3, each recipient's amount split by the largest remainder:
--   X 57 142.86: exact 40 000.002 and 17 142.858; floors leave 1 fen -> Q (0.8 > 0.2):
--      P 40 000.00, Q 17 142.86
--   Y 28 571.43: exact 20 000.001 and 8 571.429; 1 fen -> Q (0.9 > 0.1):
--      P 20 000.00, Q 8 571.43
--   Z 14 285.71: exact 9 999.997 and 4 285.713; 1 fen -> P (0.7 > 0.3):
--      P 10 000.00, Q 4 285.71
--   P pays 70 000.00 in all, Q 30 000.00.
INSERT INTO ecocomp.agreement (agreement_id, name, method, params, valid)
VALUES ('pa', 'Protected areas 2024', 'protected_area',
 '{"payers": {"pa_p": 0.7, "pa_q": 0.3}, "budget": 100000, "level": "county",
   "kind_weights": {"wetland": 2, "water_source": 0.5}}',
 '[2024-01-01,2025-01-01)');
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('pa', '[2024-01-01,2025-01-01)')
ORDER BY payee_code, payer_code;
SELECT payer_code, sum(amount)
FROM pg_temp.lines('pa', '[2024-01-01,2025-01-01)')
GROUP BY payer_code ORDER BY payer_code;
SELECT line FROM pg_temp.explained('pa', '[2024-01-01,2025-01-01)', 'en') WHERE payer_code = 'pa_q' AND payee_code = 'pa_z';
SELECT line FROM pg_temp.explained('pa', '[2024-01-01,2025-01-01)', 'zh') WHERE payer_code = 'pa_p' AND payee_code = 'pa_x';
-- One quarter of a yearly budget is not settled: one issue, no amount.
SELECT payer_code, payee_code, amount, issue
FROM pg_temp.lines('pa', '[2024-01-01,2024-04-01)');
ROLLBACK;

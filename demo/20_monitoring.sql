-- Demo part: see demo/demo.sql, which runs the parts in order.
\echo
\echo '== 4. A year of monitoring (illustrative), through the validating importer'
-- Two samples a month (5th and 20th, 10:00 Beijing time).  Jinyushi's NH3-N
-- is 1.2 mg/L (Class IV) in July, August and September and 0.6 otherwise;
-- Tongshun's NH3-N is 1.6 mg/L in January to March (0.1 over its Class IV
-- target of 1.5) and 1.0 otherwise, at a steady 20 m3/s.
CREATE TEMP TABLE staging (section_code text, parameter text, observed_at text, value text, unit text);
INSERT INTO staging
SELECT s, p, format('2024-%s-%sT10:00:00+08:00', lpad(m::text, 2, '0'), d), v::text, u
FROM generate_series(1, 12) AS m, (VALUES ('05'), ('20')) AS days (d),
LATERAL (VALUES
    ('jiekou', 'CODMn', 1.9, NULL), ('jiekou', 'NH3-N', 95.0, 'µg/L'), ('jiekou', 'TN', 1.05, NULL),
    ('jiekou', 'TP', 0.022, NULL),
    ('jinyushi', 'CODMn', 3.5, NULL), ('jinyushi', 'TP', 0.12, NULL),
    ('jinyushi', 'NH3-N', CASE WHEN m BETWEEN 7 AND 9 THEN 1.2 ELSE 0.6 END, NULL),
    ('tongshun', 'NH3-N', CASE WHEN m <= 3 THEN 1.6 ELSE 1.0 END, NULL), ('tongshun', 'TP', 0.25, NULL),
    ('tongshun', 'CODMn', 7.5, NULL), ('tongshun', 'flow', 20000.0, 'L/s'),
    ('qingshuipu', 'CODMn', 2.8, NULL), ('qingshuipu', 'NH3-N', 0.3, NULL), ('qingshuipu', 'TP', 0.06, NULL),
    ('lianyuxi', 'CODMn', 3.1, NULL), ('lianyuxi', 'NH3-N', 0.35, NULL), ('lianyuxi', 'TP', 0.08, NULL)
) AS obs (s, p, v, u);
-- Two bad rows, as real feeds have them.
INSERT INTO staging VALUES ('jiekou', 'TP', '2024-06-11 10:00', '0.02', NULL),
                           ('jinyushi', 'NH3-N', '2024-06-12T10:00+08', 'n.d.', NULL);
SELECT * FROM ecocomp.import_observations('staging');
SELECT raw->>'section_code' AS section, raw->>'observed_at' AS observed_at, reason
FROM ecocomp.observation_reject ORDER BY reject_id;

\echo 'Annual class of each section (single-factor method):'
SELECT a.section_code, max(a.mean_class) AS class, ecocomp.class_label(max(a.mean_class)) AS 类别,
       min(a.target_class) AS target
FROM ecocomp.assessment('[2024-01-01,2025-01-01)', 'year') a
JOIN ecocomp.parameter p ON p.code = a.parameter AND p.evaluated
GROUP BY a.section_code ORDER BY a.section_code;


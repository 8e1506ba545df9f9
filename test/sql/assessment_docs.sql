-- The examples of docs/assessment.md, verbatim; their output is the one
-- printed there.
SET client_min_messages = warning;
SET extra_float_digits = 0;
SET TimeZone = 'Asia/Shanghai';
SET DateStyle = 'ISO, YMD';

-- docs: nd_value
SELECT ecocomp.nd_value(0.02, true) AS half,
       ecocomp.nd_value(0.02, true, 'limit') AS lim,
       ecocomp.nd_value(0.02, true, 'zero') AS zero,
       ecocomp.nd_value(0.05, false) AS detected;

-- docs: load_kg, exceedance_load_kg, flow_weighted_mean
SELECT round(ecocomp.load_kg(t, tp, q)::numeric, 3) AS first_to_last_kg,
       round(ecocomp.load_kg(t, tp, q, tstzrange('2024-06-01', '2024-06-04'))::numeric, 3) AS period_kg,
       round(ecocomp.exceedance_load_kg(t, tp, q, 0.2, tstzrange('2024-06-01', '2024-06-04'))::numeric, 3) AS above_0_2_kg
FROM (VALUES (timestamptz '2024-06-01 12:00', 0.10, NULL::float8),
             ('2024-06-02 12:00', 0.30, NULL),
             ('2024-06-03 12:00', 0.20, NULL),
             ('2024-06-01 00:00', NULL, 10.0),
             ('2024-06-03 00:00', NULL, 30.0)) AS obs (t, tp, q);

SELECT round(ecocomp.flow_weighted_mean(tp, q)::numeric, 4) AS fwm_mg_l, round(avg(tp)::numeric, 4) AS mean_mg_l
FROM (VALUES (0.10, 15.0), (0.30, 25.0), (0.20, 30.0)) AS obs (tp, q);

-- docs: beale_load_kg
SELECT round(ecocomp.beale_load_kg(t, c, q, tstzrange('2024-03-01', '2024-03-11'))::numeric, 1) AS beale_kg,
       round(ecocomp.load_kg(t, c, q, tstzrange('2024-03-01', '2024-03-11'))::numeric, 1) AS interval_kg
FROM (SELECT timestamptz '2024-03-01 12:00' + d * interval '1 day' AS t, NULL::float8 AS c,
             (ARRAY[20, 20, 10, 20, 20, 20, 20, 30, 20, 20])[d + 1]::float8 AS q
      FROM generate_series(0, 9) d
      UNION ALL VALUES (timestamptz '2024-03-03 12:00', 1.0, NULL::float8),
                       ('2024-03-08 12:00', 2.0, NULL)) AS obs;

-- docs: assessment
INSERT INTO ecocomp.section (code, name, waterbody, target_class)
VALUES ('doc_jiuli', '九里', 'river', 'III');
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value, censored)
SELECT 'doc_jiuli', 'flow', timestamptz '2024-04-01 08:00' + d * interval '1 day', 10, false
FROM generate_series(0, 29) d
UNION ALL
SELECT 'doc_jiuli', p, timestamptz '2024-04-02 12:00' + k * interval '3 days',
       CASE WHEN k % 2 = 0 THEN a ELSE b END, p = 'TP' AND k = 9
FROM generate_series(0, 9) k,
     (VALUES ('NH3-N', 1.2, 1.4), ('TP', 0.2, 0.6)) AS x (p, a, b);

SELECT parameter, period, samples AS n, censored_samples AS nd, round(mean::numeric, 3) AS mean,
       mean_class, meets_target AS meets, round(exceedance_multiple::numeric, 3) AS multiple,
       samples_meeting_target AS n_ok, flow_mean_m3s AS flow, volume_m3,
       round(load_kg::numeric, 1) AS load_kg, round(exceedance_load_kg::numeric, 1) AS above_kg
FROM ecocomp.assessment('[2024-04-01,2024-05-01)', section_codes => '{doc_jiuli}')
ORDER BY parameter;

-- docs: compliance share of months
SELECT section_code, parameter,
       count(*) FILTER (WHERE meets_target) AS months_met, count(*) AS months,
       round(avg(meets_target::int), 3) AS share
FROM ecocomp.assessment('[2024-01-01,2025-01-01)', 'month', section_codes => '{doc_jiuli}')
WHERE parameter <> 'flow'
GROUP BY 1, 2 ORDER BY 1, 2;

DELETE FROM ecocomp.observation WHERE section_code = 'doc_jiuli';
DELETE FROM ecocomp.section WHERE code = 'doc_jiuli';

-- Demo part: see demo/demo.sql, which runs the parts in order.
\echo
\echo '== 12. Air between the four capitals (illustrative hourly data, real rules of the Shandong kind)'
-- One station in each capital, placed by its coordinates: the trigger files
-- it under the prefecture that contains it.  Two years of hourly values,
-- flat within each year so every figure can be checked by hand.
INSERT INTO ecocomp.air_station (code, name, name_zh, geom, network) VALUES
    ('wh-demo', 'Wuhan demo station',    '武汉示范站', 'SRID=4326;POINT(114.30 30.59)', 'national'),
    ('cs-demo', 'Changsha demo station', '长沙示范站', 'SRID=4326;POINT(112.94 28.23)', 'national'),
    ('nc-demo', 'Nanchang demo station', '南昌示范站', 'SRID=4326;POINT(115.86 28.68)', 'national'),
    ('hf-demo', 'Hefei demo station',    '合肥示范站', 'SRID=4326;POINT(117.23 31.82)', 'national');
SELECT s.code, s.jurisdiction_code, j.name_zh FROM ecocomp.air_station s
JOIN ecocomp.jurisdiction j ON j.code = s.jurisdiction_code ORDER BY s.code;

-- PM2.5, PM10, SO2, NO2 in 2024 and 2025 (µg/m³).
INSERT INTO ecocomp.air_observation (station_code, parameter, observed_at, value)
SELECT v.st, p.par, (y.y0::timestamp AT TIME ZONE 'Asia/Shanghai') + h * interval '1 hour', p.val
FROM (VALUES ('wh-demo', 2024, ARRAY[60, 90, 10, 45]), ('wh-demo', 2025, ARRAY[54, 84, 9, 42]),
             ('cs-demo', 2024, ARRAY[55, 80, 8, 40]), ('cs-demo', 2025, ARRAY[57, 83, 8, 41]),
             ('nc-demo', 2024, ARRAY[40, 65, 9, 30]), ('nc-demo', 2025, ARRAY[40, 65, 9, 30]),
             ('hf-demo', 2024, ARRAY[58, 85, 9, 38]), ('hf-demo', 2025, ARRAY[52, 78, 8, 35])) AS v (st, yr, vals)
CROSS JOIN LATERAL (SELECT make_date(v.yr, 1, 1) AS y0, make_date(v.yr + 1, 1, 1) AS y1) y
CROSS JOIN LATERAL unnest(ARRAY['PM2.5', 'PM10', 'SO2', 'NO2'], v.vals) AS p (par, val)
CROSS JOIN LATERAL generate_series(1, (y.y1 - y.y0) * 24) h;
SELECT count(*) AS hourly_values FROM ecocomp.air_observation;

\echo 'City values for the first quarter of 2025 (HJ 663: means of daily values):'
SELECT a.code, j.name_zh, a.parameter, a.value, a.valid_days
FROM ecocomp.air_assessment('[2025-01-01,2025-04-01)', 'quarter') a
JOIN ecocomp.jurisdiction j ON j.code = a.code
WHERE j.level = 'prefecture' ORDER BY a.code, a.parameter;

-- The four cities settle with a joint fund, Shandong 2014 rules: weights
-- PM2.5 0.6, PM10 0.15, SO2 0.15, NO2 0.1, 200 000 yuan per µg/m³ of
-- weighted improvement on the same quarter a year earlier.  By hand:
--   Wuhan    S = 0.6·6 + 0.15·6 + 0.15·1 + 0.1·3 = 4.95 -> fund pays   990 000
--   Changsha S = −1.2 − 0.45 + 0 − 0.1 = −1.75        -> pays the fund 350 000
--   Nanchang S = 0                                     -> nothing
--   Hefei    S = 3.6 + 1.05 + 0.15 + 0.3 = 5.1         -> fund pays 1 020 000
-- The fund pays 2 010 000 and collects 350 000: its balance is −1 660 000.
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level) VALUES
    ('ymr-air-fund', 'Yangtze middle reaches air fund', '长江中游城市群大气补偿基金', 'other');
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid) VALUES
    ('capitals-air', 'Four capitals air quality', 'air_quality', '{420100,430100,360100,340100}',
     '{"indicators": {"PM2.5": 0.6, "PM10": 0.15, "SO2": 0.15, "NO2": 0.1}, "compare_to": "previous_year",
       "period_unit": "quarter", "rate": 200000, "counterparty": "ymr-air-fund"}',
     '[2025-01-01,2026-01-01)');
SELECT ecocomp.settle('[2025-01-01,2025-04-01)', ARRAY['capitals-air']) AS obligations;
SELECT p.name_zh AS payer, r.name_zh AS payee, o.amount
FROM ecocomp.obligation o
JOIN ecocomp.jurisdiction p ON p.code = o.payer_code JOIN ecocomp.jurisdiction r ON r.code = o.payee_code
WHERE o.agreement_id = 'capitals-air' ORDER BY o.amount DESC;
SELECT sum(CASE WHEN payee_code = 'ymr-air-fund' THEN amount ELSE -amount END) AS fund_balance
FROM ecocomp.obligation WHERE agreement_id = 'capitals-air';
\echo 'Why Hefei is paid, in Chinese and in English:'
SELECT ecocomp.explain_obligation(o.obligation_id, l.lang) AS explanation
FROM ecocomp.obligation o, (VALUES (1, 'zh'), (2, 'en')) AS l (n, lang)
WHERE o.agreement_id = 'capitals-air' AND o.payee_code = '340100' ORDER BY l.n;

-- Air: stations and their jurisdictions, daily values with the GB 3095
-- validity rules, HJ 633 indices and AQI, HJ 663 city values, day counts,
-- aggregate states, errors.  Every expected value is worked out by hand in
-- the comment above it.
\set ON_ERROR_STOP 1
\set QUIET 1
BEGIN;
SELECT plan(50);
\ir fixtures/error_detail.sql

-- Province P1 (0..30 × 0..10) holds prefectures C1 (0..10) and C2 (10..20).
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, parent_code, geom) VALUES
    ('P1', 'Province One', '一省', 'province', NULL,
     'SRID=4326;MULTIPOLYGON(((0 0,30 0,30 10,0 10,0 0)))'),
    ('C1', 'City One', '一市', 'prefecture', 'P1',
     'SRID=4326;MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)))'),
    ('C2', 'City Two', '二市', 'prefecture', 'P1',
     'SRID=4326;MULTIPOLYGON(((10 0,20 0,20 10,10 10,10 0)))');
INSERT INTO ecocomp.air_station (code, name, geom, jurisdiction_code, network) VALUES
    ('S1', 'one',   'SRID=4326;POINT(1 1)',  NULL, 'national'),
    ('S2', 'two',   'SRID=4326;POINT(2 2)',  'C1', 'national'),
    ('S3', 'three', 'SRID=4326;POINT(15 5)', NULL, 'national'),
    ('S4', 'four',  'SRID=4326;POINT(25 5)', NULL, 'provincial'),
    ('S5', 'five',  'SRID=4326;POINT(50 5)', NULL, NULL);

SELECT is((SELECT jurisdiction_code FROM ecocomp.air_station WHERE code = 'S1'), 'C1',
          'a station without a jurisdiction reports for the prefecture containing it, not the province');
SELECT is((SELECT jurisdiction_code FROM ecocomp.air_station WHERE code = 'S4'), 'P1',
          'where no prefecture contains it, the lowest level there is (the province)');
SELECT is((SELECT jurisdiction_code FROM ecocomp.air_station WHERE code = 'S5'), NULL,
          'outside every polygon the jurisdiction stays NULL');

-- Hour k (1..24) of local day D ends at D 00:00+08 + k hours.
CREATE TEMP TABLE h (st text, par text, d date, k int, v float8);
-- S1 PM2.5 day 1: hours ending 05:00 .. 24:00 (20 values of 30; the last
-- ends at 00:00 on 2 January and still belongs to 1 January): mean 30.
INSERT INTO h SELECT 'S1', 'PM2.5', '2024-01-01', k, 30 FROM generate_series(5, 24) k;
-- S2 PM2.5 day 1: 19 values of 90: no daily value.
INSERT INTO h SELECT 'S2', 'PM2.5', '2024-01-01', k, 90 FROM generate_series(1, 19) k;
-- Day 2: S1 24 × 50, S2 24 × 70: the city's day is (50 + 70)/2 = 60.
INSERT INTO h SELECT 'S1', 'PM2.5', '2024-01-02', k, 50 FROM generate_series(1, 24) k;
INSERT INTO h SELECT 'S2', 'PM2.5', '2024-01-02', k, 70 FROM generate_series(1, 24) k;
-- S1 O3 day 1: the hour ending at k o'clock holds 10·(k − 1) for k = 1..20,
-- hours 21..24 missing: 20 values, max 190; the windows ending 23:00 and
-- 24:00 keep 5 and 4 hours (invalid), 15 are valid, and the largest is the
-- window ending 22:00: hours 15..22 minus 21, 22 = (140+…+190)/6 = 165.
INSERT INTO h SELECT 'S1', 'O3', '2024-01-01', k, 10 * (k - 1) FROM generate_series(1, 20) k;
-- S3 (C2), days 1..5, all six pollutants flat all day:
--   PM2.5 35, 75, 115, 150, 250 (breakpoints: IAQI 50, 100, 150, 200, 300)
--   PM10 50 (IAQI 50), SO2 10 (10), NO2 20 (25),
--   CO d mg/m³ (IAQI 25, 50, 75, 100, 100 + 50/10·1 = 105),
--   O3 50 + 10·d (1-hour IAQI ≤ 50·100/160; 8-hour 60..100: IAQI ≤ 50).
INSERT INTO h
SELECT 'S3', p.par, date '2023-12-31' + d, k,
       CASE p.par WHEN 'PM2.5' THEN (ARRAY[35, 75, 115, 150, 250])[d]
                  WHEN 'PM10' THEN 50 WHEN 'SO2' THEN 10 WHEN 'NO2' THEN 20
                  WHEN 'CO' THEN d ELSE 50 + 10 * d END
FROM generate_series(1, 5) d, generate_series(1, 24) k,
     unnest(ARRAY['PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3']) AS p (par);
INSERT INTO ecocomp.air_observation (station_code, parameter, observed_at, value)
SELECT st, par, (d::timestamp AT TIME ZONE 'Asia/Shanghai') + k * interval '1 hour', v FROM h;

\set jan '''[2024-01-01,2024-02-01)'''
CREATE TEMP TABLE dd AS SELECT * FROM ecocomp.air_daily(:jan);

SELECT is((SELECT value FROM dd WHERE station_code = 'S1' AND parameter = 'PM2.5' AND day = '2024-01-01'),
          30::float8, '20 hourly values give a 24-hour mean; the hour ending at 00:00 belongs to the previous day');
SELECT is((SELECT n_values FROM dd WHERE station_code = 'S1' AND parameter = 'PM2.5' AND day = '2024-01-01'),
          20, 'n_values counts the 20 hours');
SELECT is((SELECT value FROM dd WHERE station_code = 'S2' AND parameter = 'PM2.5' AND day = '2024-01-01'),
          NULL::float8, '19 hourly values give no 24-hour mean');
SELECT is((SELECT n_values FROM dd WHERE station_code = 'S2' AND parameter = 'PM2.5' AND day = '2024-01-01'),
          19, 'the day with 19 values is listed with its count');
SELECT is((SELECT jurisdiction_code FROM dd WHERE station_code = 'S1' LIMIT 1), 'C1',
          'air_daily names the station''s jurisdiction');
-- PM2.5 30: 0 + 50/35·30 = 42.857 -> 43
SELECT is((SELECT iaqi FROM dd WHERE station_code = 'S1' AND parameter = 'PM2.5' AND day = '2024-01-01'),
          43::float8, 'the daily IAQI is rounded up');
SELECT is((SELECT value FROM dd WHERE station_code = 'S1' AND parameter = 'O3' AND day = '2024-01-01'),
          190::float8, 'O3: the maximum 1-hour value of a day with 20 hours');
SELECT is((SELECT value FROM dd WHERE station_code = 'S1' AND parameter = 'O3_8h' AND day = '2024-01-01'),
          165::float8, 'O3_8h: windows with fewer than 6 hours are skipped');
SELECT is((SELECT n_values FROM dd WHERE station_code = 'S1' AND parameter = 'O3_8h' AND day = '2024-01-01'),
          15, 'O3_8h: n_values counts the valid windows');
SELECT is((SELECT count(*)::int FROM dd WHERE station_code = 'S3'), 35,
          'a station with six pollutants has seven daily indicators a day (5 days)');

-- Station AQI: S3 day d is max(PM2.5 IAQI, CO IAQI, ...) = 50, 100, 150, 200, 300.
SELECT is(ARRAY(SELECT aqi FROM ecocomp.air_daily_aqi(:jan) WHERE station_code = 'S3' ORDER BY day),
          ARRAY[50, 100, 150, 200, 300]::float8[], 'daily AQI is the largest IAQI');
SELECT is(ARRAY(SELECT category FROM ecocomp.air_daily_aqi(:jan) WHERE station_code = 'S3' ORDER BY day),
          ARRAY['优', '良', '轻度污染', '中度污染', '重度污染'], 'categories at the band tops');
SELECT is(ARRAY(SELECT coalesce(primary_pollutant, '-') FROM ecocomp.air_daily_aqi(:jan)
                WHERE station_code = 'S3' ORDER BY day),
          ARRAY['-', 'PM2.5', 'PM2.5', 'PM2.5', 'PM2.5'], 'no primary pollutant at AQI 50, PM2.5 above');
SELECT is((SELECT count(*)::int FROM ecocomp.air_daily_aqi(:jan) WHERE station_code IN ('S1', 'S2')), 0,
          'a day without all six pollutants has no AQI');

-- City values for January.
CREATE TEMP TABLE aa AS SELECT * FROM ecocomp.air_assessment(:jan);
-- C1 PM2.5: day 1 only S1 is valid (30), day 2 (50 + 70)/2 = 60: (30 + 60)/2 = 45.
SELECT is((SELECT value FROM aa WHERE code = 'C1' AND parameter = 'PM2.5'), 45::float8,
          'a city with two stations: the mean of its stations'' valid daily values, then of the days');
SELECT is((SELECT valid_days FROM aa WHERE code = 'C1' AND parameter = 'PM2.5'), 2, 'valid_days counts city days');
SELECT is((SELECT unit_period FROM aa WHERE code = 'C1' AND parameter = 'PM2.5'), :jan::daterange,
          'the unit period is the month');
-- C2 PM2.5: (35 + 75 + 115 + 150 + 250)/5 = 125.
SELECT is((SELECT value FROM aa WHERE code = 'C2' AND parameter = 'PM2.5'), 125::float8, 'C2 PM2.5 mean');
-- CO 95th percentile of 1..5: k = 1 + 4·0.95 = 4.8 -> 4 + 0.8·(5 − 4) = 4.8.
SELECT is(round((SELECT value FROM aa WHERE code = 'C2' AND parameter = 'CO')::numeric, 9), 4.8,
          'CO: the 95th percentile of daily means (HJ 663)');
-- O3_8h 90th percentile of 60..100: k = 1 + 4·0.9 = 4.6 -> 90 + 0.6·10 = 96.
SELECT is(round((SELECT value FROM aa WHERE code = 'C2' AND parameter = 'O3_8h')::numeric, 9), 96.0,
          'O3_8h: the 90th percentile of daily maximum 8-hour means (HJ 663)');
SELECT is((SELECT count(*)::int FROM aa WHERE parameter = 'O3'), 0,
          'the maximum 1-hour O3 is not an HJ 663 assessment item');
-- P1 PM2.5 over every station: day 1 (30 + 35)/2 = 32.5, day 2 (50+70+75)/3 = 65,
-- then 115, 150, 250: (32.5 + 65 + 115 + 150 + 250)/5 = 122.5.
SELECT is((SELECT value FROM aa WHERE code = 'P1' AND parameter = 'PM2.5'), 122.5::float8,
          'stations roll up to the province through parent_code');
-- Quarter unit clipped to the period: Q1 cut to January.
SELECT is((SELECT unit_period FROM ecocomp.air_assessment(:jan, 'quarter') WHERE code = 'C2' AND parameter = 'CO'),
          :jan::daterange, 'a quarter is clipped to the period');
SELECT is((SELECT count(*)::int FROM ecocomp.air_assessment('[2024-01-02,2024-01-03)') WHERE code = 'C1'), 1,
          'a one-day period: C1 has PM2.5 only');

-- Day counts: C2 AQIs 50, 100, 150, 200, 300: good (≤ 100) 2 of 5, heavy (> 200) 1.
SELECT results_eq(
    $$SELECT valid_days, good_days, good_day_ratio, heavy_days FROM ecocomp.air_day_counts('[2024-01-01,2024-02-01)') WHERE code = 'C2'$$,
    $$VALUES (5, 2, 0.4::float8, 1)$$,
    'good days include AQI 100, heavy days exclude AQI 200');
SELECT is((SELECT count(*)::int FROM ecocomp.air_day_counts(:jan) WHERE code = 'C1'), 0,
          'C1 never has all six pollutants: no valid days, no row');

-- iaqi and aqi_category directly.
SELECT is(ecocomp.iaqi('PM2.5', 75, '24h'), 100::float8, 'iaqi on a breakpoint');
SELECT is(ecocomp.iaqi('PM2.5', 75.1, '24h'), 101::float8, 'iaqi just above: 100.125 rounded up');
SELECT is(ecocomp.iaqi('O3', 801, '8h'), NULL::float8, 'O3 8-hour above 800 is not indexed');
SELECT is(ecocomp.iaqi('SO2', 801, '1h'), NULL::float8, 'SO2 1-hour above 800 is not indexed');
SELECT is(ecocomp.iaqi('PM10', 700, '24h'), 500::float8, 'above the top of the PM10 row: 500');
SELECT is(ecocomp.iaqi('CO', 2.1, '24h'), 53::float8, 'CO in mg/m³: 50 + 25·0.1 = 52.5 -> 53');
SELECT is(ecocomp.aqi_category(100), '良', 'AQI 100 is 良');
SELECT is(ecocomp.aqi_category(301, 'en'), 'severely polluted', 'AQI 301 in English');
SELECT throws_ok($$SELECT ecocomp.iaqi('PM2.5', 10, '1h')$$, '22023', NULL, 'PM2.5 has no 1-hour row');
SELECT throws_ok($$SELECT ecocomp.iaqi('TP', 10, '24h')$$, '22023', NULL, 'a water parameter has no IAQI');
SELECT throws_ok($$SELECT ecocomp.iaqi('PM10', 10, '2h')$$, '22023', NULL, 'unknown averaging time');
SELECT throws_ok($$SELECT ecocomp.iaqi('PM10', -1, '24h')$$, '22003', NULL, 'negative concentration');
SELECT throws_ok($$SELECT ecocomp.aqi_category(-1)$$, '22003', NULL, 'negative AQI');
SELECT throws_ok($$SELECT ecocomp.aqi_category(10, 'fr')$$, '22023', NULL, 'unsupported language');
SELECT throws_ok($$SELECT * FROM ecocomp.air_assessment('[2024-01-01,2024-02-01)', 'week')$$, '22023', NULL,
                 'unknown period unit');
SELECT is(pg_temp.error_detail($$SELECT * FROM ecocomp.air_day_counts('[2024-01-01,2024-02-01)', 'week')$$),
          'The period unit must be "day", "month", "quarter" or "year".',
          'the unknown unit''s detail lists every unit the air functions take, day included');
SELECT throws_ok($$SELECT * FROM ecocomp.air_daily('[2024-01-01,)')$$, '22023', NULL, 'unbounded period');
SELECT throws_ok($$SELECT * FROM ecocomp.air_daily('[2024-01-01,2024-01-02)', 'Mars/Olympus')$$, '22023', NULL,
                 'unknown time zone');
SELECT throws_ok($$INSERT INTO ecocomp.air_observation VALUES ('S1', 'TP', now(), 1)$$, '23514', NULL,
                 'a water parameter cannot be an air observation');

-- Aggregate states survive a text round trip and combine in any order.
SELECT is(ecocomp._hj663_final(ecocomp._hj663_combine(
              (SELECT ecocomp._hj663_accum(ecocomp._hj663_accum(NULL, 5, 0.9), 1, 0.9))::text::float8[],
              (SELECT ecocomp._hj663_accum(ecocomp._hj663_accum(ecocomp._hj663_accum(NULL, 4, 0.9), 2, 0.9), 3, 0.9)))),
          4.6::float8, 'percentile states combine after a text round trip: {5,1} + {4,2,3} -> 4.6');
SELECT is((ecocomp._air_o3_final(ecocomp._air_o3_combine(
              ecocomp._air_o3_accum(NULL, 3, 100)::text::float8[], ecocomp._air_o3_accum(NULL, 3, 120))))[1:2],
          ARRAY[1, NULL]::float8[], 'ozone states: a slot filled twice counts once (no 1-hour max under 20 hours)');

SELECT * FROM finish();
ROLLBACK;

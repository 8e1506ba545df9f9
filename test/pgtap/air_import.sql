-- import_air_observations(): the water importer's machinery on air.  A
-- hostile batch of 28 rows: 8 loadable, 20 each refused for one reason;
-- accepted + rejected = input and every reason is checked.  Units,
-- hour-ending times and zones are worked out by hand in the comments.
\set ON_ERROR_STOP 1
\set QUIET 1
BEGIN;
SELECT plan(17);
SET LOCAL timezone = 'Asia/Shanghai';

INSERT INTO ecocomp.jurisdiction (code, name, level, geom) VALUES
    ('C1', 'City One', 'prefecture', 'SRID=4326;MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)))');
-- A1 is filed by its point (inside C1), A2 by its code.
INSERT INTO ecocomp.air_station (code, name, geom, jurisdiction_code, network) VALUES
    ('A1', 'one', 'SRID=4326;POINT(1 1)', NULL, 'national'),
    ('A2', 'two', NULL, 'C1', 'national');

-- Loaded beforehand: A2 PM2.5 for the hour ending 01:00.
CREATE TEMP TABLE staging0 (station_code text, parameter text, observed_at timestamptz, value float8);
INSERT INTO staging0 VALUES ('A2', 'PM2.5', '2024-01-01T01:00+08', 50);
SELECT results_eq($$SELECT * FROM ecocomp.import_air_observations('staging0')$$,
                  $$VALUES (1::bigint, 0::bigint)$$,
                  'typed staging columns (timestamptz, float8) are read as well as text');

CREATE TEMP TABLE staging (note text, station_code text, parameter text, observed_at text,
                           value text, unit text, source text);
INSERT INTO staging VALUES
    -- loadable
    ('a1', 'A1', 'PM2.5', '2024-01-01T01:00+08', '35', NULL, 'cnemc'),          -- 35 µg/m³ (canonical)
    ('a2', 'A1', 'PM10', '2024-01-01 01:00:00 Asia/Shanghai', '0.08', 'mg/m³', NULL), -- 0.08 × 1000 = 80 µg/m³
    ('a3', 'A1', 'CO', '2024-01-01T01:00+08', '800', 'µg/m³', NULL),           -- 800 ÷ 1000 = 0.8 mg/m³
    ('a4', 'A1', 'CO', '2024-01-01T02:00+08', '1.2', 'mg/m3', NULL),           -- 1.2 mg/m³ as is
    ('a5', 'A1', 'SO2', '2023-12-31T17:00Z', '12', 'μg/m3', NULL),             -- Greek mu; 17:00Z = 01:00+08
    ('a6', 'A2', 'NO2', '2024-01-01T00:00+08', '40', 'ug/m3', NULL),           -- the hour ending at midnight
    ('a7', 'A2', 'O3', '2024-01-01T01:00:00+08:00', ' 100 ', '', NULL),        -- blank unit: canonical
    ('a8', 'A1', 'SO2', '2024-01-01T06:00+08', '5', NULL, NULL),               -- its twin r20 is refused, so no duplicate
    -- refused
    ('r01', NULL, 'PM2.5', '2024-01-01T03:00+08', '1', NULL, NULL),
    ('r02', 'ZZ', 'PM2.5', '2024-01-01T03:00+08', '1', NULL, NULL),
    ('r03', 'A1', NULL, '2024-01-01T03:00+08', '1', NULL, NULL),
    ('r04', 'A1', 'pm25', '2024-01-01T03:00+08', '1', NULL, NULL),
    ('r05', 'A1', 'TP', '2024-01-01T03:00+08', '1', NULL, NULL),
    ('r06', 'A1', 'PM2.5', NULL, '1', NULL, NULL),
    ('r07', 'A1', 'PM2.5', '2024-01-01 03:00', '1', NULL, NULL),
    ('r08', 'A1', 'PM2.5', '2024-01-01 03:00 CST', '1', NULL, NULL),
    ('r09', 'A1', 'PM2.5', '2024-01-01T03:30+08', '1', NULL, NULL),
    ('r10', 'A1', 'PM2.5', '2024-01-01T04:00+08', NULL, NULL, NULL),
    ('r11', 'A1', 'PM2.5', '2024-01-01T04:00+08', 'abc', NULL, NULL),
    ('r12', 'A1', 'PM2.5', '2024-01-01T04:00+08', 'NaN', NULL, NULL),
    ('r13', 'A1', 'PM2.5', '2024-01-01T04:00+08', '<2', NULL, NULL),
    ('r14', 'A1', 'PM2.5', '2024-01-01T04:00+08', '1', 'ppm', NULL),
    -- 5e-324 µg/m³ of CO is 5e-327 mg/m³, below the smallest float8
    ('r15', 'A1', 'CO', '2024-01-01T04:00+08', '5e-324', 'µg/m³', NULL),
    ('r16', 'A1', 'PM2.5', '2024-01-01T04:00+08', '-1', NULL, NULL),
    ('r17', 'A1', 'NO2', '2024-01-01T05:00+08', '10', NULL, NULL),
    ('r18', 'A1', 'NO2', '2024-01-01T05:00+08', '11', NULL, NULL),
    ('r19', 'A2', 'PM2.5', '2024-01-01T01:00+08', '51', NULL, NULL),
    ('r20', 'A1', 'SO2', '2024-01-01T06:00+08', 'x', NULL, NULL);

SELECT results_eq($$SELECT * FROM ecocomp.import_air_observations('staging')$$,
                  $$VALUES (8::bigint, 20::bigint)$$, 'the hostile batch: 8 accepted, 20 rejected');
SELECT is((SELECT count(*) FROM staging), 8::bigint + 20, 'accepted + rejected = the 28 staging rows');

SELECT results_eq(
    $$SELECT raw->>'note', reason FROM ecocomp.observation_reject WHERE staging = 'staging' ORDER BY 1$$,
    $$VALUES
      ('r01', 'station_code is missing'),
      ('r02', 'unknown station "ZZ"'),
      ('r03', 'parameter is missing'),
      ('r04', 'unknown parameter "pm25"'),
      ('r05', 'parameter "TP" is measured in water, not air: it belongs in observation'),
      ('r06', 'observed_at is missing'),
      ('r07', 'observed_at "2024-01-01 03:00" has no time zone'),
      ('r08', 'observed_at "2024-01-01 03:00 CST" uses the time zone abbreviation "CST", which can be ambiguous (CST is China, US Central or Cuba Standard Time); write an offset such as +08:00 or a zone name such as Asia/Shanghai'),
      ('r09', 'observed_at "2024-01-01T03:30+08" is not on the hour: a 1-hour mean is stamped with the full hour that ends it'),
      ('r10', 'value is missing'),
      ('r11', 'value "abc" is not a number'),
      ('r12', 'value "NaN" is not finite'),
      ('r13', 'value "<2" is a non-detect: air_observation holds measured 1-hour means only'),
      ('r14', 'unknown unit "ppm" for parameter PM2.5 (canonical unit µg/m³)'),
      ('r15', 'value 5e-324 µg/m³ is outside the range of double precision in mg/m³'),
      ('r16', 'negative value -1'),
      ('r17', 'duplicate key: 2 rows for station A1, NO2 at 2024-01-01 05:00:00+08'),
      ('r18', 'duplicate key: 2 rows for station A1, NO2 at 2024-01-01 05:00:00+08'),
      ('r19', 'observation already exists for station A2, PM2.5 at 2024-01-01 01:00:00+08'),
      ('r20', 'value "x" is not a number')$$,
    'every rejected row carries its reason');

SELECT results_eq(
    $$SELECT station_code, parameter, observed_at, value, source FROM ecocomp.air_observation
      ORDER BY station_code, observed_at, parameter$$,
    $$VALUES
      ('A1', 'CO',    '2024-01-01 01:00+08'::timestamptz, 0.8::float8, NULL::text),
      ('A1', 'PM10',  '2024-01-01 01:00+08', 80, NULL),
      ('A1', 'PM2.5', '2024-01-01 01:00+08', 35, 'cnemc'),
      ('A1', 'SO2',   '2024-01-01 01:00+08', 12, NULL),
      ('A1', 'CO',    '2024-01-01 02:00+08', 1.2, NULL),
      ('A1', 'SO2',   '2024-01-01 06:00+08', 5, NULL),
      ('A2', 'NO2',   '2024-01-01 00:00+08', 40, NULL),
      ('A2', 'O3',    '2024-01-01 01:00+08', 100, NULL),
      ('A2', 'PM2.5', '2024-01-01 01:00+08', 50, NULL)$$,
    'accepted rows are stored converted: mg/m³ × 1000 for PM10, µg/m³ ÷ 1000 for CO; the earlier A2 PM2.5 keeps 50');

-- The hour ending at midnight belongs to 31 December (air_daily's rule):
-- A2 NO2 has one value that day.
SELECT results_eq(
    $$SELECT day, n_values FROM ecocomp.air_daily('[2023-12-31,2024-01-01]') WHERE station_code = 'A2' AND parameter = 'NO2'$$,
    $$VALUES ('2023-12-31'::date, 1)$$, 'the hour ending 00:00 on 1 January counts for 31 December');

SELECT is((SELECT count(*) FROM ecocomp.observation), 0::bigint, 'nothing went into the water table');

-- The same rows imported again are all refused: accepted 0 + rejected 28.
SELECT results_eq($$SELECT * FROM ecocomp.import_air_observations('staging')$$,
                  $$VALUES (0::bigint, 28::bigint)$$, 'a repeated batch loads nothing and loses nothing');
SELECT is((SELECT count(*) FROM ecocomp.observation_reject
           WHERE staging = 'staging' AND raw->>'note' LIKE 'a%'
             AND reason LIKE 'observation already exists for station %'), 8::bigint,
          'the 8 rows loaded the first time are refused as already loaded');

-- A water staging table is not an air one.
CREATE TEMP TABLE staging_water (section_code text, parameter text, observed_at text, value text);
SELECT throws_ok($$SELECT * FROM ecocomp.import_air_observations('staging_water')$$, '42703',
                 'staging table staging_water lacks required columns',
                 'a staging table without station_code is refused with 42703');
SELECT throws_ok($$SELECT * FROM ecocomp.import_air_observations('no_such_table')$$, '42P01', NULL,
                 'an unknown staging table is refused');

-- An air staging table given to the water importer: the stations are not sections.
CREATE TEMP TABLE staging_mixed (section_code text, parameter text, observed_at text, value text);
INSERT INTO staging_mixed VALUES ('A1', 'PM2.5', '2024-01-01T07:00+08', '1');
SELECT results_eq($$SELECT * FROM ecocomp.import_observations('staging_mixed')$$,
                  $$VALUES (0::bigint, 1::bigint)$$, 'the water importer refuses a station code');
SELECT is((SELECT reason FROM ecocomp.observation_reject WHERE staging = 'staging_mixed'),
          'unknown section "A1"', 'as an unknown section');

-- docs/air.md, import_air_observations: three hours of one station, one
-- without a zone.
CREATE TEMP TABLE air_staging (station_code text, parameter text, observed_at text, value text, unit text);
INSERT INTO air_staging VALUES
    ('A1', 'PM2.5', '2024-03-01T10:00+08', '42', 'µg/m³'),
    ('A1', 'CO',    '2024-03-01T10:00+08', '900', 'ug/m3'),
    ('A1', 'PM2.5', '2024-03-01 11:00', '40', 'µg/m³');
SELECT results_eq($$SELECT * FROM ecocomp.import_air_observations('air_staging')$$,
                  $$VALUES (2::bigint, 1::bigint)$$, 'docs example: 2 accepted, 1 rejected');

-- docs/analyst.md, the national platform's wide daily file: a header,
-- two pollutant rows and two rows ecocomp ignores (a 24-hour mean, the AQI).
-- Long rows: A1 PM2.5 30 and B9 PM2.5 12 for the hour ending 2 January
-- 00:00 (A2's cell is empty: no row), A1 CO 0.7 and A2 CO 0.9 (mg/m³) for
-- the hour ending 01:00.  B9 is no station: 3 accepted, 1 rejected.
CREATE TEMP TABLE raw_lines (n bigserial, line text);
INSERT INTO raw_lines (line) VALUES
    ('date,hour,type,A1,A2,B9'),
    ('20240102,0,PM2.5,30,,12'),
    ('20240102,0,PM2.5_24h,31,32,33'),
    ('20240102,1,CO,0.7,0.9,'),
    ('20240102,1,AQI,50,60,70');
CREATE TEMP TABLE cnemc_staging AS
WITH header AS (SELECT string_to_array(line, ',') AS cols FROM raw_lines WHERE n = 1),
     body AS (SELECT string_to_array(line, ',') AS f FROM raw_lines WHERE n > 1)
SELECT h.cols[i] AS station_code, b.f[3] AS parameter,
       to_char(to_date(b.f[1], 'YYYYMMDD') + make_interval(hours => b.f[2]::int),
               'YYYY-MM-DD"T"HH24:MI') || '+08' AS observed_at,
       b.f[i] AS value,
       CASE b.f[3] WHEN 'CO' THEN 'mg/m³' ELSE 'µg/m³' END AS unit,
       'cnemc ' || b.f[1] AS source
FROM body b, header h, generate_subscripts(h.cols, 1) AS i
WHERE i > 3 AND b.f[3] IN ('PM2.5', 'PM10', 'SO2', 'NO2', 'O3', 'CO')
  AND nullif(b.f[i], '') IS NOT NULL;
SELECT results_eq($$SELECT * FROM ecocomp.import_air_observations('cnemc_staging')$$,
                  $$VALUES (3::bigint, 1::bigint)$$, 'analyst guide: the wide file loads 3 values, 1 rejected');
SELECT results_eq(
    $$SELECT station_code, parameter, observed_at, value FROM ecocomp.air_observation
      WHERE source = 'cnemc 20240102' ORDER BY observed_at, station_code$$,
    $$VALUES ('A1', 'PM2.5', '2024-01-02 00:00+08'::timestamptz, 30::float8),
             ('A1', 'CO', '2024-01-02 01:00+08', 0.7),
             ('A2', 'CO', '2024-01-02 01:00+08', 0.9)$$,
    'hour 0 ends at midnight; CO stays in mg/m³');
SELECT is((SELECT reason FROM ecocomp.observation_reject WHERE staging = 'cnemc_staging'),
          'unknown station "B9"', 'a station missing from air_station is quarantined, not skipped');

SELECT * FROM finish();
ROLLBACK;

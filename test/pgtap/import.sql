-- import_observations(): a mixed staging table.  Every row is either
-- accepted or rejected with its reason; counts add up; units are converted.
\set ON_ERROR_STOP 1
\set QUIET 1
BEGIN;
SELECT plan(46);

INSERT INTO ecocomp.section (code, name, waterbody) VALUES
    ('S1', 'Jiekou', 'river'), ('L1', 'Qiandao Lake', 'lake');
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
VALUES ('S1', 'TP', '2024-01-01 00:00+08', 0.05);

CREATE TEMP TABLE staging (
    section_code text, parameter text, observed_at text, value text,
    censored text, unit text, source text, note text);
INSERT INTO staging VALUES
    ('S1', 'TP',     '2024-03-01T08:00:00+08:00', '0.12',   NULL,    NULL,    'lab', 'ok'),
    ('S1', 'NH3-N',  '2024-03-01T08:00:00+08:00', '350',    NULL,    'µg/L',  'lab', 'ok: 0.35 mg/L'),
    ('S1', 'flow',   '2024-03-01T08:00:00+08:00', '12500',  NULL,    'L/s',   NULL,  'ok: 12.5 m3/s'),
    ('S1', 'CODMn',  '2024-03-01T08:00:00Z',      '<0.5',   NULL,    NULL,    NULL,  'ok: non-detect'),
    ('L1', 'TP',     '2024-03-01 08:00 Asia/Shanghai', '0.03', 'true', 'g/m3', NULL, 'ok: censored flag'),
    ('S1', 'water_temp', '2024-03-01T08:00:00+08', '-0.5', NULL,  '°C',    NULL,  'ok: negative temperature'),
    ('S9', 'TP',     '2024-03-01T08:00:00+08:00', '0.1',    NULL,    NULL,    NULL,  'unknown section'),
    ('S1', 'XX',     '2024-03-01T08:00:00+08:00', '0.1',    NULL,    NULL,    NULL,  'unknown parameter'),
    ('S1', 'TP',     '2024-03-02 08:00:00',       '0.1',    NULL,    NULL,    NULL,  'no zone'),
    ('S1', 'TP',     '2024-02-30T08:00:00+08:00', '0.1',    NULL,    NULL,    NULL,  'bad date'),
    ('S1', 'TP',     '2024-03-03T08:00:00+08:00', 'abc',    NULL,    NULL,    NULL,  'not a number'),
    ('S1', 'TP',     '2024-03-04T08:00:00+08:00', 'NaN',    NULL,    NULL,    NULL,  'not finite'),
    ('S1', 'TP',     '2024-03-05T08:00:00+08:00', '-0.1',   NULL,    NULL,    NULL,  'negative'),
    ('S1', 'TP',     '2024-03-06T08:00:00+08:00', '0.1',    NULL,    'ppm',   NULL,  'unknown unit'),
    ('S1', 'flow',   '2024-03-06T08:00:00+08:00', '0.1',    NULL,    'mg/L',  NULL,  'unit of another dimension'),
    ('S1', 'pH',     '2024-03-06T08:00:00+08:00', '15',     NULL,    NULL,    NULL,  'pH out of range'),
    ('S1', 'DO',     '2024-03-07T08:00:00+08:00', '7.1',    NULL,    NULL,    NULL,  'duplicate 1'),
    ('S1', 'DO',     '2024-03-07T00:00:00Z',      '7.2',    NULL,    NULL,    NULL,  'duplicate 2: same instant'),
    ('S1', 'TP',     '2024-01-01T00:00:00+08:00', '0.05',   NULL,    NULL,    NULL,  'already loaded'),
    ('S1', 'TP',     '2024-03-08T08:00:00+08:00', NULL,     NULL,    NULL,    NULL,  'missing value'),
    ('S1', 'TP',     '2024-03-09T08:00:00+08:00', '0.1',    'maybe', NULL,    NULL,  'bad censored flag');

SELECT results_eq(
    $$SELECT * FROM ecocomp.import_observations('staging')$$,
    $$VALUES (6::bigint, 15::bigint)$$,
    '6 rows accepted, 15 rejected');
SELECT is((SELECT count(*) FROM ecocomp.observation_reject WHERE staging = 'staging'),
          15::bigint, 'accepted + rejected = 21 staging rows');

-- Unit conversion and non-detects.
SELECT is((SELECT value FROM ecocomp.observation WHERE parameter = 'NH3-N'), 0.35::float8, 'µg/L converted to mg/L');
SELECT is((SELECT value FROM ecocomp.observation WHERE parameter = 'flow'), 12.5::float8, 'L/s converted to m3/s');
SELECT is((SELECT (value, censored)::text FROM ecocomp.observation WHERE parameter = 'CODMn'),
          '(0.5,t)', '"<0.5" is a non-detect at detection limit 0.5');
SELECT is((SELECT (value, censored)::text FROM ecocomp.observation WHERE section_code = 'L1'),
          '(0.03,t)', 'censored flag and g/m3');
SELECT is((SELECT observed_at FROM ecocomp.observation WHERE section_code = 'L1'),
          '2024-03-01 00:00:00+00'::timestamptz, 'zone name honoured');
SELECT is((SELECT value FROM ecocomp.observation WHERE parameter = 'water_temp'), -0.5::float8,
          'water temperature may be negative');

-- Each reject carries its reason.
CREATE TEMP VIEW reasons AS
SELECT raw->>'note' AS note, reason FROM ecocomp.observation_reject WHERE staging = 'staging';
SELECT is((SELECT reason FROM reasons WHERE note = 'unknown section'), 'unknown section "S9"', 'unknown section');
SELECT is((SELECT reason FROM reasons WHERE note = 'unknown parameter'), 'unknown parameter "XX"', 'unknown parameter');
SELECT is((SELECT reason FROM reasons WHERE note = 'no zone'), 'observed_at "2024-03-02 08:00:00" has no time zone', 'timestamp without zone');
SELECT is((SELECT reason FROM reasons WHERE note = 'bad date'), 'observed_at "2024-02-30T08:00:00+08:00" is not a valid timestamp', 'invalid date');
SELECT is((SELECT reason FROM reasons WHERE note = 'not a number'), 'value "abc" is not a number', 'value not a number');
SELECT is((SELECT reason FROM reasons WHERE note = 'not finite'), 'value "NaN" is not finite', 'NaN');
SELECT is((SELECT reason FROM reasons WHERE note = 'negative'), 'negative value -0.1', 'negative');
SELECT is((SELECT reason FROM reasons WHERE note = 'unknown unit'), 'unknown unit "ppm" for parameter TP (canonical unit mg/L)', 'unknown unit');
SELECT is((SELECT reason FROM reasons WHERE note = 'unit of another dimension'), 'unknown unit "mg/L" for parameter flow (canonical unit m3/s)', 'unit of another dimension');
SELECT is((SELECT reason FROM reasons WHERE note = 'pH out of range'), 'pH 15 is outside 0-14', 'pH > 14');
SELECT is((SELECT count(*) FROM reasons WHERE note LIKE 'duplicate%' AND reason LIKE 'duplicate key: 2 rows for section S1, DO at %'), 2::bigint, 'both copies of a duplicate key rejected');
SELECT is((SELECT reason FROM reasons WHERE note = 'already loaded'), 'observation already exists for section S1, TP at 2023-12-31 16:00:00+00', 'existing observation');
SELECT is((SELECT reason FROM reasons WHERE note = 'missing value'), 'value is missing', 'missing value');
SELECT is((SELECT reason FROM reasons WHERE note = 'bad censored flag'), 'censored "maybe" is not a boolean', 'bad censored flag');
SELECT is((SELECT raw->>'source' FROM ecocomp.observation_reject WHERE raw->>'note' = 'unknown section'), NULL, 'raw row kept as it was');

-- A zone may be assumed for zone-less timestamps.
CREATE TEMP TABLE staging2 (section_code text, parameter text, observed_at timestamp, value float8);
INSERT INTO staging2 VALUES ('S1', 'COD', '2024-12-31 23:30', 12.0);
SELECT results_eq($$SELECT * FROM ecocomp.import_observations('staging2', 'Asia/Shanghai')$$,
                  $$VALUES (1::bigint, 0::bigint)$$, 'timestamp column read in the assumed zone');
SELECT is((SELECT observed_at FROM ecocomp.observation WHERE parameter = 'COD'),
          '2024-12-31 15:30:00+00'::timestamptz, '23:30 Beijing time is 15:30 UTC');

-- An air pollutant is no water observation: quarantined, not stored.
CREATE TEMP TABLE staging_air (section_code text, parameter text, observed_at text, value text);
INSERT INTO staging_air VALUES ('S1', 'PM2.5', '2024-05-01T09:00+08', '35');
SELECT results_eq($$SELECT * FROM ecocomp.import_observations('staging_air')$$,
                  $$VALUES (0::bigint, 1::bigint)$$, 'an air pollutant in a water staging table is rejected');
SELECT is((SELECT reason FROM ecocomp.observation_reject WHERE staging = 'staging_air'),
          'parameter "PM2.5" is measured in air, not water: it belongs in air_observation', 'with the reason');

-- Errors for a staging table that cannot be read.
CREATE TEMP TABLE staging3 (section_code text, value float8);
SELECT throws_ok($$SELECT * FROM ecocomp.import_observations('staging3')$$, '42703',
                 'staging table staging3 lacks required columns', 'missing columns');
SELECT throws_ok($$SELECT * FROM ecocomp.import_observations('staging2', 'Mars/Olympus')$$, '22023',
                 'unknown time zone "Mars/Olympus"', 'unknown assumed zone');
SELECT throws_ok($$SELECT * FROM ecocomp.import_observations('staging2', 'CST')$$, '22023',
                 'unknown time zone "CST"', 'an abbreviation is not a zone to assume');
SELECT throws_ok($$SELECT * FROM ecocomp.import_observations('staging2', 'UTC+8')$$, '22023',
                 'unknown time zone "UTC+8"', 'a POSIX offset is not a zone to assume');

-- Rows that cannot be stored are quarantined, never abort the batch, and
-- times are read only as their producer unambiguously wrote them.
CREATE TEMP TABLE staging4 (section_code text, parameter text, observed_at text, value text, unit text, note text);
INSERT INTO staging4 VALUES
    -- 5e-324 µg/L = 5e-327 mg/L: below the smallest double (4.9e-324)
    ('S1', 'TP', '2024-04-01T08:00+08', '5e-324', 'µg/L', 'underflow'),
    ('S1', 'TP', '2024-04-02T08:00+08', '1e308', 'ug/L', 'ok: 1e305 mg/L'),
    ('S1', 'TP', '2024-04-03 08:00 CST', '0.1', NULL, 'abbreviation'),
    ('S1', 'TP', '2024-04-04 08:00 UTC+8', '0.1', NULL, 'posix'),
    ('S1', 'TP', '2024-04-05 08:00 Etc/GMT-8', '0.1', NULL, 'posix etc'),
    ('S1', 'TP', 'now', '0.1', NULL, 'now'),
    ('S1', 'TP', 'today', '0.1', NULL, 'today'),
    ('S1', 'TP', 'epoch', '0.1', NULL, 'epoch'),
    ('S1', 'TP', 'J2459000', '0.1', NULL, 'julian'),
    ('S1', 'TP', 'infinity', '0.1', NULL, 'infinity'),
    ('S1', 'TP', '04/06/2024 08:00+08', '0.1', NULL, 'DateStyle order'),
    ('S1', 'TP', '2024-04-07 08:00 UTC', '0.1', NULL, 'ok: UTC'),
    ('S1', 'TP', '2024-04-08 08:00:00.5+0800', '0.1', NULL, 'ok: basic offset');
SELECT results_eq($$SELECT * FROM ecocomp.import_observations('staging4')$$,
                  $$VALUES (3::bigint, 10::bigint)$$, 'one bad row does not abort the batch: 3 accepted, 10 quarantined');
CREATE TEMP VIEW reasons4 AS
SELECT raw->>'note' AS note, reason FROM ecocomp.observation_reject WHERE staging = 'staging4';
SELECT is((SELECT reason FROM reasons4 WHERE note = 'underflow'),
          'value 5e-324 µg/L is outside the range of double precision in mg/L', 'unit conversion underflow quarantined');
SELECT is((SELECT value FROM ecocomp.observation WHERE observed_at = '2024-04-02T00:00Z'), 1e305::float8,
          '1e308 µg/L stored as 1e305 mg/L');
SELECT is((SELECT reason FROM reasons4 WHERE note = 'abbreviation'),
          'observed_at "2024-04-03 08:00 CST" uses the time zone abbreviation "CST", which can be ambiguous (CST is China, US Central or Cuba Standard Time); write an offset such as +08:00 or a zone name such as Asia/Shanghai',
          'CST is refused, not read as US Central');
SELECT matches((SELECT reason FROM reasons4 WHERE note = 'posix'),
               '^observed_at "2024-04-04 08:00 UTC\+8" uses the POSIX time zone "UTC\+8", whose sign is the inverse of ISO 8601',
               'UTC+8 is refused, not read as 8 hours west');
SELECT matches((SELECT reason FROM reasons4 WHERE note = 'posix etc'), 'POSIX time zone "Etc/GMT-8"', 'Etc/GMT-8 is refused too');
SELECT is((SELECT count(*) FROM reasons4 WHERE note IN ('now', 'today', 'epoch', 'julian', 'infinity', 'DateStyle order')
                                      AND reason LIKE '% is not an ISO 8601 date and time (YYYY-MM-DD hh:mm:ss with a zone)'),
          6::bigint, 'now, today, epoch, J2459000, infinity and DateStyle-dependent dates are refused');
SELECT is((SELECT reason FROM reasons4 WHERE note = 'now'),
          'observed_at "now" is not an ISO 8601 date and time (YYYY-MM-DD hh:mm:ss with a zone)', 'keyword timestamp reason');
SELECT is((SELECT observed_at FROM ecocomp.observation WHERE observed_at >= '2024-04-07' AND observed_at < '2024-04-08'),
          '2024-04-07 08:00:00+00'::timestamptz, 'UTC named in full is accepted');
SELECT is((SELECT observed_at FROM ecocomp.observation WHERE observed_at >= '2024-04-08 00:00+08' AND observed_at < '2024-04-09 00:00+08'),
          '2024-04-08 00:00:00.5+00'::timestamptz, 'ISO basic offset +0800 is east of Greenwich');
SELECT is((SELECT count(*) FROM ecocomp.observation_reject WHERE staging = 'staging4'), 10::bigint,
          'accepted + rejected = 13 staging rows');

-- Conversions that overflow are quarantined as well (1e308 g/m3 is fine,
-- 1e308 L/s = 1e305 m3/s is fine; a user factor of 1000 overflows).
INSERT INTO ecocomp.unit_conversion (unit, canonical, factor) VALUES ('g/L', 'mg/L', 1000);
CREATE TEMP TABLE staging5 (section_code text, parameter text, observed_at text, value text, unit text);
INSERT INTO staging5 VALUES ('S1', 'COD', '2024-05-01T08:00+08', '1e306', 'g/L'),
                            ('S1', 'COD', '2024-05-02T08:00+08', '0.012', 'g/L');
SELECT results_eq($$SELECT * FROM ecocomp.import_observations('staging5')$$,
                  $$VALUES (1::bigint, 1::bigint)$$, 'overflowing conversion quarantined, the other row loaded');
SELECT is((SELECT reason FROM ecocomp.observation_reject WHERE staging = 'staging5'),
          'value 1e306 g/L is outside the range of double precision in mg/L', 'overflow reason');

-- The time reader and the unit conversion never raise, whatever the text:
-- 5000 seeded mutations of valid timestamps (characters dropped, doubled or
-- replaced by ones that matter to date parsing), each either read or given
-- a reason, never both.
SELECT setseed(0.25);
CREATE TEMP TABLE fuzz_times AS
WITH seeds (t) AS (VALUES ('2024-03-01T08:00:00+08:00'), ('2024-03-01 08:00 Asia/Shanghai'),
                          ('2024-03-01 08:00:00.5Z'), ('2024-12-31 23:30 UTC'), ('2024-03-01'))
SELECT m FROM seeds, generate_series(1, 1000) AS g,
LATERAL (SELECT string_agg(CASE WHEN random() < 0.03 THEN ''
                                WHEN random() < 0.03 THEN c || c
                                WHEN random() < 0.03 THEN substr(' +-:/TZJ0123456789.epochnowtodayCSTUTC+8', 1 + floor(random() * 40)::int, 1)
                                ELSE c END, '' ORDER BY i) AS m
         FROM unnest(string_to_array(seeds.t || repeat(' ', g - g), NULL)) WITH ORDINALITY AS x (c, i)) AS mut;
SELECT is((SELECT count(*) FROM fuzz_times, LATERAL ecocomp._read_timestamptz(m, CASE WHEN length(m) % 2 = 0 THEN 'Asia/Shanghai' END) r
           WHERE (r.value IS NULL) = (r.problem IS NULL)),
          0::bigint, '5000 mutated timestamps: each read or refused with a reason, none raising');
SELECT is((SELECT count(*) FROM generate_series(1, 2000) g,
                LATERAL (SELECT (random() - 0.5) * 10 ^ (floor(random() * 631) - 323) AS raw,
                                (10 ^ (floor(random() * 20) - 10))::numeric AS factor) AS x
           WHERE ecocomp._convert_unit(x.raw, x.factor) IS NOT NULL
             AND NOT ecocomp._convert_unit(x.raw, x.factor) BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308),
          0::bigint, '2000 random conversions across the whole double range: finite or NULL, none raising');

SELECT * FROM finish();
ROLLBACK;

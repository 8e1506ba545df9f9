-- ecocomp.assessment(): hand-computed cases.  Every expected number is
-- worked out in the comments (local times are Asia/Shanghai, UTC+8).
SET client_min_messages = warning;
SET extra_float_digits = 0;

INSERT INTO ecocomp.section (code, waterbody, target_class) VALUES
    ('as_a1', 'river', 'III'),   -- a month with a gap, a non-detect, flow at other times
    ('as_js', 'river', 'III'),   -- domain.md WE-3 (Jiangsu flux formula) from raw data
    ('as_tz', 'lake', 'II'),     -- period boundaries in local time
    ('as_nf', 'river', NULL);    -- no flow, no target

-- A1, June 2024 (30 days).  Days are counted from 2024-06-01 00:00+08.
-- flow: day 0 -> 10, day 10 -> 20, day 25 -> 10 m3/s.
-- NH3-N: day 2 -> 0.8, day 4 -> 1.2, day 6 -> 1.0, (gap) day 20 -> 2.0,
--        day 24 -> non-detect at detection limit 0.2.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value, censored)
SELECT 'as_a1', p, timestamptz '2024-06-01 00:00+08' + d * interval '1 day', v, c
FROM (VALUES ('flow', 0, 10.0, false), ('flow', 10, 20.0, false), ('flow', 25, 10.0, false),
             ('NH3-N', 2, 0.8, false), ('NH3-N', 4, 1.2, false), ('NH3-N', 6, 1.0, false),
             ('NH3-N', 20, 2.0, false), ('NH3-N', 24, 0.2, true)) AS x (p, d, v, c);
-- A sample at 00:00 on 1 July (local) belongs to July, not June.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
VALUES ('as_a1', 'NH3-N', '2024-07-01 00:00+08', 0.4);

-- Flow: each sample stands for the time from halfway to its neighbours,
-- the first and last ones reach the month's bounds:
--   day 0 covers [0,5] = 5 d, day 10 covers [5,17.5] = 12.5 d,
--   day 25 covers [17.5,30] = 12.5 d.
--   integral = 10*5 + 20*12.5 + 10*12.5 = 425 m3/s*d
--   flow_mean = 425/30 = 14.166667 m3/s; volume = 425*86400 = 36 720 000 m3.
-- NH3-N ('half'): values 0.8 1.2 1.0 2.0 0.1 -> mean 5.1/5 = 1.02, class IV
--   (1.0 < 1.02 <= 1.5), misses III, exceedance multiple 0.02/1.0 = 0.02,
--   samples meeting III (<= 1.0): 0.8, 1.0, 0.1 -> 3.
-- Flow at the sample times (linear between flow samples):
--   day 2: 12, day 4: 14, day 6: 16, day 20: 20-10*10/15 = 13.333333,
--   day 24: 20-10*14/15 = 10.666667.
-- Sample intervals: day 2 [0,3] 3 d, day 4 [3,5] 2 d, day 6 [5,13] 8 d,
--   day 20 [13,22] 9 d, day 24 [22,30] 8 d.
-- load = (0.8*12*3 + 1.2*14*2 + 1.0*16*8 + 2.0*13.333333*9 + 0.1*10.666667*8)
--        g/s*d * 86.4 kg/(g/s*d) = 438.933333 * 86.4 = 37 923.84 kg
-- load above 1.0 mg/L = (0.2*14*2 + 1.0*13.333333*9) * 86.4 = 125.6 * 86.4
--        = 10 851.84 kg
SELECT parameter, period, samples, censored_samples, round(mean::numeric, 6) AS mean,
       mean_class, target_class, target_limit, meets_target,
       round(exceedance_multiple::numeric, 6) AS exc_mult, samples_meeting_target AS n_meet,
       round(flow_mean_m3s::numeric, 6) AS flow_mean, round(volume_m3::numeric, 3) AS volume,
       round(load_kg::numeric, 6) AS load_kg, round(exceedance_load_kg::numeric, 6) AS exc_load_kg
FROM ecocomp.assessment('[2024-06-01,2024-08-01)', section_codes => '{as_a1}')
ORDER BY parameter, period;

-- The other censored rules: 'zero' -> mean 5.0/5 = 1.0 (class III, meets),
-- 'limit' -> mean 5.2/5 = 1.04.
SELECT r, round(mean::numeric, 6) AS mean, mean_class, meets_target, samples_meeting_target
FROM unnest(ARRAY['zero', 'limit', 'half']) AS r,
     ecocomp.assessment('[2024-06-01,2024-07-01)', 'month', 'Asia/Shanghai', '{as_a1}', r)
WHERE parameter = 'NH3-N'
ORDER BY r;

SELECT ecocomp.nd_value(0.2, true) AS half, ecocomp.nd_value(0.2, true, 'limit') AS lim,
       ecocomp.nd_value(0.2, true, 'zero') AS zero, ecocomp.nd_value(0.2, false, 'zero') AS detected;

-- WE-3 (domain.md §7): April 2024, 30 days, flow 10 m3/s all month (daily
-- samples at 08:00).  NH3-N and TP every third day at 12:00 from 2 April
-- (each sample stands for exactly 3 days): NH3-N 1.2/1.4 alternating (mean
-- 1.30), TP 0.20/0.30 (mean 0.25), CODMn 5.0.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'as_js', 'flow', timestamptz '2024-04-01 08:00+08' + d * interval '1 day', 10
FROM generate_series(0, 29) d
UNION ALL
SELECT 'as_js', p.code, timestamptz '2024-04-02 12:00+08' + k * interval '3 days',
       CASE WHEN k % 2 = 0 THEN p.a ELSE p.b END
FROM generate_series(0, 9) k,
     (VALUES ('NH3-N', 1.2, 1.4), ('TP', 0.20, 0.30), ('CODMn', 5.0, 5.0)) AS p (code, a, b);

-- volume = 10 * 86400 * 30 = 25 920 000 m3.
-- NH3-N: (1.30 - 1.0) * 25.92e6 / 1e6 = 7.776 t; TP: 0.05 * 25.92 = 1.296 t;
-- CODMn below target: 0.  Loads: NH3-N 1.3 * 25.92e6 / 1000 = 33 696 kg,
-- TP 6 480 kg, CODMn 129 600 kg.  Every NH3-N and TP sample is at or above
-- its limit, so the load above the limit equals (mean - limit) * volume.
-- Amounts at 10 万元/t (NH3-N, TP) and 1.5 万元/t (CODMn): 77.76 + 12.96 + 0
-- = 90.72 万元.
SELECT parameter, samples, round(mean::numeric, 6) AS mean, target_limit,
       round(volume_m3::numeric, 3) AS volume, round(load_kg::numeric, 6) AS load_kg,
       round(exceedance_load_kg::numeric, 6) AS exc_load_kg,
       round((greatest(mean - target_limit, 0) * volume_m3 / 1e6)::numeric, 6) AS tonnes,
       round((greatest(mean - target_limit, 0) * volume_m3 / 1e6
              * CASE parameter WHEN 'CODMn' THEN 1.5 ELSE 10 END)::numeric, 4) AS wan_yuan
FROM ecocomp.assessment('[2024-04-01,2024-05-01)', section_codes => '{as_js}')
WHERE parameter <> 'flow'
ORDER BY parameter;

-- Time zones: 2024-12-31 23:30+08 is December in Beijing; 2025-01-01
-- 00:30+08 is January in Beijing but still 31 December in UTC.  Lake TP
-- limits: class II 0.025.  December: non-detect 0.01 -> 0.005 and 0.02 ->
-- mean 0.0125; January: 0.04, class III, multiple (0.04-0.025)/0.025 = 0.6.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value, censored) VALUES
    ('as_tz', 'TP', '2024-12-10 00:00+08', 0.01, true),
    ('as_tz', 'TP', '2024-12-31 23:30+08', 0.02, false),
    ('as_tz', 'TP', '2025-01-01 00:30+08', 0.04, false);
SELECT tz, period, samples, censored_samples, round(mean::numeric, 6) AS mean, mean_class,
       meets_target, round(exceedance_multiple::numeric, 6) AS exc_mult, flow_mean_m3s, load_kg
FROM unnest(ARRAY['Asia/Shanghai', 'UTC']) AS tz,
     ecocomp.assessment('[2024-12-01,2025-02-01)', 'month', tz, '{as_tz}')
ORDER BY tz, period;

-- Quarter and year units, clipped to the argument period: the A1 samples of
-- June fall in Q2 clipped to [2024-06-01,2024-08-01), July's in Q3.
SELECT u, parameter, period, samples
FROM unnest(ARRAY['quarter', 'year']) AS u,
     ecocomp.assessment('[2024-06-01,2024-08-01)', u, section_codes => '{as_a1}')
ORDER BY u, parameter, period;

-- No target class, no flow: the figures that need them are NULL.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value) VALUES
    ('as_nf', 'DO', '2024-03-05 10:00+08', 6.5), ('as_nf', 'DO', '2024-03-20 10:00+08', 5.5);
SELECT parameter, samples, mean, mean_class, target_class, target_limit, meets_target,
       exceedance_multiple, samples_meeting_target, flow_mean_m3s, volume_m3, load_kg,
       exceedance_load_kg
FROM ecocomp.assessment('[2024-03-01,2024-04-01)', section_codes => '{as_nf}');

-- Bad arguments.
\set SHOW_CONTEXT never
SELECT * FROM ecocomp.assessment('[2024-01-01,2025-01-01)', 'week');
SELECT * FROM ecocomp.assessment('[2024-01-01,2025-01-01)', censored_rule => 'third');
SELECT * FROM ecocomp.assessment('[2024-01-01,2025-01-01)', time_zone => 'Mars/Olympus');
SELECT * FROM ecocomp.assessment('[2024-01-01,)');
SELECT count(*) FROM ecocomp.assessment('empty');

DELETE FROM ecocomp.observation WHERE section_code LIKE 'as\_%';
DELETE FROM ecocomp.section WHERE code LIKE 'as\_%';

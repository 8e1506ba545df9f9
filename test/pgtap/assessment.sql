-- Loads, flow-weighted means, Beale's estimator, non-detects and the
-- assessment: hand-computed values, order-independent combining, text
-- round trips of the states, errors, and the C assessment against a plain
-- SQL formulation of the same rules on generated data.
\set ON_ERROR_STOP 1
\set QUIET 1
BEGIN;
SELECT plan(57);

-- Section A1 of test/sql/assessment.sql: days from 2024-06-01 00:00+08.
-- Concentration rows carry no flow, flow rows no concentration.
CREATE TEMP TABLE a1 (t timestamptz, c float8, q float8);
INSERT INTO a1
SELECT timestamptz '2024-06-01 00:00+08' + d * interval '1 day', c, q
FROM (VALUES (0, NULL, 10.0), (10, NULL, 20.0), (25, NULL, 10.0),
             (2, 0.8, NULL), (4, 1.2, NULL), (6, 1.0, NULL), (20, 2.0, NULL),
             (24, 0.1, NULL)) AS x (d, c, q);
\set june 'tstzrange(''2024-06-01 00:00+08'', ''2024-07-01 00:00+08'')'

-- Over June: 438.9333 g/s·d × 86.4 = 37 923.84 kg (see test/sql/assessment.sql).
SELECT is(round(ecocomp.load_kg(t, c, q, :june)::numeric, 6), 37923.840000,
          'load_kg over June: interval method, flow interpolated at the sample times')
FROM a1;
-- First to last sample (day 2 to day 24): weights 1, 2, 8, 9, 2 days:
-- 9.6 + 33.6 + 128 + 240 + 2.1333 = 413.3333 g/s·d × 86.4 = 35 712 kg.
SELECT is(round(ecocomp.load_kg(t, c, q)::numeric, 6), 35712.000000,
          'load_kg without a period integrates from the first to the last sample')
FROM a1;
-- Above 1.0 mg/L: 0.2·14·2 + 1.0·13.33·9 = 125.6 g/s·d → 10 851.84 kg either way
-- (the end samples are below the limit).
SELECT is(round(ecocomp.exceedance_load_kg(t, c, q, 1.0, :june)::numeric, 6), 10851.840000,
          'exceedance_load_kg over June') FROM a1;
SELECT is(round(ecocomp.exceedance_load_kg(t, c, q, 1.0)::numeric, 6), 10851.840000,
          'exceedance_load_kg first to last sample') FROM a1;
SELECT is(ecocomp.exceedance_load_kg(t, c, q, 5.0), 0::float8,
          'nothing above a limit no sample reaches') FROM a1;
-- 1 mg/L at 1 m³/s for one day, flow paired on the same rows: 86.4 kg.
SELECT is(ecocomp.load_kg(t, 1.0, 1.0), 86.4::float8, '1 mg/L × 1 m³/s × 1 day = 86.4 kg')
FROM (VALUES (timestamptz '2024-01-01 00:00+08'), ('2024-01-02 00:00+08')) AS x (t);
SELECT is(ecocomp.load_kg(t, c, NULL), NULL, 'no flow: no load') FROM a1;
SELECT is(ecocomp.load_kg(t, NULL, q), NULL, 'no concentration: no load') FROM a1;
SELECT is(ecocomp.load_kg(t, c, q), NULL, 'no rows: NULL') FROM a1 WHERE false;

-- Beale: daily flows (samples at noon) 20 20 10 20 20 20 20 30 20 20 over 10
-- days (mean 20 m³/s); TP 1 mg/L on day 2 and 2 mg/L on day 7 at noon, when
-- the flows are 10 and 30.  l = {10, 60}, l̄ 35, q̄ 20, S_lq 500, S_qq 200,
-- θ = 1/2 − 1/10 = 0.4: 20·(35/20)·(1 + 0.4·500/700)/(1 + 0.4·200/400)
-- = 37.5 g/s × 10 d × 86.4 = 32 400 kg.  The interval method on the same
-- data: (1·10·5 + 2·30·5) g/s·d × 86.4 = 30 240 kg.
CREATE TEMP TABLE bl (t timestamptz, c float8, q float8);
INSERT INTO bl
SELECT timestamptz '2024-03-01 12:00+08' + d * interval '1 day', NULL::float8,
       (ARRAY[20, 20, 10, 20, 20, 20, 20, 30, 20, 20])[d + 1]::float8
FROM generate_series(0, 9) d
UNION ALL VALUES (timestamptz '2024-03-03 12:00+08', 1.0, NULL::float8), ('2024-03-08 12:00+08', 2.0, NULL);
\set march 'tstzrange(''2024-03-01 00:00+08'', ''2024-03-11 00:00+08'')'
SELECT is(round(ecocomp.beale_load_kg(t, c, q, :march)::numeric, 6), 32400.000000,
          'beale_load_kg: Beale''s ratio estimator by hand') FROM bl;
SELECT is(round(ecocomp.load_kg(t, c, q, :march)::numeric, 6), 30240.000000,
          'load_kg on the same sparse data') FROM bl;
SELECT is(ecocomp.flow_weighted_mean(c, q), 1.75::float8,
          'flow_weighted_mean: (1·10 + 2·30) / 40')
FROM (VALUES (1.0, 10.0), (2.0, 30.0), (NULL, 5.0), (3.0, NULL)) AS x (c, q);
SELECT is(ecocomp.flow_weighted_mean(c, q), NULL, 'flow_weighted_mean without flow: NULL')
FROM (VALUES (1.0, 0.0)) AS x (c, q);

-- Combining partial states in any order, after a text round trip, gives the
-- same load (what parallel workers and Citus nodes do).
CREATE AGGREGATE pg_temp.series_state(timestamptz, float8, float8, tstzrange) (
    SFUNC = ecocomp._series_accum, STYPE = float8[]);
CREATE TEMP TABLE parts AS
SELECT (SELECT pg_temp.series_state(t, c, q, :june) FROM (SELECT *, row_number() OVER (ORDER BY t) r FROM a1) x WHERE r % 3 = 0) AS s0,
       (SELECT pg_temp.series_state(t, c, q, :june) FROM (SELECT *, row_number() OVER (ORDER BY t) r FROM a1) x WHERE r % 3 = 1) AS s1,
       (SELECT pg_temp.series_state(t, c, q, :june) FROM (SELECT *, row_number() OVER (ORDER BY t) r FROM a1) x WHERE r % 3 = 2) AS s2;
SELECT is(round(ecocomp._load_final(ecocomp._series_combine(ecocomp._series_combine(s0, s1), s2))::numeric, 6),
          37923.840000, 'combine s0, s1, s2') FROM parts;
SELECT is(round(ecocomp._load_final(ecocomp._series_combine(s2, ecocomp._series_combine(s1, s0)))::numeric, 6),
          37923.840000, 'combine s2, (s1, s0)') FROM parts;
SELECT is(round(ecocomp._load_final(ecocomp._series_combine(s1::text::float8[],
              ecocomp._series_combine(s2::text::float8[], s0::text::float8[])))::numeric, 6),
          37923.840000, 'combine after a text round trip') FROM parts;
SELECT ok(s0::text::float8[] = s0, 'a state survives its text form exactly') FROM parts;
SELECT throws_ok($$SELECT ecocomp._series_combine(
                     (SELECT pg_temp.series_state(t, c, q, tstzrange('2024-06-01 00:00+08', '2024-08-01 00:00+08')) FROM a1),
                     (SELECT pg_temp.series_state(t, c, q, tstzrange('2024-06-01 00:00+08', '2024-07-01 00:00+08')) FROM a1))$$,
                 '22023', 'load aggregate states with different limits or periods',
                 'states of different periods do not combine');
SELECT throws_ok($$SELECT ecocomp._load_final('{1,2,3}')$$, '22P03', NULL,
                 'a foreign array is not taken for a state');

-- Several series in one group: (t0, 1.0, 10), (t0, 3.0, 10), (t0 + 2 d, 1.0, 10)
-- gave 3 456 kg in one order and 1 728 kg in the other (the first of the two
-- t0 samples gets weight 0, the second 1 day: 3.0 or 1.0 × 10 × 86.4 kg, plus
-- 1.0 × 10 × 86.4 for the last day).  Now refused in either order.
SELECT throws_ok($$SELECT ecocomp._load_final(ecocomp._series_combine(
                     ecocomp._series_accum(NULL, timestamptz '2024-01-01 00:00+08', 1.0, 10.0),
                     ecocomp._series_accum(ecocomp._series_accum(NULL, timestamptz '2024-01-01 00:00+08', 3.0, 10.0),
                                           timestamptz '2024-01-03 00:00+08', 1.0, 10.0)))$$,
                 '22023', 'load aggregate over several series', 'two concentrations at one time are refused');
SELECT throws_ok($$SELECT ecocomp._load_final(ecocomp._series_combine(
                     ecocomp._series_accum(ecocomp._series_accum(NULL, timestamptz '2024-01-01 00:00+08', 3.0, 10.0),
                                           timestamptz '2024-01-03 00:00+08', 1.0, 10.0),
                     ecocomp._series_accum(NULL, timestamptz '2024-01-01 00:00+08', 1.0, 10.0)))$$,
                 '22023', 'load aggregate over several series', 'in the other order too');
SELECT throws_ok($$SELECT ecocomp.load_kg(t, c, q)
                   FROM (VALUES (timestamptz '2024-01-01 00:00+08', 1.0, NULL), ('2024-01-01 00:00+08', NULL, 10.0),
                                ('2024-01-01 00:00+08', NULL, 12.0), ('2024-01-02 00:00+08', 1.0, 10.0)) x (t, c, q)$$,
                 '22023', 'load aggregate over several series', 'two different flows at one time are refused');
-- One series, the middle sample a day later: weights 0.5, 1, 0.5 days,
-- (1.0·10·0.5 + 3.0·10·1 + 1.0·10·0.5) × 86.4 = 40 × 86.4 = 3 456 kg in both orders;
-- a concentration row and a flow row at one time (and a flow repeated) are one sample.
SELECT is(round(ecocomp.load_kg(t, c, q)::numeric, 6), 3456.000000,
          'one series: a concentration row and a flow row at one time are one sample')
FROM (VALUES (timestamptz '2024-01-01 00:00+08', 1.0, NULL), ('2024-01-01 00:00+08', NULL, 10.0),
             ('2024-01-02 00:00+08', 3.0, 10.0), ('2024-01-02 00:00+08', NULL, 10.0),
             ('2024-01-03 00:00+08', 1.0, 10.0)) x (t, c, q);

-- Hand-made states: a NaN time looped forever in the sort (deaf to cancel).
SET LOCAL statement_timeout = '20s';
SELECT throws_ok($$SELECT ecocomp._load_final('{1001,3,NaN,NaN,NaN,0, 5,1,1, NaN,1,1, 1,1,1}')$$,
                 '22P03', NULL, 'a load state with a NaN time is refused, not sorted');
SELECT throws_ok($$SELECT ecocomp._series_combine('{1001,1,NaN,NaN,NaN,0, 5,1,1}',
                                                  '{1001,1,NaN,NaN,NaN,0, NaN,1,1}')$$,
                 '22P03', NULL, 'combine refuses a state with a NaN time');
SELECT throws_ok($$SELECT ecocomp._beale_final('{1001,2,NaN,0,1e12,0, 5,1,-1, 7,1,1}')$$,
                 '22P03', NULL, 'a load state with a negative flow is refused');
SELECT throws_ok($$SELECT * FROM ecocomp._assess_rows('{2001,3,NaN,1, 2048,1, 4096,1}', ARRAY['TP'],
                     ARRAY['2000-01-01 00:00+00', '2001-01-01 00:00+00']::timestamptz[], 'river', 'III', 'half')$$,
                 '22P03', NULL, 'an assessment state with a NaN key is refused, not sorted');
RESET statement_timeout;

-- Negative flows (22023): they would turn a load or a weight around.
SELECT throws_ok($$SELECT ecocomp.load_kg(now(), 1.0, -1.0)$$, '22023',
                 'negative flow', 'load_kg rejects a negative flow');
SELECT throws_ok($$SELECT ecocomp.exceedance_load_kg(now(), 1.0, -0.5, 0.2)$$, '22023',
                 'negative flow', 'exceedance_load_kg rejects a negative flow');
SELECT throws_ok($$SELECT ecocomp.beale_load_kg(now(), NULL, -3.0, tstzrange(now(), now() + interval '1 day'))$$,
                 '22023', 'negative flow', 'beale_load_kg rejects a negative flow');
SELECT throws_ok($$SELECT ecocomp.flow_weighted_mean(1.0, -1.0)$$, '22023',
                 'negative flow', 'flow_weighted_mean rejects a negative flow');
-- The state as one sorted run (merged straight into the parameters) and as
-- 300 runs of one record (sorted first): the same rows.
SELECT is((SELECT array_agg(r::text ORDER BY r::text) FROM (
              SELECT (ecocomp._assess_rows(ecocomp._assess_collect(t, p, v, false, ARRAY['NH3-N', 'TP', 'flow'] ORDER BY t DESC, p),
                                           ARRAY['NH3-N', 'TP', 'flow'], ARRAY['2024-01-01', '2024-01-11', '2024-02-01']::timestamptz[],
                                           'river', 'III', 'half')) AS r
              FROM (SELECT timestamptz '2024-01-01 00:00+00' + k * interval '2 hours' AS t, p, 0.1 + (k % 7) / 10.0 AS v
                    FROM generate_series(0, 99) k, unnest(ARRAY['NH3-N', 'TP', 'flow']) p) x) y),
          (SELECT array_agg(r::text ORDER BY r::text) FROM (
              SELECT (ecocomp._assess_rows(ecocomp._assess_collect(t, p, v, false, ARRAY['NH3-N', 'TP', 'flow'] ORDER BY t, p),
                                           ARRAY['NH3-N', 'TP', 'flow'], ARRAY['2024-01-01', '2024-01-11', '2024-02-01']::timestamptz[],
                                           'river', 'III', 'half')) AS r
              FROM (SELECT timestamptz '2024-01-01 00:00+00' + k * interval '2 hours' AS t, p, 0.1 + (k % 7) / 10.0 AS v
                    FROM generate_series(0, 99) k, unnest(ARRAY['NH3-N', 'TP', 'flow']) p) x) y),
          'an assessment state in time order and in reverse order give the same rows');
-- A NULL element among the codes crashed the server.
SELECT throws_ok($$SELECT * FROM ecocomp._assess_rows('{2001,1,2048,1}', ARRAY['TP', NULL],
                     ARRAY['2000-01-01 00:00+00', '2001-01-01 00:00+00']::timestamptz[], 'river', 'III', 'half')$$,
                 '22004', 'parameter codes must not contain NULL', '_assess_rows rejects a NULL code');

-- Errors.
SELECT throws_ok($$SELECT ecocomp.nd_value(0.2, true, 'third')$$, '22023',
                 'invalid censored rule "third"', 'nd_value rejects an unknown rule');
SELECT throws_ok($$SELECT ecocomp.load_kg(now(), -1.0, 1.0)$$, '22003',
                 'negative concentration', 'a negative concentration is an error');
SELECT throws_ok($$SELECT ecocomp.load_kg(now(), 'NaN'::float8, 1.0)$$, '22003',
                 'concentration is not finite', 'a NaN concentration is an error');
SELECT throws_ok($$SELECT ecocomp.load_kg(now(), 1.0, 'Infinity'::float8)$$, '22003',
                 'flow is not finite', 'an infinite flow is an error');
SELECT throws_ok($$SELECT ecocomp.exceedance_load_kg(t, 1.0, 1.0, l)
                   FROM (VALUES (now(), 1.0), (now() + interval '1 day', 2.0)) x (t, l)$$, '22023',
                 'limit of exceedance_load_kg changes within a group', 'the limit must not change');
SELECT throws_ok($$SELECT ecocomp.exceedance_load_kg(now(), 1.0, 1.0, NULL)$$, '22004',
                 'limit of exceedance_load_kg must not be NULL', 'the limit must be given');
SELECT throws_ok($$SELECT ecocomp.load_kg(timestamptz '2024-07-01 00:00+08', 1.0, 1.0,
                     tstzrange('2024-06-01 00:00+08', '2024-07-01 00:00+08'))$$, '22023',
                 'observation outside the period of a load aggregate', 'samples must lie in the period');
SELECT throws_ok($$SELECT ecocomp.load_kg(now(), 1.0, 1.0, tstzrange(now(), NULL))$$, '22023',
                 'period of a load aggregate must be bounded and not empty', 'the period must be bounded');
SELECT throws_ok($$SELECT ecocomp.flow_weighted_mean(-1.0, 1.0)$$, '22003',
                 'negative concentration', 'flow_weighted_mean rejects a negative concentration');
SELECT lives_ok($$SELECT ecocomp.load_kg(timestamptz '2024-07-01 00:00+08', 1.0, 1.0,
                    '[2024-06-01 00:00+08,2024-07-01 00:00+08]'::tstzrange)$$,
                'a closed period includes its end');

-- The assessment: states collected in parts combine in any order.
INSERT INTO ecocomp.section (code, waterbody, target_class) VALUES
    ('at_1', 'river', 'III'), ('at_2', 'lake', 'II'), ('at_3', 'river', NULL);
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value, censored)
SELECT s, p, timestamptz '2024-01-01 00:00+08' + (k * 7 + length(s || p)) * interval '1 hour',
       CASE p WHEN 'flow' THEN 5 + (k * 37 % 23) WHEN 'DO' THEN 3 + (k * 13 % 7)
              WHEN 'pH' THEN 6 + (k % 4) * 0.7 ELSE (k * 29 % 17) / 10.0 END,
       p IN ('TP', 'NH3-N') AND k % 5 = 0
FROM unnest(ARRAY['at_1', 'at_2', 'at_3']) s,
     unnest(ARRAY['flow', 'TP', 'NH3-N', 'CODMn', 'DO', 'pH', 'water_temp', 'SO4']) p,
     generate_series(0, 1500) k
WHERE NOT (s = 'at_3' AND p = 'flow') AND (k * 11 + length(p)) % 9 <> 0;
CREATE TEMP TABLE st AS
WITH o AS (SELECT *, row_number() OVER (ORDER BY observed_at DESC, parameter) % 2 AS half
           FROM ecocomp.observation WHERE section_code = 'at_1' AND observed_at < '2025-01-01 00:00+08')
SELECT (SELECT ecocomp._assess_collect(observed_at, parameter, value, censored, ARRAY(SELECT code FROM ecocomp.parameter ORDER BY code)) FROM o WHERE half = 0) AS a,
       (SELECT ecocomp._assess_collect(observed_at, parameter, value, censored, ARRAY(SELECT code FROM ecocomp.parameter ORDER BY code)) FROM o WHERE half = 1) AS b;
-- (two states side by side: their headers summed, then the records of one and of the other)
\set rows 'SELECT r.* FROM st, ecocomp._assess_rows(ARRAY[2001, (%1$s)[2] + (%2$s)[2]] || (%1$s)[3:] || (%2$s)[3:], ARRAY(SELECT code FROM ecocomp.parameter ORDER BY code), ARRAY(SELECT d::timestamp AT TIME ZONE ''Asia/Shanghai'' FROM generate_series(date ''2024-01-01'', ''2025-01-01'', interval ''1 month'') d ORDER BY d), ''river'', ''III'', ''half'') r'
SELECT set_eq(format(:'rows', 'a', 'b'), format(:'rows', 'b', 'a'),
              '_assess_collect states put together in either order give the same rows');
SELECT set_eq(format(:'rows', 'a', 'b'), format(:'rows', 'b::text::float8[]', 'a::text::float8[]'),
              '... and after a text round trip');
SELECT is((SELECT count(*) FROM st, ecocomp._assess_rows(ARRAY[2001, a[2] + b[2]] || a[3:] || b[3:], ARRAY(SELECT code FROM ecocomp.parameter ORDER BY code),
              ARRAY['2024-01-01 00:00+08', '2025-01-01 00:00+08']::timestamptz[], 'river', 'III', 'half')),
          8::bigint, 'one row per parameter for a single unit');

-- The C assessment equals the same rules written in plain SQL.
CREATE FUNCTION pg_temp.assessment_ref(a_period daterange, a_unit text, a_time_zone text,
                                        a_section_codes text[], a_censored_rule text)
RETURNS SETOF ecocomp.assessment_row
LANGUAGE plpgsql STABLE AS $$
DECLARE
    step interval;
    argp daterange := $1;
    unit text := $2;
    tz text := $3;
    codes text[] := $4;
    rule text := $5;
BEGIN
    -- called with valid arguments only: the errors are tested on assessment() itself
    step := CASE unit WHEN 'month' THEN interval '1 month'
                      WHEN 'quarter' THEN interval '3 months'
                      WHEN 'year' THEN interval '1 year' END;
    RETURN QUERY
    WITH units AS (
        SELECT greatest(g::date, lower(argp)) AS d0,
               least((g + step)::date, upper(argp)) AS d1
        FROM generate_series(date_trunc(unit, lower(argp)::timestamp),
                             (upper(argp) - 1)::timestamp, step) AS g
    ), ub AS (
        SELECT u.d0, u.d1,
               (u.d0::timestamp AT TIME ZONE tz) AS t0,
               (u.d1::timestamp AT TIME ZONE tz) AS t1
        FROM units u
    ), obs AS (
        SELECT o.section_code AS sc, o.parameter AS par, o.observed_at AS t,
               extract(epoch FROM o.observed_at)::float8 AS e,
               extract(epoch FROM ub.t0)::float8 AS e0,
               extract(epoch FROM ub.t1)::float8 AS e1,
               ub.d0, ub.d1, ub.t0, ub.t1,
               ecocomp.nd_value(o.value, o.censored, rule) AS v, o.censored AS cens
        FROM ecocomp.observation o
        JOIN ub ON o.observed_at >= ub.t0 AND o.observed_at < ub.t1
        WHERE codes IS NULL OR o.section_code = ANY (codes)
    ), w AS (
        -- interval method: a sample stands for the time from halfway to its
        -- previous sample (or the unit start) to halfway to its next one (or
        -- the unit end); this is the trapezoid rule with the end samples
        -- extended to the unit bounds.
        SELECT obs.*,
               coalesce((obs.e + lead(obs.e) OVER s) / 2, obs.e1)
                 - coalesce((obs.e + lag(obs.e) OVER s) / 2, obs.e0) AS wt
        FROM obs
        WINDOW s AS (PARTITION BY obs.sc, obs.par, obs.d0 ORDER BY obs.e)
    ), flow AS (
        SELECT w.sc, w.d0, sum(w.v * w.wt) / (max(w.e1) - max(w.e0)) AS qmean
        FROM w WHERE w.par = 'flow'
        GROUP BY w.sc, w.d0
    ), paired AS (
        -- flow at the time of each sample: linear interpolation between the
        -- flow samples before and after it in the same unit period, the
        -- nearest flow sample beyond the first or last one.
        SELECT w.*, CASE
                   WHEN fp.t IS NULL THEN fn.q
                   WHEN fn.t IS NULL OR fn.t = fp.t THEN fp.q
                   ELSE fp.q + (fn.q - fp.q) * extract(epoch FROM w.t - fp.t)::float8
                                             / extract(epoch FROM fn.t - fp.t)::float8
               END AS q
        FROM w
        LEFT JOIN LATERAL (
            SELECT f.observed_at AS t, ecocomp.nd_value(f.value, f.censored, rule) AS q
            FROM ecocomp.observation f
            WHERE f.section_code = w.sc AND f.parameter = 'flow'
              AND f.observed_at >= w.t0 AND f.observed_at <= w.t
            ORDER BY f.observed_at DESC LIMIT 1) fp ON true
        LEFT JOIN LATERAL (
            SELECT f.observed_at AS t, ecocomp.nd_value(f.value, f.censored, rule) AS q
            FROM ecocomp.observation f
            WHERE f.section_code = w.sc AND f.parameter = 'flow'
              AND f.observed_at >= w.t AND f.observed_at < w.t1
            ORDER BY f.observed_at LIMIT 1) fn ON true
    ), g AS (
        SELECT p.sc, p.par, p.d0, p.d1, max(p.e1) - max(p.e0) AS secs,
               count(*) AS n, count(*) FILTER (WHERE p.cens) AS ncens, avg(p.v) AS m,
               s.waterbody AS wb, s.target_class AS tc, pc.kind, pc.unit, pc.builtin,
               CASE WHEN pc.builtin AND s.target_class IS NOT NULL
                    THEN ecocomp.gb3838_limit(p.par, s.target_class, s.waterbody) END AS lim,
               CASE WHEN pc.builtin AND s.target_class IS NOT NULL
                         AND ecocomp.gb3838_class(p.par, 0, s.waterbody) IS NOT NULL
                    THEN count(*) FILTER (WHERE ecocomp.gb3838_class(p.par, p.v, s.waterbody)
                                                <= s.target_class) END AS nmeet,
               sum(p.v * p.q * p.wt) / 1000 AS load,
               sum(p.q * p.wt) AS vol_check
               , array_agg(p.v ORDER BY p.e) AS vs, array_agg(p.q * p.wt ORDER BY p.e) AS qw
        FROM paired p
        JOIN ecocomp.section s ON s.code = p.sc
        JOIN ecocomp.parameter pc ON pc.code = p.par
        GROUP BY p.sc, p.par, p.d0, p.d1, s.waterbody, s.target_class, pc.kind, pc.unit, pc.builtin
    )
    SELECT g.sc, g.par, daterange(g.d0, g.d1), g.n, g.ncens, g.m,
           CASE WHEN g.builtin THEN ecocomp.gb3838_class(g.par, g.m, g.wb) END,
           g.tc, g.lim,
           CASE WHEN g.builtin THEN ecocomp.gb3838_class(g.par, g.m, g.wb) <= g.tc END,
           CASE WHEN g.kind = 'upper' AND g.lim > 0 THEN greatest(g.m - g.lim, 0) / g.lim END,
           g.nmeet,
           f.qmean, f.qmean * g.secs,
           CASE WHEN f.qmean IS NOT NULL AND g.builtin AND g.unit = 'mg/L' AND g.par <> 'flow' THEN g.load END,
           CASE WHEN f.qmean IS NOT NULL AND g.builtin AND g.unit = 'mg/L' AND g.par <> 'flow'
                     AND g.kind = 'upper' AND g.lim IS NOT NULL
                THEN (SELECT sum(greatest(x.v - g.lim, 0) * x.qw) / 1000
                      FROM unnest(g.vs, g.qw) AS x (v, qw)) END
    FROM g
    LEFT JOIN flow f ON f.sc = g.sc AND f.d0 = g.d0
    ORDER BY 1, 2, 3;
END $$;

\set cols 'section_code, parameter, period, samples, censored_samples, round(mean::numeric, 9) AS m, mean_class, target_class, target_limit, meets_target, round(exceedance_multiple::numeric, 9) AS em, samples_meeting_target, round(flow_mean_m3s::numeric, 6) AS fm, round(volume_m3::numeric, 3) AS vol, round(load_kg::numeric, 6) AS ld, round(exceedance_load_kg::numeric, 6) AS el'
SELECT set_eq(format('SELECT %s FROM ecocomp.assessment(''[2024-01-01,2024-12-01)'', %L, %L, ''{at_1,at_2,at_3}'', %L)', :'cols', u, z, r),
              format('SELECT %s FROM pg_temp.assessment_ref(''[2024-01-01,2024-12-01)'', %L, %L, ''{at_1,at_2,at_3}'', %L)', :'cols', u, z, r),
              format('assessment equals the SQL formulation (%s, %s, %s)', u, z, r))
FROM (VALUES ('month', 'Asia/Shanghai', 'half'), ('quarter', 'UTC', 'limit'),
             ('year', 'Asia/Shanghai', 'zero'), ('month', 'America/New_York', 'half')) AS x (u, z, r);
SELECT is((SELECT count(*) FROM ecocomp.assessment('[2024-01-01,2024-12-01)', 'month', section_codes => '{at_1,at_2,at_3}')),
          (SELECT count(DISTINCT (section_code, parameter, date_trunc('month', observed_at AT TIME ZONE 'Asia/Shanghai')))
           FROM ecocomp.observation WHERE section_code LIKE 'at\_%'
             AND observed_at >= '2024-01-01 00:00+08' AND observed_at < '2024-12-01 00:00+08'),
          'one row per section, parameter and month with samples');
SELECT ok((SELECT bool_and(load_kg IS NULL AND flow_mean_m3s IS NULL) FROM ecocomp.assessment('[2024-01-01,2025-01-01)', section_codes => '{at_3}')),
          'a section without flow has no flow, volume or loads');

-- A parameter outside the built-in catalogue: means and counts, no classes or loads.
INSERT INTO ecocomp.parameter (code, name_en, name_zh, unit, kind) VALUES ('at_dye', 'tracer dye', '示踪剂', 'mg/L', 'upper');
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
VALUES ('at_1', 'at_dye', '2024-02-10 00:00+08', 3), ('at_1', 'at_dye', '2024-02-20 00:00+08', 5);
SELECT results_eq($$SELECT samples, mean, mean_class, target_limit, load_kg IS NULL
                    FROM ecocomp.assessment('[2024-02-01,2024-03-01)', section_codes => '{at_1}')
                    WHERE parameter = 'at_dye'$$,
                  $$VALUES (2::bigint, 4::float8, NULL::ecocomp.wq_class, NULL::float8, true)$$,
                  'a user parameter is averaged but neither classed nor loaded');
SET LOCAL work_mem = '5MB';
SELECT count(*) FROM ecocomp.assessment('[2024-01-01,2025-01-01)', section_codes => '{at_1}') \gset
SELECT is(current_setting('work_mem'), '5MB', 'assessment() gives the caller''s work_mem back');
SELECT throws_ok($$SELECT ecocomp._assess_collect(now(), 'TP', 1.0, false, ARRAY['NH3-N'])$$,
                 '22023', 'unknown parameter "TP"', '_assess_collect rejects a code outside its list');
SELECT throws_ok($$SELECT * FROM ecocomp._assess_rows('{2001,1,1e300,1}', ARRAY['TP'],
                     ARRAY['2024-01-01', '2025-01-01']::timestamptz[], 'river', 'III', 'half')$$,
                 '22P03', NULL, '_assess_rows rejects a state it did not write');
SELECT throws_ok($$SELECT ecocomp._assess_collect(now(), 'TP', NULL, false, ARRAY['TP'])$$,
                 '22004', NULL, '_assess_collect rejects incomplete observations');

SELECT * FROM finish();
ROLLBACK;

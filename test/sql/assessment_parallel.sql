-- The assessment aggregates under a parallel plan: EXPLAIN shows partial
-- aggregation, and the results equal those of the serial plan.
SET client_min_messages = warning;
SET extra_float_digits = 0;

INSERT INTO ecocomp.section (code, waterbody, target_class) VALUES
    ('ap_1', 'river', 'III'), ('ap_2', 'river', 'II'), ('ap_3', 'lake', 'III');
-- Two months of 4-hourly data (Dec 2024 - Jan 2025, Beijing time) for flow,
-- NH3-N and TP at three sections; every 7th TP sample is a non-detect.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value, censored)
SELECT s.code, p.code, timestamptz '2024-12-01 02:00+08' + k * interval '4 hours',
       CASE p.code WHEN 'flow' THEN 20 + 10 * sin(k / 30.0) + s.n
                   WHEN 'NH3-N' THEN 0.6 + 0.5 * sin(k / 7.0 + s.n)
                   ELSE 0.1 + 0.08 * cos(k / 11.0 + s.n) END,
       p.code = 'TP' AND k % 7 = 0
FROM (VALUES ('ap_1', 1), ('ap_2', 2), ('ap_3', 3)) AS s (code, n),
     (VALUES ('flow'), ('NH3-N'), ('TP')) AS p (code),
     generate_series(0, 6 * 62 - 1) AS k;
ANALYZE ecocomp.observation;

CREATE FUNCTION pg_temp.plan_matches(query text, pattern text, with_analyze boolean DEFAULT false)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE format('EXPLAIN (COSTS OFF, ANALYZE %s, TIMING OFF, SUMMARY OFF) %s',
                               CASE WHEN with_analyze THEN 'on' ELSE 'off' END, query) LOOP
        IF line ~ pattern THEN
            RETURN true;
        END IF;
    END LOOP;
    RETURN false;
END $$;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;

-- The query assessment() runs, and the public aggregates.
\set collect 'SELECT o.section_code, ecocomp._assess_collect(o.observed_at, o.parameter, o.value, o.censored, ARRAY[''NH3-N'', ''TP'', ''flow'']) FROM ecocomp.observation o WHERE o.section_code LIKE ''ap\\_%'' GROUP BY o.section_code'
\set loads 'SELECT ecocomp.load_kg(observed_at, CASE WHEN parameter = ''TP'' THEN value END, CASE WHEN parameter = ''flow'' THEN value END, tstzrange(''2024-12-01 00:00+08'', ''2025-02-01 00:00+08'')), ecocomp.exceedance_load_kg(observed_at, CASE WHEN parameter = ''TP'' THEN value END, CASE WHEN parameter = ''flow'' THEN value END, 0.1), ecocomp.beale_load_kg(observed_at, CASE WHEN parameter = ''TP'' THEN value END, CASE WHEN parameter = ''flow'' THEN value END, tstzrange(''2024-12-01 00:00+08'', ''2025-02-01 00:00+08'')), ecocomp.flow_weighted_mean(value, 20.0) FROM ecocomp.observation WHERE section_code = ''ap_1'''
SELECT pg_temp.plan_matches(:'collect', 'Partial (Hash|Group)?Aggregate') AS collect_partial,
       pg_temp.plan_matches(:'collect', 'Finalize (Hash|Group)?Aggregate') AS collect_finalize,
       pg_temp.plan_matches(:'collect', 'Workers Launched: [1-9]', true) AS collect_workers,
       pg_temp.plan_matches(:'loads', 'Partial Aggregate') AS loads_partial,
       pg_temp.plan_matches(:'loads', 'Workers Launched: [1-9]', true) AS loads_workers;

CREATE TEMP TABLE par_rows AS
SELECT * FROM ecocomp.assessment('[2024-12-01,2025-02-01)', section_codes => '{ap_1,ap_2,ap_3}');
CREATE TEMP TABLE par_loads AS :loads;
-- assessment() inside a query that could run in parallel: the function is
-- PARALLEL UNSAFE (it sets work_mem for its own query), so this plans
-- serially instead of failing in a worker.
SELECT count(*) AS rows_joined
FROM ecocomp.assessment('[2024-12-01,2025-02-01)', section_codes => '{ap_1,ap_2,ap_3}') a
JOIN (SELECT section_code, count(*) AS n FROM ecocomp.observation GROUP BY 1) o USING (section_code);

SET max_parallel_workers_per_gather = 0;
SELECT pg_temp.plan_matches(:'collect', 'Partial') AS serial_partial;
CREATE TEMP TABLE ser_rows AS
SELECT * FROM ecocomp.assessment('[2024-12-01,2025-02-01)', section_codes => '{ap_1,ap_2,ap_3}');
CREATE TEMP TABLE ser_loads AS :loads;

-- 3 sections x 3 parameters x 2 months, identical (the states are sorted
-- before any sum, so even the last bits agree).
SELECT (SELECT count(*) FROM par_rows) AS parallel_rows,
       (SELECT count(*) FROM ser_rows) AS serial_rows,
       (SELECT count(*) FROM (SELECT * FROM par_rows EXCEPT SELECT * FROM ser_rows) d) AS only_parallel,
       (SELECT count(*) FROM (SELECT * FROM ser_rows EXCEPT SELECT * FROM par_rows) d) AS only_serial;
SELECT round(p.load_kg::numeric, 6) = round(s.load_kg::numeric, 6) AS load_same,
       round(p.exceedance_load_kg::numeric, 6) = round(s.exceedance_load_kg::numeric, 6) AS exc_same,
       round(p.beale_load_kg::numeric, 6) = round(s.beale_load_kg::numeric, 6) AS beale_same,
       round(p.flow_weighted_mean::numeric, 9) = round(s.flow_weighted_mean::numeric, 9) AS fwm_same
FROM par_loads p, ser_loads s;
-- 186 samples a month in December (31 days x 6) and January; 27 of the
-- 186 December TP samples are non-detects (k = 0, 7, ..., 182).
SELECT section_code, parameter, period, samples, censored_samples
FROM ser_rows WHERE section_code = 'ap_1' ORDER BY 2, 3;

-- A load over several sections at once: samples of different sections share
-- timestamps, and the order in which rows and partial states arrive would
-- decide the result (it differed by up to 41 % between runs).  It is refused
-- under the parallel plan and the serial one alike, naming the fix ...
SET max_parallel_workers_per_gather = 2;
\set multi 'SELECT ecocomp.load_kg(observed_at, CASE WHEN parameter = ''TP'' THEN value END, CASE WHEN parameter = ''flow'' THEN value END) FROM ecocomp.observation WHERE section_code LIKE ''ap\\_%'''
SELECT pg_temp.plan_matches(:'multi', 'Partial Aggregate') AS multi_partial;
:multi;
SET max_parallel_workers_per_gather = 0;
:multi;
-- ... and the fix (one load per section, summed) is the same in both plans:
-- each section's state is sorted before any sum, so its load is the same to
-- the last bit; the three are summed in section order.
\set per_section 'SELECT sum(l ORDER BY section_code) FROM (SELECT section_code, ecocomp.load_kg(observed_at, CASE WHEN parameter = ''TP'' THEN value END, CASE WHEN parameter = ''flow'' THEN value END) AS l FROM ecocomp.observation WHERE section_code LIKE ''ap\\_%'' GROUP BY section_code) s'
CREATE TEMP TABLE ser_sum AS :per_section;
SET max_parallel_workers_per_gather = 2;
SELECT pg_temp.plan_matches(:'per_section', 'Partial (Hash|Group)?Aggregate') AS per_section_partial;
CREATE TEMP TABLE par_sum AS :per_section;
SELECT p.sum = s.sum AS per_section_identical FROM par_sum p, ser_sum s;

-- The same rows stored in reverse time order: each parameter's samples now
-- arrive as one run per sample, so they are sorted instead of merged; the
-- 18 rows are the same.
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ap_obs AS SELECT * FROM ecocomp.observation WHERE section_code LIKE 'ap\_%';
DELETE FROM ecocomp.observation WHERE section_code LIKE 'ap\_%';
INSERT INTO ecocomp.observation SELECT * FROM ap_obs ORDER BY observed_at DESC, parameter DESC;
CREATE TEMP TABLE rev_rows AS
SELECT * FROM ecocomp.assessment('[2024-12-01,2025-02-01)', section_codes => '{ap_1,ap_2,ap_3}');
SELECT (SELECT count(*) FROM rev_rows) AS reversed_rows,
       (SELECT count(*) FROM (SELECT * FROM rev_rows EXCEPT SELECT * FROM ser_rows) d) AS only_reversed,
       (SELECT count(*) FROM (SELECT * FROM ser_rows EXCEPT SELECT * FROM rev_rows) d) AS only_serial;

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DELETE FROM ecocomp.observation WHERE section_code LIKE 'ap\_%';
DELETE FROM ecocomp.section WHERE code LIKE 'ap\_%';

-- Network benchmark (run by test/bench/network.sh): labelling time and
-- memory, and upstream navigation against three baselines on the same
-- generated network, in the same run.
\set ON_ERROR_STOP 1
\pset pager off
SET client_min_messages = notice;
CREATE EXTENSION IF NOT EXISTS pgrouting;

-- median of :runs timings of a query, in ms (after one warm-up run); a
-- run of a query under 20 ms executes it repeatedly, for about 20 ms, and
-- counts the mean of those, so that sub-millisecond figures do not measure
-- the clock and the scheduler
CREATE FUNCTION public.time_ms(q text, runs int) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    t timestamptz;
    ms float8[] := '{}';
    reps int;
BEGIN
    t := clock_timestamp();
    EXECUTE q;
    reps := least(1000, greatest(1, ceil(20 / greatest(0.001, 1000 * extract(epoch FROM clock_timestamp() - t)))))::int;
    FOR i IN 1..runs LOOP
        t := clock_timestamp();
        FOR j IN 1..reps LOOP
            EXECUTE q;
        END LOOP;
        ms := ms || (1000 * extract(epoch FROM clock_timestamp() - t) / reps)::float8;
    END LOOP;
    RETURN (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(ms) x);
END $$;

CREATE FUNCTION public.peak_rss_mb() RETURNS float8 LANGUAGE sql AS $$
    SELECT (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'), 'VmHWM:\s+(\d+) kB'))[1]::float8 / 1024 $$;
CREATE FUNCTION public.rss_mb() RETURNS float8 LANGUAGE sql AS $$
    SELECT (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'), 'VmRSS:\s+(\d+) kB'))[1]::float8 / 1024 $$;

CREATE TABLE labelling (reaches bigint, run text, seconds float8, backend_peak_rss_mb float8);

-- ---------------------------------------------------------------------
-- Labelling: three sizes to show linear growth, then a second run on the
-- unchanged 1 M network (nothing to write back).
\echo == labelling
CREATE TABLE gen (reach_id bigint, next_down bigint, next_down_minor bigint, length_km float8, local_area_km2 float8);
\set load on
\set run first
\set reaches 250000
\set divergences 75
\ir network_label.sql
\set reaches 500000
\set divergences 150
\ir network_label.sql
\set reaches 1000000
\set divergences 300
\ir network_label.sql
\set load off
\set run 'again, unchanged'
\ir network_label.sql
DROP TABLE gen;
SELECT reaches, run, round(seconds::numeric, 2) AS seconds,
       round((1e6 * seconds / reaches)::numeric, 2) AS us_per_reach,
       round(backend_peak_rss_mb::numeric) AS backend_peak_rss_mb
  FROM labelling ORDER BY reaches, run DESC;

-- What writing the labels of 1 M reaches costs PostgreSQL itself, with no
-- ecocomp code involved: the floor under a refresh's write.  A bulk write
-- of the label rows and their three indexes (what navigation's copy needs),
-- and one UPDATE of the label columns of every row of reach (what the
-- public columns need when every label changes; rolled back, and the table
-- rewritten afterwards so the navigation baselines below read it unbloated).
\echo == the write floor on the 1 M network, s
CREATE TABLE write_floor (step text, seconds float8);
SELECT clock_timestamp() AS t0 \gset
CREATE TABLE label_copy AS SELECT * FROM ecocomp._reach_label;
INSERT INTO write_floor SELECT 'bulk write of the label rows (CREATE TABLE AS)', extract(epoch FROM clock_timestamp() - :'t0');
SELECT clock_timestamp() AS t0 \gset
CREATE UNIQUE INDEX ON label_copy (reach_id);
CREATE INDEX ON label_copy (nav_lo) INCLUDE (reach_id, path_km);
CREATE INDEX ON label_copy (level_path_id, hydroseq) INCLUDE (reach_id, path_km);
INSERT INTO write_floor SELECT 'their three indexes', extract(epoch FROM clock_timestamp() - :'t0');
DROP TABLE label_copy;
BEGIN;
SELECT clock_timestamp() AS t0 \gset
UPDATE ecocomp.reach SET hydroseq = hydroseq, terminal_id = terminal_id, level_path_id = level_path_id,
       strahler = strahler, shreve = shreve, up_area_km2 = up_area_km2, arbolate_km = arbolate_km,
       path_km = path_km, nav_lo = nav_lo, nav_hi = nav_hi, pfaf = pfaf;
SELECT extract(epoch FROM clock_timestamp() - :'t0') AS update_s \gset
ROLLBACK;
INSERT INTO write_floor VALUES ('UPDATE of the label columns of every row of reach', :update_s);
VACUUM FULL ecocomp.reach;
SELECT step, round(seconds::numeric, 2) AS seconds FROM write_floor;

VACUUM ANALYZE ecocomp.reach;
VACUUM ANALYZE ecocomp._reach_label;
VACUUM ANALYZE ecocomp._reach_nav_extra;

\echo == the network
SELECT count(*) AS reaches,
       count(*) FILTER (WHERE next_down IS NULL) AS outlets,
       count(*) FILTER (WHERE next_down_minor IS NOT NULL) AS divergences,
       max(strahler) AS max_strahler,
       count(DISTINCT level_path_id) AS level_paths,
       (SELECT count(*) FROM ecocomp._reach_nav_extra) AS extra_ranges
  FROM ecocomp.reach;
-- depth: reaches on the longest main path (DM of the farthest headwater)
SELECT count(*) AS longest_main_path_reaches
  FROM ecocomp.navigate((SELECT reach_id FROM ecocomp.reach ORDER BY path_km DESC LIMIT 1), 'DM');

-- ---------------------------------------------------------------------
-- Upstream navigation.  Starts: the reaches whose upstream set is closest
-- to 1 k, 10 k, 100 k reaches, and the outlet (whole basin).
\echo == upstream navigation (UT), median of :runs runs, ms
-- (sizes: starts with no water from minor paths, so the set is one range;
-- "divergent": the start whose upstream set takes the most ranges of
-- _reach_nav_extra, i.e. the most water arriving through minor paths)
CREATE TEMP TABLE starts AS
SELECT DISTINCT ON (target) target::text AS label, target, r.reach_id AS start
  FROM (VALUES (1000), (10000), (100000)) AS t(target), ecocomp.reach r
 WHERE r.nav_hi - r.nav_lo + 1 BETWEEN target * 0.9 AND target * 1.1
   AND NOT EXISTS (SELECT FROM ecocomp._reach_nav_extra e WHERE e.reach_id = r.reach_id)
 ORDER BY target, abs(r.nav_hi - r.nav_lo + 1 - target), r.reach_id;
INSERT INTO starts
SELECT 'divergent', 200000, reach_id FROM ecocomp._reach_nav_extra
 GROUP BY reach_id ORDER BY count(*) DESC, reach_id LIMIT 1;
INSERT INTO starts SELECT 'whole basin', count(*),
       (SELECT reach_id FROM ecocomp.reach
         WHERE next_down IS NULL ORDER BY nav_hi - nav_lo DESC LIMIT 1)
  FROM ecocomp.reach;

CREATE TEMP TABLE nav_bench (label text, target bigint, start bigint, rows_ecocomp bigint, rows_cte bigint, rows_pgr bigint,
                             identical boolean, ecocomp_ms float8, floor_ms float8, srf_floor_ms float8,
                             cte_ms float8, pgr_ms float8);

-- The floor returned by a set-returning function: the same range scan in
-- the simplest one there is.  Every function in FROM hands its rows over
-- in a tuplestore, which the bare scan of the floor does not pay for.
CREATE FUNCTION pg_temp.srf_floor(lo bigint, hi bigint) RETURNS SETOF bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT reach_id FROM ecocomp._reach_label WHERE nav_lo BETWEEN lo AND hi;
END $$;

DO $$
DECLARE
    s record;
    lo bigint;
    n bigint;
    ut text;
    fl text;
    srf text;
    cte text;
    pgr text;
    edges text := 'SELECT reach_id AS id, next_down AS source, reach_id AS target, 1.0::float8 AS cost '
                  'FROM ecocomp.reach WHERE next_down IS NOT NULL '
                  'UNION ALL SELECT -reach_id, next_down_minor, reach_id, 1.0::float8 '
                  'FROM ecocomp.reach WHERE next_down_minor IS NOT NULL '
                  'UNION ALL SELECT -(reach_id * 1000 + row_number() OVER ()), down_id, reach_id, 1.0::float8 '
                  'FROM ecocomp.reach_minor_link';
    a_eco bigint[];
    a_cte bigint[];
    a_pgr bigint[];
    runs int := current_setting('bench.runs')::int;
    slow_runs int := greatest(1, least(runs, 3));
BEGIN
    FOR s IN SELECT * FROM starts ORDER BY target LOOP
        ut := format('SELECT count(*) FROM ecocomp.navigate(%s, ''UT'')', s.start);
        cte := format('WITH RECURSIVE ut(id) AS (SELECT %s::bigint UNION SELECT x.reach_id FROM ut, LATERAL '
                      '(SELECT reach_id FROM ecocomp.reach WHERE next_down = ut.id UNION ALL '
                      ' SELECT reach_id FROM ecocomp.reach WHERE next_down_minor = ut.id UNION ALL '
                      ' SELECT reach_id FROM ecocomp.reach_minor_link WHERE down_id = ut.id) x) '
                      'SELECT count(*) FROM ut', s.start);
        -- pgr_breadthFirstSearch lists the reached reaches; the start itself only as a source
        pgr := format('SELECT count(*) + 1 FROM pgr_breadthFirstSearch(%L, %s::bigint) WHERE node <> %s',
                      edges, s.start, s.start);
        -- identical result sets
        a_eco := ARRAY(SELECT x FROM ecocomp.navigate(s.start, 'UT') x ORDER BY 1);
        EXECUTE format('SELECT array_agg(id ORDER BY id) FROM (WITH RECURSIVE ut(id) AS (SELECT %s::bigint UNION '
                       'SELECT x.reach_id FROM ut, LATERAL (SELECT reach_id FROM ecocomp.reach WHERE next_down = ut.id '
                       'UNION ALL SELECT reach_id FROM ecocomp.reach WHERE next_down_minor = ut.id '
                       'UNION ALL SELECT reach_id FROM ecocomp.reach_minor_link WHERE down_id = ut.id) x) SELECT id FROM ut) q',
                       s.start) INTO a_cte;
        EXECUTE format('SELECT array_agg(node ORDER BY node) FROM (SELECT node FROM pgr_breadthFirstSearch(%L, %s::bigint) '
                       'UNION SELECT %s) q', edges, s.start, s.start) INTO a_pgr;
        n := cardinality(a_eco);
        SELECT nav_lo INTO lo FROM ecocomp.reach WHERE reach_id = s.start;
        -- the floor: one index range scan returning the same number of rows
        -- (on navigation's indexed copy of the labels)
        fl := format('SELECT count(*) FROM ecocomp._reach_label WHERE nav_lo BETWEEN %s AND %s', lo, lo + n - 1);
        srf := format('SELECT count(*) FROM pg_temp.srf_floor(%s, %s)', lo, lo + n - 1);
        INSERT INTO nav_bench VALUES (
            s.label, s.target, s.start, n, cardinality(a_cte), cardinality(a_pgr),
            a_eco = a_cte AND a_eco = a_pgr,
            public.time_ms(ut, runs), public.time_ms(fl, runs), public.time_ms(srf, runs),
            public.time_ms(cte, CASE WHEN n > 50000 THEN slow_runs ELSE runs END),
            public.time_ms(pgr, slow_runs));
    END LOOP;
END $$;

SELECT label AS upstream_set, rows_ecocomp AS rows, identical,
       round(ecocomp_ms::numeric, 2) AS ecocomp_ms, round(floor_ms::numeric, 2) AS floor_ms,
       round((ecocomp_ms / floor_ms)::numeric, 2) AS vs_floor,
       round(srf_floor_ms::numeric, 2) AS srf_floor_ms, round((ecocomp_ms / srf_floor_ms)::numeric, 2) AS vs_srf_floor,
       round(cte_ms::numeric, 1) AS cte_ms, round((cte_ms / ecocomp_ms)::numeric, 1) AS cte_slower,
       round(pgr_ms::numeric, 1) AS pgr_ms, round((pgr_ms / ecocomp_ms)::numeric, 1) AS pgr_slower
  FROM nav_bench ORDER BY target;
SELECT bool_and(rows_ecocomp = rows_cte AND rows_ecocomp = rows_pgr AND identical) AS all_identical FROM nav_bench;

-- ---------------------------------------------------------------------
\echo == other modes from the 100 k start, median of :runs runs, ms
SELECT m AS mode, (SELECT count(*) FROM ecocomp.navigate(s.start, m)) AS rows,
       round(public.time_ms(format('SELECT count(*) FROM ecocomp.navigate(%s, %L)', s.start, m),
                             current_setting('bench.runs')::int)::numeric, 2) AS ms
  FROM starts s, unnest(ARRAY['UM', 'DM', 'DD']) m
 WHERE s.label = '100000';
SELECT round(public.time_ms(
           'SELECT count(*) FILTER (WHERE ecocomp.is_upstream(a, b)) FROM (SELECT reach_id AS a, '
           '(SELECT start FROM starts WHERE label = ''100000'') AS b FROM ecocomp.reach LIMIT 10000) x',
           current_setting('bench.runs')::int)::numeric / 10000 * 1000, 1) AS is_upstream_us_per_call;

-- Driven by test/bench/allocate.sh.
SET client_min_messages = warning;
CREATE TEMP TABLE w AS
SELECT i, (1 + floor(random() * 1000000))::float8 AS w FROM generate_series(1, :n) i;
CREATE TEMP TABLE wa AS SELECT array_agg(w ORDER BY i) AS a FROM w;
ANALYZE w;

-- The baseline: floor of each exact share in fen, then one fen more to the
-- largest remainders (ties to the lower index), in numeric.
CREATE FUNCTION pg_temp.sql_allocate(total numeric) RETURNS TABLE (i int, fen numeric) LANGUAGE sql AS $$
    WITH s AS (SELECT sum(w::numeric) AS ws FROM w),
         p AS (SELECT w.i, total * 100 * w.w::numeric / s.ws AS share FROM w, s),
         f AS (SELECT p.i, floor(p.share) AS fl, p.share - floor(p.share) AS rem FROM p),
         left_over AS (SELECT total * 100 - sum(fl) AS k FROM f)
    SELECT f.i, f.fl + CASE WHEN row_number() OVER (ORDER BY f.rem DESC, f.i) <= (SELECT k FROM left_over) THEN 1 ELSE 0 END
    FROM f
$$;

\ir best_ms.sql

\pset footer off
WITH r AS (
    SELECT pg_temp.best_ms($$SELECT cardinality(ecocomp.allocate(100000000, (SELECT a FROM wa)))$$, :runs) AS allocate_ms,
           pg_temp.best_ms($$SELECT count(*) FROM pg_temp.sql_allocate(100000000)$$, :runs) AS sql_ms
)
SELECT :n AS weights, round(allocate_ms::numeric, 1) AS allocate_ms, round(sql_ms::numeric, 1) AS sql_baseline_ms,
       round((allocate_ms / sql_ms)::numeric, 3) AS ratio,
       (SELECT sum(x) FROM unnest(ecocomp.allocate(100000000, (SELECT a FROM wa))) x) AS allocate_sum,
       (SELECT count(*) FROM pg_temp.sql_allocate(100000000) s
        JOIN unnest(ecocomp.allocate(100000000, (SELECT a FROM wa))) WITH ORDINALITY AS c (y, k) ON c.k = s.i
        WHERE c.y * 100 <> s.fen) AS parts_differing
FROM r;

-- Driven by test/bench/waste.sh.
SET client_min_messages = warning;
\pset footer off

-- A mesh of county squares (0.25 degrees) in a 60-column grid; prefectures of
-- 3 x 3 counties, provinces of 3 x 3 prefectures, as parents without
-- boundaries of their own (roll-up goes through parent_code).
INSERT INTO ecocomp.jurisdiction (code, name, level, parent_code, geom)
SELECT 'p' || pr, 'province ' || pr, 'province', NULL, NULL
FROM (SELECT DISTINCT (i % 60) / 9 + 100 * ((i / 60) / 9) AS pr FROM generate_series(0, :counties - 1) i) s;
INSERT INTO ecocomp.jurisdiction (code, name, level, parent_code, geom)
SELECT 'f' || pf, 'prefecture ' || pf, 'prefecture', 'p' || min(pr), NULL
FROM (SELECT (i % 60) / 3 + 100 * ((i / 60) / 3) AS pf, (i % 60) / 9 + 100 * ((i / 60) / 9) AS pr
      FROM generate_series(0, :counties - 1) i) s GROUP BY pf;
INSERT INTO ecocomp.jurisdiction (code, name, level, parent_code, geom)
SELECT 'c' || i, 'county ' || i, 'county', 'f' || ((i % 60) / 3 + 100 * ((i / 60) / 3)),
       -- boundaries as real ones are: a vertex every 0.005 degrees (about 500 m)
       ST_Multi(ST_Segmentize(ST_MakeEnvelope(100 + (i % 60) * 0.25, 20 + (i / 60) * 0.25,
                                              100.25 + (i % 60) * 0.25, 20.25 + (i / 60) * 0.25, 4326), 0.005))
FROM generate_series(0, :counties - 1) i;

-- A wetland of 10 000 vertices: a disc up to 2.5 degrees across with a wavy
-- edge, in the middle of the mesh.
INSERT INTO ecocomp.protected_area (area_id, name, kind, geom)
SELECT 'lake', 'Lake', 'wetland', ST_Multi(ST_MakePolygon(ST_MakeLine(array_agg(
           ST_MakePoint(107.5 + r * (1 + 0.04 * sin(40 * a)) * cos(a), y0 + r * (1 + 0.04 * sin(40 * a)) * sin(a)) ORDER BY k))))
FROM (SELECT k, 2 * pi() * (k % 9999) / 9999 AS a,
             20 + ceil(:counties / 60.0) * 0.125 AS y0,             -- the middle of the mesh
             least(1.25, ceil(:counties / 60.0) * 0.1) AS r
      FROM generate_series(0, 9999) k) s;
UPDATE ecocomp.protected_area SET geom = ST_SetSRID(geom, 4326);

-- Manifests of 2024 between random counties.
INSERT INTO ecocomp.waste_transfer (manifest_no, waste_code, tonnes, origin_code, destination_code, shipped_at)
SELECT 'M' || i, '900-041-' || lpad((1 + i % 50)::text, 2, '0'), round((1 + random() * 50)::numeric, 3),
       'c' || floor(random() * :counties)::int, 'c' || floor(random() * :counties)::int,
       '2024-01-01 00:00+08'::timestamptz + random() * interval '365 days'
FROM generate_series(1, :manifests) i;
ANALYZE;

\ir best_ms.sql

-- The baseline knows each county's province and prefecture in advance.  Both
-- sides sum what they return, so that the planner computes every column.
CREATE TEMP TABLE up AS
SELECT c.code, f.code AS prefecture, f.parent_code AS province
FROM ecocomp.jurisdiction c JOIN ecocomp.jurisdiction f ON f.code = c.parent_code WHERE c.level = 'county';
ANALYZE up;
\set baseline_prov 'SELECT o.province, d.province, w.hw_category, sum(w.tonnes) AS tonnes, count(*) AS manifests FROM ecocomp.waste_transfer w JOIN up o ON o.code = w.origin_code JOIN up d ON d.code = w.destination_code WHERE (w.shipped_at AT TIME ZONE ''Asia/Shanghai'')::date <@ ''[2024-01-01,2025-01-01)''::daterange GROUP BY 1, 2, 3'
\set baseline_pref 'SELECT o.prefecture, d.prefecture, w.hw_category, sum(w.tonnes) AS tonnes, count(*) AS manifests FROM ecocomp.waste_transfer w JOIN up o ON o.code = w.origin_code JOIN up d ON d.code = w.destination_code WHERE (w.shipped_at AT TIME ZONE ''Asia/Shanghai'')::date <@ ''[2024-01-01,2025-01-01)''::daterange GROUP BY 1, 2, 3'
\set subdivided_share 'WITH p AS MATERIALIZED (SELECT ST_Subdivide(geom, 256) AS geom FROM ecocomp.protected_area) SELECT j.code, sum(ST_Area(ST_Intersection(j.geom, p.geom)::geography)) / 1e6 AS km2 FROM ecocomp.jurisdiction j JOIN p ON ST_Intersects(j.geom, p.geom) WHERE j.level = ''county'' GROUP BY j.code'
\set naive_share 'SELECT j.code, sum(ST_Area(ST_Intersection(j.geom, p.geom)::geography)) / 1e6 AS km2 FROM ecocomp.jurisdiction j JOIN ecocomp.protected_area p ON ST_Intersects(j.geom, p.geom) WHERE j.level = ''county'' GROUP BY j.code'

\echo
\echo 'transfer_matrix() over a year of manifests (best of runs, ms), beside a plain GROUP BY over a precomputed roll-up'
SELECT 'province' AS level, :manifests AS manifests,
       (SELECT count(*) FROM ecocomp.transfer_matrix('[2024-01-01,2025-01-01)', 'province')) AS matrix_rows,
       round(pg_temp.best_ms($$SELECT count(*), sum(tonnes), sum(manifests) FROM ecocomp.transfer_matrix('[2024-01-01,2025-01-01)', 'province')$$, :runs)::numeric, 1) AS ecocomp_ms,
       round(pg_temp.best_ms(format('SELECT count(*), sum(tonnes), sum(manifests) FROM (%s) x', :'baseline_prov'), :runs)::numeric, 1) AS group_by_ms,
       (SELECT count(*) FROM ecocomp.transfer_matrix('[2024-01-01,2025-01-01)', 'province') m
        FULL JOIN (SELECT o.province AS a, d.province AS b, w.hw_category AS c, sum(w.tonnes) AS t FROM ecocomp.waste_transfer w
                   JOIN up o ON o.code = w.origin_code JOIN up d ON d.code = w.destination_code GROUP BY 1, 2, 3) g
             ON (g.a, g.b, g.c) = (m.origin_code, m.destination_code, m.hw_category) AND g.t = m.tonnes
        WHERE g.a IS NULL OR m.origin_code IS NULL) AS rows_that_differ
UNION ALL
SELECT 'prefecture', :manifests,
       (SELECT count(*) FROM ecocomp.transfer_matrix('[2024-01-01,2025-01-01)', 'prefecture')),
       round(pg_temp.best_ms($$SELECT count(*), sum(tonnes), sum(manifests) FROM ecocomp.transfer_matrix('[2024-01-01,2025-01-01)', 'prefecture')$$, :runs)::numeric, 1),
       round(pg_temp.best_ms(format('SELECT count(*), sum(tonnes), sum(manifests) FROM (%s) x', :'baseline_pref'), :runs)::numeric, 1),
       NULL;

\echo
\echo 'protected_area_share() of a 10 000-vertex wetland against the county mesh (best of runs, ms), beside a naive ST_Intersection join'
\echo 'and the same join on the wetland cut into pieces of at most 256 vertices (ST_Subdivide)'
SELECT :counties AS counties, (SELECT ST_NPoints(geom) FROM ecocomp.protected_area) AS wetland_vertices,
       (SELECT count(*) FROM ecocomp.protected_area_share('county')) AS counties_covered,
       -- sum() of the areas, so that the planner cannot skip computing them
       round(pg_temp.best_ms($$SELECT sum(area_km2) FROM ecocomp.protected_area_share('county')$$, :runs)::numeric, 1) AS ecocomp_ms,
       round(pg_temp.best_ms(format('SELECT sum(km2) FROM (%s) x', :'naive_share'), :runs)::numeric, 1) AS naive_ms,
       round(pg_temp.best_ms(format('SELECT sum(km2) FROM (%s) x', :'subdivided_share'), :runs)::numeric, 1) AS subdivided_ms,
       (SELECT round(max(abs(s.area_km2 - n.km2))::numeric, 9) FROM ecocomp.protected_area_share('county') s
        JOIN (SELECT j.code, sum(ST_Area(ST_Intersection(j.geom, p.geom)::geography)) / 1e6 AS km2
              FROM ecocomp.jurisdiction j JOIN ecocomp.protected_area p ON ST_Intersects(j.geom, p.geom)
              WHERE j.level = 'county' GROUP BY j.code) n ON n.code = s.code) AS max_km2_difference;

-- Driven by test/bench/build_network.sh.
SET client_min_messages = warning;
\set rivers `cat test/data/rivers.geojson`
\set rivers_sr `cat :rsr`
CREATE TABLE ne AS
SELECT f->'properties'->>'name' AS name, ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326) AS geom
FROM jsonb_array_elements((:'rivers')::jsonb -> 'features') AS f;
CREATE TABLE ne_sr AS
SELECT f->'properties'->>'name' AS name, ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326) AS geom
FROM jsonb_array_elements(coalesce(nullif(:'rivers_sr', ''), '{"features": []}')::jsonb -> 'features') AS f;
\i test/data/nhdplus_table.sql
\copy nhd FROM 'test/data/coastal.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE coastal AS
SELECT comid, gnis_name AS name, ST_GeomFromText(wkt, 4326) AS geom FROM nhd WHERE streamorde <> -9;
-- comb: rows of 1 km segments draining west into a stem at 100E that drains south
CREATE TABLE comb AS
WITH k AS (SELECT greatest(2, ceil(sqrt(:lines))::int) AS m)
SELECT row_number() OVER () AS id, CASE WHEN random() < 0.5 THEN ST_Reverse(g) ELSE g END AS geom FROM (
    SELECT ST_SetSRID(ST_MakeLine(ST_MakePoint(100 + x * 0.01, 25 + y * 0.01),
                                  ST_MakePoint(100 + (x - 1) * 0.01, 25 + y * 0.01)), 4326) AS g
    FROM k, generate_series(1, k.m - 1) x, generate_series(0, k.m - 1) y
    UNION ALL
    SELECT ST_SetSRID(ST_MakeLine(ST_MakePoint(100, 25 + y * 0.01), ST_MakePoint(100, 25 + (y - 1) * 0.01)), 4326)
    FROM k, generate_series(1, k.m - 1) y) s;

\ir best_ms.sql

WITH sets(ord, label, rel, outlet, tol) AS (VALUES
    (1, 'Natural Earth rivers', 'ne', 'SRID=4326;POINT(119.606 32.197)', 1000),
    (2, 'Natural Earth scale_rank', 'ne_sr', 'SRID=4326;POINT(119.606 32.197)', 1000),
    (3, 'NHDPlus coastal, 29 outlets', 'coastal', NULL, 1),
    (4, 'generated comb', 'comb', 'SRID=4326;POINT(100 25)', 10)
), runs AS (
    SELECT s.*, (SELECT ST_Collect(ST_EndPoint(ST_GeomFromText(wkt, 4326))) FROM nhd WHERE terminalfl = 1) AS nhd_out
    FROM sets s
)
SELECT label,
       (SELECT count(*) FROM ne WHERE rel = 'ne') + (SELECT count(*) FROM ne_sr WHERE rel = 'ne_sr')
     + (SELECT count(*) FROM coastal WHERE rel = 'coastal') + (SELECT count(*) FROM comb WHERE rel = 'comb') AS lines,
       round(b.ms::numeric, 1) AS build_network_ms,
       round(n.ms::numeric, 1) AS st_node_ms,
       round((b.ms / nullif(n.ms, 0))::numeric, 1) AS ratio
FROM runs r,
     LATERAL (SELECT pg_temp.best_ms(format('SELECT ecocomp.build_network(%L, %L::geometry, %s)', r.rel,
                                            coalesce(r.outlet, r.nhd_out::text), r.tol), :runs,
                                            'DELETE FROM ecocomp.reach') AS ms) b,
     LATERAL (SELECT pg_temp.best_ms(format('SELECT count(*) FROM ST_Dump((SELECT ST_Node(ST_Collect(d.geom)) FROM %I, ST_Dump(geom) d))', r.rel), :runs) AS ms) n
WHERE (r.rel <> 'ne_sr' OR EXISTS (SELECT 1 FROM ne_sr))
ORDER BY r.ord;

-- build_network(): what a user sees.  Natural Earth rivers of the Yangtze
-- basin box (test/data/rivers.geojson), outlet at the end of the Yangtze line
-- near Zhenjiang, tolerance 1 km.  Inside a transaction: reach is left empty.
BEGIN;
\set rivers `cat test/data/rivers.geojson`
CREATE TEMP TABLE river AS
SELECT f->'properties'->>'name'            AS name,
       f->'properties'->>'featurecla'      AS featurecla,
       ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326)::geometry(MultiLineString, 4326) AS geom
FROM jsonb_array_elements((:'rivers')::jsonb -> 'features') AS f;
SELECT count(*) AS features, sum(ST_NumGeometries(geom)) AS parts FROM river;

SELECT reaches, junctions, split_points, overshoots_trimmed, round(trimmed_km::numeric, 1) AS trimmed_km,
       loops_broken, unreachable,
       round(unreachable_km::numeric) AS unreachable_km
FROM ecocomp.build_network('river', ST_SetSRID(ST_MakePoint(119.606, 32.197), 4326), 1000);

-- The network, from the outlet up: each reach in flow direction.
SELECT reach_id, next_down, name, round(length_km::numeric, 1) AS km,
       ST_AsText(ST_StartPoint(geom), 2) AS from_pt,
       ST_AsText(ST_EndPoint(geom), 2) AS to_pt
FROM ecocomp.reach ORDER BY reach_id;

-- The path from the Gan's source to the sea: Gan, Poyang Lake, Hukou, Yangtze.
WITH RECURSIVE path AS (
    SELECT r.reach_id, r.next_down, r.name, 1 AS step FROM ecocomp.reach r
    WHERE r.reach_id = (SELECT max(reach_id) FROM ecocomp.reach WHERE name = 'Gan')
    UNION ALL
    SELECT r.reach_id, r.next_down, r.name, p.step + 1 FROM ecocomp.reach r JOIN path p ON r.reach_id = p.next_down
)
SELECT step, reach_id, name FROM path ORDER BY step;

-- Label the network; then ask who is upstream of whom: the Han at Wuhan (10)
-- and the Gan (17) both reach the Yangtze below Hukou (3, mostly in Anhui).
SELECT ecocomp.refresh_network() AS labelled;
SELECT ecocomp.is_upstream(10, 3) AS han_to_anhui, ecocomp.is_upstream(17, 3) AS gan_to_anhui,
       ecocomp.is_upstream(3, 10) AS anhui_to_han;

-- What could not be joined, and how far it is from the network.
SELECT coalesce(name, '(unnamed)') AS name, count(*) AS pieces, round(sum(length_km)::numeric) AS km,
       round(min(gap_m)::numeric / 1000) AS gap_km
FROM ecocomp.build_network_report GROUP BY name ORDER BY name;
ROLLBACK;

-- Included (\i test/shell/lib/provinces.sql, from the repository's top) by
-- shell tests after \set codes '{340000,330000}': those provinces of
-- test/data/provinces.geojson as jurisdictions, with their boundaries.
\set provinces `cat test/data/provinces.geojson`
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, geom)
SELECT f->'properties'->>'code', f->'properties'->>'name_en', f->'properties'->>'name_zh', 'province',
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))
FROM jsonb_array_elements((:'provinces')::jsonb -> 'features') AS f
WHERE f->'properties'->>'code' = ANY (:'codes'::text[]);

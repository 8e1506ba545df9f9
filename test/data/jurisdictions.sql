-- Loads the 13 provinces and 58 prefectures of provinces.geojson and
-- prefectures.geojson into ecocomp.jurisdiction, for the demo and the
-- geography tests (\ir from a script run at the repository's root).
\set provinces `cat test/data/provinces.geojson`
\set prefectures `cat test/data/prefectures.geojson`
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, geom)
SELECT f->'properties'->>'code', f->'properties'->>'name_en', f->'properties'->>'name_zh', 'province',
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))
FROM jsonb_array_elements((:'provinces')::jsonb -> 'features') AS f;
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, parent_code, geom)
SELECT f->'properties'->>'code', f->'properties'->>'name_en', f->'properties'->>'name_zh', 'prefecture',
       f->'properties'->>'province_code', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))
FROM jsonb_array_elements((:'prefectures')::jsonb -> 'features') AS f;

-- The loading and classifying examples of docs/analyst.md, run as written.
-- In a transaction rolled back at the end: tests share one database.
BEGIN;
\set provinces `cat test/data/provinces.geojson`
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, geom)
SELECT f->'properties'->>'code', f->'properties'->>'name_en', f->'properties'->>'name_zh',
       'province', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))
FROM jsonb_array_elements((:'provinces')::jsonb -> 'features') AS f;
SELECT code, name, name_zh FROM ecocomp.jurisdiction WHERE code IN ('340000', '330000') ORDER BY code;
INSERT INTO ecocomp.section (code, name, name_zh, geom, waterbody, target_class)
VALUES ('jiekou', 'Jiekou', '街口', ST_SetSRID(ST_MakePoint(118.58, 29.85), 4326), 'river', 'II');
-- Which provinces hold the section's point?
SELECT j.code, j.name FROM ecocomp.jurisdiction j JOIN ecocomp.section s ON ST_Intersects(j.geom, s.geom);
CREATE TEMP TABLE staging (section_code text, parameter text, observed_at text,
                           value text, unit text, source text);
\copy staging FROM 'test/data/monitoring_example.csv' WITH (FORMAT csv, HEADER true)
SELECT * FROM ecocomp.import_observations('staging');
SELECT raw->>'observed_at' AS observed_at, reason FROM ecocomp.observation_reject;
SELECT parameter, observed_at AT TIME ZONE 'Asia/Shanghai' AS beijing_time, value, censored
FROM ecocomp.observation WHERE parameter IN ('NH3-N', 'TP', 'flow') ORDER BY parameter, observed_at;
-- Monthly class in Beijing time; non-detects at half their detection limit.
SELECT o.section_code,
       to_char(o.observed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
       ecocomp.section_class(o.parameter, CASE WHEN o.censored THEN o.value / 2 ELSE o.value END,
                             s.waterbody) AS class,
       count(*) AS samples
FROM ecocomp.observation o JOIN ecocomp.section s ON s.code = o.section_code
GROUP BY 1, 2 ORDER BY 1, 2;
ROLLBACK;

-- ecocomp demo: classify a year of monitoring at boundary sections of the
-- Yangtze middle reaches.  Boundaries are real (prefectures of Hubei, Hunan,
-- Jiangxi, Anhui); the monitoring values are illustrative.
\pset pager off
\pset footer off
CREATE EXTENSION ecocomp CASCADE;

\echo '== Jurisdictions (real prefecture boundaries)'
\set prefectures `cat test/data/prefectures.geojson`
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, geom)
SELECT f->'properties'->>'code', f->'properties'->>'name_en', f->'properties'->>'name_zh', 'prefecture',
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))
FROM jsonb_array_elements((:'prefectures')::jsonb -> 'features') AS f;
SELECT count(*) AS prefectures FROM ecocomp.jurisdiction;

\echo '== Monitoring sections'
INSERT INTO ecocomp.section (code, name, name_zh, geom, waterbody, target_class, upstream_code, downstream_code) VALUES
    ('chenglingji', 'Chenglingji', '城陵矶', 'SRID=4326;POINT(113.14 29.43)', 'river', 'II', '430600', '421000'),
    ('zongguan',    'Zongguan',    '宗关',   'SRID=4326;POINT(114.21 30.58)', 'river', 'II', '420100', '420100'),
    ('hukou',       'Hukou',       '湖口',   'SRID=4326;POINT(116.22 29.75)', 'lake',  'III', '360400', '340800');

\echo '== Monthly monitoring, loaded through the validating importer'
CREATE TEMP TABLE staging (section_code text, parameter text, observed_at text, value text, unit text);
INSERT INTO staging
SELECT s.code, p.parameter, format('2024-%s-05T10:00:00+08:00', lpad(m::text, 2, '0')),
       round((p.base * s.factor * (1 + 0.25 * sin(m)))::numeric, 4)::text, p.unit
FROM (VALUES ('chenglingji', 1.0), ('zongguan', 0.8), ('hukou', 1.4)) AS s (code, factor),
     (VALUES ('CODMn', 3.2, NULL), ('NH3-N', 280.0, 'µg/L'), ('TP', 0.075, 'mg/L'),
             ('DO', 8.1, NULL), ('TN', 1.6, NULL)) AS p (parameter, base, unit),
     generate_series(1, 12) AS m;
INSERT INTO staging VALUES ('hukou', 'TP', '2024-07-05 10:00', '0.09', NULL),   -- no time zone
                           ('hukou', 'TP', '2024-08-05T10:00+08', '-0.1', NULL); -- negative
SELECT * FROM ecocomp.import_observations('staging');
SELECT raw->>'observed_at' AS observed_at, reason FROM ecocomp.observation_reject ORDER BY reject_id;

\echo '== Annual class of each section (single-factor method over the 21 items)'
SELECT s.code, s.name_zh,
       ecocomp.section_class(o.parameter, o.value, s.waterbody) AS class,
       ecocomp.class_label(ecocomp.section_class(o.parameter, o.value, s.waterbody)) AS 类别,
       s.target_class AS target,
       round(ecocomp.cwqi_sum(o.parameter, o.value, s.waterbody)::numeric, 3) AS cwqi
FROM ecocomp.section s JOIN ecocomp.observation o ON o.section_code = s.code
GROUP BY s.code, s.name_zh, s.waterbody, s.target_class
ORDER BY s.code;

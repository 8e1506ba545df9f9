-- Demo part: see demo/demo.sql, which runs the parts in order.
\echo
\echo '== 1. Jurisdictions: 13 provinces and 58 prefectures (real boundaries)'
\ir ../test/data/jurisdictions.sql
-- The Chishui provinces are parties without boundaries in this data set.
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level) VALUES
    ('530000', 'Yunnan', '云南省', 'province'), ('510000', 'Sichuan', '四川省', 'province');
SELECT level, count(*) FROM ecocomp.jurisdiction GROUP BY level ORDER BY level;

\echo
\echo '== 2. River network built from Natural Earth lines (no topology), outlets at the Yangtze and Qiantang mouths'
\set rivers `cat test/data/rivers.geojson`
CREATE TEMP TABLE ne_rivers AS
SELECT f->'properties'->>'name' AS name,
       ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326)::geometry(MultiLineString, 4326) AS geom
FROM jsonb_array_elements((:'rivers')::jsonb -> 'features') AS f;
SELECT reaches, junctions, snapped_ends, unreachable
FROM ecocomp.build_network('ne_rivers', 'SRID=4326;MULTIPOINT((119.606 32.197),(120.149 30.196))', 1000);
SELECT ecocomp.refresh_network() AS reaches_labelled;

\echo 'Prefectures whose rivers drain through Wuhan (reaches upstream of the Yangtze at Wuhan):'
WITH wuhan AS (
    SELECT reach_id FROM ecocomp.reach WHERE name = 'Yangtze'
    ORDER BY geom <-> ST_SetSRID(ST_MakePoint(114.45, 30.65), 4326) LIMIT 1
)
SELECT j.parent_code AS province, string_agg(DISTINCT j.name_zh, ' ' ORDER BY j.name_zh) AS prefectures
FROM wuhan, ecocomp.upstream_reaches(wuhan.reach_id) AS up(reach_id)
JOIN ecocomp.reach r USING (reach_id)
JOIN ecocomp.jurisdiction j ON j.level = 'prefecture' AND ST_Intersects(j.geom, r.geom)
-- the Wuhan reach itself runs on downstream to the next confluence: leave it out
WHERE up.reach_id <> wuhan.reach_id
GROUP BY j.parent_code ORDER BY j.parent_code;

\echo 'Does the Gan (through Poyang Lake) reach the Yangtze in Anhui?  Does the Han?'
SELECT r.name, bool_or(ecocomp.is_upstream(r.reach_id, anhui.reach_id)) AS reaches_anhui
FROM ecocomp.reach r,
     LATERAL (SELECT a.reach_id FROM ecocomp.reach a JOIN ecocomp.jurisdiction j
              ON j.code = '340000' AND ST_Within(ST_LineInterpolatePoint(a.geom, 0.5), j.geom)
              WHERE a.name = 'Yangtze' LIMIT 1) AS anhui
WHERE r.name IN ('Gan', 'Han') GROUP BY r.name ORDER BY r.name;

\echo
\echo 'Who flows into whom: where the network crosses the boundaries (tolerance 1 km):'
SELECT ecocomp.refresh_crossings(NULL, 1000) AS rows_written;
\echo 'Province level, the middle reaches (Hubei, Hunan, Jiangxi, Anhui and their neighbours):'
SELECT f.name_zh AS "from", t.name_zh AS "to", array_to_string(fl.rivers, ', ') AS rivers, fl.crossings
FROM ecocomp.jurisdiction_flow fl
JOIN ecocomp.jurisdiction f ON f.code = fl.from_code JOIN ecocomp.jurisdiction t ON t.code = fl.to_code
WHERE fl.level = 'province' AND (fl.from_code IN ('420000', '430000', '360000', '340000')
                                 OR fl.to_code IN ('420000', '430000', '360000', '340000'))
ORDER BY fl.from_code, fl.to_code;
\echo 'Where rivers run along a province border instead (boundary stretches, not flows):'
SELECT r.name AS river, l.name_zh AS left_bank, rt.name_zh AS right_bank,
       round((ST_Length(b.geom::geography) / 1000)::numeric) AS km
FROM ecocomp.boundary_stretch b JOIN ecocomp.reach r USING (reach_id)
JOIN ecocomp.jurisdiction l ON l.code = b.left_code JOIN ecocomp.jurisdiction rt ON rt.code = b.right_code
WHERE b.level = 'province' AND r.name IN ('Yangtze', 'Chang Jiang', 'Han')
ORDER BY r.hydroseq DESC, b.from_position;
\echo 'Prefecture level, each river from upstream to downstream:'
SELECT coalesce(r.name, '(unnamed)') AS river,
       string_agg(f.name_zh || '→' || t.name_zh, ' ' ORDER BY r.hydroseq DESC, c.position) AS crossings
FROM ecocomp.crossing c JOIN ecocomp.reach r USING (reach_id)
JOIN ecocomp.jurisdiction f ON f.code = c.from_code JOIN ecocomp.jurisdiction t ON t.code = c.to_code
WHERE c.level = 'prefecture' AND r.name IS NOT NULL
GROUP BY r.name ORDER BY min(r.hydroseq) DESC;
\echo 'Upstream of Anhui, in crossings along the network:'
SELECT j.name_zh, u.hops FROM ecocomp.upstream_jurisdictions('340000') u
JOIN ecocomp.jurisdiction j USING (code) ORDER BY u.hops, u.code;
\echo
\echo '== 3. Monitoring sections at boundaries'
-- Jiekou's parties come from geometry: snap_sections() finds the Xin'an
-- (Natural Earth's Fuchun) and its Anhui -> Zhejiang crossing.  The Lu,
-- Tongshun and Chishui rivers are below Natural Earth's 1:10m scale (and
-- Yunnan and Sichuan have no boundaries here), so their parties are typed.
INSERT INTO ecocomp.section (code, name, name_zh, geom, waterbody, target_class, upstream_code, downstream_code) VALUES
    ('jiekou',      'Jiekou (Xin''an River)',     '街口',   'SRID=4326;POINT(118.58 29.85)', 'river', 'II',  NULL, NULL),
    ('jinyushi',    'Jinyushi (Lu River)',         '金鱼石', 'SRID=4326;POINT(113.58 27.63)', 'river', 'III', '360300', '430200'),
    ('tongshun',    'Tongshun River exit',         '通顺河', 'SRID=4326;POINT(113.85 30.37)', 'river', 'IV',  '429004', '420100'),
    ('qingshuipu',  'Qingshuipu (Chishui River)',  '清水铺', 'SRID=4326;POINT(105.72 27.83)', 'river', 'II',  '530000', '520000'),
    ('lianyuxi',    'Lianyuxi (Chishui River)',    '鲢鱼溪', 'SRID=4326;POINT(105.84 28.37)', 'river', 'II',  '520000', '510000');
-- Natural Earth's 1:10m lines can lie 20 km from a small river's course.
\echo 'Sections attached to the network; parties from the nearest crossing where not typed:'
SELECT section_code, reach_id, upstream_code, downstream_code, status FROM ecocomp.snap_sections(20000);
SELECT s.code, s.name_zh, up.name_zh AS upstream, dn.name_zh AS downstream, s.target_class
FROM ecocomp.section s JOIN ecocomp.jurisdiction up ON up.code = s.upstream_code
JOIN ecocomp.jurisdiction dn ON dn.code = s.downstream_code ORDER BY s.code;


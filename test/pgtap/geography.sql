-- Geography: crossings, boundary stretches, the flow graph, sections.
-- 1. six synthetic cases near the equator, answers worked out by hand;
-- 2. the real Yangtze data (test/data: 13 provinces, 58 prefectures of
--    Hubei, Hunan, Jiangxi and Anhui, Natural Earth rivers), tolerance 1 km;
-- 3. geometry hygiene and bad arguments.
-- Near the equator one degree is 111.32 km east-west (times cos(latitude):
-- 0.9994 at 2N, 0.9962 at 5N) and 110.57 km north-south.
\ir fixtures/begin.sql
SELECT plan(66);

\ir fixtures/error_detail.sql

-- 1. Synthetic, level county.  Squares 1 degree wide: a river crossing three
-- (SA, SB, SC); a river along the SD|SE border; a river leaving SF for SG
-- and coming back; a gap of 0.03 deg (3.3 km) between SH and SI; a sliver
-- where SJ and SK overlap by 0.004 deg (445 m).
INSERT INTO ecocomp.jurisdiction (code, name, level, geom) VALUES
    ('SA', 'A', 'county', 'SRID=4326;MULTIPOLYGON(((100 0,101 0,101 1,100 1,100 0)))'),
    ('SB', 'B', 'county', 'SRID=4326;MULTIPOLYGON(((101 0,102 0,102 1,101 1,101 0)))'),
    ('SC', 'C', 'county', 'SRID=4326;MULTIPOLYGON(((102 0,103 0,103 1,102 1,102 0)))'),
    ('SD', 'D', 'county', 'SRID=4326;MULTIPOLYGON(((100 2,101 2,101 3,100 3,100 2)))'),
    ('SE', 'E', 'county', 'SRID=4326;MULTIPOLYGON(((101 2,102 2,102 3,101 3,101 2)))'),
    ('SF', 'F', 'county', 'SRID=4326;MULTIPOLYGON(((100 4,103 4,103 5,102 5,102 4.5,101 4.5,101 5,100 5,100 4)))'),
    ('SG', 'G', 'county', 'SRID=4326;MULTIPOLYGON(((101 4.5,102 4.5,102 5,101 5,101 4.5)))'),
    ('SH', 'H', 'county', 'SRID=4326;MULTIPOLYGON(((100 6,101 6,101 7,100 7,100 6)))'),
    ('SI', 'I', 'county', 'SRID=4326;MULTIPOLYGON(((101.03 6,102 6,102 7,101.03 7,101.03 6)))'),
    ('SJ', 'J', 'county', 'SRID=4326;MULTIPOLYGON(((100 8,101.004 8,101.004 9,100 9,100 8)))'),
    ('SK', 'K', 'county', 'SRID=4326;MULTIPOLYGON(((101 8,102 8,102 9,101 9,101 8)))');
-- Reach 1002 comes from SD, runs 0.003 deg (334 m) west of the border for
-- 0.4 deg (44.2 km), then into SE.  Reach 1006 flows into 1007 at the SA|SB
-- border x = 101 (a junction on a border), further south.
INSERT INTO ecocomp.reach (reach_id, next_down, name, geom) VALUES
    (1001, NULL, 'three', 'SRID=4326;LINESTRING(100.5 0.5, 102.5 0.5)'),
    (1002, NULL, 'along', 'SRID=4326;LINESTRING(100.5 2.2, 100.997 2.3, 100.997 2.7, 101.5 2.8)'),
    (1003, NULL, 'back', 'SRID=4326;LINESTRING(100.5 4.6, 102.5 4.6)'),
    (1004, NULL, 'gap', 'SRID=4326;LINESTRING(100.5 6.5, 101.5 6.5)'),
    (1005, NULL, 'sliver', 'SRID=4326;LINESTRING(100.5 8.5, 101.5 8.5)'),
    (1007, NULL, 'junction', 'SRID=4326;LINESTRING(101 0.2, 101.5 0.2)'),
    (1006, 1007, 'junction', 'SRID=4326;LINESTRING(100.5 0.2, 101 0.2)');
SELECT ok(ecocomp.refresh_crossings('county') > 0, 'refresh_crossings(county) writes rows');

-- Three squares: SA -> SB at x = 101, position (101 - 100.5) / 2 = 0.25;
-- SB -> SC at x = 102, position 0.75.  No stretch.
SELECT results_eq(
    $$SELECT from_code, to_code, round(position::numeric, 6), ST_AsText(ST_SnapToGrid(geom, 1e-6))
      FROM ecocomp.crossing WHERE reach_id = 1001 ORDER BY position$$,
    $$VALUES ('SA', 'SB', 0.25::numeric, 'POINT(101 0.5)'), ('SB', 'SC', 0.75, 'POINT(102 0.5)')$$,
    'three squares: two crossings where the river enters SB and SC');
SELECT is((SELECT count(*) FROM ecocomp.boundary_stretch WHERE reach_id = 1001), 0::bigint,
    'three squares: no boundary stretch');

-- Along a border: one stretch, SD on the left bank (west, looking north),
-- at least the 44.2 km of the part along the border and less than that plus
-- the two approaches inside the tolerance (2 x 1 km / sin of the approach
-- angle, under 2 x 5 km); one crossing SD -> SE where the river leaves it,
-- at most 1 km past the border (x <= 101 + 1000 / 111 320 = 101.009).
SELECT results_eq(
    $$SELECT left_code, right_code FROM ecocomp.boundary_stretch WHERE reach_id = 1002$$,
    $$VALUES ('SD', 'SE')$$, 'along a border: one stretch, SD on the left bank');
SELECT ok((SELECT ST_Length(geom::geography) BETWEEN 44200 AND 54200 FROM ecocomp.boundary_stretch WHERE reach_id = 1002),
    'along a border: the stretch covers the 44.2 km along the border');
SELECT results_eq(
    $$SELECT from_code, to_code FROM ecocomp.crossing WHERE reach_id = 1002$$,
    $$VALUES ('SD', 'SE')$$, 'along a border: a single crossing, SD -> SE, no zig-zag');
SELECT ok((SELECT ST_X(geom) BETWEEN 101 AND 101.0091 AND ST_Y(geom) > 2.7 FROM ecocomp.crossing WHERE reach_id = 1002),
    'along a border: the crossing is where the river leaves the stretch into SE');

-- Leave and re-enter: SF -> SG at x = 101 (0.25), SG -> SF at x = 102 (0.75).
SELECT results_eq(
    $$SELECT from_code, to_code, round(position::numeric, 6) FROM ecocomp.crossing WHERE reach_id = 1003 ORDER BY position$$,
    $$VALUES ('SF', 'SG', 0.25::numeric), ('SG', 'SF', 0.75)$$,
    'leaves SF for 111 km of SG and comes back: two crossings');

-- A 3.3 km gap: one crossing, where the river enters SI: (101.03 - 100.5) / 1 = 0.53.
SELECT results_eq(
    $$SELECT from_code, to_code, round(position::numeric, 6) FROM ecocomp.crossing WHERE reach_id = 1004$$,
    $$VALUES ('SH', 'SI', 0.53::numeric)$$, 'a gap between polygons: one crossing where the river enters SI');

-- A 445 m sliver: one crossing where the river enters SK at x = 101 (0.5).
SELECT results_eq(
    $$SELECT from_code, to_code, round(position::numeric, 6) FROM ecocomp.crossing WHERE reach_id = 1005$$,
    $$VALUES ('SJ', 'SK', 0.5::numeric)$$, 'a sliver overlap: one crossing, no zig-zag');
SELECT is((SELECT count(*) FROM ecocomp.boundary_stretch WHERE reach_id IN (1004, 1005)), 0::bigint,
    'a gap or a sliver makes no stretch');

-- A junction on the border: 1006 ends in SA exactly on x = 101 and 1007
-- starts there in SB: one crossing SA -> SB on 1007 at its start.
SELECT results_eq(
    $$SELECT reach_id, from_code, to_code, round(position::numeric, 6) FROM ecocomp.crossing WHERE reach_id IN (1006, 1007)$$,
    $$VALUES (1007::bigint, 'SA', 'SB', 0::numeric)$$, 'a junction on a border is a crossing');

-- The flow graph at county level.
SELECT results_eq(
    $$SELECT from_code, to_code, crossings, rivers FROM ecocomp.jurisdiction_flow
      WHERE level = 'county' AND from_code IN ('SA', 'SB') ORDER BY 1, 2$$,
    $$VALUES ('SA', 'SB', 2, '{junction,three}'::text[]), ('SB', 'SC', 1, '{three}')$$,
    'jurisdiction_flow: pairs, crossing counts and rivers');
SELECT is((SELECT format_type(atttypid, atttypmod) FROM pg_attribute
           WHERE attrelid = 'ecocomp.jurisdiction_flow'::regclass AND attname = 'geom'),
    'geometry(MultiPoint,4326)', 'jurisdiction_flow.geom has a typmod (QGIS lists the view)');

-- Sections.  near: 1.1 km west of the SA -> SB crossing (0.01 deg at 0.5N =
-- 1 113 m); far: 55 km north of reach 1001; kept: both codes set.
-- Tolerance 2 km.
SELECT ecocomp.refresh_network();
INSERT INTO ecocomp.section (code, geom, upstream_code, downstream_code) VALUES
    ('near', 'SRID=4326;POINT(100.99 0.5)', NULL, NULL),
    ('far', 'SRID=4326;POINT(101.5 1.5)', NULL, NULL),
    ('kept', 'SRID=4326;POINT(101.5 0.501)', 'SB', 'SC'),
    ('half', 'SRID=4326;POINT(101.99 0.5)', 'SB', NULL);
SELECT results_eq(
    $$SELECT * FROM ecocomp.snap_sections(2000)$$,
    $$VALUES ('far', NULL::bigint, NULL, NULL, 'out_of_tolerance'),
             ('half', 1001::bigint, 'SB', 'SC', 'snapped'),
             ('kept', 1001::bigint, 'SB', 'SC', 'kept'),
             ('near', 1001::bigint, 'SA', 'SB', 'snapped')$$,
    'snap_sections: nearest reach and crossing; codes kept; out of tolerance listed, not guessed');
SELECT results_eq(
    $$SELECT code, reach_id, upstream_code, downstream_code FROM ecocomp.section ORDER BY code$$,
    $$VALUES ('far', NULL::bigint, NULL, NULL), ('half', 1001::bigint, 'SB', 'SC'),
             ('kept', 1001::bigint, 'SB', 'SC'), ('near', 1001::bigint, 'SA', 'SB')$$,
    'snap_sections wrote the reach and the derived codes');
-- One candidate per crossing at county level, 500 m upstream: on reach 1001
-- 500 m west of x = 101 (0.0045 deg).  The junction crossing at the start of
-- 1007 moves onto 1006, which comes from SA.
SELECT is((SELECT count(*) FROM ecocomp.propose_sections('county')),
          (SELECT count(*) FROM ecocomp.crossing WHERE level = 'county'), 'propose_sections: one per crossing');
SELECT ok((SELECT abs(ST_Distance(p.geom::geography, 'SRID=4326;POINT(101 0.5)'::geography) - 500) < 1
              AND ST_X(p.geom) < 101
           FROM ecocomp.propose_sections('county', 500) p WHERE p.reach_id = 1001 AND p.from_code = 'SA'),
    'propose_sections: 500 m upstream of the border');
SELECT results_eq(
    $$SELECT reach_id FROM ecocomp.propose_sections('county') WHERE to_code = 'SB' ORDER BY 1$$,
    $$VALUES (1001::bigint), (1006::bigint)$$, 'propose_sections: a junction crossing moves onto the upstream reach');
DELETE FROM ecocomp.section;
DELETE FROM ecocomp.crossing;
DELETE FROM ecocomp.reach;

-- 2. Real data, loaded as the demo loads it.
\ir ../data/jurisdictions.sql
\set rivers `cat test/data/rivers.geojson`
CREATE TEMP TABLE ne_rivers AS
SELECT f->'properties'->>'name' AS name,
       ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326)::geometry(MultiLineString, 4326) AS geom
FROM jsonb_array_elements((:'rivers')::jsonb -> 'features') AS f;
SELECT reaches FROM ecocomp.build_network('ne_rivers', ST_SetSRID(ST_MakePoint(119.606, 32.197), 4326), 1000);
SELECT ecocomp.refresh_network();
SELECT ok(ecocomp.refresh_crossings() > 0, 'refresh_crossings() on the Yangtze data');
SELECT is((SELECT count(*) FROM ecocomp.crossing WHERE level = 'county'), 0::bigint,
    'refresh_crossings() rewrote the levels present: the synthetic county crossings are gone with their reaches');

-- The Yangtze, province level: it runs along the Hubei|Jiangxi border from
-- Wuxue to Jiujiang, along the Anhui|Jiangxi border past Hukou and Pengze,
-- then into Anhui: Hubei -> Jiangxi, Jiangxi -> Anhui, never back.
CREATE TEMP VIEW yangtze_x AS
SELECT c.* FROM ecocomp.crossing c JOIN ecocomp.reach r USING (reach_id) WHERE r.name = 'Yangtze';
SELECT ok(EXISTS (SELECT 1 FROM yangtze_x WHERE level = 'province' AND from_code = '420000' AND to_code = '360000'),
    'Yangtze: Hubei -> Jiangxi');
SELECT ok(EXISTS (SELECT 1 FROM yangtze_x WHERE level = 'province' AND from_code = '360000' AND to_code = '340000'),
    'Yangtze: Jiangxi -> Anhui');
SELECT is((SELECT count(*) FROM yangtze_x WHERE level = 'province'
           AND (from_code, to_code) IN (('360000', '420000'), ('340000', '420000'), ('340000', '360000'))),
    0::bigint, 'Yangtze: never back from Jiangxi or Anhui to Hubei, or from Anhui to Jiangxi');
SELECT is((SELECT count(*) FROM ecocomp.boundary_stretch b JOIN ecocomp.reach r USING (reach_id)
           WHERE r.name = 'Yangtze' AND b.level = 'province'
             AND ARRAY[left_code, right_code] @> '{420000,360000}'), 1::bigint,
    'Yangtze: the Hubei|Jiangxi border is one boundary stretch');
SELECT ok((SELECT bool_and(ARRAY[left_code, right_code] @> '{340000,360000}')
           FROM ecocomp.boundary_stretch b WHERE b.level = 'province' AND reach_id = (
               SELECT reach_id FROM ecocomp.crossing c JOIN ecocomp.reach r USING (reach_id)
               WHERE r.name = 'Yangtze' AND level = 'province' AND from_code = '360000' AND to_code = '340000')),
    'Yangtze: the Jiangxi -> Anhui crossing ends the Anhui|Jiangxi stretch');
-- Prefecture level: from Huanggang (421100, Hubei) to Jiujiang (360400), from
-- Jiujiang to Anqing (340800), and no crossing back into a Hubei prefecture
-- from Jiangxi or Anhui, or into Jiangxi from Anhui.
SELECT ok(EXISTS (SELECT 1 FROM yangtze_x WHERE level = 'prefecture' AND from_code = '421100' AND to_code = '360400'),
    'Yangtze: Huanggang -> Jiujiang');
SELECT ok(EXISTS (SELECT 1 FROM yangtze_x WHERE level = 'prefecture' AND from_code = '360400' AND to_code = '340800'),
    'Yangtze: Jiujiang -> Anqing');
SELECT is((SELECT count(*) FROM yangtze_x WHERE level = 'prefecture'
           AND ((from_code ~ '^3[46]' AND to_code ~ '^42') OR (from_code ~ '^34' AND to_code ~ '^36'))),
    0::bigint, 'Yangtze: no prefecture crossing back upstream between the provinces');
SELECT ok((SELECT array_agg(code) FROM ecocomp.downstream_jurisdictions('420000')) @> '{360000,340000}',
    'Jiangxi and Anhui are downstream of Hubei');

-- The Xiang: Yongzhou -> Hengyang -> Zhuzhou -> Xiangtan -> Changsha ->
-- Yueyang (Dongting Lake), and on into the Yangtze (Hunan -> Hubei).
SELECT results_eq(
    $$SELECT from_code || '>' || to_code FROM ecocomp.crossing c JOIN ecocomp.reach r USING (reach_id)
      WHERE r.name = 'Xiang' AND c.level = 'prefecture' ORDER BY c.position$$,
    $$VALUES ('431100>430400'), ('430400>430200'), ('430200>430300'), ('430300>430100'), ('430100>430600')$$,
    'Xiang: Yongzhou, Hengyang, Zhuzhou, Xiangtan, Changsha, Yueyang, in that order');
SELECT ok((SELECT array_agg(code) FROM ecocomp.downstream_jurisdictions('430100')) @> '{430600,420100}',
    'Changsha drains to Yueyang (Dongting) and on to Wuhan');
SELECT ok(EXISTS (SELECT 1 FROM ecocomp.jurisdiction_flow WHERE level = 'province'
                  AND from_code = '430000' AND to_code = '420000'), 'Hunan flows into Hubei');

-- The Han enters Wuhan (420100) from Xiaogan (420900); Xiangyang (420600)
-- and Shiyan (420300) are upstream of Wuhan.  Hops, from the map: Shiyan ->
-- Xiangyang -> Jingmen -> Tianmen -> Xiaogan -> Wuhan is 5 crossings.
SELECT ok(EXISTS (SELECT 1 FROM ecocomp.crossing c JOIN ecocomp.reach r USING (reach_id)
                  WHERE r.name = 'Han' AND c.level = 'prefecture' AND to_code = '420100' AND from_code = '420900'),
    'Han: Xiaogan -> Wuhan');
SELECT results_eq(
    $$SELECT code, hops FROM ecocomp.upstream_jurisdictions('420100') WHERE code IN ('420600', '420300') ORDER BY code$$,
    $$VALUES ('420300', 5), ('420600', 4)$$, 'Shiyan and Xiangyang are upstream of Wuhan, 5 and 4 crossings');

-- Chongqing and Shaanxi are upstream of Anhui.  Fewest crossings: Jiangxi 1
-- (Jiangxi -> Anhui); Hubei 2 (Hubei -> Jiangxi -> Anhui: the river leaves
-- Hubei into the Jiangxi|Anhui reach of the Yangtze); Chongqing 3 (Chang
-- Jiang into Hubei); Shaanxi 3 (the Han into Hubei).
SELECT results_eq(
    $$SELECT code, hops FROM ecocomp.upstream_jurisdictions('340000') WHERE code IN ('360000', '420000', '500000', '610000') ORDER BY code$$,
    $$VALUES ('360000', 1), ('420000', 2), ('500000', 3), ('610000', 3)$$,
    'Chongqing and Shaanxi are upstream of Anhui, with the fewest crossings');
SELECT is((SELECT count(*) FROM ecocomp.upstream_jurisdictions('340000') WHERE code = '320000'), 0::bigint,
    'Jiangsu is not upstream of Anhui');
SELECT is((SELECT count(*) FROM ecocomp.downstream_jurisdictions('340000') WHERE code = '320000'), 1::bigint,
    'Jiangsu is downstream of Anhui');

-- Re-running gives the same rows (no duplicates).
SELECT is((SELECT ecocomp.refresh_crossings('province')),
          (SELECT count(*) FROM ecocomp.crossing WHERE level = 'province')
          + (SELECT count(*) FROM ecocomp.boundary_stretch WHERE level = 'province'),
    'refresh_crossings(province) returns the rows it wrote');
SELECT is((SELECT count(*) FROM (SELECT reach_id, from_code, to_code, position FROM ecocomp.crossing
                                 GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d), 0::bigint, 'no duplicate crossings');

-- Internal helpers shared with other features.
SELECT is(ecocomp._jurisdiction_at('SRID=4326;POINT(114.30 30.59)', NULL), '420100', 'point in polygon: Wuhan (lowest level)');
SELECT is(ecocomp._jurisdiction_at('SRID=4326;POINT(114.30 30.59)', 'province'), '420000', 'point in polygon: Hubei');
SELECT is(ecocomp._jurisdiction_at('SRID=4326;POINT(90 30)', NULL), NULL, 'point in polygon: nowhere');
SELECT ok((SELECT count(*) > 13 AND bool_and(ST_NPoints(geom) <= 256) FROM ecocomp._jurisdiction_piece WHERE level = 'province'),
    'pieces: provinces subdivided to at most 256 vertices');
SELECT ok((SELECT abs(ST_Area(ST_Union(p.geom)::geography) - ST_Area(j.geom::geography)) < 1e3
           FROM ecocomp.jurisdiction j JOIN ecocomp._jurisdiction_piece p USING (code)
           WHERE j.code = '420000' GROUP BY j.geom),
    'pieces: the pieces of Hubei cover Hubei');
UPDATE ecocomp.jurisdiction SET code = '429999' WHERE code = '429021';
SELECT is((SELECT count(*) FROM ecocomp._jurisdiction_piece WHERE code = '429021'), 0::bigint,
    'pieces follow a renamed code (old gone)');
SELECT ok((SELECT count(*) > 0 FROM ecocomp._jurisdiction_piece WHERE code = '429999'),
    'pieces follow a renamed code (new present)');

-- 3. Hygiene and bad arguments.
SELECT throws_ok($$INSERT INTO ecocomp.jurisdiction (code, name, level, geom)
                   VALUES ('bow', 'Bow tie', 'county', 'SRID=4326;MULTIPOLYGON(((0 0,1 1,1 0,0 1,0 0)))')$$,
    '23514', 'jurisdiction bow has an invalid boundary', 'an invalid polygon is an error naming the row');
SELECT alike(pg_temp.error_detail($$INSERT INTO ecocomp.jurisdiction (code, name, level, geom)
                   VALUES ('bow', 'Bow tie', 'county', 'SRID=4326;MULTIPOLYGON(((0 0,1 1,1 0,0 1,0 0)))')$$),
    '%Self-intersection%', 'the detail says why the polygon is invalid');
SET LOCAL ecocomp.repair_geometry = on;
SELECT lives_ok($$INSERT INTO ecocomp.jurisdiction (code, name, level, geom)
                  VALUES ('bow', 'Bow tie', 'county', 'SRID=4326;MULTIPOLYGON(((0 0,1 1,1 0,0 1,0 0)))')$$,
    'with ecocomp.repair_geometry on, an invalid polygon is repaired');
SELECT ok((SELECT ST_IsValid(geom) AND abs(ST_Area(geom) - 0.5) < 1e-12 FROM ecocomp.jurisdiction WHERE code = 'bow'),
    'the repaired bow tie is two triangles of 0.25 square degrees each');
RESET ecocomp.repair_geometry;
SELECT throws_ok($$INSERT INTO ecocomp.jurisdiction (code, name, level, geom)
                   VALUES ('empty', 'Empty', 'county', 'SRID=4326;MULTIPOLYGON EMPTY')$$,
    '23514', 'jurisdiction empty has an empty boundary', 'an empty polygon is an error naming the row');
-- PostGIS stores a geometry without SRID under the column's 4326; projected
-- coordinates (here metres, Web Mercator of Wuhan) cannot be degrees.
SELECT throws_ok($$INSERT INTO ecocomp.jurisdiction (code, name, level, geom)
                   VALUES ('nosrid', 'No SRID', 'county', 'MULTIPOLYGON(((12724000 3579000,12725000 3579000,12725000 3580000,12724000 3579000)))')$$,
    '22023', 'jurisdiction nosrid has coordinates outside longitude/latitude',
    'projected coordinates without SRID are an error naming the row');
SELECT throws_ok($$INSERT INTO ecocomp.reach (reach_id, geom) VALUES (9, 'LINESTRING(12724000 3579000,12725000 3579000)')$$,
    '22023', 'reach 9 has coordinates outside longitude/latitude',
    'a projected line without SRID is an error naming the reach');
SELECT throws_ok($$INSERT INTO ecocomp.jurisdiction (code, name, level, geom)
                   VALUES ('merc', 'Mercator', 'county', 'SRID=3857;MULTIPOLYGON(((0 0,1 0,1 1,0 0)))')$$,
    '22023', NULL, 'a polygon in another SRID is refused');
SELECT throws_ok($$INSERT INTO ecocomp.reach (reach_id, geom) VALUES (9, 'SRID=4326;MULTILINESTRING((0 0,1 1),(2 2,3 3))')$$,
    '22023', NULL, 'a multi-part line is refused as a reach');
SELECT throws_ok($$INSERT INTO ecocomp.reach (reach_id, geom) VALUES (9, 'SRID=4326;LINESTRING(1 1,1 1)')$$,
    '23514', 'reach 9 has a line of zero length', 'a line of zero length is an error naming the reach');
SELECT throws_ok($$SELECT ecocomp.refresh_crossings('state')$$, '22023', 'unknown jurisdiction level state',
    'an unknown level is an error');
SELECT throws_ok($$SELECT ecocomp.refresh_crossings(NULL, -1)$$, '22023', 'tolerance_m must be between 0 and 100000 metres',
    'a negative tolerance is an error');
SELECT throws_ok($$SELECT ecocomp.refresh_crossings(NULL, 'NaN')$$, '22023', 'tolerance_m must be between 0 and 100000 metres',
    'a NaN tolerance is an error');
SELECT throws_ok($$SELECT * FROM ecocomp.upstream_jurisdictions('nowhere')$$, '22023', 'jurisdiction nowhere does not exist',
    'upstream_jurisdictions of an unknown code is an error');
SELECT throws_ok($$SELECT * FROM ecocomp.snap_sections(0)$$, '22023', 'tolerance_m must be more than 0 and at most 100000 metres',
    'snap_sections with no tolerance is an error');
SELECT throws_ok($$SELECT * FROM ecocomp.propose_sections('state')$$, '22023', 'unknown jurisdiction level state',
    'propose_sections at an unknown level is an error');
SELECT throws_ok($$SELECT * FROM ecocomp.propose_sections('province', -5)$$, '22023', 'offset_m must be between 0 and 100000 metres',
    'a negative offset is an error');
SELECT is((SELECT count(*) FROM ecocomp.upstream_jurisdictions(NULL)), 0::bigint, 'upstream_jurisdictions(NULL) is empty');
SELECT throws_ok($$SELECT * FROM ecocomp._crossing_sweep('{2,1}', '{1,1}', '{}', '{}', '{}', '{}', '{}', 100)$$,
    '22023', 'cannot compute crossings: the next_down links form a cycle', 'a cycle in the network is an error');

SELECT * FROM finish();
ROLLBACK;

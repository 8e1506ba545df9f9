-- build_network(): a river network from plain lines without topology.
-- 1. a small hand-made network (lengths and ids computed by hand, below);
-- 2. a braid (a loop in the lines);
-- 3. Natural Earth rivers of the Yangtze (test/data/rivers.geojson), outlet at
--    the end of the Yangtze line near Zhenjiang (119.606E 32.197N), 1 km;
-- 4. bad input.
\ir fixtures/begin.sql
SELECT plan(73);

\ir fixtures/error_detail.sql

-- The next_down closure, to cross-check ecocomp.is_upstream on the built network.
CREATE FUNCTION pg_temp.down_closure(a bigint, b bigint) RETURNS boolean LANGUAGE sql AS $$
    WITH RECURSIVE d(id) AS (
        SELECT a
        UNION
        SELECT r.next_down FROM ecocomp.reach r JOIN d ON r.reach_id = d.id WHERE r.next_down IS NOT NULL)
    SELECT EXISTS (SELECT 1 FROM d WHERE d.id = b AND a <> b)
$$;

-- 1. Hand-made network near 114E 30N.  m1 runs against the flow (its first
-- point is the outlet); t ends 0.0027 deg (about 300 m) north of m1's
-- interior; m2 stops 0.0015 deg (about 145 m) short of m1's end; far is 139 km
-- away.  Tolerance 500 m.  1 deg of longitude at 30N is 96.486 km on WGS 84,
-- 1 deg of latitude 110.852 km.
CREATE TEMP TABLE toy (id int PRIMARY KEY, name text, geom geometry(LineString, 4326));
INSERT INTO toy VALUES
    (1, 'm1',  'SRID=4326;LINESTRING(114.10 30.00, 114.00 30.00)'),
    (2, 't',   'SRID=4326;LINESTRING(114.05 30.05, 114.05 30.0027)'),
    (3, 'm2',  'SRID=4326;LINESTRING(113.90 30.00, 113.9985 30.00)'),
    (4, 'far', 'SRID=4326;LINESTRING(115.00 31.00, 115.01 31.00)');
CREATE TEMP TABLE res AS
SELECT * FROM ecocomp.build_network('toy', 'SRID=4326;POINT(114.10 30.00)', 500);

SELECT is((SELECT (reaches, unreachable, split_points) FROM res)::text, '(4,1,1)',
          'toy: 4 reaches (m1 split where t joins), far reported, one split point');
SELECT results_eq($$SELECT reach_id, next_down, name FROM ecocomp.reach ORDER BY reach_id$$,
    $$VALUES (1::bigint, NULL::bigint, 'm1'), (2, 1, 'm1'), (3, 1, 't'), (4, 2, 'm2')$$,
    'toy: ids by distance to the outlet, next_down toward it');
-- m1's lower half: 0.05 deg of longitude = 4.824 km, digitised toward the outlet
SELECT is((SELECT ST_AsText(geom) FROM ecocomp.reach WHERE reach_id = 1),
          'LINESTRING(114.05 30,114.1 30)', 'toy: the outlet reach is reversed into flow direction');
SELECT is((SELECT round(length_km::numeric, 2) FROM ecocomp.reach WHERE reach_id = 1), 4.82, 'toy: outlet reach 4.82 km');
-- t is extended by its 300 m gap to the split point: 0.05 deg of latitude = 5.543 km
SELECT is((SELECT ST_AsText(ST_EndPoint(geom)) FROM ecocomp.reach WHERE reach_id = 3), 'POINT(114.05 30)',
          't is snapped onto the interior of m1');
SELECT is((SELECT round(length_km::numeric, 2) FROM ecocomp.reach WHERE reach_id = 3), 5.54, 't: 5.54 km with the gap closed');
-- m2 is extended over its 145 m gap to m1's end: 0.1 deg of longitude = 9.649 km
SELECT is((SELECT round(length_km::numeric, 2) FROM ecocomp.reach WHERE reach_id = 4), 9.65, 'm2: 9.65 km with the gap closed');
SELECT is((SELECT ST_AsText(ST_EndPoint(geom)) FROM ecocomp.reach WHERE reach_id = 4), 'POINT(114 30)',
          'm2 ends where m1 ends (head to head across the gap)');
-- nearest point of the network to far: t's head (114.05 30.05): 0.95 deg of
-- latitude (105.3 km) and 0.95 deg of longitude at 30.5N (91.2 km): 139.3 km
SELECT results_eq($$SELECT source, name, round(gap_m::numeric / 1000) FROM ecocomp.build_network_report$$,
    $$VALUES ('4'::text, 'far'::text, 139::numeric)$$,
    'far is reported with its source key and its distance to the network (139 km)');

-- Two basins in one call: a MultiPoint outlet, far drains to its own east end.
DELETE FROM ecocomp.reach;
SELECT is((SELECT (reaches, unreachable)::text FROM ecocomp.build_network('toy',
               'SRID=4326;MULTIPOINT((114.10 30.00), (115.01 31.00))', 500)),
          '(5,0)', 'two outlets: toy and far both built, nothing reported');
SELECT results_eq($$SELECT name, ST_AsText(ST_EndPoint(geom)) FROM ecocomp.reach WHERE next_down IS NULL ORDER BY name$$,
    $$VALUES ('far'::text, 'POINT(115.01 31)'::text), ('m1', 'POINT(114.1 30)')$$,
    'two outlets: one outlet reach per basin, each ending at its outlet');

-- Same lines, tolerance 100 m: the 145 m and 300 m gaps stay open.
DELETE FROM ecocomp.reach;
SELECT is((SELECT (reaches, unreachable)::text FROM ecocomp.build_network('toy', 'SRID=4326;POINT(114.10 30.00)', 100)),
          '(1,3)', 'toy at 100 m: only m1 drains to the outlet, three lines reported');
SELECT results_eq($$SELECT source FROM ecocomp.build_network_report ORDER BY source$$,
    $$VALUES ('2'::text), ('3'), ('4')$$, 'toy at 100 m: t, m2 and far are reported');

-- 2. A braid: side channel s leaves m1 at 114.06 and rejoins at 114.08.
DELETE FROM ecocomp.reach;
INSERT INTO toy VALUES (5, 's', 'SRID=4326;LINESTRING(114.06 30.00, 114.07 30.004, 114.08 30.00)');
DELETE FROM toy WHERE id = 4;
SELECT is((SELECT (reaches, loops_broken, unreachable)::text FROM ecocomp.build_network('toy', 'SRID=4326;POINT(114.10 30.00)', 500)),
          '(7,1,0)', 'braid: m1 cut in 4, plus t, m2, s; one loop broken');
SELECT results_eq($$SELECT reach_id, next_down, next_down_minor, name FROM ecocomp.reach ORDER BY reach_id$$,
    $$VALUES (1::bigint, NULL::bigint, NULL::bigint, 'm1'), (2, 1, NULL, 'm1'), (3, 1, NULL, 's'),
             (4, 2, 3, 'm1'), (5, 4, NULL, 'm1'), (6, 4, NULL, 't'), (7, 5, NULL, 'm2')$$,
    'braid: s (longer) closes the loop: it drains to reach 1, and is the minor path out of reach 4');
SELECT is(ecocomp.refresh_network(), 7::bigint, 'braid: refresh_network() labels it');
SELECT ok(ecocomp.is_upstream(5, 3) AND ecocomp.is_upstream(3, 1) AND NOT ecocomp.is_upstream(3, 2),
          'braid: water from above the braid reaches s (minor path); s drains to reach 1, not through reach 2');

-- 3. Natural Earth rivers, Yangtze basin box.
DELETE FROM ecocomp.reach;
\set rivers `cat test/data/rivers.geojson`
CREATE TEMP TABLE river AS
SELECT f->'properties'->>'name'            AS name,
       f->'properties'->>'featurecla'      AS featurecla,
       (f->'properties'->>'rivernum')::int AS rivernum,
       ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326)::geometry(MultiLineString, 4326) AS geom
FROM jsonb_array_elements((:'rivers')::jsonb -> 'features') AS f;
\set provinces `cat test/data/provinces.geojson`
CREATE TEMP TABLE province AS
SELECT f->'properties'->>'code' AS code,
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))::geometry(MultiPolygon, 4326) AS geom
FROM jsonb_array_elements((:'provinces')::jsonb -> 'features') AS f;
TRUNCATE res;
INSERT INTO res SELECT * FROM ecocomp.build_network('river', 'SRID=4326;POINT(119.606 32.197)', 1000);
-- label the network (navigation, is_upstream)
SELECT is(ecocomp.refresh_network(), 33::bigint, 'rivers: refresh_network() labels the 33 reaches built');

-- By hand (data/README.md): the Yangtze network is 26 of the 52 parts (Yangtze 3,
-- Chang Jiang 2, Yuan 5, Xiang 1, Han 4, Dan 2, Gan 2, Mei 1, Wu 3, Jialing 1,
-- Tuo's lower part, unnamed 955).  Seven of them are cut where a tributary
-- joins inside them: the Yangtze below Wuhan at 955 and at the Hukou stub, the
-- Yangtze above Wuhan at the Han, the Chang Jiang at the Wu, the Jialing and the
-- Tuo, the Gan at the Mei.  26 + 7 = 33 reaches.
SELECT is((SELECT reaches FROM res), 33::bigint, 'rivers: 33 reaches = 26 parts + 7 cuts at confluences');
SELECT is((SELECT split_points FROM res), 7::bigint, 'rivers: 7 confluences inside a line');
-- Ends that cross a line and stop less than 1 km beyond it: Han 678 m past the
-- Yangtze, Jialing 71 m past the Chang Jiang, Mei 351 m past the Gan, two Hudi
-- parts 9 and 116 m past each other, Ying 187 m past the Huai: 6.  Ends that
-- run on side by side past the end they join: the Chang Jiang at 112.78E and
-- the Yangtze at Wuhan (the upper part runs 945 m past the lower one's end,
-- 80 m from it), the Yuan at the lake, the Hongshui, and the Huai at both of
-- its parts: 6.
SELECT is((SELECT overshoots_trimmed FROM res), 12::bigint, 'rivers: 12 overshooting ends cut back');
-- the six crossing overshoots add up to 1.412 km; each of the six others is at most 1 km
SELECT ok((SELECT trimmed_km BETWEEN 1.412 AND 1.412 + 6 FROM res), 'rivers: 1.4 to 7.4 km of overshoot cut off');
SELECT is((SELECT loops_broken FROM res), 0::bigint, 'rivers: no loops');
-- The other 26 parts: the Huai system (Huai 2, Ying, Quan, Hudi 5), Fuchun 3, Min,
-- Ou, Jiulong, unnamed 582, the Pearl pieces (Nanpan, Hongshui 2, Liu, Rong, Duliu,
-- You, Bei, Dong) and the Tuo's upper part, cut off by the box edge at 105E.
SELECT is((SELECT unreachable FROM res), 26::bigint, 'rivers: 26 parts cannot reach the Yangtze mouth and are reported');
SELECT is((SELECT count(*) FROM ecocomp.build_network_report), 26::bigint, 'report lists the 26 parts');
SELECT results_eq($$SELECT DISTINCT coalesce(name, '-') FROM ecocomp.build_network_report ORDER BY 1$$,
    $$VALUES ('-'), ('Bei'), ('Dong'), ('Duliu'), ('Fuchun'), ('Hongshui'), ('Huai'), ('Hudi'), ('Jiulong'),
             ('Liu'), ('Min'), ('Nanpan'), ('Ou'), ('Quan'), ('Rong'), ('Tuo'), ('Ying'), ('You')$$,
    'report: the Huai, Qiantang, coastal and Pearl rivers, and the Tuo above the box edge');
-- The Tuo leaves the box at 105E 29.193N and re-enters at 105E 29.128N: 0.065 deg = 7.2 km
SELECT is((SELECT round(gap_m::numeric / 1000) FROM ecocomp.build_network_report WHERE name = 'Tuo'), 7::numeric,
          'report: the Tuo''s upper part is 7 km from the network');
SELECT ok((SELECT min(gap_m) FROM ecocomp.build_network_report) > 1000,
          'report: every reported part is farther than the tolerance from the network');
-- Nothing is lost: the lines' total length is kept, give or take the trimmed
-- overshoots (1.7 km) and the closed gaps (under 1 km each).
SELECT ok(abs((SELECT sum(ST_Length(geom::geography)) FROM river) / 1000
              - (SELECT sum(length_km) FROM ecocomp.reach) - (SELECT sum(length_km) FROM ecocomp.build_network_report)) < 10,
          'rivers: reaches + reported pieces keep the length of the input within 10 km');

SELECT is((SELECT count(*) FROM ecocomp.reach WHERE next_down IS NULL), 1::bigint, 'rivers: one outlet reach');
SELECT ok((SELECT ST_DWithin(ST_EndPoint(geom)::geography, 'SRID=4326;POINT(119.606 32.197)'::geography, 100)
           FROM ecocomp.reach WHERE next_down IS NULL), 'rivers: the outlet reach ends at the Yangtze mouth');
SELECT is((SELECT count(*) FROM ecocomp.reach r JOIN ecocomp.reach d ON d.reach_id = r.next_down
           WHERE NOT ST_EndPoint(r.geom) ~= ST_StartPoint(d.geom)), 0::bigint,
          'rivers: every reach ends where its next_down starts (digitised in flow direction)');
SELECT is((SELECT count(*) FROM ecocomp.reach WHERE next_down >= reach_id), 0::bigint,
          'rivers: next_down < reach_id (ids grow away from the outlet)');
SELECT is((SELECT count(*) FROM ecocomp.reach a, ecocomp.reach b
           WHERE ecocomp.is_upstream(a.reach_id, b.reach_id) <> pg_temp.down_closure(a.reach_id, b.reach_id)), 0::bigint,
          'rivers: is_upstream agrees with the next_down closure on all 33 x 33 pairs');
SELECT is((SELECT count(*) FROM ecocomp.reach r WHERE NOT ecocomp.is_upstream(r.reach_id, 1) AND r.reach_id <> 1), 0::bigint,
          'rivers: every reach drains to the outlet reach');
-- The Yangtze below Wuhan is digitised upstream in the source; it must now run east.
SELECT ok((SELECT bool_and(ST_X(ST_EndPoint(geom)) > ST_X(ST_StartPoint(geom))) FROM ecocomp.reach
           WHERE name = 'Yangtze' AND length_km > 100), 'rivers: the long Yangtze reaches run west to east');

-- The Han (汉江) drains into the Yangtze at Wuhan.
SELECT is((SELECT n.name FROM ecocomp.reach h JOIN ecocomp.reach n ON n.reach_id = h.next_down
           WHERE h.name = 'Han' AND ST_DWithin(ST_EndPoint(h.geom)::geography, 'SRID=4326;POINT(114.28 30.57)'::geography, 2000)),
          'Yangtze', 'Han: its lowest reach ends at Wuhan and flows into the Yangtze');
SELECT ok((SELECT bool_and(ecocomp.is_upstream(h.reach_id, y.reach_id))
           FROM ecocomp.reach h, ecocomp.reach y
           WHERE h.name IN ('Han', 'Dan') AND y.reach_id = (SELECT reach_id FROM ecocomp.reach WHERE name = 'Yangtze'
                 ORDER BY geom <-> 'SRID=4326;POINT(114.40 30.60)'::geometry LIMIT 1)),
          'Han and Dan: every reach is upstream of the Yangtze just below Wuhan');
SELECT ok((SELECT bool_and(ST_CoveredBy(h.geom, p.geom)) FROM ecocomp.reach h, province p
           WHERE h.name = 'Han' AND p.code = '420000' AND ST_DWithin(ST_EndPoint(h.geom)::geography, 'SRID=4326;POINT(114.28 30.57)'::geography, 2000)),
          'Han: its lowest reach lies in Hubei');
-- The Gan (赣江) reaches the Yangtze through the Poyang Lake centreline and the Hukou stub.
SELECT is((SELECT count(*) FROM ecocomp.reach WHERE name = 'Gan'), 3::bigint,
          'Gan: 3 reaches (cut at the Mei), the lowest is the Poyang Lake centreline');
-- The Gan reach that flows into the Yangtze is the Poyang Lake centreline
-- (as in the source), and the Yangtze reach it enters is the Hukou stub (3.259 km
-- in the source, plus at most 1 km of snap onto the main stem), which flows
-- into the main stem.
SELECT results_eq($$
    SELECT ST_HausdorffDistance(g.geom, (SELECT d.geom FROM river, ST_Dump(river.geom) d
                                         WHERE river.name = 'Gan' AND river.featurecla = 'Lake Centerline')) < 1e-9,
           y.length_km BETWEEN 3.259 AND 3.259 + 1, n.name, n.length_km > 100
    FROM ecocomp.reach g JOIN ecocomp.reach y ON y.reach_id = g.next_down JOIN ecocomp.reach n ON n.reach_id = y.next_down
    WHERE g.name = 'Gan' AND y.name = 'Yangtze'$$,
    $$VALUES (true, true, 'Yangtze'::text, true)$$,
    'Gan: Poyang Lake centreline -> Hukou stub -> Yangtze main stem');
SELECT ok((SELECT bool_and(ecocomp.is_upstream(g.reach_id, y.reach_id))
           FROM ecocomp.reach g, ecocomp.reach y
           WHERE g.name IN ('Gan', 'Mei') AND y.reach_id = (SELECT reach_id FROM ecocomp.reach WHERE name = 'Yangtze'
                 ORDER BY geom <-> 'SRID=4326;POINT(116.35 29.85)'::geometry LIMIT 1)),
          'Gan and Mei: every reach is upstream of the Yangtze just below Hukou');
SELECT ok(NOT ecocomp.is_upstream((SELECT reach_id FROM ecocomp.reach WHERE name = 'Yangtze'
                          ORDER BY geom <-> 'SRID=4326;POINT(116.35 29.85)'::geometry LIMIT 1),
                         (SELECT min(reach_id) FROM ecocomp.reach WHERE name = 'Gan')),
          'the Yangtze below Hukou is not upstream of the Gan');
-- A reach in Anhui downstream of a reach in Hubei.
CREATE TEMP TABLE share AS
SELECT r.reach_id, r.name, p.code,
       ST_Length(ST_Intersection(r.geom, p.geom)::geography) / ST_Length(r.geom::geography) AS share
FROM ecocomp.reach r JOIN province p ON ST_Intersects(r.geom, p.geom);
SELECT ok((SELECT ecocomp.is_upstream(h.reach_id, a.reach_id)
           FROM (SELECT reach_id FROM share WHERE code = '420000' AND name = 'Han' AND share = 1 ORDER BY reach_id LIMIT 1) h,
                (SELECT reach_id FROM share WHERE code = '340000' AND name = 'Yangtze' ORDER BY share DESC LIMIT 1) a),
          'a Han reach wholly in Hubei is upstream of the Yangtze reach most in Anhui');
SELECT ok((SELECT bool_and(ecocomp.is_upstream(h.reach_id, a.reach_id))
           FROM (SELECT reach_id FROM share WHERE code = '420000' AND share = 1) h,
                (SELECT reach_id FROM share WHERE code = '340000' AND name = 'Yangtze' AND share > 0.5) a),
          'every reach wholly in Hubei is upstream of every Yangtze reach mostly in Anhui');
SELECT ok((SELECT bool_and(ecocomp.is_upstream(j.reach_id, a.reach_id))
           FROM (SELECT reach_id FROM share WHERE code = '360000' AND share = 1) j,
                (SELECT reach_id FROM share WHERE code = '340000' AND name = 'Yangtze' AND share > 0.5) a),
          'every reach wholly in Jiangxi (Gan, Mei, Poyang) is upstream of the Yangtze in Anhui');
SELECT ok(NOT (SELECT bool_or(ecocomp.is_upstream(a.reach_id, h.reach_id))
               FROM (SELECT reach_id FROM share WHERE code = '420000' AND share = 1) h,
                    (SELECT reach_id FROM share WHERE code = '340000' AND name = 'Yangtze' AND share > 0.5) a),
          'no Anhui Yangtze reach is upstream of a Hubei reach');
-- Upper basin: Jialing, Wu and Tuo join the Chang Jiang, Yuan and Xiang reach it through Dongting.
SELECT ok((SELECT bool_and(ecocomp.is_upstream(t.reach_id, (SELECT reach_id FROM ecocomp.reach WHERE name = 'Chang Jiang'
                 ORDER BY geom <-> 'SRID=4326;POINT(112.9 29.6)'::geometry LIMIT 1)))
           FROM ecocomp.reach t WHERE t.name IN ('Jialing', 'Wu', 'Tuo')),
          'Jialing, Wu and Tuo drain into the Chang Jiang above Chenglingji');
SELECT ok((SELECT bool_and(ecocomp.is_upstream(t.reach_id, (SELECT reach_id FROM ecocomp.reach WHERE name = 'Yangtze'
                 ORDER BY geom <-> 'SRID=4326;POINT(113.5 29.9)'::geometry LIMIT 1)))
           FROM ecocomp.reach t WHERE t.name IN ('Yuan', 'Xiang')),
          'Yuan and Xiang reach the Yangtze below Chenglingji');

-- The physical order of the rows does not matter: the same lines in reverse
-- order give the same reaches, ids and next_down.
CREATE TEMP TABLE built AS SELECT reach_id, next_down, next_down_minor, name, ST_AsEWKB(geom) AS g FROM ecocomp.reach;
CREATE TEMP TABLE river_rev AS SELECT * FROM river ORDER BY ST_X(ST_StartPoint(ST_GeometryN(geom, 1))) DESC;
DELETE FROM ecocomp.reach;
SELECT is((SELECT reaches FROM ecocomp.build_network('river_rev', 'SRID=4326;POINT(119.606 32.197)', 1000)), 33::bigint,
          'rivers in another row order: 33 reaches');
SELECT is((SELECT count(*) FROM (
               (SELECT reach_id, next_down, next_down_minor, name, ST_AsEWKB(geom) FROM ecocomp.reach EXCEPT SELECT * FROM built)
               UNION ALL
               (SELECT * FROM built EXCEPT SELECT reach_id, next_down, next_down_minor, name, ST_AsEWKB(geom) FROM ecocomp.reach)) d),
          0::bigint, 'rivers in another row order: identical reaches (ids, next_down, names, geometry)');

-- NHDPlus Walker Creek (test/data/walker.csv): already noded at confluences,
-- one outlet (comid 5329303).  Every other flowline is reversed first; the
-- network built from the lines alone must be NHDPlus's own: every next_down
-- is the flowline NHDPlus names in dnhydroseq, every line in flow direction.
DELETE FROM ecocomp.reach;
\i test/data/nhdplus_table.sql
\copy nhd FROM 'test/data/walker.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP VIEW walker AS
SELECT comid, gnis_name AS name,
       CASE WHEN comid % 2 = 0 THEN ST_Reverse(ST_GeomFromText(wkt, 4326)) ELSE ST_GeomFromText(wkt, 4326) END AS geom
FROM nhd;
SELECT is((SELECT (reaches, split_points, loops_broken, unreachable)::text
           FROM ecocomp.build_network('walker', (SELECT ST_EndPoint(ST_GeomFromText(wkt, 4326)) FROM nhd WHERE terminalfl = 1), 1)),
          '(62,0,0,0)', 'walker: 62 flowlines, 62 reaches, nothing split, looped or left out');
CREATE TEMP TABLE walker_map AS
SELECT r.reach_id, r.next_down, n.hydroseq, n.dnhydroseq, ST_OrderingEquals(r.geom, ST_GeomFromText(n.wkt, 4326)) AS flow_dir
FROM ecocomp.reach r JOIN nhd n ON ST_Equals(r.geom, ST_GeomFromText(n.wkt, 4326));
SELECT is((SELECT count(*) FILTER (WHERE flow_dir) FROM walker_map), 62::bigint,
          'walker: all 62 reaches are digitised as NHDPlus (downstream), half of them after reversal');
SELECT is((SELECT count(*) FROM walker_map a LEFT JOIN walker_map d ON d.reach_id = a.next_down
           WHERE d.hydroseq IS DISTINCT FROM (SELECT n.hydroseq FROM nhd n WHERE n.hydroseq = a.dnhydroseq)), 0::bigint,
          'walker: every next_down is the NHDPlus downstream flowline (the outlet''s is outside the file: NULL)');

-- A second call needs an empty reach table.
SELECT throws_ok($$SELECT ecocomp.build_network('river', 'SRID=4326;POINT(119.606 32.197)', 1000)$$,
    '55000', 'ecocomp.reach is not empty', 'a second build into a filled reach table is refused');
DELETE FROM ecocomp.reach;

-- 4. Bad input: clear errors naming the row or the value.
CREATE TEMP TABLE bad_null (id int PRIMARY KEY, name text, geom geometry);
INSERT INTO bad_null VALUES (1, 'ok', 'SRID=4326;LINESTRING(114 30, 114.1 30)'), (2, 'hole', NULL);
SELECT throws_ok($$SELECT ecocomp.build_network('bad_null', 'SRID=4326;POINT(114 30)', 100)$$,
    '22004', 'null geometry in bad_null', 'a NULL geometry is an error');
SELECT is(pg_temp.error_detail($$SELECT ecocomp.build_network('bad_null', 'SRID=4326;POINT(114 30)', 100)$$),
    'Row 2 (name ''hole'') of bad_null has a NULL geom.', 'the error names the row by its primary key and name');
CREATE TEMP TABLE bad_point (id int PRIMARY KEY, geom geometry);
INSERT INTO bad_point VALUES (1, 'SRID=4326;LINESTRING(114 30, 114.1 30)'), (2, 'SRID=4326;POINT(114 30)');
SELECT throws_ok($$SELECT ecocomp.build_network('bad_point', 'SRID=4326;POINT(114 30)', 100)$$,
    '22023', 'geometry in bad_point must be a line', 'a point among the lines is an error');
CREATE TEMP TABLE bad_srid (id int PRIMARY KEY, geom geometry);
INSERT INTO bad_srid VALUES (1, 'SRID=3857;LINESTRING(12690000 3503000, 12700000 3503000)');
SELECT throws_ok($$SELECT ecocomp.build_network('bad_srid', 'SRID=4326;POINT(114 30)', 100)$$,
    '22023', 'geometry in bad_srid must have SRID 4326', 'a line in another SRID is an error');
CREATE TEMP TABLE bad_empty (id int PRIMARY KEY, geom geometry(LineString, 4326));
SELECT throws_ok($$SELECT ecocomp.build_network('bad_empty', 'SRID=4326;POINT(114 30)', 100)$$,
    '22023', 'bad_empty is empty', 'an empty table is an error');
SELECT throws_ok($$SELECT ecocomp.build_network('toy', 'SRID=4326;POINT(114.10 30.02)', 500)$$,
    '22023', 'outlet is too far from every line', 'an outlet 2.2 km from every line (tolerance 500 m) is an error');
SELECT throws_ok($$SELECT ecocomp.build_network('toy', NULL, 500)$$,
    '22004', 'outlet must not be null', 'a NULL outlet is an error');
SELECT throws_ok($$SELECT ecocomp.build_network('toy', 'SRID=3857;POINT(12701000 3503000)', 500)$$,
    '22023', 'outlet must have SRID 4326', 'an outlet in another SRID is an error');
SELECT throws_ok($$SELECT ecocomp.build_network('toy', 'SRID=4326;POINT(114.10 30.00)', -1)$$,
    '22023', 'tolerance_m must be a finite number of metres, zero or more', 'a negative tolerance is an error');
CREATE TEMP TABLE bad_two (a geometry, b geometry);
SELECT throws_ok($$SELECT ecocomp.build_network('bad_two', 'SRID=4326;POINT(114 30)', 100)$$,
    '42702', 'bad_two has 2 geometry columns', 'two geometry columns are ambiguous');
SELECT throws_ok($$SELECT ecocomp.build_network('toy', 'SRID=4326;LINESTRING(114 30, 114.1 30)', 500)$$,
    '22023', 'outlet must be a non-empty point or multipoint', 'a line as outlet is an error');
CREATE TEMP TABLE bad_nogeom (id int PRIMARY KEY, name text);
SELECT throws_ok($$SELECT ecocomp.build_network('bad_nogeom', 'SRID=4326;POINT(114 30)', 100)$$,
    '42703', 'bad_nogeom has no geometry column', 'a table without a geometry column is an error');
SELECT is((SELECT count(*) FROM ecocomp.reach), 0::bigint, 'failed calls leave reach empty');

-- 5. The graph steps in C, called directly.  Pieces (from node, to node,
-- length): 1: 10->20 2, 2: 20->30 3, 3: 20->40 1, 4: 40->30 1.5; outlet 10.
-- Distances: 10 0, 20 2, 40 3, 30 min(2+3, 3+1.5) = 4.5 by piece 4.  Piece 2
-- closes the loop 20-30-40 and flows to 20 (nearer): reversed, next_down 1;
-- it leaves 30, so it is the minor path of what flows into 30 (nothing here).
SELECT is((SELECT (reverse, tree, next_down, dist_down, loops, junctions)::text
           FROM ecocomp._bn_orient('{10,20,20,40}', '{20,30,40,30}', '{2,3,1,1.5}', '{10}')),
          '("{t,t,t,t}","{t,f,t,t}","{NULL,1,1,3}","{0,2,2,3}",1,1)',
          '_bn_orient: a loop of three pieces, by hand');
SELECT throws_ok($$SELECT ecocomp._bn_orient(array_fill(1, ARRAY[1048577]), array_fill(2, ARRAY[1048577]),
                                              array_fill(1.0::float8, ARRAY[1048577]), '{1}')$$,
    '54000', 'river network is too large to build', 'more than 1 048 576 pieces is refused');
SELECT throws_ok($$SELECT ecocomp._bn_orient('{1,NULL}', '{2,3}', '{1,1}', '{1}')$$,
    '22004', NULL, 'a NULL node is refused');
SELECT throws_ok($$SELECT ecocomp._bn_join_ends('{1,1}', '{1,2}', '{1}', '{3}', '{}', '{}')$$,
    '22023', NULL, 'a join pair naming a point that does not exist is refused');
-- The detail names the first bad pair (valgrind: the element number was read
-- before the kernel set it, and printed garbage).
SELECT is(pg_temp.error_detail($$SELECT ecocomp._bn_join_ends('{1,1}', '{1,2}', '{1}', '{3}', '{}', '{}')$$),
          'Element 1 of the points: an index is out of range.', 'the error names element 1');

SELECT * FROM finish();
ROLLBACK;

-- River network engine: a hand-worked network with a divergence into a
-- second basin (the example of docs/network.md), navigation with distance
-- limits, Pfafstetter codes and test vectors, and every error.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset pager off
BEGIN;
SELECT plan(112);
-- (before any refresh has locked ecocomp.reach in this transaction)
SELECT throws_ok($$SELECT ecocomp._reach_label_replace('{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', 'x')$$,
                 '55000', 'network labels can only be replaced by refresh_network()',
                 'labels: only a refresh replaces them');

DELETE FROM ecocomp.reach;
-- the reaches with their labels (refresh_network() writes them)
CREATE TEMP VIEW labelled AS
SELECT * FROM ecocomp.reach;
--   basin A:  7 (3 km) and 5 <- 6 join at 2 (2 km), 2 -> 1 (1 km, outlet)
--   basin B:  4 (1 km) -> 3 (1 km, outlet)
--   5 diverges: main path to 2, minor path to 4.  Every reach: 1 km2.
INSERT INTO ecocomp.reach (reach_id, next_down, next_down_minor, name, length_km, local_area_km2) VALUES
    (1, NULL, NULL, NULL, 1, 1), (2, 1, NULL, NULL, 2, 1), (7, 2, NULL, NULL, 3, 1),
    (5, 2, 4, NULL, 1, 1), (6, 5, NULL, NULL, 1, 1),
    (3, NULL, NULL, NULL, 1, 1), (4, 3, NULL, NULL, 1, 1);

SELECT is(ecocomp.refresh_network(2), 7::bigint, 'refresh_network returns the number of reaches');

-- attributes worked by hand
SELECT results_eq(
    $$SELECT reach_id, terminal_id, level_path_id, strahler, shreve, up_area_km2, arbolate_km, path_km, pfaf
        FROM labelled ORDER BY reach_id$$,
    $$VALUES (1::bigint, 1::bigint, 1::bigint, 2, 2::bigint, 5::float8, 8::float8, 0::float8, '10'),
             (2, 1, 1, 2, 2, 4, 7, 1, '10'),
             (3, 3, 3, 1, 1, 4, 4, 0, '00'),
             (4, 3, 3, 1, 1, 3, 3, 1, '00'),
             (5, 1, 5, 1, 1, 2, 2, 3, '20'),
             (6, 1, 5, 1, 1, 1, 1, 4, '20'),
             (7, 1, 1, 1, 1, 1, 3, 3, '30')$$,
    'labels of the worked example');
SELECT is((SELECT count(*) FROM labelled r JOIN labelled d ON d.reach_id = r.next_down
            WHERE r.hydroseq <= d.hydroseq), 0::bigint, 'hydroseq decreases along main paths');
SELECT is((SELECT count(*) FROM labelled r JOIN labelled d ON d.reach_id = r.next_down_minor
            WHERE r.hydroseq <= d.hydroseq), 0::bigint, 'hydroseq decreases along minor paths');
SELECT ok((SELECT bool_and(nav_lo <= nav_hi) FROM labelled), 'nav intervals are well formed');

-- navigation
SELECT set_eq($$SELECT ecocomp.navigate(1, 'UT')$$, ARRAY[1, 2, 5, 6, 7]::bigint[], 'UT of outlet 1: its basin');
SELECT set_eq($$SELECT ecocomp.navigate(3, 'UT')$$, ARRAY[3, 4, 5, 6]::bigint[], 'UT of outlet 3 follows the minor path up to 5 and 6');
SELECT set_eq($$SELECT ecocomp.navigate(4, 'UT')$$, ARRAY[4, 5, 6]::bigint[], 'UT of 4');
SELECT set_eq($$SELECT ecocomp.navigate(2, 'UM')$$, ARRAY[2, 7]::bigint[], 'UM of 2 follows the bigger arbolate sum (7)');
SELECT set_eq($$SELECT ecocomp.navigate(6, 'UM')$$, ARRAY[6]::bigint[], 'UM of a headwater is itself');
SELECT set_eq($$SELECT ecocomp.navigate(6, 'DM')$$, ARRAY[6, 5, 2, 1]::bigint[], 'DM of 6');
SELECT set_eq($$SELECT ecocomp.navigate(6, 'DD')$$, ARRAY[6, 5, 2, 1, 4, 3]::bigint[], 'DD of 6 also takes the minor path');
SELECT set_eq($$SELECT ecocomp.navigate(7, 'DD')$$, ARRAY[7, 2, 1]::bigint[], 'DD of 7');
SELECT set_eq($$SELECT ecocomp.upstream_reaches(3)$$, ARRAY[3, 4, 5, 6]::bigint[], 'upstream_reaches = UT');
SELECT set_eq($$SELECT ecocomp.upstream_mainstem(2)$$, ARRAY[2, 7]::bigint[], 'upstream_mainstem = UM');
SELECT set_eq($$SELECT ecocomp.downstream_reaches(6)$$, ARRAY[6, 5, 2, 1]::bigint[], 'downstream_reaches = DM');
SELECT is_empty($$SELECT ecocomp.navigate(NULL, 'UT')$$, 'a NULL start navigates nowhere');

-- distances: downstream from the start's upstream end, upstream from its downstream end;
-- a reach is kept when it begins within the limit
SELECT set_eq($$SELECT ecocomp.navigate(6, 'DD', 1.5)$$, ARRAY[6, 5]::bigint[], 'DD 1.5 km from 6');
SELECT set_eq($$SELECT ecocomp.navigate(6, 'DD', 2)$$, ARRAY[6, 5, 2, 4]::bigint[], 'DD 2 km from 6: 2 and 4 begin 2 km down');
SELECT set_eq($$SELECT ecocomp.navigate(6, 'DD', 3)$$, ARRAY[6, 5, 2, 4, 3]::bigint[], 'DD 3 km from 6');
SELECT set_eq($$SELECT ecocomp.navigate(6, 'DD', 4)$$, ARRAY[6, 5, 2, 4, 3, 1]::bigint[], 'DD 4 km from 6');
SELECT set_eq($$SELECT ecocomp.navigate(6, 'DM', 2)$$, ARRAY[6, 5, 2]::bigint[], 'DM 2 km from 6');
SELECT set_eq($$SELECT ecocomp.navigate(7, 'DM', 2.5)$$, ARRAY[7]::bigint[], 'DM 2.5 km from 7 (3 km long)');
SELECT set_eq($$SELECT ecocomp.navigate(7, 'DM', 3)$$, ARRAY[7, 2]::bigint[], 'DM 3 km from 7');
SELECT set_eq($$SELECT ecocomp.navigate(1, 'UM', 1)$$, ARRAY[1, 2]::bigint[], 'UM 1 km from 1');
SELECT set_eq($$SELECT ecocomp.navigate(1, 'UT', 2.9)$$, ARRAY[1, 2]::bigint[], 'UT 2.9 km from 1');
SELECT set_eq($$SELECT ecocomp.navigate(1, 'UT', 3)$$, ARRAY[1, 2, 5, 7]::bigint[], 'UT 3 km from 1');
SELECT set_eq($$SELECT ecocomp.upstream_reaches(3, 1)$$, ARRAY[3, 4]::bigint[], 'UT 1 km from 3');
SELECT set_eq($$SELECT ecocomp.navigate(6, 'DM', 0)$$, ARRAY[6]::bigint[], 'a 0 km limit keeps the start');

-- is_upstream
SELECT ok(ecocomp.is_upstream(6, 3), '6 drains to 3 through the minor path');
SELECT ok(ecocomp.is_upstream(7, 1), '7 drains to 1');
SELECT ok(NOT ecocomp.is_upstream(7, 3), '7 does not drain to 3');
SELECT ok(NOT ecocomp.is_upstream(1, 6), 'downstream is not upstream');
SELECT ok(NOT ecocomp.is_upstream(2, 2), 'a reach is not upstream of itself');
SELECT is(ecocomp.is_upstream(2, NULL), NULL, 'NULL in, NULL out');

-- Pfafstetter codes on the network and the rule (engineering.md 3.3)
SELECT ok(ecocomp.pfaf_is_upstream('20', '10'), 'tributary basin 2 drains through interbasin 1');
SELECT ok(ecocomp.pfaf_is_upstream('30', '10'), 'interbasin 3 drains through interbasin 1');
SELECT ok(NOT ecocomp.pfaf_is_upstream('30', '20'), 'interbasin 3 does not drain through tributary 2');
SELECT is(ARRAY(SELECT ecocomp.pfaf_is_upstream('8835', b) FROM unnest(ARRAY['8833', '8811', '8832', '8821', '9135']) b),
          ARRAY[true, true, false, false, false], 'HydroCode: 8835 against 8833 8811 8832 8821 9135');
SELECT is(ARRAY(SELECT ecocomp.pfaf_is_upstream('8885', b)
                  FROM unnest(ARRAY['8883', '8881', '8879', '8851', '8811', '8886', '8887', '8888', '8889']) b),
          ARRAY[true, true, true, true, true, false, false, false, false], 'Verdin & Verdin p.10: 8885');
SELECT is(ARRAY(SELECT ecocomp.pfaf_is_upstream('464', b)
                  FROM unnest(ARRAY['465', '466', '467', '47', '48', '49', '463', '461', '41', '43', '45', '452', '454']) b),
          ARRAY[false, false, false, false, false, false, true, true, true, true, true, false, false],
          'Vogt et al. 2007: 464 against codes of mixed levels');
SELECT ok(ecocomp.pfaf_is_upstream('8815', '8805'), 'HydroBASINS: 0 counts as odd');
SELECT throws_ok($$SELECT ecocomp.pfaf_is_upstream('88a5', '8811')$$, '22P02',
                 'invalid Pfafstetter code "88a5"', 'a code with a letter is refused');
SELECT throws_ok($$SELECT ecocomp.pfaf_is_upstream('', '8811')$$, '22P02',
                 'invalid Pfafstetter code ""', 'an empty code is refused');

-- navigation errors
SELECT throws_ok($$SELECT ecocomp.navigate(1, 'XX')$$, '22023', 'invalid navigation mode ''XX''', 'unknown mode');
SELECT throws_ok($$SELECT ecocomp.navigate(424242, 'UT')$$, '22023', 'reach 424242 does not exist', 'unknown start');
SELECT throws_ok($$SELECT ecocomp.navigate(1, 'UT', -1)$$, '22023', 'invalid distance limit -1 km', 'negative distance');
SELECT throws_ok($$SELECT ecocomp.is_upstream(1, 424242)$$, '22023', 'reach 424242 does not exist', 'is_upstream of an unknown reach');
INSERT INTO ecocomp.reach (reach_id, next_down, length_km) VALUES (8, 1, 1);
SELECT throws_ok($$SELECT ecocomp.navigate(8, 'DM')$$, '55000', 'reach 8 has no network labels', 'a reach added since the last refresh');
SELECT throws_ok($$SELECT ecocomp.is_upstream(8, 1)$$, '55000', 'reach 8 has no network labels',
                 'is_upstream from a reach added since the last refresh');
SELECT throws_ok($$SELECT ecocomp.is_upstream(1, 8)$$, '55000', 'reach 8 has no network labels',
                 'is_upstream to a reach added since the last refresh');
SELECT throws_ok($$SELECT ecocomp.is_upstream(424242, 8)$$, '22023', 'reach 424242 does not exist',
                 'is_upstream names the first unknown reach first');
SELECT throws_ok($$SELECT ecocomp.refresh_network(19)$$, '22023', 'invalid Pfafstetter depth', 'depth above 18');
SELECT throws_ok($$SELECT ecocomp.refresh_network(NULL)$$, '22023', 'invalid Pfafstetter depth', 'NULL depth');

-- labelling errors name the reaches
INSERT INTO ecocomp.reach (reach_id, next_down, length_km) VALUES (10, 11, 1), (11, 12, 1), (12, 10, 1), (13, 12, 1);
SELECT throws_ok($$SELECT ecocomp.refresh_network()$$, '23000',
                 'river network has a cycle through reach 10', 'a cycle is an error naming a reach on it');
SELECT throws_like($$SELECT ecocomp.refresh_network()$$, '%cycle%',
                   'the cycle error says so');
DELETE FROM ecocomp.reach WHERE reach_id BETWEEN 10 AND 13;
INSERT INTO ecocomp.reach (reach_id, next_down, next_down_minor, length_km) VALUES (14, 1, 15, 1), (15, 14, NULL, 1);
SELECT throws_ok($$SELECT ecocomp.refresh_network()$$, '23000',
                 'river network has a cycle through reach 14', 'a cycle closed by a minor path');
DELETE FROM ecocomp.reach WHERE reach_id IN (14, 15);
INSERT INTO ecocomp.reach (reach_id, next_down, length_km) VALUES (20, 999, 1);
SELECT throws_ok($$SELECT ecocomp.refresh_network()$$, '23503',
                 'reach 20 flows into missing reach 999', 'a dangling next_down names both reaches');
DELETE FROM ecocomp.reach WHERE reach_id = 20;
INSERT INTO ecocomp.reach (reach_id, next_down, next_down_minor, length_km) VALUES (21, 1, 998, 1);
SELECT throws_ok($$SELECT ecocomp.refresh_network()$$, '23503',
                 'reach 21 diverges into missing reach 998', 'a dangling next_down_minor');
DELETE FROM ecocomp.reach WHERE reach_id = 21;
INSERT INTO ecocomp.reach (reach_id, next_down, next_down_minor, length_km) VALUES (22, 1, 1, 1);
SELECT throws_ok($$SELECT ecocomp.refresh_network()$$, '23514',
                 'reach 22 has the same main and minor downstream reach', 'minor path = main path');
DELETE FROM ecocomp.reach WHERE reach_id = 22;

-- geometry: not needed for labelling, but a reach needs a length
INSERT INTO ecocomp.reach (reach_id, next_down, geom) VALUES (30, 1, NULL);
SELECT throws_ok($$SELECT ecocomp.refresh_network()$$, '22004',
                 'reach 30 has no length', 'NULL geometry and NULL length_km: error naming the reach');
DELETE FROM ecocomp.reach WHERE reach_id = 30;
INSERT INTO ecocomp.reach (reach_id, next_down, length_km, geom) VALUES (31, 1, 2.5, NULL);
SELECT is(ecocomp.refresh_network(), 9::bigint, 'NULL geometry with a length: labelled (8 and 31 included)');
SELECT is((SELECT path_km FROM labelled WHERE reach_id = 31), 1::float8, 'path_km of the reach without geometry');
INSERT INTO ecocomp.reach (reach_id, next_down, geom)
VALUES (32, 1, 'SRID=4326;LINESTRING(0 0, 0 0.01)'::geometry);
SELECT is(ecocomp.refresh_network(), 10::bigint, 'a geometry gives the length');
SELECT ok((SELECT abs(length_km - 1.1057) < 0.001 FROM labelled WHERE reach_id = 32),
          '0.01 degree of latitude at the equator is 1.106 km');
SELECT is((SELECT up_area_km2 FROM labelled WHERE reach_id = 1), NULL::float8,
          'an unknown local area makes the total unknown downstream');

-- contract
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    l text;
    p text := '';
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        p := p || l || E'\n';
    END LOOP;
    RETURN p;
END $$;
-- UT runs saved plans in C (no SQL body parsed and planned at each call);
-- the query plan of a call is then a scan of the function's result
SELECT alike(pg_temp.plan_of('SELECT count(*) FROM ecocomp.navigate(1, ''UT'')'), '%Function Scan on navigate%',
             'UT is answered by the C function navigate (saved plans), not an inlined SQL body');
SET LOCAL search_path = '';
CREATE TEMP TABLE nav_no_path AS SELECT n FROM ecocomp.navigate(3, 'UT') AS n;
RESET search_path;
SELECT set_eq($$SELECT n FROM nav_no_path$$, ARRAY[3, 4, 5, 6]::bigint[], 'navigate needs no search_path');
SELECT volatility_is('ecocomp', 'navigate', ARRAY['bigint', 'text', 'double precision'], 'stable', 'navigate is stable');
SELECT volatility_is('ecocomp', 'refresh_network', ARRAY['integer'], 'volatile', 'refresh_network is volatile');

-- ---------------------------------------------------------------------
-- A node that drains three ways (docs/network.md "Divergences", also
-- test/core/test_network.c): 10 drains into 11 (next_down), 12
-- (next_down_minor) and 13 (reach_minor_link); 12 rejoins at 14, 13 runs to
-- the outlet 15 on its own.  Every reach 1 km2, unnamed.
DELETE FROM ecocomp.reach;
INSERT INTO ecocomp.reach (reach_id, next_down, next_down_minor, length_km, local_area_km2) VALUES
    (10, 11, 12, 2, 1), (11, 14, NULL, 1, 1), (12, 14, NULL, 1, 1), (13, 15, NULL, 3.5, 1),
    (14, 15, NULL, 1, 1), (15, NULL, NULL, 1, 1), (16, 15, NULL, 1, 1), (17, 16, NULL, 1.5, 1),
    (18, 16, NULL, 1, 1);
INSERT INTO ecocomp.reach_minor_link (reach_id, down_id) VALUES (10, 13);
SELECT is(ecocomp.refresh_network(1), 9::bigint, 'three-way divergence: 9 reaches labelled');
-- by hand:
--  up_area = reaches in the upstream closure (1 km2 each): 14 = {14 11 12 10}, 15 = all 9
--  arbolate (total) = their lengths: 13 = 3.5 + 2 = 5.5; 14 = 1 + 1 + 1 + 2 = 5; 15 = 13
--  level path at 15: dendritic sums (next_down tree only) 14 = 1 + (1 + 2) + 1 = 5,
--    13 = 3.5, 16 = 1 + 1.5 + 1 = 3.5: 14 wins although 13's total (5.5) is bigger
--  Strahler: 16 = 17 (1) + 18 (1) = 2; 12, 13 start minor paths: 1; 14 = 1 (11 with a
--    minor path 12: no increment); 15 = max(14: 1, 16: 2) = 2, 13 (minor) ignored
--  Shreve: headwaters 10, 17, 18; 10 counts once wherever it arrives twice
--  path_km along main paths: 10 = 1 (15) + 1 (14) + 1 (11) = 3; 13 = 1
SELECT results_eq(
    $$SELECT reach_id, terminal_id, level_path_id, strahler, shreve, up_area_km2, arbolate_km, path_km
        FROM labelled ORDER BY reach_id$$,
    $$VALUES (10::bigint, 15::bigint, 15::bigint, 1, 1::bigint, 1::float8, 2::float8, 3::float8),
             (11, 15, 15, 1, 1, 2, 3, 2),
             (12, 15, 12, 1, 1, 2, 3, 2),
             (13, 15, 13, 1, 1, 2, 5.5, 1),
             (14, 15, 15, 1, 1, 4, 5, 1),
             (15, 15, 15, 2, 3, 9, 13, 0),
             (16, 15, 16, 2, 2, 3, 3.5, 1),
             (17, 15, 16, 1, 1, 1, 1.5, 2),
             (18, 15, 18, 1, 1, 1, 1, 2)$$,
    'three-way divergence: labels worked by hand');
SELECT is((SELECT count(*) FROM labelled r JOIN ecocomp.reach_minor_link l USING (reach_id)
            JOIN labelled d ON d.reach_id = l.down_id WHERE r.hydroseq <= d.hydroseq), 0::bigint,
          'hydroseq decreases along the further minor link');
SELECT set_eq($$SELECT ecocomp.navigate(13, 'UT')$$, ARRAY[13, 10]::bigint[], 'UT of 13 reaches 10 through the third way');
SELECT set_eq($$SELECT ecocomp.navigate(13, 'UT', 0.5)$$, ARRAY[13]::bigint[], 'UT of 13 within 0.5 km');
SELECT set_eq($$SELECT ecocomp.navigate(14, 'UT')$$, ARRAY[14, 11, 12, 10]::bigint[], 'UT of 14');
SELECT set_eq($$SELECT ecocomp.navigate(10, 'DD')$$, ARRAY[10, 11, 12, 13, 14, 15]::bigint[], 'DD of 10 takes all three ways');
SELECT set_eq($$SELECT ecocomp.navigate(10, 'DM')$$, ARRAY[10, 11, 14, 15]::bigint[], 'DM of 10: the main path');
SELECT set_eq($$SELECT ecocomp.navigate(15, 'UM')$$, ARRAY[15, 14, 11, 10]::bigint[], 'UM of 15 follows the dendritic rule');
SELECT ok(ecocomp.is_upstream(10, 13), '10 drains to 13 through the further link');
SELECT ok(NOT ecocomp.is_upstream(11, 13), '11 does not drain to 13');
-- link errors: each further link below, added alone, makes refresh_network()
-- fail; pg_temp.link_refused adds it, checks the error and removes it again.
CREATE FUNCTION pg_temp.link_refused(reach bigint, down bigint, state text, message text, description text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE tap text;
BEGIN
    INSERT INTO ecocomp.reach_minor_link (reach_id, down_id) VALUES (reach, down);
    tap := throws_ok('SELECT ecocomp.refresh_network()', state, message, description);
    DELETE FROM ecocomp.reach_minor_link WHERE reach_id = reach AND down_id = down;
    RETURN tap;
END $$;
SELECT pg_temp.link_refused(reach, down, state, message, description)
  FROM (VALUES
    (1, 10, 12, '23505', 'reach 10 has two minor links to reach 12', 'a further link repeating next_down_minor'),
    (2, 16, 13, '23000', 'reach 16 has further minor links but no next_down_minor', 'next_down_minor comes first'),
    (3, 10, 997, '23503', 'reach 10 diverges into missing reach 997', 'a dangling further link'),
    (4, 10, 11, '23514', 'reach 10 has the same main and minor downstream reach', 'a further link to the main path')
  ) AS bad(ord, reach, down, state, message, description)
 ORDER BY ord;

-- refresh_network's queries do not resolve through the caller's search_path:
-- an operator planted in a schema searched before pg_catalog never runs
CREATE SCHEMA planted;
CREATE FUNCTION planted.int8eq(a bigint, b bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'planted operator ran';
END $$;
CREATE OPERATOR planted.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = planted.int8eq);
CREATE FUNCTION planted.unnest(anyarray) RETURNS SETOF anyelement LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'planted unnest ran';
END $$;
SET LOCAL search_path = planted, pg_catalog, public;
UPDATE ecocomp.reach SET length_km = 1.25 WHERE reach_id = 18;
SELECT lives_ok($$SELECT ecocomp.refresh_network()$$, 'refresh_network with planted = and unnest first in search_path');
RESET search_path;
SELECT is((SELECT arbolate_km FROM labelled WHERE reach_id = 16), 3.75::float8,
          'and it wrote the new labels (16 = 1 + 1.5 + 1.25)');

-- load_nhdplus errors
CREATE TEMP TABLE fl (comid bigint, fromnode bigint, tonode bigint, divergence int, lengthkm float8,
                      geom geometry);
SELECT throws_ok($$SELECT * FROM ecocomp.load_nhdplus('pg_class')$$, '42703',
                 'pg_class lacks a column load_nhdplus needs', 'a table without ComID');
INSERT INTO fl VALUES (1, 10, 11, 0, 1, NULL), (1, 12, 10, 0, 1, NULL);
SELECT throws_ok($$SELECT * FROM ecocomp.load_nhdplus('fl')$$, '23505',
                 'ComID 1 appears twice in fl', 'duplicate ComIDs');
TRUNCATE fl;
INSERT INTO fl VALUES (1, 10, NULL, 0, 1, NULL);
SELECT throws_ok($$SELECT * FROM ecocomp.load_nhdplus('fl')$$, '23502',
                 'flowline without ComID, FromNode or ToNode in fl', 'a flowline without ToNode');
TRUNCATE fl;
INSERT INTO fl VALUES (1, 10, 11, 0, 1, 'LINESTRING(0 0, 1 1)');
SELECT throws_ok($$SELECT * FROM ecocomp.load_nhdplus('fl')$$, '22023',
                 'flowline 1 has a geometry without SRID', 'a geometry without SRID');
-- a node that drains three ways, in the node topology: 1 ends at node 11,
-- where 2 (Divergence 1, main), 3 and 4 (Divergence 2) start
TRUNCATE fl;
-- and 3 rejoins at node 12 through 5, where 6 starts
INSERT INTO fl VALUES (1, 10, 11, 0, 1, NULL), (2, 11, 12, 1, 1, NULL), (3, 11, 13, 2, 1, NULL),
                      (4, 11, 14, 2, 1, NULL), (5, 13, 12, 0, 1, NULL), (6, 12, 15, 0, 1, NULL);
DELETE FROM ecocomp.reach;
SELECT is((SELECT (reaches, minor_links)::text FROM ecocomp.load_nhdplus('fl')), '(6,2)',
          'load_nhdplus: 6 reaches, 2 minor links');
SELECT results_eq($$SELECT reach_id, next_down, next_down_minor FROM labelled ORDER BY reach_id$$,
                  $$VALUES (1::bigint, 2::bigint, 3::bigint), (2, 6, NULL), (3, 5, NULL), (4, NULL, NULL),
                           (5, 6, NULL), (6, NULL, NULL)$$,
                  'main path by Divergence, the first minor path in next_down_minor');
SELECT results_eq($$SELECT reach_id, down_id FROM ecocomp.reach_minor_link$$, $$VALUES (1::bigint, 4::bigint)$$,
                  'the third way in reach_minor_link');

-- Where the labels live: the label columns of reach, and navigation's copy
-- (_reach_label), replaced as a whole by a refresh.
-- The six reaches above, 1 km each: 1 -> 2 -> 6 (outlet) is the main path,
-- 1 -> 3 -> 5 -> 6 a minor one, 4 an outlet of its own.  path_km runs from
-- a reach's downstream end to the outlet's downstream end.
SELECT is(ecocomp.refresh_network(), 6::bigint, 'labels: six reaches');
CREATE TEMP VIEW user_view AS SELECT reach_id, path_km FROM ecocomp.reach;
SELECT is((SELECT path_km FROM user_view WHERE reach_id = 1), 2::float8,
          'labels: path_km of 1 = 1 (reach 2) + 1 (reach 6)');
UPDATE ecocomp.reach SET length_km = 3 WHERE reach_id = 6;
SELECT is(ecocomp.refresh_network(), 6::bigint, 'labels: relabelled after a change');
SELECT is((SELECT path_km FROM user_view WHERE reach_id = 1), 4::float8,
          'labels: a view on reach reads the new labels after a refresh (1 + 3)');
SELECT is((SELECT arbolate_km FROM ecocomp.reach WHERE reach_id = 6), 7::float8,
          'labels: arbolate_km of 6 = 1 + 1 + 1 + 1 (1, 2, 3, 5 upstream) + 3');
UPDATE ecocomp.reach SET length_km = 2 WHERE reach_id = 2;
SELECT is(ecocomp.refresh_network(), 6::bigint, 'labels: relabelled once more');
SELECT is((SELECT path_km FROM user_view WHERE reach_id = 1), 5::float8,
          'labels: the view follows a second swap (2 + 3)');
-- navigation's copy holds the same labels as the columns of reach
SELECT is((SELECT count(*) FROM ecocomp.reach r FULL JOIN ecocomp._reach_label l USING (reach_id)
            WHERE (r.hydroseq, r.terminal_id, r.level_path_id, r.strahler, r.shreve, r.up_area_km2,
                   r.arbolate_km, r.path_km, r.nav_lo, r.nav_hi, r.pfaf)
                  IS DISTINCT FROM
                  (l.hydroseq, l.terminal_id, l.level_path_id, l.strahler, l.shreve, l.up_area_km2,
                   l.arbolate_km, l.path_km, l.nav_lo, l.nav_hi, l.pfaf)), 0::bigint,
          'labels: the columns of reach and navigation''s copy agree after a swap');
SELECT is((SELECT count(*) FROM ecocomp._reach_label_next), 6::bigint,
          'labels: the spare table keeps the previous refresh''s six rows until the next one');
DELETE FROM ecocomp.reach WHERE reach_id = 4;
SELECT is((SELECT count(*) FROM ecocomp._reach_label WHERE reach_id = 4), 0::bigint,
          'labels: a deleted reach takes its labels with it');
-- navigate() keeps its query plans between calls; they follow the swap:
-- with 5 draining into 2 instead of 6, water from 1 (main path), 5 and 3
-- (1 -> 3 -> 5, minor path) reaches 2.
SELECT results_eq($$SELECT n FROM ecocomp.navigate(2, 'UT') AS n ORDER BY 1$$, $$VALUES (1::bigint), (2)$$,
                  'labels: UT from 2 before the change');
DELETE FROM ecocomp.reach_minor_link WHERE down_id = 4;   -- its link from 1 has no foreign key
UPDATE ecocomp.reach SET next_down = 2 WHERE reach_id = 5;
SELECT is(ecocomp.refresh_network(), 5::bigint, 'labels: five reaches relabelled');
SELECT results_eq($$SELECT n FROM ecocomp.navigate(2, 'UT') AS n ORDER BY 1$$,
                  $$VALUES (1::bigint), (2), (3), (5)$$,
                  'labels: UT from 2 reads the new labels');

-- A refresh of a large network can be cancelled: statement_timeout stops
-- it with 57014 (query_canceled).  A binary tree of 200 000 reaches (reach
-- g flows into g / 2); the timeout is half the time a full labelling took
-- just before, so it lands in the middle of the work.
DELETE FROM ecocomp.reach;
INSERT INTO ecocomp.reach (reach_id, next_down, length_km, local_area_km2)
SELECT g, nullif(g / 2, 0), 1, 1 FROM generate_series(1, 200000) AS g;
SELECT clock_timestamp() AS t0 \gset
SELECT is(ecocomp.refresh_network(), 200000::bigint, 'cancel: 200 000 reaches labelled');
SELECT greatest(1, (1000 * extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) / 2)::int) AS half_ms \gset
UPDATE ecocomp.reach SET length_km = 2 WHERE reach_id = 1;
CREATE FUNCTION pg_temp.outcome(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'finished';
EXCEPTION WHEN query_canceled THEN   -- WHEN OTHERS does not catch a cancel
    RETURN SQLSTATE;
END $$;
SELECT clock_timestamp() AS t1 \gset
SET LOCAL statement_timeout = :half_ms;
SELECT is(pg_temp.outcome('SELECT ecocomp.refresh_network()'), '57014',
          'cancel: statement_timeout stops a refresh of 200 000 reaches (57014)');
SET LOCAL statement_timeout = 0;
SELECT diag(format('a full labelling took %s ms; with statement_timeout = %s ms the refresh stopped after %s ms',
                   2 * :half_ms, :half_ms,
                   round(1000 * extract(epoch FROM clock_timestamp() - :'t1'::timestamptz))));
SELECT is((SELECT arbolate_km FROM ecocomp.reach WHERE reach_id = 1), 200000::float8,
          'cancel: the labels are those of the last finished refresh (200 000 reaches of 1 km)');
SELECT is((SELECT arbolate_km FROM ecocomp._reach_label WHERE reach_id = 1), 200000::float8,
          'cancel: navigation''s copy too');

SELECT * FROM finish();
ROLLBACK;

-- River network labelling and navigation on real NHDPlus V2 networks:
-- Walker Creek (62 flowlines, one outlet), the Mattole coast (535 river
-- flowlines, 29 outlets, 6 divergences) and the braided New Hope Creek (746
-- flowlines, 84 minor divergences, one node that drains three ways), all
-- loaded with load_nhdplus() from their FromNode/ToNode topology.  Every
-- label is checked against the published NHDPlus column of the same row.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
BEGIN;
-- start from an empty network (other suites may have left reaches)
DELETE FROM ecocomp.reach;
-- the reaches with their labels (refresh_network() writes them)
CREATE TEMP VIEW labelled AS
SELECT * FROM ecocomp.reach;

\i test/data/nhdplus_table.sql
\copy nhd FROM 'test/data/walker.csv' WITH (FORMAT csv, HEADER true)

-- NHDPlus -> reach, as documented in docs/network.md (coastline flowlines,
-- StreamOrde -9, are not rivers: left out)
CREATE TEMP VIEW nhd_flowline AS
SELECT comid, fromnode, tonode, divergence, lengthkm, areasqkm, gnis_name,
       ST_GeomFromText(wkt, 4326) AS geom
  FROM nhd WHERE streamorde <> -9;
SELECT * FROM ecocomp.load_nhdplus('nhd_flowline');

SELECT ecocomp.refresh_network() AS walker_reaches;

-- Comparison of every label with the NHDPlus column it reproduces.
-- Tolerances: TotDASqKM and AreaSqKM have 4 decimals, ArbolateSu,
-- Pathlength and LengthKM 3: a sum of 62 rounded values may differ from the
-- rounded sum by a few units of the last place.
CREATE TEMP VIEW compare AS
SELECT count(*) AS reaches,
       count(*) FILTER (WHERE r.hydroseq <= d.hydroseq OR r.hydroseq <= m.hydroseq) AS hydroseq_not_topological,
       count(*) FILTER (WHERE n.totdasqkm IS NOT NULL AND abs(r.up_area_km2 - n.totdasqkm) > 0.005) AS up_area_off,
       round(max(abs(r.up_area_km2 - n.totdasqkm))::numeric, 4) AS up_area_max_err,
       count(*) FILTER (WHERE abs(r.arbolate_km - n.arbolatesu) > 0.005) AS arbolate_off,
       round(max(abs(r.arbolate_km - n.arbolatesu))::numeric, 4) AS arbolate_max_err,
       count(*) FILTER (WHERE abs(r.path_km - n.pathlength) > 0.0005) AS path_off,
       round(max(abs(r.path_km - n.pathlength))::numeric, 4) AS path_max_err,
       count(*) FILTER (WHERE r.strahler <> n.streamorde) AS strahler_off,
       count(*) FILTER (WHERE lp.hydroseq <> n.levelpathi) AS level_path_off,
       count(*) FILTER (WHERE t.hydroseq <> n.terminalpa) AS terminal_off,
       count(DISTINCT r.level_path_id) AS level_paths,
       count(*) FILTER (WHERE r.nav_lo IS NULL OR r.nav_hi < r.nav_lo) AS nav_missing
  FROM labelled r
  JOIN nhd n ON n.comid = r.reach_id
  LEFT JOIN labelled d ON d.reach_id = r.next_down
  LEFT JOIN labelled m ON m.reach_id = r.next_down_minor
  JOIN nhd lp ON lp.comid = r.level_path_id
  JOIN nhd t ON t.comid = r.terminal_id;

\x on
SELECT * FROM compare;
\x off

-- Navigation against the data's own attributes, for every start reach.
-- Reference sets come from recursive walks over the NHDPlus columns
-- (dnhydroseq, dnminorhyd, levelpathi), never from our labels.
CREATE TEMP TABLE nhd_net AS
SELECT comid, hydroseq, dnhydroseq, dnminorhyd, levelpathi, pathlength, lengthkm, fromnode, tonode
  FROM nhd WHERE streamorde <> -9;

-- flow links by hydroseq, from the node topology: every flowline leaving
-- the node a flowline ends at (DnHydroseq/DnMinorHyd name two at most)
CREATE TEMP VIEW nhd_node_link AS
SELECT a.hydroseq AS up_hs, b.hydroseq AS dn_hs
  FROM nhd_net a JOIN nhd_net b ON b.fromnode = a.tonode AND b.comid <> a.comid;
CREATE TEMP TABLE nhd_link AS SELECT * FROM nhd_node_link;
CREATE INDEX ON nhd_link (dn_hs);
CREATE INDEX ON nhd_link (up_hs);
CREATE INDEX ON nhd_net (hydroseq);
CREATE INDEX ON nhd_net (comid);
-- the closures of every start at once, set-based (walks per start are slow):
-- ref_up(b, a): a = b or a's water reaches b; ref_dn(b, a): a on b's main
-- path down (dnhydroseq), b included.  Refilled for each network.
CREATE TEMP TABLE ref_up (b bigint, a bigint);
CREATE TEMP TABLE ref_dn (b bigint, a bigint);
CREATE INDEX ON ref_up (b);
CREATE INDEX ON ref_up (a);
CREATE INDEX ON ref_dn (b);
-- closure(edges): every (b, a), as comids, with a = b or a reached from b
-- over edges, a query of (from_hs, to_hs) hydroseq pairs.
CREATE FUNCTION pg_temp.closure(edges text) RETURNS TABLE (b bigint, a bigint) LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
    WITH RECURSIVE walk(b, hs) AS (
        SELECT hydroseq, hydroseq FROM nhd_net
        UNION
        SELECT walk.b, e.to_hs FROM (%s) e JOIN walk ON e.from_hs = walk.hs
    ) SELECT nb.comid, na.comid
        FROM walk JOIN nhd_net na ON na.hydroseq = walk.hs JOIN nhd_net nb ON nb.hydroseq = walk.b$q$, edges);
END $$;
CREATE FUNCTION pg_temp.fill_refs() RETURNS void LANGUAGE sql AS $$
    TRUNCATE nhd_link;
    INSERT INTO nhd_link SELECT * FROM nhd_node_link;
    TRUNCATE ref_up;
    INSERT INTO ref_up SELECT * FROM pg_temp.closure('SELECT dn_hs AS from_hs, up_hs AS to_hs FROM nhd_link');
    TRUNCATE ref_dn;
    INSERT INTO ref_dn SELECT * FROM pg_temp.closure('SELECT hydroseq AS from_hs, dnhydroseq AS to_hs FROM nhd_net');
    ANALYZE nhd_net;
    ANALYZE nhd_link;
    ANALYZE ref_up;
    ANALYZE ref_dn;
$$;
SELECT pg_temp.fill_refs();
CREATE FUNCTION pg_temp.ref_ut(start bigint) RETURNS SETOF bigint LANGUAGE sql STABLE AS $$
    SELECT a FROM ref_up WHERE b = start $$;
-- every (a, b) with a upstream of b, a <> b
CREATE TEMP VIEW ref_pairs AS SELECT a, b FROM ref_up WHERE a <> b;
CREATE FUNCTION pg_temp.ref_dd(start bigint) RETURNS SETOF bigint LANGUAGE sql STABLE AS $$
    SELECT b FROM ref_up WHERE a = start $$;
CREATE FUNCTION pg_temp.ref_dm(start bigint) RETURNS SETOF bigint LANGUAGE sql STABLE AS $$
    SELECT a FROM ref_dn WHERE b = start $$;
CREATE FUNCTION pg_temp.ref_um(start bigint) RETURNS SETOF bigint LANGUAGE sql AS $$
    SELECT n.comid FROM nhd_net n, nhd_net s
     WHERE s.comid = start AND n.levelpathi = s.levelpathi AND n.hydroseq >= s.hydroseq $$;

CREATE FUNCTION pg_temp.same(a bigint[], b bigint[]) RETURNS boolean LANGUAGE sql AS $$
    SELECT (SELECT array_agg(x ORDER BY x) FROM unnest(a) x) = (SELECT array_agg(x ORDER BY x) FROM unnest(b) x) $$;

-- navigation starts: every reach of Walker Creek; on the bigger networks
-- every third (tenth on New Hope) reach by ComID, plus every reach that
-- splits (the checks cost tens of ms a start on a braided network)
CREATE TEMP TABLE nav_start AS SELECT comid FROM nhd_net;
CREATE FUNCTION pg_temp.sample_starts(modulus int) RETURNS void LANGUAGE sql AS $$
    TRUNCATE nav_start;
    INSERT INTO nav_start
    SELECT n.comid FROM nhd_net n
     WHERE n.comid % modulus = 0
        OR EXISTS (SELECT 1 FROM nhd_link l WHERE l.up_hs = n.hydroseq GROUP BY l.up_hs HAVING count(*) > 1);
$$;
CREATE TEMP VIEW nav_check AS
SELECT count(*) AS starts,
       count(*) FILTER (WHERE NOT pg_temp.same(ARRAY(SELECT ecocomp.navigate(comid, 'UT')), ARRAY(SELECT pg_temp.ref_ut(comid)))) AS ut_off,
       count(*) FILTER (WHERE NOT pg_temp.same(ARRAY(SELECT ecocomp.navigate(comid, 'UM')), ARRAY(SELECT pg_temp.ref_um(comid)))) AS um_off,
       count(*) FILTER (WHERE NOT pg_temp.same(ARRAY(SELECT ecocomp.navigate(comid, 'DM')), ARRAY(SELECT pg_temp.ref_dm(comid)))) AS dm_off,
       count(*) FILTER (WHERE NOT pg_temp.same(ARRAY(SELECT ecocomp.navigate(comid, 'DD')), ARRAY(SELECT pg_temp.ref_dd(comid)))) AS dd_off,
       count(*) FILTER (WHERE NOT pg_temp.same(ARRAY(SELECT ecocomp.upstream_reaches(comid)), ARRAY(SELECT ecocomp.navigate(comid, 'UT')))) AS shorthand_off
  FROM nav_start;

-- Distance limits (NHDPlus/NLDI rules on Pathlength and LengthKM; the first
-- reach crossing the limit is included): UT/UM keep Pathlength <= start's +
-- d; DM keeps Pathlength + LengthKM >= start's Pathlength + LengthKM - d.
CREATE TEMP VIEW dist_check AS
SELECT count(*) AS cases,
       count(*) FILTER (WHERE NOT pg_temp.same(
           ARRAY(SELECT ecocomp.navigate(s.comid, 'UT', d)),
           ARRAY(SELECT u FROM pg_temp.ref_ut(s.comid) u JOIN nhd_net x ON x.comid = u
                  WHERE x.pathlength <= s.pathlength + d + 1e-9))) AS ut_off,
       count(*) FILTER (WHERE NOT pg_temp.same(
           ARRAY(SELECT ecocomp.navigate(s.comid, 'UM', d)),
           ARRAY(SELECT u FROM pg_temp.ref_um(s.comid) u JOIN nhd_net x ON x.comid = u
                  WHERE x.pathlength <= s.pathlength + d + 1e-9))) AS um_off,
       count(*) FILTER (WHERE NOT pg_temp.same(
           ARRAY(SELECT ecocomp.navigate(s.comid, 'DM', d)),
           ARRAY(SELECT u FROM pg_temp.ref_dm(s.comid) u JOIN nhd_net x ON x.comid = u
                  WHERE x.pathlength + x.lengthkm >= s.pathlength + s.lengthkm - d - 1e-9))) AS dm_off
  FROM nav_start JOIN nhd_net s USING (comid), (VALUES (0.0), (0.5), (2.0), (7.5)) AS dist(d);

SELECT * FROM nav_check;
SELECT * FROM dist_check;

-- is_upstream over the ordered pairs (a, b) with b's comid a multiple of
-- sample agrees with the closure of the links; here every pair
CREATE TEMP TABLE pairs AS SELECT * FROM ref_pairs;
CREATE FUNCTION pg_temp.upstream_check(sample int)
RETURNS TABLE (pairs bigint, upstream_pairs bigint, is_upstream_off bigint) LANGUAGE sql AS $$
    SELECT count(*), (SELECT count(*) FROM pairs),
           count(*) FILTER (WHERE ecocomp.is_upstream(a.comid, b.comid) IS DISTINCT FROM (p.a IS NOT NULL))
      FROM nhd_net a CROSS JOIN nhd_net b
      LEFT JOIN pairs p ON p.a = a.comid AND p.b = b.comid
     WHERE b.comid % sample = 0
$$;
SELECT * FROM pg_temp.upstream_check(1);

-- Pfafstetter codes name basins: the reaches of one code drain through a
-- single outlet reach, and whenever the codes say "basin A is upstream of
-- basin B", every reach of A is upstream of B's outlet.
CREATE TEMP VIEW pfaf_basin AS
SELECT r.pfaf, r.terminal_id, r.reach_id AS outlet
  FROM labelled r LEFT JOIN labelled d ON d.reach_id = r.next_down
 WHERE r.pfaf IS NOT NULL AND d.pfaf IS DISTINCT FROM r.pfaf;
CREATE TEMP VIEW pfaf_check AS
SELECT (SELECT count(DISTINCT pfaf) FROM labelled) AS basins,
       (SELECT count(*) FROM pfaf_basin) AS basin_outlets,
       count(*) AS upstream_by_code,
       count(*) FILTER (WHERE NOT ecocomp.is_upstream(a.reach_id, b.outlet)) AS wrong
  FROM labelled a JOIN pfaf_basin b
    ON b.terminal_id = a.terminal_id AND ecocomp.pfaf_is_upstream(a.pfaf, b.pfaf);
SELECT * FROM pfaf_check;
-- the outlet is in interbasin 1 of interbasin 1; 4 tributaries + 5 interbasins at level 1
SELECT pfaf FROM labelled WHERE reach_id = 5329303;
SELECT count(DISTINCT left(pfaf, 1)) AS level1_basins FROM labelled;

-- ---------------------------------------------------------------------
-- The coastal network: coastline rows (streamorde = -9) left out.
DELETE FROM ecocomp.reach;
TRUNCATE nhd;
\copy nhd FROM 'test/data/coastal.csv' WITH (FORMAT csv, HEADER true)
TRUNCATE nhd_net;
INSERT INTO nhd_net SELECT comid, hydroseq, dnhydroseq, dnminorhyd, levelpathi, pathlength, lengthkm, fromnode, tonode
  FROM nhd WHERE streamorde <> -9;
SELECT pg_temp.fill_refs();
SELECT pg_temp.sample_starts(3);
SELECT * FROM ecocomp.load_nhdplus('nhd_flowline');
SELECT ecocomp.refresh_network() AS coastal_reaches;
\x on
SELECT * FROM compare;
\x off
SELECT count(*) AS outlets, count(DISTINCT terminal_id) AS terminals FROM labelled WHERE next_down IS NULL;
-- UT of every outlet is its whole terminal basin (NHDPlus TerminalPa)
SELECT count(*) AS outlets,
       count(*) FILTER (WHERE NOT pg_temp.same(ARRAY(SELECT ecocomp.navigate(o.comid, 'UT')),
                                               ARRAY(SELECT comid FROM nhd WHERE terminalpa = o.terminalpa AND streamorde <> -9)))
         AS basin_off
  FROM nhd o WHERE o.terminalfl = 1 AND o.streamorde <> -9;
-- the divergences: minor paths and the reaches that gain water through them
SELECT count(*) AS minor_links FROM labelled WHERE next_down_minor IS NOT NULL;
SELECT * FROM nav_check;
SELECT * FROM dist_check;
TRUNCATE pairs;
INSERT INTO pairs SELECT * FROM ref_pairs;
SELECT * FROM pg_temp.upstream_check(5);
-- _reach_nav_extra has rows exactly for the reaches that get water from
-- outside their main-path subtree (through a minor path)
SELECT count(*) FILTER (WHERE needs) AS reaches_needing_extra,
       count(*) FILTER (WHERE needs IS DISTINCT FROM has) AS extra_off
  FROM (SELECT EXISTS (SELECT 1 FROM pairs p JOIN labelled a ON a.reach_id = p.a
                        WHERE p.b = b.reach_id AND a.nav_lo NOT BETWEEN b.nav_lo AND b.nav_hi) AS needs,
               EXISTS (SELECT 1 FROM ecocomp._reach_nav_extra e WHERE e.reach_id = b.reach_id) AS has
          FROM labelled b) x;
SELECT * FROM pfaf_check;

-- ---------------------------------------------------------------------
-- Incremental use: delete a tributary, add reaches, refresh; the labels are
-- those of a fresh build of the same rows loaded in another order.
CREATE TEMP TABLE before_labels AS SELECT * FROM labelled;
-- 535 - 5 (UT of 2544241, North Fork Mattole, by the NHDPlus links) + 3 = 533
DELETE FROM ecocomp.reach WHERE reach_id IN (SELECT pg_temp.ref_ut(2544241));
INSERT INTO ecocomp.reach (reach_id, next_down, name, length_km, local_area_km2)
VALUES (90000001, 2545673, 'New Creek', 1.5, 2.0), (90000002, 90000001, 'New Creek', 0.7, 1.1),
       (90000003, 90000001, NULL, 0.4, 0.3);
SELECT ecocomp.refresh_network() AS after_edit;
CREATE TEMP TABLE incr AS SELECT * FROM labelled;
CREATE TEMP TABLE incr_extra AS SELECT * FROM ecocomp._reach_nav_extra;
-- fresh build: same rows, inserted in descending id order, labels cleared
DELETE FROM ecocomp.reach;
INSERT INTO ecocomp.reach (reach_id, next_down, next_down_minor, name, length_km, local_area_km2, geom)
SELECT reach_id, next_down, next_down_minor, name, length_km, local_area_km2, geom
  FROM incr ORDER BY reach_id DESC;
SELECT ecocomp.refresh_network() AS fresh;
SELECT count(*) AS rows_compared,
       count(*) FILTER (WHERE (a.hydroseq, a.terminal_id, a.level_path_id, a.strahler, a.shreve,
                               a.up_area_km2, a.arbolate_km, a.path_km, a.nav_lo, a.nav_hi, a.pfaf)
                              IS DISTINCT FROM
                              (b.hydroseq, b.terminal_id, b.level_path_id, b.strahler, b.shreve,
                               b.up_area_km2, b.arbolate_km, b.path_km, b.nav_lo, b.nav_hi, b.pfaf)) AS differ
  FROM incr a JOIN labelled b USING (reach_id);
SELECT (SELECT count(*) FROM incr_extra) AS extra_rows,
       (SELECT count(*) FROM (SELECT * FROM incr_extra EXCEPT SELECT * FROM ecocomp._reach_nav_extra) x) AS extra_differ;
-- the new tributary (nothing else upstream): 1.5 + 0.7 + 0.4 km, 2.0 + 1.1 + 0.3 km2,
-- two order-1 headwaters make order 2; it continues the level path of 2545673
-- (NHDPlus LevelPathI 10009289 = hydroseq of comid 2545561), its only inflow
SELECT reach_id, round(arbolate_km::numeric, 3) AS arbolate_km, round(up_area_km2::numeric, 4) AS up_area_km2,
       strahler, shreve, level_path_id
  FROM labelled WHERE reach_id >= 90000001 ORDER BY reach_id;
-- ---------------------------------------------------------------------
-- New Hope Creek, North Carolina: a braided network of 746 flowlines with
-- 84 minor divergences and one node that drains three ways (NHDPlus
-- DnDrainCou = 3 on the flowline above it), geometry as published in
-- CONUS Albers (EPSG:5070), column names in NHDPlus's own letter case.
-- Its outlet flows on out of the subset, so NHDPlus's Pathlength counts
-- from an outlet that is not here: path_km is compared with Pathlength
-- minus the subset outlet's; TerminalPa and LevelPathI as partitions.
DELETE FROM ecocomp.reach;
TRUNCATE nhd;
\copy nhd FROM 'test/data/new_hope.csv' WITH (FORMAT csv, HEADER true)
TRUNCATE nhd_net;
INSERT INTO nhd_net SELECT comid, hydroseq, dnhydroseq, dnminorhyd, levelpathi, pathlength, lengthkm, fromnode, tonode
  FROM nhd;
SELECT pg_temp.fill_refs();
SELECT pg_temp.sample_starts(10);
CREATE TEMP VIEW new_hope_flowline AS
SELECT comid AS "COMID", fromnode AS "FromNode", tonode AS "ToNode", divergence AS "Divergence",
       lengthkm AS "LengthKM", areasqkm AS "AreaSqKM", gnis_name AS "GNIS_Name",
       ST_GeomFromText(wkt, 5070) AS shape
  FROM nhd;
SELECT * FROM ecocomp.load_nhdplus('new_hope_flowline');
-- links: 746 - 1 outlet main links; minor ones = node links - main links.
-- DnHydroseq/DnMinorHyd hold one minor link at most per flowline: the
-- third way out of the three-way node is only in the node topology.
SELECT (SELECT count(*) FROM nhd_link) AS node_links,
       (SELECT count(*) FROM nhd_net WHERE dnhydroseq IN (SELECT hydroseq FROM nhd_net))
     + (SELECT count(*) FROM nhd_net WHERE dnminorhyd <> 0) AS dnhydroseq_dnminorhyd_links,
       (SELECT count(*) FROM labelled WHERE next_down IS NOT NULL)
     + (SELECT count(*) FROM labelled WHERE next_down_minor IS NOT NULL)
     + (SELECT count(*) FROM ecocomp.reach_minor_link) AS loaded_links;
SELECT r.reach_id, r.next_down, r.next_down_minor, l.down_id AS further_minor
  FROM labelled r JOIN ecocomp.reach_minor_link l USING (reach_id);
SELECT ecocomp.refresh_network() AS new_hope_reaches;
CREATE TEMP VIEW compare_open AS
SELECT count(*) AS reaches,
       -- every link, the further minor ones too, goes to a smaller hydroseq
       (SELECT count(*) FROM (SELECT reach_id, next_down AS down_id FROM labelled
                              UNION ALL SELECT reach_id, next_down_minor FROM labelled
                              UNION ALL SELECT reach_id, down_id FROM ecocomp.reach_minor_link) l
          JOIN labelled a USING (reach_id) JOIN labelled b ON b.reach_id = l.down_id
         WHERE a.hydroseq <= b.hydroseq) AS hydroseq_not_topological,
       count(*) FILTER (WHERE abs(r.up_area_km2 - n.totdasqkm) > 0.005) AS up_area_off,
       round(max(abs(r.up_area_km2 - n.totdasqkm))::numeric, 4) AS up_area_max_err,
       count(*) FILTER (WHERE abs(r.arbolate_km - n.arbolatesu) > 0.005) AS arbolate_off,
       round(max(abs(r.arbolate_km - n.arbolatesu))::numeric, 4) AS arbolate_max_err,
       count(*) FILTER (WHERE abs(r.path_km - (n.pathlength - o.pathlength)) > 0.0005) AS path_off,
       count(*) FILTER (WHERE r.strahler <> n.streamorde) AS strahler_off,
       count(*) FILTER (WHERE lp.levelpathi <> n.levelpathi) AS level_path_off,
       count(DISTINCT r.level_path_id) AS level_paths,
       count(DISTINCT n.levelpathi) AS nhdplus_level_paths,
       count(DISTINCT r.terminal_id) AS terminals,
       count(DISTINCT n.terminalpa) AS nhdplus_terminals
  FROM labelled r
  JOIN nhd n ON n.comid = r.reach_id
  JOIN nhd o ON o.comid = r.terminal_id
  JOIN nhd lp ON lp.comid = r.level_path_id;
\x on
SELECT * FROM compare_open;
\x off
SELECT * FROM nav_check;
SELECT * FROM dist_check;
TRUNCATE pairs;
INSERT INTO pairs SELECT * FROM ref_pairs;
SELECT * FROM pg_temp.upstream_check(17);
SELECT * FROM pfaf_check;
ROLLBACK;

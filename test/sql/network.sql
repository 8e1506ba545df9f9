-- River network labelling and navigation on real NHDPlus V2 networks:
-- Walker Creek (62 flowlines, one outlet) and the Mattole coast (535 river
-- flowlines, 29 outlets, 6 divergences).  Every expected figure is
-- checked against the published NHDPlus columns of the same rows.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
BEGIN;
-- start from an empty network (other suites may have left reaches)
DELETE FROM ecocomp.reach;

CREATE TEMP TABLE nhd (
  comid bigint PRIMARY KEY, gnis_name text,
  lengthkm float8, areasqkm float8, totdasqkm float8,
  hydroseq bigint, dnhydroseq bigint, uphydroseq bigint, dnminorhyd bigint,
  levelpathi bigint, dnlevelpat bigint, terminalpa bigint,
  terminalfl smallint, startflag smallint, divergence smallint,
  streamorde smallint, streamcalc smallint,
  pathlength float8, arbolatesu float8, fromnode bigint, tonode bigint,
  wkt text);
\copy nhd FROM 'test/data/walker.csv' WITH (FORMAT csv, HEADER true)

-- NHDPlus -> reach, as documented in docs/network.md
CREATE TEMP VIEW nhd_reach AS
SELECT n.comid AS reach_id, d.comid AS next_down, m.comid AS next_down_minor,
       n.gnis_name AS name, n.lengthkm AS length_km, n.areasqkm AS local_area_km2,
       ST_GeomFromText(n.wkt, 4326) AS geom
  FROM nhd n
  LEFT JOIN nhd d ON d.hydroseq = n.dnhydroseq AND d.streamorde <> -9
  LEFT JOIN nhd m ON m.hydroseq = n.dnminorhyd AND n.dnminorhyd <> 0
 WHERE n.streamorde <> -9;

INSERT INTO ecocomp.reach (reach_id, next_down, next_down_minor, name, length_km, local_area_km2, geom)
SELECT * FROM nhd_reach;

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
  FROM ecocomp.reach r
  JOIN nhd n ON n.comid = r.reach_id
  LEFT JOIN ecocomp.reach d ON d.reach_id = r.next_down
  LEFT JOIN ecocomp.reach m ON m.reach_id = r.next_down_minor
  JOIN nhd lp ON lp.comid = r.level_path_id
  JOIN nhd t ON t.comid = r.terminal_id;

\x on
SELECT * FROM compare;
\x off

-- Navigation against the data's own attributes, for every start reach.
-- Reference sets come from recursive walks over the NHDPlus columns
-- (dnhydroseq, dnminorhyd, levelpathi), never from our labels.
CREATE TEMP TABLE nhd_net AS
SELECT comid, hydroseq, dnhydroseq, dnminorhyd, levelpathi, pathlength, lengthkm
  FROM nhd WHERE streamorde <> -9;

-- flow links by hydroseq: main (dnhydroseq) and minor (dnminorhyd)
CREATE TEMP VIEW nhd_link AS
SELECT hydroseq AS up_hs, dnhydroseq AS dn_hs FROM nhd_net
UNION ALL
SELECT hydroseq, dnminorhyd FROM nhd_net WHERE dnminorhyd <> 0;
CREATE FUNCTION pg_temp.ref_ut(start bigint) RETURNS SETOF bigint LANGUAGE sql AS $$
    WITH RECURSIVE up(hs) AS (
        SELECT hydroseq FROM nhd_net WHERE comid = start
        UNION
        SELECT l.up_hs FROM nhd_link l JOIN up ON l.dn_hs = up.hs
    ) SELECT n.comid FROM up JOIN nhd_net n ON n.hydroseq = up.hs $$;
-- every (a, b) with a upstream of b, a <> b
CREATE TEMP VIEW ref_pairs AS
WITH RECURSIVE up(b, hs) AS (
    SELECT hydroseq, hydroseq FROM nhd_net
    UNION
    SELECT up.b, l.up_hs FROM nhd_link l JOIN up ON l.dn_hs = up.hs
) SELECT na.comid AS a, nb.comid AS b
    FROM up JOIN nhd_net na ON na.hydroseq = up.hs JOIN nhd_net nb ON nb.hydroseq = up.b
   WHERE up.hs <> up.b;
CREATE FUNCTION pg_temp.ref_dd(start bigint) RETURNS SETOF bigint LANGUAGE sql AS $$
    WITH RECURSIVE dn(hs) AS (
        SELECT hydroseq FROM nhd_net WHERE comid = start
        UNION
        SELECT l.dn_hs FROM nhd_link l JOIN dn ON l.up_hs = dn.hs
    ) SELECT n.comid FROM dn JOIN nhd_net n ON n.hydroseq = dn.hs $$;
CREATE FUNCTION pg_temp.ref_dm(start bigint) RETURNS SETOF bigint LANGUAGE sql AS $$
    WITH RECURSIVE dn(hs) AS (
        SELECT hydroseq FROM nhd_net WHERE comid = start
        UNION
        SELECT x.dnhydroseq FROM nhd_net x JOIN dn ON x.hydroseq = dn.hs
    ) SELECT n.comid FROM dn JOIN nhd_net n ON n.hydroseq = dn.hs $$;
CREATE FUNCTION pg_temp.ref_um(start bigint) RETURNS SETOF bigint LANGUAGE sql AS $$
    SELECT n.comid FROM nhd_net n, nhd_net s
     WHERE s.comid = start AND n.levelpathi = s.levelpathi AND n.hydroseq >= s.hydroseq $$;

CREATE FUNCTION pg_temp.same(a bigint[], b bigint[]) RETURNS boolean LANGUAGE sql AS $$
    SELECT (SELECT array_agg(x ORDER BY x) FROM unnest(a) x) = (SELECT array_agg(x ORDER BY x) FROM unnest(b) x) $$;

CREATE TEMP VIEW nav_check AS
SELECT count(*) AS starts,
       count(*) FILTER (WHERE NOT pg_temp.same(ARRAY(SELECT ecocomp.navigate(comid, 'UT')), ARRAY(SELECT pg_temp.ref_ut(comid)))) AS ut_off,
       count(*) FILTER (WHERE NOT pg_temp.same(ARRAY(SELECT ecocomp.navigate(comid, 'UM')), ARRAY(SELECT pg_temp.ref_um(comid)))) AS um_off,
       count(*) FILTER (WHERE NOT pg_temp.same(ARRAY(SELECT ecocomp.navigate(comid, 'DM')), ARRAY(SELECT pg_temp.ref_dm(comid)))) AS dm_off,
       count(*) FILTER (WHERE NOT pg_temp.same(ARRAY(SELECT ecocomp.navigate(comid, 'DD')), ARRAY(SELECT pg_temp.ref_dd(comid)))) AS dd_off,
       count(*) FILTER (WHERE NOT pg_temp.same(ARRAY(SELECT ecocomp.upstream_reaches(comid)), ARRAY(SELECT ecocomp.navigate(comid, 'UT')))) AS shorthand_off
  FROM nhd_net;

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
  FROM nhd_net s, (VALUES (0.0), (0.5), (2.0), (7.5)) AS dist(d);

SELECT * FROM nav_check;
SELECT * FROM dist_check;

-- is_upstream over every ordered pair agrees with the closure of the links
CREATE TEMP TABLE pairs AS SELECT * FROM ref_pairs;
SELECT count(*) AS pairs, (SELECT count(*) FROM pairs) AS upstream_pairs,
       count(*) FILTER (WHERE ecocomp.is_upstream(a.comid, b.comid)
                        IS DISTINCT FROM (p.a IS NOT NULL)) AS is_upstream_off
  FROM nhd_net a CROSS JOIN nhd_net b
  LEFT JOIN pairs p ON p.a = a.comid AND p.b = b.comid;

-- Pfafstetter codes name basins: the reaches of one code drain through a
-- single outlet reach, and whenever the codes say "basin A is upstream of
-- basin B", every reach of A is upstream of B's outlet.
CREATE TEMP VIEW pfaf_basin AS
SELECT r.pfaf, r.terminal_id, r.reach_id AS outlet
  FROM ecocomp.reach r LEFT JOIN ecocomp.reach d ON d.reach_id = r.next_down
 WHERE r.pfaf IS NOT NULL AND d.pfaf IS DISTINCT FROM r.pfaf;
CREATE TEMP VIEW pfaf_check AS
SELECT (SELECT count(DISTINCT pfaf) FROM ecocomp.reach) AS basins,
       (SELECT count(*) FROM pfaf_basin) AS basin_outlets,
       count(*) AS upstream_by_code,
       count(*) FILTER (WHERE NOT ecocomp.is_upstream(a.reach_id, b.outlet)) AS wrong
  FROM ecocomp.reach a JOIN pfaf_basin b
    ON b.terminal_id = a.terminal_id AND ecocomp.pfaf_is_upstream(a.pfaf, b.pfaf);
SELECT * FROM pfaf_check;
-- the outlet is in interbasin 1 of interbasin 1; 4 tributaries + 5 interbasins at level 1
SELECT pfaf FROM ecocomp.reach WHERE reach_id = 5329303;
SELECT count(DISTINCT left(pfaf, 1)) AS level1_basins FROM ecocomp.reach;

-- ---------------------------------------------------------------------
-- The coastal network: coastline rows (streamorde = -9) left out.
DELETE FROM ecocomp.reach;
TRUNCATE nhd;
\copy nhd FROM 'test/data/coastal.csv' WITH (FORMAT csv, HEADER true)
TRUNCATE nhd_net;
INSERT INTO nhd_net SELECT comid, hydroseq, dnhydroseq, dnminorhyd, levelpathi, pathlength, lengthkm
  FROM nhd WHERE streamorde <> -9;
INSERT INTO ecocomp.reach (reach_id, next_down, next_down_minor, name, length_km, local_area_km2, geom)
SELECT * FROM nhd_reach;
SELECT ecocomp.refresh_network() AS coastal_reaches;
\x on
SELECT * FROM compare;
\x off
SELECT count(*) AS outlets, count(DISTINCT terminal_id) AS terminals FROM ecocomp.reach WHERE next_down IS NULL;
-- UT of every outlet is its whole terminal basin (NHDPlus TerminalPa)
SELECT count(*) AS outlets,
       count(*) FILTER (WHERE NOT pg_temp.same(ARRAY(SELECT ecocomp.navigate(o.comid, 'UT')),
                                               ARRAY(SELECT comid FROM nhd WHERE terminalpa = o.terminalpa AND streamorde <> -9)))
         AS basin_off
  FROM nhd o WHERE o.terminalfl = 1 AND o.streamorde <> -9;
-- the divergences: minor paths and the reaches that gain water through them
SELECT count(*) AS minor_links FROM ecocomp.reach WHERE next_down_minor IS NOT NULL;
SELECT * FROM nav_check;
SELECT * FROM dist_check;
TRUNCATE pairs;
INSERT INTO pairs SELECT * FROM ref_pairs;
SELECT count(*) AS pairs, (SELECT count(*) FROM pairs) AS upstream_pairs,
       count(*) FILTER (WHERE ecocomp.is_upstream(a.comid, b.comid)
                        IS DISTINCT FROM (p.a IS NOT NULL)) AS is_upstream_off
  FROM nhd_net a CROSS JOIN nhd_net b
  LEFT JOIN pairs p ON p.a = a.comid AND p.b = b.comid
 WHERE b.comid % 5 = 0;
-- _reach_nav_extra has rows exactly for the reaches that get water from
-- outside their main-path subtree (through a minor path)
SELECT count(*) FILTER (WHERE needs) AS reaches_needing_extra,
       count(*) FILTER (WHERE needs IS DISTINCT FROM has) AS extra_off
  FROM (SELECT EXISTS (SELECT 1 FROM pairs p JOIN ecocomp.reach a ON a.reach_id = p.a
                        WHERE p.b = b.reach_id AND a.nav_lo NOT BETWEEN b.nav_lo AND b.nav_hi) AS needs,
               EXISTS (SELECT 1 FROM ecocomp._reach_nav_extra e WHERE e.reach_id = b.reach_id) AS has
          FROM ecocomp.reach b) x;
SELECT * FROM pfaf_check;

-- ---------------------------------------------------------------------
-- Incremental use: delete a tributary, add reaches, refresh; the labels are
-- those of a fresh build of the same rows loaded in another order.
CREATE TEMP TABLE before_labels AS SELECT * FROM ecocomp.reach;
-- 535 - 5 (UT of 2544241, North Fork Mattole, by the NHDPlus links) + 3 = 533
DELETE FROM ecocomp.reach WHERE reach_id IN (SELECT pg_temp.ref_ut(2544241));
INSERT INTO ecocomp.reach (reach_id, next_down, name, length_km, local_area_km2)
VALUES (90000001, 2545673, 'New Creek', 1.5, 2.0), (90000002, 90000001, 'New Creek', 0.7, 1.1),
       (90000003, 90000001, NULL, 0.4, 0.3);
SELECT ecocomp.refresh_network() AS after_edit;
CREATE TEMP TABLE incr AS SELECT * FROM ecocomp.reach;
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
  FROM incr a JOIN ecocomp.reach b USING (reach_id);
SELECT (SELECT count(*) FROM incr_extra) AS extra_rows,
       (SELECT count(*) FROM (SELECT * FROM incr_extra EXCEPT SELECT * FROM ecocomp._reach_nav_extra) x) AS extra_differ;
-- the new tributary (nothing else upstream): 1.5 + 0.7 + 0.4 km, 2.0 + 1.1 + 0.3 km2,
-- two order-1 headwaters make order 2; it continues the level path of 2545673
-- (NHDPlus LevelPathI 10009289 = hydroseq of comid 2545561), its only inflow
SELECT reach_id, round(arbolate_km::numeric, 3) AS arbolate_km, round(up_area_km2::numeric, 4) AS up_area_km2,
       strahler, shreve, level_path_id
  FROM ecocomp.reach WHERE reach_id >= 90000001 ORDER BY reach_id;
ROLLBACK;

-- Navigation reads the network labels from the internal table
-- ecocomp._reach_label, which refresh_network() writes in bulk and swaps in
-- (sql/install/30_network.sql); the label columns of ecocomp.reach stay, but
-- lose their indexes so that a refresh updates them without touching any
-- index.  The table is made here, as the install piece makes it, to take
-- 0.1.0's labels; the piece then adds its indexes.
CREATE TABLE IF NOT EXISTS ecocomp._reach_label (
    reach_id      bigint NOT NULL,
    hydroseq      bigint,
    terminal_id   bigint,
    level_path_id bigint,
    strahler      int,
    shreve        bigint,
    up_area_km2   double precision,
    arbolate_km   double precision,
    path_km       double precision,
    nav_lo        bigint,
    nav_hi        bigint,
    pfaf          text
);
INSERT INTO ecocomp._reach_label
SELECT reach_id, hydroseq, terminal_id, level_path_id, strahler, shreve, up_area_km2,
       arbolate_km, path_km, nav_lo, nav_hi, pfaf
  FROM ecocomp.reach r
 WHERE r.nav_lo IS NOT NULL
   AND NOT EXISTS (SELECT FROM ecocomp._reach_label l WHERE l.reach_id = r.reach_id);
DROP INDEX IF EXISTS ecocomp.reach_nav_idx;
DROP INDEX IF EXISTS ecocomp.reach_level_path_idx;
DROP INDEX IF EXISTS ecocomp.reach_divergence_idx;

-- UT navigation is C now (navigate() in src/network.c); its two SQL helpers
-- of 0.1.0 are gone.
DROP FUNCTION IF EXISTS ecocomp._nav_ut_start(bigint, float8);
DROP FUNCTION IF EXISTS ecocomp._nav_ut_extra(bigint, float8);

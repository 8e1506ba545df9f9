-- Navigation reads the network labels from the internal table
-- ecocomp._reach_label, which refresh_network() writes in bulk and swaps in
-- (sql/install/30_network.sql); the label columns of ecocomp.reach stay, but
-- lose their indexes so that a refresh updates them without touching any
-- index.  The table is made here from 0.1.0's labels, with the columns the
-- install piece gives it; the piece then adds its constraint and indexes.
CREATE TABLE IF NOT EXISTS ecocomp._reach_label AS
SELECT reach_id, hydroseq, terminal_id, level_path_id, strahler, shreve, up_area_km2,
       arbolate_km, path_km, nav_lo, nav_hi, pfaf
  FROM ecocomp.reach
 WHERE nav_lo IS NOT NULL;
DROP INDEX IF EXISTS ecocomp.reach_nav_idx;
DROP INDEX IF EXISTS ecocomp.reach_level_path_idx;
DROP INDEX IF EXISTS ecocomp.reach_divergence_idx;

-- UT navigation is C now (navigate() in src/network.c); its two SQL helpers
-- of 0.1.0 are gone.
DROP FUNCTION IF EXISTS ecocomp._nav_ut_start(bigint, float8);
DROP FUNCTION IF EXISTS ecocomp._nav_ut_extra(bigint, float8);

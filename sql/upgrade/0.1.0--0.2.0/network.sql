-- Network labels move from columns of ecocomp.reach into the table
-- ecocomp._reach_label (read through the view ecocomp.reach_label), so that
-- refresh_network() can write them in bulk (sql/install/30_network.sql).
-- The table is made here, as the install piece makes it, to take 0.1.0's
-- labels before their columns go; the piece then adds its indexes.
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
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = 'ecocomp.reach'::pg_catalog.regclass AND a.attname = 'nav_lo'
                  AND NOT a.attisdropped) THEN
        INSERT INTO ecocomp._reach_label
        SELECT reach_id, hydroseq, terminal_id, level_path_id, strahler, shreve, up_area_km2,
               arbolate_km, path_km, nav_lo, nav_hi, pfaf
          FROM ecocomp.reach WHERE nav_lo IS NOT NULL;
        -- their indexes (reach_nav_idx, reach_level_path_idx,
        -- reach_divergence_idx) go with the columns
        ALTER TABLE ecocomp.reach
            DROP COLUMN hydroseq, DROP COLUMN terminal_id, DROP COLUMN level_path_id,
            DROP COLUMN strahler, DROP COLUMN shreve, DROP COLUMN up_area_km2,
            DROP COLUMN arbolate_km, DROP COLUMN path_km, DROP COLUMN nav_lo,
            DROP COLUMN nav_hi, DROP COLUMN pfaf;
    END IF;
END $$;

-- UT navigation is C now (navigate() in src/network.c); its two SQL helpers
-- of 0.1.0 are gone.
DROP FUNCTION IF EXISTS ecocomp._nav_ut_start(bigint, float8);
DROP FUNCTION IF EXISTS ecocomp._nav_ut_extra(bigint, float8);

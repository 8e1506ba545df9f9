-- Water quality classes of GB 3838-2002, best first, so max() is the worst.
-- Created once; the upgrade script re-runs this piece.
DO $$
BEGIN
    IF pg_catalog.to_regtype('ecocomp.wq_class') IS NULL THEN
        CREATE TYPE ecocomp.wq_class AS ENUM ('I', 'II', 'III', 'IV', 'V', 'inferior_V');
    END IF;
END $$;
COMMENT ON TYPE ecocomp.wq_class IS
    'GB 3838-2002 water quality class: I, II, III, IV, V or inferior_V (劣Ⅴ); ordered best to worst, so max() gives the worst class';

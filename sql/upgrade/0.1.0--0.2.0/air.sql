-- Air parameters share the catalogue with water ones: the medium tells them
-- apart (45_air.sql adds the air rows; existing rows are water).
ALTER TABLE ecocomp.parameter
    ADD COLUMN IF NOT EXISTS medium text NOT NULL DEFAULT 'water' CHECK (medium IN ('water', 'air'));

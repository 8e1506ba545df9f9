-- Protected areas (wetlands such as Dongting and Poyang, nature reserves,
-- drinking-water sources) and how much of each jurisdiction they cover.  The
-- method protected_area pays protected jurisdictions from benefiting ones.

CREATE TABLE IF NOT EXISTS ecocomp.protected_area (
    area_id  text PRIMARY KEY CHECK (area_id <> ''),
    name     text NOT NULL,
    name_zh  text,
    kind     text NOT NULL CONSTRAINT protected_area_kind_check
             CHECK (kind IN ('wetland', 'nature_reserve', 'water_source', 'forest', 'other')),
    geom     geometry(MultiPolygon, 4326) NOT NULL
             CONSTRAINT protected_area_geom_check CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    valid    daterange NOT NULL DEFAULT '(,)' CONSTRAINT protected_area_valid_check CHECK (NOT isempty(valid))
);
CREATE INDEX IF NOT EXISTS protected_area_geom_idx ON ecocomp.protected_area USING gist (geom);
COMMENT ON TABLE ecocomp.protected_area IS
    'Protected areas whose jurisdictions are compensated: wetlands, nature reserves, drinking-water sources, forests';
COMMENT ON COLUMN ecocomp.protected_area.kind IS 'wetland, nature_reserve, water_source, forest or other';
COMMENT ON COLUMN ecocomp.protected_area.geom IS 'boundary: a valid MultiPolygon in WGS 84 (EPSG:4326)';
COMMENT ON COLUMN ecocomp.protected_area.valid IS 'dates the protection applies to; settlements count areas valid in their period';
SELECT pg_catalog.pg_extension_config_dump('ecocomp.protected_area', '');

-- Area of protected polygons valid in a period inside each jurisdiction of a
-- level, on the ellipsoid.  Both sides are cut into pieces of at most 256
-- vertices first, so that a lake of thousands of vertices against thousands
-- of counties intersects small pieces found through an index.
CREATE OR REPLACE FUNCTION ecocomp._protected_area_share(a_level text, a_period daterange)
RETURNS TABLE (code text, kind text, area_km2 double precision)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM ecocomp._check_level(a_level);
    RETURN QUERY
    WITH pa AS MATERIALIZED (
        SELECT p.kind, @postgis@.ST_Subdivide(p.geom, 256) AS geom
        FROM ecocomp.protected_area p
        WHERE a_period IS NULL OR p.valid && a_period
    ), ju AS MATERIALIZED (
        SELECT j.code, @postgis@.ST_Subdivide(j.geom, 256) AS geom
        FROM ecocomp.jurisdiction j
        WHERE j.level = a_level AND j.geom IS NOT NULL
          AND EXISTS (SELECT 1 FROM ecocomp.protected_area p
                      WHERE p.geom OPERATOR(@postgis@.&&) j.geom AND (a_period IS NULL OR p.valid && a_period))
    )
    SELECT x.code, x.kind, x.area_km2
    FROM (
        SELECT ju.code, pa.kind,
               sum(CASE WHEN @postgis@.ST_CoveredBy(ju.geom, pa.geom) THEN @postgis@.ST_Area(ju.geom::@postgis@.geography)
                        WHEN @postgis@.ST_CoveredBy(pa.geom, ju.geom) THEN @postgis@.ST_Area(pa.geom::@postgis@.geography)
                        ELSE @postgis@.ST_Area(@postgis@.ST_Intersection(ju.geom, pa.geom)::@postgis@.geography)
                   END) / 1e6 AS area_km2
        FROM ju JOIN pa ON ju.geom OPERATOR(@postgis@.&&) pa.geom AND @postgis@.ST_Intersects(ju.geom, pa.geom)
        GROUP BY ju.code, pa.kind
    ) x
    WHERE x.area_km2 > 0   -- polygons that only touch share no area
    ORDER BY x.code, x.kind;
END $$;
COMMENT ON FUNCTION ecocomp._protected_area_share(text, daterange) IS
    'internal: km² of protected areas valid in the period (all when NULL) inside each jurisdiction of the level, by kind';

CREATE OR REPLACE FUNCTION ecocomp.protected_area_share(level text DEFAULT 'prefecture')
RETURNS TABLE (code text, kind text, area_km2 double precision)
LANGUAGE sql STABLE AS $$
    SELECT s.code, s.kind, s.area_km2 FROM ecocomp._protected_area_share(level, NULL) s
$$;
COMMENT ON FUNCTION ecocomp.protected_area_share(text) IS
    'Area (km², on the WGS 84 ellipsoid) of protected polygons inside each jurisdiction of the level, by kind of area';

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
-- level, on the ellipsoid: ST_Area of the geography of the intersection.
-- Pairs are found through the spatial index.  A large polygon (a lake of
-- thousands of vertices) is first clipped to a box a little larger than the
-- jurisdiction, which is cheap, so that the overlay only sees the vertices
-- near it; the clip lines stay outside the jurisdiction, so the intersection
-- has the same vertices as without clipping.  (Cutting the lake into pieces
-- with ST_Subdivide was slower and moves the measured area: the cuts add
-- vertices on edges that geography then reads as geodesics.)
CREATE OR REPLACE FUNCTION ecocomp._protected_area_share(a_level text, a_period daterange)
RETURNS TABLE (code text, kind text, area_km2 double precision)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM ecocomp._check_level(a_level);
    RETURN QUERY
    SELECT x.code, x.kind, x.area_km2
    FROM (
        SELECT j.code, p.kind,
               sum(@postgis@.ST_Area(@postgis@.ST_Intersection(
                       j.geom,
                       @postgis@.ST_ClipByBox2D(p.geom, @postgis@.ST_Expand(@postgis@.Box2D(j.geom), 0.01))
                   )::@postgis@.geography)) / 1e6 AS area_km2
        FROM ecocomp.protected_area p
        JOIN ecocomp.jurisdiction j
          ON j.geom OPERATOR(@postgis@.&&) p.geom AND @postgis@.ST_Intersects(j.geom, p.geom)
        WHERE j.level = a_level AND (a_period IS NULL OR p.valid && a_period)
        GROUP BY j.code, p.kind
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

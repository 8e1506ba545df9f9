-- Protected-area shares: the area of protected polygons inside each
-- jurisdiction, on the ellipsoid, whatever the subdivision.
--
-- Geometry chosen so that the answer follows from symmetry alone: county X
-- is the 0.1-degree cell [112.0,112.1] x [29.0,29.1]; county Y is the two
-- cells [112.1,112.3] x [29.0,29.1] as one polygon with vertices at 112.2, so
-- each of its edges is a cell edge.  Cells of the same latitude band are
-- congruent (a rotation about the polar axis), so area(Y) = 2 area(X).  The
-- wetland W covers both counties exactly; the reserve R = [112.0,112.05]
-- x [29.0,29.1] lies inside X.
BEGIN;
SELECT plan(8);

INSERT INTO ecocomp.jurisdiction (code, name, level, geom) VALUES
    ('X', 'County X', 'county', 'SRID=4326;MULTIPOLYGON(((112.0 29.0,112.1 29.0,112.1 29.1,112.0 29.1,112.0 29.0)))'),
    ('Y', 'County Y', 'county', 'SRID=4326;MULTIPOLYGON(((112.1 29.0,112.2 29.0,112.3 29.0,112.3 29.1,112.2 29.1,112.1 29.1,112.1 29.0)))');
INSERT INTO ecocomp.protected_area (area_id, name, kind, geom) VALUES
    ('W', 'Wetland', 'wetland',
     'SRID=4326;MULTIPOLYGON(((112.0 29.0,112.1 29.0,112.2 29.0,112.3 29.0,112.3 29.1,112.2 29.1,112.1 29.1,112.0 29.1,112.0 29.0)))'),
    ('R', 'Reserve', 'nature_reserve',
     'SRID=4326;MULTIPOLYGON(((112.0 29.0,112.05 29.0,112.05 29.1,112.0 29.1,112.0 29.0)))');

CREATE TEMP TABLE cell AS
SELECT ST_Area('SRID=4326;POLYGON((112.0 29.0,112.1 29.0,112.1 29.1,112.0 29.1,112.0 29.0))'::geography) / 1e6 AS km2;

SELECT ok((SELECT km2 BETWEEN 107.5 AND 108.5 FROM cell), 'the 0.1-degree cell at 29 N is about 108 km2 (9.74 km x 11.09 km)');
SELECT is((SELECT count(*) FROM ecocomp.protected_area_share('county')), 3::bigint, 'three (county, kind) rows: X wetland, X reserve, Y wetland');
SELECT ok((SELECT abs(area_km2 - km2) < 1e-6 FROM ecocomp.protected_area_share('county'), cell WHERE code = 'X' AND kind = 'wetland'),
          'X: the wetland covers the whole cell');
SELECT ok((SELECT abs(area_km2 - 2 * km2) < 1e-6 FROM ecocomp.protected_area_share('county'), cell WHERE code = 'Y' AND kind = 'wetland'),
          'Y: the wetland covers two cells');
SELECT ok((SELECT abs(area_km2 - ST_Area(geom::geography) / 1e6) < 1e-6
           FROM ecocomp.protected_area_share('county') s, ecocomp.protected_area p WHERE s.code = 'X' AND s.kind = 'nature_reserve' AND p.area_id = 'R'),
          'X: the reserve lies inside X, so X holds all of its area');
SELECT is_empty($$SELECT * FROM ecocomp.protected_area_share('province')$$, 'no province in this data: no rows');
SELECT throws_ok($$SELECT * FROM ecocomp.protected_area_share('city')$$, '22023', 'unknown jurisdiction level "city"', 'an unknown level is an error');
SELECT throws_ok($$INSERT INTO ecocomp.protected_area (area_id, name, kind, geom)
                   VALUES ('Z', 'Bow tie', 'wetland', 'SRID=4326;MULTIPOLYGON(((0 0,1 1,1 0,0 1,0 0)))')$$,
                 '23514', NULL, 'an invalid polygon is refused');

SELECT * FROM finish();
ROLLBACK;

-- The examples of docs/geography.md, as written there.
\pset footer off
\set SHOW_CONTEXT never
BEGIN;
-- Three counties side by side near the equator, a river crossing them west
-- to east (two reaches, 1 and 3), a tributary (2) joining it in B.
INSERT INTO ecocomp.jurisdiction (code, name, level, geom) VALUES
    ('A', 'West', 'county', 'SRID=4326;MULTIPOLYGON(((100 0,101 0,101 1,100 1,100 0)))'),
    ('B', 'Middle', 'county', 'SRID=4326;MULTIPOLYGON(((101 0,102 0,102 1,101 1,101 0)))'),
    ('C', 'East', 'county', 'SRID=4326;MULTIPOLYGON(((102 0,103 0,103 1,102 1,102 0)))');
INSERT INTO ecocomp.reach (reach_id, next_down, name, geom) VALUES
    (1, 3, 'Main', 'SRID=4326;LINESTRING(100.5 0.5, 101.5 0.5)'),
    (2, 3, 'Side', 'SRID=4326;LINESTRING(101.5 0.9, 101.5 0.5)'),
    (3, NULL, 'Main', 'SRID=4326;LINESTRING(101.5 0.5, 102.5 0.5)');
SELECT ecocomp.refresh_network();
SELECT ecocomp.refresh_crossings();
SELECT reach_id, level, from_code, to_code, round(position::numeric, 3) AS position, ST_AsText(geom) AS geom
FROM ecocomp.crossing ORDER BY reach_id, position;
SELECT level, from_code, to_code, rivers, crossings, ST_AsText(geom) AS geom
FROM ecocomp.jurisdiction_flow ORDER BY level, from_code, to_code;
SELECT * FROM ecocomp.upstream_jurisdictions('C');
SELECT * FROM ecocomp.downstream_jurisdictions('A');
-- A section 1.1 km upstream of the A|B border, parties not yet known.
INSERT INTO ecocomp.section (code, name, geom) VALUES ('ab', 'A-B border', 'SRID=4326;POINT(100.99 0.5)');
SELECT * FROM ecocomp.snap_sections(2000);
SELECT reach_id, from_code, to_code, ST_AsText(ST_SnapToGrid(geom, 0.0001)) AS geom
FROM ecocomp.propose_sections('county', 500);
-- Geometry hygiene: an invalid boundary is an error naming the row ...
INSERT INTO ecocomp.jurisdiction (code, name, level, geom)
VALUES ('D', 'Bow tie', 'county', 'SRID=4326;MULTIPOLYGON(((0 0,1 1,1 0,0 1,0 0)))');
ROLLBACK;
BEGIN;
-- ... or is repaired when asked.
SET LOCAL ecocomp.repair_geometry = on;
INSERT INTO ecocomp.jurisdiction (code, name, level, geom)
VALUES ('D', 'Bow tie', 'county', 'SRID=4326;MULTIPOLYGON(((0 0,1 1,1 0,0 1,0 0)))');
SELECT code, ST_AsText(geom) AS geom FROM ecocomp.jurisdiction WHERE code = 'D';
ROLLBACK;

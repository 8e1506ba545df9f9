-- See crossings.sh.  Times in ms with clock_timestamp().
\set QUIET 1
\pset pager off
\pset footer off
SET client_min_messages = warning;

CREATE TEMP TABLE timing (data text, what text, ms float8, rows bigint);
-- Best of n runs of a statement returning one bigint.
CREATE FUNCTION pg_temp.best_of(n int, q text) RETURNS TABLE (ms float8, r bigint) LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; best float8; v bigint;
BEGIN
    FOR i IN 1..n LOOP
        t0 := clock_timestamp();
        EXECUTE q INTO v;
        best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
    ms := best; r := v;
    RETURN NEXT;
END $$;

-- 1. The Yangtze data.
\set provinces `cat test/data/provinces.geojson`
\set prefectures `cat test/data/prefectures.geojson`
\set rivers `cat test/data/rivers.geojson`
INSERT INTO ecocomp.jurisdiction (code, name, level, geom)
SELECT f->'properties'->>'code', f->'properties'->>'name_en', 'province',
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))
FROM jsonb_array_elements((:'provinces')::jsonb -> 'features') AS f;
INSERT INTO ecocomp.jurisdiction (code, name, level, parent_code, geom)
SELECT f->'properties'->>'code', f->'properties'->>'name_en', 'prefecture', f->'properties'->>'province_code',
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))
FROM jsonb_array_elements((:'prefectures')::jsonb -> 'features') AS f;
CREATE TEMP TABLE ne_rivers AS
SELECT f->'properties'->>'name' AS name,
       ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326)::geometry(MultiLineString, 4326) AS geom
FROM jsonb_array_elements((:'rivers')::jsonb -> 'features') AS f;
SELECT count(*) FROM ecocomp.build_network('ne_rivers', 'SRID=4326;POINT(119.606 32.197)', 1000) \gset
SELECT ecocomp.refresh_network() \gset
INSERT INTO timing
SELECT 'Yangtze: 71 polygons, ' || (SELECT count(*) FROM ecocomp.reach) || ' reaches', 'refresh_crossings', b.ms, b.r
FROM pg_temp.best_of(:runs, 'SELECT ecocomp.refresh_crossings(NULL, 1000)') b;
INSERT INTO timing
SELECT 'Yangtze: 71 polygons, ' || (SELECT count(*) FROM ecocomp.reach) || ' reaches', 'naive join', b.ms, b.r
FROM pg_temp.best_of(:runs, $q$SELECT count(*) FROM (SELECT ST_Intersection(r.geom, j.geom) FROM ecocomp.reach r
                                JOIN ecocomp.jurisdiction j ON ST_Intersects(r.geom, j.geom)) s$q$) b;
DELETE FROM ecocomp.crossing; DELETE FROM ecocomp.boundary_stretch;
DELETE FROM ecocomp.reach; DELETE FROM ecocomp.jurisdiction;

-- 2. A county mesh of China's size.
SELECT setseed(0.42) AS seed \gset
INSERT INTO ecocomp.jurisdiction (code, name, level, geom)
SELECT 'c' || (row_number() OVER ())::text, 'county', 'county',
       ST_Multi(ST_Segmentize(ST_Intersection(d.geom, ST_MakeEnvelope(75, 20, 125, 45, 4326)), 0.02))
FROM (SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(ST_SetSRID(ST_MakePoint(75 + 50 * random(), 20 + 25 * random()), 4326)),
                                         0, ST_MakeEnvelope(70, 15, 130, 50, 4326)))).geom
      FROM generate_series(1, :ncounties)) d;
-- River k starts at a random point and runs east in 100 reaches of 0.1
-- degree, wiggling north and south; reach i flows into reach i + 1.
INSERT INTO ecocomp.reach (reach_id, next_down, geom)
SELECT k * 100 + i, CASE WHEN i < 99 THEN k * 100 + i + 1 END,
       ST_SetSRID(ST_MakeLine(ARRAY(
           SELECT ST_MakePoint(x0 + (i + t) * 0.1, y0 + 0.05 * sin(3 * (x0 + (i + t) * 0.1) + k))
           FROM generate_series(0, 1, 0.25) AS t)), 4326)
FROM (SELECT k, 75 + 40 * random() AS x0, 21 + 23 * random() AS y0 FROM generate_series(1, :nrivers) k) rv,
     generate_series(0, 99) AS i;
SELECT ecocomp.refresh_network() \gset
ANALYZE ecocomp.reach; ANALYZE ecocomp.jurisdiction;
INSERT INTO timing
SELECT format('county mesh: %s polygons (%s vertices), %s reaches', (SELECT count(*) FROM ecocomp.jurisdiction),
              (SELECT sum(ST_NPoints(geom)) FROM ecocomp.jurisdiction), (SELECT count(*) FROM ecocomp.reach)),
       'refresh_crossings', b.ms, b.r
FROM pg_temp.best_of(1, 'SELECT ecocomp.refresh_crossings(''county'', 1000)') b;
INSERT INTO timing
SELECT format('county mesh: %s polygons (%s vertices), %s reaches', (SELECT count(*) FROM ecocomp.jurisdiction),
              (SELECT sum(ST_NPoints(geom)) FROM ecocomp.jurisdiction), (SELECT count(*) FROM ecocomp.reach)),
       'naive join', b.ms, b.r
FROM pg_temp.best_of(1, $q$SELECT count(*) FROM (SELECT ST_Intersection(r.geom, j.geom) FROM ecocomp.reach r
                           JOIN ecocomp.jurisdiction j ON ST_Intersects(r.geom, j.geom)) s$q$) b;

\pset footer off
SELECT data, what, round(ms::numeric, 1) AS ms, rows AS "rows (written / intersections)",
       round((ms / first_value(ms) OVER (PARTITION BY data ORDER BY what))::numeric, 2) AS "× naive"
FROM timing ORDER BY data DESC, what DESC;
SELECT level, count(*) AS crossings FROM ecocomp.crossing GROUP BY level;
SELECT count(*) AS boundary_stretches FROM ecocomp.boundary_stretch;

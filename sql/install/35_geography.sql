-- Geography: who flows into whom, from geometry.  Border crossings of the
-- river network at each jurisdiction level, boundary stretches where a
-- river runs along a border, the jurisdiction flow graph, and sections
-- snapped to reaches and crossings.  See docs/geography.md.
--
-- PostGIS computes where each reach lies inside, or within the tolerance of,
-- each jurisdiction (subdivided polygons, GiST indexes, distances in metres
-- in a local equirectangular plane); the bookkeeping that turns those
-- intervals into crossings and stretches is C (src/core/geography.c).

CREATE TABLE IF NOT EXISTS ecocomp.crossing (
    crossing_id bigserial PRIMARY KEY,
    reach_id    bigint NOT NULL REFERENCES ecocomp.reach (reach_id) ON DELETE CASCADE,
    level       text NOT NULL,
    from_code   text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE ON DELETE CASCADE,
    to_code     text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE ON DELETE CASCADE,
    position    double precision NOT NULL CHECK (position >= 0 AND position <= 1),
    geom        geometry(Point, 4326) NOT NULL,
    CHECK (from_code <> to_code)
);
CREATE INDEX IF NOT EXISTS crossing_geom_idx ON ecocomp.crossing USING gist (geom);
CREATE INDEX IF NOT EXISTS crossing_reach_idx ON ecocomp.crossing (reach_id);
CREATE INDEX IF NOT EXISTS crossing_to_idx ON ecocomp.crossing (level, to_code);
CREATE INDEX IF NOT EXISTS crossing_from_idx ON ecocomp.crossing (level, from_code);
COMMENT ON TABLE ecocomp.crossing IS
    'Where a reach passes from one jurisdiction into another, per level, in flow direction (written by refresh_crossings())';
COMMENT ON COLUMN ecocomp.crossing.level IS 'the jurisdiction level: province, prefecture, county or other';
COMMENT ON COLUMN ecocomp.crossing.from_code IS 'the jurisdiction the water leaves';
COMMENT ON COLUMN ecocomp.crossing.to_code IS 'the jurisdiction the water enters';
COMMENT ON COLUMN ecocomp.crossing.position IS 'fraction along the reach (0 upstream end, 1 downstream end)';
COMMENT ON COLUMN ecocomp.crossing.geom IS 'the crossing point on the reach';

CREATE TABLE IF NOT EXISTS ecocomp.boundary_stretch (
    stretch_id    bigserial PRIMARY KEY,
    reach_id      bigint NOT NULL REFERENCES ecocomp.reach (reach_id) ON DELETE CASCADE,
    level         text NOT NULL,
    left_code     text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE ON DELETE CASCADE,
    right_code    text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE ON DELETE CASCADE,
    from_position double precision NOT NULL CHECK (from_position >= 0),
    to_position   double precision NOT NULL CHECK (to_position <= 1 AND to_position >= from_position),
    geom          geometry(LineString, 4326) NOT NULL,
    CHECK (left_code <> right_code)
);
CREATE INDEX IF NOT EXISTS boundary_stretch_geom_idx ON ecocomp.boundary_stretch USING gist (geom);
CREATE INDEX IF NOT EXISTS boundary_stretch_reach_idx ON ecocomp.boundary_stretch (reach_id);
COMMENT ON TABLE ecocomp.boundary_stretch IS
    'Where a reach runs along a border, within the tolerance of two jurisdictions (written by refresh_crossings()); not a flow';
COMMENT ON COLUMN ecocomp.boundary_stretch.left_code IS 'the jurisdiction on the left bank, looking downstream';
COMMENT ON COLUMN ecocomp.boundary_stretch.right_code IS 'the jurisdiction on the right bank, looking downstream';
COMMENT ON COLUMN ecocomp.boundary_stretch.from_position IS 'fraction along the reach where the stretch begins';
COMMENT ON COLUMN ecocomp.boundary_stretch.to_position IS 'fraction along the reach where the stretch ends';
COMMENT ON COLUMN ecocomp.boundary_stretch.geom IS 'the part of the reach that runs along the border';

SELECT pg_catalog.pg_extension_config_dump('ecocomp.crossing', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.crossing_crossing_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.boundary_stretch', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.boundary_stretch_stretch_id_seq', '');

-- Jurisdiction polygons cut into pieces of at most 256 vertices (ST_Subdivide),
-- kept current by a trigger: point-in-polygon and intersection tests against
-- them touch a few small pieces through the GiST index instead of whole
-- provinces.  Derived data: not dumped (the trigger rebuilds it on restore).
CREATE TABLE IF NOT EXISTS ecocomp._jurisdiction_piece (
    code  text NOT NULL,
    level text NOT NULL,
    geom  geometry(Polygon, 4326) NOT NULL
);
CREATE INDEX IF NOT EXISTS _jurisdiction_piece_geom_idx ON ecocomp._jurisdiction_piece USING gist (geom);
CREATE INDEX IF NOT EXISTS _jurisdiction_piece_code_idx ON ecocomp._jurisdiction_piece (code);
COMMENT ON TABLE ecocomp._jurisdiction_piece IS
    'internal: jurisdiction polygons subdivided (at most 256 vertices a piece) for indexed point-in-polygon and intersection tests';

CREATE OR REPLACE FUNCTION ecocomp._jurisdiction_subdivide(geom geometry)
RETURNS SETOF geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT (@postgis@.ST_Dump(@postgis@.ST_Subdivide(geom, 256))).geom
$$;
COMMENT ON FUNCTION ecocomp._jurisdiction_subdivide(geometry) IS
    'internal: a polygon cut into pieces of at most 256 vertices (the pieces of ecocomp._jurisdiction_piece)';

-- SECURITY DEFINER: whoever may write jurisdiction keeps its pieces current
-- without a grant on the internal table; it only ever writes the pieces of
-- the row being written.
CREATE OR REPLACE FUNCTION ecocomp._jurisdiction_piece_sync() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF TG_OP = 'UPDATE' AND NEW.code = OLD.code AND NEW.level = OLD.level
           AND @postgis@.ST_AsEWKB(NEW.geom) IS NOT DISTINCT FROM @postgis@.ST_AsEWKB(OLD.geom) THEN
            RETURN NULL;
        END IF;
        DELETE FROM ecocomp._jurisdiction_piece p WHERE p.code = OLD.code;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.geom IS NOT NULL THEN
        INSERT INTO ecocomp._jurisdiction_piece (code, level, geom)
        SELECT NEW.code, NEW.level, s.g
        FROM ecocomp._jurisdiction_subdivide(NEW.geom) AS s(g)
        WHERE @postgis@.GeometryType(s.g) = 'POLYGON';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION ecocomp._jurisdiction_piece_sync() IS
    'internal: keeps ecocomp._jurisdiction_piece in step with ecocomp.jurisdiction';
CREATE OR REPLACE TRIGGER jurisdiction_piece_sync
    AFTER INSERT OR UPDATE OR DELETE ON ecocomp.jurisdiction
    FOR EACH ROW EXECUTE FUNCTION ecocomp._jurisdiction_piece_sync();

-- Databases that had jurisdictions before the pieces existed (upgrades).
-- Plain PostGIS names: the functions above get theirs only in the last piece.
INSERT INTO ecocomp._jurisdiction_piece (code, level, geom)
SELECT j.code, j.level, s.g
FROM ecocomp.jurisdiction j, LATERAL (SELECT (ST_Dump(ST_Subdivide(j.geom, 256))).geom AS g) s
WHERE j.geom IS NOT NULL AND GeometryType(s.g) = 'POLYGON'
  AND NOT EXISTS (SELECT 1 FROM ecocomp._jurisdiction_piece p WHERE p.code = j.code);

-- Geometry hygiene on load: a clear error naming the row, or a repair when
-- the session asks for it (SET ecocomp.repair_geometry = on).  SRID and
-- geometry type are checked by the column types before this runs.
CREATE OR REPLACE FUNCTION ecocomp._jurisdiction_check_geom() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    repaired @postgis@.geometry;
BEGIN
    IF NEW.geom IS NULL THEN
        RETURN NEW;
    END IF;
    IF @postgis@.ST_IsEmpty(NEW.geom) THEN
        RAISE EXCEPTION USING ERRCODE = '23514',
            MESSAGE = format('jurisdiction %s has an empty boundary', NEW.code),
            DETAIL = format('The geometry of jurisdiction %s (%s) is empty.', NEW.code, NEW.name),
            HINT = 'Store NULL for a jurisdiction without a boundary.';
    END IF;
    -- PostGIS stores a geometry without SRID under the column's 4326:
    -- projected coordinates loaded that way would be taken for degrees.
    IF @postgis@.ST_XMin(NEW.geom) < -180 OR @postgis@.ST_XMax(NEW.geom) > 180
       OR @postgis@.ST_YMin(NEW.geom) < -90 OR @postgis@.ST_YMax(NEW.geom) > 90 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('jurisdiction %s has coordinates outside longitude/latitude', NEW.code),
            DETAIL = format('The boundary of jurisdiction %s (%s) spans x %s to %s, y %s to %s, which is not WGS 84 longitude/latitude.',
                            NEW.code, NEW.name, @postgis@.ST_XMin(NEW.geom), @postgis@.ST_XMax(NEW.geom),
                            @postgis@.ST_YMin(NEW.geom), @postgis@.ST_YMax(NEW.geom)),
            HINT = 'Load projected data with ST_Transform(ST_SetSRID(geom, its_srid), 4326).';
    END IF;
    IF NOT (@postgis@.ST_IsValidDetail(NEW.geom)).valid THEN
        IF coalesce(current_setting('ecocomp.repair_geometry', true), '') IN ('on', 'true', '1') THEN
            repaired := @postgis@.ST_Multi(@postgis@.ST_CollectionExtract(@postgis@.ST_MakeValid(NEW.geom), 3));
            IF @postgis@.ST_IsEmpty(repaired) OR NOT (@postgis@.ST_IsValidDetail(repaired)).valid THEN
                RAISE EXCEPTION USING ERRCODE = '23514',
                    MESSAGE = format('jurisdiction %s has a boundary that cannot be repaired', NEW.code),
                    DETAIL = format('ST_MakeValid left no valid polygon of jurisdiction %s (%s): %s.',
                                    NEW.code, NEW.name, @postgis@.ST_IsValidReason(NEW.geom));
            END IF;
            RAISE NOTICE 'jurisdiction % boundary repaired with ST_MakeValid (%)',
                NEW.code, @postgis@.ST_IsValidReason(NEW.geom);
            NEW.geom := repaired;
        ELSE
            RAISE EXCEPTION USING ERRCODE = '23514',
                MESSAGE = format('jurisdiction %s has an invalid boundary', NEW.code),
                DETAIL = format('The boundary of jurisdiction %s (%s) is not valid: %s.',
                                NEW.code, NEW.name, @postgis@.ST_IsValidReason(NEW.geom)),
                HINT = 'Repair it with ST_MakeValid, or SET ecocomp.repair_geometry = on to have it repaired on load.';
        END IF;
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION ecocomp._jurisdiction_check_geom() IS
    'internal: refuses an empty, invalid or not longitude/latitude jurisdiction boundary with an error naming the row, or repairs an invalid one when ecocomp.repair_geometry is on';
CREATE OR REPLACE TRIGGER jurisdiction_check_geom
    BEFORE INSERT OR UPDATE OF geom ON ecocomp.jurisdiction
    FOR EACH ROW EXECUTE FUNCTION ecocomp._jurisdiction_check_geom();

CREATE OR REPLACE FUNCTION ecocomp._reach_check_geom() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.geom IS NOT NULL AND NOT @postgis@.ST_IsEmpty(NEW.geom)
       AND (@postgis@.ST_XMin(NEW.geom) < -180 OR @postgis@.ST_XMax(NEW.geom) > 180
            OR @postgis@.ST_YMin(NEW.geom) < -90 OR @postgis@.ST_YMax(NEW.geom) > 90) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('reach %s has coordinates outside longitude/latitude', NEW.reach_id),
            DETAIL = format('The line of reach %s spans x %s to %s, y %s to %s, which is not WGS 84 longitude/latitude.',
                            NEW.reach_id, @postgis@.ST_XMin(NEW.geom), @postgis@.ST_XMax(NEW.geom),
                            @postgis@.ST_YMin(NEW.geom), @postgis@.ST_YMax(NEW.geom)),
            HINT = 'Load projected data with ST_Transform(ST_SetSRID(geom, its_srid), 4326).';
    END IF;
    IF NEW.geom IS NOT NULL AND NOT @postgis@.ST_IsEmpty(NEW.geom)
       AND (@postgis@.ST_NPoints(NEW.geom) < 2 OR @postgis@.ST_Length(NEW.geom) = 0) THEN
        RAISE EXCEPTION USING ERRCODE = '23514',
            MESSAGE = format('reach %s has a line of zero length', NEW.reach_id),
            DETAIL = format('The geometry of reach %s has no two distinct points.', NEW.reach_id);
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION ecocomp._reach_check_geom() IS
    'internal: refuses a reach line outside longitude/latitude or without two distinct points, naming the reach';
CREATE OR REPLACE TRIGGER reach_check_geom
    BEFORE INSERT OR UPDATE OF geom ON ecocomp.reach
    FOR EACH ROW EXECUTE FUNCTION ecocomp._reach_check_geom();

CREATE OR REPLACE FUNCTION ecocomp._level_rank(level text)
RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE level WHEN 'county' THEN 1 WHEN 'prefecture' THEN 2 WHEN 'province' THEN 3 ELSE 4 END
$$;
COMMENT ON FUNCTION ecocomp._level_rank(text) IS
    'internal: jurisdiction levels from the lowest (county 1) to other (4)';

-- Point in polygon through the pieces: the jurisdiction of a level (the
-- lowest level there is when level is NULL) containing a point.  Shared by
-- every feature that attributes points to jurisdictions.  (The one-argument
-- form, in 80_waste_transfer.sql, answers the lowest level from the whole
-- polygons.)
CREATE OR REPLACE FUNCTION ecocomp._jurisdiction_at(pt geometry, level text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT p.code
    FROM ecocomp._jurisdiction_piece p
    WHERE p.geom OPERATOR(@postgis@.&&) pt AND @postgis@.ST_Intersects(p.geom, pt)
      AND (_jurisdiction_at.level IS NULL OR p.level = _jurisdiction_at.level)
    ORDER BY ecocomp._level_rank(p.level), p.code
    LIMIT 1
$$;
COMMENT ON FUNCTION ecocomp._jurisdiction_at(geometry, text) IS
    'internal: code of the jurisdiction of that level (lowest level when NULL) whose polygon contains the point';

-- Distance-preserving buffer of a lon/lat polygon piece by metres: the piece
-- is scaled by cos(latitude) about its centre, which is locally conformal,
-- buffered there, and scaled back.  One degree of latitude is 111 320 m.
CREATE OR REPLACE FUNCTION ecocomp._buffer_m(geom geometry, metres float8)
RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    WITH k AS (SELECT cos(radians(@postgis@.ST_Y(@postgis@.ST_Centroid(@postgis@.ST_Envelope(geom))))) AS c)
    SELECT @postgis@.ST_SetSRID(
               @postgis@.ST_Scale(@postgis@.ST_Buffer(@postgis@.ST_Scale(geom, k.c, 1), metres / 111320.0, 'quad_segs=4'),
                                  1 / k.c, 1),
               @postgis@.ST_SRID(geom))
    FROM k
$$;
COMMENT ON FUNCTION ecocomp._buffer_m(geometry, float8) IS
    'internal: a lon/lat geometry buffered by a distance in metres (locally conformal plane)';

-- The C bookkeeping (src/geography.c).
CREATE OR REPLACE FUNCTION ecocomp._crossing_sweep(down int[], length_m float8[], iv_reach int[], iv_code int[],
                                                   iv_near boolean[], iv_from float8[], iv_to float8[],
                                                   tolerance_m float8)
RETURNS TABLE (kind text, reach int, code_a int, code_b int, pos_from float8, pos_to float8)
AS 'MODULE_PATHNAME', 'ecocomp_crossing_sweep'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._crossing_sweep(int[], float8[], int[], int[], boolean[], float8[], float8[], float8) IS
    'internal: crossings and boundary stretches from the inside/near intervals of every reach at one level';

-- The parts of a line inside an area, as intervals of its length (0 to 1,
-- from <= to): what the sweep below reads for each reach and jurisdiction.
CREATE OR REPLACE FUNCTION ecocomp._line_parts_in(line geometry, area geometry)
RETURNS TABLE (pos_from float8, pos_to float8)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT least(k.s, k.e), greatest(k.s, k.e)
    FROM (SELECT CASE WHEN @postgis@.ST_Covers(area, line) THEN line
                      ELSE @postgis@.ST_Intersection(line, area) END AS part
          WHERE @postgis@.ST_Intersects(line, area)) q,
         LATERAL @postgis@.ST_Dump(q.part) d,
         LATERAL (SELECT @postgis@.ST_LineLocatePoint(line, @postgis@.ST_StartPoint(d.geom)) AS s,
                         @postgis@.ST_LineLocatePoint(line, @postgis@.ST_EndPoint(d.geom)) AS e) k
    WHERE @postgis@.GeometryType(d.geom) = 'LINESTRING'
$$;
COMMENT ON FUNCTION ecocomp._line_parts_in(geometry, geometry) IS
    'internal: the parts of a line inside an area, as intervals of its length from 0 to 1';

-- One level: intervals by PostGIS, bookkeeping in C, rows written.
CREATE OR REPLACE FUNCTION ecocomp._refresh_crossings_level(lvl text, tolerance_m float8)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE AS $$
DECLARE
    n_x bigint;
    n_s bigint;
BEGIN
    DELETE FROM ecocomp.crossing c WHERE c.level = lvl;
    DELETE FROM ecocomp.boundary_stretch b WHERE b.level = lvl;

    CREATE TEMP TABLE _cx_reach ON COMMIT DROP AS
    SELECT (row_number() OVER (ORDER BY r.reach_id))::int AS idx, r.reach_id, r.next_down, r.geom,
           coalesce(r.length_km * 1000, @postgis@.ST_Length(r.geom::@postgis@.geography), 0) AS length_m
    FROM ecocomp.reach r;
    CREATE UNIQUE INDEX ON _cx_reach (reach_id);
    -- Its own GiST index and statistics: the plan must not depend on whether
    -- ecocomp.reach has been analyzed since it was loaded.
    CREATE INDEX ON _cx_reach USING gist (geom);
    CREATE TEMP TABLE _cx_code ON COMMIT DROP AS
    SELECT (row_number() OVER (ORDER BY j.code))::int AS idx, j.code
    FROM ecocomp.jurisdiction j WHERE j.level = lvl AND j.geom IS NOT NULL;
    CREATE TEMP TABLE _cx_piece ON COMMIT DROP AS
    SELECT c.idx, p.geom, ecocomp._buffer_m(p.geom, tolerance_m) AS near_geom
    FROM ecocomp._jurisdiction_piece p JOIN _cx_code c USING (code)
    WHERE p.level = lvl;
    CREATE INDEX ON _cx_piece (idx);
    ANALYZE _cx_reach, _cx_piece;

    -- Where each reach lies inside (near = false) or within the tolerance
    -- (near = true) of each jurisdiction, as fractions along the reach.
    -- The pieces drive the joins (each piece stays prepared in PostGIS's
    -- cache while the reach index finds the reaches crossing it).  Where a
    -- reach is within the tolerance of one jurisdiction only, where it lies
    -- inside it changes nothing: the inside parts are cut only for reaches
    -- near two or more.
    CREATE TEMP TABLE _cx_iv ON COMMIT DROP AS
    SELECT r.idx AS reach, p.idx AS code, true AS near, x.pos_from, x.pos_to
    FROM _cx_piece p JOIN _cx_reach r ON r.geom OPERATOR(@postgis@.&&) p.near_geom,
         LATERAL ecocomp._line_parts_in(r.geom, p.near_geom) x;
    CREATE TEMP TABLE _cx_border ON COMMIT DROP AS
    SELECT r.reach_id, r.idx FROM _cx_reach r
    WHERE r.idx IN (SELECT i.reach FROM _cx_iv i GROUP BY i.reach HAVING count(DISTINCT i.code) > 1);
    CREATE UNIQUE INDEX ON _cx_border (idx);
    ANALYZE _cx_border;
    INSERT INTO _cx_iv (reach, code, near, pos_from, pos_to)
    SELECT r.idx, p.idx, false, x.pos_from, x.pos_to
    FROM _cx_piece p JOIN _cx_reach r ON r.geom OPERATOR(@postgis@.&&) p.geom
    JOIN _cx_border b ON b.idx = r.idx,
    LATERAL ecocomp._line_parts_in(r.geom, p.geom) x;

    CREATE TEMP TABLE _cx_out ON COMMIT DROP AS
    SELECT s.*
    FROM (SELECT coalesce(array_agg(o.reach ORDER BY o.n), '{}') AS reach, coalesce(array_agg(o.code ORDER BY o.n), '{}') AS code,
                 coalesce(array_agg(o.near ORDER BY o.n), '{}') AS near, coalesce(array_agg(o.pos_from ORDER BY o.n), '{}') AS pos_from,
                 coalesce(array_agg(o.pos_to ORDER BY o.n), '{}') AS pos_to
          FROM (SELECT i.*, row_number() OVER (ORDER BY i.reach, i.code, i.near, i.pos_from) AS n FROM _cx_iv i) o) iv,
    ecocomp._crossing_sweep(
        ARRAY(SELECT d.idx FROM _cx_reach r LEFT JOIN _cx_reach d ON d.reach_id = r.next_down ORDER BY r.idx),
        ARRAY(SELECT r.length_m FROM _cx_reach r ORDER BY r.idx),
        iv.reach, iv.code, iv.near, iv.pos_from, iv.pos_to, tolerance_m) s;

    INSERT INTO ecocomp.crossing (reach_id, level, from_code, to_code, position, geom)
    SELECT r.reach_id, lvl, a.code, b.code, o.pos_from, @postgis@.ST_LineInterpolatePoint(r.geom, o.pos_from)
    FROM _cx_out o JOIN _cx_reach r ON r.idx = o.reach
    JOIN _cx_code a ON a.idx = o.code_a JOIN _cx_code b ON b.idx = o.code_b
    WHERE o.kind = 'crossing'
    ORDER BY r.reach_id, o.pos_from, a.code, b.code;
    GET DIAGNOSTICS n_x = ROW_COUNT;

    -- Left and right bank: which side's polygon covers more of a line offset
    -- 2 tolerances to the left of the stretch (in the locally conformal plane).
    INSERT INTO ecocomp.boundary_stretch (reach_id, level, left_code, right_code, from_position, to_position, geom)
    SELECT s.reach_id, lvl,
           CASE WHEN s.left_a >= s.left_b THEN s.code_a ELSE s.code_b END,
           CASE WHEN s.left_a >= s.left_b THEN s.code_b ELSE s.code_a END,
           s.pos_from, s.pos_to, s.geom
    FROM (
        SELECT t.*,
               (SELECT coalesce(sum(@postgis@.ST_Length(@postgis@.ST_Intersection(t.off, p.geom))), 0)
                FROM _cx_piece p WHERE p.idx = t.ia AND p.geom OPERATOR(@postgis@.&&) t.off) AS left_a,
               (SELECT coalesce(sum(@postgis@.ST_Length(@postgis@.ST_Intersection(t.off, p.geom))), 0)
                FROM _cx_piece p WHERE p.idx = t.ib AND p.geom OPERATOR(@postgis@.&&) t.off) AS left_b
        FROM (
            SELECT u.*, ecocomp._offset_left_m(u.geom, 2 * tolerance_m) AS off
            FROM (
                SELECT r.reach_id, o.code_a AS ia, o.code_b AS ib, a.code AS code_a, b.code AS code_b,
                       o.pos_from, o.pos_to,
                       @postgis@.ST_LineSubstring(r.geom, o.pos_from, o.pos_to)::@postgis@.geometry(LineString, 4326) AS geom
                FROM _cx_out o JOIN _cx_reach r ON r.idx = o.reach
                JOIN _cx_code a ON a.idx = o.code_a JOIN _cx_code b ON b.idx = o.code_b
                WHERE o.kind = 'stretch' AND o.pos_to > o.pos_from
            ) u
        ) t
    ) s
    ORDER BY s.reach_id, s.pos_from;
    GET DIAGNOSTICS n_s = ROW_COUNT;

    DROP TABLE IF EXISTS pg_temp._cx_reach, pg_temp._cx_code, pg_temp._cx_piece, pg_temp._cx_iv, pg_temp._cx_border,
                         pg_temp._cx_out;
    RETURN n_x + n_s;
END $$;
COMMENT ON FUNCTION ecocomp._refresh_crossings_level(text, float8) IS
    'internal: rewrites the crossings and boundary stretches of one level';

CREATE OR REPLACE FUNCTION ecocomp._offset_left_m(line geometry, metres float8)
RETURNS geometry
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    c float8 := cos(radians(@postgis@.ST_Y(@postgis@.ST_Centroid(@postgis@.ST_Envelope(line)))));
BEGIN
    RETURN @postgis@.ST_SetSRID(
               @postgis@.ST_Scale(@postgis@.ST_OffsetCurve(@postgis@.ST_Scale(line, c, 1), metres / 111320.0,
                                                           'quad_segs=2 join=mitre'),
                                  1 / c, 1),
               @postgis@.ST_SRID(line));
EXCEPTION WHEN OTHERS THEN
    -- GEOS can fail on a degenerate line: no offset, so no bank is told apart
    RETURN NULL;
END $$;
COMMENT ON FUNCTION ecocomp._offset_left_m(geometry, float8) IS
    'internal: a lon/lat line offset to its left by a distance in metres (locally conformal plane)';

CREATE OR REPLACE FUNCTION ecocomp.refresh_crossings(level text DEFAULT NULL, tolerance_m float8 DEFAULT 1000)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE AS $$
DECLARE
    lv     text;
    n      bigint := 0;
    levels text[];
BEGIN
    IF tolerance_m IS NULL OR NOT (tolerance_m >= 0 AND tolerance_m <= 100000) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'tolerance_m must be between 0 and 100000 metres',
            DETAIL = format('The tolerance given was %s.', coalesce(tolerance_m::text, 'NULL'));
    END IF;
    IF refresh_crossings.level IS NOT NULL
       AND refresh_crossings.level NOT IN ('province', 'prefecture', 'county', 'other') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('unknown jurisdiction level %s', refresh_crossings.level),
            DETAIL = 'The level must be province, prefecture, county or other.';
    END IF;
    levels := CASE WHEN refresh_crossings.level IS NOT NULL THEN ARRAY[refresh_crossings.level]
                   ELSE ARRAY(SELECT DISTINCT j.level FROM ecocomp.jurisdiction j
                              WHERE j.geom IS NOT NULL AND j.level <> 'other'
                              ORDER BY 1) END;
    FOREACH lv IN ARRAY levels LOOP
        n := n + ecocomp._refresh_crossings_level(lv, tolerance_m);
    END LOOP;
    RETURN n;
END $$;
COMMENT ON FUNCTION ecocomp.refresh_crossings(text, float8) IS
    'Rewrites crossing and boundary_stretch at one level (every level present when NULL); tolerance_m absorbs gaps, slivers and a river line wandering along a border; returns the rows written';

CREATE OR REPLACE VIEW ecocomp.jurisdiction_flow AS
SELECT c.level, c.from_code, c.to_code,
       coalesce(array_agg(DISTINCT r.name ORDER BY r.name) FILTER (WHERE r.name IS NOT NULL), '{}') AS rivers,
       count(*)::int AS crossings,
       ST_Multi(ST_Collect(c.geom ORDER BY c.reach_id, c.position))::geometry(MultiPoint, 4326) AS geom
FROM ecocomp.crossing c
LEFT JOIN ecocomp.reach r ON r.reach_id = c.reach_id
GROUP BY c.level, c.from_code, c.to_code;
COMMENT ON VIEW ecocomp.jurisdiction_flow IS
    'Who flows into whom: one row per level and pair of jurisdictions with crossings, the rivers and the crossing points';

-- Breadth-first over crossings: from the crossings into (out of) the code,
-- to the crossings into (out of) their far side that lie upstream
-- (downstream) on the network, so hops follow the water, not adjacency.
CREATE OR REPLACE FUNCTION ecocomp._flow_walk(start_code text, up boolean)
RETURNS TABLE (code text, hops int)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    lvl      text;
    seen     bigint[];
    frontier bigint[];
    h        int := 1;
    reached  jsonb := '{}';
BEGIN
    SELECT j.level INTO lvl FROM ecocomp.jurisdiction j WHERE j.code = start_code;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('jurisdiction %s does not exist', start_code),
            DETAIL = format('There is no jurisdiction with code %s in ecocomp.jurisdiction.', start_code);
    END IF;
    frontier := ARRAY(SELECT c.crossing_id FROM ecocomp.crossing c
                      WHERE c.level = lvl AND (CASE WHEN up THEN c.to_code ELSE c.from_code END) = start_code);
    seen := frontier;
    WHILE cardinality(frontier) > 0 LOOP
        reached := (SELECT coalesce(jsonb_object_agg(k, h), '{}') FROM (
                     SELECT DISTINCT CASE WHEN up THEN c.from_code ELSE c.to_code END AS k
                     FROM ecocomp.crossing c WHERE c.crossing_id = ANY (frontier)) f
                  WHERE k <> start_code AND NOT reached ? k) || reached;
        h := h + 1;
        frontier := ARRAY(
            SELECT DISTINCT n.crossing_id
            FROM ecocomp.crossing w
            JOIN ecocomp.crossing n ON n.level = lvl
                 AND (CASE WHEN up THEN n.to_code = w.from_code ELSE n.from_code = w.to_code END)
            WHERE w.crossing_id = ANY (frontier) AND NOT n.crossing_id = ANY (seen)
              AND CASE WHEN n.reach_id = w.reach_id
                       THEN (CASE WHEN up THEN n.position <= w.position ELSE n.position >= w.position END)
                       WHEN up THEN ecocomp.is_upstream(n.reach_id, w.reach_id)
                       ELSE ecocomp.is_upstream(w.reach_id, n.reach_id) END);
        seen := seen || frontier;
    END LOOP;
    RETURN QUERY SELECT f.key, f.value::int FROM jsonb_each_text(reached) f ORDER BY f.value::int, f.key;
END $$;
COMMENT ON FUNCTION ecocomp._flow_walk(text, boolean) IS
    'internal: jurisdictions upstream (or downstream) of a code through crossings along the network, with the fewest crossings';

CREATE OR REPLACE FUNCTION ecocomp.upstream_jurisdictions(code text)
RETURNS TABLE (code text, hops int)
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT w.code, w.hops FROM ecocomp._flow_walk(upstream_jurisdictions.code, true) w
$$;
COMMENT ON FUNCTION ecocomp.upstream_jurisdictions(text) IS
    'Jurisdictions at the same level whose water reaches this one, through crossings along the network; hops = fewest crossings';

CREATE OR REPLACE FUNCTION ecocomp.downstream_jurisdictions(code text)
RETURNS TABLE (code text, hops int)
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT w.code, w.hops FROM ecocomp._flow_walk(downstream_jurisdictions.code, false) w
$$;
COMMENT ON FUNCTION ecocomp.downstream_jurisdictions(text) IS
    'Jurisdictions at the same level that this one''s water reaches, through crossings along the network; hops = fewest crossings';

-- Sections: the nearest reach within the tolerance, and the parties from the
-- nearest crossing at the section's level (the level of the codes already
-- set, else of its agreements' parties, else the lowest level with a
-- crossing within the tolerance).  Nothing is guessed: out of tolerance
-- means no reach, or no crossing, within it, and the codes stay as they were.
CREATE OR REPLACE FUNCTION ecocomp.snap_sections(tolerance_m float8)
RETURNS TABLE (section_code text, reach_id bigint, upstream_code text, downstream_code text, status text)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE AS $$
#variable_conflict use_column
BEGIN
    IF tolerance_m IS NULL OR NOT (tolerance_m > 0 AND tolerance_m <= 100000) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'tolerance_m must be more than 0 and at most 100000 metres',
            DETAIL = format('The tolerance given was %s.', coalesce(tolerance_m::text, 'NULL'));
    END IF;
    RETURN QUERY
    WITH sec AS (
        SELECT s.code, s.geom, s.upstream_code AS up0, s.downstream_code AS dn0,
               -- a prefilter in degrees that is never narrower than the tolerance
               tolerance_m / (111320.0 * greatest(cos(radians(@postgis@.ST_Y(s.geom))), 0.01)) AS tol_deg,
               coalesce(
                   (SELECT j.level FROM ecocomp.jurisdiction j
                    WHERE j.code IN (s.upstream_code, s.downstream_code)
                    ORDER BY ecocomp._level_rank(j.level) LIMIT 1),
                   (SELECT j.level FROM ecocomp.agreement a
                    JOIN ecocomp.jurisdiction j
                      ON j.code IN (a.upstream_code, a.downstream_code) OR j.code = ANY (a.parties)
                    WHERE s.code = ANY (a.section_codes)
                    ORDER BY ecocomp._level_rank(j.level) LIMIT 1)) AS lvl
        FROM ecocomp.section s
    ), snapped AS (
        SELECT sec.*, nr.reach_id AS rid, x.from_code AS x_from, x.to_code AS x_to
        FROM sec
        LEFT JOIN LATERAL (
            SELECT k.reach_id FROM (
                SELECT r.reach_id,
                       @postgis@.ST_Distance(r.geom::@postgis@.geography, sec.geom::@postgis@.geography) AS d
                FROM ecocomp.reach r
                WHERE r.geom IS NOT NULL AND sec.geom IS NOT NULL
                  AND @postgis@.ST_DWithin(r.geom, sec.geom, sec.tol_deg)
                ORDER BY r.geom OPERATOR(@postgis@.<->) sec.geom LIMIT 8) k
            WHERE k.d <= tolerance_m
            ORDER BY k.d, k.reach_id LIMIT 1) nr ON true
        LEFT JOIN LATERAL (
            SELECT c.from_code, c.to_code
            FROM ecocomp.crossing c
            WHERE nr.reach_id IS NOT NULL
              AND @postgis@.ST_DWithin(c.geom, sec.geom, sec.tol_deg)
              AND @postgis@.ST_DWithin(c.geom::@postgis@.geography, sec.geom::@postgis@.geography, tolerance_m)
              AND (sec.lvl IS NULL OR c.level = sec.lvl)
              AND (sec.up0 IS NULL OR c.from_code = sec.up0)
              AND (sec.dn0 IS NULL OR c.to_code = sec.dn0)
            ORDER BY ecocomp._level_rank(c.level), c.reach_id IS DISTINCT FROM nr.reach_id,
                     @postgis@.ST_Distance(c.geom::@postgis@.geography, sec.geom::@postgis@.geography), c.crossing_id
            LIMIT 1) x ON true
    ), result AS (
        SELECT sn.code, sn.rid,
               CASE WHEN sn.rid IS NULL THEN NULL
                    WHEN sn.up0 IS NOT NULL AND sn.dn0 IS NOT NULL THEN sn.up0
                    ELSE coalesce(sn.up0, sn.x_from) END AS up1,
               CASE WHEN sn.rid IS NULL THEN NULL
                    WHEN sn.up0 IS NOT NULL AND sn.dn0 IS NOT NULL THEN sn.dn0
                    ELSE coalesce(sn.dn0, sn.x_to) END AS dn1,
               CASE WHEN sn.rid IS NULL THEN 'out_of_tolerance'
                    WHEN sn.up0 IS NOT NULL AND sn.dn0 IS NOT NULL THEN 'kept'
                    WHEN sn.x_from IS NULL THEN 'out_of_tolerance'
                    ELSE 'snapped' END AS st,
               sn.up0, sn.dn0
        FROM snapped sn
    ), written AS (
        UPDATE ecocomp.section s
        SET reach_id = r.rid,
            upstream_code = CASE WHEN r.st = 'snapped' THEN r.up1 ELSE s.upstream_code END,
            downstream_code = CASE WHEN r.st = 'snapped' THEN r.dn1 ELSE s.downstream_code END
        FROM result r
        WHERE s.code = r.code AND r.rid IS NOT NULL
        RETURNING s.code
    )
    SELECT r.code, r.rid,
           CASE WHEN r.st = 'out_of_tolerance' THEN r.up0 ELSE r.up1 END,
           CASE WHEN r.st = 'out_of_tolerance' THEN r.dn0 ELSE r.dn1 END,
           r.st
    FROM result r
    ORDER BY r.code;
END $$;
COMMENT ON FUNCTION ecocomp.snap_sections(float8) IS
    'Attaches each section to its nearest reach within tolerance_m and fills NULL upstream_code / downstream_code from the nearest crossing at its level; status snapped, kept or out_of_tolerance';

-- One candidate border section per crossing at a level, offset_m upstream
-- of it along the network (onto the upstream reach that comes from the
-- crossing's from_code when the crossing is nearer than that to the start
-- of its reach).
CREATE OR REPLACE FUNCTION ecocomp.propose_sections(level text, offset_m float8 DEFAULT 500)
RETURNS TABLE (reach_id bigint, from_code text, to_code text, geom geometry(Point, 4326))
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_column
BEGIN
    IF propose_sections.level IS NULL
       OR propose_sections.level NOT IN ('province', 'prefecture', 'county', 'other') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('unknown jurisdiction level %s', coalesce(propose_sections.level, 'NULL')),
            DETAIL = 'The level must be province, prefecture, county or other.';
    END IF;
    IF offset_m IS NULL OR NOT (offset_m >= 0 AND offset_m <= 100000) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'offset_m must be between 0 and 100000 metres',
            DETAIL = format('The offset given was %s.', coalesce(offset_m::text, 'NULL'));
    END IF;
    RETURN QUERY
    SELECT p.rid, c.from_code, c.to_code, p.g::@postgis@.geometry(Point, 4326)
    FROM ecocomp.crossing c
    JOIN ecocomp.reach r ON r.reach_id = c.reach_id,
    LATERAL (SELECT @postgis@.ST_Length(r.geom::@postgis@.geography) AS len) l,
    LATERAL (
        SELECT r.reach_id AS rid,
               @postgis@.ST_LineInterpolatePoint(r.geom, c.position - offset_m / l.len) AS g
        WHERE c.position * l.len >= offset_m
        UNION ALL
        SELECT * FROM (
            SELECT u.reach_id,
                   @postgis@.ST_LineInterpolatePoint(u.geom,
                       greatest(0, 1 - (offset_m - c.position * l.len)
                                       / greatest(@postgis@.ST_Length(u.geom::@postgis@.geography), 1e-9)))
            FROM ecocomp.reach u
            WHERE c.position * l.len < offset_m AND u.next_down = c.reach_id AND u.geom IS NOT NULL
            ORDER BY ecocomp._jurisdiction_at(@postgis@.ST_EndPoint(u.geom), c.level) IS NOT DISTINCT FROM c.from_code DESC,
                     u.length_km DESC NULLS LAST, u.reach_id
            LIMIT 1) up
        UNION ALL
        SELECT r.reach_id, @postgis@.ST_StartPoint(r.geom)
        WHERE c.position * l.len < offset_m
          AND NOT EXISTS (SELECT 1 FROM ecocomp.reach u WHERE u.next_down = c.reach_id AND u.geom IS NOT NULL)
    ) p
    WHERE c.level = propose_sections.level
    ORDER BY c.reach_id, c.position, c.from_code, c.to_code;
END $$;
COMMENT ON FUNCTION ecocomp.propose_sections(text, float8) IS
    'Candidate border sections for review: one point per crossing at that level, offset_m upstream of the border along the network';

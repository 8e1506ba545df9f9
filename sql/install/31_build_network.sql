-- build_network(): a river network (ecocomp.reach with next_down) from plain
-- river lines without topology, such as Natural Earth.  See docs/build_network.md.
--
-- Steps: dump MultiLineStrings into parts; trim overshoots (a line that crosses
-- another and ends at most tolerance_m beyond it); node true crossings; join
-- endpoints that lie within tolerance_m of each other; snap the remaining
-- endpoints onto the nearest line within tolerance_m (splitting it there, or
-- joining its endpoint when that is within tolerance_m of the snap point);
-- split parts at every node; shortest-path tree (Dijkstra, geodesic metres)
-- from the outlet node(s); orient every piece toward the outlet; next_down is
-- the parent edge of the piece's downstream node.  Pieces that cannot reach an
-- outlet are written to ecocomp.build_network_report, never silently dropped.
-- The geometry is done here with PostGIS; the graph steps (which points are
-- one node, which snaps are taken, the shortest-path orientation) are in C:
-- src/core/build_network.c, called through _bn_join_ends, _bn_snap and
-- _bn_orient.

CREATE TABLE IF NOT EXISTS ecocomp.build_network_report (
    piece_id   int PRIMARY KEY,
    source     text,
    part       int,
    name       text,
    length_km  double precision,
    gap_m      double precision,
    geom       geometry(LineString, 4326)
);
COMMENT ON TABLE ecocomp.build_network_report IS
    'Pieces of river line that the last build_network() call could not connect to an outlet (not written to reach)';
COMMENT ON COLUMN ecocomp.build_network_report.source IS
    'the source row of the lines table: its primary key value, else its ctid, else its row number';
COMMENT ON COLUMN ecocomp.build_network_report.part IS 'part number inside the source MultiLineString (1 for a LineString)';
COMMENT ON COLUMN ecocomp.build_network_report.gap_m IS
    'geodesic distance from the piece to the nearest reach written, in metres: a tolerance above it would have joined them';
SELECT pg_catalog.pg_extension_config_dump('ecocomp.build_network_report', '');

-- Closest point of a line to a point, computed in a plane scaled by cos(latitude)
-- around the point, which is locally conformal (plain lon/lat is not), and the
-- fraction of the line at which it lies.
CREATE OR REPLACE FUNCTION ecocomp._bn_closest(line geometry, pt geometry, OUT frac double precision, OUT geom geometry)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    WITH k AS (SELECT cos(radians(@postgis@.ST_Y(pt))) AS c)
    SELECT @postgis@.ST_LineLocatePoint(line, q), q
    FROM k, LATERAL (SELECT @postgis@.ST_SetSRID(@postgis@.ST_Scale(@postgis@.ST_ClosestPoint(@postgis@.ST_Scale(line, k.c, 1), @postgis@.ST_Scale(pt, k.c, 1)),
                                                1 / k.c, 1), @postgis@.ST_SRID(line)) AS q) s
$$;
COMMENT ON FUNCTION ecocomp._bn_closest(geometry, geometry) IS
    'internal: closest point of a lon/lat line to a point (locally conformal) and its fraction along the line';

-- The graph steps, in C (src/build_network.c, src/core/build_network.c).
-- Points, parts and pieces are numbered from 1; a part 0 is no part.
CREATE OR REPLACE FUNCTION ecocomp._bn_join_ends(part int[], link int[], near_a int[], near_b int[],
                                                 ring_a int[], ring_b int[], OUT root int[], OUT joined bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'ecocomp_bn_join_ends'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._bn_join_ends(int[], int[], int[], int[], int[], int[]) IS
    'internal: build_network() nodes from joining point pairs nearest first (refusing joins of two nodes that share a part), then ring ends';

CREATE OR REPLACE FUNCTION ecocomp._bn_snap(part int[], frac double precision[], root int[],
                                            snap_point int[], snap_part int[], snap_frac double precision[],
                                            snap_near_end int[], snap_end_is_near boolean[],
                                            OUT node int[], OUT new_snap int[], OUT snapped bigint, OUT splits bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'ecocomp_bn_snap'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._bn_snap(int[], double precision[], int[], int[], int[], double precision[], int[], boolean[]) IS
    'internal: build_network() snaps each node onto its nearest line (a split point or a join to the line''s end), then joins points at the same place of a line';

CREATE OR REPLACE FUNCTION ecocomp._bn_orient(node_from int[], node_to int[], length double precision[], outlet int[],
                                              OUT reverse boolean[], OUT tree boolean[], OUT next_down int[],
                                              OUT next_down_minor int[], OUT dist_down double precision[],
                                              OUT loops bigint, OUT junctions bigint, OUT unreached bigint,
                                              OUT unreached_length double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'ecocomp_bn_orient'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._bn_orient(int[], int[], double precision[], int[]) IS
    'internal: build_network() orientation of every piece toward the outlets along a shortest-path tree, with next_down and the minor path of loops';

-- Points where two parts of build_network()'s pg_temp._bn_part cross inside
-- both (more than 1 cm from an end of either), with the fraction along each:
-- read before overshoots are trimmed (to find them) and after (to node them).
CREATE OR REPLACE FUNCTION ecocomp._bn_crossings()
RETURNS TABLE (pa int, pb int, pt geometry, fa double precision, fb double precision)
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
BEGIN
    RETURN QUERY
    SELECT a.pid, b.pid, x.geom,
           @postgis@.ST_LineLocatePoint(a.geom, x.geom), @postgis@.ST_LineLocatePoint(b.geom, x.geom)
    FROM pg_temp._bn_part a
    JOIN pg_temp._bn_part b ON a.pid < b.pid AND a.geom OPERATOR(@postgis@.&&) b.geom AND @postgis@.ST_Intersects(a.geom, b.geom)
    CROSS JOIN LATERAL @postgis@.ST_Dump(@postgis@.ST_Intersection(a.geom, b.geom)) x
    WHERE @postgis@.GeometryType(x.geom) = 'POINT'
      AND least(@postgis@.ST_Distance(x.geom::@postgis@.geography, @postgis@.ST_StartPoint(a.geom)::@postgis@.geography),
                @postgis@.ST_Distance(x.geom::@postgis@.geography, @postgis@.ST_EndPoint(a.geom)::@postgis@.geography),
                @postgis@.ST_Distance(x.geom::@postgis@.geography, @postgis@.ST_StartPoint(b.geom)::@postgis@.geography),
                @postgis@.ST_Distance(x.geom::@postgis@.geography, @postgis@.ST_EndPoint(b.geom)::@postgis@.geography)) > 0.01;
END $$;
COMMENT ON FUNCTION ecocomp._bn_crossings() IS
    'internal: points where two parts of build_network()''s working table cross inside both, with the fraction along each';

CREATE OR REPLACE FUNCTION ecocomp.build_network(lines regclass, outlet geometry, tolerance_m double precision)
RETURNS TABLE (reaches bigint, junctions bigint, snapped_ends bigint, split_points bigint,
               overshoots_trimmed bigint, trimmed_km double precision, loops_broken bigint,
               unreachable bigint, unreachable_km double precision)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
-- the temporary tables' row estimates swing widely between steps; compiling
-- a plan with JIT then costs seconds and saves nothing at these sizes
SET jit = off
AS $fn$
#variable_conflict use_column
DECLARE
    geom_col   name;
    x_name     text;
    n_geom     int;
    name_expr  text := 'NULL::text';
    key_expr   text;
    pk_cols    text[];
    rkind      "char";
    bad        record;
    r          record;
    n_parts    int;
    next_id    int;
    pt_root    int[];              -- node of each point after joining ends (C)
    pt_node    int[];              -- node of each point after snapping (C)
    new_snap   int[];              -- the snap candidate of each new split point
    fl         record;             -- the orientation of every piece (C)
    snapped    bigint := 0;
    n_split    bigint := 0;
    n_snap     bigint;
    n_snap_split bigint;
    n_trim     bigint := 0;
    trim_m     float8 := 0;            -- metres of line cut off as overshoots
    len0       float8;
    tol float8 := tolerance_m;
    n_reach bigint; n_junc bigint; n_loops bigint; n_unr bigint; km_unr float8;
BEGIN
    -- Arguments ---------------------------------------------------------------
    IF lines IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lines must not be null',
            DETAIL = 'build_network() needs a table or view of river lines.';
    END IF;
    IF outlet IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'outlet must not be null',
            DETAIL = 'build_network() needs the outlet point (or points) the network drains to.';
    END IF;
    IF tol IS NULL OR tol = 'NaN' OR tol < 0 OR tol = 'Infinity' THEN
        RAISE EXCEPTION USING ERRCODE = CASE WHEN tol IS NULL THEN '22004' ELSE '22023' END,
            MESSAGE = 'tolerance_m must be a finite number of metres, zero or more',
            DETAIL = format('The tolerance given was %s.', coalesce(tol::text, 'NULL'));
    END IF;
    IF @postgis@.ST_SRID(outlet) <> 4326 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'outlet must have SRID 4326',
            DETAIL = format('The outlet has SRID %s; ecocomp stores rivers in WGS 84 (EPSG:4326).', @postgis@.ST_SRID(outlet)),
            HINT = 'Use ST_Transform(outlet, 4326) or ST_SetSRID().';
    END IF;
    IF @postgis@.GeometryType(outlet) NOT IN ('POINT', 'MULTIPOINT') OR @postgis@.ST_IsEmpty(outlet) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'outlet must be a non-empty point or multipoint',
            DETAIL = format('The outlet given is %s.', @postgis@.ST_AsText(outlet));
    END IF;
    -- one build at a time: a second concurrent call waits, then finds reach filled
    LOCK TABLE ecocomp.reach IN SHARE ROW EXCLUSIVE MODE;
    IF EXISTS (SELECT 1 FROM ecocomp.reach) THEN
        RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = 'ecocomp.reach is not empty',
            DETAIL = format('ecocomp.reach already holds %s reaches; build_network() only fills an empty network.',
                            (SELECT count(*) FROM ecocomp.reach)),
            HINT = 'Delete the old network first (DELETE FROM ecocomp.reach), or build several basins in one call with a multipoint outlet.';
    END IF;

    -- Columns of lines: the geometry column by type, name if present, a row key.
    SELECT count(*), min(a.attname) INTO n_geom, geom_col
    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
    WHERE a.attrelid = lines AND a.attnum > 0 AND NOT a.attisdropped AND t.typname = 'geometry';
    IF n_geom = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '42703', MESSAGE = format('%s has no geometry column', lines),
            DETAIL = format('build_network() reads river lines from the one column of type geometry of %s.', lines);
    ELSIF n_geom > 1 THEN
        RAISE EXCEPTION USING ERRCODE = '42702', MESSAGE = format('%s has %s geometry columns', lines, n_geom),
            DETAIL = format('build_network() reads river lines from the one column of type geometry of %s and cannot choose between %s.',
                            lines, (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
                                    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                                    WHERE a.attrelid = lines AND a.attnum > 0 AND NOT a.attisdropped AND t.typname = 'geometry')),
            HINT = 'Pass a view that selects one geometry column.';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
               WHERE attrelid = lines AND attname = 'name' AND attnum > 0 AND NOT attisdropped) THEN
        name_expr := 'name::text';
    END IF;
    SELECT array_agg(quote_ident(a.attname) ORDER BY k.ord) INTO pk_cols
    FROM pg_catalog.pg_index i
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = lines AND i.indisprimary;
    SELECT c.relkind INTO rkind FROM pg_catalog.pg_class c WHERE c.oid = lines;
    IF cardinality(pk_cols) = 1 THEN
        key_expr := pk_cols[1] || '::text';
    ELSIF cardinality(pk_cols) > 1 THEN
        key_expr := format('ROW(%s)::text', array_to_string(pk_cols, ', '));
    ELSIF rkind IN ('r', 'm') THEN
        key_expr := 'ctid::text';
    ELSE
        key_expr := 'NULL::text';
    END IF;

    FOREACH x_name IN ARRAY ARRAY['_bn_src', '_bn_part', '_bn_pt', '_bn_piece', '_bn_snap'] LOOP
        IF to_regclass('pg_temp.' || x_name) IS NOT NULL THEN
            EXECUTE format('DROP TABLE pg_temp.%I', x_name);
        END IF;
    END LOOP;
    -- Rows are processed in key order (else geometry order), so the result does
    -- not depend on the physical order of the rows.
    EXECUTE format('CREATE TEMP TABLE _bn_src ON COMMIT DROP AS
                    SELECT row_number() OVER (ORDER BY %s)::int AS row_no, scan_no, source, name, geom
                    FROM (SELECT row_number() OVER () AS scan_no, %s AS source, %s AS name, %I AS geom
                          %s FROM %s) s',
                   CASE WHEN cardinality(pk_cols) > 0
                        THEN (SELECT string_agg(format('k%s', i), ', ') FROM generate_series(1, cardinality(pk_cols)) i)
                        ELSE '@postgis@.ST_AsEWKB(geom), name, scan_no' END,
                   key_expr, name_expr, geom_col,
                   coalesce((SELECT string_agg(format(', %s AS k%s', c, i), '') FROM unnest(pk_cols) WITH ORDINALITY u(c, i)), ''),
                   lines);
    UPDATE pg_temp._bn_src SET source = '#' || scan_no WHERE source IS NULL;

    -- Bad input is an error that names the row.
    IF NOT EXISTS (SELECT 1 FROM pg_temp._bn_src) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('%s is empty', lines),
            DETAIL = format('build_network() found no river lines in %s.', lines);
    END IF;
    SELECT * INTO bad FROM pg_temp._bn_src WHERE geom IS NULL ORDER BY row_no LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = format('null geometry in %s', lines),
            DETAIL = format('Row %s%s of %s has a NULL %I.', bad.source,
                            coalesce(format(' (name %L)', bad.name), ''), lines, geom_col),
            HINT = 'Delete the row or pass a view that leaves it out.';
    END IF;
    SELECT * INTO bad FROM pg_temp._bn_src WHERE @postgis@.ST_SRID(geom) <> 4326 ORDER BY row_no LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('geometry in %s must have SRID 4326', lines),
            DETAIL = format('Row %s%s of %s has SRID %s; ecocomp stores rivers in WGS 84 (EPSG:4326).', bad.source,
                            coalesce(format(' (name %L)', bad.name), ''), lines, @postgis@.ST_SRID(bad.geom)),
            HINT = 'Pass a view with ST_Transform(geom, 4326).';
    END IF;
    SELECT * INTO bad FROM pg_temp._bn_src
    WHERE @postgis@.GeometryType(geom) NOT IN ('LINESTRING', 'MULTILINESTRING') ORDER BY row_no LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('geometry in %s must be a line', lines),
            DETAIL = format('Row %s%s of %s is a %s, not a LineString or MultiLineString.', bad.source,
                            coalesce(format(' (name %L)', bad.name), ''), lines, @postgis@.GeometryType(bad.geom));
    END IF;
    SELECT * INTO bad FROM pg_temp._bn_src
    WHERE @postgis@.ST_IsEmpty(geom) OR @postgis@.ST_Length(geom) = 0 OR @postgis@.ST_Length(geom) <> @postgis@.ST_Length(geom) OR NOT @postgis@.ST_IsValid(geom)
    ORDER BY row_no LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('degenerate line in %s', lines),
            DETAIL = format('Row %s%s of %s is empty, of zero length or has invalid coordinates.', bad.source,
                            coalesce(format(' (name %L)', bad.name), ''), lines);
    END IF;

    -- Parts ---------------------------------------------------------------------
    CREATE TEMP TABLE _bn_part ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY s.row_no, d.path)::int AS pid,
           s.source, coalesce(d.path[1], 1) AS part, s.name,
           @postgis@.ST_RemoveRepeatedPoints(@postgis@.ST_Force2D(d.geom)) AS geom
    FROM pg_temp._bn_src s CROSS JOIN LATERAL @postgis@.ST_Dump(s.geom) d
    WHERE NOT @postgis@.ST_IsEmpty(d.geom);
    SELECT * INTO bad FROM pg_temp._bn_part WHERE @postgis@.ST_NPoints(geom) < 2 ORDER BY pid LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('degenerate line in %s', lines),
            DETAIL = format('Part %s of row %s%s of %s has zero length.', bad.part, bad.source,
                            coalesce(format(' (name %L)', bad.name), ''), lines);
    END IF;
    ALTER TABLE pg_temp._bn_part ADD PRIMARY KEY (pid);
    CREATE INDEX ON pg_temp._bn_part USING gist (geom);
    CREATE INDEX ON pg_temp._bn_part USING gist ((geom::@postgis@.geography));
    ANALYZE pg_temp._bn_part;
    SELECT count(*) INTO n_parts FROM pg_temp._bn_part;

    -- The outlet must lie within the tolerance of some line.
    FOR r IN SELECT o.path, o.geom,
                    (SELECT min(@postgis@.ST_Distance(o.geom::@postgis@.geography, p.geom::@postgis@.geography)) FROM pg_temp._bn_part p) AS d
             FROM @postgis@.ST_Dump(outlet) o ORDER BY o.path LOOP
        IF r.d > tol THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'outlet is too far from every line',
                DETAIL = format('The outlet %s is %s m from the nearest line of %s, more than the tolerance of %s m.',
                                @postgis@.ST_AsText(r.geom), round(r.d::numeric, 1), lines, tol),
                HINT = 'Put the outlet on the river mouth, or raise tolerance_m.';
        END IF;
    END LOOP;

    SELECT sum(@postgis@.ST_Length(geom::@postgis@.geography)) INTO len0 FROM pg_temp._bn_part;
    -- Overshoots: a part that crosses another part and ends at most tol beyond the
    -- crossing (measured along the line) is trimmed back to the crossing, unless
    -- its end is shared exactly with another part.
    WITH xf AS (
        SELECT * FROM ecocomp._bn_crossings()
    ), cand AS (
        SELECT s.pid, s.f,
               @postgis@.ST_Length(@postgis@.ST_LineSubstring(p.geom, 0, s.f)::@postgis@.geography) AS tail0,
               @postgis@.ST_Length(@postgis@.ST_LineSubstring(p.geom, s.f, 1)::@postgis@.geography) AS tail1
        FROM (SELECT pa AS pid, fa AS f FROM xf UNION ALL SELECT pb, fb FROM xf) s
        JOIN pg_temp._bn_part p USING (pid)
    ), cut AS (
        SELECT c.pid,
               min(c.f) FILTER (WHERE c.tail0 <= tol) AS f0,
               max(c.f) FILTER (WHERE c.tail1 <= tol) AS f1
        FROM cand c GROUP BY c.pid
    ), cut2 AS (
        SELECT c.pid,
               CASE WHEN c.f0 IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM pg_temp._bn_part o WHERE o.pid <> p.pid
                          AND (@postgis@.ST_StartPoint(o.geom) OPERATOR(@postgis@.~=) @postgis@.ST_StartPoint(p.geom) OR @postgis@.ST_EndPoint(o.geom) OPERATOR(@postgis@.~=) @postgis@.ST_StartPoint(p.geom)))
                    THEN c.f0 ELSE 0 END AS f0,
               CASE WHEN c.f1 IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM pg_temp._bn_part o WHERE o.pid <> p.pid
                          AND (@postgis@.ST_StartPoint(o.geom) OPERATOR(@postgis@.~=) @postgis@.ST_EndPoint(p.geom) OR @postgis@.ST_EndPoint(o.geom) OPERATOR(@postgis@.~=) @postgis@.ST_EndPoint(p.geom)))
                    THEN c.f1 ELSE 1 END AS f1
        FROM cut c JOIN pg_temp._bn_part p USING (pid)
    ), upd AS (
        UPDATE pg_temp._bn_part p SET geom = @postgis@.ST_LineSubstring(p.geom, c.f0, c.f1)
        FROM cut2 c WHERE c.pid = p.pid AND (c.f0 > 0 OR c.f1 < 1) AND c.f0 < c.f1
        RETURNING (c.f0 > 0)::int + (c.f1 < 1)::int AS n
    )
    SELECT coalesce(sum(n), 0) INTO n_trim FROM upd;
    SELECT len0 - sum(@postgis@.ST_Length(geom::@postgis@.geography)) INTO trim_m FROM pg_temp._bn_part;

    -- Points: part ends (ids 2*pid-1, 2*pid), outlets, then split points.  A
    -- point's node is worked out in C (src/core/build_network.c) from the
    -- facts measured here: link names a point already joined to it.
    CREATE TEMP TABLE _bn_pt (
        id int PRIMARY KEY, pid int, kind text, frac float8, geom @postgis@.geometry, link int, root int, node int
    ) ON COMMIT DROP;
    INSERT INTO pg_temp._bn_pt (id, pid, kind, frac, geom)
    SELECT 2 * pid - 1, pid, 'end', 0, @postgis@.ST_StartPoint(geom) FROM pg_temp._bn_part
    UNION ALL
    SELECT 2 * pid, pid, 'end', 1, @postgis@.ST_EndPoint(geom) FROM pg_temp._bn_part
    UNION ALL
    SELECT 2 * n_parts + o.path[1], NULL, 'outlet', NULL, o.geom
    FROM @postgis@.ST_Dump(@postgis@.ST_Multi(outlet)) o;
    SELECT max(id) + 1 INTO next_id FROM pg_temp._bn_pt;
    UPDATE pg_temp._bn_pt SET geom = @postgis@.ST_SetSRID(geom, 4326), link = id;

    -- True crossings (inside both parts, after trimming) are nodes: a point
    -- on each part, the second linked to the first.
    WITH c AS (
        SELECT x.pa, x.pb, x.pt, x.fa, x.fb,
               next_id + 2 * (row_number() OVER (ORDER BY x.pa, x.pb, @postgis@.ST_X(x.pt), @postgis@.ST_Y(x.pt)) - 1)::int AS id
        FROM ecocomp._bn_crossings() x
    ), ins AS (
        INSERT INTO pg_temp._bn_pt (id, pid, kind, frac, geom, link)
        SELECT c.id, c.pa, 'split', c.fa, c.pt, c.id FROM c
        UNION ALL
        SELECT c.id + 1, c.pb, 'split', c.fb, c.pt, c.id FROM c
        RETURNING 1
    )
    SELECT count(*) / 2 INTO n_split FROM ins;
    next_id := next_id + 2 * n_split::int;
    CREATE INDEX ON pg_temp._bn_pt USING gist ((geom::@postgis@.geography));
    ANALYZE pg_temp._bn_pt;

    -- Ends within tol of each other are one node, closest pairs first; a join
    -- that would put both ends of one part on one node is refused.  A closed
    -- part (ring) has both ends on one node.
    WITH near AS (
        SELECT a.id AS a, b.id AS b, @postgis@.ST_Distance(a.geom::@postgis@.geography, b.geom::@postgis@.geography) AS d
        FROM pg_temp._bn_pt a
        JOIN pg_temp._bn_pt b ON a.id < b.id AND @postgis@.ST_DWithin(a.geom::@postgis@.geography, b.geom::@postgis@.geography, tol)
        WHERE a.kind IN ('end', 'outlet') AND b.kind IN ('end', 'outlet')
          AND (a.pid IS DISTINCT FROM b.pid OR a.pid IS NULL)
    ), ring AS (
        SELECT pid FROM pg_temp._bn_part WHERE @postgis@.ST_StartPoint(geom) OPERATOR(@postgis@.~=) @postgis@.ST_EndPoint(geom)
    )
    SELECT j.root, j.joined INTO pt_root, snapped
    FROM ecocomp._bn_join_ends(
        (SELECT array_agg(coalesce(t.pid, 0) ORDER BY t.id) FROM pg_temp._bn_pt t),
        (SELECT array_agg(t.link ORDER BY t.id) FROM pg_temp._bn_pt t),
        (SELECT coalesce(array_agg(n.a ORDER BY n.d, n.a, n.b), '{}') FROM near n),
        (SELECT coalesce(array_agg(n.b ORDER BY n.d, n.a, n.b), '{}') FROM near n),
        (SELECT coalesce(array_agg(2 * r.pid - 1 ORDER BY r.pid), '{}') FROM ring r),
        (SELECT coalesce(array_agg(2 * r.pid ORDER BY r.pid), '{}') FROM ring r)) j;
    UPDATE pg_temp._bn_pt t SET root = x.root
    FROM unnest(pt_root) WITH ORDINALITY AS x(root, id) WHERE x.id = t.id;
    ANALYZE pg_temp._bn_pt;   -- the plans below join on root, filled just now

    -- Every end node may snap onto the nearest line within tol that has no
    -- point in it: the candidates, nearest first, with the closest point of
    -- the line and the line's end nearest to it.  Which candidates are taken
    -- (one per node) is decided in C: the line is split at the closest point,
    -- or, when that point is within tol of one of the line's ends, the node is
    -- joined to that end.
    CREATE TEMP TABLE _bn_snap ON COMMIT DROP AS
    WITH cand AS (
        SELECT n.id, q.pid, @postgis@.ST_Distance(n.geom::@postgis@.geography, q.geom::@postgis@.geography) AS d, n.geom AS pt, q.geom AS line
        FROM pg_temp._bn_pt n
        JOIN pg_temp._bn_part q ON @postgis@.ST_DWithin(n.geom::@postgis@.geography, q.geom::@postgis@.geography, tol)
        WHERE n.kind IN ('end', 'outlet')
          AND NOT EXISTS (SELECT 1 FROM pg_temp._bn_pt o WHERE o.root = n.root AND o.pid = q.pid)
    )
    SELECT row_number() OVER (ORDER BY c.d, c.id, c.pid)::int AS k, c.id, c.pid, cp.frac, cp.geom,
           CASE WHEN @postgis@.ST_Distance(cp.geom::@postgis@.geography, @postgis@.ST_StartPoint(c.line)::@postgis@.geography)
                     <= @postgis@.ST_Distance(cp.geom::@postgis@.geography, @postgis@.ST_EndPoint(c.line)::@postgis@.geography)
                THEN 2 * c.pid - 1 ELSE 2 * c.pid END AS near_end,
           least(@postgis@.ST_Distance(cp.geom::@postgis@.geography, @postgis@.ST_StartPoint(c.line)::@postgis@.geography),
                 @postgis@.ST_Distance(cp.geom::@postgis@.geography, @postgis@.ST_EndPoint(c.line)::@postgis@.geography)) <= tol AS end_is_near
    FROM cand c CROSS JOIN LATERAL ecocomp._bn_closest(c.line, c.pt) cp;
    -- Then points at the same place of a part are one node.
    SELECT s.node, s.new_snap, s.snapped, s.splits
    INTO pt_node, new_snap, n_snap, n_snap_split
    FROM ecocomp._bn_snap(
        (SELECT array_agg(coalesce(t.pid, 0) ORDER BY t.id) FROM pg_temp._bn_pt t),
        (SELECT array_agg(t.frac ORDER BY t.id) FROM pg_temp._bn_pt t),
        (SELECT array_agg(t.root ORDER BY t.id) FROM pg_temp._bn_pt t),
        (SELECT coalesce(array_agg(c.id ORDER BY c.k), '{}') FROM pg_temp._bn_snap c),
        (SELECT coalesce(array_agg(c.pid ORDER BY c.k), '{}') FROM pg_temp._bn_snap c),
        (SELECT coalesce(array_agg(c.frac ORDER BY c.k), '{}') FROM pg_temp._bn_snap c),
        (SELECT coalesce(array_agg(c.near_end ORDER BY c.k), '{}') FROM pg_temp._bn_snap c),
        (SELECT coalesce(array_agg(c.end_is_near ORDER BY c.k), '{}') FROM pg_temp._bn_snap c)) s;
    snapped := snapped + n_snap;
    n_split := n_split + n_snap_split;
    INSERT INTO pg_temp._bn_pt (id, pid, kind, frac, geom)
    SELECT next_id + (o.i - 1)::int, c.pid, 'split', c.frac, c.geom
    FROM unnest(new_snap) WITH ORDINALITY AS o(k, i) JOIN pg_temp._bn_snap c ON c.k = o.k;
    UPDATE pg_temp._bn_pt t SET node = x.node
    FROM unnest(pt_node) WITH ORDINALITY AS x(node, id) WHERE x.id = t.id;
    ANALYZE pg_temp._bn_pt;
    -- Pieces: each part cut at its points, ordered along the part; points at the
    -- same place on a part are one node.  Each piece's ends are moved (or
    -- extended) to its node's representative point, so pieces touch at nodes.
    CREATE TEMP TABLE _bn_piece ON COMMIT DROP AS
    WITH pts AS (
        SELECT t.pid, t.node, coalesce(t.frac, 0) AS frac, t.kind, t.id
        FROM pg_temp._bn_pt t WHERE t.pid IS NOT NULL
    ), seq AS (
        SELECT pts.*, lead(frac) OVER w AS frac2, lead(node) OVER w AS node2
        FROM pts WINDOW w AS (PARTITION BY pid ORDER BY frac, (kind = 'end' AND frac = 1), id)
    ), rep AS (
        -- a point where a line was split (it stays on that line), else the end
        -- of the longest part (the main stem stays put)
        SELECT DISTINCT ON (t.node) t.node, t.geom
        FROM pg_temp._bn_pt t JOIN pg_temp._bn_part q ON q.pid = t.pid
        ORDER BY t.node, (t.kind = 'split') DESC, @postgis@.ST_Length(q.geom::@postgis@.geography) DESC, @postgis@.ST_AsEWKB(t.geom), t.id
    )
    SELECT row_number() OVER (ORDER BY s.pid, s.frac, s.id)::int AS piece_id,
           s.pid, p.source, p.part, p.name, s.node AS n0, s.node2 AS n1,
           @postgis@.ST_LineSubstring(p.geom, s.frac, s.frac2) AS geom, r0.geom AS g0, r1.geom AS g1
    FROM seq s
    JOIN pg_temp._bn_part p ON p.pid = s.pid
    JOIN rep r0 ON r0.node = s.node
    JOIN rep r1 ON r1.node = s.node2
    WHERE s.frac2 IS NOT NULL AND s.frac2 > s.frac;
    UPDATE pg_temp._bn_piece SET geom = @postgis@.ST_MakeLine(geom, geom) WHERE @postgis@.GeometryType(geom) = 'POINT';
    SELECT sum(@postgis@.ST_Length(geom::@postgis@.geography)) INTO len0 FROM pg_temp._bn_piece;
    -- An end that runs on past its node (two lines overlapping side by side) is
    -- cut back to the point of the piece closest to the node, when what is cut
    -- is at most tol long, so the join does not double back.
    WITH c AS (
        SELECT p.piece_id, (ecocomp._bn_closest(p.geom, p.g0)).frac AS f
        FROM pg_temp._bn_piece p WHERE @postgis@.ST_Distance(@postgis@.ST_StartPoint(p.geom), p.g0) >= 1e-9
    ), u AS (
        UPDATE pg_temp._bn_piece p SET geom = @postgis@.ST_LineSubstring(p.geom, c.f, 1)
        FROM c WHERE c.piece_id = p.piece_id AND c.f > 0 AND c.f < 1
          AND @postgis@.ST_Length(@postgis@.ST_LineSubstring(p.geom, 0, c.f)::@postgis@.geography) <= tol
        RETURNING 1
    )
    SELECT n_trim + count(*) INTO n_trim FROM u;
    WITH c AS (
        SELECT p.piece_id, (ecocomp._bn_closest(p.geom, p.g1)).frac AS f
        FROM pg_temp._bn_piece p WHERE @postgis@.ST_Distance(@postgis@.ST_EndPoint(p.geom), p.g1) >= 1e-9
    ), u AS (
        UPDATE pg_temp._bn_piece p SET geom = @postgis@.ST_LineSubstring(p.geom, 0, c.f)
        FROM c WHERE c.piece_id = p.piece_id AND c.f > 0 AND c.f < 1
          AND @postgis@.ST_Length(@postgis@.ST_LineSubstring(p.geom, c.f, 1)::@postgis@.geography) <= tol
        RETURNING 1
    )
    SELECT n_trim + count(*) INTO n_trim FROM u;
    SELECT trim_m + len0 - sum(@postgis@.ST_Length(geom::@postgis@.geography)) INTO trim_m FROM pg_temp._bn_piece;
    UPDATE pg_temp._bn_piece SET geom =
        CASE WHEN @postgis@.ST_Distance(@postgis@.ST_StartPoint(geom), g0) < 1e-9 THEN @postgis@.ST_SetPoint(geom, 0, g0)
             ELSE @postgis@.ST_AddPoint(geom, g0, 0) END;
    UPDATE pg_temp._bn_piece SET geom =
        CASE WHEN @postgis@.ST_Distance(@postgis@.ST_EndPoint(geom), g1) < 1e-9 THEN @postgis@.ST_SetPoint(geom, @postgis@.ST_NPoints(geom) - 1, g1)
             ELSE @postgis@.ST_AddPoint(geom, g1) END;
    UPDATE pg_temp._bn_piece SET geom = @postgis@.ST_SetSRID(@postgis@.ST_RemoveRepeatedPoints(geom), 4326);
    -- zero-length artefacts joining a node to itself carry nothing
    DELETE FROM pg_temp._bn_piece WHERE n0 = n1 AND @postgis@.ST_Length(geom) = 0;
    UPDATE pg_temp._bn_piece p SET piece_id = s.rn
    FROM (SELECT piece_id, row_number() OVER (ORDER BY piece_id)::int AS rn FROM pg_temp._bn_piece) s
    WHERE s.piece_id = p.piece_id;
    ALTER TABLE pg_temp._bn_piece ADD COLUMN w float8, ADD COLUMN ddown float8, ADD COLUMN nd int,
        ADD COLUMN ndm int, ADD COLUMN reach_id bigint, ADD COLUMN tree boolean;
    UPDATE pg_temp._bn_piece SET w = @postgis@.ST_Length(geom::@postgis@.geography);

    -- Graph: orient every piece toward the outlet(s) ---------------------------
    IF NOT EXISTS (SELECT 1 FROM pg_temp._bn_pt t
                   WHERE t.kind = 'outlet'
                     AND EXISTS (SELECT 1 FROM pg_temp._bn_piece p WHERE t.node IN (p.n0, p.n1))) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'outlet could not be attached to a line',
            DETAIL = format('No river line of %s could be joined to the outlet %s within %s m.', lines, @postgis@.ST_AsText(outlet), tol);
    END IF;
    -- In C: a shortest-path tree (Dijkstra) from the outlet node(s); a tree
    -- piece flows from its child node to its parent, another (it closes a
    -- loop) to its end nearer the outlet.  next_down is the tree piece leaving
    -- the downstream node (NULL at an outlet); next_down_minor the
    -- loop-closing piece leaving it, if any.
    SELECT o.* INTO fl
    FROM ecocomp._bn_orient(
        (SELECT coalesce(array_agg(p.n0 ORDER BY p.piece_id), '{}') FROM pg_temp._bn_piece p),
        (SELECT coalesce(array_agg(p.n1 ORDER BY p.piece_id), '{}') FROM pg_temp._bn_piece p),
        (SELECT coalesce(array_agg(p.w ORDER BY p.piece_id), '{}') FROM pg_temp._bn_piece p),
        (SELECT array_agg(DISTINCT t.node) FROM pg_temp._bn_pt t WHERE t.kind = 'outlet')) o;
    UPDATE pg_temp._bn_piece p SET
        tree = x.tree, nd = x.nd, ndm = x.ndm, ddown = x.ddown,
        geom = CASE WHEN x.rev THEN @postgis@.ST_Reverse(p.geom) ELSE p.geom END
    FROM unnest(fl.reverse, fl.tree, fl.next_down, fl.next_down_minor, fl.dist_down)
         WITH ORDINALITY AS x(rev, tree, nd, ndm, ddown, piece_id)
    WHERE x.piece_id = p.piece_id;

    -- reach_id: 1, 2, ... in order of distance to the outlet (so next_down < reach_id)
    WITH o AS (
        SELECT p.piece_id, row_number() OVER (ORDER BY p.ddown, p.ddown + p.w, @postgis@.ST_AsEWKB(p.geom), p.piece_id) AS rid
        FROM pg_temp._bn_piece p WHERE p.ddown IS NOT NULL
    )
    UPDATE pg_temp._bn_piece p SET reach_id = o.rid FROM o WHERE o.piece_id = p.piece_id;
    ANALYZE pg_temp._bn_piece;   -- the plans below filter on reach_id, filled just now

    INSERT INTO ecocomp.reach (reach_id, next_down, next_down_minor, name, geom)
    SELECT p.reach_id, d.reach_id, m.reach_id, p.name, p.geom
    FROM pg_temp._bn_piece p
    LEFT JOIN pg_temp._bn_piece d ON d.piece_id = p.nd
    LEFT JOIN pg_temp._bn_piece m ON m.piece_id = p.ndm
    WHERE p.reach_id IS NOT NULL
    ORDER BY p.reach_id;

    -- Report -------------------------------------------------------------------
    DELETE FROM ecocomp.build_network_report;
    INSERT INTO ecocomp.build_network_report (piece_id, source, part, name, length_km, gap_m, geom)
    SELECT p.piece_id, p.source, p.part, p.name, p.w / 1000.0,
           (SELECT min(@postgis@.ST_Distance(p.geom::@postgis@.geography, c.geom::@postgis@.geography))
            FROM (SELECT r.geom FROM ecocomp.reach r ORDER BY r.geom OPERATOR(@postgis@.<->) p.geom LIMIT 8) c),
           p.geom
    FROM pg_temp._bn_piece p WHERE p.reach_id IS NULL;

    SELECT count(*) INTO n_reach FROM pg_temp._bn_piece WHERE reach_id IS NOT NULL;
    n_loops := fl.loops; n_junc := fl.junctions; n_unr := fl.unreached; km_unr := fl.unreached_length / 1000.0;

    IF n_unr > 0 THEN
        RAISE NOTICE 'build_network: % pieces of river line (% km) cannot reach the outlet and were not written to ecocomp.reach',
            n_unr, round(km_unr::numeric, 1)
            USING HINT = 'They are listed in ecocomp.build_network_report with their distance to the network (gap_m).';
    END IF;
    IF n_loops > 0 THEN
        RAISE NOTICE 'build_network: % loops in the line network were broken: each closing reach drains toward the outlet but is nobody''s next_down', n_loops;
    END IF;
    DROP TABLE pg_temp._bn_src, pg_temp._bn_part, pg_temp._bn_pt, pg_temp._bn_piece, pg_temp._bn_snap;
    RETURN QUERY SELECT n_reach, n_junc, snapped, n_split, n_trim, trim_m / 1000.0, n_loops, n_unr, km_unr;
END
$fn$;
COMMENT ON FUNCTION ecocomp.build_network(regclass, geometry, double precision) IS
    'Fills an empty ecocomp.reach from plain river lines (no topology): nodes at junctions, snaps ends within tolerance_m, orients every reach toward the outlet and sets next_down; unreachable pieces go to ecocomp.build_network_report';

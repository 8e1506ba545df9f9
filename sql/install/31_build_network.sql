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

CREATE OR REPLACE FUNCTION ecocomp.build_network(lines regclass, outlet geometry, tolerance_m double precision)
RETURNS TABLE (reaches bigint, junctions bigint, snapped_ends bigint, split_points bigint,
               overshoots_trimmed bigint, trimmed_km double precision, loops_broken bigint,
               unreachable bigint, unreachable_km double precision)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE AS $fn$
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
    cp         record;             -- closest point of a line to an end
    n_parts    int;
    n_outlets  int;
    next_id    int;
    uf         int[] := '{}';      -- union-find parent, by point id
    uf_a       int[];              -- union-find after joining ends
    did        boolean[] := '{}';  -- end node already snapped onto a line
    cl_parts   text[] := '{}';     -- parts with an end in the cluster, per root: '{1,7}'
    r          record;
    ra int; rb int; x int;
    snapped    bigint := 0;
    n_split    bigint := 0;
    n_trim     bigint := 0;
    trim_m     float8 := 0;            -- metres of line cut off as overshoots
    len0       float8;
    -- graph
    n_nodes    int;
    n_edges    int;
    e_u int[]; e_v int[]; e_w float8[];
    adj_off int[]; adj_e int[];
    dist float8[]; pe int[]; done boolean[];
    e_down int[]; e_tree boolean[]; e_nd int[]; e_dd float8[];
    h_node int[] := '{}'; h_key float8[] := '{}'; h_n int := 0;
    i int; j int; k int; u int; v int; e int; nd float8;
    hi int; lo int; t_node int; t_key float8;
    src_nodes int[];
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
            HINT = 'Use @postgis@.ST_Transform(outlet, 4326) or @postgis@.ST_SetSRID().';
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

    FOREACH x_name IN ARRAY ARRAY['_bn_src', '_bn_part', '_bn_pt', '_bn_piece', '_bn_x', '_bn_node', '_bn_edge'] LOOP
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
            HINT = 'Pass a view with @postgis@.ST_Transform(geom, 4326).';
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
    CREATE TEMP TABLE _bn_x ON COMMIT DROP AS
    SELECT a.pid AS pa, b.pid AS pb, x.geom AS pt
    FROM pg_temp._bn_part a
    JOIN pg_temp._bn_part b ON a.pid < b.pid AND a.geom OPERATOR(@postgis@.&&) b.geom AND @postgis@.ST_Intersects(a.geom, b.geom)
    CROSS JOIN LATERAL @postgis@.ST_Dump(@postgis@.ST_Intersection(a.geom, b.geom)) x
    WHERE @postgis@.GeometryType(x.geom) = 'POINT';
    WITH xf AS (   -- crossings strictly inside both parts (not at an end of either)
        SELECT x.pa, x.pb, x.pt, a.geom AS ga, b.geom AS gb,
               @postgis@.ST_LineLocatePoint(a.geom, x.pt) AS fa, @postgis@.ST_LineLocatePoint(b.geom, x.pt) AS fb
        FROM pg_temp._bn_x x JOIN pg_temp._bn_part a ON a.pid = x.pa JOIN pg_temp._bn_part b ON b.pid = x.pb
        WHERE least(@postgis@.ST_Distance(x.pt::@postgis@.geography, @postgis@.ST_StartPoint(a.geom)::@postgis@.geography),
                    @postgis@.ST_Distance(x.pt::@postgis@.geography, @postgis@.ST_EndPoint(a.geom)::@postgis@.geography),
                    @postgis@.ST_Distance(x.pt::@postgis@.geography, @postgis@.ST_StartPoint(b.geom)::@postgis@.geography),
                    @postgis@.ST_Distance(x.pt::@postgis@.geography, @postgis@.ST_EndPoint(b.geom)::@postgis@.geography)) > 0.01
    ), cand AS (
        SELECT s.pid, s.f,
               @postgis@.ST_Length(@postgis@.ST_LineSubstring(s.g, 0, s.f)::@postgis@.geography) AS tail0,
               @postgis@.ST_Length(@postgis@.ST_LineSubstring(s.g, s.f, 1)::@postgis@.geography) AS tail1
        FROM (SELECT pa AS pid, fa AS f, ga AS g FROM xf UNION ALL SELECT pb, fb, gb FROM xf) s
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

    -- Points: part ends (ids 2*pid-1, 2*pid), outlets, then split points.
    CREATE TEMP TABLE _bn_pt (
        id int PRIMARY KEY, pid int, kind text, frac float8, geom @postgis@.geometry
    ) ON COMMIT DROP;
    INSERT INTO pg_temp._bn_pt
    SELECT 2 * pid - 1, pid, 'end', 0, @postgis@.ST_StartPoint(geom) FROM pg_temp._bn_part
    UNION ALL
    SELECT 2 * pid, pid, 'end', 1, @postgis@.ST_EndPoint(geom) FROM pg_temp._bn_part
    UNION ALL
    SELECT 2 * n_parts + o.path[1], NULL, 'outlet', NULL, o.geom
    FROM @postgis@.ST_Dump(@postgis@.ST_Multi(outlet)) o;
    SELECT max(id) + 1 INTO next_id FROM pg_temp._bn_pt;
    FOR i IN 1 .. next_id - 1 LOOP
        uf[i] := i;
        cl_parts[i] := '{}';
    END LOOP;
    UPDATE pg_temp._bn_pt SET geom = @postgis@.ST_SetSRID(geom, 4326);
    FOR r IN SELECT id, pid FROM pg_temp._bn_pt WHERE pid IS NOT NULL LOOP
        cl_parts[r.id] := ARRAY[r.pid]::text;
    END LOOP;

    -- True crossings (inside both parts, after trimming) are nodes.
    TRUNCATE pg_temp._bn_x;
    INSERT INTO pg_temp._bn_x
    SELECT a.pid, b.pid, x.geom
    FROM pg_temp._bn_part a
    JOIN pg_temp._bn_part b ON a.pid < b.pid AND a.geom OPERATOR(@postgis@.&&) b.geom AND @postgis@.ST_Intersects(a.geom, b.geom)
    CROSS JOIN LATERAL @postgis@.ST_Dump(@postgis@.ST_Intersection(a.geom, b.geom)) x
    WHERE @postgis@.GeometryType(x.geom) = 'POINT';
    FOR r IN
        SELECT x.pa, x.pb, x.pt, @postgis@.ST_LineLocatePoint(a.geom, x.pt) AS fa, @postgis@.ST_LineLocatePoint(b.geom, x.pt) AS fb
        FROM pg_temp._bn_x x JOIN pg_temp._bn_part a ON a.pid = x.pa JOIN pg_temp._bn_part b ON b.pid = x.pb
        WHERE least(@postgis@.ST_Distance(x.pt::@postgis@.geography, @postgis@.ST_StartPoint(a.geom)::@postgis@.geography),
                    @postgis@.ST_Distance(x.pt::@postgis@.geography, @postgis@.ST_EndPoint(a.geom)::@postgis@.geography),
                    @postgis@.ST_Distance(x.pt::@postgis@.geography, @postgis@.ST_StartPoint(b.geom)::@postgis@.geography),
                    @postgis@.ST_Distance(x.pt::@postgis@.geography, @postgis@.ST_EndPoint(b.geom)::@postgis@.geography)) > 0.01
        ORDER BY x.pa, x.pb, @postgis@.ST_X(x.pt), @postgis@.ST_Y(x.pt)
    LOOP
        INSERT INTO pg_temp._bn_pt VALUES (next_id, r.pa, 'split', r.fa, r.pt), (next_id + 1, r.pb, 'split', r.fb, r.pt);
        uf[next_id] := next_id; uf[next_id + 1] := next_id;
        cl_parts[next_id] := ARRAY[r.pa, r.pb]::text; cl_parts[next_id + 1] := '{}';
        next_id := next_id + 2;
        n_split := n_split + 1;
    END LOOP;
    CREATE INDEX ON pg_temp._bn_pt USING gist ((geom::@postgis@.geography));
    ANALYZE pg_temp._bn_pt;

    -- Ends within tol of each other are one node, closest pairs first; a merge
    -- that would put both ends of one part on one node is refused.
    FOR r IN
        SELECT a.id AS a, b.id AS b
        FROM pg_temp._bn_pt a
        JOIN pg_temp._bn_pt b ON a.id < b.id AND @postgis@.ST_DWithin(a.geom::@postgis@.geography, b.geom::@postgis@.geography, tol)
        WHERE a.kind IN ('end', 'outlet') AND b.kind IN ('end', 'outlet')
          AND (a.pid IS DISTINCT FROM b.pid OR a.pid IS NULL)
        ORDER BY @postgis@.ST_Distance(a.geom::@postgis@.geography, b.geom::@postgis@.geography), a.id, b.id
    LOOP
        ra := r.a; WHILE uf[ra] <> ra LOOP ra := uf[ra]; END LOOP;
        rb := r.b; WHILE uf[rb] <> rb LOOP rb := uf[rb]; END LOOP;
        CONTINUE WHEN ra = rb OR cl_parts[ra]::int[] && cl_parts[rb]::int[];
        IF ra > rb THEN x := ra; ra := rb; rb := x; END IF;
        uf[rb] := ra;
        cl_parts[ra] := (cl_parts[ra]::int[] || cl_parts[rb]::int[])::text;
        snapped := snapped + 1;
    END LOOP;
    -- A closed part (ring) has both ends on one node.
    FOR r IN SELECT pid FROM pg_temp._bn_part WHERE @postgis@.ST_StartPoint(geom) OPERATOR(@postgis@.~=) @postgis@.ST_EndPoint(geom) LOOP
        ra := 2 * r.pid - 1; WHILE uf[ra] <> ra LOOP ra := uf[ra]; END LOOP;
        rb := 2 * r.pid;     WHILE uf[rb] <> rb LOOP rb := uf[rb]; END LOOP;
        IF ra <> rb THEN
            IF ra > rb THEN x := ra; ra := rb; rb := x; END IF;
            uf[rb] := ra;
            cl_parts[ra] := (cl_parts[ra]::int[] || cl_parts[rb]::int[])::text;
        END IF;
    END LOOP;

    uf_a := uf;
    -- Every end node is snapped onto the nearest line within tol that has no end
    -- on it: the line is split at the closest point, or, when that point is
    -- within tol of one of the line's ends, the node is joined to that end.
    FOR r IN
        WITH node AS (
            SELECT p.id, p.kind, p.geom FROM pg_temp._bn_pt p WHERE p.kind IN ('end', 'outlet')
        )
        SELECT n.id, q.pid, @postgis@.ST_Distance(n.geom::@postgis@.geography, q.geom::@postgis@.geography) AS d, n.geom
        FROM node n JOIN pg_temp._bn_part q
          ON @postgis@.ST_DWithin(n.geom::@postgis@.geography, q.geom::@postgis@.geography, tol)
        ORDER BY d, n.id, q.pid
    LOOP
        ra := r.id; WHILE uf[ra] <> ra LOOP ra := uf[ra]; END LOOP;
        CONTINUE WHEN r.pid = ANY (cl_parts[ra]::int[]);
        -- only the nearest line per node (as the ends were joined above)
        x := r.id; WHILE uf_a[x] <> x LOOP x := uf_a[x]; END LOOP;
        CONTINUE WHEN coalesce(did[x], false);
        did[x] := true;
        SELECT c.frac, c.geom INTO cp FROM ecocomp._bn_closest((SELECT geom FROM pg_temp._bn_part WHERE pid = r.pid), r.geom) c;
        SELECT CASE WHEN @postgis@.ST_Distance(cp.geom::@postgis@.geography, @postgis@.ST_StartPoint(q.geom)::@postgis@.geography)
                         <= @postgis@.ST_Distance(cp.geom::@postgis@.geography, @postgis@.ST_EndPoint(q.geom)::@postgis@.geography)
                    THEN 2 * q.pid - 1 ELSE 2 * q.pid END AS near_end,
               least(@postgis@.ST_Distance(cp.geom::@postgis@.geography, @postgis@.ST_StartPoint(q.geom)::@postgis@.geography),
                     @postgis@.ST_Distance(cp.geom::@postgis@.geography, @postgis@.ST_EndPoint(q.geom)::@postgis@.geography)) AS near_d
        INTO j, nd FROM pg_temp._bn_part q WHERE q.pid = r.pid;
        IF nd <= tol THEN
            rb := j; WHILE uf[rb] <> rb LOOP rb := uf[rb]; END LOOP;
            CONTINUE WHEN ra = rb OR cl_parts[ra]::int[] && cl_parts[rb]::int[];
            IF ra > rb THEN x := ra; ra := rb; rb := x; END IF;
            uf[rb] := ra;
            cl_parts[ra] := (cl_parts[ra]::int[] || cl_parts[rb]::int[])::text;
        ELSE
            INSERT INTO pg_temp._bn_pt VALUES (next_id, r.pid, 'split', cp.frac, cp.geom);
            uf[next_id] := ra;
            cl_parts[ra] := (cl_parts[ra]::int[] || ARRAY[r.pid])::text;
            next_id := next_id + 1;
            n_split := n_split + 1;
        END IF;
        snapped := snapped + 1;
    END LOOP;

    -- Points at the same place of a part are one node.
    FOR r IN
        SELECT a.id AS a, b.id AS b FROM pg_temp._bn_pt a JOIN pg_temp._bn_pt b
          ON a.pid = b.pid AND a.id < b.id AND coalesce(a.frac, 0) = coalesce(b.frac, 0)
        ORDER BY a.id, b.id
    LOOP
        ra := r.a; WHILE uf[ra] <> ra LOOP ra := uf[ra]; END LOOP;
        rb := r.b; WHILE uf[rb] <> rb LOOP rb := uf[rb]; END LOOP;
        IF ra <> rb THEN
            IF ra > rb THEN x := ra; ra := rb; rb := x; END IF;
            uf[rb] := ra;
        END IF;
    END LOOP;
    -- Resolve nodes.
    ALTER TABLE pg_temp._bn_pt ADD COLUMN node int;
    FOR i IN 1 .. next_id - 1 LOOP
        IF uf[i] IS NOT NULL THEN
            ra := i; WHILE uf[ra] <> ra LOOP ra := uf[ra]; END LOOP;
            uf[i] := ra;
        END IF;
    END LOOP;
    UPDATE pg_temp._bn_pt t SET node = uf[t.id];

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
    ALTER TABLE pg_temp._bn_piece ADD COLUMN w float8, ADD COLUMN down int, ADD COLUMN nd int,
        ADD COLUMN ndm int, ADD COLUMN reach_id bigint, ADD COLUMN tree boolean;
    UPDATE pg_temp._bn_piece SET w = @postgis@.ST_Length(geom::@postgis@.geography);

    -- Graph: nodes renumbered 1..n; Dijkstra from the outlet node(s) -------------
    CREATE TEMP TABLE _bn_node ON COMMIT DROP AS
    SELECT node, row_number() OVER (ORDER BY node)::int AS nix
    FROM (SELECT n0 AS node FROM pg_temp._bn_piece UNION SELECT n1 FROM pg_temp._bn_piece) s;
    SELECT count(*) INTO n_nodes FROM pg_temp._bn_node;
    SELECT array_agg(a.nix ORDER BY p.piece_id), array_agg(b.nix ORDER BY p.piece_id), array_agg(p.w ORDER BY p.piece_id), count(*)
    INTO e_u, e_v, e_w, n_edges
    FROM pg_temp._bn_piece p JOIN pg_temp._bn_node a ON a.node = p.n0 JOIN pg_temp._bn_node b ON b.node = p.n1;
    SELECT array_agg(DISTINCT n.nix) INTO src_nodes
    FROM pg_temp._bn_pt t JOIN pg_temp._bn_node n ON n.node = t.node WHERE t.kind = 'outlet';
    IF src_nodes IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'outlet could not be attached to a line',
            DETAIL = format('No river line of %s could be joined to the outlet %s within %s m.', lines, @postgis@.ST_AsText(outlet), tol);
    END IF;
    -- adjacency (CSR): edges of node i are adj_e[adj_off[i] .. adj_off[i+1]-1]
    adj_off := array_fill(0, ARRAY[n_nodes + 1]);
    FOR e IN 1 .. n_edges LOOP
        adj_off[e_u[e]] := adj_off[e_u[e]] + 1;
        IF e_v[e] <> e_u[e] THEN adj_off[e_v[e]] := adj_off[e_v[e]] + 1; END IF;
    END LOOP;
    k := 1;
    FOR i IN 1 .. n_nodes + 1 LOOP
        j := adj_off[i]; adj_off[i] := k; k := k + j;
    END LOOP;
    adj_e := array_fill(0, ARRAY[greatest(k - 1, 1)]);
    done := array_fill(false, ARRAY[n_nodes]);
    pe := array_fill(0, ARRAY[n_nodes]);
    FOR i IN 1 .. n_nodes LOOP pe[i] := adj_off[i]; END LOOP;   -- fill cursor
    FOR e IN 1 .. n_edges LOOP
        adj_e[pe[e_u[e]]] := e; pe[e_u[e]] := pe[e_u[e]] + 1;
        IF e_v[e] <> e_u[e] THEN adj_e[pe[e_v[e]]] := e; pe[e_v[e]] := pe[e_v[e]] + 1; END IF;
    END LOOP;
    pe := array_fill(0, ARRAY[n_nodes]);
    dist := array_fill('Infinity'::float8, ARRAY[n_nodes]);
    FOREACH u IN ARRAY src_nodes LOOP
        dist[u] := 0;
        h_n := h_n + 1; h_node[h_n] := u; h_key[h_n] := 0;
        i := h_n;   -- sift up
        WHILE i > 1 AND (h_key[i / 2], h_node[i / 2]) > (h_key[i], h_node[i]) LOOP
            t_node := h_node[i]; t_key := h_key[i];
            h_node[i] := h_node[i / 2]; h_key[i] := h_key[i / 2];
            h_node[i / 2] := t_node; h_key[i / 2] := t_key;
            i := i / 2;
        END LOOP;
    END LOOP;
    WHILE h_n > 0 LOOP
        u := h_node[1]; nd := h_key[1];
        h_node[1] := h_node[h_n]; h_key[1] := h_key[h_n]; h_n := h_n - 1;
        i := 1;   -- sift down
        LOOP
            lo := i;
            IF 2 * i <= h_n AND (h_key[2 * i], h_node[2 * i]) < (h_key[lo], h_node[lo]) THEN lo := 2 * i; END IF;
            IF 2 * i + 1 <= h_n AND (h_key[2 * i + 1], h_node[2 * i + 1]) < (h_key[lo], h_node[lo]) THEN lo := 2 * i + 1; END IF;
            EXIT WHEN lo = i;
            t_node := h_node[i]; t_key := h_key[i];
            h_node[i] := h_node[lo]; h_key[i] := h_key[lo];
            h_node[lo] := t_node; h_key[lo] := t_key;
            i := lo;
        END LOOP;
        CONTINUE WHEN done[u] OR nd > dist[u];
        done[u] := true;
        FOR k IN adj_off[u] .. adj_off[u + 1] - 1 LOOP
            e := adj_e[k];
            v := CASE WHEN e_u[e] = u THEN e_v[e] ELSE e_u[e] END;
            CONTINUE WHEN done[v];
            IF nd + e_w[e] < dist[v] OR (nd + e_w[e] = dist[v] AND e < pe[v]) THEN
                dist[v] := nd + e_w[e]; pe[v] := e;
                h_n := h_n + 1; h_node[h_n] := v; h_key[h_n] := dist[v];
                i := h_n;
                WHILE i > 1 AND (h_key[i / 2], h_node[i / 2]) > (h_key[i], h_node[i]) LOOP
                    t_node := h_node[i]; t_key := h_key[i];
                    h_node[i] := h_node[i / 2]; h_key[i] := h_key[i / 2];
                    h_node[i / 2] := t_node; h_key[i / 2] := t_key;
                    i := i / 2;
                END LOOP;
            END IF;
        END LOOP;
    END LOOP;

    -- Orientation: a tree edge flows from its child node to its parent; another
    -- edge (it closes a loop) flows to its end nearer the outlet.  next_down is
    -- the tree edge leaving the downstream node (NULL at an outlet).
    e_down := array_fill(NULL::int, ARRAY[n_edges]);
    e_tree := array_fill(false, ARRAY[n_edges]);
    e_nd := array_fill(NULL::int, ARRAY[n_edges]);
    e_dd := array_fill(NULL::float8, ARRAY[n_edges]);
    FOR e IN 1 .. n_edges LOOP
        u := e_u[e]; v := e_v[e];
        CONTINUE WHEN dist[u] = 'Infinity';
        IF pe[u] = e THEN
            e_down[e] := v; e_tree[e] := true;
        ELSIF pe[v] = e THEN
            e_down[e] := u; e_tree[e] := true;
        ELSIF (dist[u], u) > (dist[v], v) THEN
            e_down[e] := v;
        ELSE
            e_down[e] := u;
        END IF;
        e_nd[e] := nullif(pe[e_down[e]], 0);
        e_dd[e] := dist[e_down[e]];
    END LOOP;
    CREATE TEMP TABLE _bn_edge ON COMMIT DROP AS
    SELECT x.piece_id::int, x.u, x.v, x.down, x.tree, x.nd, x.ddown,
           CASE WHEN x.down = x.u THEN x.v ELSE x.u END AS up
    FROM unnest(e_u, e_v, e_down, e_tree, e_nd, e_dd) WITH ORDINALITY AS x(u, v, down, tree, nd, ddown, piece_id);
    UPDATE pg_temp._bn_piece p SET
        tree = x.tree, nd = x.nd,
        down = x.down,
        geom = CASE WHEN x.down = x.u AND x.u <> x.v THEN @postgis@.ST_Reverse(p.geom) ELSE p.geom END
    FROM pg_temp._bn_edge x WHERE x.piece_id = p.piece_id;
    -- a divergence: an edge that is not in the tree leaving a node is the
    -- minor path of the edges entering that node
    WITH minor AS (
        SELECT DISTINCT ON (y.up) y.up AS node, y.piece_id AS minor
        FROM pg_temp._bn_edge y
        WHERE NOT y.tree AND y.down IS NOT NULL AND y.u <> y.v
        ORDER BY y.up, y.ddown, y.piece_id
    )
    UPDATE pg_temp._bn_piece p SET ndm = m.minor
    FROM pg_temp._bn_edge x JOIN minor m ON m.node = x.down
    WHERE x.piece_id = p.piece_id;

    -- reach_id: 1, 2, ... in order of distance to the outlet (so next_down < reach_id)
    WITH o AS (
        SELECT p.piece_id, row_number() OVER (ORDER BY x.ddown, x.ddown + p.w, @postgis@.ST_AsEWKB(p.geom), p.piece_id) AS rid
        FROM pg_temp._bn_piece p JOIN pg_temp._bn_edge x USING (piece_id) WHERE x.down IS NOT NULL
    )
    UPDATE pg_temp._bn_piece p SET reach_id = o.rid FROM o WHERE o.piece_id = p.piece_id;

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

    SELECT count(*) FILTER (WHERE reach_id IS NOT NULL),
           count(*) FILTER (WHERE reach_id IS NOT NULL AND NOT tree),
           count(*) FILTER (WHERE reach_id IS NULL),
           coalesce(sum(w) FILTER (WHERE reach_id IS NULL), 0) / 1000.0
    INTO n_reach, n_loops, n_unr, km_unr FROM pg_temp._bn_piece;
    SELECT count(*) INTO n_junc FROM (
        SELECT n FROM (SELECT n0 AS n FROM pg_temp._bn_piece WHERE reach_id IS NOT NULL
                       UNION ALL SELECT n1 FROM pg_temp._bn_piece WHERE reach_id IS NOT NULL) s
        GROUP BY n HAVING count(*) >= 3) j;
    IF n_unr > 0 THEN
        RAISE NOTICE 'build_network: % pieces of river line (% km) cannot reach the outlet and were not written to ecocomp.reach',
            n_unr, round(km_unr::numeric, 1)
            USING HINT = 'They are listed in ecocomp.build_network_report with their distance to the network (gap_m).';
    END IF;
    IF n_loops > 0 THEN
        RAISE NOTICE 'build_network: % loops in the line network were broken: each closing reach drains toward the outlet but is nobody''s next_down', n_loops;
    END IF;
    DROP TABLE pg_temp._bn_src, pg_temp._bn_part, pg_temp._bn_pt, pg_temp._bn_piece, pg_temp._bn_x,
               pg_temp._bn_node, pg_temp._bn_edge;
    RETURN QUERY SELECT n_reach, n_junc, snapped, n_split, n_trim, trim_m / 1000.0, n_loops, n_unr, km_unr;
END
$fn$;
COMMENT ON FUNCTION ecocomp.build_network(regclass, geometry, double precision) IS
    'Fills an empty ecocomp.reach from plain river lines (no topology): nodes at junctions, snaps ends within tolerance_m, orients every reach toward the outlet and sets next_down; unreachable pieces go to ecocomp.build_network_report';

-- River network engine: refresh_network() labels the reaches of ecocomp.reach
-- (C kernel in src/core/network.c); navigation reads those labels from
-- their indexed copy ecocomp._reach_label, with no walk of the graph per
-- query.  See docs/network.md.

-- Nodes that drain three or more ways (NHDPlus has about 390): next_down is
-- the main path, next_down_minor the first minor path, this table the rest.
CREATE TABLE IF NOT EXISTS ecocomp.reach_minor_link (
    reach_id bigint NOT NULL,
    down_id  bigint NOT NULL,
    CONSTRAINT reach_minor_link_pkey PRIMARY KEY (reach_id, down_id),
    CONSTRAINT reach_minor_link_reach_id_fkey FOREIGN KEY (reach_id)
        REFERENCES ecocomp.reach (reach_id) ON DELETE CASCADE,
    CONSTRAINT reach_minor_link_down_id_check CHECK (down_id <> reach_id)
);
CREATE INDEX IF NOT EXISTS reach_minor_link_down_idx ON ecocomp.reach_minor_link (down_id);
COMMENT ON TABLE ecocomp.reach_minor_link IS
    'further minor downstream links where one node drains three or more ways: next_down_minor holds the first minor link, this table the rest; every label and navigation mode counts them';
COMMENT ON COLUMN ecocomp.reach_minor_link.reach_id IS 'the diverging reach (it also has next_down and next_down_minor)';
COMMENT ON COLUMN ecocomp.reach_minor_link.down_id IS 'another reach it drains into, on a minor path';
SELECT pg_catalog.pg_extension_config_dump('ecocomp.reach_minor_link', '');

-- Upstream closures that are more than a main-path subtree: water reaching
-- reach_id through a minor divergence path comes from the reaches with
-- nav_lo in [lo, hi].  Maintained by refresh_network().
CREATE TABLE IF NOT EXISTS ecocomp._reach_nav_extra (
    reach_id bigint NOT NULL REFERENCES ecocomp.reach (reach_id) ON DELETE CASCADE,
    lo       bigint NOT NULL,
    hi       bigint NOT NULL CHECK (hi >= lo),
    PRIMARY KEY (reach_id, lo)
);
COMMENT ON TABLE ecocomp._reach_nav_extra IS
    'internal: nav_lo intervals draining into a reach through minor divergence paths (written by refresh_network())';
SELECT pg_catalog.pg_extension_config_dump('ecocomp._reach_nav_extra', '');

-- The labels refresh_network() derives, one row per labelled reach, as
-- navigation reads them.  They are the same as the label columns of
-- ecocomp.reach, but live in their own indexed table so that a refresh
-- writes them in bulk: it fills the spare table _reach_label_next (emptied,
-- its indexes built after the rows are in), then swaps the names of
-- _reach_label and _reach_label_next in its transaction
-- (_reach_label_replace below); the label columns of reach carry no index,
-- so updating the rows whose labels changed touches no index either.
-- Readers keep reading the old labels until the refresh commits.  Its
-- columns are those of reach, so they are declared once, there.
CREATE TABLE IF NOT EXISTS ecocomp._reach_label AS
SELECT reach_id, hydroseq, terminal_id, level_path_id, strahler, shreve, up_area_km2,
       arbolate_km, path_km, nav_lo, nav_hi, pfaf
  FROM ecocomp.reach WITH NO DATA;
ALTER TABLE ecocomp._reach_label ALTER COLUMN reach_id SET NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS _reach_label_reach_id_idx ON ecocomp._reach_label (reach_id);
-- UT: one range scan on nav_lo; path_km in the index for distance limits.
CREATE INDEX IF NOT EXISTS _reach_label_nav_idx ON ecocomp._reach_label (nav_lo) INCLUDE (reach_id, path_km);
-- UM, DM, DD: stretches of level paths.
CREATE INDEX IF NOT EXISTS _reach_label_level_path_idx ON ecocomp._reach_label (level_path_id, hydroseq)
    INCLUDE (reach_id, path_km);
COMMENT ON TABLE ecocomp._reach_label IS
    'internal: the current network labels, as navigation reads them (users read the label columns of reach)';
SELECT pg_catalog.pg_extension_config_dump('ecocomp._reach_label', '');

-- The table a refresh fills before the swap: same columns and indexes.
CREATE TABLE IF NOT EXISTS ecocomp._reach_label_next (LIKE ecocomp._reach_label);
CREATE UNIQUE INDEX IF NOT EXISTS _reach_label_next_reach_id_idx ON ecocomp._reach_label_next (reach_id);
CREATE INDEX IF NOT EXISTS _reach_label_next_nav_idx ON ecocomp._reach_label_next (nav_lo) INCLUDE (reach_id, path_km);
CREATE INDEX IF NOT EXISTS _reach_label_next_level_path_idx ON ecocomp._reach_label_next (level_path_id, hydroseq)
    INCLUDE (reach_id, path_km);
COMMENT ON TABLE ecocomp._reach_label_next IS
    'internal: the labels of the previous refresh, emptied and refilled by the next one, then swapped with _reach_label';
SELECT pg_catalog.pg_extension_config_dump('ecocomp._reach_label_next', '');

-- What the labels in _reach_label were derived from: a digest of the graph
-- as refresh_network() read it, so that a refresh of an unchanged network
-- writes nothing.
CREATE TABLE IF NOT EXISTS ecocomp._reach_label_state (
    one        boolean PRIMARY KEY DEFAULT true CHECK (one),
    input_hash text NOT NULL,
    reaches    bigint NOT NULL
);
COMMENT ON TABLE ecocomp._reach_label_state IS
    'internal: digest of the graph (and pfaf_depth) the labels in _reach_label were derived from, and their number';
SELECT pg_catalog.pg_extension_config_dump('ecocomp._reach_label_state', '');

-- A refresh's write: the labels into _reach_label_next, emptied first and
-- filled with its indexes dropped (building an index afterwards is several
-- times faster than a million scattered inserts); then the swap, so that
-- _reach_label_next becomes _reach_label and the old labels the next spare,
-- indexes included; and the digest the labels come from.  Nobody reads the
-- spare table, so all this locks no reader out until the renames, just
-- before the refresh commits.  Changing indexes and names needs the tables'
-- owner, hence SECURITY DEFINER; only a refresh may call it: the caller must
-- hold the lock refresh_network() takes on ecocomp.reach, which itself needs
-- the right to change reaches.
CREATE OR REPLACE FUNCTION ecocomp._reach_label_replace(
    reach_id bigint[], hydroseq bigint[], terminal_id bigint[], level_path_id bigint[],
    strahler int[], shreve bigint[], up_area_km2 float8[], arbolate_km float8[], path_km float8[],
    nav_lo bigint[], nav_hi bigint[], pfaf text[], input_hash text)
RETURNS void
LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_locks l
                    WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation'
                      AND l.relation = 'ecocomp.reach'::pg_catalog.regclass
                      AND l.mode IN ('ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')
                      AND l.granted) THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = 'network labels can only be replaced by refresh_network()',
            DETAIL = 'This transaction does not hold the lock refresh_network() takes on ecocomp.reach.';
    END IF;
    TRUNCATE ecocomp._reach_label_next;
    -- one index per statement: on a Citus coordinator (reference tables)
    -- one DROP may not name several
    DROP INDEX ecocomp._reach_label_next_reach_id_idx;
    DROP INDEX ecocomp._reach_label_next_nav_idx;
    DROP INDEX ecocomp._reach_label_next_level_path_idx;
    -- the unnests in the select list run in step, row by row; in FROM
    -- (ROWS FROM) each would first be materialised in a tuplestore, twice
    -- as slow for a million reaches
    INSERT INTO ecocomp._reach_label_next AS x
    SELECT pg_catalog.unnest(reach_id), pg_catalog.unnest(hydroseq),
           pg_catalog.unnest(terminal_id), pg_catalog.unnest(level_path_id),
           pg_catalog.unnest(strahler), pg_catalog.unnest(shreve),
           pg_catalog.unnest(up_area_km2), pg_catalog.unnest(arbolate_km),
           pg_catalog.unnest(path_km), pg_catalog.unnest(nav_lo),
           pg_catalog.unnest(nav_hi), pg_catalog.unnest(pfaf);
    CREATE UNIQUE INDEX _reach_label_next_reach_id_idx ON ecocomp._reach_label_next (reach_id);
    CREATE INDEX _reach_label_next_nav_idx ON ecocomp._reach_label_next (nav_lo) INCLUDE (reach_id, path_km);
    CREATE INDEX _reach_label_next_level_path_idx ON ecocomp._reach_label_next (level_path_id, hydroseq)
        INCLUDE (reach_id, path_km);

    -- the public copy: only the rows whose labels changed (no index covers
    -- these columns, so the updates are heap-only where the page has room).
    -- Before the swap: the renames lock navigation out until commit, and
    -- this is the long part; readers of reach see the old rows meanwhile.
    UPDATE ecocomp.reach AS r
       SET hydroseq = l.hydroseq, terminal_id = l.terminal_id, level_path_id = l.level_path_id,
           strahler = l.strahler, shreve = l.shreve, up_area_km2 = l.up_area_km2,
           arbolate_km = l.arbolate_km, path_km = l.path_km, nav_lo = l.nav_lo, nav_hi = l.nav_hi,
           pfaf = l.pfaf
      FROM ecocomp._reach_label_next AS l
     WHERE l.reach_id = r.reach_id
       AND (r.hydroseq, r.terminal_id, r.level_path_id, r.strahler, r.shreve, r.up_area_km2,
            r.arbolate_km, r.path_km, r.nav_lo, r.nav_hi, r.pfaf)
           IS DISTINCT FROM
           (l.hydroseq, l.terminal_id, l.level_path_id, l.strahler, l.shreve, l.up_area_km2,
            l.arbolate_km, l.path_km, l.nav_lo, l.nav_hi, l.pfaf);

    ALTER TABLE ecocomp._reach_label RENAME TO _reach_label_old;
    ALTER INDEX ecocomp._reach_label_reach_id_idx RENAME TO _reach_label_old_reach_id_idx;
    ALTER INDEX ecocomp._reach_label_nav_idx RENAME TO _reach_label_old_nav_idx;
    ALTER INDEX ecocomp._reach_label_level_path_idx RENAME TO _reach_label_old_level_path_idx;
    ALTER TABLE ecocomp._reach_label_next RENAME TO _reach_label;
    ALTER INDEX ecocomp._reach_label_next_reach_id_idx RENAME TO _reach_label_reach_id_idx;
    ALTER INDEX ecocomp._reach_label_next_nav_idx RENAME TO _reach_label_nav_idx;
    ALTER INDEX ecocomp._reach_label_next_level_path_idx RENAME TO _reach_label_level_path_idx;
    ALTER TABLE ecocomp._reach_label_old RENAME TO _reach_label_next;
    ALTER INDEX ecocomp._reach_label_old_reach_id_idx RENAME TO _reach_label_next_reach_id_idx;
    ALTER INDEX ecocomp._reach_label_old_nav_idx RENAME TO _reach_label_next_nav_idx;
    ALTER INDEX ecocomp._reach_label_old_level_path_idx RENAME TO _reach_label_next_level_path_idx;
    -- table comments stay with the tables: put them back on the names
    COMMENT ON TABLE ecocomp._reach_label IS
        'internal: the current network labels, as navigation reads them (users read the label columns of reach)';
    COMMENT ON TABLE ecocomp._reach_label_next IS
        'internal: the labels of the previous refresh, emptied and refilled by the next one, then swapped with _reach_label';

    INSERT INTO ecocomp._reach_label_state AS s (one, input_hash, reaches)
    VALUES (true, _reach_label_replace.input_hash, pg_catalog.cardinality(_reach_label_replace.reach_id))
    ON CONFLICT (one) DO UPDATE SET input_hash = excluded.input_hash, reaches = excluded.reaches;
END $$;
COMMENT ON FUNCTION ecocomp._reach_label_replace(bigint[], bigint[], bigint[], bigint[], int[], bigint[],
                                                 float8[], float8[], float8[], bigint[], bigint[], text[], text) IS
    'internal: makes the labels refresh_network() has computed the current ones (fills _reach_label_next, swaps it with _reach_label)';

-- Labels of deleted reaches go with them (_reach_label has no foreign key:
-- checking one per row would slow every refresh down).  As the table's
-- owner: whoever may delete reaches may drop their labels.
CREATE OR REPLACE FUNCTION ecocomp._reach_label_forget() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE ecocomp._reach_label;
    ELSE
        DELETE FROM ecocomp._reach_label l USING gone g WHERE l.reach_id = g.reach_id;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION ecocomp._reach_label_forget() IS 'internal: drops the labels of deleted reaches';
CREATE OR REPLACE TRIGGER reach_label_forget AFTER DELETE ON ecocomp.reach
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION ecocomp._reach_label_forget();
CREATE OR REPLACE TRIGGER reach_label_forget_all AFTER TRUNCATE ON ecocomp.reach
    FOR EACH STATEMENT EXECUTE FUNCTION ecocomp._reach_label_forget();

CREATE INDEX IF NOT EXISTS reach_next_down_minor_idx ON ecocomp.reach (next_down_minor)
    WHERE next_down_minor IS NOT NULL;

CREATE OR REPLACE FUNCTION ecocomp.refresh_network(pfaf_depth int DEFAULT 6)
RETURNS bigint
AS 'MODULE_PATHNAME', 'ecocomp_refresh_network'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION ecocomp.refresh_network(int) IS
    'Labels every reach (hydroseq, terminal_id, level_path_id, strahler, shreve, up_area_km2, arbolate_km, path_km, nav_lo, nav_hi, pfaf with pfaf_depth digits) from next_down/next_down_minor/reach_minor_link; returns the number of reaches; errors on a cycle or a missing downstream reach, naming them';

CREATE OR REPLACE FUNCTION ecocomp.pfaf_is_upstream(a text, b text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'ecocomp_pfaf_is_upstream'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp.pfaf_is_upstream(text, text) IS
    'Verdin & Verdin rule: is the basin with Pfafstetter code a upstream of the basin with code b (0 counts as odd, as in HydroBASINS)';

-- The labelled start reach of a navigation, or an error naming it.
CREATE OR REPLACE FUNCTION ecocomp._nav_start(start bigint, OUT reach_id bigint, OUT nav_lo bigint,
                                   OUT nav_hi bigint, OUT hydroseq bigint,
                                   OUT level_path_id bigint, OUT path_km float8,
                                   OUT length_km float8)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
BEGIN
    SELECT r.reach_id, l.nav_lo, l.nav_hi, l.hydroseq, l.level_path_id, l.path_km, r.length_km
      INTO reach_id, nav_lo, nav_hi, hydroseq, level_path_id, path_km, length_km
      FROM ecocomp.reach r LEFT JOIN ecocomp._reach_label l ON l.reach_id = r.reach_id
     WHERE r.reach_id = start;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('reach %s does not exist', start),
            DETAIL = format('There is no reach with reach_id %s in ecocomp.reach.', start);
    END IF;
    IF nav_lo IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('reach %s has no network labels', start),
            DETAIL = format('Reach %s was added after the last refresh_network().', start),
            HINT = 'Run SELECT ecocomp.refresh_network(); after changing ecocomp.reach.';
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._nav_start(bigint) IS 'internal: the labels of a navigation start reach, or an error';

-- Every mode, in PL/pgSQL.  navigate() below answers UT itself (inlined into
-- the caller's query) and calls this for UM, DM and DD.
CREATE OR REPLACE FUNCTION ecocomp._navigate(start bigint, mode text, max_km float8 DEFAULT NULL)
RETURNS SETOF bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 1000 AS $$
DECLARE
    s record;
BEGIN
    IF mode IS NULL OR mode NOT IN ('UT', 'UM', 'DM', 'DD') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('invalid navigation mode %s', coalesce(quote_literal(mode), 'NULL')),
            DETAIL = 'The mode must be ''UT'' (upstream with tributaries), ''UM'' (upstream mainstem), '
                     '''DM'' (downstream mainstem) or ''DD'' (downstream with diversions).';
    END IF;
    IF max_km < 0 OR max_km = 'NaN' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('invalid distance limit %s km', max_km),
            DETAIL = 'max_km must be NULL (no limit) or a distance of 0 km or more.';
    END IF;
    IF start IS NULL THEN
        RETURN;
    END IF;
    s := ecocomp._nav_start(start);

    IF mode = 'UT' THEN
        -- the main-path subtree is one nav_lo range; water arriving through
        -- minor divergence paths adds the ranges listed in _reach_nav_extra
        IF max_km IS NULL THEN
            RETURN QUERY
                SELECT r.reach_id FROM ecocomp._reach_label r
                 WHERE r.nav_lo BETWEEN s.nav_lo AND s.nav_hi
                UNION ALL
                SELECT r.reach_id FROM ecocomp._reach_nav_extra e
                  JOIN ecocomp._reach_label r ON r.nav_lo BETWEEN e.lo AND e.hi
                 WHERE e.reach_id = start;
        ELSE
            RETURN QUERY
                SELECT r.reach_id FROM ecocomp._reach_label r
                 WHERE r.nav_lo BETWEEN s.nav_lo AND s.nav_hi
                   AND r.path_km <= s.path_km + max_km
                UNION ALL
                SELECT r.reach_id FROM ecocomp._reach_nav_extra e
                  JOIN ecocomp._reach_label r ON r.nav_lo BETWEEN e.lo AND e.hi
                 WHERE e.reach_id = start
                   AND r.path_km <= s.path_km + max_km;
        END IF;
    ELSIF mode = 'UM' THEN
        RETURN QUERY
            SELECT r.reach_id FROM ecocomp._reach_label r
             WHERE r.level_path_id = s.level_path_id AND r.hydroseq >= s.hydroseq
               AND (max_km IS NULL OR r.path_km <= s.path_km + max_km);
    ELSIF mode = 'DM' THEN
        -- down the start's level path, then from each path's outlet (its
        -- reach_id is the level_path_id) onto the path it flows into
        RETURN QUERY
            WITH RECURSIVE seg(lp, hs) AS (
                SELECT s.level_path_id, s.hydroseq
                UNION ALL
                SELECT d.level_path_id, d.hydroseq
                  FROM seg
                  JOIN ecocomp.reach o ON o.reach_id = seg.lp
                  JOIN ecocomp._reach_label ol ON ol.reach_id = o.reach_id
                  JOIN ecocomp._reach_label d ON d.reach_id = o.next_down
                 WHERE max_km IS NULL OR ol.path_km >= s.path_km + s.length_km - max_km
            )
            SELECT r.reach_id FROM seg
              JOIN ecocomp._reach_label r ON r.level_path_id = seg.lp AND r.hydroseq <= seg.hs
             WHERE max_km IS NULL
                OR r.path_km + (SELECT x.length_km FROM ecocomp.reach x WHERE x.reach_id = r.reach_id)
                   >= s.path_km + s.length_km - max_km;
    ELSE
        -- DD: as DM, and from every divergence met onto each of its minor
        -- paths (next_down_minor and the reach_minor_link rows);
        -- top = the position of the start's upstream end in the path_km of
        -- the stretch, so distances add up along the path followed
        RETURN QUERY
            WITH RECURSIVE seg(lp, hs, top) AS (
                SELECT s.level_path_id, s.hydroseq,
                       CASE WHEN max_km IS NULL THEN 0 ELSE s.path_km + s.length_km END
                UNION
                SELECT nx.lp, nx.hs, nx.top
                  FROM seg, LATERAL (
                      SELECT d.level_path_id AS lp, d.hydroseq AS hs, seg.top AS top
                        FROM ecocomp.reach o
                        JOIN ecocomp._reach_label ol ON ol.reach_id = o.reach_id
                        JOIN ecocomp._reach_label d ON d.reach_id = o.next_down
                       WHERE o.reach_id = seg.lp
                         AND (max_km IS NULL OR seg.top - ol.path_km <= max_km)
                      UNION ALL
                      SELECT ml_l.level_path_id, ml_l.hydroseq,
                             CASE WHEN max_km IS NULL THEN 0
                                  ELSE ml_l.path_km + m.length_km + (seg.top - xl.path_km) END
                        FROM ecocomp._reach_label xl
                        JOIN ecocomp.reach x ON x.reach_id = xl.reach_id
                        CROSS JOIN LATERAL (
                            SELECT x.next_down_minor AS down_id
                            UNION ALL
                            SELECT l.down_id FROM ecocomp.reach_minor_link l
                             WHERE l.reach_id = x.reach_id) ml
                        JOIN ecocomp.reach m ON m.reach_id = ml.down_id
                        JOIN ecocomp._reach_label ml_l ON ml_l.reach_id = ml.down_id
                       WHERE xl.level_path_id = seg.lp AND xl.hydroseq <= seg.hs
                         AND x.next_down_minor IS NOT NULL
                         AND (max_km IS NULL OR seg.top - xl.path_km <= max_km)
                  ) nx
            )
            SELECT DISTINCT r.reach_id FROM seg
              JOIN ecocomp._reach_label r ON r.level_path_id = seg.lp AND r.hydroseq <= seg.hs
              JOIN ecocomp.reach x ON x.reach_id = r.reach_id
             WHERE max_km IS NULL OR seg.top - (r.path_km + x.length_km) <= max_km;
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._navigate(bigint, text, float8) IS
    'internal: navigate() in PL/pgSQL, every mode';

-- navigate() is C (src/network.c): UT with two saved plans, so a call costs
-- an index range scan and no parsing or planning; every other mode through
-- ecocomp._navigate above.
CREATE OR REPLACE FUNCTION ecocomp.navigate(start bigint, mode text, max_km float8 DEFAULT NULL)
RETURNS SETOF bigint
AS 'MODULE_PATHNAME', 'ecocomp_navigate'
LANGUAGE C STABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION ecocomp.navigate(bigint, text, float8) IS
    'NHDPlus-style navigation from a reach (included): UT upstream with tributaries, UM upstream mainstem, DM downstream mainstem, DD downstream with diversions; optional distance limit in km (the first reach crossing it is included)';

CREATE OR REPLACE FUNCTION ecocomp.upstream_reaches(start bigint, max_km float8 DEFAULT NULL)
RETURNS SETOF bigint
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000 AS $$
    SELECT n FROM ecocomp.navigate(start, 'UT', max_km) AS n
$$;
COMMENT ON FUNCTION ecocomp.upstream_reaches(bigint, float8) IS
    'navigate(start, ''UT'', max_km): the start and every reach whose water reaches it';

CREATE OR REPLACE FUNCTION ecocomp.upstream_mainstem(start bigint, max_km float8 DEFAULT NULL)
RETURNS SETOF bigint
LANGUAGE sql STABLE PARALLEL SAFE ROWS 100 AS $$
    SELECT n FROM ecocomp.navigate(start, 'UM', max_km) AS n
$$;
COMMENT ON FUNCTION ecocomp.upstream_mainstem(bigint, float8) IS
    'navigate(start, ''UM'', max_km): the start and its level path upstream';

CREATE OR REPLACE FUNCTION ecocomp.downstream_reaches(start bigint, max_km float8 DEFAULT NULL)
RETURNS SETOF bigint
LANGUAGE sql STABLE PARALLEL SAFE ROWS 100 AS $$
    SELECT n FROM ecocomp.navigate(start, 'DM', max_km) AS n
$$;
COMMENT ON FUNCTION ecocomp.downstream_reaches(bigint, float8) IS
    'navigate(start, ''DM'', max_km): the start and the main path down to its outlet';

-- is_upstream() is C too (src/network.c): two saved plans, no pinned
-- search_path to switch at every call.
CREATE OR REPLACE FUNCTION ecocomp.is_upstream(a bigint, b bigint)
RETURNS boolean
AS 'MODULE_PATHNAME', 'ecocomp_is_upstream'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp.is_upstream(bigint, bigint) IS
    'Does water from reach a reach reach b (a <> b)?  Same answer as a IN navigate(b, ''UT''), by a range check';

-- NHDPlus flowlines -> reach and reach_minor_link, from the node topology
-- (FromNode/ToNode), so a node that drains three or more ways keeps every
-- link (DnHydroseq/DnMinorHyd hold two at most).
CREATE OR REPLACE FUNCTION ecocomp.load_nhdplus(flowlines regclass)
RETURNS TABLE (reaches bigint, minor_links bigint)
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE AS $$
DECLARE
    c_comid text;
    c_from  text;
    c_to    text;
    c_div   text;
    c_len   text;
    c_area  text;
    c_name  text;
    c_geom  text;
    bad     record;
BEGIN
    SELECT max(a.attname) FILTER (WHERE lower(a.attname) = 'comid'),
           max(a.attname) FILTER (WHERE lower(a.attname) = 'fromnode'),
           max(a.attname) FILTER (WHERE lower(a.attname) = 'tonode'),
           max(a.attname) FILTER (WHERE lower(a.attname) = 'divergence'),
           max(a.attname) FILTER (WHERE lower(a.attname) = 'lengthkm'),
           max(a.attname) FILTER (WHERE lower(a.attname) = 'areasqkm'),
           max(a.attname) FILTER (WHERE lower(a.attname) = 'gnis_name')
      INTO c_comid, c_from, c_to, c_div, c_len, c_area, c_name
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = flowlines AND a.attnum > 0 AND NOT a.attisdropped;
    SELECT a.attname INTO c_geom
      FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = flowlines AND a.attnum > 0 AND NOT a.attisdropped AND t.typname = 'geometry'
     ORDER BY a.attnum LIMIT 1;
    IF c_comid IS NULL OR c_from IS NULL OR c_to IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42703',
            MESSAGE = format('%s lacks a column load_nhdplus needs', flowlines),
            DETAIL = format('load_nhdplus needs ComID, FromNode and ToNode (any letter case); %s has no %s.',
                            flowlines, concat_ws(', ', CASE WHEN c_comid IS NULL THEN 'ComID' END,
                                                 CASE WHEN c_from IS NULL THEN 'FromNode' END,
                                                 CASE WHEN c_to IS NULL THEN 'ToNode' END));
    END IF;
    IF c_len IS NULL AND c_geom IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42703',
            MESSAGE = format('%s has neither LengthKM nor a geometry column', flowlines),
            DETAIL = 'A reach needs a length: give LengthKM, or a geometry to measure it from.';
    END IF;

    IF pg_catalog.to_regclass('pg_temp.ecocomp_nhdplus_load') IS NOT NULL THEN
        DROP TABLE pg_temp.ecocomp_nhdplus_load;   -- left by an earlier call in this session
    END IF;
    EXECUTE format(
        'CREATE TEMP TABLE ecocomp_nhdplus_load AS
         SELECT (%I)::bigint AS comid, (%I)::bigint AS fromnode, (%I)::bigint AS tonode,
                coalesce((%s)::int, 0) AS divergence, (%s)::float8 AS lengthkm, (%s)::float8 AS areasqkm,
                nullif(btrim((%s)::text), '''') AS gnis_name, %s AS geom
           FROM %s',
        c_comid, c_from, c_to,
        coalesce(quote_ident(c_div), 'NULL'), coalesce(quote_ident(c_len), 'NULL'),
        coalesce(quote_ident(c_area), 'NULL'), coalesce(quote_ident(c_name), 'NULL'),
        coalesce(quote_ident(c_geom), 'NULL::@postgis@.geometry'), flowlines);

    SELECT l.comid, l.fromnode, l.tonode INTO bad FROM pg_temp.ecocomp_nhdplus_load l
     WHERE l.comid IS NULL OR l.fromnode IS NULL OR l.tonode IS NULL LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23502',
            MESSAGE = format('flowline without ComID, FromNode or ToNode in %s', flowlines),
            DETAIL = format('A row has ComID %s, FromNode %s, ToNode %s; all three are needed.',
                            coalesce(bad.comid::text, 'NULL'), coalesce(bad.fromnode::text, 'NULL'),
                            coalesce(bad.tonode::text, 'NULL'));
    END IF;
    SELECT l.comid INTO bad FROM pg_temp.ecocomp_nhdplus_load l GROUP BY l.comid HAVING count(*) > 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23505',
            MESSAGE = format('ComID %s appears twice in %s', bad.comid, flowlines),
            DETAIL = format('Flowline ComID %s is on more than one row; ComIDs must be unique.', bad.comid);
    END IF;
    SELECT l.comid, @postgis@.ST_SRID(l.geom) AS srid INTO bad FROM pg_temp.ecocomp_nhdplus_load l
     WHERE l.geom IS NOT NULL AND @postgis@.ST_SRID(l.geom) = 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('flowline %s has a geometry without SRID', bad.comid),
            DETAIL = format('The geometry of ComID %s has SRID 0, so it cannot be transformed to WGS 84.', bad.comid),
            HINT = 'Set the SRID, e.g. with ST_SetSRID, in a view passed to load_nhdplus.';
    END IF;

    -- the flowlines leaving each node: the main path first (Divergence 1,
    -- else 0), then minor paths (2), each group by ComID
    IF pg_catalog.to_regclass('pg_temp.ecocomp_nhdplus_down') IS NOT NULL THEN
        DROP TABLE pg_temp.ecocomp_nhdplus_down;
    END IF;
    CREATE TEMP TABLE ecocomp_nhdplus_down AS
    SELECT l.comid, l.lengthkm, l.areasqkm, l.gnis_name,
           CASE WHEN l.geom IS NULL THEN NULL
                ELSE @postgis@.ST_Transform(@postgis@.ST_Force2D(@postgis@.ST_LineMerge(l.geom)), 4326) END AS geom,
           pg_catalog.array_remove(d.ids, l.comid) AS ids
      FROM pg_temp.ecocomp_nhdplus_load l
      LEFT JOIN (SELECT x.fromnode,
                        pg_catalog.array_agg(x.comid ORDER BY CASE x.divergence WHEN 1 THEN 0 WHEN 0 THEN 1 ELSE 2 END,
                                             x.comid) AS ids
                   FROM pg_temp.ecocomp_nhdplus_load x GROUP BY x.fromnode) d ON d.fromnode = l.tonode;
    DROP TABLE pg_temp.ecocomp_nhdplus_load;

    SELECT l.comid, @postgis@.GeometryType(l.geom) AS t INTO bad FROM pg_temp.ecocomp_nhdplus_down l
     WHERE l.geom IS NOT NULL AND @postgis@.GeometryType(l.geom) <> 'LINESTRING' LIMIT 1;
    IF FOUND THEN
        DROP TABLE pg_temp.ecocomp_nhdplus_down;
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('flowline %s is not one line', bad.comid),
            DETAIL = format('The geometry of ComID %s merges into a %s, not a single LineString.', bad.comid, bad.t);
    END IF;

    INSERT INTO ecocomp.reach AS r (reach_id, next_down, next_down_minor, name, length_km, local_area_km2, geom)
    SELECT l.comid, l.ids[1], l.ids[2], l.gnis_name, l.lengthkm, l.areasqkm, l.geom
      FROM pg_temp.ecocomp_nhdplus_down l
    ON CONFLICT (reach_id) DO UPDATE
       SET next_down = excluded.next_down, next_down_minor = excluded.next_down_minor,
           name = excluded.name, length_km = excluded.length_km,
           local_area_km2 = excluded.local_area_km2, geom = excluded.geom;
    GET DIAGNOSTICS reaches = ROW_COUNT;
    DELETE FROM ecocomp.reach_minor_link m USING pg_temp.ecocomp_nhdplus_down l WHERE m.reach_id = l.comid;
    INSERT INTO ecocomp.reach_minor_link (reach_id, down_id)
    SELECT l.comid, x FROM pg_temp.ecocomp_nhdplus_down l, unnest(l.ids[3:]) AS x;
    GET DIAGNOSTICS minor_links = ROW_COUNT;
    minor_links := minor_links + (SELECT count(*) FROM pg_temp.ecocomp_nhdplus_down l WHERE l.ids[2] IS NOT NULL);
    DROP TABLE pg_temp.ecocomp_nhdplus_down;
    RETURN NEXT;
END $$;
COMMENT ON FUNCTION ecocomp.load_nhdplus(regclass) IS
    'Loads NHDPlus-style flowlines (ComID, FromNode, ToNode, Divergence, LengthKM, AreaSqKM, GNIS_Name, a geometry in any SRID) into reach and reach_minor_link from the node topology, so no link is lost; returns the reaches and minor links written';

-- Hazardous-waste transfers between jurisdictions: manifests (联单, Solid
-- Waste Law 2020 art. 82), whitelist quotas agreed in advance, the validating
-- importer, the transfer matrix rolled up to a level, and quota exceedances.
-- The per-tonne compensation method transfer_fee settles from the manifests.

CREATE TABLE IF NOT EXISTS ecocomp.waste_transfer (
    manifest_no      text PRIMARY KEY CHECK (manifest_no <> ''),
    -- National Catalogue of Hazardous Wastes code: industry-sequence-category,
    -- the category being HW01 to HW50.
    waste_code       text NOT NULL
                     CONSTRAINT waste_transfer_waste_code_check
                     CHECK (waste_code ~ '^[0-9]{3}-[0-9]{3}-(0[1-9]|[1-4][0-9]|50)$'),
    hw_category      text GENERATED ALWAYS AS ('HW' || right(waste_code, 2)) STORED,
    tonnes           numeric(14,3) NOT NULL CONSTRAINT waste_transfer_tonnes_check CHECK (tonnes > 0),
    origin_code      text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    destination_code text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    origin_geom      geometry(Point, 4326),
    destination_geom geometry(Point, 4326),
    shipped_at       timestamptz NOT NULL,
    received_at      timestamptz,
    disposal         text,
    source           text,
    CONSTRAINT waste_transfer_received_check CHECK (received_at >= shipped_at)
);
CREATE INDEX IF NOT EXISTS waste_transfer_shipped_idx ON ecocomp.waste_transfer (shipped_at);
CREATE INDEX IF NOT EXISTS waste_transfer_pair_idx ON ecocomp.waste_transfer (origin_code, destination_code);
COMMENT ON TABLE ecocomp.waste_transfer IS
    'Hazardous-waste transfer manifests (联单): what left which jurisdiction for which, when, how much and for what disposal';
COMMENT ON COLUMN ecocomp.waste_transfer.manifest_no IS 'the manifest number, unique';
COMMENT ON COLUMN ecocomp.waste_transfer.waste_code IS 'National Catalogue of Hazardous Wastes code NNN-NNN-NN, e.g. 900-041-49';
COMMENT ON COLUMN ecocomp.waste_transfer.hw_category IS 'HW category from the last two digits of the code: HW01 to HW50';
COMMENT ON COLUMN ecocomp.waste_transfer.tonnes IS 'quantity shipped, tonnes (> 0, to the kilogram)';
COMMENT ON COLUMN ecocomp.waste_transfer.origin_code IS 'jurisdiction the waste left; derived from origin_geom when not given';
COMMENT ON COLUMN ecocomp.waste_transfer.destination_code IS 'jurisdiction that received it; derived from destination_geom when not given';
COMMENT ON COLUMN ecocomp.waste_transfer.origin_geom IS 'where the waste was produced (optional; locates origin_code)';
COMMENT ON COLUMN ecocomp.waste_transfer.destination_geom IS 'the receiving facility (optional; locates destination_code)';
COMMENT ON COLUMN ecocomp.waste_transfer.shipped_at IS 'when the waste left; its local date (Asia/Shanghai) places it in a period';
COMMENT ON COLUMN ecocomp.waste_transfer.received_at IS 'when the facility received it; not before shipped_at';
COMMENT ON COLUMN ecocomp.waste_transfer.disposal IS 'what the facility does with it, e.g. incineration, landfill, recovery';
COMMENT ON COLUMN ecocomp.waste_transfer.source IS 'free text: the manifest system or file the row came from';

CREATE TABLE IF NOT EXISTS ecocomp.transfer_quota (
    year             int NOT NULL CONSTRAINT transfer_quota_year_check CHECK (year BETWEEN 1900 AND 9999),
    origin_code      text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    destination_code text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    hw_category      text NOT NULL CONSTRAINT transfer_quota_hw_category_check
                     CHECK (hw_category ~ '^HW(0[1-9]|[1-4][0-9]|50)$'),
    tonnes           numeric(14,3) NOT NULL CONSTRAINT transfer_quota_tonnes_check CHECK (tonnes >= 0),
    PRIMARY KEY (year, origin_code, destination_code, hw_category)
);
COMMENT ON TABLE ecocomp.transfer_quota IS
    'Whitelist quantities agreed in advance: how many tonnes of a category may go from origin to destination in a year';
COMMENT ON COLUMN ecocomp.transfer_quota.origin_code IS 'origin jurisdiction at any level: manifests from it and from the jurisdictions inside it count';
COMMENT ON COLUMN ecocomp.transfer_quota.destination_code IS 'destination jurisdiction at any level: manifests to it and to the jurisdictions inside it count';

SELECT pg_catalog.pg_extension_config_dump('ecocomp.waste_transfer', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.transfer_quota', '');

-- Codes of every jurisdiction and its ancestor at a level (itself when it is
-- at that level), following parent_code.
CREATE OR REPLACE FUNCTION ecocomp._ancestor_at_level(a_level text)
RETURNS TABLE (code text, ancestor text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    WITH RECURSIVE up (code, at_code, at_level, depth) AS (
        SELECT j.code, j.code, j.level, 0 FROM ecocomp.jurisdiction j
        UNION ALL
        SELECT u.code, p.code, p.level, u.depth + 1
        FROM up u
        JOIN ecocomp.jurisdiction c ON c.code = u.at_code
        JOIN ecocomp.jurisdiction p ON p.code = c.parent_code
        WHERE u.at_level IS DISTINCT FROM a_level AND u.depth < 32
    )
    SELECT u.code, u.at_code FROM up u WHERE u.at_level = a_level
$$;
COMMENT ON FUNCTION ecocomp._ancestor_at_level(text) IS
    'internal: each jurisdiction with its ancestor at the level (itself when at the level), through parent_code';

CREATE OR REPLACE FUNCTION ecocomp._check_level(a_level text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF a_level IS NULL OR a_level NOT IN ('province', 'prefecture', 'county', 'other') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('unknown jurisdiction level "%s"', a_level),
            DETAIL = 'The level must be province, prefecture, county or other.';
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._check_level(text) IS 'internal: raises 22023 unless the level is province, prefecture, county or other';

-- Fills origin_code / destination_code from the points when they are NULL
-- (the lowest-level jurisdiction containing the point, through the
-- geography piece's subdivided, indexed boundaries),
-- for rows written directly (the importer locates them itself, set-based).
CREATE OR REPLACE FUNCTION ecocomp._waste_transfer_locate()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.origin_code IS NULL AND NEW.origin_geom IS NOT NULL THEN
        NEW.origin_code := ecocomp._jurisdiction_at(NEW.origin_geom, NULL);
    END IF;
    IF NEW.destination_code IS NULL AND NEW.destination_geom IS NOT NULL THEN
        NEW.destination_code := ecocomp._jurisdiction_at(NEW.destination_geom, NULL);
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION ecocomp._waste_transfer_locate() IS
    'internal: trigger filling a manifest''s origin and destination codes from its points when they are NULL';
CREATE OR REPLACE TRIGGER waste_transfer_locate BEFORE INSERT OR UPDATE ON ecocomp.waste_transfer
    FOR EACH ROW EXECUTE FUNCTION ecocomp._waste_transfer_locate();

-- A point from text (WKT, EWKT or hex EWKB, SRID 4326 when none is given);
-- NULL for text that is not a point in SRID 4326.
CREATE OR REPLACE FUNCTION ecocomp._try_point(t text)
RETURNS geometry
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    g @postgis@.geometry;
BEGIN
    IF t IS NULL THEN
        RETURN NULL;
    END IF;
    g := t::@postgis@.geometry;
    IF @postgis@.ST_SRID(g) = 0 THEN
        g := @postgis@.ST_SetSRID(g, 4326);
    END IF;
    IF @postgis@.GeometryType(g) <> 'POINT' OR @postgis@.ST_SRID(g) <> 4326 OR @postgis@.ST_IsEmpty(g)
       OR NOT (@postgis@.ST_X(g) BETWEEN -180 AND 180 AND @postgis@.ST_Y(g) BETWEEN -90 AND 90) THEN
        RETURN NULL;
    END IF;
    RETURN g;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END $$;
COMMENT ON FUNCTION ecocomp._try_point(text) IS
    'internal: text (WKT, EWKT, hex EWKB) to a point in SRID 4326, NULL when it is not one';

CREATE OR REPLACE FUNCTION ecocomp._try_tonnes(t text)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN t::numeric(14,3);
EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
    RETURN NULL;
END $$;
COMMENT ON FUNCTION ecocomp._try_tonnes(text) IS 'internal: text to numeric(14,3), NULL when invalid or too large';

CREATE OR REPLACE FUNCTION ecocomp.import_waste_transfers(staging regclass,
                                                         assume_time_zone text DEFAULT NULL)
RETURNS TABLE (accepted bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM ecocomp._require_staging_columns(staging, ARRAY['manifest_no', 'waste_code', 'tonnes', 'shipped_at'],
        'A staging table needs manifest_no, waste_code, tonnes and shipped_at, and for each end a code or a point: origin_code or origin_geom, destination_code or destination_geom; received_at, disposal and source are optional.');
    PERFORM ecocomp._check_assumed_zone(assume_time_zone);

    -- Serialise with other loads of manifests, so that two batches holding
    -- the same manifest number quarantine the second copy instead of failing.
    LOCK TABLE ecocomp.waste_transfer IN SHARE ROW EXCLUSIVE MODE;

    RETURN QUERY EXECUTE format($q$
    WITH src AS (
        SELECT to_jsonb(s) AS raw FROM %s AS s
    ), fields AS (
        SELECT raw,
               nullif(btrim(raw->>'manifest_no'), '') AS manifest_no,
               nullif(btrim(raw->>'waste_code'), '') AS waste_code,
               nullif(btrim(raw->>'tonnes'), '') AS tonnes_text,
               nullif(btrim(raw->>'origin_code'), '') AS origin_given,
               nullif(btrim(raw->>'destination_code'), '') AS destination_given,
               nullif(btrim(raw->>'origin_geom'), '') AS origin_geom_text,
               nullif(btrim(raw->>'destination_geom'), '') AS destination_geom_text,
               nullif(btrim(raw->>'shipped_at'), '') AS shipped_text,
               nullif(btrim(raw->>'received_at'), '') AS received_text,
               nullif(btrim(raw->>'disposal'), '') AS disposal,
               raw->>'source' AS source
        FROM src
    ), parsed AS (
        SELECT f.*,
               ecocomp._try_tonnes(f.tonnes_text) AS tonnes,
               ecocomp._try_point(f.origin_geom_text) AS origin_geom,
               ecocomp._try_point(f.destination_geom_text) AS destination_geom,
               ecocomp._try_timestamptz(f.shipped_text, $1) AS shipped_at,
               ecocomp._try_timestamptz(f.received_text, $1) AS received_at
        FROM fields f
    ), located AS (
        SELECT p.*,
               coalesce(p.origin_given, ecocomp._jurisdiction_at(p.origin_geom, NULL)) AS origin_code,
               coalesce(p.destination_given, ecocomp._jurisdiction_at(p.destination_geom, NULL)) AS destination_code
        FROM parsed p
    ), judged AS (
        SELECT l.*,
               CASE
                   WHEN l.manifest_no IS NULL THEN 'manifest_no is missing'
                   WHEN l.waste_code IS NULL THEN 'waste_code is missing'
                   WHEN l.waste_code !~ '^[0-9]{3}-[0-9]{3}-[0-9]{2}$'
                       THEN format('waste_code "%%s" is not of the form NNN-NNN-NN', l.waste_code)
                   WHEN right(l.waste_code, 2)::int NOT BETWEEN 1 AND 50
                       THEN format('waste_code "%%s" names category HW%%s; categories are HW01 to HW50',
                                   l.waste_code, right(l.waste_code, 2))
                   WHEN l.tonnes_text IS NULL THEN 'tonnes is missing'
                   WHEN l.tonnes IS NULL THEN format('tonnes "%%s" is not a number of at most 11 digits before the point', l.tonnes_text)
                   WHEN l.tonnes <= 0 THEN format('tonnes %%s is not positive', l.tonnes_text)
                   WHEN l.origin_given IS NULL AND l.origin_geom_text IS NULL THEN 'origin_code and origin_geom are both missing'
                   WHEN l.origin_given IS NULL AND l.origin_geom IS NULL
                       THEN format('origin_geom "%%s" is not a point in SRID 4326', left(l.origin_geom_text, 80))
                   WHEN l.origin_given IS NULL AND l.origin_code IS NULL
                       THEN format('origin_geom %%s lies in no jurisdiction', @postgis@.ST_AsText(l.origin_geom))
                   WHEN NOT EXISTS (SELECT 1 FROM ecocomp.jurisdiction j WHERE j.code = l.origin_code)
                       THEN format('unknown origin jurisdiction "%%s"', l.origin_code)
                   WHEN l.destination_given IS NULL AND l.destination_geom_text IS NULL THEN 'destination_code and destination_geom are both missing'
                   WHEN l.destination_given IS NULL AND l.destination_geom IS NULL
                       THEN format('destination_geom "%%s" is not a point in SRID 4326', left(l.destination_geom_text, 80))
                   WHEN l.destination_given IS NULL AND l.destination_code IS NULL
                       THEN format('destination_geom %%s lies in no jurisdiction', @postgis@.ST_AsText(l.destination_geom))
                   WHEN NOT EXISTS (SELECT 1 FROM ecocomp.jurisdiction j WHERE j.code = l.destination_code)
                       THEN format('unknown destination jurisdiction "%%s"', l.destination_code)
                   WHEN l.shipped_text IS NULL THEN 'shipped_at is missing'
                   WHEN l.shipped_at IS NULL AND $1 IS NULL AND NOT ecocomp._has_time_zone(l.shipped_text)
                        AND ecocomp._try_timestamptz(l.shipped_text, 'UTC') IS NOT NULL
                       THEN format('shipped_at "%%s" has no time zone', l.shipped_text)
                   WHEN l.shipped_at IS NULL THEN format('shipped_at "%%s" is not a valid timestamp', l.shipped_text)
                   WHEN l.received_text IS NOT NULL AND l.received_at IS NULL
                       THEN format('received_at "%%s" is not a valid timestamp with a time zone', l.received_text)
                   WHEN l.received_at < l.shipped_at
                       THEN format('received_at %%s is before shipped_at %%s', l.received_text, l.shipped_text)
               END AS reason
        FROM located l
    ), keyed AS (
        SELECT j.*,
               count(*) OVER (PARTITION BY j.manifest_no) AS copies,
               EXISTS (SELECT 1 FROM ecocomp.waste_transfer w WHERE w.manifest_no = j.manifest_no) AS exists_already
        FROM judged j
    ), final AS (
        SELECT k.*,
               coalesce(k.reason,
                        CASE WHEN k.copies > 1 THEN format('duplicate manifest_no "%%s": %%s rows in this batch', k.manifest_no, k.copies)
                             WHEN k.exists_already THEN format('manifest "%%s" is already loaded', k.manifest_no)
                        END) AS final_reason
        FROM keyed k
    ), rejected AS (
        INSERT INTO ecocomp.observation_reject (staging, raw, reason)
        SELECT %L, raw, final_reason FROM final WHERE final_reason IS NOT NULL
        RETURNING 1
    ), accepted AS (
        INSERT INTO ecocomp.waste_transfer (manifest_no, waste_code, tonnes, origin_code, destination_code,
                                            origin_geom, destination_geom, shipped_at, received_at, disposal, source)
        SELECT manifest_no, waste_code, tonnes, origin_code, destination_code,
               origin_geom, destination_geom, shipped_at, received_at, disposal, source
        FROM final WHERE final_reason IS NULL
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM accepted), (SELECT count(*) FROM rejected)
    $q$, staging, staging::text)
    USING assume_time_zone;
END $$;
COMMENT ON FUNCTION ecocomp.import_waste_transfers(regclass, text) IS
    'Loads manifests from a staging table into waste_transfer, locating origin and destination from points when codes are missing; every row that cannot be loaded goes to observation_reject with its reason';

-- The instants a period of local dates in a time zone starts and ends (NULL
-- for an unbounded end), so that a filter on a timestamptz column can use
-- its statistics and indexes instead of a cast per row.
CREATE OR REPLACE FUNCTION ecocomp._period_instants(period daterange, tz text, OUT t0 timestamptz, OUT t1 timestamptz)
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN lower_inf(period) THEN NULL
                ELSE (CASE WHEN lower_inc(period) THEN lower(period) ELSE lower(period) + 1 END)::timestamp AT TIME ZONE tz END,
           CASE WHEN upper_inf(period) THEN NULL
                ELSE (CASE WHEN upper_inc(period) THEN upper(period) + 1 ELSE upper(period) END)::timestamp AT TIME ZONE tz END
$$;
COMMENT ON FUNCTION ecocomp._period_instants(daterange, text) IS
    'internal: the first instant of a period of local dates in a time zone and the first instant after it (NULL when unbounded)';

CREATE OR REPLACE FUNCTION ecocomp.transfer_matrix(period daterange, level text DEFAULT 'province')
RETURNS TABLE (origin_code text, destination_code text, hw_category text, tonnes numeric, manifests bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    t0 timestamptz;
    t1 timestamptz;
BEGIN
    PERFORM ecocomp._check_level(transfer_matrix.level);
    IF period IS NULL OR isempty(period) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'period must be a non-empty date range',
            DETAIL = format('transfer_matrix() was given %s.', coalesce(period::text, 'NULL'));
    END IF;
    SELECT i.t0, i.t1 INTO t0, t1 FROM ecocomp._period_instants(period, 'Asia/Shanghai') i;
    RETURN QUERY
    -- A jurisdiction with no ancestor at the level (a province when the level
    -- is prefecture) stands for itself, so that no manifest is left out.
    WITH up AS MATERIALIZED (
        SELECT j.code, coalesce(a.ancestor, j.code) AS ancestor
        FROM ecocomp.jurisdiction j LEFT JOIN ecocomp._ancestor_at_level(transfer_matrix.level) a ON a.code = j.code
    )
    SELECT o.ancestor, d.ancestor, w.hw_category, sum(w.tonnes), count(*)
    FROM ecocomp.waste_transfer w
    JOIN up o ON o.code = w.origin_code
    JOIN up d ON d.code = w.destination_code
    WHERE (t0 IS NULL OR w.shipped_at >= t0) AND (t1 IS NULL OR w.shipped_at < t1)
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3;
END $$;
COMMENT ON FUNCTION ecocomp.transfer_matrix(daterange, text) IS
    'Tonnes and manifests of hazardous waste shipped in the period (local dates, Asia/Shanghai) from each jurisdiction to each, by HW category, rolled up to the level through parent_code (a jurisdiction with no ancestor at the level stands for itself)';

CREATE OR REPLACE FUNCTION ecocomp.quota_exceedances(period daterange)
RETURNS TABLE (origin_code text, destination_code text, hw_category text, quota numeric, shipped numeric, excess numeric)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF period IS NULL OR isempty(period) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'period must be a non-empty date range',
            DETAIL = format('quota_exceedances() was given %s.', coalesce(period::text, 'NULL'));
    END IF;
    RETURN QUERY
    WITH RECURSIVE inside (code, within) AS (   -- each jurisdiction and everything it contains
        SELECT j.code, j.code FROM ecocomp.jurisdiction j
        UNION
        SELECT i.code, c.code FROM inside i JOIN ecocomp.jurisdiction c ON c.parent_code = i.within
    ), shipped AS (
        SELECT q.year, q.origin_code, q.destination_code, q.hw_category, q.tonnes AS quota,
               coalesce((SELECT sum(w.tonnes)
                         FROM ecocomp.waste_transfer w
                         WHERE w.hw_category = q.hw_category
                           AND w.origin_code IN (SELECT i.within FROM inside i WHERE i.code = q.origin_code)
                           AND w.destination_code IN (SELECT i.within FROM inside i WHERE i.code = q.destination_code)
                           AND (w.shipped_at AT TIME ZONE 'Asia/Shanghai')::date <@ period
                           AND extract(year FROM w.shipped_at AT TIME ZONE 'Asia/Shanghai') = q.year), 0) AS shipped
        FROM ecocomp.transfer_quota q
        WHERE daterange(make_date(q.year, 1, 1), make_date(q.year + 1, 1, 1)) && period
    )
    SELECT s.origin_code, s.destination_code, s.hw_category, s.quota, s.shipped, s.shipped - s.quota
    FROM shipped s
    WHERE s.shipped > s.quota
    ORDER BY 1, 2, 3;
END $$;
COMMENT ON FUNCTION ecocomp.quota_exceedances(daterange) IS
    'Whitelist quotas exceeded in the period: tonnes shipped (local dates in the period and the quota''s year, origin and destination including the jurisdictions inside them) above the agreed tonnes';

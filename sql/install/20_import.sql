-- import_observations(): load a staging table into observation, converting
-- units, and move every row that cannot be loaded to observation_reject with
-- the reason.  Accepted + rejected = rows in the staging table.

-- NULL instead of an error for text that is not a valid value of the type.
CREATE OR REPLACE FUNCTION ecocomp._try_float8(t text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN t::double precision;
EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
    RETURN NULL;
END $$;
COMMENT ON FUNCTION ecocomp._try_float8(text) IS 'internal: text to float8, NULL when invalid';

CREATE OR REPLACE FUNCTION ecocomp._try_boolean(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN t::boolean;
EXCEPTION WHEN invalid_text_representation THEN
    RETURN NULL;
END $$;
COMMENT ON FUNCTION ecocomp._try_boolean(text) IS 'internal: text to boolean, NULL when invalid';

-- A timestamp that names its zone (Z, +08, +08:00 or a zone name) becomes a
-- timestamptz; one without a zone is read in assume_zone, or is NULL when no
-- zone is assumed.  Stable: the result of a zone-less text depends on the
-- zone rules.
CREATE OR REPLACE FUNCTION ecocomp._try_timestamptz(t text, assume_zone text) RETURNS timestamptz
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    r timestamptz;
BEGIN
    IF ecocomp._has_time_zone(t) THEN
        r := t::timestamptz;
    ELSIF assume_zone IS NULL THEN
        RETURN NULL;
    ELSE
        r := t::timestamp AT TIME ZONE assume_zone;
    END IF;
    RETURN CASE WHEN isfinite(r) THEN r END;
EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow
          OR invalid_parameter_value OR invalid_time_zone_displacement_value THEN
    RETURN NULL;
END $$;
COMMENT ON FUNCTION ecocomp._try_timestamptz(text, text) IS
    'internal: text to timestamptz, reading zone-less text in assume_zone; NULL when invalid';

CREATE OR REPLACE FUNCTION ecocomp._has_time_zone(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT t ~ '(?:[Zz]|[+-][0-9]{1,2}(?::?[0-9]{2}){0,2}|[[:space:]][A-Za-z][A-Za-z_/+-]*[A-Za-z0-9])$'
       AND t !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
$$;
COMMENT ON FUNCTION ecocomp._has_time_zone(text) IS
    'internal: does a timestamp text end with a zone (Z, an offset or a zone name)';

CREATE OR REPLACE FUNCTION ecocomp.import_observations(staging regclass,
                                            assume_time_zone text DEFAULT NULL)
RETURNS TABLE (accepted bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    cols text[];
    missing text[];
BEGIN
    SELECT array_agg(attname::text) INTO cols
    FROM pg_catalog.pg_attribute
    WHERE attrelid = staging AND attnum > 0 AND NOT attisdropped;

    SELECT array_agg(c) INTO missing
    FROM unnest(ARRAY['section_code', 'parameter', 'observed_at', 'value']) AS c
    WHERE c <> ALL (cols);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'undefined_column',
            MESSAGE = format('staging table %s lacks required columns', staging),
            DETAIL = format('Missing: %s. A staging table needs section_code, parameter, observed_at and value; censored, unit and source are optional.',
                            array_to_string(missing, ', '));
    END IF;

    IF assume_time_zone IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = assume_time_zone)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_abbrevs WHERE abbrev = assume_time_zone) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('unknown time zone "%s"', assume_time_zone),
            DETAIL = 'assume_time_zone must be a name from pg_timezone_names, e.g. Asia/Shanghai.';
    END IF;

    RETURN QUERY EXECUTE format($q$
    WITH src AS (
        SELECT to_jsonb(s) AS raw FROM %s AS s
    ), fields AS (
        SELECT raw,
               nullif(btrim(raw->>'section_code'), '') AS section_code,
               nullif(btrim(raw->>'parameter'), '') AS parameter,
               nullif(btrim(raw->>'observed_at'), '') AS ts_text,
               nullif(btrim(raw->>'value'), '') AS value_text,
               nullif(btrim(raw->>'censored'), '') AS censored_text,
               nullif(btrim(raw->>'unit'), '') AS unit,
               raw->>'source' AS source
        FROM src
    ), parsed AS (
        SELECT f.*,
               ecocomp._try_timestamptz(f.ts_text, $1) AS observed_at,
               -- '<0.02' is a non-detect with detection limit 0.02
               ecocomp._try_float8(CASE WHEN f.value_text LIKE '<%%'
                                        THEN btrim(substr(f.value_text, 2))
                                        ELSE f.value_text END) AS raw_value,
               (f.value_text LIKE '<%%') AS lt_notation,
               ecocomp._try_boolean(f.censored_text) AS censored_flag,
               p.code AS known_parameter, p.unit AS canonical_unit,
               s.code AS known_section,
               u.factor
        FROM fields f
        LEFT JOIN ecocomp.parameter p ON p.code = f.parameter
        LEFT JOIN ecocomp.section s ON s.code = f.section_code
        LEFT JOIN ecocomp.unit_conversion u
               ON u.unit = coalesce(f.unit, p.unit) AND u.canonical = p.unit
    ), converted AS (
        SELECT pr.*,
               -- numeric arithmetic: 350 µg/L is exactly 0.35 mg/L
               (pr.raw_value::numeric * coalesce(pr.factor, 1))::double precision AS value,
               coalesce(pr.censored_flag, false) OR pr.lt_notation AS censored
        FROM parsed pr
    ), judged AS (
        SELECT c.*,
               CASE
                   WHEN c.section_code IS NULL THEN 'section_code is missing'
                   WHEN c.known_section IS NULL THEN format('unknown section "%%s"', c.section_code)
                   WHEN c.parameter IS NULL THEN 'parameter is missing'
                   WHEN c.known_parameter IS NULL THEN format('unknown parameter "%%s"', c.parameter)
                   WHEN c.ts_text IS NULL THEN 'observed_at is missing'
                   WHEN c.observed_at IS NULL AND $1 IS NULL
                        AND NOT ecocomp._has_time_zone(c.ts_text)
                        AND ecocomp._try_timestamptz(c.ts_text, 'UTC') IS NOT NULL
                       THEN format('observed_at "%%s" has no time zone', c.ts_text)
                   WHEN c.observed_at IS NULL THEN format('observed_at "%%s" is not a valid timestamp', c.ts_text)
                   WHEN c.value_text IS NULL THEN 'value is missing'
                   WHEN c.raw_value IS NULL THEN format('value "%%s" is not a number', c.value_text)
                   WHEN c.raw_value IN ('NaN', 'Infinity', '-Infinity') THEN format('value "%%s" is not finite', c.value_text)
                   WHEN c.censored_text IS NOT NULL AND c.censored_flag IS NULL
                       THEN format('censored "%%s" is not a boolean', c.censored_text)
                   WHEN c.factor IS NULL THEN format('unknown unit "%%s" for parameter %%s (canonical unit %%s)',
                                                     c.unit, c.parameter, c.canonical_unit)
                   WHEN c.value < 0 AND c.parameter <> 'water_temp' THEN format('negative value %%s', c.value_text)
                   WHEN c.parameter = 'pH' AND c.value > 14 THEN format('pH %%s is outside 0-14', c.value_text)
               END AS reason
        FROM converted c
    ), keyed AS (
        SELECT j.*,
               CASE WHEN j.reason IS NULL THEN
                   count(*) FILTER (WHERE j.reason IS NULL)
                       OVER (PARTITION BY j.section_code, j.parameter, j.observed_at)
               END AS copies,
               EXISTS (SELECT 1 FROM ecocomp.observation o
                       WHERE o.section_code = j.section_code AND o.parameter = j.parameter
                         AND o.observed_at = j.observed_at) AS exists_already
        FROM judged j
    ), final AS (
        SELECT k.*,
               coalesce(k.reason,
                        CASE WHEN k.copies > 1 THEN format('duplicate key: %%s rows for section %%s, %%s at %%s',
                                                          k.copies, k.section_code, k.parameter, k.observed_at)
                             WHEN k.exists_already THEN format('observation already exists for section %%s, %%s at %%s',
                                                              k.section_code, k.parameter, k.observed_at)
                        END) AS final_reason
        FROM keyed k
    ), rejected AS (
        INSERT INTO ecocomp.observation_reject (staging, raw, reason)
        SELECT %L, raw, final_reason FROM final WHERE final_reason IS NOT NULL
        RETURNING 1
    ), accepted AS (
        INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value, censored, unit, source)
        SELECT section_code, parameter, observed_at, value, censored, NULL, source
        FROM final WHERE final_reason IS NULL
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM accepted), (SELECT count(*) FROM rejected)
    $q$, staging, staging::text)
    USING assume_time_zone;
END $$;
COMMENT ON FUNCTION ecocomp.import_observations(regclass, text) IS
    'Loads a staging table (section_code, parameter, observed_at, value [, censored, unit, source]) into observation, converting units; every row that cannot be loaded goes to observation_reject with its reason';

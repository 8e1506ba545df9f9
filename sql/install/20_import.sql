-- import_observations(): load a staging table into observation, converting
-- units, and move every row that cannot be loaded to observation_reject with
-- the reason.  Accepted + rejected = rows in the staging table.

-- NULL instead of an error for text that is not a valid value of the type.
-- The usual values take a path without an exception block: each block
-- entered is a subtransaction, and on a Citus coordinator a savepoint sent to
-- every worker connection the transaction holds (docs/scale.md).
CREATE OR REPLACE FUNCTION ecocomp._try_float8(t text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    -- a plain decimal of at most 15 + 15 digits always converts
    IF t IS NULL OR t ~ '^[+-]?[0-9]{1,15}(\.[0-9]{0,15})?$' THEN
        RETURN t::double precision;
    END IF;
    BEGIN
        RETURN t::double precision;
    EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
        RETURN NULL;
    END;
END $$;
COMMENT ON FUNCTION ecocomp._try_float8(text) IS 'internal: text to float8, NULL when invalid';

CREATE OR REPLACE FUNCTION ecocomp._try_boolean(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF t IS NULL OR t ~* '^(true|false|t|f|yes|no|y|n|on|off|1|0)$' THEN
        RETURN t::boolean;
    END IF;
    BEGIN
        RETURN t::boolean;
    EXCEPTION WHEN invalid_text_representation THEN
        RETURN NULL;
    END;
END $$;
COMMENT ON FUNCTION ecocomp._try_boolean(text) IS 'internal: text to boolean, NULL when invalid';

-- Observation times are read strictly, so that no row is stored at an
-- instant other than the one its producer meant.  Accepted: an ISO 8601 date
-- and time (YYYY-MM-DD, then optionally T or a space and hh:mm[:ss[.f]]),
-- followed by Z, a numeric offset (+08, +0800, +08:00), UTC/GMT, or a zone
-- name such as Asia/Shanghai.  Refused, each with its own reason: zone
-- abbreviations (CST is China, US Central or Cuba Standard Time), POSIX
-- offsets (UTC+8 means 8 hours WEST of Greenwich, the inverse of ISO 8601),
-- and anything else PostgreSQL would read, such as now, today, epoch or the
-- Julian day J2459000.  Text without a zone is read in assume_zone when one
-- is given.  problem is NULL when value is set; otherwise it completes the
-- sentence 'observed_at "<text>" <problem>'.  Shared by every importer.
CREATE OR REPLACE FUNCTION ecocomp._read_timestamptz(t text, assume_zone text,
                                                     OUT value timestamptz, OUT problem text)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m text[] := regexp_match(t, '^([0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?)[[:space:]]*(.*)$');
    zone text := m[2];
BEGIN
    -- The usual text, a possible date and time with an offset, Z, UTC or
    -- GMT, is read without an exception block (see _try_float8): a day
    -- every month has, or the 29th to 31st of a month that has it; hours
    -- 00-23; years 1000-2999; offsets below 15 hours.
    IF m[1] ~ '^[12][0-9]{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?)?$'
       AND (zone ~ '^(?:[Zz]|[+-](?:0[0-9]|1[0-4])(?::?[0-5][0-9])?)$' OR zone IN ('UTC', 'GMT')) THEN
        value := (m[1] || ' ' || zone)::timestamptz;
        RETURN;
    END IF;
    BEGIN
        IF m IS NULL THEN
            problem := 'is not an ISO 8601 date and time (YYYY-MM-DD hh:mm:ss with a zone)';
        ELSIF zone = '' THEN
            IF assume_zone IS NULL THEN
                PERFORM m[1]::timestamp;    -- an impossible date is reported as such
                problem := 'has no time zone';
            ELSE
                value := m[1]::timestamp AT TIME ZONE assume_zone;
            END IF;
        ELSIF zone ~ '^(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2}){0,2})$'
              OR zone IN ('UTC', 'GMT')
              OR zone ~ '^[A-Za-z_]+(?:/[A-Za-z_-]+)+$' THEN
            value := (m[1] || ' ' || zone)::timestamptz;
        ELSIF zone ~ '^(?:[A-Za-z]{3,}|<[+-]?[0-9A-Za-z]+>)[+-]?[0-9]{1,2}(?::[0-9]{2}){0,2}(?:[A-Za-z]{3,}.*)?$'
              OR zone ~ '^Etc/(?:GMT|UTC|UCT)[+-][0-9]{1,2}$' THEN
            problem := format('uses the POSIX time zone "%s", whose sign is the inverse of ISO 8601 (UTC+8 is 8 hours west of Greenwich); write an offset such as +08:00', zone);
        ELSIF zone ~ '^[A-Za-z]{2,6}$' THEN
            problem := format('uses the time zone abbreviation "%s", which can be ambiguous (CST is China, US Central or Cuba Standard Time); write an offset such as +08:00 or a zone name such as Asia/Shanghai', zone);
        ELSE
            problem := 'is not an ISO 8601 date and time (YYYY-MM-DD hh:mm:ss with a zone)';
        END IF;
        IF value IS NOT NULL AND NOT isfinite(value) THEN
            value := NULL;
            problem := 'is not a finite time';
        END IF;
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow
              OR invalid_parameter_value OR invalid_time_zone_displacement_value THEN
        value := NULL;
        problem := 'is not a valid timestamp';
    END;
END $$;
COMMENT ON FUNCTION ecocomp._read_timestamptz(text, text) IS
    'internal: strict ISO 8601 text to timestamptz, or the reason it cannot be read';

-- The readers of 0.1.0, kept for importers written against them; both now
-- go through _read_timestamptz, so they refuse what it refuses.
CREATE OR REPLACE FUNCTION ecocomp._try_timestamptz(t text, assume_zone text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (ecocomp._read_timestamptz(t, assume_zone)).value
$$;
COMMENT ON FUNCTION ecocomp._try_timestamptz(text, text) IS
    'internal: strict ISO 8601 text to timestamptz, reading zone-less text in assume_zone; NULL when invalid';

CREATE OR REPLACE FUNCTION ecocomp._has_time_zone(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT t ~ '(?:[Zz]|[+-][0-9]{1,2}(?::?[0-9]{2}){0,2}|[[:space:]][A-Za-z][A-Za-z_/+-]*[A-Za-z0-9])$'
       AND t !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
$$;
COMMENT ON FUNCTION ecocomp._has_time_zone(text) IS
    'internal: does a timestamp text end with a zone (Z, an offset or a zone name)';

-- A zone an importer may assume for zone-less times: a zone name, UTC or
-- GMT; never an abbreviation or a POSIX offset.
CREATE OR REPLACE FUNCTION ecocomp._check_assumed_zone(zone text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF zone IS NOT NULL
       AND NOT (zone IN ('UTC', 'GMT') OR (zone ~ '^[A-Za-z_]+(?:/[A-Za-z_-]+)+$'
                AND EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = zone))) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('unknown time zone "%s"', zone),
            DETAIL = 'assume_time_zone must be a zone name from pg_timezone_names, e.g. Asia/Shanghai, or UTC; abbreviations such as CST are ambiguous and POSIX offsets such as UTC+8 have an inverted sign.';
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._check_assumed_zone(text) IS
    'internal: raises 22023 unless a zone to assume is a zone name, UTC or GMT';

-- value × factor as float8, or NULL when the exact result is outside the
-- normal range of double precision (5e-324 µg/L is 5e-327 mg/L, which no
-- float8 can hold): the row is then quarantined instead of aborting the
-- whole import with 22003.
CREATE OR REPLACE FUNCTION ecocomp._convert_unit(raw double precision, factor numeric)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN r = 0 OR abs(r) BETWEEN 2.2250738585072014e-308 AND 1.7976931348623157e308
                THEN r::double precision END
    FROM (SELECT CASE WHEN raw IN ('NaN', 'Infinity', '-Infinity') THEN NULL
                      ELSE raw::numeric * factor END AS r) AS x
$$;
COMMENT ON FUNCTION ecocomp._convert_unit(double precision, numeric) IS
    'internal: exact unit conversion to float8; NULL when the result is outside the normal float8 range';

-- A staging table must have the columns an importer reads; the detail says
-- what the table needs (required and optional columns).
CREATE OR REPLACE FUNCTION ecocomp._require_staging_columns(staging regclass, required text[], needs text)
RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
    missing text[];
BEGIN
    SELECT array_agg(c ORDER BY n) INTO missing
    FROM unnest(required) WITH ORDINALITY AS r (c, n)
    WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = staging AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = r.c);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'undefined_column',
            MESSAGE = format('staging table %s lacks required columns', staging),
            DETAIL = format('Missing: %s. %s', array_to_string(missing, ', '), needs);
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._require_staging_columns(regclass, text[], text) IS
    'internal: raises 42703 naming the columns a staging table lacks';

-- The machinery every measurement importer shares (water: observation,
-- air: air_observation): read the staging rows as JSON, judge each one,
-- quarantine it with the first reason that applies, and insert the rest.
-- What differs between the media is said once, in the CASE at the top: the
-- site column and table, the target table, and the checks only one medium
-- has; the order of the checks, the unit conversion, the duplicate rules and
-- the handling of a concurrent import are common.
CREATE OR REPLACE FUNCTION ecocomp._import_measurements(staging regclass, assume_time_zone text, medium text)
RETURNS TABLE (accepted bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    site_col text;          -- the staging and target column naming the site
    site_table text;        -- where sites must exist
    site_word text;         -- the site in reasons
    target text;            -- the table loaded
    insert_cols text;       -- its columns, then the expressions filling them
    insert_vals text;
    time_checks text;       -- reasons after the time is read
    value_checks text;      -- reasons after the value is read, before units
    converted_checks text;  -- reasons on the converted value
BEGIN
    CASE medium
    WHEN 'water' THEN
        site_col := 'section_code'; site_table := 'ecocomp.section'; site_word := 'section';
        target := 'ecocomp.observation';
        PERFORM ecocomp._require_staging_columns(staging, ARRAY['section_code', 'parameter', 'observed_at', 'value'],
            'A staging table needs section_code, parameter, observed_at and value; censored, unit and source are optional.');
        insert_cols := 'section_code, parameter, observed_at, value, censored, unit, source';
        insert_vals := 'site, parameter, observed_at, value, censored, NULL, source';
        time_checks := '';
        value_checks := $c$
                   WHEN c.censored_text IS NOT NULL AND c.censored_flag IS NULL
                       THEN format('censored "%s" is not a boolean', c.censored_text)$c$;
        converted_checks := $c$
                   WHEN c.value < 0 AND c.parameter <> 'water_temp' THEN format('negative value %s', c.value_text)
                   WHEN c.parameter = 'pH' AND c.value > 14 THEN format('pH %s is outside 0-14', c.value_text)$c$;
    WHEN 'air' THEN
        site_col := 'station_code'; site_table := 'ecocomp.air_station'; site_word := 'station';
        target := 'ecocomp.air_observation';
        PERFORM ecocomp._require_staging_columns(staging, ARRAY['station_code', 'parameter', 'observed_at', 'value'],
            'A staging table needs station_code, parameter, observed_at and value; unit and source are optional.');
        insert_cols := 'station_code, parameter, observed_at, value, source';
        insert_vals := 'site, parameter, observed_at, value, source';
        -- An hourly mean is stamped with the full hour that ends it; any
        -- other instant would fall between two hours of air_daily's day.
        time_checks := $c$
                   WHEN c.observed_at <> date_trunc('hour', c.observed_at, 'UTC')
                       THEN format('observed_at "%s" is not on the hour: a 1-hour mean is stamped with the full hour that ends it', c.ts_text)$c$;
        value_checks := $c$
                   WHEN c.censored_text IS NOT NULL AND c.censored_flag IS NULL
                       THEN format('censored "%s" is not a boolean', c.censored_text)
                   WHEN c.lt_notation OR c.censored_flag
                       THEN format('value "%s" is a non-detect: air_observation holds measured 1-hour means only', c.value_text)$c$;
        converted_checks := $c$
                   WHEN c.value < 0 THEN format('negative value %s', c.value_text)$c$;
    END CASE;

    PERFORM ecocomp._check_assumed_zone(assume_time_zone);

    RETURN QUERY EXECUTE format($q$
    WITH src AS (
        SELECT to_jsonb(s) AS raw FROM %1$s AS s
    ), fields AS (
        SELECT raw,
               nullif(btrim(raw->>%2$L), '') AS site,
               nullif(btrim(raw->>'parameter'), '') AS parameter,
               nullif(btrim(raw->>'observed_at'), '') AS ts_text,
               nullif(btrim(raw->>'value'), '') AS value_text,
               nullif(btrim(raw->>'censored'), '') AS censored_text,
               nullif(btrim(raw->>'unit'), '') AS unit,
               raw->>'source' AS source
        FROM src
    ), parsed AS (
        SELECT f.*,
               t.value AS observed_at, t.problem AS ts_problem,
               -- '<0.02' is a non-detect with detection limit 0.02
               ecocomp._try_float8(CASE WHEN f.value_text LIKE '<%%'
                                        THEN btrim(substr(f.value_text, 2))
                                        ELSE f.value_text END) AS raw_value,
               (f.value_text LIKE '<%%') AS lt_notation,
               ecocomp._try_boolean(f.censored_text) AS censored_flag,
               p.code AS known_parameter, p.unit AS canonical_unit, p.medium AS parameter_medium,
               s.code AS known_site,
               u.factor
        FROM fields f
        LEFT JOIN LATERAL ecocomp._read_timestamptz(f.ts_text, $1) AS t ON true
        LEFT JOIN ecocomp.parameter p ON p.code = f.parameter
        LEFT JOIN %3$s s ON s.code = f.site
        LEFT JOIN ecocomp.unit_conversion u
               ON u.unit = coalesce(f.unit, p.unit) AND u.canonical = p.unit
    ), converted AS (
        SELECT pr.*,
               -- numeric arithmetic: 350 µg/L is exactly 0.35 mg/L
               ecocomp._convert_unit(pr.raw_value, coalesce(pr.factor, 1)) AS value,
               coalesce(pr.censored_flag, false) OR pr.lt_notation AS censored
        FROM parsed pr
    ), judged AS (
        SELECT c.*,
               CASE
                   WHEN c.site IS NULL THEN %2$L || ' is missing'
                   WHEN c.known_site IS NULL THEN format('unknown %4$s "%%s"', c.site)
                   WHEN c.parameter IS NULL THEN 'parameter is missing'
                   WHEN c.known_parameter IS NULL THEN format('unknown parameter "%%s"', c.parameter)
                   WHEN c.parameter_medium <> %5$L
                       THEN format('parameter "%%s" is measured in %%s, not %5$s: it belongs in %%s',
                                   c.parameter, c.parameter_medium,
                                   CASE c.parameter_medium WHEN 'water' THEN 'observation'
                                                           ELSE c.parameter_medium || '_observation' END)
                   WHEN c.ts_text IS NULL THEN 'observed_at is missing'
                   WHEN c.observed_at IS NULL THEN format('observed_at "%%s" %%s', c.ts_text, c.ts_problem)%6$s
                   WHEN c.value_text IS NULL THEN 'value is missing'
                   WHEN c.raw_value IS NULL THEN format('value "%%s" is not a number', c.value_text)
                   WHEN c.raw_value IN ('NaN', 'Infinity', '-Infinity') THEN format('value "%%s" is not finite', c.value_text)%7$s
                   WHEN c.factor IS NULL THEN format('unknown unit "%%s" for parameter %%s (canonical unit %%s)',
                                                     c.unit, c.parameter, c.canonical_unit)
                   WHEN c.value IS NULL THEN format('value %%s%%s is outside the range of double precision in %%s',
                                                    c.value_text, coalesce(' ' || c.unit, ''), c.canonical_unit)%8$s
               END AS reason
        FROM converted c
    ), existing AS (
        -- the keys already stored; a semi-join rather than a correlated
        -- EXISTS per row, which Citus cannot run against a distributed table
        SELECT o.%10$I AS site, o.parameter, o.observed_at
        FROM %9$s o
        WHERE (o.%10$I, o.parameter, o.observed_at) IN
              (SELECT j.site, j.parameter, j.observed_at FROM judged j WHERE j.reason IS NULL)
    ), keyed AS (
        SELECT j.*,
               CASE WHEN j.reason IS NULL THEN
                   count(*) FILTER (WHERE j.reason IS NULL)
                       OVER (PARTITION BY j.site, j.parameter, j.observed_at)
               END AS copies,
               e.site IS NOT NULL AS exists_already
        FROM judged j
        LEFT JOIN existing e
               ON e.site = j.site AND e.parameter = j.parameter AND e.observed_at = j.observed_at
    ), final AS (
        SELECT k.*,
               coalesce(k.reason,
                        CASE WHEN k.copies > 1 THEN format('duplicate key: %%s rows for %4$s %%s, %%s at %%s',
                                                          k.copies, k.site, k.parameter, k.observed_at)
                             WHEN k.exists_already THEN format('observation already exists for %4$s %%s, %%s at %%s',
                                                              k.site, k.parameter, k.observed_at)
                        END) AS final_reason
        FROM keyed k
    ), rejected AS (
        INSERT INTO ecocomp.observation_reject (staging, raw, reason)
        SELECT %11$L, raw, final_reason FROM final WHERE final_reason IS NOT NULL
        RETURNING 1
    ), accepted AS (
        -- A concurrent import may commit the same key after this statement's
        -- snapshot: ON CONFLICT waits for it and skips the row, which is then
        -- quarantined below instead of failing the whole batch with 23505.
        INSERT INTO %9$s (%12$s)
        SELECT %13$s
        FROM final WHERE final_reason IS NULL
        ON CONFLICT (%10$I, parameter, observed_at) DO NOTHING
        RETURNING %10$I AS site, parameter, observed_at
    ), raced AS (
        INSERT INTO ecocomp.observation_reject (staging, raw, reason)
        SELECT %11$L, f.raw,
               format('observation already exists for %4$s %%s, %%s at %%s (loaded by another transaction during this import)',
                      f.site, f.parameter, f.observed_at)
        FROM final f
        WHERE f.final_reason IS NULL
          AND NOT EXISTS (SELECT 1 FROM accepted a
                          WHERE a.site = f.site AND a.parameter = f.parameter
                            AND a.observed_at = f.observed_at)
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM accepted), (SELECT count(*) FROM rejected) + (SELECT count(*) FROM raced)
    $q$, staging, site_col, site_table, site_word, medium, time_checks, value_checks, converted_checks,
         target, site_col, staging::text, insert_cols, insert_vals)
    USING assume_time_zone;
END $$;
COMMENT ON FUNCTION ecocomp._import_measurements(regclass, text, text) IS
    'internal: loads a staging table of water or air measurements, quarantining every row that cannot be loaded in observation_reject with its reason';

CREATE OR REPLACE FUNCTION ecocomp.import_observations(staging regclass,
                                            assume_time_zone text DEFAULT NULL)
RETURNS TABLE (accepted bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RETURN QUERY SELECT * FROM ecocomp._import_measurements(staging, assume_time_zone, 'water');
END $$;
COMMENT ON FUNCTION ecocomp.import_observations(regclass, text) IS
    'Loads a staging table (section_code, parameter, observed_at, value [, censored, unit, source]) into observation, converting units; every row that cannot be loaded goes to observation_reject with its reason';

-- Ambient air: the six pollutants of GB 3095-2012 in the catalogue with
-- their limits, stations and hourly observations, HJ 633-2012 indices,
-- daily values with GB 3095 validity, and city values per HJ 663-2013.
-- Formulas, units and sources: docs/air.md.  Kernel: src/core/air.c.

INSERT INTO ecocomp.parameter (code, name_en, name_zh, unit, kind, evaluated, builtin, medium) VALUES
    ('PM2.5', 'fine particulate matter (PM2.5)', '细颗粒物（PM2.5）',  'µg/m³', 'upper', false, true, 'air'),
    ('PM10',  'particulate matter (PM10)',       '可吸入颗粒物（PM10）', 'µg/m³', 'upper', false, true, 'air'),
    ('SO2',   'sulfur dioxide',                  '二氧化硫',           'µg/m³', 'upper', false, true, 'air'),
    ('NO2',   'nitrogen dioxide',                '二氧化氮',           'µg/m³', 'upper', false, true, 'air'),
    ('O3',    'ozone (1-hour mean)',             '臭氧（1小时平均）',  'µg/m³', 'upper', false, true, 'air'),
    ('CO',    'carbon monoxide',                 '一氧化碳',           'mg/m³', 'upper', false, true, 'air')
ON CONFLICT DO NOTHING;

-- Air units: per parameter, because CO is kept in mg/m³ and the others in µg/m³.
INSERT INTO ecocomp.unit_conversion (unit, canonical, factor, builtin) VALUES
    ('µg/m³', 'µg/m³', 1,     true),   -- U+00B5 micro sign
    ('μg/m³', 'µg/m³', 1,     true),   -- U+03BC Greek mu
    ('µg/m3', 'µg/m³', 1,     true),
    ('μg/m3', 'µg/m³', 1,     true),
    ('ug/m3', 'µg/m³', 1,     true),
    ('mg/m³', 'µg/m³', 1000,  true),
    ('mg/m3', 'µg/m³', 1000,  true),
    ('mg/m³', 'mg/m³', 1,     true),
    ('mg/m3', 'mg/m³', 1,     true),
    ('µg/m³', 'mg/m³', 0.001, true),
    ('μg/m³', 'mg/m³', 0.001, true),
    ('µg/m3', 'mg/m³', 0.001, true),
    ('μg/m3', 'mg/m³', 0.001, true),
    ('ug/m3', 'mg/m³', 0.001, true)
ON CONFLICT DO NOTHING;

-- GB 3095-2012 Table 1: grade I (class 1 areas: nature reserves, scenic
-- areas) and grade II (class 2 areas: residential, commercial, industrial)
-- limits by averaging time.
CREATE TABLE IF NOT EXISTS ecocomp.gb3095_limit (
    parameter  text NOT NULL REFERENCES ecocomp.parameter (code) ON UPDATE CASCADE,
    averaging  text NOT NULL CHECK (averaging IN ('annual', '24h', '8h', '1h')),
    grade_i    double precision NOT NULL CHECK (grade_i > 0),
    grade_ii   double precision NOT NULL CHECK (grade_ii >= grade_i),
    PRIMARY KEY (parameter, averaging)
);
COMMENT ON TABLE ecocomp.gb3095_limit IS
    'GB 3095-2012 Table 1 concentration limits of the air pollutants by averaging time, grade I and grade II, in the parameter''s unit';
COMMENT ON COLUMN ecocomp.gb3095_limit.averaging IS 'annual, 24h (daily mean), 8h (daily maximum 8-hour mean, O3) or 1h';
COMMENT ON COLUMN ecocomp.gb3095_limit.grade_i IS 'grade I limit (class 1 areas)';
COMMENT ON COLUMN ecocomp.gb3095_limit.grade_ii IS 'grade II limit (class 2 areas: the limit cities are assessed against)';
INSERT INTO ecocomp.gb3095_limit (parameter, averaging, grade_i, grade_ii) VALUES
    ('SO2',   'annual', 20,  60),
    ('SO2',   '24h',    50,  150),
    ('SO2',   '1h',     150, 500),
    ('NO2',   'annual', 40,  40),
    ('NO2',   '24h',    80,  80),
    ('NO2',   '1h',     200, 200),
    ('CO',    '24h',    4,   4),
    ('CO',    '1h',     10,  10),
    ('O3',    '8h',     100, 160),
    ('O3',    '1h',     160, 200),
    ('PM10',  'annual', 40,  70),
    ('PM10',  '24h',    50,  150),
    ('PM2.5', 'annual', 15,  35),
    ('PM2.5', '24h',    35,  75)
ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS ecocomp.air_station (
    code              text PRIMARY KEY CHECK (code <> ''),
    name              text,
    name_zh           text,
    geom              geometry(Point, 4326) CHECK (geom IS NULL OR NOT ST_IsEmpty(geom)),
    jurisdiction_code text REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    network           text CHECK (network IN ('national', 'provincial', 'county'))
);
CREATE INDEX IF NOT EXISTS air_station_geom_idx ON ecocomp.air_station USING gist (geom);
CREATE INDEX IF NOT EXISTS air_station_jurisdiction_idx ON ecocomp.air_station (jurisdiction_code);
COMMENT ON TABLE ecocomp.air_station IS
    'Ambient air monitoring stations and the jurisdiction each reports for';
COMMENT ON COLUMN ecocomp.air_station.code IS 'station code, e.g. the national platform''s 1001A';
COMMENT ON COLUMN ecocomp.air_station.geom IS 'location: a Point in WGS 84 (EPSG:4326)';
COMMENT ON COLUMN ecocomp.air_station.jurisdiction_code IS
    'the jurisdiction (city) the station reports for; when NULL on write, the prefecture whose polygon contains the point, else the lowest level there is';
COMMENT ON COLUMN ecocomp.air_station.network IS 'national, provincial or county monitoring network';

-- A station without a jurisdiction reports for the prefecture containing
-- it; where no prefecture does, for the most local jurisdiction there is.
CREATE OR REPLACE FUNCTION ecocomp._air_station_jurisdiction() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.jurisdiction_code IS NULL AND NEW.geom IS NOT NULL THEN
        SELECT j.code INTO NEW.jurisdiction_code
        FROM ecocomp.jurisdiction j
        WHERE j.geom OPERATOR(@postgis@.&&) NEW.geom
          AND @postgis@.ST_Covers(j.geom, NEW.geom)
        ORDER BY CASE j.level WHEN 'prefecture' THEN 0 WHEN 'county' THEN 1
                              WHEN 'other' THEN 2 ELSE 3 END, j.code
        LIMIT 1;
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION ecocomp._air_station_jurisdiction() IS
    'internal: fills air_station.jurisdiction_code from the point (prefecture first, else the most local level)';
DROP TRIGGER IF EXISTS air_station_jurisdiction ON ecocomp.air_station;
CREATE TRIGGER air_station_jurisdiction BEFORE INSERT OR UPDATE OF geom, jurisdiction_code
    ON ecocomp.air_station
    FOR EACH ROW EXECUTE FUNCTION ecocomp._air_station_jurisdiction();

CREATE TABLE IF NOT EXISTS ecocomp.air_observation (
    station_code text NOT NULL REFERENCES ecocomp.air_station (code) ON UPDATE CASCADE,
    parameter    text NOT NULL REFERENCES ecocomp.parameter (code) ON UPDATE CASCADE
                 CHECK (parameter IN ('PM2.5', 'PM10', 'SO2', 'NO2', 'O3', 'CO')),
    observed_at  timestamptz NOT NULL CHECK (isfinite(observed_at)),
    value        double precision NOT NULL
                 CHECK (value >= 0 AND value < 'Infinity' AND value <> 'NaN'),
    source       text,
    PRIMARY KEY (station_code, parameter, observed_at)
);
-- hourly data arrives in time order: a BRIN index finds a period cheaply
CREATE INDEX IF NOT EXISTS air_observation_time_idx ON ecocomp.air_observation
    USING brin (observed_at);
COMMENT ON TABLE ecocomp.air_observation IS
    'Hourly air quality: one 1-hour mean per station, pollutant and hour, µg/m³ (CO mg/m³)';
COMMENT ON COLUMN ecocomp.air_observation.observed_at IS 'the END of the one-hour averaging period (an hour ending at 00:00 belongs to the previous day)';
COMMENT ON COLUMN ecocomp.air_observation.value IS '1-hour mean in µg/m³; CO in mg/m³';
COMMENT ON COLUMN ecocomp.air_observation.source IS 'free text: platform, network, file';

SELECT pg_catalog.pg_extension_config_dump('ecocomp.air_station', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.air_observation', '');

-- The validating importer: the water importer's machinery (20_import.sql)
-- with stations for sections, hour-ending times and the air units.
CREATE OR REPLACE FUNCTION ecocomp.import_air_observations(staging regclass)
RETURNS TABLE (accepted bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RETURN QUERY SELECT * FROM ecocomp._import_measurements(staging, NULL, 'air');
END $$;
COMMENT ON FUNCTION ecocomp.import_air_observations(regclass) IS
    'Loads a staging table (station_code, parameter, observed_at, value [, unit, source]) of hourly air values into air_observation, converting µg/m³ and mg/m³ per pollutant; every row that cannot be loaded goes to observation_reject with its reason';

-- Indices and categories (HJ 633-2012).
CREATE OR REPLACE FUNCTION ecocomp.iaqi(parameter text, value double precision, averaging text)
RETURNS double precision
AS 'MODULE_PATHNAME', 'ecocomp_iaqi'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp.iaqi(text, double precision, text) IS
    'Individual air quality index of HJ 633-2012 Table 1 (averaging ''24h'', ''1h'' or ''8h''), linear between breakpoints and rounded up; NULL for SO2 1-hour and O3 8-hour above 800 µg/m³, 500 above the top of the other rows';

CREATE OR REPLACE FUNCTION ecocomp.aqi_category(aqi integer, lang text DEFAULT 'zh')
RETURNS text
AS 'MODULE_PATHNAME', 'ecocomp_aqi_category'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp.aqi_category(integer, text) IS
    'AQI category of HJ 633-2012: 优, 良, 轻度污染, 中度污染, 重度污染, 严重污染 (lang ''en'': excellent, good, lightly, moderately, heavily, severely polluted)';

CREATE OR REPLACE FUNCTION ecocomp._air_day_mean(sum double precision, n bigint)
RETURNS double precision
AS 'MODULE_PATHNAME', 'ecocomp_air_day_mean'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._air_day_mean(double precision, bigint) IS
    'internal: the 24-hour mean sum / n, NULL with fewer than 20 hourly values (GB 3095-2012)';

-- The ozone day: 24 hourly slots in, {hours, max 1-hour, 8-hour windows,
-- max 8-hour} out.
CREATE OR REPLACE FUNCTION ecocomp._air_o3_accum(double precision[], integer, double precision)
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_air_o3_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._air_o3_accum(double precision[], integer, double precision) IS
    'internal: transition function of _air_o3_day';
CREATE OR REPLACE FUNCTION ecocomp._air_o3_combine(double precision[], double precision[])
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_air_o3_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._air_o3_combine(double precision[], double precision[]) IS
    'internal: combine function of _air_o3_day';
CREATE OR REPLACE FUNCTION ecocomp._air_o3_final(double precision[])
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_air_o3_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._air_o3_final(double precision[]) IS
    'internal: final function of _air_o3_day';
CREATE OR REPLACE AGGREGATE ecocomp._air_o3_day(hour_slot integer, value double precision) (
    SFUNC = ecocomp._air_o3_accum,
    STYPE = double precision[],
    COMBINEFUNC = ecocomp._air_o3_combine,
    FINALFUNC = ecocomp._air_o3_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp._air_o3_day(integer, double precision) IS
    'internal: the ozone values of a station day from its hourly values (slot h = the hour ending at h + 1 o''clock): {hourly values, maximum 1-hour value (NULL under 20 values), valid 8-hour windows, maximum 8-hour mean (NULL under 14 windows)}';

-- The percentile of HJ 663-2013.
CREATE OR REPLACE FUNCTION ecocomp._hj663_accum(double precision[], double precision, double precision)
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_hj663_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._hj663_accum(double precision[], double precision, double precision) IS
    'internal: transition function of _hj663_percentile';
CREATE OR REPLACE FUNCTION ecocomp._hj663_combine(double precision[], double precision[])
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_hj663_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._hj663_combine(double precision[], double precision[]) IS
    'internal: combine function of _hj663_percentile';
CREATE OR REPLACE FUNCTION ecocomp._hj663_final(double precision[])
RETURNS double precision
AS 'MODULE_PATHNAME', 'ecocomp_hj663_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._hj663_final(double precision[]) IS
    'internal: final function of _hj663_percentile';
CREATE OR REPLACE AGGREGATE ecocomp._hj663_percentile(value double precision, p double precision) (
    SFUNC = ecocomp._hj663_accum,
    STYPE = double precision[],
    COMBINEFUNC = ecocomp._hj663_combine,
    FINALFUNC = ecocomp._hj663_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp._hj663_percentile(double precision, double precision) IS
    'internal: the p-th percentile (0-1) of HJ 663-2013: k = 1 + (n - 1)·p over the sorted values, linear between neighbours';

-- Argument checks shared by the air functions: a bounded period, a known
-- time zone and, where asked, a period unit.  Returns the unit's step.
CREATE OR REPLACE FUNCTION ecocomp._air_check(period daterange, tz text, unit text DEFAULT 'day')
RETURNS interval
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    step interval := CASE unit WHEN 'day' THEN interval '1 day' ELSE ecocomp._unit_step(unit) END;
BEGIN
    IF step IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('invalid period unit "%s"', unit),
            DETAIL = 'The period unit must be "day", "month", "quarter" or "year".';
    END IF;
    IF period IS NULL OR lower_inf(period) OR upper_inf(period) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'air period must be bounded',
            DETAIL = format('The period %s has no lower or no upper bound.', coalesce(period::text, 'NULL'));
    END IF;
    BEGIN
        PERFORM pg_catalog.timezone(tz, timestamptz '2000-01-01 00:00+00');
    EXCEPTION WHEN invalid_parameter_value OR feature_not_supported THEN
        tz := NULL;
    END;
    IF tz IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('invalid time zone "%s"', $2),
            DETAIL = 'The time zone must be a name known to PostgreSQL, such as "Asia/Shanghai".';
    END IF;
    RETURN step;
END $$;
COMMENT ON FUNCTION ecocomp._air_check(daterange, text, text) IS
    'internal: checks the period, time zone and period unit of an air function; the unit''s length';

CREATE OR REPLACE FUNCTION ecocomp.air_daily(period daterange, tz text DEFAULT 'Asia/Shanghai')
RETURNS TABLE (station_code text, jurisdiction_code text, day date, parameter text,
               value double precision, n_values integer, iaqi double precision)
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
#variable_conflict use_column
DECLARE
    t0 timestamptz;
    t1 timestamptz;
BEGIN
    PERFORM ecocomp._air_check($1, $2);
    IF isempty($1) THEN
        RETURN;
    END IF;
    -- local days [lower, upper) hold the hours ending in (lower 00:00, upper
    -- 00:00]; the bounds are computed once, not per row
    t0 := lower($1)::timestamp AT TIME ZONE $2;
    t1 := upper($1)::timestamp AT TIME ZONE $2;
    RETURN QUERY
    WITH d AS (
        SELECT o.station_code AS st, o.parameter AS par,
               ((o.observed_at AT TIME ZONE $2) - interval '1 hour')::date AS dy,
               count(*) AS n, sum(o.value) AS s,
               ecocomp._air_o3_day(extract(hour FROM (o.observed_at AT TIME ZONE $2) - interval '1 hour')::int,
                                   o.value) FILTER (WHERE o.parameter = 'O3') AS o3
        FROM ecocomp.air_observation o
        WHERE o.observed_at > t0 AND o.observed_at <= t1
        GROUP BY 1, 2, 3)
    SELECT d.st, s.jurisdiction_code, d.dy, x.par, x.v, x.n,
           ecocomp.iaqi(d.par, x.v, x.avg)
    FROM d
    JOIN ecocomp.air_station s ON s.code = d.st
    CROSS JOIN LATERAL (
        SELECT d.par AS par, ecocomp._air_day_mean(d.s, d.n) AS v, d.n::int AS n, '24h' AS avg
        WHERE d.par <> 'O3'
        UNION ALL
        SELECT 'O3', d.o3[2], d.o3[1]::int, '1h' WHERE d.par = 'O3'
        UNION ALL
        SELECT 'O3_8h', d.o3[4], d.o3[3]::int, '8h' WHERE d.par = 'O3') x
    ORDER BY 1, 3, 4;
END $$;
COMMENT ON FUNCTION ecocomp.air_daily(daterange, text) IS
    'Per station, local day and parameter: the 24-hour mean (NULL under 20 hourly values), for O3 the maximum 1-hour value and as O3_8h the maximum 8-hour moving mean of windows ending 08:00-24:00 (6 hours a window, 14 windows a day); n_values counts hours (windows for O3_8h); iaqi per HJ 633-2012';

-- AQI of a day from its seven daily indicators; a day needs a valid value
-- of each of the six pollutants (O3 by its 1-hour or its 8-hour value).
CREATE OR REPLACE FUNCTION ecocomp._air_day_aqi(parameters text[], iaqis double precision[],
                                                vals double precision[], lang text DEFAULT 'zh')
RETURNS TABLE (aqi double precision, category text, primary_pollutant text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH x AS (SELECT p, i, v FROM unnest($1, $2, $3) AS u (p, i, v) WHERE v IS NOT NULL),
    ok AS (SELECT count(DISTINCT CASE WHEN p = 'O3_8h' THEN 'O3' ELSE p END) = 6 AS complete,
                  max(i) AS top FROM x)
    SELECT ok.top, ecocomp.aqi_category(ok.top::int, $4),
           CASE WHEN ok.top > 50 THEN (SELECT string_agg(x.p, ',' ORDER BY x.p) FROM x WHERE x.i = ok.top) END
    FROM ok WHERE ok.complete
$$;
COMMENT ON FUNCTION ecocomp._air_day_aqi(text[], double precision[], double precision[], text) IS
    'internal: AQI (the largest IAQI), category and primary pollutants (AQI > 50) of a day; no row unless all six pollutants have a valid daily value';

CREATE OR REPLACE FUNCTION ecocomp.air_daily_aqi(period daterange, tz text DEFAULT 'Asia/Shanghai')
RETURNS TABLE (station_code text, jurisdiction_code text, day date, aqi double precision,
               category text, primary_pollutant text)
LANGUAGE sql STABLE PARALLEL UNSAFE AS $$
    SELECT d.station_code, d.jurisdiction_code, d.day, a.aqi, a.category, a.primary_pollutant
    FROM (SELECT x.station_code, x.jurisdiction_code, x.day,
                 array_agg(x.parameter) AS ps, array_agg(x.iaqi) AS ii, array_agg(x.value) AS vs
          FROM ecocomp.air_daily($1, $2) x
          GROUP BY 1, 2, 3) d
    CROSS JOIN LATERAL ecocomp._air_day_aqi(d.ps, d.ii, d.vs) a
    ORDER BY 1, 3
$$;
COMMENT ON FUNCTION ecocomp.air_daily_aqi(daterange, text) IS
    'Per station and local day with a valid daily value of all six pollutants: the AQI of HJ 633-2012 (largest IAQI of PM2.5, PM10, SO2, NO2, CO 24-hour, O3 1-hour and 8-hour), its category and the primary pollutants (AQI > 50)';

-- City days: every jurisdiction a station reports for and that one's
-- ancestors through parent_code get the mean of their stations' valid
-- daily values.
CREATE OR REPLACE FUNCTION ecocomp._air_city_days(period daterange, tz text)
RETURNS TABLE (code text, day date, parameter text, value double precision)
LANGUAGE sql STABLE PARALLEL UNSAFE AS $$
    WITH RECURSIVE up (station_code, code) AS (
        SELECT s.code, s.jurisdiction_code FROM ecocomp.air_station s
        WHERE s.jurisdiction_code IS NOT NULL
        UNION
        SELECT u.station_code, j.parent_code
        FROM up u JOIN ecocomp.jurisdiction j ON j.code = u.code
        WHERE j.parent_code IS NOT NULL)
    SELECT u.code, d.day, d.parameter, avg(d.value)
    FROM ecocomp.air_daily($1, $2) d
    JOIN up u ON u.station_code = d.station_code
    WHERE d.value IS NOT NULL
    GROUP BY 1, 2, 3
$$;
COMMENT ON FUNCTION ecocomp._air_city_days(daterange, text) IS
    'internal: per jurisdiction (with every ancestor), local day and parameter the mean of its stations'' valid daily values';

CREATE OR REPLACE FUNCTION ecocomp.air_assessment(period daterange, unit text DEFAULT 'month',
                                                  tz text DEFAULT 'Asia/Shanghai')
RETURNS TABLE (code text, unit_period daterange, parameter text, value double precision,
               valid_days integer)
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
#variable_conflict use_column
DECLARE
    step interval := ecocomp._air_check($1, $3, $2);
BEGIN
    IF isempty($1) THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT c.code,
           daterange(greatest(date_trunc($2, c.day)::date, lower($1)),
                     least((date_trunc($2, c.day) + step)::date, upper($1))),
           c.parameter,
           CASE c.parameter
               WHEN 'O3_8h' THEN ecocomp._hj663_percentile(c.value, 0.90) FILTER (WHERE c.parameter = 'O3_8h')
               WHEN 'CO' THEN ecocomp._hj663_percentile(c.value, 0.95) FILTER (WHERE c.parameter = 'CO')
               ELSE avg(c.value) END,
           count(*)::int
    FROM ecocomp._air_city_days($1, $3) c
    WHERE c.parameter <> 'O3'
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3;
END $$;
COMMENT ON FUNCTION ecocomp.air_assessment(daterange, text, text) IS
    'Per jurisdiction (stations roll up through parent_code), period unit clipped to the period, and parameter: the HJ 663-2013 value over the valid days (PM2.5, PM10, SO2, NO2 mean of daily values; O3_8h 90th percentile of daily maximum 8-hour means; CO 95th percentile of daily means) and the number of valid days';

CREATE OR REPLACE FUNCTION ecocomp.air_day_counts(period daterange, unit text DEFAULT 'month',
                                                  tz text DEFAULT 'Asia/Shanghai')
RETURNS TABLE (code text, unit_period daterange, valid_days integer, good_days integer,
               good_day_ratio double precision, heavy_days integer)
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
#variable_conflict use_column
DECLARE
    step interval := ecocomp._air_check($1, $3, $2);
BEGIN
    IF isempty($1) THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH days AS (
        SELECT c.code, c.day, a.aqi
        FROM (SELECT x.code, x.day, array_agg(x.parameter) AS ps,
                     array_agg(ecocomp.iaqi(CASE x.parameter WHEN 'O3_8h' THEN 'O3' ELSE x.parameter END,
                                            x.value,
                                            CASE x.parameter WHEN 'O3' THEN '1h' WHEN 'O3_8h' THEN '8h' ELSE '24h' END)) AS ii,
                     array_agg(x.value) AS vs
              FROM ecocomp._air_city_days($1, $3) x
              GROUP BY 1, 2) c
        CROSS JOIN LATERAL ecocomp._air_day_aqi(c.ps, c.ii, c.vs) a)
    SELECT d.code,
           daterange(greatest(date_trunc($2, d.day)::date, lower($1)),
                     least((date_trunc($2, d.day) + step)::date, upper($1))),
           count(*)::int,
           count(*) FILTER (WHERE d.aqi <= 100)::int,
           (count(*) FILTER (WHERE d.aqi <= 100))::float8 / count(*),
           count(*) FILTER (WHERE d.aqi > 200)::int
    FROM days d
    GROUP BY 1, 2
    ORDER BY 1, 2;
END $$;
COMMENT ON FUNCTION ecocomp.air_day_counts(daterange, text, text) IS
    'Per jurisdiction and period unit: days with a valid AQI (all six pollutants), good days (AQI <= 100), their share, and heavily polluted days (AQI > 200); a city day''s AQI comes from its daily values (means over its stations)';

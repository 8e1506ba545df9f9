-- Assessment: per section, parameter and calendar period, the means, classes,
-- compliance figures and pollutant loads the compensation rules use.
-- Formulas, units and sources: docs/assessment.md.

-- The length of a calendar period unit (NULL for anything else).
CREATE OR REPLACE FUNCTION ecocomp._unit_step(unit text)
RETURNS interval
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE unit WHEN 'month' THEN interval '1 month'
                     WHEN 'quarter' THEN interval '3 months'
                     WHEN 'year' THEN interval '1 year' END
$$;
COMMENT ON FUNCTION ecocomp._unit_step(text) IS
    'internal: the length of a period unit: month, quarter or year; NULL for any other text';

CREATE OR REPLACE FUNCTION ecocomp.nd_value(value double precision, censored boolean,
                                 rule text DEFAULT 'half')
RETURNS double precision
AS 'MODULE_PATHNAME', 'ecocomp_nd_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp.nd_value(double precision, boolean, text) IS
    'Value used for an observation in means and loads: the value itself, or for a non-detect (value = detection limit) half the limit (''half''), the limit (''limit'') or 0 (''zero'')';

-- flow_weighted_mean: state {Σ C·Q, Σ Q, n}.
CREATE OR REPLACE FUNCTION ecocomp._fwm_accum(double precision[], double precision, double precision)
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_fwm_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._fwm_accum(double precision[], double precision, double precision) IS
    'internal: transition function of flow_weighted_mean';
CREATE OR REPLACE FUNCTION ecocomp._fwm_combine(double precision[], double precision[])
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_fwm_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._fwm_combine(double precision[], double precision[]) IS
    'internal: combine function of flow_weighted_mean';
CREATE OR REPLACE FUNCTION ecocomp._fwm_final(double precision[])
RETURNS double precision
AS 'MODULE_PATHNAME', 'ecocomp_fwm_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._fwm_final(double precision[]) IS
    'internal: final function of flow_weighted_mean';

CREATE OR REPLACE AGGREGATE ecocomp.flow_weighted_mean(conc double precision, flow double precision) (
    SFUNC = ecocomp._fwm_accum,
    STYPE = double precision[],
    INITCOND = '{0,0,0}',
    COMBINEFUNC = ecocomp._fwm_combine,
    FINALFUNC = ecocomp._fwm_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp.flow_weighted_mean(double precision, double precision) IS
    'Flow-weighted mean concentration Σ C·Q / Σ Q over rows with both values; NULL when Σ Q = 0';

-- Load aggregates: the state collects (time, concentration, flow) samples;
-- the final functions sort them, interpolate flows and integrate.
CREATE OR REPLACE FUNCTION ecocomp._series_accum(double precision[], timestamptz,
                                      double precision, double precision)
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_series_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._series_accum(double precision[], timestamptz, double precision, double precision) IS
    'internal: transition function of load_kg';
CREATE OR REPLACE FUNCTION ecocomp._series_accum(double precision[], timestamptz,
                                      double precision, double precision, double precision)
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_series_accum_limit'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._series_accum(double precision[], timestamptz, double precision, double precision, double precision) IS
    'internal: transition function of exceedance_load_kg';
CREATE OR REPLACE FUNCTION ecocomp._series_accum(double precision[], timestamptz,
                                      double precision, double precision, tstzrange)
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_series_accum_period'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._series_accum(double precision[], timestamptz, double precision, double precision, tstzrange) IS
    'internal: transition function of load_kg and beale_load_kg over a period';
CREATE OR REPLACE FUNCTION ecocomp._series_accum(double precision[], timestamptz,
                                      double precision, double precision, double precision,
                                      tstzrange)
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_series_accum_limit_period'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._series_accum(double precision[], timestamptz, double precision, double precision, double precision, tstzrange) IS
    'internal: transition function of exceedance_load_kg over a period';
CREATE OR REPLACE FUNCTION ecocomp._series_combine(double precision[], double precision[])
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_series_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._series_combine(double precision[], double precision[]) IS
    'internal: combine function of the load aggregates (concatenates the samples)';
CREATE OR REPLACE FUNCTION ecocomp._load_final(double precision[])
RETURNS double precision
AS 'MODULE_PATHNAME', 'ecocomp_load_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._load_final(double precision[]) IS
    'internal: final function of load_kg and exceedance_load_kg (interval method)';
CREATE OR REPLACE FUNCTION ecocomp._beale_final(double precision[])
RETURNS double precision
AS 'MODULE_PATHNAME', 'ecocomp_beale_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._beale_final(double precision[]) IS
    'internal: final function of beale_load_kg';

CREATE OR REPLACE AGGREGATE ecocomp.load_kg(observed_at timestamptz, conc_mg_l double precision,
                                 flow_m3s double precision) (
    SFUNC = ecocomp._series_accum,
    STYPE = double precision[],
    COMBINEFUNC = ecocomp._series_combine,
    FINALFUNC = ecocomp._load_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp.load_kg(timestamptz, double precision, double precision) IS
    'Load in kg carried from the first to the last concentration sample: interval method on C·Q, flow interpolated linearly at the concentration times; rows may carry a concentration, a flow or both';

CREATE OR REPLACE AGGREGATE ecocomp.load_kg(observed_at timestamptz, conc_mg_l double precision,
                                 flow_m3s double precision, period tstzrange) (
    SFUNC = ecocomp._series_accum,
    STYPE = double precision[],
    COMBINEFUNC = ecocomp._series_combine,
    FINALFUNC = ecocomp._load_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp.load_kg(timestamptz, double precision, double precision, tstzrange) IS
    'Load in kg over the whole period: as load_kg(observed_at, conc, flow), the first and last samples extended to the period bounds';

CREATE OR REPLACE AGGREGATE ecocomp.exceedance_load_kg(observed_at timestamptz, conc_mg_l double precision,
                                            flow_m3s double precision,
                                            limit_mg_l double precision) (
    SFUNC = ecocomp._series_accum,
    STYPE = double precision[],
    COMBINEFUNC = ecocomp._series_combine,
    FINALFUNC = ecocomp._load_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp.exceedance_load_kg(timestamptz, double precision, double precision, double precision) IS
    'Load in kg above the limit, first to last sample: interval method on max(C - limit, 0)·Q';

CREATE OR REPLACE AGGREGATE ecocomp.exceedance_load_kg(observed_at timestamptz, conc_mg_l double precision,
                                            flow_m3s double precision,
                                            limit_mg_l double precision, period tstzrange) (
    SFUNC = ecocomp._series_accum,
    STYPE = double precision[],
    COMBINEFUNC = ecocomp._series_combine,
    FINALFUNC = ecocomp._load_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp.exceedance_load_kg(timestamptz, double precision, double precision, double precision, tstzrange) IS
    'Load in kg above the limit over the whole period (end samples extended to the period bounds)';

CREATE OR REPLACE AGGREGATE ecocomp.beale_load_kg(observed_at timestamptz, conc_mg_l double precision,
                                       flow_m3s double precision, period tstzrange) (
    SFUNC = ecocomp._series_accum,
    STYPE = double precision[],
    COMBINEFUNC = ecocomp._series_combine,
    FINALFUNC = ecocomp._beale_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp.beale_load_kg(timestamptz, double precision, double precision, tstzrange) IS
    'Load in kg over the period by Beale''s bias-corrected ratio estimator: sparse concentration samples (rows with a concentration) scaled by the period''s mean flow from the full flow record (rows with a flow)';

-- The assessment: one aggregate collects every observation of a section,
-- one set function cuts it into parameters and unit periods.  The running
-- state is internal (chunks of records); a partial state crosses processes
-- serialized with each parameter's records sorted, and the final function
-- merges those runs (src/assessment.c).
CREATE OR REPLACE FUNCTION ecocomp._assess_collect_accum(internal, timestamptz, text,
                                              double precision, boolean, text[])
RETURNS internal
AS 'MODULE_PATHNAME', 'ecocomp_assess_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._assess_collect_accum(internal, timestamptz, text, double precision, boolean, text[]) IS
    'internal: transition function of _assess_collect';
CREATE OR REPLACE FUNCTION ecocomp._assess_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'ecocomp_assess_merge'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._assess_combine(internal, internal) IS
    'internal: combine function of _assess_collect (links the sorted runs of partial states)';
CREATE OR REPLACE FUNCTION ecocomp._assess_serialize(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'ecocomp_assess_serialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._assess_serialize(internal) IS
    'internal: serialization function of _assess_collect (records by parameter, each parameter sorted)';
CREATE OR REPLACE FUNCTION ecocomp._assess_deserialize(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'ecocomp_assess_deserialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._assess_deserialize(bytea, internal) IS
    'internal: deserialization function of _assess_collect';
CREATE OR REPLACE FUNCTION ecocomp._assess_final(internal)
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_assess_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._assess_final(internal) IS
    'internal: final function of _assess_collect (the records by parameter, each parameter in time order)';
CREATE OR REPLACE AGGREGATE ecocomp._assess_collect(observed_at timestamptz, parameter text,
                                         value double precision, censored boolean,
                                         codes text[]) (
    SFUNC = ecocomp._assess_collect_accum,
    STYPE = internal,
    COMBINEFUNC = ecocomp._assess_combine,
    SERIALFUNC = ecocomp._assess_serialize,
    DESERIALFUNC = ecocomp._assess_deserialize,
    FINALFUNC = ecocomp._assess_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp._assess_collect(timestamptz, text, double precision, boolean, text[]) IS
    'internal: the observations of a group as (time and parameter key, value) pairs for _assess_rows, by parameter and in time order; codes lists the parameter codes';

CREATE OR REPLACE FUNCTION ecocomp._assess_rows(state double precision[], codes text[],
                                     bounds timestamptz[], waterbody text,
                                     target_class ecocomp.wq_class, censored_rule text)
RETURNS TABLE (parameter text, unit integer, samples bigint, censored_samples bigint,
               mean double precision, mean_class ecocomp.wq_class,
               target_limit double precision, meets_target boolean,
               exceedance_multiple double precision, samples_meeting_target bigint,
               flow_mean_m3s double precision, volume_m3 double precision,
               load_kg double precision, exceedance_load_kg double precision)
AS 'MODULE_PATHNAME', 'ecocomp_assess_rows'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION ecocomp._assess_rows(double precision[], text[], timestamptz[], text, ecocomp.wq_class, text) IS
    'internal: the assessment rows of one section from its _assess_collect state; unit u is [bounds[u], bounds[u+1])';

-- One row of assessment(): a section, a parameter and a unit period.
-- Created once; the upgrade script re-runs this piece.
DO $$
BEGIN
    IF pg_catalog.to_regtype('ecocomp.assessment_row') IS NULL THEN
        CREATE TYPE ecocomp.assessment_row AS (
            section_code text,
            parameter text,
            period daterange,
            samples bigint,
            censored_samples bigint,
            mean double precision,
            mean_class ecocomp.wq_class,
            target_class ecocomp.wq_class,
            target_limit double precision,
            meets_target boolean,
            exceedance_multiple double precision,
            samples_meeting_target bigint,
            flow_mean_m3s double precision,
            volume_m3 double precision,
            load_kg double precision,
            exceedance_load_kg double precision
        );
    END IF;
END $$;
COMMENT ON TYPE ecocomp.assessment_row IS
    'A row of assessment(): counts, mean, classes, compliance, flow, volume and loads of one section, parameter and unit period';

CREATE OR REPLACE FUNCTION ecocomp._assessment(a_period daterange, a_unit text, a_time_zone text,
                                    a_section_codes text[], a_censored_rule text)
RETURNS SETOF ecocomp.assessment_row
-- PARALLEL UNSAFE: it sets work_mem and checks the time zone in a
-- subtransaction, neither allowed inside a parallel query.  Its own query
-- runs in parallel.
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    step interval;
    argp daterange := $1;
    unit text := $2;
    tz text := $3;
    rule text := $5;
    dates date[];
    bounds timestamptz[];
    codes text[];
    caller_work_mem text := current_setting('work_mem');
    want_work_mem text := coalesce(nullif(current_setting('ecocomp.assessment_work_mem', true), ''),
                                   '256MB');
BEGIN
    step := ecocomp._unit_step(unit);
    IF step IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('invalid period unit "%s"', unit),
            DETAIL = 'The period unit must be "month", "quarter" or "year".';
    END IF;
    IF rule IS NULL OR rule NOT IN ('half', 'limit', 'zero') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('invalid censored rule "%s"', rule),
            DETAIL = 'The censored rule must be "half", "limit" or "zero".';
    END IF;
    BEGIN
        PERFORM pg_catalog.timezone(tz, timestamptz '2000-01-01 00:00+00');
    EXCEPTION WHEN invalid_parameter_value OR feature_not_supported THEN
        tz := NULL;
    END;
    IF tz IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('invalid time zone "%s"', $3),
            DETAIL = 'The time zone must be a name known to PostgreSQL, such as "Asia/Shanghai".';
    END IF;
    IF argp IS NULL OR lower_inf(argp) OR upper_inf(argp) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'assessment period must be bounded',
            DETAIL = format('The period %s has no lower or no upper bound.', coalesce(argp::text, 'NULL'));
    END IF;
    IF isempty(argp) THEN
        RETURN;
    END IF;

    -- unit periods: local calendar months/quarters/years, clipped to the period
    dates := ARRAY(SELECT greatest(g::date, lower(argp))
                   FROM generate_series(date_trunc(unit, lower(argp)::timestamp),
                                        (upper(argp) - 1)::timestamp, step) AS g
                   ORDER BY 1) || upper(argp);
    bounds := ARRAY(SELECT d.d::timestamp AT TIME ZONE tz
                    FROM unnest(dates) WITH ORDINALITY AS d (d, i) ORDER BY d.i);
    codes := ARRAY(SELECT p.code FROM ecocomp.parameter p ORDER BY p.code);

    -- The aggregation holds every sample of a section (16 bytes each) until
    -- the section is cut into periods; give its hash table room for them
    -- instead of spilling to disk (ecocomp.assessment_work_mem, default
    -- 256MB; never less than the caller's work_mem).
    IF pg_catalog.pg_size_bytes(want_work_mem) > pg_catalog.pg_size_bytes(caller_work_mem) THEN
        PERFORM pg_catalog.set_config('work_mem', want_work_mem, true);
    END IF;
    RETURN QUERY EXECUTE format($q$
        SELECT g.section_code, r.parameter, daterange($3[r.unit], $3[r.unit + 1]),
               r.samples, r.censored_samples, r.mean, r.mean_class, s.target_class,
               r.target_limit, r.meets_target, r.exceedance_multiple,
               r.samples_meeting_target, r.flow_mean_m3s, r.volume_m3, r.load_kg,
               r.exceedance_load_kg
        FROM (SELECT o.section_code,
                     ecocomp._assess_collect(o.observed_at, o.parameter, o.value,
                                             o.censored, $1) AS st
              FROM ecocomp.observation o
              WHERE o.observed_at >= $4 AND o.observed_at < $5 %s
              GROUP BY o.section_code) AS g
        JOIN ecocomp.section s ON s.code = g.section_code
        CROSS JOIN LATERAL ecocomp._assess_rows(g.st, $1, $2, s.waterbody,
                                                s.target_class, $6) AS r
        ORDER BY 1, 2, 3 $q$,
        CASE WHEN $4 IS NULL THEN '' ELSE 'AND o.section_code = ANY ($7)' END)
    USING codes, bounds, dates, bounds[1], bounds[array_length(bounds, 1)], rule, $4;
    PERFORM pg_catalog.set_config('work_mem', caller_work_mem, true);
END $$;
COMMENT ON FUNCTION ecocomp._assessment(daterange, text, text, text[], text) IS
    'internal: the body of assessment() (PL/pgSQL cannot take an argument and a result column both named period)';

CREATE OR REPLACE FUNCTION ecocomp.assessment(period daterange,
                                   period_unit text DEFAULT 'month',
                                   time_zone text DEFAULT 'Asia/Shanghai',
                                   section_codes text[] DEFAULT NULL,
                                   censored_rule text DEFAULT 'half')
RETURNS SETOF ecocomp.assessment_row
LANGUAGE sql STABLE PARALLEL UNSAFE
AS $$ SELECT * FROM ecocomp._assessment($1, $2, $3, $4, $5) $$;
COMMENT ON FUNCTION ecocomp.assessment(daterange, text, text, text[], text) IS
    'Per section, parameter and month/quarter/year (local calendar of time_zone) in the period: samples, mean (non-detects per censored_rule), class, target compliance, exceedance multiple, time-weighted flow, volume, load and load above the target limit';

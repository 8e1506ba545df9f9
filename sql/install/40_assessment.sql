-- Assessment: per section, parameter and calendar period, the means, classes,
-- compliance figures and pollutant loads the compensation rules use.
-- Formulas, units and sources: docs/assessment.md.

CREATE FUNCTION ecocomp.nd_value(value double precision, censored boolean,
                                 rule text DEFAULT 'half')
RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF rule NOT IN ('half', 'limit', 'zero') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('invalid censored rule "%s"', rule),
            DETAIL = 'The censored rule must be "half", "limit" or "zero".';
    END IF;
    IF NOT censored THEN
        RETURN value;
    END IF;
    RETURN CASE rule WHEN 'half' THEN value / 2 WHEN 'limit' THEN value ELSE 0 END;
END $$;
COMMENT ON FUNCTION ecocomp.nd_value(double precision, boolean, text) IS
    'Value used for an observation in means and loads: the value itself, or for a non-detect (value = detection limit) half the limit (''half''), the limit (''limit'') or 0 (''zero'')';

CREATE FUNCTION ecocomp._assessment_sql(a_period daterange, a_unit text, a_time_zone text,
                                        a_section_codes text[], a_censored_rule text)
RETURNS TABLE (
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
)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    step interval;
    argp daterange := $1;
    unit text := $2;
    tz text := $3;
    codes text[] := $4;
    rule text := $5;
BEGIN
    step := CASE unit WHEN 'month' THEN interval '1 month'
                             WHEN 'quarter' THEN interval '3 months'
                             WHEN 'year' THEN interval '1 year' END;
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
    IF tz IS NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names n WHERE n.name = tz)
                    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_abbrevs a WHERE a.abbrev = tz) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('invalid time zone "%s"', tz),
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

    RETURN QUERY
    WITH units AS (
        SELECT greatest(g::date, lower(argp)) AS d0,
               least((g + step)::date, upper(argp)) AS d1
        FROM generate_series(date_trunc(unit, lower(argp)::timestamp),
                             (upper(argp) - 1)::timestamp, step) AS g
    ), ub AS (
        SELECT u.d0, u.d1,
               (u.d0::timestamp AT TIME ZONE tz) AS t0,
               (u.d1::timestamp AT TIME ZONE tz) AS t1
        FROM units u
    ), obs AS (
        SELECT o.section_code AS sc, o.parameter AS par, o.observed_at AS t,
               extract(epoch FROM o.observed_at)::float8 AS e,
               extract(epoch FROM ub.t0)::float8 AS e0,
               extract(epoch FROM ub.t1)::float8 AS e1,
               ub.d0, ub.d1, ub.t0, ub.t1,
               ecocomp.nd_value(o.value, o.censored, rule) AS v, o.censored AS cens
        FROM ecocomp.observation o
        JOIN ub ON o.observed_at >= ub.t0 AND o.observed_at < ub.t1
        WHERE codes IS NULL OR o.section_code = ANY (codes)
    ), w AS (
        -- interval method: a sample stands for the time from halfway to its
        -- previous sample (or the unit start) to halfway to its next one (or
        -- the unit end); this is the trapezoid rule with the end samples
        -- extended to the unit bounds.
        SELECT obs.*,
               coalesce((obs.e + lead(obs.e) OVER s) / 2, obs.e1)
                 - coalesce((obs.e + lag(obs.e) OVER s) / 2, obs.e0) AS wt
        FROM obs
        WINDOW s AS (PARTITION BY obs.sc, obs.par, obs.d0 ORDER BY obs.e)
    ), flow AS (
        SELECT w.sc, w.d0, sum(w.v * w.wt) / (max(w.e1) - max(w.e0)) AS qmean
        FROM w WHERE w.par = 'flow'
        GROUP BY w.sc, w.d0
    ), paired AS (
        -- flow at the time of each sample: linear interpolation between the
        -- flow samples before and after it in the same unit period, the
        -- nearest flow sample beyond the first or last one.
        SELECT w.*, CASE
                   WHEN fp.t IS NULL THEN fn.q
                   WHEN fn.t IS NULL OR fn.t = fp.t THEN fp.q
                   ELSE fp.q + (fn.q - fp.q) * extract(epoch FROM w.t - fp.t)::float8
                                             / extract(epoch FROM fn.t - fp.t)::float8
               END AS q
        FROM w
        LEFT JOIN LATERAL (
            SELECT f.observed_at AS t, ecocomp.nd_value(f.value, f.censored, rule) AS q
            FROM ecocomp.observation f
            WHERE f.section_code = w.sc AND f.parameter = 'flow'
              AND f.observed_at >= w.t0 AND f.observed_at <= w.t
            ORDER BY f.observed_at DESC LIMIT 1) fp ON true
        LEFT JOIN LATERAL (
            SELECT f.observed_at AS t, ecocomp.nd_value(f.value, f.censored, rule) AS q
            FROM ecocomp.observation f
            WHERE f.section_code = w.sc AND f.parameter = 'flow'
              AND f.observed_at >= w.t AND f.observed_at < w.t1
            ORDER BY f.observed_at LIMIT 1) fn ON true
    ), g AS (
        SELECT p.sc, p.par, p.d0, p.d1, max(p.e1) - max(p.e0) AS secs,
               count(*) AS n, count(*) FILTER (WHERE p.cens) AS ncens, avg(p.v) AS m,
               s.waterbody AS wb, s.target_class AS tc, pc.kind, pc.unit, pc.builtin,
               CASE WHEN pc.builtin AND s.target_class IS NOT NULL
                    THEN ecocomp.gb3838_limit(p.par, s.target_class, s.waterbody) END AS lim,
               CASE WHEN pc.builtin AND s.target_class IS NOT NULL
                         AND ecocomp.gb3838_class(p.par, 0, s.waterbody) IS NOT NULL
                    THEN count(*) FILTER (WHERE ecocomp.gb3838_class(p.par, p.v, s.waterbody)
                                                <= s.target_class) END AS nmeet,
               sum(p.v * p.q * p.wt) / 1000 AS load,
               sum(p.q * p.wt) AS vol_check
               , array_agg(p.v ORDER BY p.e) AS vs, array_agg(p.q * p.wt ORDER BY p.e) AS qw
        FROM paired p
        JOIN ecocomp.section s ON s.code = p.sc
        JOIN ecocomp.parameter pc ON pc.code = p.par
        GROUP BY p.sc, p.par, p.d0, p.d1, s.waterbody, s.target_class, pc.kind, pc.unit, pc.builtin
    )
    SELECT g.sc, g.par, daterange(g.d0, g.d1), g.n, g.ncens, g.m,
           CASE WHEN g.builtin THEN ecocomp.gb3838_class(g.par, g.m, g.wb) END,
           g.tc, g.lim,
           CASE WHEN g.builtin THEN ecocomp.gb3838_class(g.par, g.m, g.wb) <= g.tc END,
           CASE WHEN g.kind = 'upper' AND g.lim > 0 THEN greatest(g.m - g.lim, 0) / g.lim END,
           g.nmeet,
           f.qmean, f.qmean * g.secs,
           CASE WHEN f.qmean IS NOT NULL AND g.unit = 'mg/L' AND g.par <> 'flow' THEN g.load END,
           CASE WHEN f.qmean IS NOT NULL AND g.unit = 'mg/L' AND g.par <> 'flow'
                     AND g.kind = 'upper' AND g.lim IS NOT NULL
                THEN (SELECT sum(greatest(x.v - g.lim, 0) * x.qw) / 1000
                      FROM unnest(g.vs, g.qw) AS x (v, qw)) END
    FROM g
    LEFT JOIN flow f ON f.sc = g.sc AND f.d0 = g.d0
    ORDER BY 1, 2, 3;
END $$;
COMMENT ON FUNCTION ecocomp._assessment_sql(daterange, text, text, text[], text) IS
    'internal: assessment() written in plain SQL, the reference the C aggregates are checked against';

CREATE FUNCTION ecocomp.assessment(period daterange,
                                   period_unit text DEFAULT 'month',
                                   time_zone text DEFAULT 'Asia/Shanghai',
                                   section_codes text[] DEFAULT NULL,
                                   censored_rule text DEFAULT 'half')
RETURNS TABLE (
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
)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM ecocomp._assessment_sql($1, $2, $3, $4, $5) $$;
COMMENT ON FUNCTION ecocomp.assessment(daterange, text, text, text[], text) IS
    'Per section, parameter and month/quarter/year (local calendar of time_zone) in the period: samples, mean (non-detects per censored_rule), class, target compliance, exceedance multiple, time-weighted flow, volume, load and load above the target limit';

-- air_quality (Shandong 2014, Anhui 2018, Henan 2016 and 2020, Hubei): a
-- fund (params.counterparty) pays the cities (agreement.parties) whose
-- weighted air improvement score S = Σ wᵢ·(baseᵢ − nowᵢ) is positive and
-- collects from those whose score is negative, per period unit, from the
-- HJ 663 city values of air_assessment().  Kernel:
-- src/core/rule_air_quality.c; docs/methods/air_quality.md.

CREATE OR REPLACE FUNCTION ecocomp._air_quality_kernel(
    nparties integer, nunits integer, weights double precision[], now double precision[],
    base double precision[], valid boolean[], cumulative boolean, paid_from integer, resets boolean[],
    band_min double precision[], band_max double precision[], band_rate_fen bigint[],
    coefficients double precision[], target_coefficients double precision[],
    good_day_delta double precision[], good_day_rate_fen bigint, award_fen bigint[], cap_fen bigint,
    OUT score double precision[], OUT pollutant_fen bigint[], OUT good_day_fen bigint[],
    OUT unit_fen bigint[], OUT uncapped_fen bigint[], OUT total_fen bigint[])
AS 'MODULE_PATHNAME', 'ecocomp_air_quality_kernel'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._air_quality_kernel(integer, integer, double precision[], double precision[], double precision[], boolean[], boolean, integer, boolean[], double precision[], double precision[], bigint[], double precision[], double precision[], double precision[], bigint, bigint[], bigint) IS
    'internal: the air_quality kernel: scores, pollutant, good-day and unit amounts per party and unit in fen, and each party''s capped total';

-- The ladder of an agreement: bands [{min, max, rate}] sorted by min, or
-- one band [0, ∞) at params.rate.
CREATE OR REPLACE FUNCTION ecocomp._air_quality_ladder(params jsonb)
RETURNS TABLE (ord int, min double precision, max double precision, rate_fen bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m text := 'air_quality';
    b jsonb;
    i int := 0;
    prev_max double precision := 0;
    unbounded boolean := false;
BEGIN
    IF params ? 'rate' THEN
        RETURN QUERY SELECT 1, 0::float8, NULL::float8, ecocomp._param_fen(params, 'rate', m, 0);
        RETURN;
    END IF;
    IF jsonb_typeof(params -> 'bands') IS DISTINCT FROM 'array' OR jsonb_array_length(params -> 'bands') = 0 THEN
        PERFORM ecocomp._param_fail(m, 'bands', 'must be a non-empty list',
            format('Expected [{"min": 0, "max": 5, "rate": 100000}, {"min": 5, "rate": 200000}]; got %s.',
                   ecocomp._param_show(params -> 'bands')));
    END IF;
    FOR b IN SELECT e FROM jsonb_array_elements(params -> 'bands') e LOOP
        i := i + 1;
        IF jsonb_typeof(b) <> 'object' OR EXISTS (SELECT FROM jsonb_object_keys(b) k WHERE k NOT IN ('min', 'max', 'rate'))
           OR jsonb_typeof(b -> 'min') IS DISTINCT FROM 'number' OR jsonb_typeof(b -> 'rate') IS DISTINCT FROM 'number'
           OR (b ? 'max' AND jsonb_typeof(b -> 'max') NOT IN ('number', 'null')) THEN
            PERFORM ecocomp._param_fail(m, 'bands', format('band %s is malformed', i),
                format('A band is {"min": number, "max": number or null, "rate": yuan per µg/m³}; got %s.', b));
        END IF;
        IF unbounded OR (b ->> 'min')::float8 <> prev_max
           OR (b ->> 'max') IS NOT NULL AND (b ->> 'max')::float8 <= (b ->> 'min')::float8 THEN
            PERFORM ecocomp._param_fail(m, 'bands', format('band %s does not continue the ladder', i),
                format('Bands start at 0 and each starts where the previous one ends, with max > min (the last may have no max); band %s is %s after a band ending at %s.',
                       i, b, CASE WHEN unbounded THEN 'infinity' ELSE prev_max::text END));
        END IF;
        unbounded := (b ->> 'max') IS NULL;
        prev_max := coalesce((b ->> 'max')::float8, prev_max);
        ord := i; min := (b ->> 'min')::float8; max := (b ->> 'max')::float8;
        rate_fen := ecocomp._param_fen(jsonb_build_object('bands.rate', b -> 'rate'), 'bands.rate', m, 0);
        RETURN NEXT;
    END LOOP;
END $$;
COMMENT ON FUNCTION ecocomp._air_quality_ladder(jsonb) IS
    'internal: the rate ladder of an air_quality agreement in fen per µg/m³ (bands, or one band at params.rate)';

CREATE OR REPLACE FUNCTION ecocomp._check_params_air_quality(a ecocomp.agreement)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m text := 'air_quality';
    p jsonb := a.params;
    cmp text;
    bad text;
    k text;
    v jsonb;
BEGIN
    PERFORM ecocomp._param_keys(p,
        ARRAY['indicators', 'compare_to', 'targets', 'period_unit', 'rate', 'bands', 'coefficients',
              'target_coefficients', 'good_day_rate', 'awards', 'cap', 'counterparty'],
        ARRAY['indicators', 'compare_to', 'counterparty'], m);
    IF a.parties IS NULL OR cardinality(a.parties) = 0 THEN
        PERFORM ecocomp._param_fail(m, 'parties', 'is empty', 'An air_quality agreement lists its cities in agreement.parties.');
    END IF;
    PERFORM ecocomp._param_known(m, 'parties', 'jurisdiction', c) FROM unnest(a.parties) c;
    IF cardinality(a.parties) <> (SELECT count(DISTINCT c) FROM unnest(a.parties) c) THEN
        PERFORM ecocomp._param_fail(m, 'parties', 'repeats a city', format('parties is %s.', a.parties));
    END IF;
    bad := ecocomp._param_text(p, 'counterparty', m);
    PERFORM ecocomp._param_known(m, 'counterparty', 'jurisdiction', bad);
    IF bad = ANY (a.parties) THEN
        PERFORM ecocomp._param_fail(m, 'counterparty', 'is one of the parties',
            format('"%s" is the fund the cities settle with, so it cannot also be a city.', bad));
    END IF;
    IF jsonb_typeof(p -> 'indicators') IS DISTINCT FROM 'object' OR p -> 'indicators' = '{}' THEN
        PERFORM ecocomp._param_fail(m, 'indicators', 'must be an object of weights',
            format('Expected e.g. {"PM2.5": 0.6, "PM10": 0.15, "SO2": 0.15, "NO2": 0.1}; got %s.', ecocomp._param_show(p -> 'indicators')));
    END IF;
    FOR k, v IN SELECT * FROM jsonb_each(p -> 'indicators') LOOP
        IF k NOT IN ('PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3_8h') THEN
            PERFORM ecocomp._param_fail(m, 'indicators', 'names an unknown indicator',
                format('"%s" is not one of PM2.5, PM10, SO2, NO2, CO, O3_8h (the HJ 663 city values).', k));
        END IF;
        IF jsonb_typeof(v) <> 'number' OR v::text::numeric < 0 THEN
            PERFORM ecocomp._param_fail(m, 'indicators', 'has a bad weight',
                format('The weight of %s is %s; a weight is a number >= 0.', k, v));
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT FROM jsonb_each(p -> 'indicators') e WHERE e.value::text::numeric > 0) THEN
        PERFORM ecocomp._param_fail(m, 'indicators', 'has no positive weight', 'At least one weight must be above 0.');
    END IF;
    cmp := ecocomp._param_text(p, 'compare_to', m, ARRAY['previous_year', 'target', 'peer_mean', 'cumulative']);
    IF cmp IN ('target', 'cumulative') OR p ? 'target_coefficients' THEN
        IF jsonb_typeof(p -> 'targets') IS DISTINCT FROM 'object' THEN
            PERFORM ecocomp._param_fail(m, 'targets', 'is missing',
                format('compare_to "%s"%s needs targets: {"PM2.5": 60} or per city {"410100": {"PM2.5": 60}}.', cmp,
                       CASE WHEN p ? 'target_coefficients' THEN ' with target_coefficients' ELSE '' END));
        END IF;
        FOR k, v IN SELECT * FROM jsonb_each(p -> 'targets') LOOP
            IF jsonb_typeof(v) = 'object' THEN
                IF NOT k = ANY (a.parties) THEN
                    PERFORM ecocomp._param_fail(m, 'targets', 'names a city that is not a party',
                        format('"%s" is not in parties.', k));
                END IF;
                IF EXISTS (SELECT FROM jsonb_each(v) e WHERE jsonb_typeof(e.value) <> 'number' OR e.value::text::numeric <= 0
                                                          OR NOT (p -> 'indicators') ? e.key) THEN
                    PERFORM ecocomp._param_fail(m, 'targets', 'has a bad target',
                        format('The targets of %s are %s; each must be an indicator with a number > 0.', k, v));
                END IF;
            ELSIF jsonb_typeof(v) <> 'number' OR v::text::numeric <= 0 OR NOT (p -> 'indicators') ? k THEN
                PERFORM ecocomp._param_fail(m, 'targets', 'has a bad target',
                    format('The target of "%s" is %s; targets name indicators with a number > 0 (or a city with an object of them).', k, v));
            END IF;
        END LOOP;
    ELSIF p ? 'targets' THEN
        PERFORM ecocomp._param_fail(m, 'targets', 'is not used',
            format('compare_to is "%s" and there are no target_coefficients.', cmp));
    END IF;
    PERFORM ecocomp._param_text(p, 'period_unit', m, ARRAY['month', 'quarter', 'year']);
    IF (p ? 'rate') = (p ? 'bands') THEN
        PERFORM ecocomp._param_fail(m, CASE WHEN p ? 'rate' THEN 'bands' ELSE 'rate' END,
            CASE WHEN p ? 'rate' THEN 'cannot be combined with rate' ELSE 'is missing' END,
            'An air_quality agreement has either "rate" (yuan per µg/m³ of score) or "bands" (a ladder of rates), not both.');
    END IF;
    PERFORM count(*) FROM ecocomp._air_quality_ladder(p);
    IF p ? 'coefficients' THEN
        IF jsonb_typeof(p -> 'coefficients') <> 'object' THEN
            PERFORM ecocomp._param_fail(m, 'coefficients', 'must be an object', 'Expected {"370200": 1.5, ...}.');
        END IF;
        FOR k, v IN SELECT * FROM jsonb_each(p -> 'coefficients') LOOP
            -- the kernel keeps coefficients at 1e-9 resolution in 64 bits
            IF NOT k = ANY (a.parties) OR jsonb_typeof(v) <> 'number' OR v::text::numeric <= 0
               OR v::text::numeric > 1e9 THEN
                PERFORM ecocomp._param_fail(m, 'coefficients', 'has a bad entry',
                    format('"%s": %s; each key is a party and each value a number > 0 and <= 1e9.', k, v));
            END IF;
        END LOOP;
    END IF;
    IF p ? 'target_coefficients' THEN
        PERFORM ecocomp._param_keys(p -> 'target_coefficients',
            ARRAY['met', 'missed_better_than_average', 'missed_worse_than_average'],
            ARRAY['met', 'missed_better_than_average', 'missed_worse_than_average'], m || ' target_coefficients');
        PERFORM ecocomp._param_number(p -> 'target_coefficients', tk, m, 0, 1e9)
        FROM unnest(ARRAY['met', 'missed_better_than_average', 'missed_worse_than_average']) tk;
        IF cmp = 'cumulative' THEN
            PERFORM ecocomp._param_fail(m, 'target_coefficients', 'cannot be combined with compare_to "cumulative"',
                'Cumulative units pay differences of year-to-date amounts; a coefficient per unit would break their sum.');
        END IF;
    END IF;
    PERFORM ecocomp._param_fen(p, 'good_day_rate', m, 0);
    IF p ? 'good_day_rate' AND cmp NOT IN ('previous_year', 'peer_mean') THEN
        PERFORM ecocomp._param_fail(m, 'good_day_rate', format('cannot be combined with compare_to "%s"', cmp),
            'The good-day ratio is compared with the same unit a year earlier (previous_year) or with the mean of the parties (peer_mean).');
    END IF;
    IF p ? 'awards' THEN
        IF jsonb_typeof(p -> 'awards') <> 'array' THEN
            PERFORM ecocomp._param_fail(m, 'awards', 'must be a list',
                'Expected [{"parameter": "PM2.5", "when": "meets_grade_II", "amount": 6000000}].');
        END IF;
        FOR v IN SELECT e FROM jsonb_array_elements(p -> 'awards') e LOOP
            IF jsonb_typeof(v) <> 'object' OR EXISTS (SELECT FROM jsonb_object_keys(v) x WHERE x NOT IN ('parameter', 'when', 'amount'))
               OR v ->> 'parameter' IS NULL
               OR NOT EXISTS (SELECT FROM ecocomp.gb3095_limit l WHERE l.parameter = v ->> 'parameter' AND l.averaging = 'annual')
               OR v ->> 'when' IS DISTINCT FROM 'meets_grade_II' THEN
                PERFORM ecocomp._param_fail(m, 'awards', 'has a bad award',
                    format('An award is {"parameter": PM2.5, PM10, SO2 or NO2 (those with an annual limit), "when": "meets_grade_II", "amount": yuan}; got %s.', v));
            END IF;
            PERFORM ecocomp._param_fen(v, 'amount', m || ' award', 0);
            IF v ->> 'amount' IS NULL THEN
                PERFORM ecocomp._param_fail(m, 'awards', 'has an award without an amount', format('Got %s.', v));
            END IF;
        END LOOP;
    END IF;
    PERFORM ecocomp._param_fen(p, 'cap', m, 0);
END $$;
COMMENT ON FUNCTION ecocomp._check_params_air_quality(ecocomp.agreement) IS
    'internal: validates the params of an air_quality agreement (indicators, compare_to, targets, period_unit, rate or bands, coefficients, target_coefficients, good_day_rate, awards, cap, counterparty) and its parties';

-- A year earlier, as a date range.
CREATE OR REPLACE FUNCTION ecocomp._year_before(r daterange) RETURNS daterange
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT daterange((lower(r) - interval '1 year')::date, (upper(r) - interval '1 year')::date)
$$;
COMMENT ON FUNCTION ecocomp._year_before(daterange) IS 'internal: the same dates one year earlier';

-- Missing data rule: a city and period unit without a value of an indicator
-- (no valid days), or without a baseline, is not assessed: it adds nothing
-- and is reported as an issue line.  Cumulative units carry on from the
-- last assessed unit, so the year still adds up.
CREATE OR REPLACE FUNCTION ecocomp._settle_air_quality(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    meth text := 'air_quality';
    p jsonb := a.params;
    unit text := coalesce(p ->> 'period_unit', 'year');
    cmp text := p ->> 'compare_to';
    fund text := p ->> 'counterparty';
    cap bigint := ecocomp._param_fen(p, 'cap', meth, 0);
    gd_rate bigint := ecocomp._param_fen(p, 'good_day_rate', meth, 0);
    inds text[] := ARRAY(SELECT jsonb_object_keys(p -> 'indicators') ORDER BY 1);
    lead_ind text := (SELECT e.key FROM jsonb_each(p -> 'indicators') e
                      ORDER BY e.value::text::numeric DESC, e.key LIMIT 1);
    award_params text[] := ARRAY(SELECT DISTINCT e ->> 'parameter' FROM jsonb_array_elements(coalesce(p -> 'awards', '[]')) e);
    units daterange[] := ARRAY(SELECT u FROM ecocomp._period_units(period, unit) u);
    carry int := 0;
    ladder jsonb;
    cur jsonb := '{}';
    prev jsonb := '{}';
    gd jsonb := '{}';
    gd_prev jsonb := '{}';
    cells jsonb;
    k record;
    party text;
    pidx int := 0;
BEGIN
    SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('min', l.min, 'max', l.max, 'rate_fen', l.rate_fen)) ORDER BY l.ord)
      INTO ladder FROM ecocomp._air_quality_ladder(p) l;
    -- Cumulative units settled after 1 January carry the year to date
    -- before the period, so a month settled alone pays its change only.
    IF cmp = 'cumulative' AND lower(period) <> date_trunc('year', lower(period))::date THEN
        units := daterange(date_trunc('year', lower(period))::date, lower(period)) || units;
        carry := 1;
    END IF;

    -- City values now: {code: {unit: {parameter: value}}}; cumulative: the
    -- year-to-date value through each unit.
    IF cmp = 'cumulative' THEN
        SELECT coalesce(jsonb_object_agg(c.code, c.v), '{}') INTO cur
        FROM (SELECT y.code, jsonb_object_agg(ecocomp._period_text(u2), y.v) AS v
              FROM unnest(units) u2,
                   LATERAL (SELECT z.code, jsonb_object_agg(z.parameter, z.value) AS v
                            FROM ecocomp.air_assessment(daterange(date_trunc('year', lower(u2))::date, upper(u2)), 'year', a.time_zone) z
                            WHERE z.code = ANY (a.parties) AND z.parameter = ANY (inds)
                            GROUP BY 1) y
              GROUP BY 1) c;
    ELSE
        SELECT coalesce(jsonb_object_agg(c.code, c.v), '{}') INTO cur
        FROM (SELECT y.code, jsonb_object_agg(y.u, y.v) AS v
              FROM (SELECT z.code, ecocomp._period_text(z.unit_period) AS u, jsonb_object_agg(z.parameter, z.value) AS v
                    FROM ecocomp.air_assessment(period, unit, a.time_zone) z
                    WHERE z.code = ANY (a.parties) AND (z.parameter = ANY (inds) OR z.parameter = ANY (award_params))
                    GROUP BY 1, 2) y
              GROUP BY 1) c;
    END IF;
    IF cmp = 'previous_year' OR cardinality(award_params) > 0 THEN
        SELECT coalesce(jsonb_object_agg(c.code, c.v), '{}') INTO prev
        FROM (SELECT y.code, jsonb_object_agg(y.u, y.v) AS v
              FROM (SELECT z.code, ecocomp._period_text(daterange((lower(z.unit_period) + interval '1 year')::date,
                                                                   (upper(z.unit_period) + interval '1 year')::date)) AS u,
                           jsonb_object_agg(z.parameter, z.value) AS v
                    FROM ecocomp.air_assessment(ecocomp._year_before(period), unit, a.time_zone) z
                    WHERE z.code = ANY (a.parties)
                    GROUP BY 1, 2) y
              GROUP BY 1) c;
    END IF;
    IF gd_rate IS NOT NULL THEN
        SELECT coalesce(jsonb_object_agg(x.code || ' ' || ecocomp._period_text(x.unit_period), x.good_day_ratio), '{}') INTO gd
        FROM ecocomp.air_day_counts(period, unit, a.time_zone) x WHERE x.code = ANY (a.parties);
        IF cmp = 'previous_year' THEN
            SELECT coalesce(jsonb_object_agg(x.code || ' ' || ecocomp._period_text(
                        daterange((lower(x.unit_period) + interval '1 year')::date, (upper(x.unit_period) + interval '1 year')::date)),
                        x.good_day_ratio), '{}') INTO gd_prev
            FROM ecocomp.air_day_counts(ecocomp._year_before(period), unit, a.time_zone) x WHERE x.code = ANY (a.parties);
        END IF;
    END IF;

    -- One cell per party and unit with its values, baselines and terms.
    WITH grid AS (
        SELECT (pi.ord - 1) * cardinality(units) + ui.ord AS n, pi.code, ecocomp._period_text(ui.u) AS u
        FROM unnest(a.parties) WITH ORDINALITY AS pi (code, ord)
        CROSS JOIN unnest(units) WITH ORDINALITY AS ui (u, ord)),
    vals AS (
        SELECT g.*, cur -> g.code -> g.u AS now_v,
               CASE cmp
                   WHEN 'previous_year' THEN prev -> g.code -> g.u
                   WHEN 'peer_mean' THEN (SELECT jsonb_object_agg(q.i, q.m)
                                          FROM (SELECT i, avg((cur -> pc -> g.u ->> i)::float8) AS m
                                                FROM unnest(inds) i, unnest(a.parties) pc
                                                WHERE cur -> pc -> g.u ? i GROUP BY i) q)
                   ELSE (SELECT jsonb_object_agg(i, coalesce(p -> 'targets' -> g.code -> i, p -> 'targets' -> i))
                         FROM unnest(inds) i)
               END AS base_v,
               CASE WHEN p ? 'target_coefficients' THEN
                   (SELECT jsonb_object_agg(i, coalesce(p -> 'targets' -> g.code -> i, p -> 'targets' -> i))
                    FROM unnest(inds) i) END AS target_v,
               CASE WHEN gd_rate IS NOT NULL THEN
                   (gd ->> (g.code || ' ' || g.u))::float8 END AS gd_now,
               CASE WHEN gd_rate IS NOT NULL AND cmp = 'previous_year' THEN (gd_prev ->> (g.code || ' ' || g.u))::float8
                    WHEN gd_rate IS NOT NULL THEN (SELECT avg(x.value::text::float8) FROM jsonb_each(gd) x
                                                   WHERE x.key LIKE '% ' || g.u) END AS gd_base,
               prev -> g.code -> g.u AS prev_v
        FROM grid g),
    judged AS (
        SELECT v.*,
               ARRAY(SELECT i FROM unnest(inds) i WHERE NOT coalesce(v.now_v ? i, false)) AS missing_now,
               ARRAY(SELECT i FROM unnest(inds) i
                     WHERE coalesce(v.base_v -> i, 'null') = 'null') AS missing_base,
               (v.gd_rate_missing) AS gd_missing
        FROM (SELECT vv.*, gd_rate IS NOT NULL AND (vv.gd_now IS NULL OR vv.gd_base IS NULL) AS gd_rate_missing FROM vals vv) v)
    SELECT jsonb_agg(to_jsonb(j) ORDER BY j.n) INTO cells FROM judged j;

    -- Issue lines for cells that cannot be assessed.
    RETURN QUERY
    SELECT (ROW(NULL, NULL, NULL,
                ecocomp._basis(a, period) || jsonb_build_object(
                    'party', c ->> 'code', 'unit_period', c ->> 'u',
                    'missing', c -> 'missing_now', 'missing_baseline', c -> 'missing_base',
                    'missing_good_days', c -> 'gd_missing'),
                format('city %s in %s is not assessed: %s; the unit adds nothing to its amount',
                       c ->> 'code', c ->> 'u',
                       concat_ws('; ',
                           CASE WHEN jsonb_array_length(c -> 'missing_now') > 0
                                THEN format('no valid days of %s', (SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(c -> 'missing_now') x)) END,
                           CASE WHEN jsonb_array_length(c -> 'missing_base') > 0
                                THEN format('no %s baseline of %s', cmp, (SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(c -> 'missing_base') x)) END,
                           CASE WHEN (c ->> 'gd_missing')::boolean THEN 'no good-day ratio to compare' END))
               )::ecocomp.settlement_line).*
    FROM jsonb_array_elements(cells) c
    WHERE jsonb_array_length(c -> 'missing_now') > 0 OR jsonb_array_length(c -> 'missing_base') > 0
       OR (c ->> 'gd_missing')::boolean
    ORDER BY (c ->> 'n')::int;

    -- Anhui: improvement coefficient by target met, else by the lead
    -- indicator's drop against the mean drop of the assessed cities.
    IF p ? 'target_coefficients' THEN
        SELECT jsonb_agg(c || jsonb_build_object('target_coefficient',
                   CASE WHEN NOT EXISTS (SELECT FROM unnest(inds) i
                                         WHERE (c -> 'now_v' ->> i)::float8 > (c -> 'target_v' ->> i)::float8)
                        THEN (p -> 'target_coefficients' ->> 'met')::float8
                        WHEN (c -> 'base_v' ->> lead_ind)::float8 - (c -> 'now_v' ->> lead_ind)::float8
                             >= (SELECT avg((d -> 'base_v' ->> lead_ind)::float8 - (d -> 'now_v' ->> lead_ind)::float8)
                                 FROM jsonb_array_elements(cells) d
                                 WHERE d ->> 'u' = c ->> 'u' AND d -> 'now_v' ? lead_ind
                                   AND coalesce(d -> 'base_v' -> lead_ind, 'null') <> 'null')
                        THEN (p -> 'target_coefficients' ->> 'missed_better_than_average')::float8
                        ELSE (p -> 'target_coefficients' ->> 'missed_worse_than_average')::float8 END)
                   ORDER BY (c ->> 'n')::int)
          INTO cells FROM jsonb_array_elements(cells) c;
    END IF;

    SELECT * INTO k FROM ecocomp._air_quality_kernel(
        cardinality(a.parties), cardinality(units),
        ARRAY(SELECT (p -> 'indicators' ->> i)::float8 FROM unnest(inds) i),
        ARRAY(SELECT (c -> 'now_v' ->> i)::float8 FROM jsonb_array_elements(cells) WITH ORDINALITY AS e (c, n), unnest(inds) WITH ORDINALITY AS x (i, o) ORDER BY e.n, x.o),
        ARRAY(SELECT (c -> 'base_v' ->> i)::float8 FROM jsonb_array_elements(cells) WITH ORDINALITY AS e (c, n), unnest(inds) WITH ORDINALITY AS x (i, o) ORDER BY e.n, x.o),
        ARRAY(SELECT jsonb_array_length(c -> 'missing_now') = 0 AND jsonb_array_length(c -> 'missing_base') = 0
                     AND NOT (c ->> 'gd_missing')::boolean
              FROM jsonb_array_elements(cells) WITH ORDINALITY AS e (c, n) ORDER BY e.n),
        cmp = 'cumulative', carry,
        ARRAY(SELECT x.u > 1 AND lower(x.r) = date_trunc('year', lower(x.r))::date
              FROM unnest(units) WITH ORDINALITY AS x (r, u) ORDER BY x.u),
        ARRAY(SELECT (b ->> 'min')::float8 FROM jsonb_array_elements(ladder) b),
        ARRAY(SELECT (b ->> 'max')::float8 FROM jsonb_array_elements(ladder) b),
        ARRAY(SELECT (b ->> 'rate_fen')::bigint FROM jsonb_array_elements(ladder) b),
        ARRAY(SELECT coalesce((p -> 'coefficients' ->> pc)::float8, 1) FROM unnest(a.parties) pc),
        CASE WHEN p ? 'target_coefficients' THEN
            ARRAY(SELECT coalesce((c ->> 'target_coefficient')::float8, 1) FROM jsonb_array_elements(cells) WITH ORDINALITY AS e (c, n) ORDER BY e.n) END,
        CASE WHEN gd_rate IS NOT NULL THEN
            ARRAY(SELECT (c ->> 'gd_now')::float8 - (c ->> 'gd_base')::float8 FROM jsonb_array_elements(cells) WITH ORDINALITY AS e (c, n) ORDER BY e.n) END,
        gd_rate,
        CASE WHEN cardinality(award_params) > 0 THEN
            ARRAY(SELECT coalesce((SELECT sum(ecocomp._param_fen(w, 'amount', meth, 0))
                                   FROM jsonb_array_elements(p -> 'awards') w
                                   JOIN ecocomp.gb3095_limit l ON l.parameter = w ->> 'parameter' AND l.averaging = 'annual'
                                   WHERE (c -> 'now_v' ->> (w ->> 'parameter'))::float8 <= l.grade_ii
                                     AND (c -> 'prev_v' ->> (w ->> 'parameter'))::float8 > l.grade_ii), 0)::bigint
                  FROM jsonb_array_elements(cells) WITH ORDINALITY AS e (c, n) ORDER BY e.n) END,
        cap);

    FOREACH party IN ARRAY a.parties LOOP
        pidx := pidx + 1;
        RETURN NEXT ecocomp._settlement_line(party, fund, k.total_fen[pidx],
            ecocomp._basis(a, period) || jsonb_build_object(
                'upstream', party, 'downstream', fund, 'party', party, 'counterparty', fund,
                'params', p, 'period_unit', unit, 'compare_to', cmp,
                'indicators', p -> 'indicators', 'ladder', ladder,
                'coefficient', coalesce((p -> 'coefficients' ->> party)::float8, 1),
                'good_day_rate_fen', gd_rate, 'cap_fen', cap,
                'uncapped_fen', k.uncapped_fen[pidx],
                'terms', (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                              'unit_period', c ->> 'u', 'now', c -> 'now_v', 'base', c -> 'base_v',
                              'carried', CASE WHEN carry = 1 AND (e.n - 1) % cardinality(units) = 0 THEN true END,
                              'assessed', k.score[e.n] IS NOT NULL
                                          AND jsonb_array_length(c -> 'missing_now') = 0
                                          AND jsonb_array_length(c -> 'missing_base') = 0
                                          AND NOT (c ->> 'gd_missing')::boolean,
                              'score', k.score[e.n],
                              'target_coefficient', c -> 'target_coefficient',
                              'pollutant_fen', k.pollutant_fen[e.n],
                              'good_day_ratio', c -> 'gd_now', 'base_good_day_ratio', c -> 'gd_base',
                              'good_day_fen', CASE WHEN gd_rate IS NOT NULL THEN k.good_day_fen[e.n] END,
                              'award_fen', k.unit_fen[e.n] - k.pollutant_fen[e.n] - k.good_day_fen[e.n],
                              'unit_fen', k.unit_fen[e.n])) ORDER BY e.n)
                          FROM jsonb_array_elements(cells) WITH ORDINALITY AS e (c, n)
                          WHERE c ->> 'code' = party)));
    END LOOP;
END $$;
COMMENT ON FUNCTION ecocomp._settle_air_quality(ecocomp.agreement, daterange) IS
    'internal: settles an air_quality agreement for a period: one line per city with the fund (positive: the fund pays the city) and an issue line per city and unit that could not be assessed';

-- Parties are named as the jurisdiction table has them (_party_text), so
-- an auditor reads 青岛市（370200） rather than a bare code.
CREATE OR REPLACE FUNCTION ecocomp._explain_air_quality(basis jsonb, lang text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT concat_ws(E'\n',
        CASE WHEN lang = 'zh'
             THEN format('空气质量补偿（协议 %s，期间 %s，按%s）：改善得分 S = Σ 权重ᵢ ×（基准ᵢ − 现值ᵢ），因子 %s；基准为%s；金额 = S × %s%s%s。',
                         basis ->> 'agreement_id', basis ->> 'period',
                         ecocomp._unit_zh(basis ->> 'period_unit'),
                         (SELECT string_agg(format('%s %s', e.key, e.value), '、' ORDER BY e.key) FROM jsonb_each(basis -> 'indicators') e),
                         CASE basis ->> 'compare_to' WHEN 'previous_year' THEN '上年同期' WHEN 'target' THEN '目标值'
                              WHEN 'peer_mean' THEN '全体城市同期均值' ELSE '目标值（按年初至今累计均值逐期结算差额）' END,
                         (SELECT string_agg(CASE WHEN b ->> 'max' IS NULL AND (b ->> 'min')::float8 = 0
                                                 THEN format('每微克/立方米 %s 元', ecocomp._yuan_text((b ->> 'rate_fen')::bigint))
                                                 ELSE format('%s–%s 段每微克/立方米 %s 元', b ->> 'min', coalesce(b ->> 'max', '∞'),
                                                             ecocomp._yuan_text((b ->> 'rate_fen')::bigint)) END, '，')
                          FROM jsonb_array_elements(basis -> 'ladder') b),
                         CASE WHEN (basis ->> 'coefficient')::float8 <> 1 THEN format(' × 系数 %s', basis ->> 'coefficient') ELSE '' END,
                         CASE WHEN basis ->> 'good_day_rate_fen' IS NOT NULL
                              THEN format('，另加优良天数比例每变化 1 个百分点 %s 元', ecocomp._yuan_text((basis ->> 'good_day_rate_fen')::bigint)) ELSE '' END)
             ELSE format('Air quality (agreement %s, period %s, by %s): improvement score S = Σ weightᵢ × (baseᵢ − nowᵢ) over %s; the base is %s; amount = S × %s%s%s.',
                         basis ->> 'agreement_id', basis ->> 'period', basis ->> 'period_unit',
                         (SELECT string_agg(format('%s %s', e.key, e.value), ', ' ORDER BY e.key) FROM jsonb_each(basis -> 'indicators') e),
                         CASE basis ->> 'compare_to' WHEN 'previous_year' THEN 'the same period a year earlier' WHEN 'target' THEN 'the target'
                              WHEN 'peer_mean' THEN 'the mean of all parties in the same period'
                              ELSE 'the target, each unit paying the change of the year-to-date amount' END,
                         (SELECT string_agg(CASE WHEN b ->> 'max' IS NULL AND (b ->> 'min')::float8 = 0
                                                 THEN format('%s yuan per µg/m³', ecocomp._yuan_text((b ->> 'rate_fen')::bigint))
                                                 ELSE format('%s yuan per µg/m³ from %s to %s', ecocomp._yuan_text((b ->> 'rate_fen')::bigint),
                                                             b ->> 'min', coalesce(b ->> 'max', '∞')) END, ', ')
                          FROM jsonb_array_elements(basis -> 'ladder') b),
                         CASE WHEN (basis ->> 'coefficient')::float8 <> 1 THEN format(' × coefficient %s', basis ->> 'coefficient') ELSE '' END,
                         CASE WHEN basis ->> 'good_day_rate_fen' IS NOT NULL
                              THEN format(', plus %s yuan per percentage point of change in the good-day ratio', ecocomp._yuan_text((basis ->> 'good_day_rate_fen')::bigint)) ELSE '' END)
        END,
        (SELECT string_agg(
            CASE WHEN (t ->> 'carried')::boolean AND (t ->> 'assessed')::boolean
                 THEN format(CASE WHEN lang = 'zh' THEN '  %s（本期之前的年初至今）：S = %s，仅作为累计差额的起点，不支付。'
                                  ELSE '  %s (the year to date before the period): S = %s, the starting point of the cumulative change, not paid.' END,
                             t ->> 'unit_period', ecocomp._num((t ->> 'score')::float8))
                 WHEN NOT (t ->> 'assessed')::boolean
                 THEN format(CASE WHEN lang = 'zh' THEN '  %s：数据不全，未评估（见结算问题）。' ELSE '  %s: data missing, not assessed (see the settlement issues).' END,
                             t ->> 'unit_period')
                 ELSE format(CASE WHEN lang = 'zh' THEN '  %s：S = %s = %s%s，污染物部分 %s 元%s%s；本期 %s 元。'
                                  ELSE '  %s: S = %s = %s%s, pollutant part %s yuan%s%s; unit total %s yuan.' END,
                             t ->> 'unit_period',
                             (SELECT string_agg(format('%s×(%s − %s)', basis -> 'indicators' ->> i.key,
                                                       ecocomp._num((t -> 'base' ->> i.key)::float8), ecocomp._num((t -> 'now' ->> i.key)::float8)),
                                                ' + ' ORDER BY i.key)
                              FROM jsonb_each(basis -> 'indicators') i),
                             ecocomp._num((t ->> 'score')::float8),
                             CASE WHEN t ? 'target_coefficient' AND (t ->> 'score')::float8 > 0
                                  THEN format(CASE WHEN lang = 'zh' THEN '（目标系数 %s）' ELSE ' (target coefficient %s)' END, t ->> 'target_coefficient')
                                  ELSE '' END,
                             ecocomp._signed_yuan_text((t ->> 'pollutant_fen')::bigint),
                             CASE WHEN t ? 'good_day_fen'
                                  THEN format(CASE WHEN lang = 'zh' THEN '，优良天数比例 %s%% → %s%%，%s 元' ELSE ', good-day ratio %s%% -> %s%%, %s yuan' END,
                                              ecocomp._num((t ->> 'base_good_day_ratio')::float8 * 100), ecocomp._num((t ->> 'good_day_ratio')::float8 * 100),
                                              ecocomp._signed_yuan_text((t ->> 'good_day_fen')::bigint))
                                  ELSE '' END,
                             CASE WHEN (t ->> 'award_fen')::bigint <> 0
                                  THEN format(CASE WHEN lang = 'zh' THEN '，达标奖励 %s 元' ELSE ', award %s yuan' END,
                                              ecocomp._yuan_text((t ->> 'award_fen')::bigint))
                                  ELSE '' END,
                             ecocomp._signed_yuan_text((t ->> 'unit_fen')::bigint)) END,
            E'\n' ORDER BY e.i)
         FROM jsonb_array_elements(basis -> 'terms') WITH ORDINALITY AS e (t, i)),
        ecocomp._cap_text(basis, lang),
        CASE WHEN (basis ->> 'amount_fen')::bigint = 0
             THEN CASE WHEN lang = 'zh' THEN '金额为零，无需支付。' ELSE 'The amount is zero: nobody pays.' END
             ELSE format(CASE WHEN lang = 'zh' THEN '合计 %s 元：%s。' ELSE 'Total %s yuan: %s.' END,
                         ecocomp._yuan_text(abs((basis ->> 'amount_fen')::bigint)),
                         CASE WHEN (basis ->> 'amount_fen')::bigint > 0
                              THEN format(CASE WHEN lang = 'zh' THEN '空气质量改善，%s 支付给 %s' ELSE 'the air improved, so %s pays %s' END,
                                          ecocomp._party_text(basis ->> 'counterparty', lang), ecocomp._party_text(basis ->> 'party', lang))
                              ELSE format(CASE WHEN lang = 'zh' THEN '空气质量变差，%s 支付给 %s' ELSE 'the air worsened, so %s pays %s' END,
                                          ecocomp._party_text(basis ->> 'party', lang), ecocomp._party_text(basis ->> 'counterparty', lang)) END)
        END)
$$;
COMMENT ON FUNCTION ecocomp._explain_air_quality(jsonb, text) IS
    'internal: an air_quality basis in words (zh or en) with the numbers filled in and the parties named';

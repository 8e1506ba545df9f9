-- index_ratio: the Xin'an River compensation index (docs/methods/index_ratio.md)
--     P = k0 · Σ kᵢ · Cᵢ / Cᵢ₀
-- Cᵢ: mean of indicator i over the settled period, Cᵢ₀: the baseline (given,
-- or the mean over baseline_period).  P ≤ threshold (P < threshold when not
-- inclusive): downstream pays `amount`; otherwise upstream pays
-- `amount_if_worse`.  Kernel: src/core/rule_index_ratio.c.

CREATE OR REPLACE FUNCTION ecocomp._index_ratio_kernel(
    means double precision[], baselines double precision[], weights double precision[],
    k0 double precision, threshold double precision, inclusive boolean,
    amount_fen bigint, amount_if_worse_fen bigint,
    OUT p double precision, OUT at_threshold boolean, OUT better boolean,
    OUT terms double precision[], OUT amount_fen bigint)
AS 'MODULE_PATHNAME', 'ecocomp_index_ratio_kernel'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._index_ratio_kernel(double precision[], double precision[], double precision[],
    double precision, double precision, boolean, bigint, bigint) IS
    'internal: P = k0·Σ kᵢ·Cᵢ/Cᵢ₀, its comparison with the threshold and the signed amount in fen';

CREATE OR REPLACE FUNCTION ecocomp._check_params_index_ratio(a ecocomp.agreement) RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m constant text := 'index_ratio';
    p jsonb := a.params;
    ind text[];
    w numeric[];
    k0 numeric;
    bl jsonb;
    bad text;
BEGIN
    PERFORM ecocomp._require_sections(a);
    PERFORM ecocomp._param_keys(p,
        '{indicators,weights,k0,baseline,baseline_period,threshold,inclusive,amount,amount_if_worse}',
        '{indicators,weights,k0,amount}', m);
    ind := ecocomp._param_codes(p, 'indicators', m);
    w := ecocomp._param_numbers(p, 'weights', m, 0);
    IF cardinality(w) <> cardinality(ind) THEN
        PERFORM ecocomp._param_fail(m, 'weights', 'does not match indicators',
            format('Expected one weight per indicator (%s); got %s weights for %s indicators.',
                   array_to_string(ind, ', '), cardinality(w), cardinality(ind)));
    END IF;
    k0 := ecocomp._param_number(p, 'k0', m, 0);
    IF k0 = 0 THEN
        PERFORM ecocomp._param_fail(m, 'k0', 'is out of range',
            'Expected a number > 0 (the water-quality stability coefficient, e.g. 0.85); got 0.');
    END IF;
    IF (p ? 'baseline') = (p ? 'baseline_period') THEN
        PERFORM ecocomp._param_fail(m, 'baseline', CASE WHEN p ? 'baseline' THEN 'conflicts with baseline_period' ELSE 'is missing' END,
            'Expected exactly one of baseline (an object indicator code -> baseline concentration) and baseline_period (a date range whose means are the baseline).');
    END IF;
    IF p ? 'baseline' THEN
        bl := ecocomp._param_codes_map(p, 'baseline', m, 0);
        SELECT c INTO bad FROM unnest(ind) c WHERE NOT bl ? c LIMIT 1;
        IF bad IS NOT NULL THEN
            PERFORM ecocomp._param_fail(m, 'baseline', 'misses an indicator',
                format('Expected a baseline for every indicator (%s); "%s" has none.', array_to_string(ind, ', '), bad));
        END IF;
        SELECT k INTO bad FROM jsonb_object_keys(bl) k WHERE NOT k = ANY (ind) LIMIT 1;
        IF bad IS NOT NULL THEN
            PERFORM ecocomp._param_fail(m, 'baseline', 'names a parameter that is not an indicator',
                format('Expected baselines for %s only; "%s" is not in indicators.', array_to_string(ind, ', '), bad));
        END IF;
        SELECT k INTO bad FROM jsonb_each(bl) e (k, v) WHERE v::numeric <= 0 LIMIT 1;
        IF bad IS NOT NULL THEN
            PERFORM ecocomp._param_fail(m, 'baseline', 'is out of range',
                format('Expected baselines > 0 (P divides by them); "%s" is %s.', bad, bl ->> bad));
        END IF;
    ELSE
        PERFORM ecocomp._param_daterange(p, 'baseline_period', m);
    END IF;
    PERFORM ecocomp._param_number(p, 'threshold', m, 0);
    PERFORM ecocomp._param_bool(p, 'inclusive', m);
    PERFORM ecocomp._param_fen(p, 'amount', m, 0);
    PERFORM ecocomp._param_fen(p, 'amount_if_worse', m, 0);
END $$;
COMMENT ON FUNCTION ecocomp._check_params_index_ratio(ecocomp.agreement) IS
    'internal: validates the params of an index_ratio agreement (22023 naming the key)';

-- Mean of each indicator over a period: the mean of every sample of every
-- listed section (non-detects at half the detection limit), computed from
-- the yearly assessment rows weighted by their sample counts.
CREATE OR REPLACE FUNCTION ecocomp._index_ratio_means(a ecocomp.agreement, period daterange, indicators text[])
RETURNS TABLE (parameter text, mean double precision, samples bigint)
LANGUAGE sql STABLE PARALLEL RESTRICTED AS $$
    SELECT i.code, s.mean, coalesce(s.samples, 0)
    FROM unnest(indicators) WITH ORDINALITY AS i (code, ord)
    LEFT JOIN (
        -- per section the sample mean, then the mean over the sections
        SELECT x.parameter, avg(x.mean) AS mean, sum(x.samples)::bigint AS samples
        FROM (SELECT r.section_code, r.parameter,
                     sum(r.mean * r.samples) / sum(r.samples) AS mean, sum(r.samples) AS samples
              FROM ecocomp._assessment_for(a, period, 'year') r
              WHERE r.parameter = ANY (indicators)
              GROUP BY r.section_code, r.parameter) x
        GROUP BY x.parameter
    ) s ON s.parameter = i.code
    ORDER BY i.ord
$$;
COMMENT ON FUNCTION ecocomp._index_ratio_means(ecocomp.agreement, daterange, text[]) IS
    'internal: per indicator, the mean over the period (sample mean per section, averaged over the sections) and the sample count';

CREATE OR REPLACE FUNCTION ecocomp._settle_index_ratio_unit(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    p jsonb := a.params;
    ind text[] := ARRAY(SELECT jsonb_array_elements_text(p -> 'indicators'));
    w double precision[] := ARRAY(SELECT e::double precision FROM jsonb_array_elements(p -> 'weights') e);
    k0 double precision := (p ->> 'k0')::double precision;
    thr double precision := coalesce((p ->> 'threshold')::double precision, 1);
    incl boolean := coalesce((p ->> 'inclusive')::boolean, true);
    amt bigint := ecocomp._param_fen(p, 'amount', 'index_ratio', 0);
    amt_w bigint := coalesce(ecocomp._param_fen(p, 'amount_if_worse', 'index_ratio', 0), amt);
    bperiod daterange := (p ->> 'baseline_period')::daterange;
    means double precision[];
    nsamp bigint[];
    bl double precision[];
    bsamp bigint[];
    missing text[];
    basis jsonb;
    k record;
BEGIN
    SELECT array_agg(m.mean), array_agg(m.samples) INTO means, nsamp
    FROM ecocomp._index_ratio_means(a, period, ind) m;
    IF p ? 'baseline' THEN
        bl := ARRAY(SELECT (p -> 'baseline' ->> c)::double precision FROM unnest(ind) c);
    ELSE
        SELECT array_agg(m.mean), array_agg(m.samples) INTO bl, bsamp
        FROM ecocomp._index_ratio_means(a, bperiod, ind) m;
    END IF;

    basis := ecocomp._sections_basis(a, period) || jsonb_build_object(
        'indicators', to_jsonb(ind), 'weights', to_jsonb(w), 'k0', k0,
        'threshold', thr, 'inclusive', incl,
        'amount_fen_if_better', amt, 'amount_fen_if_worse', amt_w,
        'means', (SELECT jsonb_object_agg(c, m) FROM unnest(ind, means) x (c, m)),
        'samples', (SELECT jsonb_object_agg(c, n) FROM unnest(ind, nsamp) x (c, n)),
        'baseline_source', CASE WHEN p ? 'baseline' THEN 'params' ELSE ecocomp._period_text(bperiod) END,
        'baselines', (SELECT jsonb_object_agg(c, b) FROM unnest(ind, bl) x (c, b)));
    IF bsamp IS NOT NULL THEN
        basis := basis || jsonb_build_object('baseline_samples',
            (SELECT jsonb_object_agg(c, n) FROM unnest(ind, bsamp) x (c, n)));
    END IF;

    -- Missing data: no payment either way; reported.
    missing := ARRAY(SELECT c FROM unnest(ind, means) x (c, m) WHERE m IS NULL);
    IF cardinality(missing) > 0 THEN
        RETURN NEXT ecocomp._settlement_line(a.upstream_code, a.downstream_code, 0, basis,
            format('no samples of %s at %s in %s: P cannot be computed, so no payment either way (index_ratio rule)',
                   array_to_string(missing, ', '), array_to_string(a.section_codes, ', '), ecocomp._period_text(period)));
        RETURN;
    END IF;
    missing := ARRAY(SELECT c FROM unnest(ind, bl) x (c, b) WHERE b IS NULL OR b <= 0);
    IF cardinality(missing) > 0 THEN
        RETURN NEXT ecocomp._settlement_line(a.upstream_code, a.downstream_code, 0, basis,
            format('no baseline (or a baseline of 0) for %s from baseline_period %s: P cannot be computed, so no payment either way (index_ratio rule)',
                   array_to_string(missing, ', '), ecocomp._period_text(bperiod)));
        RETURN;
    END IF;

    SELECT * INTO k FROM ecocomp._index_ratio_kernel(means, bl, w, k0, thr, incl, amt, amt_w);
    basis := basis || jsonb_build_object(
        'terms', (SELECT jsonb_object_agg(c, t) FROM unnest(ind, k.terms) x (c, t)),
        'p', k.p, 'at_threshold', k.at_threshold, 'better', k.better);
    RETURN NEXT ecocomp._settlement_line(a.upstream_code, a.downstream_code, k.amount_fen, basis);
END $$;
COMMENT ON FUNCTION ecocomp._settle_index_ratio_unit(ecocomp.agreement, daterange) IS
    'internal: settles an index_ratio agreement for one calendar year: one line, or an issue and no payment when a mean or baseline is missing';

-- ecocomp._settle_index_ratio runs the function above once per whole unit of a
-- period (made in 50_method_registry.sql from ecocomp.method.whole_units).

CREATE OR REPLACE FUNCTION ecocomp._explain_index_ratio(basis jsonb, lang text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    terms text;
    fen bigint := (basis ->> 'amount_fen')::bigint;
    thr text := ecocomp._num((basis ->> 'threshold')::double precision);
    incl boolean := (basis ->> 'inclusive')::boolean;
    p text := ecocomp._num((basis ->> 'p')::double precision, 6);
    zh boolean := lang = 'zh';
BEGIN
    SELECT string_agg(format('%s × %s/%s', ecocomp._num(w::double precision),
                             ecocomp._num((basis -> 'means' ->> c)::double precision, 6),
                             ecocomp._num((basis -> 'baselines' ->> c)::double precision, 6)), ' + ' ORDER BY o)
    INTO terms
    FROM jsonb_array_elements_text(basis -> 'indicators') WITH ORDINALITY AS i (c, o)
    JOIN jsonb_array_elements_text(basis -> 'weights') WITH ORDINALITY AS ww (w, o2) ON o2 = o;
    RETURN format(CASE WHEN zh THEN '补偿指数 P = k0 × Σ kᵢ·Cᵢ/Cᵢ₀ = %s × (%s) = %s（指标 %s，Cᵢ 为 %s 的均值，Cᵢ₀ 为%s）。'
                       ELSE 'Compensation index P = k0 × Σ kᵢ·Cᵢ/Cᵢ₀ = %s × (%s) = %s (indicators %s; Cᵢ the mean over %s, Cᵢ₀ %s). ' END,
                  ecocomp._num((basis ->> 'k0')::double precision), terms, p,
                  (SELECT string_agg(x, CASE WHEN zh THEN '、' ELSE ', ' END) FROM jsonb_array_elements_text(basis -> 'indicators') x),
                  basis ->> 'period',
                  CASE WHEN basis ->> 'baseline_source' = 'params'
                       THEN CASE WHEN zh THEN '协议约定的基本限值' ELSE 'the agreed baseline' END
                       WHEN zh THEN ' ' || (basis ->> 'baseline_source') || ' 的均值（基本限值）'
                       ELSE 'the mean over ' || (basis ->> 'baseline_source') END)
        || CASE WHEN (basis ->> 'better')::boolean
                THEN format(CASE WHEN zh THEN 'P %s %s，水质优于基准，下游 %s 向上游 %s 支付 %s 元。'
                                 ELSE 'P %s %s: the water is better than the baseline, so downstream %s pays upstream %s %s yuan.' END,
                            CASE WHEN incl THEN '≤' ELSE '<' END, thr,
                            basis ->> 'downstream_code', basis ->> 'upstream_code', ecocomp._yuan_text(fen))
                ELSE format(CASE WHEN zh THEN 'P %s %s，水质未达到基准，上游 %s 向下游 %s 支付 %s 元。'
                                 ELSE 'P %s %s: the water is not better than the baseline, so upstream %s pays downstream %s %s yuan.' END,
                            CASE WHEN incl THEN '>' ELSE '≥' END, thr,
                            basis ->> 'upstream_code', basis ->> 'downstream_code', ecocomp._yuan_text(-fen)) END;
END $$;
COMMENT ON FUNCTION ecocomp._explain_index_ratio(jsonb, text) IS
    'internal: the index_ratio formula with the numbers of a basis filled in (zh or en)';

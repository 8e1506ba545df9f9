-- tiered_exceedance (Zhoukou, Shanxi, Hebei, Hefei): bands on the exceedance
-- multiple m = (C̄ − target) / target of each factor in each period unit.
-- Kernel: src/core/rule_tiered_exceedance.c; docs/methods/tiered_exceedance.md.
-- Also the helpers shared with linear (56) and relative_change (57).

CREATE OR REPLACE FUNCTION ecocomp._bands_check(method text, key text, min double precision[],
                                     max double precision[], min_inclusive boolean[],
                                     max_inclusive boolean[])
RETURNS void
AS 'MODULE_PATHNAME', 'ecocomp_bands_check'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._bands_check(text, text, double precision[], double precision[], boolean[], boolean[]) IS
    'internal: raises 22023 naming the method and key when a band is empty or two bands overlap';

-- A list of bands {min, max, amount[, times_one_plus_m][, min_inclusive][, max_inclusive]}
-- as rows in list order; min < x <= max by default, null or absent = unbounded.
CREATE OR REPLACE FUNCTION ecocomp._param_bands(params jsonb, key text, method text,
                                     allow_times boolean, min_amount numeric)
RETURNS TABLE (ord int, min double precision, max double precision,
               min_inclusive boolean, max_inclusive boolean,
               amount_fen bigint, times_one_plus_m boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := params -> key;
    b jsonb;
    k text;
    i int := 0;
    allowed text[] := ARRAY['min', 'max', 'amount', 'min_inclusive', 'max_inclusive']
                      || CASE WHEN allow_times THEN ARRAY['times_one_plus_m'] ELSE '{}'::text[] END;
    mins double precision[] := '{}';
    maxs double precision[] := '{}';
    minis boolean[] := '{}';
    maxis boolean[] := '{}';
    item text;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        RETURN;
    END IF;
    IF jsonb_typeof(v) <> 'array' OR jsonb_array_length(v) = 0 THEN
        PERFORM ecocomp._param_fail(method, key, 'must be a list of bands',
            format('Expected a non-empty JSON array of objects such as {"min": 0.1, "max": 0.5, "amount": 100000}; got %s.',
                   ecocomp._param_show(v)));
    END IF;
    FOR b IN SELECT e FROM jsonb_array_elements(v) WITH ORDINALITY AS t (e, n) ORDER BY n LOOP
        i := i + 1;
        item := format('%s[%s]', key, i);
        IF jsonb_typeof(b) <> 'object' THEN
            PERFORM ecocomp._param_fail(method, item, 'must be an object',
                format('Each band is an object with the keys %s; got %s.',
                       array_to_string(allowed, ', '), ecocomp._param_show(b)));
        END IF;
        FOR k IN SELECT jsonb_object_keys(b) ORDER BY 1 LOOP
            IF NOT k = ANY (allowed) THEN
                PERFORM ecocomp._param_fail(method, item || '.' || k, 'is unknown',
                    format('The keys of a band are %s.', array_to_string(allowed, ', ')));
            END IF;
        END LOOP;
        IF b -> 'amount' IS NULL OR jsonb_typeof(b -> 'amount') = 'null' THEN
            PERFORM ecocomp._param_fail(method, item || '.amount', 'is missing',
                'Every band needs an amount in yuan.');
        END IF;
        ord := i;
        min := ecocomp._param_number(jsonb_build_object(item || '.min', b -> 'min'), item || '.min', method);
        max := ecocomp._param_number(jsonb_build_object(item || '.max', b -> 'max'), item || '.max', method);
        min_inclusive := coalesce(ecocomp._param_bool(jsonb_build_object(item || '.min_inclusive', b -> 'min_inclusive'),
                                                      item || '.min_inclusive', method), false);
        max_inclusive := coalesce(ecocomp._param_bool(jsonb_build_object(item || '.max_inclusive', b -> 'max_inclusive'),
                                                      item || '.max_inclusive', method), true);
        amount_fen := ecocomp._param_fen(jsonb_build_object(item || '.amount', b -> 'amount'),
                                         item || '.amount', method, min_amount);
        times_one_plus_m := coalesce(ecocomp._param_bool(jsonb_build_object(item || '.times_one_plus_m', b -> 'times_one_plus_m'),
                                                         item || '.times_one_plus_m', method), false);
        mins := mins || min;
        maxs := maxs || max;
        minis := minis || min_inclusive;
        maxis := maxis || max_inclusive;
        RETURN NEXT;
    END LOOP;
    PERFORM ecocomp._bands_check(method, key, mins, maxs, minis, maxis);
END $$;
COMMENT ON FUNCTION ecocomp._param_bands(jsonb, text, text, boolean, numeric) IS
    'internal: params->key as a list of non-overlapping bands (amount in fen); raises 22023 naming the band';

-- The keys of an object inside params (a band, a section, a factor): errors
-- name the item, e.g. pool parameter "sections[2].deduction_to" is missing.
CREATE OR REPLACE FUNCTION ecocomp._param_item_keys(obj jsonb, allowed text[], required text[],
                                         method text, item text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    k text;
BEGIN
    FOR k IN SELECT jsonb_object_keys(obj) ORDER BY 1 LOOP
        IF NOT k = ANY (allowed) THEN
            PERFORM ecocomp._param_fail(method, item || '.' || k, 'is unknown',
                format('The keys of %s are %s.', item, array_to_string(allowed, ', ')));
        END IF;
    END LOOP;
    FOREACH k IN ARRAY coalesce(required, '{}') LOOP
        IF obj -> k IS NULL OR jsonb_typeof(obj -> k) = 'null' THEN
            PERFORM ecocomp._param_fail(method, item || '.' || k, 'is missing',
                format('Each item of this list needs the keys %s.', array_to_string(required, ', ')));
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION ecocomp._param_item_keys(jsonb, text[], text[], text, text) IS
    'internal: an object inside params may have only the allowed keys and must have the required ones; errors name the item';

-- A band of a basis as text: "0.1 < m ≤ 0.5".
CREATE OR REPLACE FUNCTION ecocomp._band_text(band jsonb, var text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN band IS NULL OR jsonb_typeof(band) = 'null' THEN NULL
           WHEN band ->> 'min' IS NULL AND band ->> 'max' IS NULL THEN var || ' (any value)'
           ELSE concat_ws(' ',
                CASE WHEN band ->> 'min' IS NOT NULL
                     THEN (band ->> 'min') || CASE WHEN (band ->> 'min_inclusive')::boolean THEN ' ≤' ELSE ' <' END END,
                var,
                CASE WHEN band ->> 'max' IS NOT NULL
                     THEN CASE WHEN coalesce((band ->> 'max_inclusive')::boolean, true) THEN '≤ ' ELSE '< ' END
                          || (band ->> 'max') END)
           END
$$;
COMMENT ON FUNCTION ecocomp._band_text(jsonb, text) IS 'internal: a band as text for explanations, e.g. 0.1 < m ≤ 0.5';

-- A params object code -> number whose values must all be > 0 (and whose
-- parameters are of the given kinds, when given).
CREATE OR REPLACE FUNCTION ecocomp._param_positive_map(params jsonb, key text, method text, kinds text[] DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := ecocomp._param_codes_map(params, key, method, 0);
    r record;
BEGIN
    FOR r IN SELECT e.key AS code, e.value::text::numeric AS x, p.kind
             FROM jsonb_each(v) e JOIN ecocomp.parameter p ON p.code = e.key ORDER BY 1 LOOP
        IF r.x <= 0 THEN
            PERFORM ecocomp._param_fail(method, key, 'is out of range',
                format('The value for "%s" must be > 0; got %s.', r.code, r.x));
        END IF;
        IF kinds IS NOT NULL AND NOT r.kind = ANY (kinds) THEN
            PERFORM ecocomp._param_fail(method, key, 'names a parameter without an upper limit',
                format('"%s" is a parameter of kind "%s"; the method needs upper-limit parameters such as COD or NH3-N.',
                       r.code, r.kind));
        END IF;
    END LOOP;
    RETURN v;
END $$;
COMMENT ON FUNCTION ecocomp._param_positive_map(jsonb, text, text, text[]) IS
    'internal: params->key as an object parameter code -> number > 0, of the given parameter kinds';

-- Every (section, factor, period unit) of an agreement's period, in order,
-- with the assessed samples and mean (NULL when there were no samples), from
-- the assessment settle() shared between its agreements when there is one.
-- grp numbers the (section, factor) pairs from 1.
CREATE OR REPLACE FUNCTION ecocomp._factor_grid(a ecocomp.agreement, period daterange, unit text, codes text[])
RETURNS TABLE (n bigint, grp bigint, section_code text, parameter text, unit_period daterange,
               samples bigint, mean double precision)
LANGUAGE sql STABLE PARALLEL RESTRICTED AS $$
    SELECT row_number() OVER (ORDER BY s.ord, t.code, u.u),
           dense_rank() OVER (ORDER BY s.ord, t.code),
           s.code, t.code, u.u, x.samples, x.mean
    FROM unnest(a.section_codes) WITH ORDINALITY AS s (code, ord)
    CROSS JOIN unnest(codes) AS t (code)
    CROSS JOIN ecocomp._period_units(period, unit) AS u (u)
    LEFT JOIN ecocomp._assessment_for(a, period, unit) x
           ON x.section_code = s.code AND x.parameter = t.code AND x.period = u.u
    ORDER BY 1
$$;
COMMENT ON FUNCTION ecocomp._factor_grid(ecocomp.agreement, daterange, text, text[]) IS
    'internal: every section x factor x period unit of a settlement with its assessed mean (NULL without samples)';

-- Issue lines for the grid cells without samples: one per section and factor.
CREATE OR REPLACE FUNCTION ecocomp._missing_lines(a ecocomp.agreement, period daterange, missing jsonb, rule text)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ROW(NULL, NULL, NULL,
               jsonb_build_object('method', a.method, 'agreement_id', a.agreement_id, 'period', ecocomp._period_text(period),
                                  'section', m.section_code, 'parameter', m.parameter, 'missing_periods', m.units),
               format('no %s samples at section %s in %s; %s', m.parameter, m.section_code,
                      (SELECT string_agg(u, ', ') FROM jsonb_array_elements_text(m.units) u), rule)
              )::ecocomp.settlement_line
    FROM (SELECT e ->> 'section_code' AS section_code, e ->> 'parameter' AS parameter,
                 jsonb_agg(e -> 'unit_period' ORDER BY (e ->> 'n')::bigint) AS units,
                 min((e ->> 'n')::bigint) AS first
          FROM jsonb_array_elements(coalesce(missing, '[]')) e
          GROUP BY 1, 2) m
    ORDER BY m.first
$$;
COMMENT ON FUNCTION ecocomp._missing_lines(ecocomp.agreement, daterange, jsonb, text) IS
    'internal: one issue line per section and factor listing the period units without samples and the rule applied';

-- "U pays D 1,234.00 yuan" from a signed amount.
CREATE OR REPLACE FUNCTION ecocomp._direction_text(basis jsonb, lang text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN (basis ->> 'amount_fen')::bigint = 0 THEN
            CASE WHEN lang = 'zh' THEN '金额为零，无需支付。' ELSE 'The amount is zero: nobody pays.' END
        WHEN lang = 'zh' THEN
            format('合计 %s 元，由 %s 支付给 %s。', ecocomp._yuan_text(abs((basis ->> 'amount_fen')::bigint)),
                   CASE WHEN (basis ->> 'amount_fen')::bigint > 0 THEN basis ->> 'downstream' ELSE basis ->> 'upstream' END,
                   CASE WHEN (basis ->> 'amount_fen')::bigint > 0 THEN basis ->> 'upstream' ELSE basis ->> 'downstream' END)
        ELSE
            format('Total %s yuan: %s pays %s.', ecocomp._yuan_text(abs((basis ->> 'amount_fen')::bigint)),
                   CASE WHEN (basis ->> 'amount_fen')::bigint > 0 THEN basis ->> 'downstream' ELSE basis ->> 'upstream' END,
                   CASE WHEN (basis ->> 'amount_fen')::bigint > 0 THEN basis ->> 'upstream' ELSE basis ->> 'downstream' END)
        END
$$;
COMMENT ON FUNCTION ecocomp._direction_text(jsonb, text) IS 'internal: the payer, payee and total of a two-party basis, in words';

-- "−1,234.00" for a negative amount in fen, "1,234.00" otherwise.
CREATE OR REPLACE FUNCTION ecocomp._signed_yuan_text(fen bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN fen < 0 THEN '−' ELSE '' END || ecocomp._yuan_text(abs(fen))
$$;
COMMENT ON FUNCTION ecocomp._signed_yuan_text(bigint) IS 'internal: a signed amount in fen as yuan text';

-- The sentence saying that a basis's total was cut to its cap, or NULL.
CREATE OR REPLACE FUNCTION ecocomp._cap_text(basis jsonb, lang text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN basis ->> 'cap_fen' IS NOT NULL
                     AND abs((basis ->> 'uncapped_fen')::bigint) > (basis ->> 'cap_fen')::bigint
                THEN format(CASE WHEN lang = 'zh' THEN '  合计 %s 元，超过上限，按 %s 元计。'
                                 ELSE '  The sum, %s yuan, is capped at %s yuan.' END,
                            ecocomp._yuan_text((basis ->> 'uncapped_fen')::bigint),
                            ecocomp._yuan_text((basis ->> 'cap_fen')::bigint)) END
$$;
COMMENT ON FUNCTION ecocomp._cap_text(jsonb, text) IS 'internal: the cap sentence of a basis whose total was capped, in words';

CREATE OR REPLACE FUNCTION ecocomp._tiered_exceedance_kernel(
    groups int[], means double precision[], targets double precision[],
    band_min double precision[], band_max double precision[],
    band_min_inclusive boolean[], band_max_inclusive boolean[],
    band_amount_fen bigint[], band_times boolean[], ngroups int,
    cap_per_factor_fen bigint, cap_fen bigint,
    OUT m double precision[], OUT band int[], OUT penalty_fen bigint[],
    OUT group_fen bigint[], OUT total_fen bigint)
AS 'MODULE_PATHNAME', 'ecocomp_tiered_exceedance_kernel'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._tiered_exceedance_kernel(int[], double precision[], double precision[], double precision[], double precision[], boolean[], boolean[], bigint[], boolean[], int, bigint, bigint) IS
    'internal: the tiered_exceedance kernel: exceedance multiples, bands, penalties, per-factor caps and the signed total in fen';

CREATE OR REPLACE FUNCTION ecocomp._check_params_tiered_exceedance(a ecocomp.agreement)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m text := 'tiered_exceedance';
BEGIN
    PERFORM ecocomp._param_keys(a.params,
        ARRAY['targets', 'bands', 'period_unit', 'cap_per_factor', 'cap'],
        ARRAY['targets', 'bands'], m);
    PERFORM ecocomp._require_sections(a);
    PERFORM ecocomp._param_positive_map(a.params, 'targets', m, ARRAY['upper']);
    PERFORM count(*) FROM ecocomp._param_bands(a.params, 'bands', m, true, 0);
    PERFORM ecocomp._param_text(a.params, 'period_unit', m, ARRAY['month', 'quarter', 'year']);
    PERFORM ecocomp._param_fen(a.params, 'cap_per_factor', m, 0);
    PERFORM ecocomp._param_fen(a.params, 'cap', m, 0);
END $$;
COMMENT ON FUNCTION ecocomp._check_params_tiered_exceedance(ecocomp.agreement) IS
    'internal: validates the params of a tiered_exceedance agreement (targets, bands, period_unit, cap_per_factor, cap)';

-- Missing data rule: a (section, factor, period unit) without samples is not
-- assessed, adds nothing, and is reported as an issue line.
CREATE OR REPLACE FUNCTION ecocomp._settle_tiered_exceedance(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    meth text := 'tiered_exceedance';
    unit text := coalesce(ecocomp._param_text(a.params, 'period_unit', meth, ARRAY['month', 'quarter', 'year']), 'year');
    cap_pf bigint := ecocomp._param_fen(a.params, 'cap_per_factor', meth, 0);
    cap bigint := ecocomp._param_fen(a.params, 'cap', meth, 0);
    codes text[] := ARRAY(SELECT jsonb_object_keys(a.params -> 'targets') ORDER BY 1);
    bands jsonb;
    bmin double precision[]; bmax double precision[]; bmini boolean[]; bmaxi boolean[];
    bamt bigint[]; btimes boolean[];
    data jsonb; missing jsonb; groups jsonb;
    gs int[]; cs double precision[]; ts double precision[]; ng int;
    k record;
    terms jsonb;
BEGIN
    SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('min', b.min, 'max', b.max,
                         'min_inclusive', b.min_inclusive, 'max_inclusive', b.max_inclusive,
                         'amount_fen', b.amount_fen, 'times_one_plus_m', b.times_one_plus_m)) ORDER BY b.ord),
           array_agg(b.min ORDER BY b.ord), array_agg(b.max ORDER BY b.ord),
           array_agg(b.min_inclusive ORDER BY b.ord), array_agg(b.max_inclusive ORDER BY b.ord),
           array_agg(b.amount_fen ORDER BY b.ord), array_agg(b.times_one_plus_m ORDER BY b.ord)
      INTO bands, bmin, bmax, bmini, bmaxi, bamt, btimes
      FROM ecocomp._param_bands(a.params, 'bands', meth, true, 0) b;

    SELECT jsonb_agg((to_jsonb(g) || jsonb_build_object('unit_period', ecocomp._period_text(g.unit_period))) - 'samples' - 'mean' ORDER BY g.n) FILTER (WHERE g.mean IS NULL),
           jsonb_agg((to_jsonb(g) || jsonb_build_object('unit_period', ecocomp._period_text(g.unit_period))) || jsonb_build_object('target', (a.params -> 'targets' ->> g.parameter)::double precision)
                     ORDER BY g.n) FILTER (WHERE g.mean IS NOT NULL),
           array_agg(g.grp::int ORDER BY g.n) FILTER (WHERE g.mean IS NOT NULL),
           array_agg(g.mean ORDER BY g.n) FILTER (WHERE g.mean IS NOT NULL),
           array_agg((a.params -> 'targets' ->> g.parameter)::double precision ORDER BY g.n) FILTER (WHERE g.mean IS NOT NULL),
           max(g.grp)::int
      INTO missing, data, gs, cs, ts, ng
      FROM ecocomp._factor_grid(a, period, unit, codes) g;

    RETURN QUERY SELECT * FROM ecocomp._missing_lines(a, period, missing,
        'those periods are not assessed and add nothing to the amount');
    IF data IS NULL THEN
        RETURN;
    END IF;

    SELECT * INTO k FROM ecocomp._tiered_exceedance_kernel(gs, cs, ts, bmin, bmax, bmini, bmaxi,
                                                            bamt, btimes, ng, cap_pf, cap);
    SELECT jsonb_agg(e.d - 'n' || jsonb_build_object('m', k.m[e.i], 'band', k.band[e.i],
                                                     'penalty_fen', k.penalty_fen[e.i]) ORDER BY e.i)
      INTO terms
      FROM jsonb_array_elements(data) WITH ORDINALITY AS e (d, i);
    SELECT jsonb_agg(jsonb_build_object('section', q.section_code, 'parameter', q.parameter,
                                        'uncapped_fen', q.s, 'penalty_fen', k.group_fen[q.grp]) ORDER BY q.grp)
      INTO groups
      FROM (SELECT (t ->> 'grp')::int AS grp, min(t ->> 'section_code') AS section_code,
                   min(t ->> 'parameter') AS parameter, sum((t ->> 'penalty_fen')::bigint) AS s
            FROM jsonb_array_elements(terms) t GROUP BY 1) q;

    RETURN NEXT ecocomp._settlement_line(a.upstream_code, a.downstream_code, k.total_fen,
        jsonb_build_object('method', meth, 'agreement_id', a.agreement_id, 'period', ecocomp._period_text(period),
                           'upstream', a.upstream_code, 'downstream', a.downstream_code,
                           'params', a.params, 'period_unit', unit, 'bands', bands,
                           'cap_per_factor_fen', cap_pf, 'cap_fen', cap,
                           'terms', terms, 'factors', groups,
                           'uncapped_fen', (SELECT sum((x ->> 'penalty_fen')::bigint) FROM jsonb_array_elements(groups) x),
                           'missing', coalesce(missing, '[]'::jsonb)));
END $$;
COMMENT ON FUNCTION ecocomp._settle_tiered_exceedance(ecocomp.agreement, daterange) IS
    'internal: settles a tiered_exceedance agreement for a period: one payment line (upstream pays) and an issue line per section and factor with period units lacking samples';

CREATE OR REPLACE FUNCTION ecocomp._explain_tiered_exceedance(basis jsonb, lang text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws(E'\n',
        CASE WHEN lang = 'zh'
             THEN format('分级超标补偿（协议 %s，期间 %s）：按断面、因子和%s计算超标倍数 m = (均值 − 目标值) / 目标值，落入某档即付该档金额%s。',
                         basis ->> 'agreement_id', basis ->> 'period',
                         CASE basis ->> 'period_unit' WHEN 'month' THEN '月' WHEN 'quarter' THEN '季度' ELSE '年' END,
                         CASE WHEN basis -> 'bands' @> '[{"times_one_plus_m": true}]' THEN '（部分档乘以 (1 + m)）' ELSE '' END)
             ELSE format('Tiered exceedance (agreement %s, period %s): for each section, factor and %s, m = (mean − target) / target; a value of m inside a band pays the band''s amount%s.',
                         basis ->> 'agreement_id', basis ->> 'period', basis ->> 'period_unit',
                         CASE WHEN basis -> 'bands' @> '[{"times_one_plus_m": true}]' THEN ' (times (1 + m) where the band says so)' ELSE '' END)
        END,
        (SELECT string_agg(
            CASE WHEN lang = 'zh'
                 THEN format('  %s %s %s：均值 %s，目标 %s，m = %s，%s。',
                             t ->> 'section_code', t ->> 'parameter', t ->> 'unit_period',
                             ecocomp._num((t ->> 'mean')::float8), ecocomp._num((t ->> 'target')::float8),
                             ecocomp._num((t ->> 'm')::float8, 6),
                             CASE WHEN t -> 'band' = 'null' THEN '不在任何档内，0 元'
                                  ELSE format('第%s档（%s）：%s%s = %s 元', t ->> 'band',
                                              ecocomp._band_text(basis -> 'bands' -> ((t ->> 'band')::int - 1), 'm'),
                                              ecocomp._yuan_text((basis -> 'bands' -> ((t ->> 'band')::int - 1) ->> 'amount_fen')::bigint),
                                              CASE WHEN (basis -> 'bands' -> ((t ->> 'band')::int - 1) ->> 'times_one_plus_m')::boolean
                                                   THEN format(' × (1 + %s)', ecocomp._num((t ->> 'm')::float8, 6)) ELSE '' END,
                                              ecocomp._yuan_text((t ->> 'penalty_fen')::bigint)) END)
                 ELSE format('  %s %s %s: mean %s, target %s, m = %s, %s.',
                             t ->> 'section_code', t ->> 'parameter', t ->> 'unit_period',
                             ecocomp._num((t ->> 'mean')::float8), ecocomp._num((t ->> 'target')::float8),
                             ecocomp._num((t ->> 'm')::float8, 6),
                             CASE WHEN t -> 'band' = 'null' THEN 'in no band: 0 yuan'
                                  ELSE format('band %s (%s): %s%s = %s yuan', t ->> 'band',
                                              ecocomp._band_text(basis -> 'bands' -> ((t ->> 'band')::int - 1), 'm'),
                                              ecocomp._yuan_text((basis -> 'bands' -> ((t ->> 'band')::int - 1) ->> 'amount_fen')::bigint),
                                              CASE WHEN (basis -> 'bands' -> ((t ->> 'band')::int - 1) ->> 'times_one_plus_m')::boolean
                                                   THEN format(' × (1 + %s)', ecocomp._num((t ->> 'm')::float8, 6)) ELSE '' END,
                                              ecocomp._yuan_text((t ->> 'penalty_fen')::bigint)) END)
            END, E'\n' ORDER BY e.i)
         FROM jsonb_array_elements(basis -> 'terms') WITH ORDINALITY AS e (t, i)),
        (SELECT string_agg(
            CASE WHEN lang = 'zh'
                 THEN format('  %s %s 小计 %s 元%s。', f ->> 'section', f ->> 'parameter',
                             ecocomp._yuan_text((f ->> 'uncapped_fen')::bigint),
                             CASE WHEN (f ->> 'uncapped_fen')::bigint <> (f ->> 'penalty_fen')::bigint
                                  THEN format('，按单因子上限计 %s 元', ecocomp._yuan_text((f ->> 'penalty_fen')::bigint)) ELSE '' END)
                 ELSE format('  %s %s subtotal %s yuan%s.', f ->> 'section', f ->> 'parameter',
                             ecocomp._yuan_text((f ->> 'uncapped_fen')::bigint),
                             CASE WHEN (f ->> 'uncapped_fen')::bigint <> (f ->> 'penalty_fen')::bigint
                                  THEN format(', capped per factor at %s yuan', ecocomp._yuan_text((f ->> 'penalty_fen')::bigint)) ELSE '' END)
            END, E'\n' ORDER BY e.i)
         FROM jsonb_array_elements(basis -> 'factors') WITH ORDINALITY AS e (f, i)),
        CASE WHEN basis ->> 'cap_fen' IS NOT NULL
                  AND (basis ->> 'uncapped_fen')::bigint > (basis ->> 'cap_fen')::bigint
             THEN CASE WHEN lang = 'zh' THEN format('  总额上限 %s 元。', ecocomp._yuan_text((basis ->> 'cap_fen')::bigint))
                       ELSE format('  Capped at %s yuan in total.', ecocomp._yuan_text((basis ->> 'cap_fen')::bigint)) END END,
        ecocomp._direction_text(basis, lang))
$$;
COMMENT ON FUNCTION ecocomp._explain_tiered_exceedance(jsonb, text) IS
    'internal: a tiered_exceedance basis in words (zh or en) with the numbers filled in';

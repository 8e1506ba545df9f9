-- tiered_exceedance (Zhoukou, Shanxi, Hebei, Hefei): bands on the exceedance
-- multiple m = (C̄ − target) / target of each factor in each period unit.
-- Kernel: src/core/rule_tiered_exceedance.c; docs/methods/tiered_exceedance.md.

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
    unit text := ecocomp._param_unit(a.params, meth, 'year');
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
        ecocomp._unit_basis(a, period, unit) || jsonb_build_object(
            'bands', bands,
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
        format(CASE WHEN lang = 'zh'
                    THEN '分级超标补偿（协议 %s，期间 %s）：按断面、因子和%s计算超标倍数 m = (均值 − 目标值) / 目标值，落入某档即付该档金额%s。'
                    ELSE 'Tiered exceedance (agreement %s, period %s): for each section, factor and %s, m = (mean − target) / target; a value of m inside a band pays the band''s amount%s.' END,
               basis ->> 'agreement_id', basis ->> 'period',
               CASE WHEN lang = 'zh' THEN ecocomp._unit_zh(basis ->> 'period_unit') ELSE basis ->> 'period_unit' END,
               CASE WHEN basis -> 'bands' @> '[{"times_one_plus_m": true}]'
                    THEN CASE WHEN lang = 'zh' THEN '（部分档乘以 (1 + m)）' ELSE ' (times (1 + m) where the band says so)' END
                    ELSE '' END),
        (SELECT string_agg(
            format(CASE WHEN lang = 'zh' THEN '  %s %s %s：均值 %s，目标 %s，m = %s，%s。'
                        ELSE '  %s %s %s: mean %s, target %s, m = %s, %s.' END,
                   t ->> 'section_code', t ->> 'parameter', t ->> 'unit_period',
                   ecocomp._num((t ->> 'mean')::float8), ecocomp._num((t ->> 'target')::float8),
                   ecocomp._num((t ->> 'm')::float8, 6),
                   CASE WHEN t -> 'band' = 'null' THEN CASE WHEN lang = 'zh' THEN '不在任何档内，0 元' ELSE 'in no band: 0 yuan' END
                        ELSE format(CASE WHEN lang = 'zh' THEN '第%s档（%s）：%s%s = %s 元' ELSE 'band %s (%s): %s%s = %s yuan' END,
                                    t ->> 'band',
                                    ecocomp._band_text(basis -> 'bands' -> ((t ->> 'band')::int - 1), 'm'),
                                    ecocomp._yuan_text((basis -> 'bands' -> ((t ->> 'band')::int - 1) ->> 'amount_fen')::bigint),
                                    CASE WHEN (basis -> 'bands' -> ((t ->> 'band')::int - 1) ->> 'times_one_plus_m')::boolean
                                         THEN format(' × (1 + %s)', ecocomp._num((t ->> 'm')::float8, 6)) ELSE '' END,
                                    ecocomp._yuan_text((t ->> 'penalty_fen')::bigint)) END),
            E'\n' ORDER BY e.i)
         FROM jsonb_array_elements(basis -> 'terms') WITH ORDINALITY AS e (t, i)),
        (SELECT string_agg(
            format(CASE WHEN lang = 'zh' THEN '  %s %s 小计 %s 元%s。' ELSE '  %s %s subtotal %s yuan%s.' END,
                   f ->> 'section', f ->> 'parameter',
                   ecocomp._yuan_text((f ->> 'uncapped_fen')::bigint),
                   CASE WHEN (f ->> 'uncapped_fen')::bigint <> (f ->> 'penalty_fen')::bigint
                        THEN format(CASE WHEN lang = 'zh' THEN '，按单因子上限计 %s 元' ELSE ', capped per factor at %s yuan' END,
                                    ecocomp._yuan_text((f ->> 'penalty_fen')::bigint))
                        ELSE '' END),
            E'\n' ORDER BY e.i)
         FROM jsonb_array_elements(basis -> 'factors') WITH ORDINALITY AS e (f, i)),
        CASE WHEN basis ->> 'cap_fen' IS NOT NULL
                  AND (basis ->> 'uncapped_fen')::bigint > (basis ->> 'cap_fen')::bigint
             THEN format(CASE WHEN lang = 'zh' THEN '  总额上限 %s 元。' ELSE '  Capped at %s yuan in total.' END,
                         ecocomp._yuan_text((basis ->> 'cap_fen')::bigint)) END,
        ecocomp._direction_text(basis, lang))
$$;
COMMENT ON FUNCTION ecocomp._explain_tiered_exceedance(jsonb, text) IS
    'internal: a tiered_exceedance basis in words (zh or en) with the numbers filled in';

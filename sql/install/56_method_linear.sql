-- linear (Heze): Σ (targetᵢ − C̄ᵢ) × coefficientᵢ over factors, sections and
-- period units; the sign gives the direction.  Kernel: src/core/rule_linear.c;
-- docs/methods/linear.md.

CREATE OR REPLACE FUNCTION ecocomp._linear_kernel(means double precision[], targets double precision[],
                                       coefficient_fen bigint[], cap_fen bigint,
                                       OUT diff double precision[], OUT term_fen bigint[],
                                       OUT uncapped_fen bigint, OUT total_fen bigint)
AS 'MODULE_PATHNAME', 'ecocomp_linear_kernel'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._linear_kernel(double precision[], double precision[], bigint[], bigint) IS
    'internal: the linear kernel: (target − mean) × coefficient per term in fen, the sum and the capped total';

CREATE OR REPLACE FUNCTION ecocomp._check_params_linear(a ecocomp.agreement)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m text := 'linear';
    t jsonb;
    c jsonb;
    bad text;
    r record;
BEGIN
    PERFORM ecocomp._param_keys(a.params, ARRAY['targets', 'coefficients', 'period_unit', 'cap'],
                                ARRAY['targets', 'coefficients'], m);
    PERFORM ecocomp._require_sections(a);
    t := ecocomp._param_positive_map(a.params, 'targets', m, ARRAY['upper']);
    c := ecocomp._param_codes_map(a.params, 'coefficients', m, 0);
    FOR bad IN SELECT k FROM jsonb_object_keys(c) k ORDER BY 1 LOOP
        PERFORM ecocomp._param_fen(jsonb_build_object('coefficients.' || bad, c -> bad),
                                   'coefficients.' || bad, m, 0);
    END LOOP;
    -- targets and coefficients name the same parameters: the first one
    -- missing on either side is named
    FOR r IN SELECT * FROM (VALUES (t, c, 'coefficients', 'a target but no coefficient'),
                                   (c, t, 'targets', 'a coefficient but no target')) x (has, lacks, key, what) LOOP
        SELECT k INTO bad
        FROM (SELECT jsonb_object_keys(r.has) k EXCEPT SELECT jsonb_object_keys(r.lacks)) x ORDER BY 1 LIMIT 1;
        IF bad IS NOT NULL THEN
            PERFORM ecocomp._param_fail(m, r.key, 'lacks a factor',
                format('"%s" has %s; targets and coefficients must name the same parameters.', bad, r.what));
        END IF;
    END LOOP;
    PERFORM ecocomp._param_text(a.params, 'period_unit', m, ARRAY['month', 'quarter', 'year']);
    PERFORM ecocomp._param_fen(a.params, 'cap', m, 0);
END $$;
COMMENT ON FUNCTION ecocomp._check_params_linear(ecocomp.agreement) IS
    'internal: validates the params of a linear agreement (targets, coefficients, period_unit, cap)';

-- Missing data rule: a (section, factor, period unit) without samples is not
-- assessed, adds nothing (neither reward nor penalty), and is reported.
CREATE OR REPLACE FUNCTION ecocomp._settle_linear(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    meth text := 'linear';
    unit text := ecocomp._param_unit(a.params, meth, 'year');
    cap bigint := ecocomp._param_fen(a.params, 'cap', meth, 0);
    codes text[] := ARRAY(SELECT jsonb_object_keys(a.params -> 'targets') ORDER BY 1);
    data jsonb; missing jsonb;
    cs double precision[]; ts double precision[]; ks bigint[];
    k record;
    terms jsonb;
BEGIN
    SELECT jsonb_agg((to_jsonb(g) || jsonb_build_object('unit_period', ecocomp._period_text(g.unit_period))) - 'samples' - 'mean' - 'grp' ORDER BY g.n) FILTER (WHERE g.mean IS NULL),
           jsonb_agg((to_jsonb(g) || jsonb_build_object('unit_period', ecocomp._period_text(g.unit_period))) - 'grp' || jsonb_build_object(
                         'target', (a.params -> 'targets' ->> g.parameter)::double precision,
                         'coefficient_fen', (a.params -> 'coefficients' ->> g.parameter)::numeric * 100)
                     ORDER BY g.n) FILTER (WHERE g.mean IS NOT NULL),
           array_agg(g.mean ORDER BY g.n) FILTER (WHERE g.mean IS NOT NULL),
           array_agg((a.params -> 'targets' ->> g.parameter)::double precision ORDER BY g.n) FILTER (WHERE g.mean IS NOT NULL),
           array_agg(((a.params -> 'coefficients' ->> g.parameter)::numeric * 100)::bigint ORDER BY g.n)
               FILTER (WHERE g.mean IS NOT NULL)
      INTO missing, data, cs, ts, ks
      FROM ecocomp._factor_grid(a, period, unit, codes) g;

    RETURN QUERY SELECT * FROM ecocomp._missing_lines(a, period, missing,
        'those periods are not assessed and add nothing to the amount in either direction');
    IF data IS NULL THEN
        RETURN;
    END IF;

    SELECT * INTO k FROM ecocomp._linear_kernel(cs, ts, ks, cap);
    SELECT jsonb_agg(e.d - 'n' || jsonb_build_object('difference', k.diff[e.i], 'term_fen', k.term_fen[e.i])
                     ORDER BY e.i)
      INTO terms
      FROM jsonb_array_elements(data) WITH ORDINALITY AS e (d, i);

    RETURN NEXT ecocomp._settlement_line(a.upstream_code, a.downstream_code, k.total_fen,
        ecocomp._unit_basis(a, period, unit) || jsonb_build_object(
            'cap_fen', cap,
            'terms', terms, 'uncapped_fen', k.uncapped_fen,
            'missing', coalesce(missing, '[]'::jsonb)));
END $$;
COMMENT ON FUNCTION ecocomp._settle_linear(ecocomp.agreement, daterange) IS
    'internal: settles a linear agreement for a period: one signed payment line and an issue line per section and factor with period units lacking samples';

CREATE OR REPLACE FUNCTION ecocomp._explain_linear(basis jsonb, lang text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ecocomp._explain_two_party(basis, lang,
        format(CASE WHEN lang = 'zh'
                    THEN '线性补偿（协议 %s，期间 %s）：金额 = Σ (目标值 − 均值) × 系数，按断面、因子和%s计；为正由下游支付上游，为负由上游支付下游。'
                    ELSE 'Linear (agreement %s, period %s): amount = Σ (target − mean) × coefficient over sections, factors and %ss; positive: downstream pays upstream, negative: the reverse.' END,
               basis ->> 'agreement_id', basis ->> 'period',
               CASE WHEN lang = 'zh' THEN ecocomp._unit_zh(basis ->> 'period_unit') ELSE basis ->> 'period_unit' END),
        (SELECT string_agg(
            format(CASE WHEN lang = 'zh' THEN '  %s %s %s：(%s − %s) × %s = %s 元。'
                        ELSE '  %s %s %s: (%s − %s) × %s = %s yuan.' END,
                   t ->> 'section_code', t ->> 'parameter', t ->> 'unit_period',
                   ecocomp._num((t ->> 'target')::float8), ecocomp._num((t ->> 'mean')::float8),
                   ecocomp._yuan_text((t ->> 'coefficient_fen')::bigint),
                   ecocomp._signed_yuan_text((t ->> 'term_fen')::bigint)),
            E'\n' ORDER BY e.i)
         FROM jsonb_array_elements(basis -> 'terms') WITH ORDINALITY AS e (t, i)))
$$;
COMMENT ON FUNCTION ecocomp._explain_linear(jsonb, text) IS
    'internal: a linear basis in words (zh or en) with the numbers filled in';

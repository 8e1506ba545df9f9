-- relative_change (Wuhan, Shandong, Yellow River index part): a composite
-- index Σ C̄ᵢ/Sᵢ against an upstream control section in the same period, or
-- against the same section a year earlier; r = (index − reference) /
-- reference, banded or paid per percentage point, with a cap.
-- Kernel: src/core/rule_relative_change.c; docs/methods/relative_change.md.

CREATE OR REPLACE FUNCTION ecocomp._pollution_index(parameters text[], means double precision[],
                                         waterbody text DEFAULT 'river')
RETURNS double precision
AS 'MODULE_PATHNAME', 'ecocomp_pollution_index'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._pollution_index(text[], double precision[], text) IS
    'internal: composite pollution index Σ meanᵢ / Class III limitᵢ (DO inverted, pH by the CWQI formula)';

CREATE OR REPLACE FUNCTION ecocomp._relative_change_kernel(
    index double precision[], reference double precision[],
    band_min double precision[], band_max double precision[],
    band_min_inclusive boolean[], band_max_inclusive boolean[], band_amount_fen bigint[],
    per_point_fen bigint, cap_fen bigint,
    OUT r double precision[], OUT band int[], OUT amount_fen bigint[],
    OUT uncapped_fen bigint, OUT total_fen bigint)
AS 'MODULE_PATHNAME', 'ecocomp_relative_change_kernel'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._relative_change_kernel(double precision[], double precision[], double precision[], double precision[], boolean[], boolean[], bigint[], bigint, bigint) IS
    'internal: the relative_change kernel: relative changes, bands or per-point amounts in fen, the sum and the capped total';

CREATE OR REPLACE FUNCTION ecocomp._check_params_relative_change(a ecocomp.agreement)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m text := 'relative_change';
    cmp text;
    ctrl text;
    bad text;
BEGIN
    PERFORM ecocomp._param_keys(a.params,
        ARRAY['indicators', 'compare_to', 'control_section', 'bands', 'per_point', 'cap', 'period_unit'],
        ARRAY['compare_to'], m);
    PERFORM ecocomp._require_sections(a);
    SELECT i INTO bad FROM unnest(ecocomp._param_indicators(a.params, 'relative_change')) i
    JOIN ecocomp.parameter p ON p.code = i
    WHERE p.kind = 'none' OR p.gb3838_table IS DISTINCT FROM 1 OR i IN ('water_temp') LIMIT 1;
    IF bad IS NOT NULL THEN
        PERFORM ecocomp._param_fail(m, 'indicators', 'names a parameter without a Class III limit',
            format('"%s" has no GB 3838-2002 Class III limit to divide by.', bad));
    END IF;
    cmp := ecocomp._param_text(a.params, 'compare_to', m, ARRAY['control_section', 'previous_period']);
    ctrl := ecocomp._param_text(a.params, 'control_section', m);
    IF cmp = 'control_section' THEN
        IF ctrl IS NULL THEN
            PERFORM ecocomp._param_fail(m, 'control_section', 'is missing',
                'With "compare_to": "control_section" the code of the upstream control section is required.');
        END IF;
        PERFORM ecocomp._param_known(m, 'control_section', 'section', ctrl);
        IF ctrl = ANY (a.section_codes) THEN
            PERFORM ecocomp._param_fail(m, 'control_section', 'is one of the assessed sections',
                format('"%s" is also in section_codes; a section cannot be its own reference.', ctrl));
        END IF;
    ELSIF ctrl IS NOT NULL THEN
        PERFORM ecocomp._param_fail(m, 'control_section', 'is only for compare_to "control_section"',
            format('compare_to is "%s", which compares each section with itself a year earlier.', cmp));
    END IF;
    IF (a.params ? 'bands') = (a.params ? 'per_point') THEN
        PERFORM ecocomp._param_fail(m, CASE WHEN a.params ? 'bands' THEN 'per_point' ELSE 'bands' END,
            CASE WHEN a.params ? 'bands' THEN 'cannot be combined with bands' ELSE 'is missing' END,
            'A relative_change agreement has either "bands" (amounts by range of r) or "per_point" (yuan per percentage point of improvement), not both.');
    END IF;
    PERFORM count(*) FROM ecocomp._param_bands(a.params, 'bands', m, false, NULL);
    PERFORM ecocomp._param_fen(a.params, 'per_point', m, 0);
    PERFORM ecocomp._param_fen(a.params, 'cap', m, 0);
    PERFORM ecocomp._param_text(a.params, 'period_unit', m, ARRAY['month', 'quarter', 'year']);
END $$;
COMMENT ON FUNCTION ecocomp._check_params_relative_change(ecocomp.agreement) IS
    'internal: validates the params of a relative_change agreement (indicators, compare_to, control_section, bands or per_point, cap, period_unit)';

-- Missing data rule: a section and period unit whose index or reference
-- lacks an indicator's mean (or whose reference index is 0) is not assessed,
-- adds nothing, and is reported as an issue line.
CREATE OR REPLACE FUNCTION ecocomp._settle_relative_change(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    meth text := 'relative_change';
    unit text := ecocomp._param_unit(a.params, meth, 'year');
    inds text[] := ecocomp._param_indicators(a.params, 'relative_change');
    cmp text := a.params ->> 'compare_to';
    ctrl text := a.params ->> 'control_section';
    per_point bigint := ecocomp._param_fen(a.params, 'per_point', meth, 0);
    cap bigint := ecocomp._param_fen(a.params, 'cap', meth, 0);
    prev daterange := daterange((lower(period) - interval '1 year')::date, (upper(period) - interval '1 year')::date);
    bands jsonb;
    bmin double precision[] := '{}'; bmax double precision[] := '{}';
    bmini boolean[] := '{}'; bmaxi boolean[] := '{}'; bamt bigint[] := '{}';
    units jsonb;
    data jsonb;
    xs double precision[]; rs double precision[];
    k record;
    terms jsonb;
BEGIN
    IF per_point IS NULL THEN
        SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('min', b.min, 'max', b.max,
                             'min_inclusive', b.min_inclusive, 'max_inclusive', b.max_inclusive,
                             'amount_fen', b.amount_fen)) ORDER BY b.ord),
               array_agg(b.min ORDER BY b.ord), array_agg(b.max ORDER BY b.ord),
               array_agg(b.min_inclusive ORDER BY b.ord), array_agg(b.max_inclusive ORDER BY b.ord),
               array_agg(b.amount_fen ORDER BY b.ord)
          INTO bands, bmin, bmax, bmini, bmaxi, bamt
          FROM ecocomp._param_bands(a.params, 'bands', meth, false, NULL) b;
    END IF;

    WITH cur AS (
        SELECT x.section_code, x.parameter, x.period, x.mean
        FROM ecocomp.assessment(period, unit, a.time_zone,
                                a.section_codes || CASE WHEN cmp = 'control_section' THEN ARRAY[ctrl] ELSE '{}'::text[] END) x
        WHERE x.parameter = ANY (inds)),
    old AS (
        SELECT x.section_code, x.parameter, x.period, x.mean
        FROM ecocomp.assessment(prev, unit, a.time_zone, a.section_codes) x
        WHERE cmp = 'previous_period' AND x.parameter = ANY (inds)),
    cells AS (
        SELECT row_number() OVER (ORDER BY s.ord, u.u) AS n, s.code, u.u,
               CASE WHEN cmp = 'control_section' THEN ctrl ELSE s.code END AS ref_section,
               CASE WHEN cmp = 'control_section' THEN u.u
                    ELSE daterange((lower(u.u) - interval '1 year')::date, (upper(u.u) - interval '1 year')::date) END AS ref_period
        FROM unnest(a.section_codes) WITH ORDINALITY AS s (code, ord)
        CROSS JOIN ecocomp._period_units(period, unit) AS u (u)),
    filled AS (
        SELECT c.*,
               (SELECT jsonb_object_agg(x.parameter, x.mean) FROM cur x
                WHERE x.section_code = c.code AND x.period = c.u) AS means,
               (SELECT jsonb_object_agg(x.parameter, x.mean)
                FROM (SELECT * FROM cur WHERE cmp = 'control_section' UNION ALL SELECT * FROM old) x
                WHERE x.section_code = c.ref_section AND x.period = c.ref_period) AS ref_means,
               (SELECT waterbody FROM ecocomp.section WHERE code = c.code) AS wb,
               (SELECT waterbody FROM ecocomp.section WHERE code = c.ref_section) AS ref_wb
        FROM cells c)
    SELECT jsonb_agg(jsonb_build_object(
               'n', f.n, 'section_code', f.code, 'unit_period', ecocomp._period_text(f.u),
               'reference_section', f.ref_section, 'reference_period', ecocomp._period_text(f.ref_period),
               'means', f.means, 'reference_means', f.ref_means,
               'missing', ARRAY(SELECT i FROM unnest(inds) i WHERE NOT coalesce(f.means ? i, false)),
               'reference_missing', ARRAY(SELECT i FROM unnest(inds) i WHERE NOT coalesce(f.ref_means ? i, false)),
               'index', CASE WHEN f.means ?& inds
                             THEN ecocomp._pollution_index(inds, ARRAY(SELECT (f.means ->> i)::float8 FROM unnest(inds) i), f.wb) END,
               'reference_index', CASE WHEN f.ref_means ?& inds
                             THEN ecocomp._pollution_index(inds, ARRAY(SELECT (f.ref_means ->> i)::float8 FROM unnest(inds) i), f.ref_wb) END)
             ORDER BY f.n)
      INTO units
      FROM filled f;

    -- issue lines
    RETURN QUERY
    SELECT (ROW(NULL, NULL, NULL,
               ecocomp._basis(a, period) || e,
               format('section %s in %s is not assessed: %s; the period unit adds nothing to the amount',
                      e ->> 'section_code', e ->> 'unit_period',
                      concat_ws('; ',
                          CASE WHEN jsonb_array_length(e -> 'missing') > 0
                               THEN format('no samples of %s at %s', (SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(e -> 'missing') x),
                                           e ->> 'section_code') END,
                          CASE WHEN jsonb_array_length(e -> 'reference_missing') > 0
                               THEN format('no samples of %s at %s %s in %s',
                                           (SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(e -> 'reference_missing') x),
                                           CASE WHEN cmp = 'control_section' THEN 'control section' ELSE 'section' END,
                                           e ->> 'reference_section', e ->> 'reference_period') END,
                          CASE WHEN (e ->> 'reference_index')::float8 = 0
                               THEN 'the reference index is 0, so the relative change is undefined' END))
              )::ecocomp.settlement_line).*
    FROM jsonb_array_elements(units) e
    WHERE e -> 'index' = 'null' OR e -> 'reference_index' = 'null' OR (e ->> 'reference_index')::float8 = 0
    ORDER BY (e ->> 'n')::int;

    SELECT jsonb_agg(e ORDER BY (e ->> 'n')::int), array_agg((e ->> 'index')::float8 ORDER BY (e ->> 'n')::int),
           array_agg((e ->> 'reference_index')::float8 ORDER BY (e ->> 'n')::int)
      INTO data, xs, rs
      FROM jsonb_array_elements(units) e
     WHERE e -> 'index' <> 'null' AND e -> 'reference_index' <> 'null' AND (e ->> 'reference_index')::float8 > 0;
    IF data IS NULL THEN
        RETURN;
    END IF;

    SELECT * INTO k FROM ecocomp._relative_change_kernel(xs, rs, bmin, bmax, bmini, bmaxi, bamt, per_point, cap);
    SELECT jsonb_agg(e.d - 'n' - 'missing' - 'reference_missing'
                     || jsonb_build_object('r', k.r[e.i], 'band', k.band[e.i], 'amount_fen', k.amount_fen[e.i])
                     ORDER BY e.i)
      INTO terms
      FROM jsonb_array_elements(data) WITH ORDINALITY AS e (d, i);

    RETURN NEXT ecocomp._settlement_line(a.upstream_code, a.downstream_code, k.total_fen,
        ecocomp._unit_basis(a, period, unit) || jsonb_build_object(
            'indicators', to_jsonb(inds),
            'compare_to', cmp, 'control_section', ctrl,
            'bands', bands, 'per_point_fen', per_point, 'cap_fen', cap,
            'terms', terms, 'uncapped_fen', k.uncapped_fen));
END $$;
COMMENT ON FUNCTION ecocomp._settle_relative_change(ecocomp.agreement, daterange) IS
    'internal: settles a relative_change agreement for a period: one signed payment line and an issue line per section and period unit that could not be assessed';

CREATE OR REPLACE FUNCTION ecocomp._explain_relative_change(basis jsonb, lang text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ecocomp._explain_two_party(basis, lang,
        format(CASE WHEN lang = 'zh'
                    THEN '相对变化补偿（协议 %s，期间 %s）：综合污染指数 = Σ 均值ᵢ / Ⅲ类标准限值ᵢ（溶解氧取倒数），因子 %s；与%s比较，r = (指数 − 参照指数) / 参照指数；%s。'
                    ELSE 'Relative change (agreement %s, period %s): composite index = Σ meanᵢ / Class III limitᵢ (DO inverted) over %s; compared with %s, r = (index − reference) / reference; %s.' END,
               basis ->> 'agreement_id', basis ->> 'period',
               (SELECT string_agg(x, CASE WHEN lang = 'zh' THEN '、' ELSE ', ' END) FROM jsonb_array_elements_text(basis -> 'indicators') x),
               CASE WHEN basis ->> 'compare_to' = 'control_section'
                    THEN format(CASE WHEN lang = 'zh' THEN '上游对照断面 %s 同期' ELSE 'control section %s in the same period' END,
                                basis ->> 'control_section')
                    WHEN lang = 'zh' THEN '本断面上年同期'
                    ELSE 'the same section a year earlier' END,
               CASE WHEN basis ->> 'per_point_fen' IS NOT NULL
                    THEN format(CASE WHEN lang = 'zh' THEN '每改善 1 个百分点 %s 元（变差为负）'
                                     ELSE '%s yuan per percentage point of improvement (negative when worse)' END,
                                ecocomp._yuan_text((basis ->> 'per_point_fen')::bigint))
                    WHEN lang = 'zh' THEN '按 r 所在档位定金额'
                    ELSE 'the band of r gives the amount' END),
        (SELECT string_agg(
            format(CASE WHEN lang = 'zh' THEN '  %s %s：指数 %s，参照（%s %s）%s，r = %s%%，%s%s 元。'
                        ELSE '  %s %s: index %s, reference (%s %s) %s, r = %s%%, %s%s yuan.' END,
                   t ->> 'section_code', t ->> 'unit_period', ecocomp._num((t ->> 'index')::float8),
                   t ->> 'reference_section', t ->> 'reference_period', ecocomp._num((t ->> 'reference_index')::float8),
                   ecocomp._num((t ->> 'r')::float8 * 100, 4),
                   CASE WHEN basis ->> 'per_point_fen' IS NOT NULL THEN ''
                        WHEN t -> 'band' = 'null' THEN CASE WHEN lang = 'zh' THEN '不在任何档内：' ELSE 'in no band: ' END
                        ELSE format(CASE WHEN lang = 'zh' THEN '第%s档（%s）：' ELSE 'band %s (%s): ' END, t ->> 'band',
                                    ecocomp._band_text(basis -> 'bands' -> ((t ->> 'band')::int - 1), 'r')) END,
                   ecocomp._signed_yuan_text((t ->> 'amount_fen')::bigint)),
            E'\n' ORDER BY e.i)
         FROM jsonb_array_elements(basis -> 'terms') WITH ORDINALITY AS e (t, i)))
$$;
COMMENT ON FUNCTION ecocomp._explain_relative_change(jsonb, text) IS
    'internal: a relative_change basis in words (zh or en) with the numbers filled in';

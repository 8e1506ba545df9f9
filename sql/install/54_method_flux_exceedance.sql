-- flux_exceedance: the Jiangsu / Henan flux formula (docs/methods/flux_exceedance.md)
--     单因子补偿资金 = (C̄ − target)⁺ × volume × rate
-- per month (or quarter, year), section and factor; tonnes above the target
-- times yuan per tonne, paid by the upstream party (or, with payer_shares,
-- by several upstream payers in contribution shares per factor); with
-- two_way, tonnes below the target earn the same rate from downstream.
-- Kernel: src/core/rule_flux_exceedance.c.

CREATE OR REPLACE FUNCTION ecocomp._flux_exceedance_kernel(conc double precision[], targets double precision[],
    volumes double precision[], rates double precision[], two_way boolean,
    OUT tonnes double precision[], OUT amounts bigint[], OUT status text[], OUT total bigint)
AS 'MODULE_PATHNAME', 'ecocomp_flux_exceedance_kernel'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._flux_exceedance_kernel(double precision[], double precision[], double precision[],
    double precision[], boolean) IS
    'internal: per item the tonnes above (or below) the target and the signed amount in fen rounded half up, and their sum';

-- payer_shares as rows (payer, factor, share): a payer's value is either one
-- share for every factor or an object factor -> share.
CREATE OR REPLACE FUNCTION ecocomp._flux_shares(params jsonb)
RETURNS TABLE (payer_code text, factor text, share numeric)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT e.key, f.key,
           CASE WHEN jsonb_typeof(e.value) = 'number' THEN e.value::numeric
                ELSE coalesce((e.value ->> f.key)::numeric, 0) END
    FROM jsonb_each(params -> 'payer_shares') e
    CROSS JOIN jsonb_object_keys(params -> 'targets') f (key)
    WHERE jsonb_typeof(params -> 'payer_shares') = 'object'
$$;
COMMENT ON FUNCTION ecocomp._flux_shares(jsonb) IS
    'internal: payer_shares of a flux_exceedance agreement as (payer, factor, share) rows';

CREATE OR REPLACE FUNCTION ecocomp._check_params_flux_exceedance(a ecocomp.agreement) RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m constant text := 'flux_exceedance';
    p jsonb := a.params;
    tg jsonb;
    rt jsonb;
    sh jsonb;
    bad text;
    r record;
BEGIN
    PERFORM ecocomp._require_sections(a);
    PERFORM ecocomp._param_keys(p, '{targets,rates,period_unit,two_way,payer_shares}', '{targets,rates}', m);
    tg := ecocomp._param_codes_map(p, 'targets', m, 0);
    rt := ecocomp._param_codes_map(p, 'rates', m, 0);
    SELECT k INTO bad FROM jsonb_object_keys(tg) k WHERE NOT rt ? k LIMIT 1;
    IF bad IS NULL THEN
        SELECT k INTO bad FROM jsonb_object_keys(rt) k WHERE NOT tg ? k LIMIT 1;
    END IF;
    IF bad IS NOT NULL THEN
        PERFORM ecocomp._param_fail(m, 'rates', 'does not match targets',
            format('Expected a rate (yuan per tonne) for each factor of targets and no other; "%s" is in one of them only.', bad));
    END IF;
    SELECT k INTO bad FROM jsonb_object_keys(tg) k
    WHERE NOT EXISTS (SELECT FROM ecocomp.parameter pc WHERE pc.code = k AND pc.unit = 'mg/L') LIMIT 1;
    IF bad IS NOT NULL THEN
        PERFORM ecocomp._param_fail(m, 'targets', 'names a parameter that is not a concentration',
            format('Loads are computed from concentrations in mg/L; "%s" is not measured in mg/L.', bad));
    END IF;
    PERFORM ecocomp._param_text(p, 'period_unit', m, '{month,quarter,year}');
    PERFORM ecocomp._param_bool(p, 'two_way', m);

    sh := p -> 'payer_shares';
    IF sh IS NOT NULL AND jsonb_typeof(sh) <> 'null' THEN
        IF jsonb_typeof(sh) <> 'object' OR sh = '{}'::jsonb
           OR EXISTS (SELECT FROM jsonb_each(sh) e
                      WHERE jsonb_typeof(e.value) NOT IN ('number', 'object')
                         OR (jsonb_typeof(e.value) = 'object'
                             AND EXISTS (SELECT FROM jsonb_each(e.value) f WHERE jsonb_typeof(f.value) <> 'number'))) THEN
            PERFORM ecocomp._param_fail(m, 'payer_shares', 'must map payers to shares',
                format('Expected an object jurisdiction code -> share, or -> {factor: share}, e.g. {"danyang": {"NH3-N": 0.8445, "TP": 0.8807}, "dantu": {"NH3-N": 0.1555, "TP": 0.1193}}; got %s.',
                       ecocomp._param_show(sh)));
        END IF;
        PERFORM ecocomp._param_known(m, 'payer_shares', 'jurisdiction', k) FROM jsonb_object_keys(sh) k;
        IF sh ? a.downstream_code THEN
            PERFORM ecocomp._param_fail(m, 'payer_shares', 'names the downstream party',
                format('The payers are upstream of the section; "%s" is the downstream_code.', a.downstream_code));
        END IF;
        SELECT e.key || ' / ' || f.key INTO bad FROM jsonb_each(sh) e, jsonb_each(e.value) f
        WHERE jsonb_typeof(e.value) = 'object' AND NOT tg ? f.key LIMIT 1;
        IF bad IS NOT NULL THEN
            PERFORM ecocomp._param_fail(m, 'payer_shares', 'names a factor that is not in targets',
                format('Expected shares of the factors of targets only; got "%s".', bad));
        END IF;
        SELECT s.payer_code || ' / ' || s.factor INTO bad FROM ecocomp._flux_shares(p) s WHERE s.share < 0 LIMIT 1;
        IF bad IS NOT NULL THEN
            PERFORM ecocomp._param_fail(m, 'payer_shares', 'is out of range',
                format('Expected shares >= 0; "%s" is negative.', bad));
        END IF;
        FOR r IN SELECT s.factor, sum(s.share) AS total FROM ecocomp._flux_shares(p) s
                 GROUP BY s.factor HAVING sum(s.share) <> 1 ORDER BY 1 LOOP
            PERFORM ecocomp._param_fail(m, 'payer_shares', 'does not add up to 1',
                format('The shares of factor "%s" add up to %s; expected exactly 1.', r.factor, r.total));
        END LOOP;
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._check_params_flux_exceedance(ecocomp.agreement) IS
    'internal: validates the params of a flux_exceedance agreement (22023 naming the key)';

CREATE OR REPLACE FUNCTION ecocomp._settle_flux_exceedance(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    m constant text := 'flux_exceedance';
    p jsonb := a.params;
    unit text := coalesce(p ->> 'period_unit', 'month');
    two_way boolean := coalesce((p ->> 'two_way')::boolean, false);
    factors text[] := ARRAY(SELECT k FROM jsonb_object_keys(p -> 'targets') k ORDER BY k);
    secs text[];
    units daterange[];
    facs text[];
    conc double precision[];
    nsamp bigint[];
    vol double precision[];
    qmean double precision[];
    tg double precision[];
    rt double precision[];
    k record;
    items jsonb;
    ftotals jsonb;
    basis jsonb;
    issue text;
    miss text[];
    r record;
BEGIN
    WITH asm AS (
        SELECT x.section_code, x.period, x.parameter, x.mean, x.samples, x.volume_m3, x.flow_mean_m3s
        FROM ecocomp._assessment_for(a, period, unit) x
        WHERE x.parameter = ANY (factors) OR x.parameter = 'flow'
    ), grid AS (
        SELECT s.code, s.ord, u.unit, f.factor
        FROM unnest(a.section_codes) WITH ORDINALITY AS s (code, ord)
        CROSS JOIN ecocomp._period_units(period, unit) AS u (unit)
        CROSS JOIN unnest(factors) AS f (factor)
    )
    SELECT array_agg(g.code ORDER BY g.ord, g.unit, g.factor),
           array_agg(g.unit ORDER BY g.ord, g.unit, g.factor),
           array_agg(g.factor ORDER BY g.ord, g.unit, g.factor),
           array_agg(c.mean ORDER BY g.ord, g.unit, g.factor),
           array_agg(coalesce(c.samples, 0) ORDER BY g.ord, g.unit, g.factor),
           array_agg(fl.volume_m3 ORDER BY g.ord, g.unit, g.factor),
           array_agg(fl.flow_mean_m3s ORDER BY g.ord, g.unit, g.factor),
           array_agg((p -> 'targets' ->> g.factor)::double precision ORDER BY g.ord, g.unit, g.factor),
           array_agg((p -> 'rates' ->> g.factor)::double precision ORDER BY g.ord, g.unit, g.factor)
    INTO secs, units, facs, conc, nsamp, vol, qmean, tg, rt
    FROM grid g
    LEFT JOIN asm c ON c.section_code = g.code AND c.period = g.unit AND c.parameter = g.factor
    LEFT JOIN asm fl ON fl.section_code = g.code AND fl.period = g.unit AND fl.parameter = 'flow';

    SELECT * INTO k FROM ecocomp._flux_exceedance_kernel(conc, tg, vol, rt, two_way);

    SELECT jsonb_agg(jsonb_build_object(
               'section_code', s, 'period', ecocomp._period_text(u), 'factor', f, 'mean', c, 'samples', n,
               'target', t, 'flow_mean_m3s', q, 'volume_m3', v, 'tonnes', tn, 'rate', p -> 'rates' -> f,
               'amount_fen', am, 'status', st) ORDER BY o)
    INTO items
    FROM unnest(secs, units, facs, conc, nsamp, tg, qmean, vol, k.tonnes, k.amounts, k.status)
         WITH ORDINALITY AS x (s, u, f, c, n, t, q, v, tn, am, st, o);
    SELECT jsonb_object_agg(f, tot) INTO ftotals
    FROM (SELECT f, sum(am)::bigint AS tot FROM unnest(facs, k.amounts) x (f, am) GROUP BY f) t;
    miss := ARRAY(SELECT format('%s %s %s: %s', s, ecocomp._period_text(u), f, st)
                  FROM unnest(secs, units, facs, k.status) WITH ORDINALITY AS x (s, u, f, st, o)
                  WHERE st <> 'ok' ORDER BY o);
    IF cardinality(miss) > 0 THEN
        issue := format('%s of %s section-%s-factor items without concentration or flow contribute nothing (flux_exceedance rule): %s',
                        cardinality(miss), cardinality(secs), unit, array_to_string(miss, '; '));
    END IF;

    basis := ecocomp._sections_basis(a, period) || jsonb_build_object(
        'period_unit', unit, 'two_way', two_way, 'targets', p -> 'targets', 'rates', p -> 'rates',
        'items', coalesce(items, '[]'::jsonb), 'factor_totals_fen', coalesce(ftotals, '{}'::jsonb),
        'total_fen', k.total, 'items_without_data', to_jsonb(miss));

    IF jsonb_typeof(p -> 'payer_shares') IS DISTINCT FROM 'object' THEN
        RETURN NEXT ecocomp._settlement_line(a.upstream_code, a.downstream_code, k.total, basis, issue);
        RETURN;
    END IF;

    -- Several upstream payers: each factor's total split by its shares (to
    -- the fen, largest remainder), then summed per payer.
    FOR r IN
        WITH sh AS (
            SELECT s.payer_code, s.factor, s.share,
                   row_number() OVER (PARTITION BY s.factor ORDER BY s.payer_code) AS i
            FROM ecocomp._flux_shares(p) s
        ), split AS (
            SELECT f.factor, f.tot,
                   ecocomp._allocate_fen(f.tot, array_agg(sh.share::double precision ORDER BY sh.i)) AS parts
            FROM (SELECT x.f AS factor, sum(x.am)::bigint AS tot FROM unnest(facs, k.amounts) x (f, am) GROUP BY x.f) f
            JOIN sh ON sh.factor = f.factor
            GROUP BY f.factor, f.tot
        )
        SELECT sh.payer_code,
               sum(s.parts[sh.i])::bigint AS fen,
               jsonb_object_agg(sh.factor, jsonb_build_object('share', sh.share, 'factor_total_fen', s.tot,
                                                              'part_fen', s.parts[sh.i])) AS parts
        FROM sh JOIN split s ON s.factor = sh.factor
        GROUP BY sh.payer_code ORDER BY sh.payer_code
    LOOP
        RETURN NEXT ecocomp._settlement_line(r.payer_code, a.downstream_code, r.fen,
            basis || jsonb_build_object('payer', r.payer_code, 'payer_parts', r.parts), issue);
        issue := NULL;				-- report the missing data once
    END LOOP;
END $$;
COMMENT ON FUNCTION ecocomp._settle_flux_exceedance(ecocomp.agreement, daterange) IS
    'internal: settles a flux_exceedance agreement for a period: one netted line, or one per payer with payer_shares; items without concentration or flow pay nothing and are reported';

CREATE OR REPLACE FUNCTION ecocomp._explain_flux_exceedance(basis jsonb, lang text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    fen bigint := (basis ->> 'amount_fen')::bigint;
    zh boolean := lang = 'zh';
    up text := coalesce(basis ->> 'payer', basis ->> 'upstream_code');
    down text := basis ->> 'downstream_code';
    items text;
    parts text;
BEGIN
    SELECT string_agg(format('%s %s %s: (%s − %s) mg/L × %s m³ ÷ 10⁶ = %s t × %s %s = %s',
                             i ->> 'section_code', i ->> 'period', i ->> 'factor',
                             ecocomp._num((i ->> 'mean')::double precision, 4),
                             ecocomp._num((i ->> 'target')::double precision, 4),
                             ecocomp._num((i ->> 'volume_m3')::double precision, 0),
                             ecocomp._num((i ->> 'tonnes')::double precision, 6),
                             i ->> 'rate', CASE WHEN zh THEN '元/吨' ELSE 'yuan/t' END,
                             ecocomp._yuan_text(-(i ->> 'amount_fen')::bigint)), '; ' ORDER BY o)
    INTO items
    FROM jsonb_array_elements(basis -> 'items') WITH ORDINALITY AS x (i, o)
    WHERE i ->> 'status' = 'ok' AND (i ->> 'amount_fen')::bigint <> 0;
    IF basis ? 'payer_parts' THEN
        SELECT string_agg(format('%s: %s × %s = %s', f, ecocomp._yuan_text(-(v ->> 'factor_total_fen')::bigint),
                                 v ->> 'share', ecocomp._yuan_text(-(v ->> 'part_fen')::bigint)), '; ' ORDER BY f)
        INTO parts
        FROM jsonb_each(basis -> 'payer_parts') x (f, v);
    END IF;
    RETURN format(CASE WHEN zh THEN '单因子补偿资金 = (断面水质指标值 − 控制目标值) × 断面水量 × 补偿标准%s：%s。断面补偿资金合计 %s 元%s。'
                       ELSE 'Per factor: (measured − target) mg/L × section volume m³ ÷ 10⁶ = tonnes, × rate%s: %s. Section total %s yuan%s. ' END,
                  CASE WHEN (basis ->> 'two_way')::boolean
                       THEN CASE WHEN zh THEN '（优于目标时按同一标准反向补偿）' ELSE ' (below the target the same rate is paid the other way)' END
                       ELSE CASE WHEN zh THEN '（不超标为 0）' ELSE ' (nothing below the target)' END END,
                  coalesce(items, CASE WHEN zh THEN '各因子均未超标' ELSE 'no factor above its target' END),
                  ecocomp._yuan_text(-(basis ->> 'total_fen')::bigint),
                  CASE WHEN parts IS NOT NULL
                       THEN format(CASE WHEN zh THEN '；%s 按污染贡献比例分担：%s' ELSE '; %s bears its contribution shares: %s' END, up, parts)
                       ELSE '' END)
        || format(CASE WHEN zh THEN '%s 向 %s 支付 %s 元。' ELSE '%s pays %s %s yuan.' END,
                  CASE WHEN fen < 0 THEN up ELSE down END, CASE WHEN fen < 0 THEN down ELSE up END,
                  ecocomp._yuan_text(abs(fen)));
END $$;
COMMENT ON FUNCTION ecocomp._explain_flux_exceedance(jsonb, text) IS
    'internal: the flux formula with the numbers of a basis filled in (zh or en)';

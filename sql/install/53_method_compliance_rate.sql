-- compliance_rate: the share of months whose class meets the target against
-- a yearly threshold, optionally with an annual class (Jiuzhou, Dongjiang,
-- Tingjiang with inflow shares; docs/methods/compliance_rate.md).
-- Kernel: src/core/rule_compliance_rate.c.

CREATE OR REPLACE FUNCTION ecocomp._compliance_rate_kernel(months_met integer[], months_assessed integer[],
    annual_ok integer[], shares double precision[], threshold double precision,
    amount_met bigint, amount_missed bigint,
    OUT verdicts text[], OUT rates double precision[], OUT met_part bigint,
    OUT missed_part bigint, OUT amount_fen bigint)
AS 'MODULE_PATHNAME', 'ecocomp_compliance_rate_kernel'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._compliance_rate_kernel(integer[], integer[], integer[], double precision[],
    double precision, bigint, bigint) IS
    'internal: per inflow the verdict (met, missed, no data) and month share, and the met / missed parts in fen split by inflow shares';

CREATE OR REPLACE FUNCTION ecocomp._check_params_compliance_rate(a ecocomp.agreement) RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m constant text := 'compliance_rate';
    p jsonb := a.params;
    sh jsonb;
    bad text;
    total numeric;
BEGIN
    PERFORM ecocomp._require_sections(a);
    PERFORM ecocomp._param_keys(p,
        '{target_class,threshold,annual_class,amount_met,amount_missed,inflow_shares,indicators}',
        '{target_class,threshold,amount_met,amount_missed}', m);
    PERFORM ecocomp._param_class(p -> 'target_class', 'target_class', m);
    PERFORM ecocomp._param_number(p, 'threshold', m, 0, 1);
    PERFORM ecocomp._param_class(p -> 'annual_class', 'annual_class', m);
    PERFORM ecocomp._param_fen(p, 'amount_met', m, 0);
    PERFORM ecocomp._param_fen(p, 'amount_missed', m, 0);
    PERFORM ecocomp._param_classed_codes(p, 'indicators', m);
    sh := p -> 'inflow_shares';
    IF sh IS NOT NULL AND jsonb_typeof(sh) <> 'null' THEN
        IF jsonb_typeof(sh) <> 'object' OR sh = '{}'::jsonb
           OR EXISTS (SELECT FROM jsonb_each(sh) e WHERE jsonb_typeof(e.value) <> 'number') THEN
            PERFORM ecocomp._param_fail(m, 'inflow_shares', 'must map sections to shares',
                format('Expected an object section code -> share of the inflow, e.g. {"S1": 0.7, "S2": 0.3}; got %s.',
                       ecocomp._param_show(sh)));
        END IF;
        SELECT c INTO bad FROM unnest(a.section_codes) c WHERE NOT sh ? c LIMIT 1;
        IF bad IS NULL THEN
            SELECT k INTO bad FROM jsonb_object_keys(sh) k WHERE NOT k = ANY (a.section_codes) LIMIT 1;
        END IF;
        IF bad IS NOT NULL THEN
            PERFORM ecocomp._param_fail(m, 'inflow_shares', 'does not match section_codes',
                format('Expected one share for each section of section_codes (%s); "%s" is on one side only.',
                       array_to_string(a.section_codes, ', '), bad));
        END IF;
        SELECT k INTO bad FROM jsonb_each(sh) e (k, v) WHERE v::numeric < 0 LIMIT 1;
        IF bad IS NOT NULL THEN
            PERFORM ecocomp._param_fail(m, 'inflow_shares', 'is out of range',
                format('Expected shares >= 0; "%s" is %s.', bad, sh ->> bad));
        END IF;
        SELECT sum(v::numeric) INTO total FROM jsonb_each(sh) e (k, v);
        IF total <> 1 THEN
            PERFORM ecocomp._param_fail(m, 'inflow_shares', 'does not add up to 1',
                format('Expected shares that add up to exactly 1; they add up to %s.', total));
        END IF;
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._check_params_compliance_rate(ecocomp.agreement) IS
    'internal: validates the params of a compliance_rate agreement (22023 naming the key)';

-- One judgement per calendar year of the period (the thresholds are yearly).
CREATE OR REPLACE FUNCTION ecocomp._settle_compliance_rate_unit(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    m constant text := 'compliance_rate';
    p jsonb := a.params;
    target ecocomp.wq_class := (p ->> 'target_class')::ecocomp.wq_class;
    annual ecocomp.wq_class := ecocomp._param_class(p -> 'annual_class', 'annual_class', m);
    thr double precision := (p ->> 'threshold')::double precision;
    amt_met bigint := ecocomp._param_fen(p, 'amount_met', m, 0);
    amt_missed bigint := ecocomp._param_fen(p, 'amount_missed', m, 0);
    ind text[] := ecocomp._param_codes(p, 'indicators', m);
    shared boolean := jsonb_typeof(p -> 'inflow_shares') = 'object';
    yr daterange;
    items text[];
    met int[];
    assessed int[];
    aok int[];
    shares double precision[];
    k record;
    months jsonb;
    annual_j jsonb;
    miss text[];
    nmiss int;
    basis jsonb;
    issue text;
BEGIN
    FOR yr IN SELECT u FROM ecocomp._period_units(period, 'year') u LOOP
        WITH mc AS (
            SELECT CASE WHEN shared THEN u.section_code ELSE '*' END AS item, u.unit,
                   u.section_code, u.class, u.missing
            FROM ecocomp._unit_classes(a, yr, 'month', ind) u
        ), per_month AS (
            -- a month is assessed when every section of the item has a class;
            -- its class is then the worst over the sections
            SELECT mc.item, mc.unit,
                   bool_and(mc.class IS NOT NULL) AS assessed,
                   max(mc.class) AS class,
                   string_agg(CASE WHEN mc.class IS NULL THEN format('%s %s (%s)', mc.section_code, ecocomp._period_text(mc.unit),
                                                                     array_to_string(mc.missing, ', ')) END, '; ') AS missing
            FROM mc GROUP BY mc.item, mc.unit
        ), per_item AS (
            SELECT pm.item,
                   count(*) FILTER (WHERE pm.assessed AND pm.class <= target)::int AS met,
                   count(*) FILTER (WHERE pm.assessed)::int AS assessed,
                   jsonb_agg(jsonb_build_object('period', ecocomp._period_text(pm.unit),
                                                'class', CASE WHEN pm.assessed THEN pm.class END,
                                                'meets_target', CASE WHEN pm.assessed THEN pm.class <= target END)
                             ORDER BY pm.unit) AS months,
                   count(*) FILTER (WHERE NOT pm.assessed)::int AS nmissing,
                   string_agg(pm.missing, '; ' ORDER BY pm.unit) FILTER (WHERE NOT pm.assessed) AS missing
            FROM per_month pm GROUP BY pm.item
        ), ann AS (
            SELECT CASE WHEN shared THEN u.section_code ELSE '*' END AS item,
                   bool_and(u.class IS NOT NULL) AS assessed, max(u.class) AS class
            FROM ecocomp._unit_classes(a, yr, 'year', ind) u
            GROUP BY 1
        )
        SELECT array_agg(pi.item ORDER BY o.ord), array_agg(pi.met ORDER BY o.ord),
               array_agg(pi.assessed ORDER BY o.ord),
               array_agg(CASE WHEN annual IS NULL THEN -1
                              WHEN an.assessed AND an.class <= annual THEN 1 ELSE 0 END ORDER BY o.ord),
               array_agg((p -> 'inflow_shares' ->> pi.item)::double precision ORDER BY o.ord),
               jsonb_object_agg(pi.item, pi.months),
               jsonb_object_agg(pi.item, jsonb_build_object('class', CASE WHEN an.assessed THEN an.class END)),
               array_agg(pi.missing ORDER BY o.ord) FILTER (WHERE pi.missing IS NOT NULL),
               sum(pi.nmissing)::int
        INTO items, met, assessed, aok, shares, months, annual_j, miss, nmiss
        FROM per_item pi
        JOIN (SELECT CASE WHEN shared THEN s ELSE '*' END AS item, min(ord) AS ord
              FROM unnest(a.section_codes) WITH ORDINALITY AS x (s, ord) GROUP BY 1) o ON o.item = pi.item
        LEFT JOIN ann an ON an.item = pi.item;

        SELECT * INTO k FROM ecocomp._compliance_rate_kernel(met, assessed, aok,
            CASE WHEN shared THEN shares END, thr, amt_met, amt_missed);

        basis := ecocomp._sections_basis(a, period) || jsonb_build_object(
            'year', ecocomp._period_text(yr),
            'target_class', target, 'threshold', p -> 'threshold', 'annual_class', annual,
            'indicators', coalesce(to_jsonb(ind), '"evaluated"'::jsonb),
            'amount_met_fen', amt_met, 'amount_missed_fen', amt_missed,
            'items', (SELECT jsonb_agg(jsonb_build_object(
                          'item', CASE WHEN shared THEN i ELSE 'all sections' END,
                          'share', CASE WHEN shared THEN sh END,
                          'months_met', mt, 'months_assessed', asd, 'rate', r,
                          'annual_class', annual_j -> i -> 'class',
                          'annual_ok', CASE ao WHEN 1 THEN true WHEN 0 THEN false END,
                          'verdict', v, 'months', months -> i) ORDER BY o)
                      FROM unnest(items, shares, met, assessed, k.rates, aok, k.verdicts)
                           WITH ORDINALITY AS x (i, sh, mt, asd, r, ao, v, o)),
            'met_part_fen', k.met_part, 'missed_part_fen', k.missed_part,
            'months_without_data', to_jsonb(coalesce(miss, '{}')));
        issue := NULL;
        IF 'no data' = ANY (k.verdicts) THEN
            issue := format('no month with data in %s for %s: not judged, nothing paid for %s (compliance_rate rule)',
                            ecocomp._period_text(yr), array_to_string(ARRAY(SELECT CASE WHEN shared THEN i ELSE 'the sections' END
                                                      FROM unnest(items, k.verdicts) x (i, v) WHERE v = 'no data'), ', '),
                            CASE WHEN shared THEN 'their inflow shares' ELSE 'the year' END);
        END IF;
        IF nmiss > 0 AND 'met' = ANY (k.verdicts) OR 'missed' = ANY (k.verdicts) AND nmiss > 0 THEN
            issue := concat_ws('; ', issue,
                format('%s month(s) without data left out of the compliance rate (compliance_rate rule): %s',
                       nmiss, array_to_string(miss, '; ')));
        END IF;
        RETURN NEXT ecocomp._settlement_line(a.upstream_code, a.downstream_code, k.amount_fen, basis, issue);
    END LOOP;
END $$;
COMMENT ON FUNCTION ecocomp._settle_compliance_rate_unit(ecocomp.agreement, daterange) IS
    'internal: settles a compliance_rate agreement for one calendar year: one netted line; months without data are left out and reported';

-- ecocomp._settle_compliance_rate runs the function above once per whole unit of a
-- period (made in 50_method_registry.sql from ecocomp.method.whole_units).

CREATE OR REPLACE FUNCTION ecocomp._explain_compliance_rate(basis jsonb, lang text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    fen bigint := (basis ->> 'amount_fen')::bigint;
    zh boolean := lang = 'zh';
    items text;
    thr text := ecocomp._num((basis ->> 'threshold')::double precision * 100, 2) || '%';
    tgt text := ecocomp.class_label((basis ->> 'target_class')::ecocomp.wq_class, lang);
    ann text := ecocomp.class_label((basis ->> 'annual_class')::ecocomp.wq_class, lang);
BEGIN
    SELECT string_agg(format(CASE WHEN zh THEN '%s%s：%s/%s 个月达标（%s）%s，%s'
                                  ELSE '%s%s: %s of %s months met the target (%s)%s, %s' END,
                             CASE WHEN zh AND i ->> 'item' = 'all sections' THEN '考核断面' ELSE i ->> 'item' END,
                             CASE WHEN i ->> 'share' IS NOT NULL
                                  THEN format(CASE WHEN zh THEN '（来水占比 %s）' ELSE ' (inflow share %s)' END, i ->> 'share') ELSE '' END,
                             i ->> 'months_met', i ->> 'months_assessed',
                             coalesce(ecocomp._num((i ->> 'rate')::double precision * 100, 2) || '%', '-'),
                             CASE WHEN basis ->> 'annual_class' IS NOT NULL
                                  THEN format(CASE WHEN zh THEN '，年均值 %s' ELSE ', annual mean %s' END,
                                              coalesce(ecocomp.class_label((i ->> 'annual_class')::ecocomp.wq_class, lang), '-'))
                                  ELSE '' END,
                             CASE i ->> 'verdict' WHEN 'met' THEN CASE WHEN zh THEN '达标' ELSE 'met' END
                                                  WHEN 'missed' THEN CASE WHEN zh THEN '未达标' ELSE 'missed' END
                                                  ELSE CASE WHEN zh THEN '无数据' ELSE 'no data' END END),
                      '; ' ORDER BY o)
    INTO items
    FROM jsonb_array_elements(basis -> 'items') WITH ORDINALITY AS x (i, o);
    RETURN format(CASE WHEN zh THEN '%1$s 年度考核：月均值水质达到%3$s的月份比例不低于 %2$s%4$s 为达标。%5$s。达标部分 %6$s 元由下游 %7$s 付给上游 %8$s，未达标部分 %9$s 元由上游付给下游；'
                       ELSE 'Year %1$s: the target is met when at least %2$s of the monthly means reach %3$s%4$s. %5$s. The met part, %6$s yuan, is paid by downstream %7$s to upstream %8$s; the missed part, %9$s yuan, by upstream to downstream. ' END,
                  basis ->> 'year', thr, tgt,
                  CASE WHEN ann IS NOT NULL
                       THEN format(CASE WHEN zh THEN '且年均值达到%s' ELSE ' and the annual mean reaches %s' END, ann) ELSE '' END,
                  items, ecocomp._yuan_text((basis ->> 'met_part_fen')::bigint),
                  basis ->> 'downstream_code', basis ->> 'upstream_code',
                  ecocomp._yuan_text((basis ->> 'missed_part_fen')::bigint))
        || CASE WHEN fen > 0
                THEN format(CASE WHEN zh THEN '净额：下游 %s 向上游 %s 支付 %s 元。' ELSE 'Net: downstream %s pays upstream %s %s yuan.' END,
                            basis ->> 'downstream_code', basis ->> 'upstream_code', ecocomp._yuan_text(fen))
                ELSE format(CASE WHEN zh THEN '净额：上游 %s 向下游 %s 支付 %s 元。' ELSE 'Net: upstream %s pays downstream %s %s yuan.' END,
                            basis ->> 'upstream_code', basis ->> 'downstream_code', ecocomp._yuan_text(-fen)) END;
END $$;
COMMENT ON FUNCTION ecocomp._explain_compliance_rate(jsonb, text) IS
    'internal: the compliance_rate judgement with the numbers of a basis filled in (zh or en)';

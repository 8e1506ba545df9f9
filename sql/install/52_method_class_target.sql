-- class_target: a fixed amount per month, quarter or year chosen by the
-- section's class in it, netted over the settled period, optionally capped
-- (Lushui, Chu River, Youshui, Yellow River class steps; docs/methods/class_target.md).
-- Kernel: src/core/rule_class_target.c.

CREATE OR REPLACE FUNCTION ecocomp._class_target_kernel(classes integer[], amounts bigint[], cap bigint,
    OUT unit_fen bigint[], OUT uncapped bigint, OUT total bigint, OUT capped boolean)
AS 'MODULE_PATHNAME', 'ecocomp_class_target_kernel'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._class_target_kernel(integer[], bigint[], bigint) IS
    'internal: per unit the amount of its class (1..6, NULL = no data, pays 0), the net total and the capped total in fen';

-- amounts_by_class: {"I": 120000000, "II": 60000000, "IV..inferior_V": -60000000}
-- -> six signed amounts in fen, classes I..inferior_V; uncovered classes 0.
-- A key is a class or a range "A..B" of classes; overlaps are errors.
CREATE OR REPLACE FUNCTION ecocomp._class_amounts(params jsonb, key text, method text) RETURNS bigint[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := ecocomp._param_json(params, key, method, 'object', 'must map classes to amounts',
        'a non-empty JSON object class -> yuan, e.g. {"I..III": 1000000, "IV..inferior_V": -1000000}');
    classes text[] := enum_range(NULL::ecocomp.wq_class)::text[];
    amounts bigint[] := '{0,0,0,0,0,0}';
    owner text[] := '{NULL,NULL,NULL,NULL,NULL,NULL}';
    r record;
    lo int;
    hi int;
    y numeric;
BEGIN
    IF v IS NULL THEN
        RETURN NULL;
    END IF;
    FOR r IN SELECT e.key AS k, e.value FROM jsonb_each(v) e ORDER BY 1 LOOP
        lo := array_position(classes, CASE WHEN strpos(r.k, '..') > 0 THEN split_part(r.k, '..', 1) ELSE r.k END);
        hi := array_position(classes, CASE WHEN strpos(r.k, '..') > 0 THEN split_part(r.k, '..', 2) ELSE r.k END);
        IF lo IS NULL OR hi IS NULL OR lo > hi THEN
            PERFORM ecocomp._param_fail(method, key, 'names an unknown class',
                format('Expected keys that are a class (I, II, III, IV, V, inferior_V) or a range of classes from better to worse such as "I..III"; got "%s".', r.k));
        END IF;
        IF jsonb_typeof(r.value) <> 'number' THEN
            PERFORM ecocomp._param_fail(method, key, 'must map classes to amounts',
                format('The amount for "%s" must be a number of yuan; got %s.', r.k, ecocomp._param_show(r.value)));
        END IF;
        y := r.value::numeric;
        IF y * 100 <> trunc(y * 100) OR abs(y) >= 10000000000000000 THEN
            PERFORM ecocomp._param_fail(method, key, 'is not an amount of money',
                format('The amount for "%s" must be yuan with at most two decimals and below 10^16; got %s.', r.k, y));
        END IF;
        FOR c IN lo .. hi LOOP
            IF owner[c] IS NOT NULL THEN
                PERFORM ecocomp._param_fail(method, key, 'has overlapping classes',
                    format('"%s" and "%s" both give an amount for class %s; each class may have one amount.',
                           owner[c], r.k, classes[c]));
            END IF;
            owner[c] := r.k;
            amounts[c] := (y * 100)::bigint;
        END LOOP;
    END LOOP;
    RETURN amounts;
END $$;
COMMENT ON FUNCTION ecocomp._class_amounts(jsonb, text, text) IS
    'internal: an object class (or range "A..B") -> yuan as six amounts in fen for classes I..inferior_V (22023 on unknown classes, overlaps, bad amounts)';

CREATE OR REPLACE FUNCTION ecocomp._check_params_class_target(a ecocomp.agreement) RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m constant text := 'class_target';
    p jsonb := a.params;
BEGIN
    PERFORM ecocomp._require_sections(a);
    PERFORM ecocomp._param_keys(p, '{period_unit,indicators,amounts_by_class,cap}', '{amounts_by_class}', m);
    PERFORM ecocomp._param_text(p, 'period_unit', m, '{month,quarter,year}');
    PERFORM ecocomp._param_classed_codes(p, 'indicators', m);
    PERFORM ecocomp._class_amounts(p, 'amounts_by_class', m);
    PERFORM ecocomp._param_fen(p, 'cap', m, 0);
END $$;
COMMENT ON FUNCTION ecocomp._check_params_class_target(ecocomp.agreement) IS
    'internal: validates the params of a class_target agreement (22023 naming the key)';

CREATE OR REPLACE FUNCTION ecocomp._settle_class_target(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    m constant text := 'class_target';
    p jsonb := a.params;
    unit text := coalesce(p ->> 'period_unit', 'year');
    ind text[] := ecocomp._param_codes(p, 'indicators', m);
    amounts bigint[] := ecocomp._class_amounts(p, 'amounts_by_class', m);
    cap bigint := ecocomp._param_fen(p, 'cap', m, 0);
    secs text[];
    units daterange[];
    cls ecocomp.wq_class[];
    means jsonb[];
    miss text[];
    k record;
    detail jsonb;
    basis jsonb;
    issue text;
BEGIN
    SELECT array_agg(u.section_code), array_agg(u.unit), array_agg(u.class), array_agg(u.means),
           array_agg(CASE WHEN u.class IS NULL
                          THEN format('%s %s (%s)', u.section_code, ecocomp._period_text(u.unit), array_to_string(u.missing, ', ')) END)
    INTO secs, units, cls, means, miss
    FROM ecocomp._unit_classes(a, period, unit, ind) u;

    SELECT * INTO k FROM ecocomp._class_target_kernel(
        ARRAY(SELECT array_position(enum_range(NULL::ecocomp.wq_class), c) FROM unnest(cls) c),
        amounts, cap);

    SELECT jsonb_agg(jsonb_build_object('section_code', s, 'period', ecocomp._period_text(u), 'class', c,
                                        'amount_fen', f, 'means', coalesce(mn, '{}'::jsonb)) ORDER BY o)
    INTO detail
    FROM unnest(secs, units, cls, k.unit_fen, means) WITH ORDINALITY AS x (s, u, c, f, mn, o);

    miss := array_remove(miss, NULL);
    basis := ecocomp._sections_basis(a, period) || jsonb_build_object(
        'period_unit', unit, 'indicators', coalesce(to_jsonb(ind), '"evaluated"'::jsonb),
        'amounts_fen_by_class', (SELECT jsonb_object_agg(c, f) FROM unnest(enum_range(NULL::ecocomp.wq_class), amounts) x (c, f)),
        'cap_fen', cap, 'units', coalesce(detail, '[]'::jsonb),
        'units_without_data', to_jsonb(miss),
        'uncapped_fen', k.uncapped, 'capped', k.capped);
    IF cardinality(miss) > 0 THEN
        issue := format('%s of %s %s units without data for the indicators contribute nothing (class_target rule): %s',
                        cardinality(miss), cardinality(units), unit, array_to_string(miss, '; '));
    END IF;
    RETURN NEXT ecocomp._settlement_line(a.upstream_code, a.downstream_code, k.total, basis, issue);
END $$;
COMMENT ON FUNCTION ecocomp._settle_class_target(ecocomp.agreement, daterange) IS
    'internal: settles a class_target agreement for a period (one netted line; units without data pay nothing and are reported)';

CREATE OR REPLACE FUNCTION ecocomp._explain_class_target(basis jsonb, lang text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    fen bigint := (basis ->> 'amount_fen')::bigint;
    parts text;
    zh boolean := lang = 'zh';
BEGIN
    SELECT string_agg(format('%s %s: %s → %s', u ->> 'section_code', u ->> 'period',
                             coalesce(ecocomp.class_label((u ->> 'class')::ecocomp.wq_class, lang),
                                      CASE WHEN zh THEN '无数据' ELSE 'no data' END),
                             ecocomp._yuan_text((u ->> 'amount_fen')::bigint)), '; ' ORDER BY o)
    INTO parts
    FROM jsonb_array_elements(basis -> 'units') WITH ORDINALITY AS x (u, o);
    IF zh THEN
        RETURN format('按%s考核断面水质类别，每期按类别计补偿金额（正数由下游 %s 付给上游 %s），逐期相加（净额）：%s。合计 %s 元%s。',
                      ecocomp._unit_zh(basis ->> 'period_unit'),
                      basis ->> 'downstream_code', basis ->> 'upstream_code', parts,
                      ecocomp._yuan_text((basis ->> 'uncapped_fen')::bigint),
                      CASE WHEN (basis ->> 'capped')::boolean
                           THEN format('，超过上限 %s 元，按上限计', ecocomp._yuan_text((basis ->> 'cap_fen')::bigint)) ELSE '' END)
            || CASE WHEN fen > 0 THEN format('下游 %s 向上游 %s 支付 %s 元。', basis ->> 'downstream_code', basis ->> 'upstream_code', ecocomp._yuan_text(fen))
                    ELSE format('上游 %s 向下游 %s 支付 %s 元。', basis ->> 'upstream_code', basis ->> 'downstream_code', ecocomp._yuan_text(-fen)) END;
    END IF;
    RETURN format('The class of each %s decides its amount (positive: downstream %s pays upstream %s); the amounts are netted: %s. Net %s yuan%s. ',
                  basis ->> 'period_unit', basis ->> 'downstream_code', basis ->> 'upstream_code', parts,
                  ecocomp._yuan_text((basis ->> 'uncapped_fen')::bigint),
                  CASE WHEN (basis ->> 'capped')::boolean
                       THEN format(', above the cap of %s yuan, so the cap applies', ecocomp._yuan_text((basis ->> 'cap_fen')::bigint)) ELSE '' END)
        || CASE WHEN fen > 0 THEN format('Downstream %s pays upstream %s %s yuan.', basis ->> 'downstream_code', basis ->> 'upstream_code', ecocomp._yuan_text(fen))
                ELSE format('Upstream %s pays downstream %s %s yuan.', basis ->> 'upstream_code', basis ->> 'downstream_code', ecocomp._yuan_text(-fen)) END;
END $$;
COMMENT ON FUNCTION ecocomp._explain_class_target(jsonb, text) IS
    'internal: the class_target computation with the numbers of a basis filled in (zh or en)';

-- transfer_fee: per-tonne compensation for hazardous waste shipped from one
-- jurisdiction to another, origin -> destination: Σ tonnes × rate(category)
-- × factor(disposal) per ordered pair of different jurisdictions at a level.
-- The closest published rates are per tonne of household waste treated in
-- another district (Beijing 100, later 150 yuan/t; Chongqing 50 yuan/t).
-- Data: waste_transfer (80_waste_transfer.sql); docs/methods/transfer_fee.md.

CREATE OR REPLACE FUNCTION ecocomp._check_params_transfer_fee(a ecocomp.agreement)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m text := 'transfer_fee';
    r record;
BEGIN
    PERFORM ecocomp._param_keys(a.params, ARRAY['rates', 'disposal_factors', 'level'], ARRAY['rates'], m);
    IF jsonb_typeof(a.params -> 'rates') <> 'object' OR a.params -> 'rates' = '{}'::jsonb THEN
        PERFORM ecocomp._param_fail(m, 'rates', 'must map HW categories to yuan per tonne',
            format('Expected a non-empty object such as {"HW08": 150, "*": 100}; got %s.', ecocomp._param_show(a.params -> 'rates')));
    END IF;
    FOR r IN SELECT e.key, e.value FROM jsonb_each(a.params -> 'rates') e ORDER BY 1 LOOP
        IF r.key !~ '^HW(0[1-9]|[1-4][0-9]|50)$' AND r.key <> '*' THEN
            PERFORM ecocomp._param_fail(m, 'rates', 'names an unknown category',
                format('"%s" is not an HW category HW01 to HW50 nor "*" (every other category).', r.key));
        END IF;
        PERFORM ecocomp._param_fen(jsonb_build_object('rates.' || r.key, r.value), 'rates.' || r.key, m, 0);
    END LOOP;
    FOR r IN SELECT e.key, e.value
             FROM jsonb_each(ecocomp._param_json(a.params, 'disposal_factors', m, 'object', 'must map disposals to multipliers',
                                                   'an object such as {"landfill": 1.5, "recovery": 0.5}', false)) e
             ORDER BY 1 LOOP
        PERFORM ecocomp._param_number(jsonb_build_object('disposal_factors.' || r.key, r.value),
                                      'disposal_factors.' || r.key, m, 0, 1000);
        IF jsonb_typeof(r.value) = 'null' THEN
            PERFORM ecocomp._param_fail(m, 'disposal_factors.' || r.key, 'must be a number',
                'Expected a number from 0 to 1000; got null.');
        END IF;
    END LOOP;
    PERFORM ecocomp._param_text(a.params, 'level', m, ARRAY['province', 'prefecture', 'county', 'other']);
    IF a.parties IS NOT NULL THEN
        PERFORM ecocomp._check_parties(a.parties, m, 'parties');
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._check_params_transfer_fee(ecocomp.agreement) IS
    'internal: validates the params of a transfer_fee agreement (rates by HW category, disposal factors, level)';

CREATE OR REPLACE FUNCTION ecocomp._settle_transfer_fee(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    meth text := 'transfer_fee';
    lvl text := coalesce(a.params ->> 'level', 'province');
    base jsonb := ecocomp._basis(a, period) || jsonb_build_object('level', lvl);
BEGIN
    RETURN QUERY
    WITH up AS MATERIALIZED (
        SELECT j.code, coalesce(x.ancestor, j.code) AS ancestor
        FROM ecocomp.jurisdiction j LEFT JOIN ecocomp._ancestor_at_level(lvl) x ON x.code = j.code
    ), cell AS (   -- one row per pair, category and disposal, with its rate and factor
        SELECT o.ancestor AS origin, d.ancestor AS destination, w.hw_category, w.disposal,
               sum(w.tonnes) AS tonnes, count(*) AS manifests,
               coalesce(a.params -> 'rates' -> w.hw_category, a.params -> 'rates' -> '*')::text::numeric AS rate,
               coalesce((a.params -> 'disposal_factors' ->> w.disposal)::numeric, 1) AS factor
        FROM ecocomp.waste_transfer w
        JOIN up o ON o.code = w.origin_code
        JOIN up d ON d.code = w.destination_code
        CROSS JOIN ecocomp._period_instants(period, a.time_zone) i
        WHERE w.shipped_at >= i.t0 AND w.shipped_at < i.t1   -- settlement periods are bounded
          AND o.ancestor <> d.ancestor
          AND (a.parties IS NULL OR (o.ancestor = ANY (a.parties) AND d.ancestor = ANY (a.parties)))
        GROUP BY 1, 2, 3, 4
    ), pair AS (
        SELECT c.origin, c.destination,
               round(sum(c.tonnes * c.rate * c.factor) FILTER (WHERE c.rate IS NOT NULL), 2) AS amount,
               jsonb_agg(jsonb_build_object('hw_category', c.hw_category, 'disposal', c.disposal, 'tonnes', c.tonnes,
                                            'manifests', c.manifests, 'rate', c.rate, 'factor', c.factor,
                                            'amount', trim_scale(c.tonnes * c.rate * c.factor))
                         ORDER BY c.hw_category, c.disposal) FILTER (WHERE c.rate IS NOT NULL) AS items,
               jsonb_agg(jsonb_build_object('hw_category', c.hw_category, 'tonnes', c.tonnes, 'manifests', c.manifests)
                         ORDER BY c.hw_category) FILTER (WHERE c.rate IS NULL) AS unrated
        FROM cell c GROUP BY 1, 2
    )
    SELECT (ROW(p.origin, p.destination, p.amount,
                base || jsonb_build_object('payer', p.origin, 'payee', p.destination, 'items', p.items,
                                           'amount_fen', (p.amount * 100)::bigint),
                NULL)::ecocomp.settlement_line).*
    FROM pair p WHERE p.amount > 0
    UNION ALL   -- tonnes of a category the agreement has no rate for are reported, not silently free
    SELECT (ROW(NULL, NULL, NULL,
                base || jsonb_build_object('origin', p.origin, 'destination', p.destination, 'unrated', p.unrated),
                format('no rate for %s shipped from %s to %s (%s); those tonnes are not charged',
                       (SELECT string_agg(u ->> 'hw_category', ', ') FROM jsonb_array_elements(p.unrated) u),
                       p.origin, p.destination,
                       (SELECT string_agg(format('%s t in %s manifests', u ->> 'tonnes', u ->> 'manifests'), '; ')
                        FROM jsonb_array_elements(p.unrated) u)))::ecocomp.settlement_line).*
    FROM pair p WHERE p.unrated IS NOT NULL
    ORDER BY 1, 2;
END $$;
COMMENT ON FUNCTION ecocomp._settle_transfer_fee(ecocomp.agreement, daterange) IS
    'internal: settles a transfer_fee agreement: each origin pays each destination Σ tonnes × rate × disposal factor of the period''s manifests';

CREATE OR REPLACE FUNCTION ecocomp._explain_transfer_fee(basis jsonb, lang text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws(E'\n',
        format(CASE WHEN lang = 'zh'
                    THEN '危险废物转移补偿（协议 %s，期间 %s，%s级）：%s 转移至 %s 的危险废物，金额 = Σ 吨数 × 类别单价 × 处置系数。'
                    ELSE 'Hazardous-waste transfer fee (agreement %s, period %s, %s level): waste shipped from %s to %s; amount = Σ tonnes × rate of the category × disposal factor.' END,
               basis ->> 'agreement_id', basis ->> 'period',
               CASE WHEN lang <> 'zh' THEN basis ->> 'level'
                    ELSE CASE basis ->> 'level' WHEN 'province' THEN '省' WHEN 'prefecture' THEN '地市' WHEN 'county' THEN '县' ELSE '其他' END END,
               ecocomp._party_text(basis ->> 'payer', lang), ecocomp._party_text(basis ->> 'payee', lang)),
        (SELECT string_agg(format(CASE WHEN lang = 'zh' THEN '  %s（%s）：%s 吨 × %s 元/吨 × %s = %s 元（%s 张联单）'
                                       ELSE '  %s (%s): %s t × %s yuan/t × %s = %s yuan (%s manifests)' END,
                                  i ->> 'hw_category', coalesce(i ->> 'disposal', CASE WHEN lang = 'zh' THEN '未注明处置方式' ELSE 'disposal not given' END),
                                  i ->> 'tonnes', i ->> 'rate', i ->> 'factor', i ->> 'amount', i ->> 'manifests'),
                           E'\n' ORDER BY n)
         FROM jsonb_array_elements(basis -> 'items') WITH ORDINALITY AS t (i, n)),
        format(CASE WHEN lang = 'zh' THEN '合计 %s 元，由 %s 支付给 %s（四舍五入到分）。'
                    ELSE 'Total %s yuan, paid by %s to %s (rounded half up to the fen).' END,
               ecocomp._yuan_text((basis ->> 'amount_fen')::bigint),
               ecocomp._party_text(basis ->> 'payer', lang), ecocomp._party_text(basis ->> 'payee', lang)))
$$;
COMMENT ON FUNCTION ecocomp._explain_transfer_fee(jsonb, text) IS
    'internal: a transfer_fee basis in words (zh or en) with the numbers filled in';

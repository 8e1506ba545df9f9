-- protected_area: benefiting jurisdictions pay protected ones in proportion
-- to the protected area each holds (wetland compensation pilots: Dongting,
-- Poyang, the middle-lower Han).  Either a budget per period unit split by
-- weighted area, or a rate per 亩 (1 亩 = 10 000/15 m² exactly, so 1 km² =
-- 1 500 亩) with a bounded adjustment per jurisdiction (Poyang 2020: 80
-- yuan per 亩, ±30 %).  Each payer bears its share of every recipient's
-- amount.  Data: protected_area (81_protected_area.sql);
-- docs/methods/protected_area.md.

CREATE OR REPLACE FUNCTION ecocomp._check_params_protected_area(a ecocomp.agreement)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m text := 'protected_area';
    r record;
    total numeric := 0;
    bound numeric;
BEGIN
    PERFORM ecocomp._param_keys(a.params, ARRAY['payers', 'budget', 'rate_per_mu', 'adjust', 'adjust_bound', 'recipients',
                                                'kind_weights', 'level', 'period_unit'], ARRAY['payers'], m);
    IF jsonb_typeof(a.params -> 'payers') <> 'object' OR a.params -> 'payers' = '{}'::jsonb THEN
        PERFORM ecocomp._param_fail(m, 'payers', 'must map jurisdictions to shares',
            format('Expected an object such as {"430000": 0.6, "420000": 0.4} whose shares add up to 1; got %s.',
                   ecocomp._param_show(a.params -> 'payers')));
    END IF;
    FOR r IN SELECT e.key, e.value FROM jsonb_each(a.params -> 'payers') e ORDER BY 1 LOOP
        PERFORM ecocomp._param_known(m, 'payers', 'jurisdiction', r.key);
        IF jsonb_typeof(r.value) <> 'number' OR r.value::text::numeric <= 0 OR r.value::text::numeric > 1 THEN
            PERFORM ecocomp._param_fail(m, 'payers', 'must map jurisdictions to shares',
                format('The share of "%s" must be a number > 0 and <= 1; got %s.', r.key, r.value));
        END IF;
        total := total + r.value::text::numeric;
    END LOOP;
    IF total <> 1 THEN
        PERFORM ecocomp._param_fail(m, 'payers', 'shares do not add up to 1',
            format('The shares add up to %s.', total));
    END IF;
    IF (a.params -> 'budget' IS NULL OR jsonb_typeof(a.params -> 'budget') = 'null')
       = (a.params -> 'rate_per_mu' IS NULL OR jsonb_typeof(a.params -> 'rate_per_mu') = 'null') THEN
        PERFORM ecocomp._param_fail(m, 'budget', 'or rate_per_mu must be given, not both',
            'A protected_area agreement either splits a budget by weighted area or pays a rate per mu.');
    END IF;
    PERFORM ecocomp._param_fen(a.params, 'budget', m, 0);
    PERFORM ecocomp._param_fen(a.params, 'rate_per_mu', m, 0);
    bound := ecocomp._param_number(a.params, 'adjust_bound', m, 0, 1);
    IF a.params ? 'adjust' AND jsonb_typeof(a.params -> 'adjust') <> 'null' THEN
        IF NOT (a.params ? 'rate_per_mu') OR bound IS NULL THEN
            PERFORM ecocomp._param_fail(m, 'adjust', 'needs rate_per_mu and adjust_bound',
                'Adjustments multiply the rate per mu of a jurisdiction within 1 ± adjust_bound (Poyang 2020: 0.3).');
        END IF;
        IF jsonb_typeof(a.params -> 'adjust') <> 'object' THEN
            PERFORM ecocomp._param_fail(m, 'adjust', 'must map jurisdictions to multipliers',
                format('Expected an object such as {"360124": 1.2}; got %s.', ecocomp._param_show(a.params -> 'adjust')));
        END IF;
        FOR r IN SELECT e.key, e.value FROM jsonb_each(a.params -> 'adjust') e ORDER BY 1 LOOP
            PERFORM ecocomp._param_known(m, 'adjust', 'jurisdiction', r.key);
            IF jsonb_typeof(r.value) <> 'number' OR abs(r.value::text::numeric - 1) > bound THEN
                PERFORM ecocomp._param_fail(m, 'adjust', 'is outside the bound',
                    format('The multiplier of "%s" must be a number from %s to %s (1 ± adjust_bound); got %s.',
                           r.key, 1 - bound, 1 + bound, r.value));
            END IF;
        END LOOP;
    END IF;
    IF a.params ? 'recipients' AND jsonb_typeof(a.params -> 'recipients') <> 'null' THEN
        IF jsonb_typeof(a.params -> 'recipients') <> 'array' THEN
            PERFORM ecocomp._param_fail(m, 'recipients', 'must be a list of jurisdiction codes',
                format('Got %s.', ecocomp._param_show(a.params -> 'recipients')));
        END IF;
        PERFORM ecocomp._check_parties(ARRAY(SELECT jsonb_array_elements_text(a.params -> 'recipients')), m, 'recipients');
    END IF;
    FOR r IN SELECT e.key, e.value
             FROM jsonb_each(ecocomp._param_json(a.params, 'kind_weights', m, 'object', 'must map kinds to weights',
                                                   'an object such as {"wetland": 1, "nature_reserve": 0.5}', false)) e
             ORDER BY 1 LOOP
        IF r.key NOT IN ('wetland', 'nature_reserve', 'water_source', 'forest', 'other') THEN
            PERFORM ecocomp._param_fail(m, 'kind_weights', 'names an unknown kind',
                format('"%s" is not one of wetland, nature_reserve, water_source, forest, other.', r.key));
        END IF;
        IF jsonb_typeof(r.value) <> 'number' OR r.value::text::numeric < 0 OR r.value::text::numeric > 1000 THEN
            PERFORM ecocomp._param_fail(m, 'kind_weights', 'must map kinds to weights',
                format('The weight of "%s" must be a number from 0 to 1000; got %s.', r.key, r.value));
        END IF;
    END LOOP;
    PERFORM ecocomp._param_text(a.params, 'level', m, ARRAY['province', 'prefecture', 'county', 'other']);
    PERFORM ecocomp._param_text(a.params, 'period_unit', m, ARRAY['month', 'quarter', 'year']);
END $$;
COMMENT ON FUNCTION ecocomp._check_params_protected_area(ecocomp.agreement) IS
    'internal: validates the params of a protected_area agreement (payers and shares, budget or rate per mu, adjustments, recipients, kind weights)';

-- One period unit.  Recipients' amounts: the budget split by weighted area
-- by the largest remainder (budget mode), or area × 1 500 亩/km² × rate ×
-- adjustment rounded half up to the fen (rate mode).  Each recipient's
-- amount is then split among the payers by their shares, again by the
-- largest remainder, so every recipient receives its amount exactly.
CREATE OR REPLACE FUNCTION ecocomp._settle_protected_area_unit(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    lvl text := coalesce(a.params ->> 'level', 'prefecture');
    payers text[] := ARRAY(SELECT e.key FROM jsonb_each(a.params -> 'payers') e ORDER BY e.key);
    shares float8[] := ARRAY(SELECT e.value::text::float8 FROM jsonb_each(a.params -> 'payers') e ORDER BY e.key);
    rcpt text[];
    weighted float8[];
    amounts numeric[];
    basis jsonb;
    rec jsonb;
BEGIN
    WITH area AS (
        SELECT s.code, sum(s.area_km2 * coalesce((a.params -> 'kind_weights' ->> s.kind)::float8, 1)) AS w,
               jsonb_object_agg(s.kind, s.area_km2) AS by_kind
        FROM ecocomp._protected_area_share(lvl, period) s
        WHERE a.params -> 'recipients' IS NULL OR jsonb_typeof(a.params -> 'recipients') = 'null'
              OR a.params -> 'recipients' ? s.code
        GROUP BY s.code
    )
    SELECT array_agg(code ORDER BY code), array_agg(w ORDER BY code),
           jsonb_agg(jsonb_build_object('code', code, 'weighted_km2', w, 'km2_by_kind', by_kind) ORDER BY code)
    INTO rcpt, weighted, rec
    FROM area WHERE w > 0;

    basis := ecocomp._basis(a, period)
        || jsonb_build_object('level', lvl, 'payers', a.params -> 'payers', 'kind_weights', a.params -> 'kind_weights');
    IF rcpt IS NULL THEN
        RETURN NEXT ROW(NULL, NULL, NULL, basis,
            format('no protected area valid in %s lies in a recipient jurisdiction at %s level; nothing is paid',
                   ecocomp._period_text(period), lvl))::ecocomp.settlement_line;
        RETURN;
    END IF;

    IF a.params ? 'budget' AND jsonb_typeof(a.params -> 'budget') <> 'null' THEN
        amounts := ecocomp.allocate((a.params ->> 'budget')::numeric, weighted);
        basis := basis || jsonb_build_object('budget', (a.params ->> 'budget')::numeric,
                                             'weighted_km2_total', (SELECT sum(x) FROM unnest(weighted) x));
    ELSE
        amounts := ARRAY(
            SELECT round(w::numeric * 1500 * (a.params ->> 'rate_per_mu')::numeric
                         * coalesce((a.params -> 'adjust' ->> c)::numeric, 1), 2)
            FROM unnest(rcpt, weighted) WITH ORDINALITY AS t (c, w, n) ORDER BY n);
        basis := basis || jsonb_build_object('rate_per_mu', (a.params ->> 'rate_per_mu')::numeric,
                                             'adjust', a.params -> 'adjust');
    END IF;
    basis := basis || jsonb_build_object('recipients',
        (SELECT jsonb_agg(e || jsonb_build_object('amount', amounts[n]) ORDER BY n)
         FROM jsonb_array_elements(rec) WITH ORDINALITY AS t (e, n)));

    -- A payer that is also a recipient keeps its own share: no line to itself.
    RETURN QUERY
    SELECT (ROW(payers[p.n], rcpt[r.n], part.amt,
                basis || jsonb_build_object('payer', payers[p.n], 'payee', rcpt[r.n], 'share', shares[p.n],
                                            'recipient_amount', amounts[r.n], 'amount_fen', (part.amt * 100)::bigint),
                NULL)::ecocomp.settlement_line).*
    FROM generate_subscripts(rcpt, 1) AS r (n)
    CROSS JOIN LATERAL (SELECT ecocomp.allocate(amounts[r.n], shares) AS parts) s
    CROSS JOIN LATERAL generate_subscripts(payers, 1) AS p (n)
    CROSS JOIN LATERAL (SELECT s.parts[p.n] AS amt) part
    WHERE part.amt > 0 AND payers[p.n] <> rcpt[r.n]
    ORDER BY r.n, p.n;
END $$;
COMMENT ON FUNCTION ecocomp._settle_protected_area_unit(ecocomp.agreement, daterange) IS
    'internal: settles a protected_area agreement for one period unit: each payer pays each recipient its share of the recipient''s amount';

-- ecocomp._settle_protected_area runs the function above once per whole unit of a
-- period (made in 50_method_registry.sql from ecocomp.method.whole_units).

CREATE OR REPLACE FUNCTION ecocomp._explain_protected_area(basis jsonb, lang text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws(E'\n',
        CASE WHEN basis ? 'budget'
             THEN format(CASE WHEN lang = 'zh'
                              THEN '保护地补偿（协议 %s，期间 %s）：预算 %s 元按各受偿方加权保护面积（合计 %s km²）以最大余数法分到分。'
                              ELSE 'Protected-area compensation (agreement %s, period %s): a budget of %s yuan split by weighted protected area (%s km² in all), to the fen by the largest remainder.' END,
                         basis ->> 'agreement_id', basis ->> 'period', basis ->> 'budget', ecocomp._num((basis ->> 'weighted_km2_total')::float8, 4))
             ELSE format(CASE WHEN lang = 'zh'
                              THEN '保护地补偿（协议 %s，期间 %s）：受偿金额 = 加权保护面积（km²）× 1500 亩/km² × %s 元/亩 × 调整系数，四舍五入到分。'
                              ELSE 'Protected-area compensation (agreement %s, period %s): amount = weighted protected area (km²) × 1 500 mu/km² × %s yuan/mu × adjustment, rounded half up to the fen.' END,
                         basis ->> 'agreement_id', basis ->> 'period', basis ->> 'rate_per_mu')
        END,
        (SELECT string_agg(format(CASE WHEN lang = 'zh' THEN '  %s：加权面积 %s km²，受偿 %s 元'
                                       ELSE '  %s: weighted area %s km², receives %s yuan' END,
                                  ecocomp._party_text(e ->> 'code', lang), ecocomp._num((e ->> 'weighted_km2')::float8, 4), e ->> 'amount'),
                           E'\n' ORDER BY n)
         FROM jsonb_array_elements(basis -> 'recipients') WITH ORDINALITY AS t (e, n)),
        format(CASE WHEN lang = 'zh' THEN '%s 按份额 %s 承担 %s 应得的 %s 元，支付 %s 元（最大余数法分到分）。'
                    ELSE '%s bears share %s of the %s yuan due to %s and pays %s yuan (largest remainder to the fen).' END,
               ecocomp._party_text(basis ->> 'payer', lang), basis ->> 'share',
               CASE WHEN lang = 'zh' THEN ecocomp._party_text(basis ->> 'payee', lang) ELSE basis ->> 'recipient_amount' END,
               CASE WHEN lang = 'zh' THEN basis ->> 'recipient_amount' ELSE ecocomp._party_text(basis ->> 'payee', lang) END,
               ecocomp._yuan_text((basis ->> 'amount_fen')::bigint)))
$$;
COMMENT ON FUNCTION ecocomp._explain_protected_area(jsonb, text) IS
    'internal: a protected_area basis in words (zh or en) with the numbers filled in';

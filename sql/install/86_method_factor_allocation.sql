-- factor_allocation (Jiangxi 因素法): a budget split by weighted factors,
-- to the fen by the largest remainder.  Kernel:
-- src/core/rule_factor_allocation.c; docs/methods/factor_allocation.md.

CREATE OR REPLACE FUNCTION ecocomp._factor_allocation_kernel(budget_fen bigint, weights double precision[],
                                                  "values" double precision[], nparties int,
                                                  OUT share double precision[], OUT amount_fen bigint[])
AS 'MODULE_PATHNAME', 'ecocomp_factor_allocation_kernel'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._factor_allocation_kernel(bigint, double precision[], double precision[], int) IS
    'internal: the factor_allocation kernel: shares Σ w·v/Σv and amounts in fen summing to the budget';

CREATE OR REPLACE FUNCTION ecocomp._check_params_factor_allocation(a ecocomp.agreement)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m text := 'factor_allocation';
    f jsonb;
    i int := 0;
    item text;
    r record;
    bad text;
    w numeric;
    any_weight boolean := false;
BEGIN
    PERFORM ecocomp._param_keys(a.params, ARRAY['payer', 'budget', 'factors', 'period_unit'],
                                ARRAY['payer', 'budget', 'factors'], m);
    PERFORM ecocomp._param_text(a.params, 'period_unit', m, ARRAY['month', 'quarter', 'year']);
    PERFORM ecocomp._check_parties(a.parties, m, 'parties');
    IF jsonb_typeof(a.params -> 'payer') <> 'string'
       OR NOT EXISTS (SELECT FROM ecocomp.jurisdiction j WHERE j.code = a.params ->> 'payer') THEN
        PERFORM ecocomp._param_fail(m, 'payer', 'names an unknown jurisdiction',
            format('Expected the code of the jurisdiction that pays the budget; got %s.', ecocomp._param_show(a.params -> 'payer')));
    END IF;
    IF (a.params ->> 'payer') = ANY (a.parties) THEN
        PERFORM ecocomp._param_fail(m, 'payer', 'is one of the parties',
            format('"%s" pays the budget and cannot also receive a share of it.', a.params ->> 'payer'));
    END IF;
    PERFORM ecocomp._param_fen(a.params, 'budget', m, 0);
    IF jsonb_typeof(a.params -> 'factors') <> 'array' OR jsonb_array_length(a.params -> 'factors') = 0 THEN
        PERFORM ecocomp._param_fail(m, 'factors', 'must be a list of factors',
            format('Expected a non-empty JSON array of {name, weight, values}; got %s.', ecocomp._param_show(a.params -> 'factors')));
    END IF;
    FOR f IN SELECT e FROM jsonb_array_elements(a.params -> 'factors') WITH ORDINALITY AS t (e, n) ORDER BY n LOOP
        i := i + 1;
        item := format('factors[%s]', i);
        IF jsonb_typeof(f) <> 'object' THEN
            PERFORM ecocomp._param_fail(m, item, 'must be an object',
                format('Expected {name, weight, values}; got %s.', ecocomp._param_show(f)));
        END IF;
        PERFORM ecocomp._param_item_keys(f, ARRAY['name', 'weight', 'values'], ARRAY['name', 'weight', 'values'], m, item);
        IF jsonb_typeof(f -> 'name') <> 'string' THEN
            PERFORM ecocomp._param_fail(m, item || '.name', 'must be a string',
                format('Got %s.', ecocomp._param_show(f -> 'name')));
        END IF;
        w := ecocomp._param_number(jsonb_build_object(item || '.weight', f -> 'weight'), item || '.weight', m, 0);
        IF jsonb_typeof(f -> 'values') <> 'object' THEN
            PERFORM ecocomp._param_fail(m, item || '.values', 'must map parties to numbers',
                format('Expected an object with one number per party (%s); got %s.',
                       array_to_string(a.parties, ', '), ecocomp._param_show(f -> 'values')));
        END IF;
        FOR r IN SELECT e.key, e.value FROM jsonb_each(f -> 'values') e ORDER BY 1 LOOP
            IF NOT r.key = ANY (a.parties) THEN
                PERFORM ecocomp._param_fail(m, item || '.values', 'names a jurisdiction that is not a party',
                    format('"%s" is not one of the parties (%s).', r.key, array_to_string(a.parties, ', ')));
            END IF;
            IF jsonb_typeof(r.value) <> 'number' OR r.value::text::numeric < 0 THEN
                PERFORM ecocomp._param_fail(m, item || '.values', 'must map parties to numbers',
                    format('The value of "%s" must be a number >= 0; got %s.', r.key, r.value));
            END IF;
        END LOOP;
        SELECT p INTO bad FROM unnest(a.parties) p WHERE NOT (f -> 'values') ? p LIMIT 1;
        IF FOUND THEN
            PERFORM ecocomp._param_fail(m, item || '.values', 'lacks a party',
                format('There is no value for "%s"; every factor needs a value for every party (0 if none).', bad));
        END IF;
        IF w > 0 THEN
            any_weight := true;
            IF (SELECT sum(e.value::text::numeric) FROM jsonb_each(f -> 'values') e) = 0 THEN
                PERFORM ecocomp._param_fail(m, item || '.values', 'is all zero',
                    format('Factor "%s" has weight %s but every value is 0, so its shares are undefined.', f ->> 'name', w));
            END IF;
        END IF;
    END LOOP;
    SELECT n INTO bad FROM (SELECT e ->> 'name' AS n FROM jsonb_array_elements(a.params -> 'factors') e) x
    GROUP BY n HAVING count(*) > 1 LIMIT 1;
    IF FOUND THEN
        PERFORM ecocomp._param_fail(m, 'factors', 'names a factor twice', format('"%s" appears more than once.', bad));
    END IF;
    IF NOT any_weight THEN
        PERFORM ecocomp._param_fail(m, 'factors', 'has no positive weight', 'At least one factor must have a weight > 0.');
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._check_params_factor_allocation(ecocomp.agreement) IS
    'internal: validates the params of a factor_allocation agreement (payer, budget, factors) against its parties';

-- One period unit.  No monitoring data is read (the factor values are
-- parameters), so there is nothing to miss: one line per party with a
-- non-zero amount.
CREATE OR REPLACE FUNCTION ecocomp._settle_factor_allocation_unit(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    meth text := 'factor_allocation';
    budget bigint := ecocomp._param_fen(a.params, 'budget', meth, 0);
    payer text := a.params ->> 'payer';
    k record;
    basis jsonb;
BEGIN
    SELECT * INTO k FROM ecocomp._factor_allocation_kernel(budget,
        ARRAY(SELECT (f ->> 'weight')::float8 FROM jsonb_array_elements(a.params -> 'factors') WITH ORDINALITY AS t (f, n) ORDER BY n),
        ARRAY(SELECT (f -> 'values' ->> p.code)::float8
              FROM jsonb_array_elements(a.params -> 'factors') WITH ORDINALITY AS t (f, n)
              CROSS JOIN unnest(a.parties) WITH ORDINALITY AS p (code, ord)
              ORDER BY t.n, p.ord),
        cardinality(a.parties));
    basis := ecocomp._basis(a, period) || jsonb_build_object(
        'params', a.params, 'payer', payer, 'budget_fen', budget,
        'factors', (SELECT jsonb_agg(jsonb_build_object('name', f ->> 'name', 'weight', f -> 'weight',
                        'values', f -> 'values',
                        'sum', (SELECT sum(v.value::text::numeric) FROM jsonb_each(f -> 'values') v))
                        ORDER BY n)
                    FROM jsonb_array_elements(a.params -> 'factors') WITH ORDINALITY AS t (f, n)),
        'weight_sum', (SELECT sum((f ->> 'weight')::numeric) FROM jsonb_array_elements(a.params -> 'factors') f),
        'parties', (SELECT jsonb_agg(jsonb_build_object('code', p.code, 'share', k.share[p.ord],
                        'amount_fen', k.amount_fen[p.ord]) ORDER BY p.ord)
                    FROM unnest(a.parties) WITH ORDINALITY AS p (code, ord)));
    RETURN QUERY
    SELECT (ROW(payer, p.code, ecocomp._fen_to_yuan(k.amount_fen[p.ord]),
               basis || jsonb_build_object('payee', p.code, 'share', k.share[p.ord], 'amount_fen', k.amount_fen[p.ord]),
               NULL)::ecocomp.settlement_line).*
    FROM unnest(a.parties) WITH ORDINALITY AS p (code, ord)
    WHERE k.amount_fen[p.ord] > 0
    ORDER BY p.ord;
END $$;
COMMENT ON FUNCTION ecocomp._settle_factor_allocation_unit(ecocomp.agreement, daterange) IS
    'internal: settles a factor_allocation agreement for one period unit: the payer pays each party its share of the budget';

-- ecocomp._settle_factor_allocation runs the function above once per whole unit of a
-- period (made in 50_method_registry.sql from ecocomp.method.whole_units).

CREATE OR REPLACE FUNCTION ecocomp._explain_factor_allocation(basis jsonb, lang text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws(E'\n',
        format(CASE WHEN lang = 'zh'
                    THEN '因素法分配（协议 %s，期间 %s）：%s 出资 %s 元，各方份额 = Σ 权重 × 本方因素值 / 各方因素值之和 ÷ 权重之和（%s），按最大余数法分到分。'
                    ELSE 'Factor allocation (agreement %s, period %s): %s pays a budget of %s yuan; each party''s share = Σ weight × its value / sum of the values, divided by the sum of the weights (%s); amounts to the fen by the largest remainder.' END,
               basis ->> 'agreement_id', basis ->> 'period', basis ->> 'payer',
               ecocomp._yuan_text((basis ->> 'budget_fen')::bigint), basis ->> 'weight_sum'),
        (SELECT string_agg(format(CASE WHEN lang = 'zh' THEN '  因素 %s：权重 %s，本方 %s / 合计 %s。'
                                       ELSE '  Factor %s: weight %s, %s of %s.' END,
                                  f ->> 'name', f ->> 'weight', f -> 'values' ->> (basis ->> 'payee'), f ->> 'sum'),
                           E'\n' ORDER BY e.i)
         FROM jsonb_array_elements(basis -> 'factors') WITH ORDINALITY AS e (f, i)),
        format(CASE WHEN lang = 'zh' THEN '%s 的份额 %s，%s 支付给 %s %s 元。'
                    ELSE 'Share of %s: %s; %s pays %s %s yuan.' END,
               basis ->> 'payee', ecocomp._num((basis ->> 'share')::float8, 6),
               basis ->> 'payer', basis ->> 'payee', ecocomp._yuan_text((basis ->> 'amount_fen')::bigint)))
$$;
COMMENT ON FUNCTION ecocomp._explain_factor_allocation(jsonb, text) IS
    'internal: a factor_allocation basis in words (zh or en) with the numbers filled in';

-- pool (Chishui): contribution shares, allocation shares, deductions routed
-- from a party whose section misses its target, netted into transfers.
-- Kernel: src/core/rule_pool.c; docs/methods/pool.md.

CREATE OR REPLACE FUNCTION ecocomp._pool_kernel(total_fen bigint, contributions double precision[],
                                     allocations double precision[], responsible int[],
                                     failed boolean[], deduction_to double precision[],
                                     OUT contribution_fen bigint[], OUT allocation_fen bigint[],
                                     OUT stake_fen bigint[], OUT deducted_fen bigint[],
                                     OUT final_fen bigint[], OUT net_fen bigint[],
                                     OUT transfer_from int[], OUT transfer_to int[],
                                     OUT transfer_fen bigint[])
AS 'MODULE_PATHNAME', 'ecocomp_pool_kernel'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._pool_kernel(bigint, double precision[], double precision[], int[], boolean[], double precision[]) IS
    'internal: the pool kernel: contributions, allocations, stakes, deductions, nets and netted transfers in fen';

-- The parties of a pool: params.parties, else agreement.parties.
CREATE OR REPLACE FUNCTION ecocomp._pool_parties(a ecocomp.agreement) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(a.params -> 'parties') = 'array'
                THEN ARRAY(SELECT jsonb_array_elements_text(a.params -> 'parties'))
                ELSE a.parties END
$$;
COMMENT ON FUNCTION ecocomp._pool_parties(ecocomp.agreement) IS 'internal: the parties of a pool agreement, upstream first';

CREATE OR REPLACE FUNCTION ecocomp._check_params_pool(a ecocomp.agreement)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    m text := 'pool';
    parties text[];
    shares numeric[];
    k text;
    s jsonb;
    i int := 0;
    item text;
    r record;
    bad text;
BEGIN
    PERFORM ecocomp._param_keys(a.params,
        ARRAY['parties', 'total', 'contributions', 'allocations', 'sections', 'indicators', 'period_unit'],
        ARRAY['total', 'contributions', 'allocations'], m);
    IF a.params ? 'parties' THEN
        IF jsonb_typeof(a.params -> 'parties') <> 'array'
           OR EXISTS (SELECT FROM jsonb_array_elements(a.params -> 'parties') e WHERE jsonb_typeof(e) <> 'string') THEN
            PERFORM ecocomp._param_fail(m, 'parties', 'must be a list of jurisdiction codes',
                format('Expected a JSON array of codes, upstream first; got %s.', ecocomp._param_show(a.params -> 'parties')));
        END IF;
        IF a.parties IS NOT NULL AND a.parties IS DISTINCT FROM ecocomp._pool_parties(a) THEN
            PERFORM ecocomp._param_fail(m, 'parties', 'differs from the agreement''s parties',
                format('params.parties is %s but the parties column is %s; give them once, or the same.',
                       a.params -> 'parties', a.parties));
        END IF;
    END IF;
    parties := ecocomp._pool_parties(a);
    PERFORM ecocomp._check_parties(parties, m, 'parties');
    PERFORM ecocomp._param_fen(a.params, 'total', m, 0);
    PERFORM ecocomp._param_text(a.params, 'period_unit', m, ARRAY['month', 'quarter', 'year']);
    FOREACH k IN ARRAY ARRAY['contributions', 'allocations'] LOOP
        shares := ecocomp._param_numbers(a.params, k, m, 0);
        IF cardinality(shares) <> cardinality(parties) THEN
            PERFORM ecocomp._param_fail(m, k, 'does not match the parties',
                format('There are %s parties (%s) but %s shares; give one share per party, in the same order.',
                       cardinality(parties), array_to_string(parties, ', '), cardinality(shares)));
        END IF;
        IF (SELECT sum(x) FROM unnest(shares) x) <= 0 THEN
            PERFORM ecocomp._param_fail(m, k, 'is all zero', 'At least one share must be positive.');
        END IF;
    END LOOP;
    PERFORM ecocomp._param_indicators(a.params, 'pool');
    SELECT x INTO bad FROM unnest(ecocomp._param_indicators(a.params, 'pool')) x
    JOIN ecocomp.parameter p ON p.code = x
    WHERE p.kind = 'none' OR p.gb3838_table IS DISTINCT FROM 1 OR x = 'water_temp' LIMIT 1;
    IF bad IS NOT NULL THEN
        PERFORM ecocomp._param_fail(m, 'indicators', 'names a parameter without classes',
            format('"%s" has no GB 3838-2002 classes, so it cannot decide whether a section meets its target.', bad));
    END IF;
    IF a.params ? 'sections' THEN
        IF jsonb_typeof(a.params -> 'sections') <> 'array' THEN
            PERFORM ecocomp._param_fail(m, 'sections', 'must be a list',
                format('Expected a JSON array of {code, responsible, target_class, deduction_to}; got %s.',
                       ecocomp._param_show(a.params -> 'sections')));
        END IF;
        FOR s IN SELECT e FROM jsonb_array_elements(a.params -> 'sections') WITH ORDINALITY AS t (e, n) ORDER BY n LOOP
            i := i + 1;
            item := format('sections[%s]', i);
            IF jsonb_typeof(s) <> 'object' THEN
                PERFORM ecocomp._param_fail(m, item, 'must be an object',
                    format('Expected {code, responsible, target_class, deduction_to}; got %s.', ecocomp._param_show(s)));
            END IF;
            PERFORM ecocomp._param_item_keys(s, ARRAY['code', 'responsible', 'target_class', 'deduction_to'],
                                             ARRAY['code', 'responsible', 'deduction_to'], m, item);
            IF jsonb_typeof(s -> 'code') <> 'string'
               OR NOT EXISTS (SELECT FROM ecocomp.section x WHERE x.code = s ->> 'code') THEN
                PERFORM ecocomp._param_fail(m, item || '.code', 'names an unknown section',
                    format('%s is not a code of ecocomp.section.', ecocomp._param_show(s -> 'code')));
            END IF;
            IF jsonb_typeof(s -> 'responsible') <> 'string' OR NOT (s ->> 'responsible') = ANY (parties) THEN
                PERFORM ecocomp._param_fail(m, item || '.responsible', 'is not a party',
                    format('Expected one of %s; got %s.', array_to_string(parties, ', '), ecocomp._param_show(s -> 'responsible')));
            END IF;
            IF ecocomp._param_class(s -> 'target_class', item || '.target_class', m) IS NULL
               AND (SELECT target_class FROM ecocomp.section x WHERE x.code = s ->> 'code') IS NULL THEN
                PERFORM ecocomp._param_fail(m, item || '.target_class', 'is missing',
                    format('Section "%s" has no target_class in ecocomp.section; give one here.', s ->> 'code'));
            END IF;
            IF jsonb_typeof(s -> 'deduction_to') <> 'object' OR s -> 'deduction_to' = '{}' THEN
                PERFORM ecocomp._param_fail(m, item || '.deduction_to', 'must map parties to shares',
                    format('Expected an object such as {"GZ": 0.5, "SC": 0.5}; got %s.', ecocomp._param_show(s -> 'deduction_to')));
            END IF;
            FOR r IN SELECT e.key, e.value FROM jsonb_each(s -> 'deduction_to') e ORDER BY 1 LOOP
                IF NOT r.key = ANY (parties) OR r.key = s ->> 'responsible' THEN
                    PERFORM ecocomp._param_fail(m, item || '.deduction_to', 'names a wrong party',
                        format('"%s" must be one of the other parties (%s).', r.key,
                               array_to_string(array_remove(parties, s ->> 'responsible'), ', ')));
                END IF;
                IF jsonb_typeof(r.value) <> 'number' OR r.value::text::numeric < 0 THEN
                    PERFORM ecocomp._param_fail(m, item || '.deduction_to', 'must map parties to shares',
                        format('The share of "%s" must be a number >= 0; got %s.', r.key, r.value));
                END IF;
            END LOOP;
            IF (SELECT sum(e.value::text::numeric) FROM jsonb_each(s -> 'deduction_to') e) <= 0 THEN
                PERFORM ecocomp._param_fail(m, item || '.deduction_to', 'is all zero', 'At least one share must be positive.');
            END IF;
        END LOOP;
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._check_params_pool(ecocomp.agreement) IS
    'internal: validates the params of a pool agreement (parties, total, contributions, allocations, sections, indicators)';

-- One period unit.  Missing data rule: a section without samples of every
-- indicator in the unit is not assessed: no deduction, and an issue line
-- says so.
CREATE OR REPLACE FUNCTION ecocomp._settle_pool_unit(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    meth text := 'pool';
    parties text[] := ecocomp._pool_parties(a);
    inds text[] := ecocomp._param_indicators(a.params, 'pool');
    total bigint := ecocomp._param_fen(a.params, 'total', meth, 0);
    secs jsonb;
    k record;
    basis jsonb;
    parts jsonb;
BEGIN
    WITH s AS (
        SELECT n::int AS n, e ->> 'code' AS code, e ->> 'responsible' AS responsible,
               coalesce((e ->> 'target_class')::ecocomp.wq_class, x.target_class) AS target_class,
               e -> 'deduction_to' AS deduction_to, x.waterbody
        FROM jsonb_array_elements(coalesce(a.params -> 'sections', '[]')) WITH ORDINALITY AS t (e, n)
        JOIN ecocomp.section x ON x.code = e ->> 'code'),
    means AS (
        SELECT y.section_code, y.parameter, sum(y.mean * y.samples) / sum(y.samples) AS mean
        FROM ecocomp.assessment(period, 'year', a.time_zone, ARRAY(SELECT code FROM s)) y
        WHERE y.parameter = ANY (inds) AND y.mean IS NOT NULL
        GROUP BY 1, 2),
    cls AS (
        SELECT s.n, jsonb_object_agg(m.parameter, jsonb_build_object('mean', m.mean,
                   'class', ecocomp.gb3838_class(m.parameter, m.mean, s.waterbody))) AS means,
               max(ecocomp.gb3838_class(m.parameter, m.mean, s.waterbody)) AS class,
               count(*) AS k
        FROM s JOIN means m ON m.section_code = s.code
        GROUP BY s.n)
    SELECT jsonb_agg(jsonb_build_object('n', s.n, 'code', s.code, 'responsible', s.responsible,
                         'responsible_index', array_position(parties, s.responsible),
                         'target_class', s.target_class, 'deduction_to', s.deduction_to,
                         'means', coalesce(c.means, '{}'),
                         'missing', ARRAY(SELECT i FROM unnest(inds) i WHERE NOT coalesce(c.means ? i, false)),
                         'class', CASE WHEN c.k = cardinality(inds) THEN c.class END,
                         'assessed', coalesce(c.k = cardinality(inds), false),
                         'failed', coalesce(c.k = cardinality(inds) AND c.class > s.target_class, false))
                     ORDER BY s.n)
      INTO secs
      FROM s LEFT JOIN cls c ON c.n = s.n;
    secs := coalesce(secs, '[]');

    RETURN QUERY
    SELECT (ROW(NULL, NULL, NULL,
               ecocomp._basis(a, period) || jsonb_build_object(
                   'section', e ->> 'code', 'missing', e -> 'missing'),
               format('no %s samples at section %s in %s; the section is not assessed and %s keeps its allocation',
                      (SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(e -> 'missing') x),
                      e ->> 'code', ecocomp._period_text(period), e ->> 'responsible'))::ecocomp.settlement_line).*
    FROM jsonb_array_elements(secs) e
    WHERE NOT (e ->> 'assessed')::boolean
    ORDER BY (e ->> 'n')::int;

    SELECT * INTO k FROM ecocomp._pool_kernel(total,
        ARRAY(SELECT x::float8 FROM jsonb_array_elements_text(a.params -> 'contributions') x),
        ARRAY(SELECT x::float8 FROM jsonb_array_elements_text(a.params -> 'allocations') x),
        ARRAY(SELECT (e ->> 'responsible_index')::int FROM jsonb_array_elements(secs) e ORDER BY (e ->> 'n')::int),
        ARRAY(SELECT (e ->> 'failed')::boolean FROM jsonb_array_elements(secs) e ORDER BY (e ->> 'n')::int),
        ARRAY(SELECT coalesce((e -> 'deduction_to' ->> p.code)::float8, 0)
              FROM jsonb_array_elements(secs) e
              CROSS JOIN unnest(parties) WITH ORDINALITY AS p (code, ord)
              ORDER BY (e ->> 'n')::int, p.ord));

    SELECT jsonb_agg(jsonb_build_object('code', p.code,
                         'contribution_share', (a.params -> 'contributions' -> (p.ord::int - 1)),
                         'allocation_share', (a.params -> 'allocations' -> (p.ord::int - 1)),
                         'contribution_fen', k.contribution_fen[p.ord], 'allocation_fen', k.allocation_fen[p.ord],
                         'final_allocation_fen', k.final_fen[p.ord], 'net_fen', k.net_fen[p.ord]) ORDER BY p.ord)
      INTO parts
      FROM unnest(parties) WITH ORDINALITY AS p (code, ord);
    SELECT jsonb_agg((e - 'n' - 'responsible_index') || jsonb_build_object(
                         'stake_fen', k.stake_fen[(e ->> 'n')::int], 'deducted_fen', k.deducted_fen[(e ->> 'n')::int])
                     ORDER BY (e ->> 'n')::int)
      INTO secs
      FROM jsonb_array_elements(secs) e;

    basis := ecocomp._basis(a, period) || jsonb_build_object(
        'params', a.params, 'indicators', to_jsonb(inds), 'total_fen', total,
        'parties', parts, 'sections', coalesce(secs, '[]'),
        'transfers', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                          'payer', parties[k.transfer_from[t]], 'payee', parties[k.transfer_to[t]],
                          'amount_fen', k.transfer_fen[t]) ORDER BY t), '[]')
                      FROM generate_subscripts(k.transfer_fen, 1) t));
    RETURN QUERY
    SELECT (ROW(parties[k.transfer_from[t]], parties[k.transfer_to[t]], ecocomp._fen_to_yuan(k.transfer_fen[t]),
               basis || jsonb_build_object('payer', parties[k.transfer_from[t]], 'payee', parties[k.transfer_to[t]],
                                           'amount_fen', k.transfer_fen[t]),
               NULL)::ecocomp.settlement_line).*
    FROM generate_subscripts(k.transfer_fen, 1) t
    ORDER BY t;
    IF cardinality(k.transfer_fen) = 0 THEN
        RETURN NEXT ROW(NULL, NULL, NULL, basis || jsonb_build_object('amount_fen', 0), NULL)::ecocomp.settlement_line;
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._settle_pool_unit(ecocomp.agreement, daterange) IS
    'internal: settles a pool agreement for one period unit: one line per netted transfer, and an issue line per section that could not be assessed';

-- ecocomp._settle_pool runs the function above once per whole unit of a
-- period (made in 50_method_registry.sql from ecocomp.method.whole_units).

CREATE OR REPLACE FUNCTION ecocomp._explain_pool(basis jsonb, lang text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws(E'\n',
        format(CASE WHEN lang = 'zh'
                    THEN '资金池（协议 %s，期间 %s）：总额 %s 元，各方按出资比例出资、按分配比例分配；断面未达目标时，责任方在该断面的分配额转给指定各方；按净额（分配 − 出资）结算。'
                    ELSE 'Pool (agreement %s, period %s): a fund of %s yuan; each party contributes by its contribution share and receives by its allocation share; a responsible party whose section misses its target loses that section''s part of its allocation to the deduction_to parties; parties settle their nets (allocation − contribution).' END,
               basis ->> 'agreement_id', basis ->> 'period', ecocomp._yuan_text((basis ->> 'total_fen')::bigint)),
        (SELECT string_agg(
            format(CASE WHEN lang = 'zh' THEN '  断面 %s（责任方 %s，目标 %s）：%s%s。'
                        ELSE '  Section %s (responsible %s, target %s): %s%s.' END,
                   s ->> 'code', s ->> 'responsible',
                   ecocomp.class_label((s ->> 'target_class')::ecocomp.wq_class, lang),
                   CASE WHEN NOT (s ->> 'assessed')::boolean
                        THEN CASE WHEN lang = 'zh' THEN '数据不全，未考核' ELSE 'incomplete data, not assessed' END
                        ELSE ecocomp.class_label((s ->> 'class')::ecocomp.wq_class, lang) ||
                             CASE WHEN (s ->> 'failed')::boolean THEN CASE WHEN lang = 'zh' THEN '，未达标' ELSE ', target missed' END
                                  WHEN lang = 'zh' THEN '，达标' ELSE ', target met' END END,
                   CASE WHEN (s ->> 'failed')::boolean
                        THEN format(CASE WHEN lang = 'zh' THEN '，扣减 %1$s 元，按 %2$s 分给 %3$s' ELSE ': %1$s yuan deducted and shared %2$s' END,
                                    ecocomp._yuan_text((s ->> 'deducted_fen')::bigint), s ->> 'deduction_to',
                                    (SELECT string_agg(x, '、') FROM jsonb_object_keys(s -> 'deduction_to') x))
                        ELSE '' END),
            E'\n' ORDER BY e.i)
         FROM jsonb_array_elements(basis -> 'sections') WITH ORDINALITY AS e (s, i)),
        (SELECT string_agg(
            format(CASE WHEN lang = 'zh' THEN '  %s：出资 %s 元（比例 %s），分配 %s 元（比例 %s），扣减后 %s 元，净额 %s 元。'
                        ELSE '  %s: contributes %s yuan (share %s), allocated %s yuan (share %s), %s yuan after deductions, net %s yuan.' END,
                   p ->> 'code', ecocomp._yuan_text((p ->> 'contribution_fen')::bigint), p ->> 'contribution_share',
                   ecocomp._yuan_text((p ->> 'allocation_fen')::bigint), p ->> 'allocation_share',
                   ecocomp._yuan_text((p ->> 'final_allocation_fen')::bigint),
                   CASE WHEN (p ->> 'net_fen')::bigint > 0 THEN '+' WHEN (p ->> 'net_fen')::bigint < 0 THEN '−' ELSE '' END
                   || ecocomp._yuan_text(abs((p ->> 'net_fen')::bigint))),
            E'\n' ORDER BY e.i)
         FROM jsonb_array_elements(basis -> 'parties') WITH ORDINALITY AS e (p, i)),
        CASE WHEN (basis ->> 'amount_fen')::bigint = 0
             THEN CASE WHEN lang = 'zh' THEN '各方净额为零，无需转账。' ELSE 'Every net is zero: no transfer.' END
             ELSE format(CASE WHEN lang = 'zh' THEN '本笔：%s 支付给 %s %s 元。' ELSE 'This transfer: %s pays %s %s yuan.' END,
                         basis ->> 'payer', basis ->> 'payee', ecocomp._yuan_text((basis ->> 'amount_fen')::bigint))
        END)
$$;
COMMENT ON FUNCTION ecocomp._explain_pool(jsonb, text) IS
    'internal: a pool basis in words (zh or en) with the numbers filled in';

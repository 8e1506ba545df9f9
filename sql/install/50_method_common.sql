-- Settlement helpers shared by the methods' _settle_<m> functions: signed
-- amounts to payment lines, period units, per-unit classes, the factor grid
-- of the concentration methods, missing-data issue lines and settling
-- whole period units one at a time.

CREATE OR REPLACE FUNCTION ecocomp._fen_to_yuan(fen bigint) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT round(fen::numeric / 100, 2)
$$;
COMMENT ON FUNCTION ecocomp._fen_to_yuan(bigint) IS 'internal: fen to yuan, exact';

-- What every settlement basis starts with: the method, the agreement and
-- the settled period.
CREATE OR REPLACE FUNCTION ecocomp._basis(a ecocomp.agreement, period daterange) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object('method', a.method, 'agreement_id', a.agreement_id,
                              'period', ecocomp._period_text(period))
$$;
COMMENT ON FUNCTION ecocomp._basis(ecocomp.agreement, daterange) IS
    'internal: the method, agreement and period that begin every settlement basis';

-- The basis of an upstream/downstream method settled by period unit also
-- names the two parties, the params and the unit.
CREATE OR REPLACE FUNCTION ecocomp._unit_basis(a ecocomp.agreement, period daterange, unit text) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ecocomp._basis(a, period)
        || jsonb_build_object('upstream', a.upstream_code, 'downstream', a.downstream_code,
                              'params', a.params, 'period_unit', unit)
$$;
COMMENT ON FUNCTION ecocomp._unit_basis(ecocomp.agreement, daterange, text) IS
    'internal: _basis with the upstream and downstream parties, the params and the period unit';

-- The basis of a two-party method over monitoring sections names the
-- parties, the sections and the params as 0.1.0 did.
CREATE OR REPLACE FUNCTION ecocomp._sections_basis(a ecocomp.agreement, period daterange) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ecocomp._basis(a, period)
        || jsonb_build_object('upstream_code', a.upstream_code, 'downstream_code', a.downstream_code,
                              'section_codes', to_jsonb(a.section_codes), 'params', a.params)
$$;
COMMENT ON FUNCTION ecocomp._sections_basis(ecocomp.agreement, daterange) IS
    'internal: _basis with the upstream and downstream codes, the section codes and the params';

-- A signed amount between the two parties: positive = downstream pays
-- upstream.  Zero gives a line without payer, payee and amount.
CREATE OR REPLACE FUNCTION ecocomp._settlement_line(upstream_code text, downstream_code text, signed_fen bigint,
                                         basis jsonb, issue text DEFAULT NULL)
RETURNS ecocomp.settlement_line
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ROW(CASE WHEN signed_fen > 0 THEN downstream_code WHEN signed_fen < 0 THEN upstream_code END,
               CASE WHEN signed_fen > 0 THEN upstream_code WHEN signed_fen < 0 THEN downstream_code END,
               CASE WHEN signed_fen <> 0 THEN ecocomp._fen_to_yuan(abs(signed_fen)) END,
               basis || jsonb_build_object('amount_fen', signed_fen),
               issue)::ecocomp.settlement_line
$$;
COMMENT ON FUNCTION ecocomp._settlement_line(text, text, bigint, jsonb, text) IS
    'internal: a settlement line from a signed amount in fen (positive: downstream pays upstream)';

-- The calendar months, quarters or years of a period, clipped to it, in
-- order (the same units ecocomp.assessment() reports).
CREATE OR REPLACE FUNCTION ecocomp._period_units(period daterange, period_unit text)
RETURNS SETOF daterange
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT daterange(greatest(g::date, lower(period)), least((g + s.step)::date, upper(period)))
    FROM (SELECT ecocomp._unit_step(period_unit) AS step) s,
         generate_series(date_trunc(period_unit, lower(period)::timestamp),
                         (upper(period) - 1)::timestamp, s.step) AS g
    WHERE NOT isempty(period) AND s.step IS NOT NULL
    ORDER BY 1
$$;
COMMENT ON FUNCTION ecocomp._period_units(daterange, text) IS
    'internal: the calendar months, quarters or years of a bounded period, clipped to it';

-- The class of each section in each unit of a period: the worst class of the
-- indicators' unit means (single-factor method).  Without indicators, the 21
-- evaluated items that were measured decide; with indicators, every one of
-- them must have samples in the unit, or the unit has no class.
CREATE OR REPLACE FUNCTION ecocomp._unit_classes(a ecocomp.agreement, period daterange, period_unit text,
                                      indicators text[])
RETURNS TABLE (section_code text, unit daterange, class ecocomp.wq_class,
               means jsonb, missing text[])
LANGUAGE sql STABLE PARALLEL RESTRICTED AS $$
    WITH r AS (
        SELECT x.section_code, x.period, x.parameter, x.mean, x.mean_class
        FROM ecocomp._assessment_for(a, period, period_unit) x
        JOIN ecocomp.parameter pc ON pc.code = x.parameter
        WHERE x.mean_class IS NOT NULL
          AND (CASE WHEN indicators IS NULL THEN pc.evaluated ELSE x.parameter = ANY (indicators) END)
    ), grid AS (
        SELECT s.code, s.ord, u.unit
        FROM unnest(a.section_codes) WITH ORDINALITY AS s (code, ord)
        CROSS JOIN ecocomp._period_units(period, period_unit) AS u (unit)
    )
    SELECT g.code, g.unit,
           CASE WHEN cardinality(m.missing) > 0 THEN NULL ELSE c.cls END,
           c.means, m.missing
    FROM grid g
    LEFT JOIN LATERAL (
        SELECT max(r.mean_class) AS cls,
               jsonb_object_agg(r.parameter, jsonb_build_object('mean', r.mean, 'class', r.mean_class)) AS means
        FROM r WHERE r.section_code = g.code AND r.period = g.unit) c ON true
    LEFT JOIN LATERAL (
        SELECT CASE WHEN indicators IS NULL
                    THEN CASE WHEN c.cls IS NULL THEN '{(evaluated items)}'::text[] ELSE '{}'::text[] END
                    ELSE ARRAY(SELECT i FROM unnest(indicators) i
                               WHERE NOT EXISTS (SELECT FROM r WHERE r.section_code = g.code
                                                 AND r.period = g.unit AND r.parameter = i)) END AS missing) m ON true
    ORDER BY g.ord, g.unit
$$;
COMMENT ON FUNCTION ecocomp._unit_classes(ecocomp.agreement, daterange, text, text[]) IS
    'internal: per section and month/quarter/year the worst class of the indicators, the means, and the indicators without samples';

-- Every (section, factor, period unit) of an agreement's period, in order,
-- with the assessed samples and mean (NULL when there were no samples), from
-- the assessment settle() shared between its agreements when there is one.
-- grp numbers the (section, factor) pairs from 1.
CREATE OR REPLACE FUNCTION ecocomp._factor_grid(a ecocomp.agreement, period daterange, unit text, codes text[])
RETURNS TABLE (n bigint, grp bigint, section_code text, parameter text, unit_period daterange,
               samples bigint, mean double precision)
LANGUAGE sql STABLE PARALLEL RESTRICTED AS $$
    SELECT row_number() OVER (ORDER BY s.ord, t.code, u.u),
           dense_rank() OVER (ORDER BY s.ord, t.code),
           s.code, t.code, u.u, x.samples, x.mean
    FROM unnest(a.section_codes) WITH ORDINALITY AS s (code, ord)
    CROSS JOIN unnest(codes) AS t (code)
    CROSS JOIN ecocomp._period_units(period, unit) AS u (u)
    LEFT JOIN ecocomp._assessment_for(a, period, unit) x
           ON x.section_code = s.code AND x.parameter = t.code AND x.period = u.u
    ORDER BY 1
$$;
COMMENT ON FUNCTION ecocomp._factor_grid(ecocomp.agreement, daterange, text, text[]) IS
    'internal: every section x factor x period unit of a settlement with its assessed mean (NULL without samples)';

-- Issue lines for the grid cells without samples: one per section and factor.
CREATE OR REPLACE FUNCTION ecocomp._missing_lines(a ecocomp.agreement, period daterange, missing jsonb, rule text)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ROW(NULL, NULL, NULL,
               ecocomp._basis(a, period) || jsonb_build_object('section', m.section_code, 'parameter', m.parameter,
                                                               'missing_periods', m.units),
               format('no %s samples at section %s in %s; %s', m.parameter, m.section_code,
                      (SELECT string_agg(u, ', ') FROM jsonb_array_elements_text(m.units) u), rule)
              )::ecocomp.settlement_line
    FROM (SELECT e ->> 'section_code' AS section_code, e ->> 'parameter' AS parameter,
                 jsonb_agg(e -> 'unit_period' ORDER BY (e ->> 'n')::bigint) AS units,
                 min((e ->> 'n')::bigint) AS first
          FROM jsonb_array_elements(coalesce(missing, '[]')) e
          GROUP BY 1, 2) m
    ORDER BY m.first
$$;
COMMENT ON FUNCTION ecocomp._missing_lines(ecocomp.agreement, daterange, jsonb, text) IS
    'internal: one issue line per section and factor listing the period units without samples and the rule applied';

-- Amounts fixed per unit (ecocomp.method.whole_units: a pool's total, an
-- allocation's budget, a yearly index_ratio amount): each whole calendar
-- unit of the settled period is settled on its own by the method's
-- _settle_<method>_unit; a part of a unit is not settled and is reported, so
-- a month's settlement of a yearly fund cannot pay the year's total twelve
-- times (nor two half-years two years).
CREATE OR REPLACE FUNCTION ecocomp._settle_by_units(a ecocomp.agreement, period daterange)
RETURNS SETOF ecocomp.settlement_line
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    m ecocomp.method := (SELECT r FROM ecocomp.method r WHERE r.method = a.method);
    unit text := CASE m.whole_units WHEN 'year' THEN 'year' ELSE ecocomp._param_unit(a.params, a.method, 'year') END;
    u daterange;
    start date;
BEGIN
    FOR u IN SELECT x FROM ecocomp._period_units(period, unit) x ORDER BY 1 LOOP
        start := date_trunc(unit, lower(u)::timestamp)::date;
        IF lower(u) = start
           AND upper(u) = (start + ecocomp._unit_step(unit))::date THEN
            RETURN QUERY EXECUTE format('SELECT * FROM ecocomp.%I($1, $2)', '_settle_' || a.method || '_unit') USING a, u;
        ELSE
            RETURN NEXT ROW(NULL, NULL, NULL,
                ecocomp._basis(a, period)
                    || jsonb_build_object('unit_period', ecocomp._period_text(u), 'period_unit', unit),
                format('the %s is per %s and %s is only part of one; that part is not settled',
                       m.unit_amount, unit, ecocomp._period_text(u)))::ecocomp.settlement_line;
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION ecocomp._settle_by_units(ecocomp.agreement, daterange) IS
    'internal: settles each whole month, quarter or year of a period with the method''s per-unit function (ecocomp.method.whole_units) and reports the parts of units left out';

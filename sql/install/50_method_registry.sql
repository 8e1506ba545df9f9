-- The compensation methods: one row per method.  Everything that needs the
-- list of methods reads it here (the agreement trigger, the assessment
-- cache of settle(), the contract tests), so it is written out once.
--
-- To add a method m:
--   1. its kernel src/core/rule_m.c (pure C, test/core/test_rule_m.c) and its
--      glue src/method_m.c;
--   2. its piece sql/install/NN_method_m.sql (a number of its own), listed
--      in the Makefile's SQL_PIECES, defining ecocomp._check_params_m(ecocomp.agreement)
--      (raises 22023 naming the bad key), ecocomp._settle_m(ecocomp.agreement,
--      daterange) RETURNS SETOF ecocomp.settlement_line and
--      ecocomp._explain_m(jsonb, text) RETURNS text; a method whose amount is
--      fixed per unit (whole_units below) defines _settle_m_unit for one
--      whole unit instead, and gets its _settle_m from this piece;
--   3. ONE line in the VALUES list below;
--   4. tests test/pgtap/method_m.sql and test/sql/method_m.sql (+ expected),
--      valid params for the contract tests in test/pgtap/fixtures/methods.sql,
--      and docs/methods/m.md citing the scheme's public sources.

CREATE TABLE IF NOT EXISTS ecocomp.method (
    method       text PRIMARY KEY CHECK (method ~ '^[a-z][a-z0-9_]*$'),
    parties      text NOT NULL CHECK (parties IN ('upstream_downstream', 'parties')),
    units        text[] CHECK (units <@ ARRAY['month', 'quarter', 'year']),
    default_unit text CHECK (default_unit IN ('month', 'quarter', 'year')),
    description  text NOT NULL,
    whole_units  text CHECK (whole_units IN ('year', 'period_unit')),
    unit_amount  text CHECK ((whole_units IS NULL) = (unit_amount IS NULL))
);
COMMENT ON TABLE ecocomp.method IS
    'The compensation methods an agreement can use (agreement.method), one row each; maintained by the extension';
COMMENT ON COLUMN ecocomp.method.parties IS
    'upstream_downstream: the agreement names upstream_code and downstream_code; parties: it lists its parties in agreement.parties';
COMMENT ON COLUMN ecocomp.method.units IS
    'assessment units the method always reads (e.g. {month,year}); NULL: the unit in params.period_unit, else default_unit';
COMMENT ON COLUMN ecocomp.method.default_unit IS
    'the assessment unit when params has no period_unit (NULL: the method reads no assessment by unit)';
COMMENT ON COLUMN ecocomp.method.description IS 'what the method computes, in one line';
COMMENT ON COLUMN ecocomp.method.whole_units IS
    'a method whose amount is fixed per unit settles each whole unit of a period on its own (year: calendar years; period_unit: params.period_unit, else years) with _settle_<method>_unit and reports parts of units; NULL: any period at once';
COMMENT ON COLUMN ecocomp.method.unit_amount IS
    'what is fixed per unit (e.g. the budget), named in the issue line of a part of a unit';

INSERT INTO ecocomp.method AS x (method, parties, units, default_unit, description, whole_units, unit_amount) VALUES
    ('index_ratio',       'upstream_downstream', '{year}',       NULL,    'Xin''an index P = k0 · Σ wᵢ·Cᵢ/C₀ᵢ against a threshold: a fixed yearly amount one way or the other', 'year', 'amount'),
    ('class_target',      'upstream_downstream', NULL,           'year',  'a fixed amount per month, quarter or year chosen by the section''s water quality class', NULL, NULL),
    ('compliance_rate',   'upstream_downstream', '{month,year}', NULL,    'share of months meeting the target class against a yearly threshold: a fixed yearly amount', 'year', 'amount'),
    ('flux_exceedance',   'upstream_downstream', NULL,           'month', 'tonnes above (or below) the target concentration times a rate per tonne', NULL, NULL),
    ('tiered_exceedance', 'upstream_downstream', NULL,           'year',  'a fixed amount per band of the exceedance multiple, per factor and period unit', NULL, NULL),
    ('linear',            'upstream_downstream', NULL,           'year',  'Σ (target − mean) × coefficient; the sign gives the direction', NULL, NULL),
    ('relative_change',   'upstream_downstream', NULL,           'year',  'amount by bands of, or per point of, the relative change of a composite index', NULL, NULL),
    ('pool',              'parties',             NULL,           NULL,    'a fund paid in by contribution shares and paid out by allocation shares, with deductions for missed targets', 'period_unit', 'total'),
    ('factor_allocation', 'parties',             NULL,           NULL,    'a budget split among parties by weighted factors', 'period_unit', 'budget'),
    ('transfer_fee',      'parties',             NULL,           NULL,    'hazardous waste shipped between jurisdictions: Σ tonnes × rate per category × disposal factor, origin pays destination', NULL, NULL),
    ('protected_area',    'parties',             NULL,           NULL,    'benefiting jurisdictions pay protected ones by weighted protected area: a budget split, or a rate per mu', 'period_unit', 'protected-area compensation'),
    ('air_quality',       'parties',             NULL,           NULL,    'a fund pays cities by their weighted air improvement score (previous year, target, peer mean or cumulative) and collects from those whose air worsened', NULL, NULL)
ON CONFLICT (method) DO UPDATE
    SET parties = EXCLUDED.parties, units = EXCLUDED.units,
        default_unit = EXCLUDED.default_unit, description = EXCLUDED.description,
        whole_units = EXCLUDED.whole_units, unit_amount = EXCLUDED.unit_amount;

-- The methods whose amount is fixed per unit settle a period one whole unit
-- at a time: their _settle_<method> is _settle_by_units, made here once for
-- all of them (the per-unit work is their _settle_<method>_unit).
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT method, whole_units FROM ecocomp.method WHERE whole_units IS NOT NULL ORDER BY method LOOP
        EXECUTE format($f$
            CREATE OR REPLACE FUNCTION ecocomp.%I(a ecocomp.agreement, period daterange)
            RETURNS SETOF ecocomp.settlement_line
            LANGUAGE sql STABLE PARALLEL UNSAFE AS 'SELECT * FROM ecocomp._settle_by_units(a, period)'$f$,
            '_settle_' || r.method);
        EXECUTE format('COMMENT ON FUNCTION ecocomp.%I(ecocomp.agreement, daterange) IS %L', '_settle_' || r.method,
                       format('internal: settles a %s agreement one whole %s of the period at a time; parts of units are reported, not settled',
                              r.method, CASE r.whole_units WHEN 'year' THEN 'calendar year' ELSE 'period unit (default year)' END));
    END LOOP;
END $$;

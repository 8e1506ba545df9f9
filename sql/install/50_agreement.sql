-- Compensation framework: agreements (a method and its parameters between
-- parties), the obligations a settlement writes, the issues it reports, and
-- the shared helpers every method uses to validate its params and to turn a
-- signed amount in fen into a payment line.
--
-- Plug-in contract (one per method M):
--   ecocomp._check_params_M(a ecocomp.agreement) RETURNS void
--       raises 22023 naming the bad key; called by the agreement trigger
--   ecocomp._settle_M(a ecocomp.agreement, period daterange)
--       RETURNS SETOF ecocomp.settlement_line; called by ecocomp.settle()
--   ecocomp._explain_M(basis jsonb, lang text) RETURNS text
--       called by ecocomp.explain_obligation()
-- Sign convention: a positive amount means the downstream party pays the
-- upstream party; a negative one, the reverse.

CREATE TABLE IF NOT EXISTS ecocomp.agreement (
    agreement_id    text PRIMARY KEY CHECK (agreement_id <> ''),
    name            text NOT NULL,
    method          text NOT NULL CHECK (method IN (
                        'index_ratio', 'class_target', 'compliance_rate',
                        'flux_exceedance', 'tiered_exceedance', 'linear',
                        'relative_change', 'pool', 'factor_allocation')),
    upstream_code   text REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    downstream_code text REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    parties         text[],
    section_codes   text[],
    params          jsonb NOT NULL DEFAULT '{}',
    valid           daterange NOT NULL CHECK (NOT isempty(valid)),
    time_zone       text NOT NULL DEFAULT 'Asia/Shanghai',
    currency        text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$')
);
CREATE INDEX IF NOT EXISTS agreement_valid_idx ON ecocomp.agreement USING gist (valid);
COMMENT ON TABLE ecocomp.agreement IS
    'Compensation agreements: a method with its parameters between parties, valid for a date range (each round of a scheme is its own agreement)';
COMMENT ON COLUMN ecocomp.agreement.method IS
    'index_ratio, class_target, compliance_rate, flux_exceedance, tiered_exceedance, linear, relative_change, pool or factor_allocation';
COMMENT ON COLUMN ecocomp.agreement.upstream_code IS 'upstream party: receives positive amounts, pays negative ones (NULL for pool and factor_allocation)';
COMMENT ON COLUMN ecocomp.agreement.downstream_code IS 'downstream party: pays positive amounts, receives negative ones (NULL for pool and factor_allocation)';
COMMENT ON COLUMN ecocomp.agreement.parties IS 'parties of a pool or an allocation, upstream first';
COMMENT ON COLUMN ecocomp.agreement.section_codes IS 'the assessed monitoring sections';
COMMENT ON COLUMN ecocomp.agreement.params IS 'method parameters (money in yuan as JSON numbers); validated per method on insert and update';
COMMENT ON COLUMN ecocomp.agreement.valid IS 'dates the agreement applies to; settle() assesses the part of its period inside this range';
COMMENT ON COLUMN ecocomp.agreement.time_zone IS 'time zone in which sampling times are assigned to days, months and years';
COMMENT ON COLUMN ecocomp.agreement.currency IS 'ISO 4217 currency of the amounts (CNY)';

CREATE TABLE IF NOT EXISTS ecocomp.obligation (
    obligation_id bigserial PRIMARY KEY,
    agreement_id  text NOT NULL REFERENCES ecocomp.agreement (agreement_id) ON UPDATE CASCADE,
    period        daterange NOT NULL CHECK (NOT isempty(period)),
    payer_code    text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    payee_code    text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    amount        numeric(20,2) NOT NULL CHECK (amount > 0),
    basis         jsonb NOT NULL,
    computed_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (payer_code <> payee_code)
);
CREATE INDEX IF NOT EXISTS obligation_agreement_idx ON ecocomp.obligation (agreement_id);
CREATE INDEX IF NOT EXISTS obligation_period_idx ON ecocomp.obligation USING gist (period);
COMMENT ON TABLE ecocomp.obligation IS
    'What settle() computed: who pays whom how much for an agreement and period, with the basis of the amount; replaced by a re-run until booked';
COMMENT ON COLUMN ecocomp.obligation.period IS 'the assessed period: the settled period clipped to the agreement''s valid range';
COMMENT ON COLUMN ecocomp.obligation.amount IS 'yuan, exact to the fen, always positive (direction is payer to payee)';
COMMENT ON COLUMN ecocomp.obligation.basis IS
    'every metric, parameter and intermediate value the amount came from (method, agreement_id, period, amount_fen, ...); read by explain_obligation()';

CREATE TABLE IF NOT EXISTS ecocomp.settlement_issue (
    issue_id     bigserial PRIMARY KEY,
    agreement_id text NOT NULL REFERENCES ecocomp.agreement (agreement_id)
                 ON UPDATE CASCADE ON DELETE CASCADE,
    period       daterange NOT NULL,
    issue        text NOT NULL,
    basis        jsonb,
    reported_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS settlement_issue_agreement_idx ON ecocomp.settlement_issue (agreement_id);
COMMENT ON TABLE ecocomp.settlement_issue IS
    'Missing data met by settle(): what was missing for an agreement and period, and what the method''s rule did about it; replaced by a re-run';

SELECT pg_catalog.pg_extension_config_dump('ecocomp.agreement', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.obligation', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.obligation_obligation_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.settlement_issue', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.settlement_issue_issue_id_seq', '');

-- One result line of a method for an agreement and period.
-- Created once; the upgrade script re-runs this piece.
DO $$
BEGIN
    IF pg_catalog.to_regtype('ecocomp.settlement_line') IS NULL THEN
        CREATE TYPE ecocomp.settlement_line AS (
            payer_code text,
            payee_code text,
            amount     numeric(20,2),
            basis      jsonb,
            issue      text
        );
    END IF;
END $$;
COMMENT ON TYPE ecocomp.settlement_line IS
    'A method''s result for an agreement and period: a payment (payer, payee, positive amount, basis) and/or an issue (missing data and what the rule did)';

------------------------------------------------------------------------------
-- Parameter validation helpers (generic; every method uses them).
-- Errors: SQLSTATE 22023, message '<method> parameter "<key>" <problem>',
-- detail saying what is expected and what was given.
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION ecocomp._param_fail(method text, key text, problem text, detail text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = format('%s parameter "%s" %s', method, key, problem),
        DETAIL = detail;
END $$;
COMMENT ON FUNCTION ecocomp._param_fail(text, text, text, text) IS
    'internal: raises 22023 "<method> parameter "<key>" <problem>" with the detail';

-- A JSON value shown in an error detail, shortened.
CREATE OR REPLACE FUNCTION ecocomp._param_show(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value IS NULL THEN 'nothing'
                WHEN length(value::text) > 80 THEN left(value::text, 77) || '...'
                ELSE value::text END
$$;
COMMENT ON FUNCTION ecocomp._param_show(jsonb) IS 'internal: a JSON value for an error detail';

CREATE OR REPLACE FUNCTION ecocomp._param_keys(params jsonb, allowed text[], required text[], method text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    k text;
BEGIN
    IF params IS NULL OR jsonb_typeof(params) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('%s params must be a JSON object', method),
            DETAIL = format('Expected an object with the keys %s; got %s.',
                            array_to_string(allowed, ', '), ecocomp._param_show(params));
    END IF;
    FOR k IN SELECT jsonb_object_keys(params) ORDER BY 1 LOOP
        IF NOT k = ANY (allowed) THEN
            PERFORM ecocomp._param_fail(method, k, 'is unknown',
                format('The keys of a %s agreement are %s.', method, array_to_string(allowed, ', ')));
        END IF;
    END LOOP;
    FOREACH k IN ARRAY coalesce(required, '{}') LOOP
        IF params -> k IS NULL OR jsonb_typeof(params -> k) = 'null' THEN
            PERFORM ecocomp._param_fail(method, k, 'is missing',
                format('A %s agreement needs the keys %s.', method, array_to_string(required, ', ')));
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION ecocomp._param_keys(jsonb, text[], text[], text) IS
    'internal: params must be an object with only allowed keys and every required key (not null)';

-- A number; NULL when the key is absent or JSON null.
CREATE OR REPLACE FUNCTION ecocomp._param_number(params jsonb, key text, method text,
                                      min numeric DEFAULT NULL, max numeric DEFAULT NULL)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := params -> key;
    n numeric;
    expected text := 'a number'
        || CASE WHEN min IS NOT NULL AND max IS NOT NULL THEN format(' from %s to %s', min, max)
                WHEN min IS NOT NULL THEN format(' >= %s', min)
                WHEN max IS NOT NULL THEN format(' <= %s', max)
                ELSE '' END;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) <> 'number' THEN
        PERFORM ecocomp._param_fail(method, key, 'must be a number',
            format('Expected %s; got %s.', expected, ecocomp._param_show(v)));
    END IF;
    n := v::numeric;
    IF (min IS NOT NULL AND n < min) OR (max IS NOT NULL AND n > max) THEN
        PERFORM ecocomp._param_fail(method, key, 'is out of range',
            format('Expected %s; got %s.', expected, n));
    END IF;
    RETURN n;
END $$;
COMMENT ON FUNCTION ecocomp._param_number(jsonb, text, text, numeric, numeric) IS
    'internal: params->key as an exact numeric within [min, max]; NULL when absent or null';

-- Money: yuan as a JSON number with at most two decimals, returned in fen.
CREATE OR REPLACE FUNCTION ecocomp._param_fen(params jsonb, key text, method text, min numeric DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    y numeric := ecocomp._param_number(params, key, method, min);
BEGIN
    IF y IS NULL THEN
        RETURN NULL;
    END IF;
    IF y * 100 <> trunc(y * 100) OR abs(y) >= 10000000000000000 THEN
        PERFORM ecocomp._param_fail(method, key, 'is not an amount of money',
            format('Expected yuan with at most two decimals and below 10^16; got %s.', y));
    END IF;
    RETURN (y * 100)::bigint;
END $$;
COMMENT ON FUNCTION ecocomp._param_fen(jsonb, text, text, numeric) IS
    'internal: params->key in yuan (at most 2 decimals) as exact bigint fen; NULL when absent';

CREATE OR REPLACE FUNCTION ecocomp._param_bool(params jsonb, key text, method text)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := params -> key;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) <> 'boolean' THEN
        PERFORM ecocomp._param_fail(method, key, 'must be true or false',
            format('Expected a JSON boolean; got %s.', ecocomp._param_show(v)));
    END IF;
    RETURN v::boolean;
END $$;
COMMENT ON FUNCTION ecocomp._param_bool(jsonb, text, text) IS
    'internal: params->key as a boolean; NULL when absent';

CREATE OR REPLACE FUNCTION ecocomp._param_text(params jsonb, key text, method text, allowed text[] DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := params -> key;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) <> 'string' OR (allowed IS NOT NULL AND NOT (v #>> '{}') = ANY (allowed)) THEN
        PERFORM ecocomp._param_fail(method, key, 'is invalid',
            format('Expected %s; got %s.',
                   CASE WHEN allowed IS NULL THEN 'a string'
                        ELSE 'one of ' || array_to_string(allowed, ', ') END,
                   ecocomp._param_show(v)));
    END IF;
    RETURN v #>> '{}';
END $$;
COMMENT ON FUNCTION ecocomp._param_text(jsonb, text, text, text[]) IS
    'internal: params->key as text, one of allowed when given; NULL when absent';

-- A water quality class given as a JSON string ('I' .. 'V', 'inferior_V').
CREATE OR REPLACE FUNCTION ecocomp._param_class(value jsonb, key text, method text)
RETURNS ecocomp.wq_class
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF value IS NULL OR jsonb_typeof(value) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(value) <> 'string'
       OR NOT (value #>> '{}') = ANY (enum_range(NULL::ecocomp.wq_class)::text[]) THEN
        PERFORM ecocomp._param_fail(method, key, 'is not a water quality class',
            format('Expected one of I, II, III, IV, V, inferior_V; got %s.', ecocomp._param_show(value)));
    END IF;
    RETURN (value #>> '{}')::ecocomp.wq_class;
END $$;
COMMENT ON FUNCTION ecocomp._param_class(jsonb, text, text) IS
    'internal: a JSON string as wq_class (I, II, III, IV, V, inferior_V); NULL when absent';

CREATE OR REPLACE FUNCTION ecocomp._param_daterange(params jsonb, key text, method text)
RETURNS daterange
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := params -> key;
    r daterange;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        RETURN NULL;
    END IF;
    BEGIN
        r := (v #>> '{}')::daterange;
    EXCEPTION WHEN OTHERS THEN
        r := NULL;
    END;
    IF jsonb_typeof(v) <> 'string' OR r IS NULL OR isempty(r) OR lower_inf(r) OR upper_inf(r) THEN
        PERFORM ecocomp._param_fail(method, key, 'is not a date range',
            format('Expected a bounded, non-empty daterange as text, e.g. "[2008-01-01,2011-01-01)"; got %s.',
                   ecocomp._param_show(v)));
    END IF;
    RETURN r;
END $$;
COMMENT ON FUNCTION ecocomp._param_daterange(jsonb, text, text) IS
    'internal: params->key as a bounded non-empty daterange; NULL when absent';

-- A non-empty list of distinct parameter codes.
CREATE OR REPLACE FUNCTION ecocomp._param_codes(params jsonb, key text, method text)
RETURNS text[]
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := params -> key;
    codes text[];
    bad text;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) <> 'array' OR jsonb_array_length(v) = 0
       OR EXISTS (SELECT FROM jsonb_array_elements(v) e WHERE jsonb_typeof(e) <> 'string') THEN
        PERFORM ecocomp._param_fail(method, key, 'must be a list of parameter codes',
            format('Expected a non-empty JSON array of parameter codes such as ["CODMn", "NH3-N"]; got %s.',
                   ecocomp._param_show(v)));
    END IF;
    codes := ARRAY(SELECT jsonb_array_elements_text(v));
    SELECT c INTO bad FROM unnest(codes) c
    WHERE NOT EXISTS (SELECT FROM ecocomp.parameter p WHERE p.code = c) LIMIT 1;
    IF bad IS NOT NULL THEN
        PERFORM ecocomp._param_fail(method, key, 'names an unknown parameter',
            format('"%s" is not a code of ecocomp.parameter.', bad));
    END IF;
    SELECT c INTO bad FROM unnest(codes) c GROUP BY c HAVING count(*) > 1 LIMIT 1;
    IF bad IS NOT NULL THEN
        PERFORM ecocomp._param_fail(method, key, 'lists a parameter twice',
            format('"%s" appears more than once.', bad));
    END IF;
    RETURN codes;
END $$;
COMMENT ON FUNCTION ecocomp._param_codes(jsonb, text, text) IS
    'internal: params->key as a non-empty list of distinct parameter codes; NULL when absent';

-- A non-empty list of numbers, each >= min when given.
CREATE OR REPLACE FUNCTION ecocomp._param_numbers(params jsonb, key text, method text, min numeric DEFAULT NULL)
RETURNS numeric[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := params -> key;
    bad numeric;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) <> 'array' OR jsonb_array_length(v) = 0
       OR EXISTS (SELECT FROM jsonb_array_elements(v) e WHERE jsonb_typeof(e) <> 'number') THEN
        PERFORM ecocomp._param_fail(method, key, 'must be a list of numbers',
            format('Expected a non-empty JSON array of numbers; got %s.', ecocomp._param_show(v)));
    END IF;
    SELECT e::numeric INTO bad FROM jsonb_array_elements(v) e WHERE e::numeric < min LIMIT 1;
    IF bad IS NOT NULL THEN
        PERFORM ecocomp._param_fail(method, key, 'is out of range',
            format('Expected numbers >= %s; got %s.', min, bad));
    END IF;
    RETURN ARRAY(SELECT e::numeric FROM jsonb_array_elements(v) e);
END $$;
COMMENT ON FUNCTION ecocomp._param_numbers(jsonb, text, text, numeric) IS
    'internal: params->key as a non-empty list of numbers >= min; NULL when absent';

-- An object parameter code -> number (each >= min when given).
CREATE OR REPLACE FUNCTION ecocomp._param_codes_map(params jsonb, key text, method text, min numeric DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := params -> key;
    r record;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) <> 'object' OR v = '{}'::jsonb THEN
        PERFORM ecocomp._param_fail(method, key, 'must map parameter codes to numbers',
            format('Expected a non-empty JSON object such as {"NH3-N": 1.0, "TP": 0.2}; got %s.',
                   ecocomp._param_show(v)));
    END IF;
    FOR r IN SELECT e.key AS code, e.value FROM jsonb_each(v) e ORDER BY 1 LOOP
        IF NOT EXISTS (SELECT FROM ecocomp.parameter p WHERE p.code = r.code) THEN
            PERFORM ecocomp._param_fail(method, key, 'names an unknown parameter',
                format('"%s" is not a code of ecocomp.parameter.', r.code));
        END IF;
        IF jsonb_typeof(r.value) <> 'number' THEN
            PERFORM ecocomp._param_fail(method, key, 'must map parameter codes to numbers',
                format('The value for "%s" must be a number; got %s.', r.code, ecocomp._param_show(r.value)));
        END IF;
        IF min IS NOT NULL AND r.value::numeric < min THEN
            PERFORM ecocomp._param_fail(method, key, 'is out of range',
                format('The value for "%s" must be >= %s; got %s.', r.code, min, r.value::numeric));
        END IF;
    END LOOP;
    RETURN v;
END $$;
COMMENT ON FUNCTION ecocomp._param_codes_map(jsonb, text, text, numeric) IS
    'internal: params->key as an object parameter code -> number (>= min); NULL when absent';

------------------------------------------------------------------------------
-- Result helpers for the _settle_<method> functions.
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION ecocomp._fen_to_yuan(fen bigint) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT round(fen::numeric / 100, 2)
$$;
COMMENT ON FUNCTION ecocomp._fen_to_yuan(bigint) IS 'internal: fen to yuan, exact';

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

------------------------------------------------------------------------------
-- Validation on write: generic checks, then the method's own.
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION ecocomp._agreement_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    checker text := format('ecocomp._check_params_%s(ecocomp.agreement)', NEW.method);
    bad text;
BEGIN
    -- (the CHECK constraint on method runs after this trigger)
    IF NEW.method IS NULL OR NEW.method NOT IN ('index_ratio', 'class_target', 'compliance_rate',
            'flux_exceedance', 'tiered_exceedance', 'linear', 'relative_change', 'pool', 'factor_allocation') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'agreement method is unknown',
            DETAIL = format('Agreement "%s" has method %s; expected index_ratio, class_target, compliance_rate, flux_exceedance, tiered_exceedance, linear, relative_change, pool or factor_allocation.',
                            NEW.agreement_id, coalesce('"' || NEW.method || '"', 'NULL'));
    END IF;
    IF NEW.params IS NULL OR jsonb_typeof(NEW.params) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('%s params must be a JSON object', NEW.method),
            DETAIL = format('Agreement "%s" has params %s.', NEW.agreement_id, ecocomp._param_show(NEW.params));
    END IF;
    BEGIN
        PERFORM now() AT TIME ZONE NEW.time_zone;
    EXCEPTION WHEN invalid_parameter_value OR feature_not_supported THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'agreement time_zone is not a known time zone',
            DETAIL = format('Agreement "%s" has time_zone "%s"; expected a name such as Asia/Shanghai.',
                            NEW.agreement_id, NEW.time_zone);
    END;
    IF NEW.method NOT IN ('pool', 'factor_allocation') THEN
        IF NEW.upstream_code IS NULL OR NEW.downstream_code IS NULL
           OR NEW.upstream_code = NEW.downstream_code THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('%s agreement needs an upstream_code and a different downstream_code', NEW.method),
                DETAIL = format('Agreement "%s" has upstream_code %s and downstream_code %s.',
                                NEW.agreement_id, coalesce(NEW.upstream_code, 'NULL'),
                                coalesce(NEW.downstream_code, 'NULL'));
        END IF;
    END IF;
    SELECT c INTO bad FROM unnest(NEW.section_codes) c
    WHERE c IS NULL OR NOT EXISTS (SELECT FROM ecocomp.section s WHERE s.code = c) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23503',
            MESSAGE = 'agreement section_codes names an unknown section',
            DETAIL = format('Agreement "%s" lists section %s, which is not in ecocomp.section.',
                            NEW.agreement_id, coalesce('"' || bad || '"', 'NULL'));
    END IF;
    IF to_regprocedure(checker) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '0A000',
            MESSAGE = format('method %s is not available', NEW.method),
            DETAIL = format('The function %s is not installed.', checker);
    END IF;
    EXECUTE format('SELECT ecocomp.%I($1)', '_check_params_' || NEW.method) USING NEW;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION ecocomp._agreement_check() IS
    'internal: validates an agreement on write (parties, sections, time zone) and calls _check_params_<method>';
CREATE OR REPLACE TRIGGER agreement_check BEFORE INSERT OR UPDATE ON ecocomp.agreement
    FOR EACH ROW EXECUTE FUNCTION ecocomp._agreement_check();

------------------------------------------------------------------------------
-- Helpers for the _check_params_ and _settle_ functions.
------------------------------------------------------------------------------

-- The agreement must name at least one monitoring section.
CREATE OR REPLACE FUNCTION ecocomp._require_sections(a ecocomp.agreement) RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF a.section_codes IS NULL OR cardinality(a.section_codes) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('%s agreement needs section_codes', a.method),
            DETAIL = format('Agreement "%s" names no monitoring section; the method assesses the water quality at the sections listed in section_codes.',
                            a.agreement_id);
    END IF;
    IF (SELECT count(DISTINCT c) FROM unnest(a.section_codes) c) <> cardinality(a.section_codes) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('%s agreement lists a section twice', a.method),
            DETAIL = format('Agreement "%s" has section_codes %s.', a.agreement_id, a.section_codes);
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._require_sections(ecocomp.agreement) IS
    'internal: raises 22023 unless the agreement names at least one section, each once';

-- The calendar months, quarters or years of a period, clipped to it, in
-- order (the same units ecocomp.assessment() reports).
CREATE OR REPLACE FUNCTION ecocomp._period_units(period daterange, period_unit text)
RETURNS SETOF daterange
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT daterange(greatest(g::date, lower(period)), least((g + s.step)::date, upper(period)))
    FROM (SELECT CASE period_unit WHEN 'month' THEN interval '1 month'
                                  WHEN 'quarter' THEN interval '3 months'
                                  WHEN 'year' THEN interval '1 year' END AS step) s,
         generate_series(date_trunc(period_unit, lower(period)::timestamp),
                         (upper(period) - 1)::timestamp, s.step) AS g
    WHERE NOT isempty(period) AND s.step IS NOT NULL
    ORDER BY 1
$$;
COMMENT ON FUNCTION ecocomp._period_units(daterange, text) IS
    'internal: the calendar months, quarters or years of a bounded period, clipped to it';

-- A number for the explanations: up to `digits` decimals, no trailing zeros.
CREATE OR REPLACE FUNCTION ecocomp._num(x double precision, digits int DEFAULT 4) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(trim_scale(round(x::numeric, digits))::text, '?')
$$;
COMMENT ON FUNCTION ecocomp._num(double precision, int) IS 'internal: a rounded number as text for explanations';

-- Yuan from fen, with thousands separators, for the explanations.
CREATE OR REPLACE FUNCTION ecocomp._yuan_text(fen bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN fen IS NULL THEN '?'
                ELSE trim(to_char(fen::numeric / 100, 'FM999,999,999,999,999,990.00')) END
$$;
COMMENT ON FUNCTION ecocomp._yuan_text(bigint) IS 'internal: fen as yuan text with thousands separators';

-- A date range as text in ISO dates whatever the DateStyle, e.g.
-- '[2024-01-01,2025-01-01)', for bases, issues and explanations.
CREATE OR REPLACE FUNCTION ecocomp._period_text(r daterange) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN r IS NULL THEN NULL WHEN isempty(r) THEN 'empty'
                ELSE CASE WHEN lower_inc(r) THEN '[' ELSE '(' END
                     || coalesce(to_char(lower(r), 'YYYY-MM-DD'), '')
                     || ',' || coalesce(to_char(upper(r), 'YYYY-MM-DD'), '')
                     || CASE WHEN upper_inc(r) THEN ']' ELSE ')' END END
$$;
COMMENT ON FUNCTION ecocomp._period_text(daterange) IS
    'internal: a daterange as text with ISO dates, independent of DateStyle';

------------------------------------------------------------------------------
-- Assessment for the methods, shared within one settle() run.
--
-- settle() assesses all the sections of the agreements it runs at once, per
-- time zone and period unit, into a temporary table (one pass over the
-- observations instead of one per agreement); _assessment_for() serves an
-- agreement's rows from it when the request is covered (same unit and time
-- zone, sections included, period inside the settled period with bounds on
-- unit boundaries, so the clipped units are the same), and otherwise calls
-- ecocomp.assessment() itself.  The cache is emptied when settle() ends.
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION ecocomp._assessment_for(a ecocomp.agreement, for_period daterange, for_unit text)
RETURNS SETOF ecocomp.assessment_row
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    q daterange := $2;
    u text := $3;
    hit boolean := false;
BEGIN
    -- (two steps: a query naming the cache cannot even be planned before
    -- the first settle() of the session has created it)
    IF to_regclass('pg_temp.ecocomp_assessment_cover') IS NOT NULL THEN
        hit := EXISTS (SELECT FROM pg_temp.ecocomp_assessment_cover c
                   WHERE c.unit = u AND c.tz = a.time_zone AND q <@ c.cover
                     AND a.section_codes <@ c.sections
                     AND (lower(q) = lower(c.cover) OR date_trunc(u, lower(q)::timestamp)::date = lower(q))
                     AND (upper(q) = upper(c.cover) OR date_trunc(u, upper(q)::timestamp)::date = upper(q)));
    END IF;
    IF hit THEN
        RETURN QUERY
        SELECT x.section_code, x.parameter, x.period, x.samples, x.censored_samples, x.mean,
               x.mean_class, x.target_class, x.target_limit, x.meets_target, x.exceedance_multiple,
               x.samples_meeting_target, x.flow_mean_m3s, x.volume_m3, x.load_kg, x.exceedance_load_kg
        FROM pg_temp.ecocomp_assessment_cache x
        WHERE x.unit = u AND x.tz = a.time_zone AND x.section_code = ANY (a.section_codes)
          AND x.period <@ q;
    ELSE
        RETURN QUERY SELECT * FROM ecocomp.assessment(q, u, a.time_zone, a.section_codes);
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._assessment_for(ecocomp.agreement, daterange, text) IS
    'internal: ecocomp.assessment() of an agreement''s sections, served from the assessment settle() made for all its agreements when covered';

-- Fills the cache for a settle() run: for each time zone and period unit
-- the agreements use, one assessment of all their sections over the period.
-- Returns false (no cache) when temporary tables cannot be created.
CREATE OR REPLACE FUNCTION ecocomp._assessment_cache_fill(argp daterange, ids text[]) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    r record;
BEGIN
    BEGIN
        IF to_regclass('pg_temp.ecocomp_assessment_cover') IS NULL THEN
            CREATE TEMP TABLE ecocomp_assessment_cover (unit text, tz text, cover daterange, sections text[]);
            CREATE TEMP TABLE ecocomp_assessment_cache AS
            SELECT ''::text AS unit, ''::text AS tz, x.*
            FROM ecocomp.assessment('empty'::daterange) x WITH NO DATA;
            CREATE INDEX ON pg_temp.ecocomp_assessment_cache (section_code, unit, tz);
        END IF;
    EXCEPTION WHEN insufficient_privilege OR read_only_sql_transaction THEN
        RETURN false;
    END;
    DELETE FROM pg_temp.ecocomp_assessment_cover;
    DELETE FROM pg_temp.ecocomp_assessment_cache;
    FOR r IN
        WITH a AS (SELECT * FROM ecocomp.agreement a WHERE a.agreement_id = ANY (ids)
                                                      AND cardinality(a.section_codes) > 0)
        SELECT x.tz, x.unit, array_agg(DISTINCT s) AS sections
        FROM (SELECT a.time_zone AS tz, a.section_codes,
                     unnest(CASE a.method
                              WHEN 'index_ratio' THEN ARRAY['year']
                              WHEN 'compliance_rate' THEN ARRAY['month', 'year']
                              WHEN 'class_target' THEN ARRAY[coalesce(a.params ->> 'period_unit', 'year')]
                              WHEN 'flux_exceedance' THEN ARRAY[coalesce(a.params ->> 'period_unit', 'month')]
                              ELSE ARRAY[a.params ->> 'period_unit'] END) AS unit
              FROM a) x, unnest(x.section_codes) s
        WHERE x.unit IN ('month', 'quarter', 'year')
        GROUP BY x.tz, x.unit
    LOOP
        INSERT INTO pg_temp.ecocomp_assessment_cache
        SELECT r.unit, r.tz, x.* FROM ecocomp.assessment(argp, r.unit, r.tz, r.sections) x;
        INSERT INTO pg_temp.ecocomp_assessment_cover VALUES (r.unit, r.tz, argp, r.sections);
    END LOOP;
    ANALYZE pg_temp.ecocomp_assessment_cache;
    RETURN true;
END $$;
COMMENT ON FUNCTION ecocomp._assessment_cache_fill(daterange, text[]) IS
    'internal: assesses the sections of the agreements settle() runs, once per time zone and period unit, into a temporary cache';

CREATE OR REPLACE FUNCTION ecocomp._assessment_cache_clear() RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF to_regclass('pg_temp.ecocomp_assessment_cover') IS NOT NULL THEN
        DELETE FROM pg_temp.ecocomp_assessment_cover;
        DELETE FROM pg_temp.ecocomp_assessment_cache;
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._assessment_cache_clear() IS 'internal: empties the settle() assessment cache';

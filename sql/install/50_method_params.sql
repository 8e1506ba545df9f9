-- Validation of method params, shared by every method's _check_params_<m>
-- (and re-read by its _settle_<m>).  Errors: SQLSTATE 22023, message
-- '<method> parameter "<key>" <problem>', detail saying what is expected
-- and what was given.  Numbers must be finite and within the range a kernel
-- can compute with; JSON null counts as absent, and a required key may not
-- be null.  docs/methods/<m>.md lists each method's keys.

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

-- params->key when it is JSON of type jtype: an array or object non-empty
-- when nonempty, an array's elements all of type elements when given.  NULL
-- when absent or JSON null; anything else is a 22023 error: the problem,
-- and a detail saying what was expected and what was given.
CREATE OR REPLACE FUNCTION ecocomp._param_json(params jsonb, key text, method text, jtype text, problem text,
                                               expected text, nonempty boolean DEFAULT true,
                                               elements text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := nullif(params -> key, 'null');
BEGIN
    -- in this order: only an array has elements
    IF v IS NOT NULL AND (CASE WHEN jsonb_typeof(v) <> jtype THEN true
                               WHEN nonempty AND v IN ('[]'::jsonb, '{}'::jsonb) THEN true
                               WHEN elements IS NOT NULL
                                   THEN EXISTS (SELECT FROM jsonb_array_elements(v) e WHERE jsonb_typeof(e) <> elements)
                               ELSE false END) THEN
        PERFORM ecocomp._param_fail(method, key, problem,
            format('Expected %s; got %s.', expected, ecocomp._param_show(v)));
    END IF;
    RETURN v;
END $$;
COMMENT ON FUNCTION ecocomp._param_json(jsonb, text, text, text, text, text, boolean, text) IS
    'internal: params->key as JSON of the given type (non-empty, of typed elements when asked); NULL when absent';

-- A number; NULL when the key is absent or JSON null.
CREATE OR REPLACE FUNCTION ecocomp._param_number(params jsonb, key text, method text,
                                      min numeric DEFAULT NULL, max numeric DEFAULT NULL)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    expected text := 'a number'
        || CASE WHEN min IS NOT NULL AND max IS NOT NULL THEN format(' from %s to %s', min, max)
                WHEN min IS NOT NULL THEN format(' >= %s', min)
                WHEN max IS NOT NULL THEN format(' <= %s', max)
                ELSE '' END;
    n numeric := ecocomp._param_json(params, key, method, 'number', 'must be a number', expected, false)::numeric;
BEGIN
    IF n IS NULL THEN
        RETURN NULL;
    END IF;
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
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ecocomp._param_json(params, key, method, 'boolean', 'must be true or false', 'a JSON boolean', false)::boolean
$$;
COMMENT ON FUNCTION ecocomp._param_bool(jsonb, text, text) IS
    'internal: params->key as a boolean; NULL when absent';

CREATE OR REPLACE FUNCTION ecocomp._param_text(params jsonb, key text, method text, allowed text[] DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    expected text := CASE WHEN allowed IS NULL THEN 'a string' ELSE 'one of ' || array_to_string(allowed, ', ') END;
    v jsonb := ecocomp._param_json(params, key, method, 'string', 'is invalid', expected, false);
BEGIN
    IF allowed IS NOT NULL AND NOT (v #>> '{}') = ANY (allowed) THEN
        PERFORM ecocomp._param_fail(method, key, 'is invalid',
            format('Expected %s; got %s.', expected, ecocomp._param_show(v)));
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
    v jsonb := nullif(params -> key, 'null');
    r daterange;
BEGIN
    IF v IS NULL THEN
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

-- A code that must name a row of ecocomp.jurisdiction, section or parameter
-- (kind): 22023 naming the method and key when it does not (or is NULL).
CREATE OR REPLACE FUNCTION ecocomp._param_known(method text, key text, kind text, val text)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF NOT (CASE kind
                WHEN 'jurisdiction' THEN EXISTS (SELECT FROM ecocomp.jurisdiction j WHERE j.code = val)
                WHEN 'section' THEN EXISTS (SELECT FROM ecocomp.section s WHERE s.code = val)
                WHEN 'parameter' THEN EXISTS (SELECT FROM ecocomp.parameter p WHERE p.code = val)
            END) THEN
        PERFORM ecocomp._param_fail(method, key, 'names an unknown ' || kind,
            format('%s is not a code of ecocomp.%s.', coalesce('"' || val || '"', 'NULL'), kind));
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._param_known(text, text, text, text) IS
    'internal: raises 22023 unless the code names a jurisdiction, section or parameter (kind)';

-- A non-empty list of distinct parameter codes.
CREATE OR REPLACE FUNCTION ecocomp._param_codes(params jsonb, key text, method text)
RETURNS text[]
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := ecocomp._param_json(params, key, method, 'array', 'must be a list of parameter codes',
                                   'a non-empty JSON array of parameter codes such as ["CODMn", "NH3-N"]',
                                   true, 'string');
    codes text[];
    bad text;
BEGIN
    IF v IS NULL THEN
        RETURN NULL;
    END IF;
    codes := ARRAY(SELECT jsonb_array_elements_text(v));
    PERFORM ecocomp._param_known(method, key, 'parameter', c) FROM unnest(codes) c;
    SELECT c INTO bad FROM unnest(codes) c GROUP BY c HAVING count(*) > 1 LIMIT 1;
    IF bad IS NOT NULL THEN
        PERFORM ecocomp._param_fail(method, key, 'lists a parameter twice',
            format('"%s" appears more than once.', bad));
    END IF;
    RETURN codes;
END $$;
COMMENT ON FUNCTION ecocomp._param_codes(jsonb, text, text) IS
    'internal: params->key as a non-empty list of distinct parameter codes; NULL when absent';

-- The indicators of an agreement: params.indicators, or the 21 evaluated
-- items of GB 3838-2002.
CREATE OR REPLACE FUNCTION ecocomp._param_indicators(params jsonb, method text) RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(ecocomp._param_codes(params, 'indicators', method),
                    ARRAY(SELECT code FROM ecocomp.parameter WHERE evaluated
                          ORDER BY gb3838_table, gb3838_item))
$$;
COMMENT ON FUNCTION ecocomp._param_indicators(jsonb, text) IS
    'internal: params.indicators as parameter codes, default the 21 evaluated items';

-- A non-empty list of numbers, each >= min when given.
CREATE OR REPLACE FUNCTION ecocomp._param_numbers(params jsonb, key text, method text, min numeric DEFAULT NULL)
RETURNS numeric[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := ecocomp._param_json(params, key, method, 'array', 'must be a list of numbers',
                                   'a non-empty JSON array of numbers', true, 'number');
    bad numeric;
BEGIN
    IF v IS NULL THEN
        RETURN NULL;
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
    v jsonb := ecocomp._param_json(params, key, method, 'object', 'must map parameter codes to numbers',
                                     'a non-empty JSON object such as {"NH3-N": 1.0, "TP": 0.2}');
    r record;
BEGIN
    FOR r IN SELECT e.key AS code, e.value FROM jsonb_each(v) e ORDER BY 1 LOOP
        PERFORM ecocomp._param_known(method, key, 'parameter', r.code);
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

-- The period unit of an agreement: params.period_unit (month, quarter or
-- year) when given, else the method's default.
CREATE OR REPLACE FUNCTION ecocomp._param_unit(params jsonb, method text, dflt text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(ecocomp._param_text(params, 'period_unit', method, ARRAY['month', 'quarter', 'year']), dflt)
$$;
COMMENT ON FUNCTION ecocomp._param_unit(jsonb, text, text) IS
    'internal: params.period_unit (month, quarter or year) validated, else dflt';

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

-- Indicators that have GB 3838 classes (the class_target and
-- compliance_rate methods judge classes).
CREATE OR REPLACE FUNCTION ecocomp._param_classed_codes(params jsonb, key text, method text) RETURNS text[]
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    codes text[] := ecocomp._param_codes(params, key, method);
    bad text;
BEGIN
    SELECT c INTO bad FROM unnest(codes) c WHERE ecocomp.gb3838_class(c, 1.0) IS NULL LIMIT 1;
    IF bad IS NOT NULL THEN
        PERFORM ecocomp._param_fail(method, key, 'names a parameter without classes',
            format('"%s" has no GB 3838-2002 class limits, so it cannot decide a class.', bad));
    END IF;
    RETURN codes;
END $$;
COMMENT ON FUNCTION ecocomp._param_classed_codes(jsonb, text, text) IS
    'internal: params->key as parameter codes that have GB 3838 classes; NULL when absent';

-- The keys of an object inside params (a band, a section, a factor): errors
-- name the item, e.g. pool parameter "sections[2].deduction_to" is missing.
CREATE OR REPLACE FUNCTION ecocomp._param_item_keys(obj jsonb, allowed text[], required text[],
                                         method text, item text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    k text;
BEGIN
    FOR k IN SELECT jsonb_object_keys(obj) ORDER BY 1 LOOP
        IF NOT k = ANY (allowed) THEN
            PERFORM ecocomp._param_fail(method, item || '.' || k, 'is unknown',
                format('The keys of %s are %s.', item, array_to_string(allowed, ', ')));
        END IF;
    END LOOP;
    FOREACH k IN ARRAY coalesce(required, '{}') LOOP
        IF obj -> k IS NULL OR jsonb_typeof(obj -> k) = 'null' THEN
            PERFORM ecocomp._param_fail(method, item || '.' || k, 'is missing',
                format('Each item of this list needs the keys %s.', array_to_string(required, ', ')));
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION ecocomp._param_item_keys(jsonb, text[], text[], text, text) IS
    'internal: an object inside params may have only the allowed keys and must have the required ones; errors name the item';

-- A params object code -> number whose values must all be > 0 (and whose
-- parameters are of the given kinds, when given).
CREATE OR REPLACE FUNCTION ecocomp._param_positive_map(params jsonb, key text, method text, kinds text[] DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := ecocomp._param_codes_map(params, key, method, 0);
    r record;
BEGIN
    FOR r IN SELECT e.key AS code, e.value::text::numeric AS x, p.kind
             FROM jsonb_each(v) e JOIN ecocomp.parameter p ON p.code = e.key ORDER BY 1 LOOP
        IF r.x <= 0 THEN
            PERFORM ecocomp._param_fail(method, key, 'is out of range',
                format('The value for "%s" must be > 0; got %s.', r.code, r.x));
        END IF;
        IF kinds IS NOT NULL AND NOT r.kind = ANY (kinds) THEN
            PERFORM ecocomp._param_fail(method, key, 'names a parameter without an upper limit',
                format('"%s" is a parameter of kind "%s"; the method needs upper-limit parameters such as COD or NH3-N.',
                       r.code, r.kind));
        END IF;
    END LOOP;
    RETURN v;
END $$;
COMMENT ON FUNCTION ecocomp._param_positive_map(jsonb, text, text, text[]) IS
    'internal: params->key as an object parameter code -> number > 0, of the given parameter kinds';

CREATE OR REPLACE FUNCTION ecocomp._bands_check(method text, key text, min double precision[],
                                     max double precision[], min_inclusive boolean[],
                                     max_inclusive boolean[])
RETURNS void
AS 'MODULE_PATHNAME', 'ecocomp_bands_check'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._bands_check(text, text, double precision[], double precision[], boolean[], boolean[]) IS
    'internal: raises 22023 naming the method and key when a band is empty or two bands overlap';

-- A list of bands {min, max, amount[, times_one_plus_m][, min_inclusive][, max_inclusive]}
-- as rows in list order; min < x <= max by default, null or absent = unbounded.
CREATE OR REPLACE FUNCTION ecocomp._param_bands(params jsonb, key text, method text,
                                     allow_times boolean, min_amount numeric)
RETURNS TABLE (ord int, min double precision, max double precision,
               min_inclusive boolean, max_inclusive boolean,
               amount_fen bigint, times_one_plus_m boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v jsonb := ecocomp._param_json(params, key, method, 'array', 'must be a list of bands',
        'a non-empty JSON array of objects such as {"min": 0.1, "max": 0.5, "amount": 100000}');
    b jsonb;
    k text;
    i int := 0;
    allowed text[] := ARRAY['min', 'max', 'amount', 'min_inclusive', 'max_inclusive']
                      || CASE WHEN allow_times THEN ARRAY['times_one_plus_m'] ELSE '{}'::text[] END;
    mins double precision[] := '{}';
    maxs double precision[] := '{}';
    minis boolean[] := '{}';
    maxis boolean[] := '{}';
    item text;
BEGIN
    IF v IS NULL THEN
        RETURN;
    END IF;
    FOR b IN SELECT e FROM jsonb_array_elements(v) WITH ORDINALITY AS t (e, n) ORDER BY n LOOP
        i := i + 1;
        item := format('%s[%s]', key, i);
        IF jsonb_typeof(b) <> 'object' THEN
            PERFORM ecocomp._param_fail(method, item, 'must be an object',
                format('Each band is an object with the keys %s; got %s.',
                       array_to_string(allowed, ', '), ecocomp._param_show(b)));
        END IF;
        FOR k IN SELECT jsonb_object_keys(b) ORDER BY 1 LOOP
            IF NOT k = ANY (allowed) THEN
                PERFORM ecocomp._param_fail(method, item || '.' || k, 'is unknown',
                    format('The keys of a band are %s.', array_to_string(allowed, ', ')));
            END IF;
        END LOOP;
        IF b -> 'amount' IS NULL OR jsonb_typeof(b -> 'amount') = 'null' THEN
            PERFORM ecocomp._param_fail(method, item || '.amount', 'is missing',
                'Every band needs an amount in yuan.');
        END IF;
        ord := i;
        min := ecocomp._param_number(jsonb_build_object(item || '.min', b -> 'min'), item || '.min', method);
        max := ecocomp._param_number(jsonb_build_object(item || '.max', b -> 'max'), item || '.max', method);
        min_inclusive := coalesce(ecocomp._param_bool(jsonb_build_object(item || '.min_inclusive', b -> 'min_inclusive'),
                                                      item || '.min_inclusive', method), false);
        max_inclusive := coalesce(ecocomp._param_bool(jsonb_build_object(item || '.max_inclusive', b -> 'max_inclusive'),
                                                      item || '.max_inclusive', method), true);
        amount_fen := ecocomp._param_fen(jsonb_build_object(item || '.amount', b -> 'amount'),
                                         item || '.amount', method, min_amount);
        times_one_plus_m := coalesce(ecocomp._param_bool(jsonb_build_object(item || '.times_one_plus_m', b -> 'times_one_plus_m'),
                                                         item || '.times_one_plus_m', method), false);
        mins := mins || min;
        maxs := maxs || max;
        minis := minis || min_inclusive;
        maxis := maxis || max_inclusive;
        RETURN NEXT;
    END LOOP;
    PERFORM ecocomp._bands_check(method, key, mins, maxs, minis, maxis);
END $$;
COMMENT ON FUNCTION ecocomp._param_bands(jsonb, text, text, boolean, numeric) IS
    'internal: params->key as a list of non-overlapping bands (amount in fen); raises 22023 naming the band';

-- Validates a list of distinct jurisdiction codes (parties).
CREATE OR REPLACE FUNCTION ecocomp._check_parties(parties text[], method text, key text) RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    bad text;
BEGIN
    IF parties IS NULL OR cardinality(parties) = 0 THEN
        PERFORM ecocomp._param_fail(method, key, 'is missing',
            format('A %s agreement needs its parties: a list of jurisdiction codes (params.parties or the parties column).', method));
    END IF;
    PERFORM ecocomp._param_known(method, key, 'jurisdiction', p) FROM unnest(parties) p;
    SELECT p INTO bad FROM unnest(parties) p GROUP BY p HAVING count(*) > 1 LIMIT 1;
    IF FOUND THEN
        PERFORM ecocomp._param_fail(method, key, 'lists a party twice', format('"%s" appears more than once.', bad));
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._check_parties(text[], text, text) IS
    'internal: raises 22023 unless parties is a non-empty list of distinct jurisdiction codes';

-- What every method's params must satisfy before its own checks: no key set
-- to JSON null (leave a key out to get its default) and no number a kernel
-- cannot compute with: every number anywhere in params is 0 or has an
-- absolute value from 1e-12 to below 1e16 (money is below 10^16 yuan;
-- smaller or larger values underflow or overflow double precision or an
-- amount on the way).
CREATE OR REPLACE FUNCTION ecocomp._param_values_check(params jsonb, method text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    r record;
BEGIN
    IF params IS NULL OR jsonb_typeof(params) <> 'object' THEN
        RETURN;
    END IF;
    SELECT e.key INTO r FROM jsonb_each(params) e WHERE jsonb_typeof(e.value) = 'null' ORDER BY 1 LIMIT 1;
    IF FOUND THEN
        PERFORM ecocomp._param_fail(method, r.key, 'is null',
            'A key is either left out (to get its default) or given a value; JSON null is not a value.');
    END IF;
    SELECT e.key, n.v INTO r
    FROM jsonb_each(params) e,
         LATERAL jsonb_path_query(e.value, 'strict $.** ? (@.type() == "number")') n (v)
    WHERE abs(n.v::numeric) >= 1e16 OR (n.v::numeric <> 0 AND abs(n.v::numeric) < 1e-12)
    ORDER BY 1 LIMIT 1;
    IF FOUND THEN
        PERFORM ecocomp._param_fail(method, r.key, 'is out of range',
            format('Numbers must be 0 or between 1e-12 and 1e16 in absolute value so that they can be computed with; got %s.',
                   r.v::numeric));
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._param_values_check(jsonb, text) IS
    'internal: raises 22023 for a params key set to null or a number that is not 0 and not within 1e-12 .. 1e16 in absolute value';

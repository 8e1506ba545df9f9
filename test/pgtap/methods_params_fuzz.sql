-- A seeded random driver for the parser of agreement params.  Params are
-- parsed and validated in SQL (ecocomp._param_values_check and each
-- method's _check_params_<m>, sql/install/50_method_params.sql), so they are
-- fuzzed here rather than by a libFuzzer target: each registered method's
-- valid params (test/pgtap/fixtures/methods.sql) are mutated at
-- random — a value anywhere in the document replaced by a hostile one
-- (null, 1e-400, 1e16, -1, a string, an empty array, ...), a key or element
-- removed, an element added — and written as an agreement.  A mutation is
-- either refused with 22023 or 23503, or accepted; every accepted one is
-- then settled over a year of data.  settle() must return and compute
-- every accepted agreement (one it could not compute would be reported with
-- a SQLSTATE a user can act on, 22003, 22023 or 54000, never XX000).
\set ON_ERROR_STOP 1
\set QUIET 1
\pset pager off
\pset tuples_only on
BEGIN;
SELECT plan(6);
SET LOCAL client_min_messages = warning;
CREATE TEMP TABLE fuzz_runs AS SELECT 150 AS runs;

\ir fixtures/methods.sql
-- A year of monthly data at both sections, above most targets so that the
-- methods compute amounts: COD 35, CODMn 7, NH3-N 1.2, TP 0.25 mg/L, 50 m3/s.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT s, p, make_timestamptz(2030, m, 15, 10, 0, 0, 'Asia/Shanghai'), v * (CASE s WHEN 'mc_s' THEN 1.0 ELSE 0.8 END)
FROM unnest(ARRAY['mc_s', 'mc_ctrl']) s,
     (VALUES ('COD', 35.0), ('CODMn', 7.0), ('NH3-N', 1.2), ('TP', 0.25), ('flow', 50.0)) d (p, v),
     generate_series(1, 12) m;

-- Every path to a value inside a JSON document.
CREATE FUNCTION pg_temp.paths(doc jsonb) RETURNS SETOF text[] LANGUAGE sql AS $$
    WITH RECURSIVE t (path, v) AS (
        SELECT '{}'::text[], doc
        UNION ALL
        SELECT t.path || x.k, x.c
        FROM t, LATERAL (SELECT e.key, e.value FROM jsonb_each(CASE WHEN jsonb_typeof(t.v) = 'object' THEN t.v END) e
                         UNION ALL
                         SELECT (a.o - 1)::text, a.e
                         FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t.v) = 'array' THEN t.v END)
                              WITH ORDINALITY a (e, o)) x (k, c))
    SELECT path FROM t WHERE path <> '{}'
$$;
CREATE TEMP TABLE hostile (v jsonb);
INSERT INTO hostile VALUES ('null'), ('0'), ('-1'), ('-0.0001'), ('1e-400'), ('1e-13'), ('1e-12'), ('0.001'),
    ('1.5'), ('1e15'), ('9.99e15'), ('1e16'), ('1e300'), ('2147483648'), ('-2147483649'), ('"x"'), ('""'),
    ('"NaN"'), ('"Infinity"'), ('"mc_a"'), ('"mc_zzz"'), ('"III"'), ('"inferior_V"'), ('"month"'), ('"year"'),
    ('[]'), ('{}'), ('true'), ('[1e15, 1e15]'), ('[null]'), ('{"mc_a": 1e15}'), ('{"COD": -1}'),
    ('[{"min": 1e15, "max": 1e16, "amount": 1e15}]'), ('[{"min": 0.5, "max": 0.1, "amount": 1}]');

-- One mutation, chosen by random(): set a value anywhere to a hostile one
-- (most often), remove it, or add a copy of an array element or key.
CREATE FUNCTION pg_temp.mutate(doc jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    p text[] := (SELECT x FROM pg_temp.paths(doc) x ORDER BY random() LIMIT 1);
    h jsonb := (SELECT v FROM hostile ORDER BY random() LIMIT 1);
    r float8 := random();
BEGIN
    IF p IS NULL THEN
        RETURN doc;
    ELSIF r < 0.7 THEN
        RETURN jsonb_set(doc, p, h);
    ELSIF r < 0.85 THEN
        RETURN doc #- p;
    ELSIF jsonb_typeof(doc #> p[1:cardinality(p) - 1]) = 'array' THEN
        RETURN jsonb_insert(doc, p, h);
    ELSE
        RETURN jsonb_set(doc, p[1:cardinality(p) - 1] || ('k' || floor(random() * 3)::text), h);
    END IF;
END $$;

CREATE TEMP TABLE tried (id text PRIMARY KEY, method text, params jsonb, outcome text);
SELECT setseed(0.25);
DO $$
DECLARE
    s record;
    p jsonb;
    id text;
    outcome text;
BEGIN
    FOR s IN SELECT x.method, x.params, r.parties FROM samples x JOIN ecocomp.method r USING (method) ORDER BY 1 LOOP
        FOR i IN 1..(SELECT runs FROM fuzz_runs) LOOP
            p := pg_temp.mutate(s.params);
            IF random() < 0.3 THEN
                p := pg_temp.mutate(p);
            END IF;
            id := format('pf-%s-%s', s.method, i);
            outcome := 'accepted';
            BEGIN
                PERFORM pg_temp.agree(s.method, p, id, '[2030-01-01,2031-01-01)');
            EXCEPTION WHEN OTHERS THEN
                outcome := SQLSTATE;
            END;
            INSERT INTO tried VALUES (id, s.method, p, outcome);
        END LOOP;
    END LOOP;
END $$;

SELECT is((SELECT count(*) FROM tried), (SELECT count(*) * (SELECT runs FROM fuzz_runs) FROM samples s JOIN ecocomp.method USING (method)),
          format('params fuzz: %s mutations of the params of each of %s methods written as agreements',
                 (SELECT runs FROM fuzz_runs), (SELECT count(*) FROM samples s JOIN ecocomp.method USING (method))));
SELECT is((SELECT string_agg(DISTINCT outcome, ', ') FROM tried WHERE outcome NOT IN ('accepted', '22023', '23503')), NULL,
          'params fuzz: every refused mutation is refused with 22023 or 23503');
SELECT cmp_ok((SELECT count(*) FROM tried WHERE outcome = 'accepted'), '>', 0::bigint,
              'params fuzz: some mutations are accepted (and settled below)');
CREATE TEMP TABLE settled AS SELECT 0::bigint AS n;
SELECT lives_ok($$UPDATE settled SET n = ecocomp.settle('[2030-01-01,2031-01-01)', ARRAY(SELECT id FROM tried WHERE outcome = 'accepted'))$$,
                'params fuzz: settle() over every accepted mutation returns');
SELECT is((SELECT string_agg(DISTINCT i.basis ->> 'sqlstate', ', ') FROM ecocomp.settlement_issue i JOIN tried t ON t.id = i.agreement_id
           WHERE i.issue LIKE 'not settled:%' AND i.basis ->> 'sqlstate' NOT IN ('22003', '22023', '54000')), NULL,
          'params fuzz: an accepted agreement settle() cannot compute is reported with 22003, 22023 or 54000');
SELECT is((SELECT string_agg(t.method || ' ' || t.params::text || ': ' || i.issue, E'\n') FROM ecocomp.settlement_issue i JOIN tried t ON t.id = i.agreement_id
           WHERE i.issue LIKE 'not settled:%'), NULL,
          'params fuzz: validation accepts only what the method can compute (no accepted mutation is left unsettled)');
SELECT diag(format('params fuzz: %s tried, %s accepted, %s refused, %s obligations, %s accepted but not computable',
               (SELECT count(*) FROM tried), (SELECT count(*) FROM tried WHERE outcome = 'accepted'),
               (SELECT count(*) FROM tried WHERE outcome <> 'accepted'), (SELECT n FROM settled),
               (SELECT count(DISTINCT i.agreement_id) FROM ecocomp.settlement_issue i JOIN tried t ON t.id = i.agreement_id
                WHERE i.issue LIKE 'not settled:%')));

SELECT * FROM finish();
ROLLBACK;

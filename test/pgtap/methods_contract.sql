-- The contract every registered method keeps, checked for each row of
-- ecocomp.method (in the manner of pgRouting's no_crash_test): valid params
-- are accepted; an unknown key, any key set to JSON null and any key given
-- a value of the wrong JSON type are refused with 22023; settle() on a
-- period without data neither fails nor reports the agreement as not
-- computable; settling twice gives the same obligations and issues.  A new
-- method is checked as soon as it is registered: it needs a line in
-- `samples` of fixtures/methods.sql (valid params between the fixture's
-- parties), or the first assertion about it fails.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset pager off
\pset tuples_only on
BEGIN;
SELECT * FROM no_plan();
SET LOCAL client_min_messages = warning;

\ir fixtures/methods.sql

-- A value of another JSON type than v's.
CREATE FUNCTION pg_temp.wrong_type(v jsonb) RETURNS jsonb LANGUAGE sql AS $$
    SELECT CASE jsonb_typeof(v) WHEN 'string' THEN '12345'::jsonb WHEN 'boolean' THEN '"yes"' ELSE '"x"' END
$$;

-- 1. every registered method has contract params, and they are accepted
SELECT ok(s.method IS NOT NULL, format('%s has valid params in the contract test', r.method))
FROM ecocomp.method r LEFT JOIN samples s USING (method) ORDER BY r.method;
SELECT lives_ok(format('SELECT pg_temp.agree(%L, %L); DELETE FROM ecocomp.agreement WHERE agreement_id = %L',
                       s.method, s.params, 'mc-' || s.method),
                format('%s: valid params are accepted', s.method))
FROM samples s JOIN ecocomp.method r USING (method) ORDER BY 1;

-- 2. an unknown key, a null key and a wrongly typed key are refused
SELECT throws_ok(format('SELECT pg_temp.agree(%L, %L)', s.method, s.params || '{"no_such_key": 1}'),
                 '22023', NULL, format('%s: an unknown key is refused', s.method))
FROM samples s JOIN ecocomp.method r USING (method) ORDER BY 1;
SELECT throws_ok(format('SELECT pg_temp.agree(%L, %L)', s.method, s.params || jsonb_build_object(k.key, NULL)),
                 '22023', NULL, format('%s: "%s": null is refused', s.method, k.key))
FROM samples s JOIN ecocomp.method r USING (method), jsonb_each(s.params) k ORDER BY 1;
SELECT throws_ok(format('SELECT pg_temp.agree(%L, %L)', s.method,
                        s.params || jsonb_build_object(k.key, pg_temp.wrong_type(k.value))),
                 '22023', NULL, format('%s: "%s" of the wrong type is refused', s.method, k.key))
FROM samples s JOIN ecocomp.method r USING (method), jsonb_each(s.params) k ORDER BY 1;

-- 3. settle() on a period without data, twice
DO $$ BEGIN PERFORM pg_temp.agree(s.method, s.params) FROM samples s JOIN ecocomp.method r USING (method); END $$;
CREATE TEMP TABLE first_run AS SELECT 0::bigint AS n;
UPDATE first_run SET n = ecocomp.settle('[2030-01-01,2031-01-01)', ARRAY(SELECT 'mc-' || method FROM samples));
SELECT is((SELECT count(*) FROM ecocomp.settlement_issue i WHERE i.agreement_id = 'mc-' || s.method AND i.issue LIKE 'not settled:%'),
          0::bigint, format('%s: settle() on a period without data does not fail', s.method))
FROM samples s JOIN ecocomp.method r USING (method) ORDER BY 1;
CREATE TEMP TABLE first_obligations AS
    SELECT agreement_id, period, payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id LIKE 'mc-%';
CREATE TEMP TABLE first_issues AS
    SELECT agreement_id, period, issue FROM ecocomp.settlement_issue WHERE agreement_id LIKE 'mc-%';
SELECT is(ecocomp.settle('[2030-01-01,2031-01-01)', ARRAY(SELECT 'mc-' || method FROM samples)),
          (SELECT n FROM first_run), 'settling again writes as many obligations');
SELECT set_eq(format('SELECT period, payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id = %L', 'mc-' || s.method),
              format('SELECT period, payer_code, payee_code, amount FROM first_obligations WHERE agreement_id = %L', 'mc-' || s.method),
              format('%s: settling twice gives the same obligations', s.method))
FROM samples s JOIN ecocomp.method r USING (method) ORDER BY 1;
SELECT bag_eq(format('SELECT period, issue FROM ecocomp.settlement_issue WHERE agreement_id = %L', 'mc-' || s.method),
              format('SELECT period, issue FROM first_issues WHERE agreement_id = %L', 'mc-' || s.method),
              format('%s: settling twice gives the same issues', s.method))
FROM samples s JOIN ecocomp.method r USING (method) ORDER BY 1;

SELECT * FROM finish();
ROLLBACK;

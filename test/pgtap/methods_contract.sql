-- The contract every registered method keeps, checked for each row of
-- ecocomp.method (in the manner of pgRouting's no_crash_test): valid params
-- are accepted; an unknown key, any key set to JSON null and any key given
-- a value of the wrong JSON type are refused with 22023; settle() on a
-- period without data neither fails nor reports the agreement as not
-- computable; settling twice gives the same obligations and issues.  A new
-- method is checked as soon as it is registered: it needs a line in
-- `samples` below (valid params between the fixture's parties), or the
-- first assertion about it fails.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset pager off
\pset tuples_only on
BEGIN;
SELECT * FROM no_plan();
SET LOCAL client_min_messages = warning;

-- Parties: mc_u upstream of mc_d at section mc_s; mc_a, mc_b, mc_c for the
-- methods that settle among listed parties (mc_p pays a fund out).
INSERT INTO ecocomp.jurisdiction (code, name) VALUES ('mc_u', 'upstream'), ('mc_d', 'downstream'),
    ('mc_a', 'A'), ('mc_b', 'B'), ('mc_c', 'C'), ('mc_p', 'fund');
INSERT INTO ecocomp.section (code, target_class) VALUES ('mc_s', 'III'), ('mc_ctrl', 'III');

CREATE TEMP TABLE samples (method text PRIMARY KEY, params jsonb NOT NULL);
INSERT INTO samples VALUES
    ('index_ratio', '{"indicators": ["CODMn"], "weights": [1], "k0": 1, "baseline": {"CODMn": 4}, "amount": 1000}'),
    ('class_target', '{"period_unit": "year", "amounts_by_class": {"I..III": 100, "IV..inferior_V": -100}}'),
    ('compliance_rate', '{"target_class": "III", "threshold": 0.75, "amount_met": 100, "amount_missed": 50}'),
    ('flux_exceedance', '{"targets": {"CODMn": 6.0}, "rates": {"CODMn": 15000}}'),
    ('tiered_exceedance', '{"targets": {"COD": 40}, "period_unit": "month", "bands": [{"min": 0.1, "max": 0.5, "amount": 100000}]}'),
    ('linear', '{"targets": {"COD": 30}, "coefficients": {"COD": 20000}, "period_unit": "quarter"}'),
    ('relative_change', '{"indicators": ["COD"], "compare_to": "control_section", "control_section": "mc_ctrl", "per_point": 1000}'),
    ('pool', '{"total": 300, "contributions": [1, 1, 1], "allocations": [1, 1, 1],
               "sections": [{"code": "mc_s", "responsible": "mc_a", "target_class": "III", "deduction_to": {"mc_b": 1}}]}'),
    ('factor_allocation', '{"payer": "mc_p", "budget": 100, "factors": [{"name": "equal", "weight": 1, "values": {"mc_a": 1, "mc_b": 1, "mc_c": 2}}]}'),
    ('transfer_fee', '{"rates": {"HW08": 150, "*": 100}, "disposal_factors": {"landfill": 1.5}}'),
    ('protected_area', '{"payers": {"mc_p": 1}, "budget": 1000}'),
    ('air_quality', '{"indicators": {"PM2.5": 0.75, "PM10": 0.25}, "compare_to": "peer_mean", "period_unit": "quarter",
                      "rate": 100000, "coefficients": {"mc_a": 1.5}, "good_day_rate": 1000, "cap": 1000000,
                      "counterparty": "mc_p"}');

-- An agreement of method m with params p between the fixture's parties.
CREATE FUNCTION pg_temp.agree(m text, p jsonb) RETURNS void LANGUAGE sql AS $$
    INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code,
                                   parties, section_codes, params, valid)
    SELECT 'mc-' || m, 'contract of ' || m, m,
           CASE WHEN r.parties = 'upstream_downstream' THEN 'mc_u' END,
           CASE WHEN r.parties = 'upstream_downstream' THEN 'mc_d' END,
           CASE WHEN r.parties = 'parties' THEN '{mc_a,mc_b,mc_c}'::text[] END,
           CASE WHEN r.parties = 'upstream_downstream' THEN '{mc_s}'::text[] END,
           p, '[2029-01-01,2032-01-01)'
    FROM ecocomp.method r WHERE r.method = m
$$;
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

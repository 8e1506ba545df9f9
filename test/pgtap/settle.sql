-- settle() over agreements it cannot all compute, fixed-amount methods over
-- parts of a year, and params validation that refuses what cannot be
-- computed: every assertion of parts 1 to 3 failed on 0.1.0 (a crash, an
-- aborted settlement, a double payment or an accepted agreement).  Part 4:
-- an invalid method line; part 5: the errors of settle() and
-- explain_obligation().
\ir fixtures/begin.sql
SELECT plan(23);
\ir fixtures/findings.sql

CALL pg_temp.findings_parties('st');

-- 1. Validation: no JSON null where a value is required, no number a kernel
-- cannot compute with.
SELECT pg_temp.agreement_refused('st', id, method, params::jsonb, message, description)
  FROM (VALUES
    (1, 'st-null', 'relative_change', '{"indicators": ["CODMn"], "compare_to": "previous_period", "per_point": null}',
        'relative_change parameter "per_point" is null', '"per_point": null is refused (0.1.0 accepted it and settle() crashed)'),
    (2, 'st-w', 'index_ratio', '{"indicators": ["CODMn", "NH3-N"], "weights": [1e-400, 1], "k0": 1, "baseline": {"CODMn": 4, "NH3-N": 0.5}, "amount": 1}',
        'index_ratio parameter "weights" is out of range', 'a weight of 1e-400 is refused'),
    (3, 'st-r', 'flux_exceedance', '{"targets": {"CODMn": 6}, "rates": {"CODMn": 1e16}}',
        'flux_exceedance parameter "rates" is out of range', 'a rate of 1e16 yuan per tonne is refused'),
    (4, 'st-k', 'index_ratio', '{"indicators": ["CODMn"], "weights": [1], "k0": 1e300, "baseline": {"CODMn": 4}, "amount": 1}',
        'index_ratio parameter "k0" is out of range', 'k0 of 1e300 is refused'),
    (5, 'st-m', 'no_such_method', '{}',
        'agreement method is unknown', 'a method not in the registry is refused')
  ) AS bad(ord, id, method, params, message, description)
 ORDER BY ord;

-- 2. One agreement that cannot be computed does not stop the others.  The
-- bad one is stored as 0.1.0 let it be (validation bypassed, as in a
-- database upgraded from 0.1.0): relative_change with per_point null and no
-- bands, which crashed the server in 0.1.0's settle().
CALL pg_temp.budget('st');
CALL pg_temp.stored_unvalidated('st', 'st-bad', 'relative_change',
                                '{"indicators": ["CODMn"], "compare_to": "previous_period", "per_point": null}');
SELECT is(ecocomp.settle('[2022-01-01,2023-01-01)', '{st-good,st-bad}'), 2::bigint,
          'settle() writes the two obligations of the good agreement (100 split 1:3 = 25 + 75)');
SELECT set_eq($$SELECT payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'st-good'$$,
              $$VALUES ('st_a', 25.00), ('st_b', 75.00)$$, 'the good agreement is settled');
SELECT is((SELECT count(*) FROM ecocomp.obligation WHERE agreement_id = 'st-bad'), 0::bigint, 'the bad one writes nothing');
SELECT is((SELECT i.basis ->> 'sqlstate' FROM ecocomp.settlement_issue i WHERE i.agreement_id = 'st-bad'), '22004',
          'the bad one is reported in settlement_issue with its SQLSTATE');
SELECT ok((SELECT i.issue LIKE 'not settled: %band_min must not be NULL%' FROM ecocomp.settlement_issue i WHERE i.agreement_id = 'st-bad'),
          'and with the reason');
SELECT is(ecocomp.settle('[2022-01-01,2023-01-01)', '{st-good,st-bad}'), 2::bigint, 'a re-run gives the same count');
SELECT is((SELECT count(*) FROM ecocomp.settlement_issue i WHERE i.agreement_id = 'st-bad'), 1::bigint,
          'and replaces the issue instead of adding one');
DELETE FROM ecocomp.settlement_issue WHERE agreement_id LIKE 'st-%';
DELETE FROM ecocomp.obligation WHERE agreement_id LIKE 'st-%';
DELETE FROM ecocomp.agreement WHERE agreement_id IN ('st-bad', 'st-good');

-- 3. Fixed yearly amounts over parts of a year: only whole calendar years
-- are settled (0.1.0 paid the full yearly amount for each part: two
-- half-years paid twice).  index_ratio: CODMn 4.0 against a baseline of
-- 4.0, k0 1 → P = 1 ≤ 1 → D pays U 1000.00 once for 2022.
-- compliance_rate: NH3-N 0.5 (Class II) every month of 2022 → 12/12 ≥ 0.5 → D pays U 100.00.
CALL pg_temp.yearly_amounts('st');
SELECT is(ecocomp.settle('[2022-01-01,2022-07-01)', '{st-ir,st-cr}'), 0::bigint, 'the first half of 2022 pays nothing');
SELECT is(ecocomp.settle('[2022-07-01,2023-01-01)', '{st-ir,st-cr}'), 0::bigint, 'nor the second half');
SELECT is((SELECT count(*) FROM ecocomp.settlement_issue
           WHERE agreement_id IN ('st-ir', 'st-cr') AND issue LIKE 'the amount is per year and % is only part of one; that part is not settled'),
          4::bigint, 'each half of each agreement is reported as part of a year');
SELECT is(ecocomp.settle('[2022-01-01,2023-01-01)', '{st-ir,st-cr}'), 2::bigint, 'the whole year settles');
SELECT set_eq($$SELECT agreement_id, payer_code, amount FROM ecocomp.obligation WHERE agreement_id IN ('st-ir', 'st-cr')$$,
              $$VALUES ('st-ir', 'st_d', 1000.00), ('st-cr', 'st_d', 100.00)$$, 'each yearly amount once');
SELECT is((SELECT count(*) FROM ecocomp.settlement_issue WHERE agreement_id IN ('st-ir', 'st-cr')), 0::bigint,
          'no issue is left for the whole year');

-- 4. A method line that is neither a payment nor empty breaks the rule of
-- every obligation: check_violation, which settle() reports per agreement.
SELECT throws_ok($$SELECT ecocomp._settle_line_error('st-x', 'st_d', NULL, 5)$$, '23514',
                 'a compensation method returned an invalid settlement line', 'an invalid line is 23514, not XX000');

-- 5. settle() and explain_obligation() errors
SELECT throws_ok($$SELECT ecocomp.settle('[2022-01-01,)')$$, '22023',
    'settlement period must be a bounded, non-empty date range', 'unbounded period');
SELECT throws_ok($$SELECT ecocomp.settle('[2022-01-01,2023-01-01)', '{nope}')$$, '22023',
    'settle was given an unknown agreement', 'unknown agreement');
SELECT throws_ok($$SELECT ecocomp.explain_obligation(-1)$$, 'P0002', 'obligation not found', 'unknown obligation');
SELECT throws_ok($$SELECT ecocomp.explain_obligation((SELECT min(obligation_id) FROM ecocomp.obligation), 'fr')$$,
    '22023', 'unsupported language "fr"', 'unknown language');

SELECT * FROM finish();
ROLLBACK;

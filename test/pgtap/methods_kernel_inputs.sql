-- The internal kernels of the methods called directly, as a role allowed to
-- run them could: NULL arguments and NULL elements are errors (22004), never
-- a NULL dereference; sizes given as products are checked in 64 bits; user
-- sizes are bounded (54000); statuses map to specific SQLSTATEs and messages.
-- Each of these crashed the server, read outside an array, or answered
-- XX000 / a misleading message in 0.1.0.
\ir fixtures/begin.sql
SELECT plan(19);

-- NULL arrays (0.1.0: SIGSEGV in the four non-strict kernels)
SELECT throws_ok($$SELECT ecocomp._linear_kernel(NULL, '{1}', '{100}', NULL)$$,
                 '22004', '_linear_kernel: means must not be NULL', 'linear: NULL means');
SELECT throws_ok($$SELECT ecocomp._relative_change_kernel('{1}', '{1}', NULL, NULL, NULL, NULL, NULL, 100, NULL)$$,
                 '22004', '_relative_change_kernel: band_min must not be NULL', 'relative_change: NULL band arrays');
SELECT throws_ok($$SELECT ecocomp._tiered_exceedance_kernel('{1}', '{1}', NULL, '{}', '{}', '{}', '{}', '{}', '{}', 1, NULL, NULL)$$,
                 '22004', '_tiered_exceedance_kernel: targets must not be NULL', 'tiered_exceedance: NULL targets');
SELECT throws_ok($$SELECT ecocomp._compliance_rate_kernel(NULL, '{1}', '{1}', NULL, 0.5, 100, 100)$$,
                 '22004', '_compliance_rate_kernel: months_met must not be NULL', 'compliance_rate: NULL counts');
SELECT throws_ok($$SELECT ecocomp._compliance_rate_kernel('{1}', '{1}', '{1}', NULL, NULL, 100, 100)$$,
                 '22004', '_compliance_rate_kernel: threshold must not be NULL', 'compliance_rate: NULL threshold');
SELECT throws_ok($$SELECT ecocomp._class_target_kernel(NULL, '{1,1,1,1,1,1}', NULL)$$,
                 '22004', '_class_target_kernel: classes must not be NULL', 'class_target: NULL classes');
-- NULL elements
SELECT throws_ok($$SELECT ecocomp._linear_kernel('{1,NULL}', '{1,1}', '{100,100}', NULL)$$,
                 '22004', 'means must not contain NULL', 'linear: a NULL mean');
SELECT throws_ok($$SELECT ecocomp._compliance_rate_kernel('{NULL}', '{1}', '{1}', NULL, 0.5, 100, 100)$$,
                 '22004', 'months_met must not contain NULL', 'compliance_rate: a NULL month count (0.1.0 read it as 0)');
SELECT throws_ok($$SELECT ecocomp._index_ratio_kernel('{1}', '{1}', '{NULL}', 1, 1, true, 100, 100)$$,
                 '22004', 'weights must not contain NULL', 'index_ratio: a NULL weight');

-- 65536 × 65536 wraps to 0 in 32 bits (0.1.0: passed the length check and
-- read far outside the array)
SELECT throws_ok($$SELECT ecocomp._pool_kernel(100, array_fill(1::float8, ARRAY[65536]), array_fill(1::float8, ARRAY[65536]),
                                                array_fill(1, ARRAY[65536]), array_fill(false, ARRAY[65536]), '{}')$$,
                 '54000', 'deduction_to and sections × parties describe too many items', 'pool: sections × parties overflow');
SELECT throws_ok($$SELECT ecocomp._factor_allocation_kernel(100, array_fill(1::float8, ARRAY[65536]), '{}', 65536)$$,
                 '54000', 'values and factors × parties describe too many items', 'factor_allocation: factors × parties overflow');
-- 0.1.0 read past the values: 2 factors × 2 parties with 2 values
SELECT throws_ok($$SELECT ecocomp._factor_allocation_kernel(100, '{1,1}', '{1,1}', 2)$$,
                 '2202E', 'values and factors × parties differ in length', 'factor_allocation: too few values');
SELECT throws_ok($$SELECT ecocomp._factor_allocation_kernel(100, '{1}', '{1}', -1)$$,
                 '22023', 'nparties is out of range', 'factor_allocation: negative party count');
-- a user-controlled group count (0.1.0: allocated and looped over 2^31 groups)
SELECT throws_ok($$SELECT ecocomp._tiered_exceedance_kernel('{1}', '{1}', '{1}', '{}', '{}', '{}', '{}', '{}', '{}', 2147483647, NULL, NULL)$$,
                 '54000', 'ngroups is out of range', 'tiered_exceedance: huge group count');
SELECT throws_ok($$SELECT ecocomp._bands_check('m', 'bands', array_fill(NULL::float8, ARRAY[1001]), array_fill(NULL::float8, ARRAY[1001]),
                                                array_fill(false, ARRAY[1001]), array_fill(true, ARRAY[1001]))$$,
                 '54000', 'too many bands', 'bands: pairwise checks are bounded');

-- Messages name what overflowed (0.1.0: "an amount exceeds numeric(20,2)"
-- for the index, "a concentration" for factor values)
SELECT throws_ok($$SELECT ecocomp.p_index('{1e300}', '{1e-300}', '{1}', 1)$$,
                 '22003', 'the index of p_index is out of range', 'p_index overflow is an index, not an amount');
SELECT throws_ok($$SELECT ecocomp._factor_allocation_kernel(100, '{1}', '{-1,1}', 2)$$,
                 '22023', 'factor_allocation factor values must be finite and non-negative', 'factor values are not concentrations');
-- kernel statuses of reachable input are never XX000
SELECT throws_ok($$SELECT ecocomp._linear_kernel('{1e300}', '{1e-300}', '{9000000000000000}', NULL)$$,
                 '22003', 'linear amount is out of range', 'linear overflow: 22003');
SELECT throws_ok($$SELECT ecocomp._class_target_kernel('{1}', '{1,1,1,1,1,1}', -1)$$,
                 '22023', 'class_target has an amount out of range', 'class_target negative cap: 22023');

SELECT * FROM finish();
ROLLBACK;

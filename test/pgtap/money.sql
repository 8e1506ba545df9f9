-- allocate() and p_index(): exact sums and the documented errors (docs/money.md).
\ir fixtures/begin.sql
SELECT plan(30);

SELECT is(ecocomp.allocate(100000000, '{1,1,1}'),
          '{33333333.34,33333333.33,33333333.33}'::numeric[], '1 亿 three ways');
SELECT is((SELECT sum(x) FROM unnest(ecocomp.allocate(0.01, array_fill(1::float8, ARRAY[11]))) x),
          0.01, '0.01 eleven ways sums back');
SELECT is((ecocomp.allocate(0.01, array_fill(1::float8, ARRAY[11])))[1], 0.01, 'the fen goes to the first part');
SELECT is(ecocomp.allocate(5, '{1,1}'), '{2.50,2.50}'::numeric[], 'an even split');
SELECT is(ecocomp.allocate(0.05, '{1,1}'), '{0.03,0.02}'::numeric[], 'an odd fen to the first of equal remainders');
SELECT is(ecocomp.allocate(0.10, '{1,0,2}'), '{0.03,0.00,0.07}'::numeric[], 'zero weight gets nothing; 3.33 + 6.67 fen -> 3 + 7');
SELECT is(ecocomp.allocate(0, '{1,2}'), '{0.00,0.00}'::numeric[], 'zero total');
SELECT is(ecocomp.allocate(-0.05, '{1,1}'), '{-0.03,-0.02}'::numeric[], 'negative totals mirror');
SELECT is(ecocomp.allocate(9999999999999999.99, '{1,2}'),
          '{3333333333333333.33,6666666666666666.66}'::numeric[], 'the largest numeric(20,2) total');
SELECT is((SELECT count(*) FROM generate_series(1, 200) t
           WHERE (SELECT sum(x) FROM unnest(ecocomp.allocate(t * 0.37, '{0.3,0.3,0.3,0.1,1e-9}')) x) <> t * 0.37),
          0::bigint, 'awkward totals with awkward weights always sum back');
SELECT is(ecocomp.allocate(NULL, '{1}'), NULL, 'strict: NULL total');

SELECT throws_ok($$SELECT ecocomp.allocate(1.005, '{1}')$$, '22023', 'total is not a whole number of fen', 'sub-fen total');
SELECT throws_ok($$SELECT ecocomp.allocate('NaN', '{1}')$$, '22023', 'total must be a finite amount', 'NaN total');
SELECT throws_ok($$SELECT ecocomp.allocate('Infinity', '{1}')$$, '22023', 'total must be a finite amount', 'infinite total');
SELECT throws_ok($$SELECT ecocomp.allocate(1e16, '{1}')$$, '22003', 'total is out of range', 'total too large');
SELECT throws_ok($$SELECT ecocomp.allocate(1, '{1,-1}')$$, '22023', 'weights must be finite and non-negative', 'negative weight');
SELECT throws_ok($$SELECT ecocomp.allocate(1, '{1,NaN}')$$, '22023', 'weights must be finite and non-negative', 'NaN weight');
SELECT throws_ok($$SELECT ecocomp.allocate(1, '{0,0}')$$, '22023', 'weights must not all be zero', 'all-zero weights');
SELECT throws_ok($$SELECT ecocomp.allocate(1, '{}')$$, '22023', 'weights must not be empty', 'no weights');
SELECT throws_ok($$SELECT ecocomp.allocate(1, '{1,NULL}')$$, '22004', 'weights must not contain NULL', 'NULL weight');
SELECT throws_ok($$SELECT ecocomp.allocate(1, '{{1,2},{3,4}}')$$, '2202E', 'weights must be a one-dimensional array', '2-D weights');

SELECT is(ecocomp.p_index('{3.0,0.3,1.2,0.04}', '{3.0,0.3,1.5,0.05}', '{0.25,0.25,0.25,0.25}', 0.85)::numeric(10,9),
          0.765::numeric(10,9), 'Xin''an-style P = 0.765');
SELECT is(ecocomp.p_index('{2}', '{2}', '{1}', 1), 1::float8, 'P exactly 1');
SELECT throws_ok($$SELECT ecocomp.p_index('{1,2}', '{1}', '{1,1}', 1)$$, '2202E',
                 'means, baselines and weights differ in length', 'length mismatch');
SELECT throws_ok($$SELECT ecocomp.p_index('{1}', '{0}', '{1}', 1)$$, '22023', 'baselines must be positive', 'zero baseline');
SELECT throws_ok($$SELECT ecocomp.p_index('{1}', '{-2}', '{1}', 1)$$, '22023', 'baselines must be positive', 'negative baseline');
SELECT throws_ok($$SELECT ecocomp.p_index('{1,NULL}', '{1,1}', '{1,1}', 1)$$, '22004', 'means must not contain NULL', 'NULL mean');
SELECT throws_ok($$SELECT ecocomp.p_index('{-1}', '{1}', '{1}', 1)$$, '22023', 'means must be finite and non-negative', 'negative mean');
SELECT throws_ok($$SELECT ecocomp.p_index('{1}', '{1}', '{1}', 0)$$, '22023', 'k0 must be a positive finite number', 'zero k0');
SELECT throws_ok($$SELECT ecocomp.p_index('{}', '{}', '{}', 1)$$, '22023', 'p_index needs at least one indicator', 'empty arrays');

SELECT * FROM finish();
ROLLBACK;

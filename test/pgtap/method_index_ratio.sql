-- index_ratio: invalid params (SQLSTATE 22023 naming the key), P exactly
-- at the threshold with both comparisons, settle() re-runs and updated
-- params.  Amounts are hand-computed.
\ir fixtures/begin.sql
SELECT plan(25);
\ir fixtures/method.sql
INSERT INTO good VALUES ('index_ratio', '{"indicators": ["CODMn", "NH3-N"], "weights": [0.5, 0.5], "k0": 1,
    "baseline": {"CODMn": 4.0, "NH3-N": 0.5}, "amount": 1000}');

-- 1. params
SELECT pg_temp.good_params_accepted('index_ratio');
SELECT pg_temp.try_refused('index_ratio', patch::jsonb, message, description, drop::text[])
  FROM (VALUES
    (1, '{"weights": [0.5, 0.3, 0.2]}', '{}',
        'index_ratio parameter "weights" does not match indicators', 'weights must match indicators'),
    (2, '{}', '{k0}',
        'index_ratio parameter "k0" is missing', 'k0 is required'),
    (3, '{"k00": 1}', '{}',
        'index_ratio parameter "k00" is unknown', 'a typo is an error'),
    (4, '{"k0": "0.85"}', '{}',
        'index_ratio parameter "k0" must be a number', 'k0 must be a number'),
    (5, '{"amount": -1000}', '{}',
        'index_ratio parameter "amount" is out of range', 'negative amount'),
    (6, '{"amount_if_worse": 10.001}', '{}',
        'index_ratio parameter "amount_if_worse" is not an amount of money', 'amount below the fen'),
    (7, '{"baseline_period": "[2008-01-01,2011-01-01)"}', '{}',
        'index_ratio parameter "baseline" conflicts with baseline_period', 'baseline and baseline_period'),
    (8, '{}', '{baseline}',
        'index_ratio parameter "baseline" is missing', 'no baseline at all'),
    (9, '{"baseline": {"CODMn": 4.0}}', '{}',
        'index_ratio parameter "baseline" misses an indicator', 'a baseline per indicator'),
    (10, '{"baseline": {"CODMn": 4.0, "NH3-N": 0}}', '{}',
        'index_ratio parameter "baseline" is out of range', 'a zero baseline'),
    (11, '{"baseline_period": "2008-2010"}', '{baseline}',
        'index_ratio parameter "baseline_period" is not a date range', 'baseline_period must be a range'),
    (12, '{"inclusive": "yes"}', '{}',
        'index_ratio parameter "inclusive" must be true or false', 'inclusive is a boolean'),
    (13, '{"indicators": ["CODMn", "NH3N"]}', '{}',
        'index_ratio parameter "indicators" names an unknown parameter', 'unknown indicator')
  ) AS bad(ord, patch, drop, message, description)
 ORDER BY ord;

-- 2. boundaries, settled
-- index_ratio: CODMn 4.0 and NH3-N 0.5 equal their baselines; k0 1 →
-- P = 0.5 × 1 + 0.5 × 1 = 1 exactly.  Inclusive: D pays U 1000.00; strict:
-- U pays D 800.00 (amount_if_worse).  k0 0.9 with threshold 0.9: P = 0.9,
-- on the threshold again → D pays U.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value) VALUES
    ('S', 'CODMn', '2022-05-01 10:00+08', 4.0), ('S', 'NH3-N', '2022-05-01 10:00+08', 0.5);
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
SELECT id, id, 'index_ratio', 'U', 'D', '{S}', g.params || patch, '[2022-01-01,2023-01-01)'
FROM good g, (VALUES ('ir-incl', '{"inclusive": true, "amount_if_worse": 800}'::jsonb),
                     ('ir-strict', '{"inclusive": false, "amount_if_worse": 800}'),
                     ('ir-09', '{"k0": 0.9, "threshold": 0.9}')) x (id, patch)
WHERE g.method = 'index_ratio';
SELECT is((SELECT (l.payer_code, l.payee_code, l.amount)::text FROM ecocomp.agreement a,
                  ecocomp._settle_index_ratio(a, '[2022-01-01,2023-01-01)') l WHERE a.agreement_id = 'ir-incl'),
          '(D,U,1000.00)', 'a method runs outside settle() too (no assessment cache in the session yet)');
SELECT is(ecocomp.settle('[2022-01-01,2023-01-01)', '{ir-incl,ir-strict,ir-09}'), 3::bigint, 'three index_ratio obligations');
SELECT is((SELECT (payer_code, payee_code, amount)::text FROM ecocomp.obligation WHERE agreement_id = 'ir-incl'),
          '(D,U,1000.00)', 'P = 1, inclusive: downstream pays');
SELECT is((SELECT (payer_code, payee_code, amount)::text FROM ecocomp.obligation WHERE agreement_id = 'ir-strict'),
          '(U,D,800.00)', 'P = 1, strict: upstream pays amount_if_worse');
SELECT is((SELECT (basis ->> 'at_threshold')::boolean FROM ecocomp.obligation WHERE agreement_id = 'ir-strict'),
          true, 'the basis records that P was on the threshold');
SELECT is((SELECT (payer_code, payee_code, amount)::text FROM ecocomp.obligation WHERE agreement_id = 'ir-09'),
          '(D,U,1000.00)', 'P = 0.9 = threshold 0.9, inclusive by default');

-- settle() is idempotent and replaces only what it settles.
SELECT is(ecocomp.settle('[2022-01-01,2023-01-01)', '{ir-incl,ir-strict}'), 2::bigint, 'settle again');
SELECT is((SELECT count(*) FROM ecocomp.obligation), 3::bigint, 'no duplicates after a re-run');
-- A later change of params is validated too, and the re-run uses it.
SELECT throws_ok($$UPDATE ecocomp.agreement SET params = params - 'k0' WHERE agreement_id = 'ir-incl'$$, '22023',
    'index_ratio parameter "k0" is missing', 'updates are validated');
UPDATE ecocomp.agreement SET params = params || '{"amount": 1234.56}' WHERE agreement_id = 'ir-incl';
SELECT is(ecocomp.settle('[2022-01-01,2023-01-01)', '{ir-incl}'), 1::bigint, 'settle after the update');
SELECT is((SELECT amount FROM ecocomp.obligation WHERE agreement_id = 'ir-incl'), 1234.56, 're-run replaces the amount');

SELECT * FROM finish();
ROLLBACK;

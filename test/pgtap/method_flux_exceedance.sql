-- flux_exceedance: invalid params (SQLSTATE 22023 naming the key), two-way
-- and one-way flux, a concentration exactly on its target.  Amounts are
-- hand-computed.
\ir fixtures/begin.sql
SELECT plan(12);
\ir fixtures/method.sql
INSERT INTO good VALUES ('flux_exceedance', '{"targets": {"CODMn": 6.0}, "rates": {"CODMn": 15000}}');
INSERT INTO ecocomp.jurisdiction (code, name) VALUES ('U1', 'upstream county 1'), ('U2', 'upstream county 2');
INSERT INTO ecocomp.section (code, target_class) VALUES ('F', 'III');

-- 1. params
SELECT pg_temp.good_params_accepted('flux_exceedance');
SELECT pg_temp.try_refused('flux_exceedance', patch::jsonb, message, description, drop::text[])
  FROM (VALUES
    (1, '{"rates": {"CODMn": -15000}}', '{}',
        'flux_exceedance parameter "rates" is out of range', 'negative rate'),
    (2, '{"rates": {"TP": 15000}}', '{}',
        'flux_exceedance parameter "rates" does not match targets', 'a rate per target'),
    (3, '{"targets": {"pH": 6}, "rates": {"pH": 1}}', '{}',
        'flux_exceedance parameter "targets" names a parameter that is not a concentration', 'pH has no load'),
    (4, '{"two_way": "no"}', '{}',
        'flux_exceedance parameter "two_way" must be true or false', 'two_way is a boolean'),
    (5, '{"payer_shares": {"U1": 0.5, "U2": 0.4}}', '{}',
        'flux_exceedance parameter "payer_shares" does not add up to 1', 'payer shares add up to 1'),
    (6, '{"payer_shares": {"U1": 0.5, "XX": 0.5}}', '{}',
        'flux_exceedance parameter "payer_shares" names an unknown jurisdiction', 'payers are jurisdictions'),
    (7, '{"payer_shares": {"U1": {"TP": 1}}}', '{}',
        'flux_exceedance parameter "payer_shares" names a factor that is not in targets', 'shares of known factors')
  ) AS bad(ord, patch, drop, message, description)
 ORDER BY ord;

-- 2. boundaries, settled
-- flux_exceedance two-way: June 2022 (30 days) at 10 m³/s = 25 920 000 m³;
-- CODMn 5.0 against 6.0: 25.92 t below × 15 000 = D pays U 388 800.00; one
-- way only: nothing to pay.  NH3-N exactly on its target pays nothing.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value) VALUES
    ('F', 'flow', '2022-06-01 00:00+08', 10), ('F', 'flow', '2022-06-30 23:00+08', 10),
    ('F', 'CODMn', '2022-06-10 10:00+08', 5.0), ('F', 'NH3-N', '2022-06-10 10:00+08', 1.0);
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid) VALUES
    ('fx-two', 'two way', 'flux_exceedance', 'U', 'D', '{F}',
     '{"targets": {"CODMn": 6.0, "NH3-N": 1.0}, "rates": {"CODMn": 15000, "NH3-N": 100000}, "two_way": true}',
     '[2022-01-01,2023-01-01)'),
    ('fx-one', 'one way', 'flux_exceedance', 'U', 'D', '{F}',
     '{"targets": {"CODMn": 6.0, "NH3-N": 1.0}, "rates": {"CODMn": 15000, "NH3-N": 100000}}',
     '[2022-01-01,2023-01-01)');
SELECT is(ecocomp.settle('[2022-06-01,2022-07-01)', '{fx-two,fx-one}'), 1::bigint, 'one flux obligation');
SELECT is((SELECT (payer_code, payee_code, amount)::text FROM ecocomp.obligation WHERE agreement_id = 'fx-two'),
          '(D,U,388800.00)', 'two-way reward below the target');
SELECT is((SELECT count(*) FROM ecocomp.obligation WHERE agreement_id = 'fx-one'), 0::bigint, 'one way: nothing below the target');
SELECT is((SELECT count(*) FROM ecocomp.settlement_issue WHERE agreement_id LIKE 'fx-%'), 0::bigint, 'complete data: no issue');

SELECT * FROM finish();
ROLLBACK;

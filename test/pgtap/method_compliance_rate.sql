-- compliance_rate: invalid params (SQLSTATE 22023 naming the key), a rate
-- exactly on the threshold, inflow shares, years without data.  Amounts are
-- hand-computed.
\ir fixtures/begin.sql
SELECT plan(14);
\ir fixtures/method.sql
INSERT INTO good VALUES ('compliance_rate', '{"target_class": "III", "threshold": 0.75, "amount_met": 100, "amount_missed": 50}');
INSERT INTO ecocomp.section (code, target_class) VALUES ('S4', 'III'), ('T1', 'III'), ('T2', 'III');

-- 1. params
SELECT pg_temp.good_params_accepted('compliance_rate');
SELECT pg_temp.try_refused('compliance_rate', patch::jsonb, message, description, drop::text[])
  FROM (VALUES
    (1, '{"threshold": 1.2}', '{}',
        'compliance_rate parameter "threshold" is out of range', 'threshold above 1'),
    (2, '{"target_class": "Ⅲ"}', '{}',
        'compliance_rate parameter "target_class" is not a water quality class', 'unknown class spelling'),
    (3, '{}', '{amount_missed}',
        'compliance_rate parameter "amount_missed" is missing', 'amount_missed is required'),
    (4, '{"inflow_shares": {"S": 0.9}}', '{}',
        'compliance_rate parameter "inflow_shares" does not add up to 1', 'shares add up to 1'),
    (5, '{"inflow_shares": {"S": 0.5, "S9": 0.5}}', '{}',
        'compliance_rate parameter "inflow_shares" does not match section_codes', 'a share per section')
  ) AS bad(ord, patch, drop, message, description)
 ORDER BY ord;

-- 2. boundaries, settled
-- compliance_rate: 9 of 12 months meet Class III (NH3-N 0.8; 1.2 in three
-- months): 9/12 = 0.75 exactly on the threshold 0.75 → D pays U 100.00; with
-- threshold 0.76 → U pays D 50.00.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'S4', 'NH3-N', make_timestamptz(2022, m, 15, 10, 0, 0, 'Asia/Shanghai'), CASE WHEN m <= 3 THEN 1.2 ELSE 0.8 END
FROM generate_series(1, 12) m;
-- Tingjiang: T1 (70 % of the inflow) meets Class III every month, T2 (30 %)
-- only in six: threshold 1 → T1 met, T2 missed: D pays U 100 000 000 × 0.7
-- and U pays D 100 000 000 × 0.3, net D pays U 40 000 000.00.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT s, 'NH3-N', make_timestamptz(2022, m, 15, 10, 0, 0, 'Asia/Shanghai'),
       CASE WHEN s = 'T2' AND m > 6 THEN 1.2 ELSE 0.5 END
FROM generate_series(1, 12) m, unnest('{T1,T2}'::text[]) s;
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid) VALUES
    ('cr-075', 'rate on the threshold', 'compliance_rate', 'U', 'D', '{S4}',
     '{"target_class": "III", "threshold": 0.75, "amount_met": 100, "amount_missed": 50}', '[2022-01-01,2023-01-01)'),
    ('cr-076', 'rate below the threshold', 'compliance_rate', 'U', 'D', '{S4}',
     '{"target_class": "III", "threshold": 0.76, "amount_met": 100, "amount_missed": 50}', '[2022-01-01,2023-01-01)'),
    ('cr-shares', 'Tingjiang inflow shares', 'compliance_rate', 'U', 'D', '{T1,T2}',
     '{"target_class": "III", "threshold": 1, "amount_met": 100000000, "amount_missed": 100000000,
       "inflow_shares": {"T1": 0.7, "T2": 0.3}}', '[2022-01-01,2023-01-01)');
SELECT is(ecocomp.settle('[2022-01-01,2023-01-01)', '{cr-075,cr-076,cr-shares}'), 3::bigint, 'three compliance_rate obligations');
-- Two years settled at once give one judgement per year; 2023 has no data:
-- not judged, nothing paid, reported.
UPDATE ecocomp.agreement SET valid = '[2022-01-01,2024-01-01)' WHERE agreement_id = 'cr-075';
SELECT is(ecocomp.settle('[2022-01-01,2024-01-01)', '{cr-075}'), 1::bigint, 'two years: one obligation (2022)');
SELECT is((SELECT basis ->> 'year' FROM ecocomp.obligation WHERE agreement_id = 'cr-075'), '[2022-01-01,2023-01-01)', 'the judged year');
SELECT is((SELECT issue FROM ecocomp.settlement_issue WHERE agreement_id = 'cr-075'),
          'no month with data in [2023-01-01,2024-01-01) for the sections: not judged, nothing paid for the year (compliance_rate rule)',
          'the year without data is reported');
SELECT is((SELECT (payer_code, payee_code, amount)::text FROM ecocomp.obligation WHERE agreement_id = 'cr-075'),
          '(D,U,100.00)', '9/12 = 0.75 on the threshold: met');
SELECT is((SELECT (payer_code, payee_code, amount)::text FROM ecocomp.obligation WHERE agreement_id = 'cr-076'),
          '(U,D,50.00)', '9/12 below 0.76: missed, amount_missed');
SELECT is((SELECT (payer_code, payee_code, amount)::text FROM ecocomp.obligation WHERE agreement_id = 'cr-shares'),
          '(D,U,40000000.00)', 'inflow shares: 70 000 000 met less 30 000 000 missed');
SELECT is((SELECT (basis -> 'met_part_fen')::bigint FROM ecocomp.obligation WHERE agreement_id = 'cr-shares'),
          7000000000::bigint, 'met part in the basis');

SELECT * FROM finish();
ROLLBACK;

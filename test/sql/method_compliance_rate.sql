-- compliance_rate settled end to end: the Jiuzhou River compliance rate.
-- Every amount is hand-computed in the comments (and in docs/methods/compliance_rate.md).
\i test/sql/fixtures/begin.sql

INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level) VALUES
    ('GX', 'Guangxi', '广西', 'province'), ('GD', 'Guangdong', '广东', 'province');
INSERT INTO ecocomp.section (code, name, name_zh, target_class, upstream_code, downstream_code) VALUES
    ('shanjiao', 'Shanjiao', '山角', 'III', 'GX', 'GD');

----------------------------------------------------------------------------
-- Jiuzhou River (山角), compliance_rate 2019: monthly-mean compliance
-- rate >= 83 % and the annual mean Class III.  NH3-N 0.8 in ten months,
-- 1.2 (IV) in March and August; TP 0.1.  10/12 = 83.3 % >= 83 %, annual
-- NH3-N (10 × 0.8 + 2 × 1.2)/12 = 0.867 (III) → Guangdong pays Guangxi
-- 100 000 000.00.  With the 2020 threshold (100 %) the same year misses:
-- Guangxi pays Guangdong 100 000 000.00.
----------------------------------------------------------------------------
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'shanjiao', 'NH3-N', make_timestamptz(2019, m, 15, 9, 0, 0, 'Asia/Shanghai'),
       CASE WHEN m IN (3, 8) THEN 1.2 ELSE 0.8 END
FROM generate_series(1, 12) m;
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'shanjiao', 'TP', make_timestamptz(2019, m, 15, 9, 0, 0, 'Asia/Shanghai'), 0.1
FROM generate_series(1, 12) m;
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code,
                               section_codes, params, valid) VALUES
    ('jiuzhou-2019', 'Jiuzhou River round 2, 2019 threshold', 'compliance_rate', 'GX', 'GD', '{shanjiao}',
     '{"target_class": "III", "threshold": 0.83, "annual_class": "III", "indicators": ["NH3-N", "TP"],
       "amount_met": 100000000, "amount_missed": 100000000}', '[2019-01-01,2020-01-01)'),
    ('jiuzhou-strict', 'Jiuzhou River, 2020 threshold applied to 2019', 'compliance_rate', 'GX', 'GD', '{shanjiao}',
     '{"target_class": "III", "threshold": 1, "annual_class": "III", "indicators": ["NH3-N", "TP"],
       "amount_met": 100000000, "amount_missed": 100000000}', '[2019-01-01,2020-01-01)');
SELECT ecocomp.settle('[2019-01-01,2020-01-01)', '{jiuzhou-2019,jiuzhou-strict}') AS written;
SELECT agreement_id, payer_code, payee_code, amount,
       basis -> 'items' -> 0 -> 'months_met' AS met, basis -> 'items' -> 0 -> 'months_assessed' AS assessed,
       basis -> 'items' -> 0 ->> 'annual_class' AS annual_class
FROM ecocomp.obligation WHERE agreement_id LIKE 'jiuzhou%' ORDER BY agreement_id;
SELECT ecocomp.explain_obligation(obligation_id, 'zh') FROM ecocomp.obligation WHERE agreement_id = 'jiuzhou-2019';

ROLLBACK;

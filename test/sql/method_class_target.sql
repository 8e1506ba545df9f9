-- class_target settled end to end: a Lushui year month by month.
-- Every amount is hand-computed in the comments (and in docs/methods/class_target.md).
\i test/sql/fixtures/begin.sql

INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level) VALUES
    ('JX', 'Jiangxi', '江西', 'province'), ('HN', 'Hunan', '湖南', 'province');
INSERT INTO ecocomp.section (code, name, name_zh, target_class, upstream_code, downstream_code) VALUES
    ('jinyushi', 'Jinyushi', '金鱼石', 'III', 'JX', 'HN');

----------------------------------------------------------------------------
-- Lushui (金鱼石), class_target month by month in 2020: Class III or
-- better → Hunan pays Jiangxi 1 000 000; worse → Jiangxi pays Hunan
-- 1 000 000; netted over the year (月核算、年清缴).
-- NH3-N by month: 0.5 (II) 1.0 (III, on the edge) 1.2 (IV) 0.8 (III)
-- 0.9 (III) 1.5 (IV, on the edge) 0.3 (II) 0.6 (III) 2.5 (劣V) 0.7 (III)
-- 1.0 (III), December none; TP 0.1 (II) every month.
-- 8 months good, 3 bad, December without NH3-N contributes nothing:
-- net (8 − 3) × 1 000 000 = Hunan pays Jiangxi 5 000 000.00, with an issue.
----------------------------------------------------------------------------
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'jinyushi', 'NH3-N', make_timestamptz(2020, m, 10, 9, 0, 0, 'Asia/Shanghai'), v
FROM (VALUES (1, 0.5), (2, 1.0), (3, 1.2), (4, 0.8), (5, 0.9), (6, 1.5),
             (7, 0.3), (8, 0.6), (9, 2.5), (10, 0.7), (11, 1.0)) x (m, v);
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'jinyushi', 'TP', make_timestamptz(2020, m, 10, 9, 0, 0, 'Asia/Shanghai'), 0.1
FROM generate_series(1, 12) m;
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code,
                               section_codes, params, valid) VALUES
    ('lushui-1', 'Lushui round 1', 'class_target', 'JX', 'HN', '{jinyushi}',
     '{"period_unit": "month", "indicators": ["NH3-N", "TP"],
       "amounts_by_class": {"I..III": 1000000, "IV..inferior_V": -1000000}}',
     '[2019-07-01,2022-07-01)');
SELECT ecocomp.settle('[2020-01-01,2021-01-01)', '{lushui-1}') AS written;
SELECT agreement_id, payer_code, payee_code, amount, basis -> 'uncapped_fen' AS uncapped_fen
FROM ecocomp.obligation WHERE agreement_id = 'lushui-1';
SELECT u ->> 'period' AS month, u ->> 'class' AS class, (u ->> 'amount_fen')::bigint / 100 AS yuan
FROM ecocomp.obligation o, jsonb_array_elements(o.basis -> 'units') u
WHERE o.agreement_id = 'lushui-1' ORDER BY 1;
SELECT issue FROM ecocomp.settlement_issue WHERE agreement_id = 'lushui-1';
SELECT ecocomp.explain_obligation(obligation_id, 'en') FROM ecocomp.obligation WHERE agreement_id = 'lushui-1';

ROLLBACK;

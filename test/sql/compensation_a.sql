-- Compensation methods index_ratio, class_target, compliance_rate and
-- flux_exceedance, settled end to end: Xin'an with a baseline period, a
-- Lushui month-by-month year, Jiuzhou compliance rate and Jiangsu WE-3 with
-- the Zhenjiang county split.  Every amount is hand-computed in the comments
-- (and in docs/methods/*.md).
\pset pager off
-- In a transaction rolled back at the end: tests share one database.
BEGIN;
SET client_min_messages = notice;
SET datestyle = 'ISO, YMD';

INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level) VALUES
    ('AH', 'Anhui', '安徽', 'province'), ('ZJ', 'Zhejiang', '浙江', 'province'),
    ('JX', 'Jiangxi', '江西', 'province'), ('HN', 'Hunan', '湖南', 'province'),
    ('GX', 'Guangxi', '广西', 'province'), ('GD', 'Guangdong', '广东', 'province'),
    ('zhenjiang', 'Zhenjiang', '镇江', 'prefecture'), ('changzhou', 'Changzhou', '常州', 'prefecture'),
    ('danyang', 'Danyang', '丹阳', 'county'), ('dantu', 'Dantu', '丹徒', 'county');
INSERT INTO ecocomp.section (code, name, name_zh, target_class, upstream_code, downstream_code) VALUES
    ('jiekou', 'Jiekou', '街口', 'III', 'AH', 'ZJ'),
    ('jinyushi', 'Jinyushi', '金鱼石', 'III', 'JX', 'HN'),
    ('shanjiao', 'Shanjiao', '山角', 'III', 'GX', 'GD'),
    ('jiuli', 'Jiuli', '九里', 'III', 'zhenjiang', 'changzhou');

----------------------------------------------------------------------------
-- 1. Xin'an River, index_ratio with a baseline period.
-- Baseline 2008-2010, one joint sample a year: CODMn 2.0 2.2 2.4 (mean 2.2),
-- NH3-N 0.10 0.12 0.14 (0.12), TN 1.0 1.1 1.2 (1.1), TP 0.020 0.025 0.030 (0.025).
-- 2012, four samples: CODMn mean 2.0, NH3-N 0.10, TN 1.1, TP 0.025.
-- P = 0.85 × 0.25 × (2.0/2.2 + 0.10/0.12 + 1.1/1.1 + 0.025/0.025)
--   = 0.2125 × (0.909091 + 0.833333 + 1 + 1) = 0.2125 × 3.742424 = 0.795265 ≤ 1
-- → Zhejiang pays Anhui 100 000 000.00.
-- 2013: every mean 1.3 × its baseline: P = 0.85 × 1.3 = 1.105 > 1 → Anhui
-- pays Zhejiang 100 000 000.00.
-- Round 2 (2015-2017, k0 0.89, 2 亿 each way) is its own agreement: a 2012
-- settlement does not touch it; 2015 has no samples → an issue, no payment.
----------------------------------------------------------------------------
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'jiekou', p, make_timestamptz(y, 6, 2, 10, 0, 0, 'Asia/Shanghai'), v
FROM (VALUES ('CODMn', 2008, 2.0), ('CODMn', 2009, 2.2), ('CODMn', 2010, 2.4),
             ('NH3-N', 2008, 0.10), ('NH3-N', 2009, 0.12), ('NH3-N', 2010, 0.14),
             ('TN', 2008, 1.0), ('TN', 2009, 1.1), ('TN', 2010, 1.2),
             ('TP', 2008, 0.020), ('TP', 2009, 0.025), ('TP', 2010, 0.030)) x (p, y, v);
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'jiekou', p, make_timestamptz(2012, m, 5, 10, 0, 0, 'Asia/Shanghai'), v
FROM (VALUES ('CODMn', 3, 2.0), ('CODMn', 6, 1.8), ('CODMn', 9, 2.0), ('CODMn', 12, 2.2),
             ('NH3-N', 3, 0.10), ('NH3-N', 6, 0.10), ('NH3-N', 9, 0.10), ('NH3-N', 12, 0.10),
             ('TN', 3, 1.0), ('TN', 6, 1.0), ('TN', 9, 1.2), ('TN', 12, 1.2),
             ('TP', 3, 0.02), ('TP', 6, 0.02), ('TP', 9, 0.03), ('TP', 12, 0.03)) x (p, m, v);
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'jiekou', p, make_timestamptz(2013, 7, 1, 10, 0, 0, 'Asia/Shanghai'), v
FROM (VALUES ('CODMn', 2.86), ('NH3-N', 0.156), ('TN', 1.43), ('TP', 0.0325)) x (p, v);

INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code,
                               section_codes, params, valid) VALUES
    ('xinan-2012', 'Xin''an River round 1 (2012-2014)', 'index_ratio', 'AH', 'ZJ', '{jiekou}',
     '{"indicators": ["CODMn", "NH3-N", "TN", "TP"], "weights": [0.25, 0.25, 0.25, 0.25],
       "k0": 0.85, "baseline_period": "[2008-01-01,2011-01-01)", "threshold": 1,
       "inclusive": true, "amount": 100000000}', '[2012-01-01,2015-01-01)'),
    ('xinan-2015', 'Xin''an River round 2 (2015-2017)', 'index_ratio', 'AH', 'ZJ', '{jiekou}',
     '{"indicators": ["CODMn", "NH3-N", "TN", "TP"], "weights": [0.25, 0.25, 0.25, 0.25],
       "k0": 0.89, "baseline_period": "[2008-01-01,2011-01-01)", "amount": 200000000}',
     '[2015-01-01,2018-01-01)');

SELECT ecocomp.settle('[2012-01-01,2013-01-01)') AS written;
SELECT ecocomp.settle('[2013-01-01,2014-01-01)') AS written;
SELECT ecocomp.settle('[2015-01-01,2016-01-01)') AS written;
SELECT agreement_id, period, payer_code, payee_code, amount,
       round((basis ->> 'p')::numeric, 6) AS p, basis -> 'samples' AS samples
FROM ecocomp.obligation ORDER BY obligation_id;
SELECT agreement_id, period, issue FROM ecocomp.settlement_issue ORDER BY issue_id;

-- Idempotent: settling 2012 again replaces its obligation, no duplicate.
SELECT ecocomp.settle('[2012-01-01,2013-01-01)', '{xinan-2012}') AS written;
SELECT agreement_id, period, payer_code, payee_code, amount
FROM ecocomp.obligation ORDER BY period;

SELECT ecocomp.explain_obligation(obligation_id, 'zh') AS zh,
       ecocomp.explain_obligation(obligation_id, 'en') AS en
FROM ecocomp.obligation WHERE agreement_id = 'xinan-2012' AND period = '[2012-01-01,2013-01-01)';

----------------------------------------------------------------------------
-- 2. Lushui (金鱼石), class_target month by month in 2020: Class III or
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

----------------------------------------------------------------------------
-- 3. Jiuzhou River (山角), compliance_rate 2019: monthly-mean compliance
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

----------------------------------------------------------------------------
-- 4. Jiangsu flux formula, Zhenjiang's example, section 九里 in June 2021:
-- flow 10 m³/s all month → 10 × 86 400 × 30 = 25 920 000 m³.
-- NH3-N 1.30 (target 1.0): 0.30 × 25.92 = 7.776 t × 100 000 = 777 600.00
-- TP 0.25 (target 0.2): 0.05 × 25.92 = 1.296 t × 100 000 = 129 600.00
-- CODMn 5.0 (target 6.0): below target → 0.  Section total 907 200.00.
-- Zhenjiang's county split (丹阳 84.45 % of NH3-N, 88.07 % of TP):
-- 丹阳 777 600 × 0.8445 + 129 600 × 0.8807 = 656 683.20 + 114 138.72 = 770 821.92 (77.08 万)
-- 丹徒 777 600 × 0.1555 + 129 600 × 0.1193 = 120 916.80 +  15 461.28 = 136 378.08
-- July: concentrations but no flow → issue, nothing for July.
----------------------------------------------------------------------------
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
VALUES ('jiuli', 'flow', '2021-06-01 00:00+08', 10), ('jiuli', 'flow', '2021-06-15 12:00+08', 10),
       ('jiuli', 'flow', '2021-06-30 23:00+08', 10),
       ('jiuli', 'NH3-N', '2021-06-10 10:00+08', 1.30), ('jiuli', 'TP', '2021-06-10 10:00+08', 0.25),
       ('jiuli', 'CODMn', '2021-06-10 10:00+08', 5.0),
       ('jiuli', 'NH3-N', '2021-07-10 10:00+08', 1.50), ('jiuli', 'TP', '2021-07-10 10:00+08', 0.30),
       ('jiuli', 'CODMn', '2021-07-10 10:00+08', 7.0);
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code,
                               section_codes, params, valid) VALUES
    ('jiangsu-jiuli', 'Jiangsu regional compensation, Jiuli section', 'flux_exceedance',
     'zhenjiang', 'changzhou', '{jiuli}',
     '{"targets": {"NH3-N": 1.0, "TP": 0.2, "CODMn": 6.0},
       "rates": {"NH3-N": 100000, "TP": 100000, "CODMn": 15000}}', '[2021-01-01,2022-01-01)'),
    ('jiangsu-jiuli-counties', 'Jiuli section, Zhenjiang county split', 'flux_exceedance',
     'zhenjiang', 'changzhou', '{jiuli}',
     '{"targets": {"NH3-N": 1.0, "TP": 0.2, "CODMn": 6.0},
       "rates": {"NH3-N": 100000, "TP": 100000, "CODMn": 15000},
       "payer_shares": {"danyang": {"CODMn": 0.8578, "NH3-N": 0.8445, "TP": 0.8807},
                        "dantu": {"CODMn": 0.1422, "NH3-N": 0.1555, "TP": 0.1193}}}',
     '[2021-01-01,2022-01-01)');
SELECT ecocomp.settle('[2021-06-01,2021-08-01)', '{jiangsu-jiuli,jiangsu-jiuli-counties}') AS written;
SELECT agreement_id, payer_code, payee_code, amount, basis -> 'factor_totals_fen' AS factor_totals_fen
FROM ecocomp.obligation WHERE agreement_id LIKE 'jiangsu%' ORDER BY agreement_id, payer_code;
SELECT i ->> 'period' AS month, i ->> 'factor' AS factor, i ->> 'volume_m3' AS volume_m3,
       round((i ->> 'tonnes')::numeric, 6) AS tonnes, i ->> 'amount_fen' AS amount_fen, i ->> 'status' AS status
FROM ecocomp.obligation o, jsonb_array_elements(o.basis -> 'items') i
WHERE o.agreement_id = 'jiangsu-jiuli' ORDER BY 1, 2;
SELECT agreement_id, issue FROM ecocomp.settlement_issue WHERE agreement_id LIKE 'jiangsu%' ORDER BY 1;
SELECT ecocomp.explain_obligation(obligation_id, 'zh') FROM ecocomp.obligation
WHERE agreement_id = 'jiangsu-jiuli-counties' AND payer_code = 'danyang';

-- Money is exact: every amount is whole fen and the split adds up.
SELECT sum(amount) AS county_total FROM ecocomp.obligation WHERE agreement_id = 'jiangsu-jiuli-counties';
ROLLBACK;

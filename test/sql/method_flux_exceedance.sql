-- flux_exceedance settled end to end: the Jiangsu flux formula with the
-- Zhenjiang county split.
-- Every amount is hand-computed in the comments (and in docs/methods/flux_exceedance.md).
\i test/sql/fixtures/begin.sql

INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level) VALUES
    ('zhenjiang', 'Zhenjiang', '镇江', 'prefecture'), ('changzhou', 'Changzhou', '常州', 'prefecture'),
    ('danyang', 'Danyang', '丹阳', 'county'), ('dantu', 'Dantu', '丹徒', 'county');
INSERT INTO ecocomp.section (code, name, name_zh, target_class, upstream_code, downstream_code) VALUES
    ('jiuli', 'Jiuli', '九里', 'III', 'zhenjiang', 'changzhou');

----------------------------------------------------------------------------
-- Jiangsu flux formula, Zhenjiang's example, section 九里 in June 2021:
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

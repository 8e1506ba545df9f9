-- Demo part: see demo/demo.sql, which runs the parts in order.
\echo
\echo '== 5. Agreements (real rules; see docs/methods)'
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, parties,
                               section_codes, params, valid) VALUES
    -- Xin'an River P index, round-1 structure: P = 0.85 x sum(0.25 x C/C0).
    ('xinan', 'Xin''an River (Anhui-Zhejiang) P index', 'index_ratio', '340000', '330000', NULL, '{jiekou}',
     '{"indicators": ["CODMn", "NH3-N", "TN", "TP"], "weights": [0.25, 0.25, 0.25, 0.25], "k0": 0.85,
       "baseline": {"CODMn": 2.2, "NH3-N": 0.12, "TN": 1.2, "TP": 0.03}, "amount": 100000000}',
     '[2024-01-01,2027-01-01)'),
    -- Lu River: each month at or better than Class III, Zhuzhou pays Pingxiang 1 000 000; else the reverse.
    ('lushui', 'Lu River (Pingxiang-Zhuzhou) monthly class', 'class_target', '360300', '430200', NULL, '{jinyushi}',
     '{"period_unit": "month", "amounts_by_class": {"I..III": 1000000, "IV..inferior_V": -1000000}}',
     '[2024-01-01,2027-01-01)'),
    -- Jiangsu flux formula applied to the Tongshun River: (C - target) x monthly volume x rate.
    ('tongshun', 'Tongshun River (Xiantao-Wuhan) flux', 'flux_exceedance', '429004', '420100', NULL, '{tongshun}',
     '{"targets": {"NH3-N": 1.5, "TP": 0.3, "CODMn": 10}, "rates": {"NH3-N": 100000, "TP": 100000, "CODMn": 15000}}',
     '[2024-01-01,2027-01-01)'),
    -- Chishui pool 2018-2020 rules: 2 yi, contributions 1:5:4, allocations 3:4:3.
    ('chishui', 'Chishui River pool', 'pool', NULL, NULL, '{530000,520000,510000}', '{qingshuipu,lianyuxi}',
     '{"total": 200000000, "contributions": [1, 5, 4], "allocations": [3, 4, 3],
       "indicators": ["CODMn", "NH3-N", "TP"],
       "sections": [{"code": "qingshuipu", "responsible": "530000", "target_class": "II",
                     "deduction_to": {"520000": 0.5, "510000": 0.5}},
                    {"code": "lianyuxi", "responsible": "520000", "target_class": "II",
                     "deduction_to": {"510000": 1}}]}',
     '[2024-01-01,2027-01-01)');
SELECT agreement_id, method, name FROM ecocomp.agreement ORDER BY agreement_id;

\echo
\echo '== 6. Settle 2024'
-- Expected by hand:
--   xinan: P = 0.85 x 0.25 x (1.9/2.2 + 0.095/0.12 + 1.05/1.2 + 0.022/0.03) = 0.6935 <= 1:
--          Zhejiang pays Anhui 100 000 000.00
--   lushui: 9 months at III (+1 000 000) and 3 at IV (-1 000 000): Zhuzhou pays Pingxiang 6 000 000.00
--   tongshun: NH3-N 0.1 mg/L over target in Jan (31 d), Feb (29 d), Mar (31 d) at 20 m3/s:
--          0.1 x 20 x 86 400 x 91 / 10^6 t = 15.7248 t x 100 000 = 1 572 480.00 (Xiantao pays Wuhan);
--          TP 0.25 and CODMn 7.5 are within their targets
--   chishui: both sections meet Class II: Guizhou and Sichuan each pay Yunnan 20 000 000.00
SELECT ecocomp.settle('[2024-01-01,2025-01-01)') AS obligations_written;
SELECT o.agreement_id, p.name_zh AS payer, r.name_zh AS payee, o.amount
FROM ecocomp.obligation o
JOIN ecocomp.jurisdiction p ON p.code = o.payer_code
JOIN ecocomp.jurisdiction r ON r.code = o.payee_code
ORDER BY o.agreement_id, o.payer_code;

\echo 'Settling again replaces, never duplicates:'
SELECT ecocomp.settle('[2024-01-01,2025-01-01)') AS obligations_written,
       (SELECT count(*) FROM ecocomp.obligation) AS obligations_now;

\echo
\echo '== 7. Why? Every amount explained (zh and en)'
\pset format wrapped
\pset columns 110
SELECT ecocomp.explain_obligation(obligation_id, 'zh') AS 说明
FROM ecocomp.obligation WHERE agreement_id = 'tongshun';
SELECT ecocomp.explain_obligation(obligation_id, 'en') AS explanation
FROM ecocomp.obligation WHERE agreement_id = 'xinan';

\echo
\pset format aligned
\echo '== 8. Net position of each jurisdiction for 2024'
SELECT j.name_zh, j.name, sum(CASE WHEN x.code = o.payee_code THEN o.amount ELSE -o.amount END) AS net
FROM ecocomp.obligation o
CROSS JOIN LATERAL (VALUES (o.payer_code), (o.payee_code)) AS x (code)
JOIN ecocomp.jurisdiction j ON j.code = x.code
GROUP BY j.name_zh, j.name ORDER BY net DESC, j.name;

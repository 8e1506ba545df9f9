-- Method transfer_fee: per-tonne compensation origin -> destination, with
-- hand-computed amounts.  Provinces P1 (prefectures A, B) and P2 (C).
BEGIN;
SELECT plan(16);
\ir fixtures/refused.sql

INSERT INTO ecocomp.jurisdiction (code, name, level, parent_code) VALUES
    ('P1', 'Province 1', 'province', NULL), ('P2', 'Province 2', 'province', NULL),
    ('A', 'Prefecture A', 'prefecture', 'P1'), ('B', 'Prefecture B', 'prefecture', 'P1'),
    ('C', 'Prefecture C', 'prefecture', 'P2');
INSERT INTO ecocomp.waste_transfer (manifest_no, waste_code, tonnes, origin_code, destination_code, shipped_at, disposal) VALUES
    ('M1', '900-214-08', 10.5, 'A', 'C', '2024-03-01 08:00+08', 'incineration'),
    ('M2', '251-001-08', 4.5, 'B', 'C', '2024-06-30 23:30+08', 'landfill'),
    ('M3', '772-002-18', 2.125, 'A', 'C', '2024-07-01 09:00+08', 'landfill'),
    ('M4', '900-041-49', 1.25, 'C', 'B', '2024-05-05 10:00+08', 'recovery'),
    ('M5', '900-041-49', 0.75, 'B', 'A', '2024-05-06 10:00+08', 'incineration'),   -- inside P1
    ('M6', '900-041-49', 9, 'A', 'C', '2025-01-01 00:30+08', 'incineration');      -- 2025 in Beijing time

-- Province level, 2024.  Rates HW08 150, other categories 100 yuan/t; landfill
-- counts 1.5, recovery 0.5, incineration (not listed) 1.
--   P1 -> P2: M1 10.5 x 150 x 1 = 1 575; M2 4.5 x 150 x 1.5 = 1 012.5;
--             M3 2.125 x 100 x 1.5 = 318.75;  total 2 906.25
--   P2 -> P1: M4 1.25 x 100 x 0.5 = 62.5
--   M5 stays inside P1; M6 is shipped on 1 January 2025 Beijing time.
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid) VALUES
    ('fee', 'Waste fee', 'transfer_fee', NULL,
     '{"rates": {"HW08": 150, "*": 100}, "disposal_factors": {"landfill": 1.5, "recovery": 0.5}}', '[2024-01-01,2026-01-01)');
SELECT is(ecocomp.settle('[2024-01-01,2025-01-01)', ARRAY['fee']), 2::bigint, 'two obligations: one each way');
SELECT results_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'fee' ORDER BY 1$$,
                  $$VALUES ('P1', 'P2', 2906.25::numeric), ('P2', 'P1', 62.50)$$,
                  'P1 pays P2 2 906.25 and P2 pays P1 62.50 (by hand)');
SELECT is((SELECT count(*) FROM ecocomp.settlement_issue WHERE agreement_id = 'fee'), 0::bigint, 'every category has a rate: no issue');
SELECT matches(ecocomp.explain_obligation((SELECT obligation_id FROM ecocomp.obligation WHERE agreement_id = 'fee' AND payer_code = 'P1'), 'en'),
               'HW08 \(landfill\): 4\.500 t × 150 yuan/t × 1\.5 = 1012\.5 yuan',
               'the explanation shows each category''s tonnes, rate and factor');
SELECT matches(ecocomp.explain_obligation((SELECT obligation_id FROM ecocomp.obligation WHERE agreement_id = 'fee' AND payer_code = 'P1'), 'zh'),
               '合计 2,906\.25 元', 'and the total in Chinese');

-- Idempotent: settling again writes the same obligations, not more.
SELECT is(ecocomp.settle('[2024-01-01,2025-01-01)', ARRAY['fee']), 2::bigint, 'settling again writes the same two');
SELECT is((SELECT count(*) FROM ecocomp.obligation WHERE agreement_id = 'fee'), 2::bigint, 'and leaves two obligations');

-- Prefecture level among A, B and C only for HW49, no other rates: the
-- categories without a rate are reported, not silently free.
--   C -> B: M4 1.25 x 80 x 1 = 100.00; B -> A: M5 0.75 x 80 = 60.00;
--   A -> C and B -> C carry HW08/HW18 without rate: one issue each.
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid) VALUES
    ('fee49', 'HW49 only', 'transfer_fee', ARRAY['A', 'B', 'C'], '{"rates": {"HW49": 80}, "level": "prefecture"}', '[2024-01-01,2025-01-01)');
SELECT is(ecocomp.settle('[2024-01-01,2025-01-01)', ARRAY['fee49']), 2::bigint, 'two obligations at prefecture level');
SELECT results_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'fee49' ORDER BY 1$$,
                  $$VALUES ('B', 'A', 60.00::numeric), ('C', 'B', 100.00)$$, 'B pays A 60.00, C pays B 100.00 (by hand)');
SELECT results_eq($$SELECT issue FROM ecocomp.settlement_issue WHERE agreement_id = 'fee49' ORDER BY 1$$,
                  $$VALUES ('no rate for HW08 shipped from B to C (4.500 t in 1 manifests); those tonnes are not charged'),
                           ('no rate for HW08, HW18 shipped from A to C (10.500 t in 1 manifests; 2.125 t in 1 manifests); those tonnes are not charged')$$,
                  'tonnes without a rate are reported');

-- A quarter with nothing shipped between jurisdictions settles nothing.
SELECT is(ecocomp.settle('[2024-10-01,2025-01-01)', ARRAY['fee']), 0::bigint, 'no transfers, no obligation');

-- Validation: every key checked, with SQLSTATE 22023.
SELECT pg_temp.refused('transfer_fee', params::jsonb, message, description)
  FROM (VALUES
    (1, '{"rates": {"HW51": 10}}',
        'transfer_fee parameter "rates" names an unknown category',
        'HW51 is not a category'),
    (2, '{"rates": {"HW08": -1}}',
        'transfer_fee parameter "rates.HW08" is out of range',
        'a negative rate is refused'),
    (3, '{"rates": {"HW08": 1}, "disposal_factors": {"landfill": null}}',
        'transfer_fee parameter "disposal_factors.landfill" must be a number',
        'a null factor is refused'),
    (4, '{"rates": {"HW08": 1}, "level": "city"}',
        'transfer_fee parameter "level" is invalid',
        'an unknown level is refused'),
    (5, '{"rates": {"HW08": 1}, "rate": 2}',
        'transfer_fee parameter "rate" is unknown',
        'a misspelt key is refused')
  ) AS bad(ord, params, message, description)
 ORDER BY ord;

SELECT * FROM finish();
ROLLBACK;

-- settle_incident(): prepayment at once, true-up when damages are claimed,
-- a refund the other way, idempotence, booked obligations superseded.
BEGIN;
SELECT plan(17);

INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level) VALUES
    ('SX', 'Ningqiang', '宁强县', 'county'), ('SC', 'Guangyuan', '广元市', 'prefecture');
INSERT INTO ecocomp.incident (incident_id, name, responsible_code, affected_code, started_at, parameter) VALUES
    ('tl2017', 'Thallium in the Jialing', 'SX', 'SC', '2017-05-05 08:00+08', 'phenol'),
    ('oil2024', 'Oil spill', 'SX', 'SC', '2024-03-01 08:00+08', 'petroleum');

-- 1. A prepayment of 6 000 000.00 claimed on 8 May 2017 at 23:30 Beijing time:
--    one obligation SX -> SC on that local day.
INSERT INTO ecocomp.incident_claim (incident_id, kind, amount, claimed_at) VALUES
    ('tl2017', 'prepayment', 6000000, '2017-05-08 23:30+08');
SELECT is(ecocomp.settle_incident('tl2017'), 1::bigint, 'a prepayment is one obligation at once');
SELECT results_eq($$SELECT agreement_id, payer_code, payee_code, amount, period FROM ecocomp.obligation WHERE incident_id = 'tl2017'$$,
                  $$VALUES (NULL::text, 'SX', 'SC', 6000000.00::numeric, '[2017-05-08,2017-05-09)'::daterange)$$,
                  'responsible pays affected 6 000 000.00 on the claim''s local day (23:30 Beijing time is still 8 May)');
SELECT is(ecocomp.settle_incident('tl2017'), 1::bigint, 'settling again changes nothing');
SELECT is((SELECT count(*) FROM ecocomp.obligation WHERE incident_id = 'tl2017'), 1::bigint, 'still one obligation');

-- 2. Damages assessed at 7 200 000.00 plus 350 000.00 of monitoring costs,
--    the cost claimed last (2 March 2018): true-up 7 550 000 - 6 000 000 =
--    1 550 000.00 more from SX to SC, on 2 March 2018.
INSERT INTO ecocomp.incident_claim (incident_id, kind, amount, claimed_at, basis) VALUES
    ('tl2017', 'damage', 7200000, '2018-02-01 10:00+08',
     '{"method": "imputed abatement cost", "quantity": 2400, "unit_cost": 2000, "multiplier": 1.5}'),
    ('tl2017', 'cost', 350000, '2018-03-02 10:00+08', NULL);
SELECT is(ecocomp.settle_incident('tl2017'), 2::bigint, 'prepayment and true-up');
SELECT results_eq($$SELECT payer_code, payee_code, amount, period FROM ecocomp.obligation
                    WHERE incident_id = 'tl2017' AND basis ->> 'kind' = 'true_up'$$,
                  $$VALUES ('SX', 'SC', 1550000.00::numeric, '[2018-03-02,2018-03-03)'::daterange)$$,
                  'true-up: 7 200 000 + 350 000 - 6 000 000 = 1 550 000.00 more, SX -> SC, on the day of the last claim');
SELECT matches(ecocomp.explain_obligation((SELECT obligation_id FROM ecocomp.obligation WHERE incident_id = 'tl2017' AND basis ->> 'kind' = 'true_up'), 'en'),
               'damages 7200000\.00 \+ costs 350000\.00 - prepayments 6000000\.00 = 1550000\.00 yuan',
               'the explanation shows the true-up arithmetic');
SELECT matches(ecocomp.explain_obligation((SELECT obligation_id FROM ecocomp.obligation WHERE incident_id = 'tl2017' AND basis ->> 'kind' = 'prepayment'), 'zh'),
               '^污染事件 tl2017（Thallium in the Jialing），期间 \[2017-05-08,2017-05-09\)：宁强县（SX） 向 广元市（SC） 支付 6,000,000\.00 元。.*预付受损方',
               'the prepayment is explained in Chinese, headed by the incident');
SELECT matches(ecocomp.explain_obligation((SELECT obligation_id FROM ecocomp.obligation WHERE incident_id = 'tl2017' AND basis ->> 'kind' = 'prepayment'), 'en'),
               'claim [0-9]+, 2017-05-08 23:30 Beijing time', 'the claim''s time in Beijing time');

-- 3. A refund: prepaid 1 000 000.00, damages only 600 000.00: the affected
--    jurisdiction refunds 400 000.00 to the responsible one.
INSERT INTO ecocomp.incident_claim (incident_id, kind, amount, claimed_at) VALUES
    ('oil2024', 'prepayment', 1000000, '2024-03-05 09:00+08'),
    ('oil2024', 'damage', 600000, '2024-06-10 09:00+08');
SELECT is(ecocomp.settle_incident('oil2024'), 2::bigint, 'prepayment and refund');
SELECT results_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.obligation WHERE incident_id = 'oil2024' ORDER BY period$$,
                  $$VALUES ('SX', 'SC', 1000000.00::numeric), ('SC', 'SX', 400000.00)$$,
                  'SC refunds 1 000 000 - 600 000 = 400 000.00 to SX');

-- 4. Booked, then the damage is revised up to 900 000.00: the booked refund
--    is kept and superseded, a new one of 100 000.00 is written, and book()
--    reverses the old charge and charges the new one.
SELECT ok(ecocomp.book('[2024-01-01,2025-01-01)') >= 2, 'the incident''s obligations are booked');
UPDATE ecocomp.incident_claim SET amount = 900000 WHERE incident_id = 'oil2024' AND kind = 'damage';
SELECT is(ecocomp.settle_incident('oil2024'), 2::bigint, 'still a prepayment and a refund');
SELECT results_eq($$SELECT payer_code, payee_code, amount, superseded_at IS NOT NULL FROM ecocomp.obligation
                    WHERE incident_id = 'oil2024' AND basis ->> 'kind' = 'true_up' ORDER BY obligation_id$$,
                  $$VALUES ('SC', 'SX', 400000.00::numeric, true), ('SC', 'SX', 100000.00, false)$$,
                  'the booked refund of 400 000 is superseded by one of 100 000');
SELECT ok(ecocomp.book('[2024-01-01,2025-01-01)') >= 2, 'booking again reverses the old refund and charges the new');
SELECT is((SELECT sum(CASE entry_kind WHEN 'charge' THEN amount WHEN 'reversal' THEN -amount END)
           FROM ecocomp.ledger WHERE payer_code = 'SC' AND payee_code = 'SX'), 100000.00,
          'the ledger nets to the revised refund: 400 000 - 400 000 + 100 000');

SELECT throws_ok($$SELECT ecocomp.settle_incident('nope')$$, '22023', 'settle_incident was given an unknown incident',
                 'an unknown incident is an error');

SELECT * FROM finish();
ROLLBACK;

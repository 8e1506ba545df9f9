-- Netting over the ledger: positions and at most n - 1 transfers, by hand.
\ir fixtures/begin.sql
SELECT plan(9);
INSERT INTO ecocomp.jurisdiction (code, name) VALUES ('tn_a', 'A'), ('tn_b', 'B'), ('tn_c', 'C'), ('tn_d', 'D');
-- Obligations of an incident (no agreement), booked as charges:
--   A -> B 100.00, B -> C 100.00, C -> A 30.00, D -> C 0.01, A -> D 12.34
-- A: -100 + 30 - 12.34 = -82.34; B: +100 - 100 = 0; C: +100 - 30 + 0.01 = 70.01; D: +12.34 - 0.01 = 12.33.
INSERT INTO ecocomp.incident (incident_id, name, responsible_code, affected_code, started_at)
VALUES ('tn', 'Test incident', 'tn_a', 'tn_b', '2024-03-01 00:00+08');
INSERT INTO ecocomp.obligation (incident_id, period, payer_code, payee_code, amount, basis)
VALUES ('tn', '[2024-03-01,2024-04-01)', 'tn_a', 'tn_b', 100.00, '{}'),
       ('tn', '[2024-03-01,2024-04-01)', 'tn_b', 'tn_c', 100.00, '{}'),
       ('tn', '[2024-03-01,2024-04-01)', 'tn_c', 'tn_a', 30.00, '{}'),
       ('tn', '[2024-03-01,2024-04-01)', 'tn_d', 'tn_c', 0.01, '{}'),
       ('tn', '[2024-03-01,2024-04-01)', 'tn_a', 'tn_d', 12.34, '{}');
SELECT is(ecocomp.book('[2024-03-01,2024-04-01)'), 5::bigint, 'five charges');
SELECT results_eq($$SELECT code, receivable, payable, net FROM ecocomp.net_positions('[2024-03-01,2024-04-01)') WHERE code LIKE 'tn_%'$$,
                  $$VALUES ('tn_a', 30.00, 112.34, -82.34), ('tn_b', 100.00, 100.00, 0.00),
                           ('tn_c', 100.01, 30.00, 70.01), ('tn_d', 12.34, 0.01, 12.33)$$,
                  'positions by hand, in code order');
-- One debtor (A, 82.34) and two creditors (C 70.01, D 12.33): two transfers.
SELECT results_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.net_transfers('[2024-03-01,2024-04-01)') WHERE payer_code LIKE 'tn_%'$$,
                  $$VALUES ('tn_a', 'tn_c', 70.01), ('tn_a', 'tn_d', 12.33)$$,
                  'A pays C 70.01 and D 12.33');
SELECT is((SELECT count(*) FROM ecocomp.net_transfers('[2024-03-01,2024-04-01)') WHERE payer_code LIKE 'tn_%'), 2::bigint,
          'fewer than n - 1 = 3 transfers');
-- A period that does not contain the obligations' month sees nothing.
SELECT is((SELECT count(*) FROM ecocomp.net_positions('[2024-03-15,2024-04-01)') WHERE code LIKE 'tn_%'), 0::bigint,
          'only entries whose period lies within the asked period');
-- A payment of A to C of 70.01 clears C: A still owes D 12.33.
SELECT ok(ecocomp.record_payment('tn_a', 'tn_c', 70.01, '2024-03-31', 'BANK-1') > 0, 'payment');
SELECT results_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.net_transfers('[2024-03-01,2024-04-01)') WHERE payer_code LIKE 'tn_%'$$,
                  $$VALUES ('tn_a', 'tn_d', 12.33)$$, 'after the payment only A -> D remains');
SELECT throws_ok($$SELECT * FROM ecocomp.net_positions('empty')$$, '22023', NULL, 'an empty period is an error');
SELECT throws_ok($$SELECT * FROM ecocomp.net_transfers('[2024-01-01,)')$$, '22023', NULL, 'an unbounded period is an error');
SELECT * FROM finish();
ROLLBACK;

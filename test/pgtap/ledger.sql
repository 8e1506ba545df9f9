-- The ledger: booking (idempotent, supersede -> reversal + new charge),
-- append-only, reversals, payments, statements, the report, period close.
-- The Chishui River pool (Xinhua 2018-03-25; 2019: total 2 亿, contributions
-- 1:5:4, allocations 3:4:3) gives the amounts.
\ir fixtures/begin.sql
SELECT plan(34);
\ir fixtures/chishui.sql
CALL pg_temp.chishui('tl', '[2019-01-01,2020-01-01)');

-- Booking.
SELECT is(ecocomp.settle('[2019-01-01,2020-01-01)', ARRAY['tl']), 2::bigint, 'settle writes two obligations');
SELECT is(ecocomp.book('[2019-01-01,2020-01-01)'), 2::bigint, 'book charges both');
SELECT is(ecocomp.book('[2019-01-01,2020-01-01)'), 0::bigint, 'booking again books nothing');
SELECT set_eq($$SELECT payer_code, payee_code, amount, entry_kind FROM ecocomp.ledger WHERE payee_code LIKE 'tl_%'$$,
              $$VALUES ('tl_gz', 'tl_yn', 20000000.00, 'charge'), ('tl_sc', 'tl_yn', 20000000.00, 'charge')$$,
              'the charges repeat the obligations');

-- Netting: Yunnan receives 2 x 20 000 000 = +40 000 000; Guizhou and Sichuan -20 000 000 each.
SELECT set_eq($$SELECT code, net FROM ecocomp.net_positions('[2019-01-01,2020-01-01)') WHERE code LIKE 'tl_%'$$,
              $$VALUES ('tl_yn', 40000000.00), ('tl_gz', -20000000.00), ('tl_sc', -20000000.00)$$,
              'Chishui nets to Yunnan +40 000 000, Guizhou -20 000 000, Sichuan -20 000 000');
SELECT is((SELECT sum(net) FROM ecocomp.net_positions('[2019-01-01,2020-01-01)')), 0.00, 'positions sum to zero');
SELECT set_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.net_transfers('[2019-01-01,2020-01-01)') WHERE payee_code LIKE 'tl_%'$$,
              $$VALUES ('tl_gz', 'tl_yn', 20000000.00), ('tl_sc', 'tl_yn', 20000000.00)$$,
              'two transfers (n - 1 = 2) clear the three positions');

-- Append-only, for the owner too.
SELECT throws_ok($$UPDATE ecocomp.ledger SET amount = 1$$, '55000', 'the ledger is append-only', 'UPDATE refused');
SELECT throws_ok($$DELETE FROM ecocomp.ledger$$, '55000', 'the ledger is append-only', 'DELETE refused');
SELECT throws_ok($$TRUNCATE ecocomp.ledger$$, '55000', 'the ledger is append-only', 'TRUNCATE refused');
SELECT throws_ok($$INSERT INTO ecocomp.ledger (obligation_id, period, payer_code, payee_code, amount, entry_kind)
                   SELECT obligation_id, period, payer_code, payee_code, amount + 1, 'charge' FROM ecocomp.obligation
                   WHERE agreement_id = 'tl' LIMIT 1$$,
                 '23514', 'a charge must repeat its obligation', 'a charge with another amount is refused');
SELECT throws_ok($$UPDATE ecocomp.jurisdiction SET code = 'tl_gz2' WHERE code = 'tl_gz'$$,
                 '23503', NULL, 'a jurisdiction with ledger rows cannot be renamed');

-- Settling unchanged data again keeps the booked obligations current.
SELECT is(ecocomp.settle('[2019-01-01,2020-01-01)', ARRAY['tl']), 2::bigint, 'settle again: two obligations');
SELECT is(ecocomp.book('[2019-01-01,2020-01-01)'), 0::bigint, 'unchanged amounts book nothing');
SELECT is((SELECT count(*) FROM ecocomp.obligation WHERE agreement_id = 'tl'), 2::bigint, 'no obligation added');

-- Lianyuxi (Guizhou's section) at Class III: Guizhou's allocation of
-- 8 000 万 goes to Sichuan, nets +4 000 万 Yunnan, -10 000 万 Guizhou,
-- +6 000 万 Sichuan; the two booked obligations are superseded.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value) VALUES ('tl_lyx', 'TP', '2019-09-01 10:00+08', 0.25);
SELECT is(ecocomp.settle('[2019-01-01,2020-01-01)', ARRAY['tl']), 2::bigint, 're-settle after new data');
SELECT is((SELECT count(*) FROM ecocomp.obligation WHERE agreement_id = 'tl' AND superseded_at IS NOT NULL), 2::bigint,
          'booked obligations are kept, superseded');
SELECT is(ecocomp.book('[2019-01-01,2020-01-01)'), 4::bigint, 'book: two reversals and two new charges');
SELECT set_eq($$SELECT l.payer_code, l.payee_code, l.amount FROM ecocomp.ledger l WHERE l.entry_kind = 'reversal' AND l.payee_code LIKE 'tl_%'$$,
              $$VALUES ('tl_gz', 'tl_yn', 20000000.00), ('tl_sc', 'tl_yn', 20000000.00)$$,
              'reversals keep the cancelled charges'' direction');
SELECT set_eq($$SELECT code, net FROM ecocomp.net_positions('[2019-01-01,2020-01-01)') WHERE code LIKE 'tl_%'$$,
              $$VALUES ('tl_yn', 40000000.00), ('tl_gz', -100000000.00), ('tl_sc', 60000000.00)$$,
              'positions after the re-settlement');
SELECT results_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.net_transfers('[2019-01-01,2020-01-01)') WHERE payer_code LIKE 'tl_%'$$,
                  $$VALUES ('tl_gz', 'tl_sc', 60000000.00), ('tl_gz', 'tl_yn', 40000000.00)$$,
                  'largest creditor first: Guizhou pays Sichuan 6 000 万, then Yunnan 4 000 万');

-- Corrections: a reversal restores the balance; reversals are not reversed.
SELECT ok(ecocomp.reverse_entry((SELECT entry_id FROM ecocomp.ledger l JOIN ecocomp.obligation o USING (obligation_id)
                                 WHERE l.entry_kind = 'charge' AND o.superseded_at IS NULL AND l.payee_code = 'tl_sc'),
                                'section data under review') > 0, 'reverse_entry');
SELECT set_eq($$SELECT code, net FROM ecocomp.net_positions('[2019-01-01,2020-01-01)') WHERE code LIKE 'tl_%'$$,
              $$VALUES ('tl_yn', 40000000.00), ('tl_gz', -40000000.00), ('tl_sc', 0.00)$$,
              'the reversal takes Sichuan''s 6 000 万 off both sides');
SELECT throws_ok($$SELECT ecocomp.reverse_entry((SELECT max(entry_id) FROM ecocomp.ledger WHERE entry_kind = 'reversal'), 'again')$$,
                 '22023', 'a reversal cannot be reversed', 'a reversal is never reversed');
SELECT throws_ok($$SELECT ecocomp.reverse_entry((SELECT max(reverses_entry_id) FROM ecocomp.ledger), 'twice')$$,
                 '22023', 'entry already reversed', 'an entry is reversed once');

-- Payments: Guizhou pays Yunnan 1 500 万 of its 4 000 万.
SELECT ok(ecocomp.record_payment('tl_gz', 'tl_yn', 15000000, '2019-12-20', 'TREAS-2019-0042') > 0, 'record_payment');
-- Guizhou's statement, entry by entry: charge -20 000 000, reversal +20 000 000, charge -40 000 000, charge -60 000 000,
-- reversal +60 000 000, payment +15 000 000 => -25 000 000.
SELECT is((SELECT balance FROM ecocomp.statement('tl_gz', '[2019-01-01,2020-01-01)') ORDER BY entry_id DESC LIMIT 1),
          -25000000.00, 'statement: running balance ends at what Guizhou still owes');
SELECT is((SELECT count(*) FROM ecocomp.statement('tl_gz', '[2019-01-01,2020-01-01)')), 6::bigint, 'six entries of Guizhou');
SELECT results_eq($$SELECT charged, reversed, net, paid, outstanding FROM ecocomp.settlement_report('[2019-01-01,2020-01-01)')
                    WHERE agreement_id = 'tl' AND payer_code = 'tl_gz' AND payee_code = 'tl_yn'$$,
                  $$VALUES (60000000.00, 20000000.00, 40000000.00, 15000000.00, 25000000.00)$$,
                  'report: charged 2000万 + 4000万, reversed 2000万, paid 1500万, outstanding 2500万');

-- Closing.
SELECT ok(ecocomp.close_period('[2019-01-01,2020-01-01)') > 0, 'close_period');
SELECT throws_ok($$SELECT ecocomp.settle('[2019-06-01,2019-07-01)', ARRAY['tl'])$$, '55000', 'cannot settle a closed period',
                 'settle refuses a period inside a closed one');
SELECT throws_ok($$SELECT ecocomp.book('[2019-01-01,2020-01-01)')$$, '55000', 'cannot book a closed period', 'book refuses a closed period');
SELECT throws_ok($$SELECT ecocomp.record_payment('tl_gz', 'tl_yn', 1, '2019-12-31', 'X')$$, '55000', NULL,
                 'no payment dated in a closed period');
SELECT is(ecocomp.reopen_period('[2019-01-01,2020-01-01)', 'auditor''s correction') IS NOT NULL AND
          ecocomp.book('[2019-01-01,2020-01-01)') = 0, true, 'reopened: booking runs again');

SELECT * FROM finish();
ROLLBACK;

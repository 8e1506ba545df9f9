-- Row-level security: a jurisdiction's role sees only its own obligations,
-- ledger entries and netting; an unmapped role sees none; an analyst sees
-- everything but cannot book; a reader cannot write.
\ir fixtures/begin.sql
SELECT plan(16);
-- The ready-made roles of docs/dba.md (finance may book to the ledger).
SELECT count(*) AS ready_made_roles FROM ecocomp.create_roles() \gset
CREATE ROLE tj_yunnan NOLOGIN IN ROLE ecocomp_reader;
CREATE ROLE tj_nobody NOLOGIN IN ROLE ecocomp_reader;
CREATE ROLE tj_analyst NOLOGIN IN ROLE ecocomp_analyst;
CREATE ROLE tj_finance NOLOGIN IN ROLE ecocomp_finance;

INSERT INTO ecocomp.jurisdiction (code, name) VALUES
    ('tj_yn', 'Yunnan'), ('tj_gz', 'Guizhou'), ('tj_sc', 'Sichuan'), ('tj_a', 'A'), ('tj_b', 'B');
INSERT INTO ecocomp.jurisdiction_member (role_name, code) VALUES ('tj_yunnan', 'tj_yn');
-- Guizhou -> Yunnan 20 000 000, Sichuan -> Yunnan 20 000 000, Sichuan -> Guizhou 5 000 000, A -> B 7:
-- nets Yunnan +40 000 000, Guizhou -15 000 000, Sichuan -25 000 000, A -7, B +7.
INSERT INTO ecocomp.incident (incident_id, name, responsible_code, affected_code, started_at)
VALUES ('tj', 'Test incident', 'tj_gz', 'tj_yn', '2024-01-01 00:00+08');
INSERT INTO ecocomp.obligation (incident_id, period, payer_code, payee_code, amount, basis)
VALUES ('tj', '[2024-01-01,2025-01-01)', 'tj_gz', 'tj_yn', 20000000, '{}'),
       ('tj', '[2024-01-01,2025-01-01)', 'tj_sc', 'tj_yn', 20000000, '{}'),
       ('tj', '[2024-01-01,2025-01-01)', 'tj_sc', 'tj_gz', 5000000, '{}'),
       ('tj', '[2024-01-01,2025-01-01)', 'tj_a', 'tj_b', 7, '{}');

SET LOCAL ROLE tj_finance;
SELECT is(ecocomp.book('[2024-01-01,2025-01-01)'), 4::bigint, 'finance books');
RESET ROLE;

SET LOCAL ROLE tj_yunnan;
SELECT is((SELECT count(*) FROM ecocomp.ledger WHERE payer_code LIKE 'tj_%'), 2::bigint, 'Yunnan''s role sees its two ledger rows');
SELECT is((SELECT count(*) FROM ecocomp.obligation WHERE payer_code LIKE 'tj_%'), 2::bigint, '... and its two obligations');
SELECT results_eq($$SELECT code, net FROM ecocomp.net_positions('[2024-01-01,2025-01-01)')$$,
                  $$VALUES ('tj_yn', 40000000.00)$$, 'net_positions: only its own, from the whole ledger');
-- Over the whole ledger: Sichuan (-25 000 000) pays Yunnan 25 000 000, Guizhou
-- (-15 000 000) pays Yunnan 15 000 000, A pays B 7; Yunnan sees its two.
SELECT results_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.net_transfers('[2024-01-01,2025-01-01)')$$,
                  $$VALUES ('tj_sc', 'tj_yn', 25000000.00), ('tj_gz', 'tj_yn', 15000000.00)$$,
                  'net_transfers: the netted transfers it receives, not the raw charges');
SELECT is((SELECT count(*) FROM ecocomp.jurisdiction_member), 1::bigint, 'it sees its own mapping only');
SELECT throws_ok($$SELECT ecocomp.book('[2024-01-01,2025-01-01)')$$, '42501', NULL, 'a jurisdiction''s role cannot book');
RESET ROLE;

SET LOCAL ROLE tj_nobody;
SELECT is((SELECT count(*) FROM ecocomp.ledger WHERE payer_code LIKE 'tj_%'), 0::bigint, 'an unmapped role sees no ledger rows');
SELECT is((SELECT count(*) FROM ecocomp.net_positions('[2024-01-01,2025-01-01)')), 0::bigint, '... and no positions');
SELECT throws_ok($$INSERT INTO ecocomp.ledger (period, payer_code, payee_code, amount, entry_kind, reference)
                   VALUES ('[2024-01-02,2024-01-03)', 'tj_a', 'tj_b', 1, 'payment', 'x')$$,
                 '42501', NULL, 'a reader cannot write the ledger');
SELECT throws_ok($$SELECT ecocomp.record_payment('tj_a', 'tj_b', 1, '2024-01-02', 'x')$$, '42501', NULL,
                 'a reader cannot record a payment');
RESET ROLE;

SET LOCAL ROLE tj_analyst;
SELECT is((SELECT count(*) FROM ecocomp.ledger WHERE payer_code LIKE 'tj_%'), 4::bigint, 'an analyst sees every ledger row');
SELECT is((SELECT count(*) FROM ecocomp.net_transfers('[2024-01-01,2025-01-01)') WHERE payer_code LIKE 'tj_%'), 3::bigint,
          '... and every transfer');
SELECT throws_ok($$SELECT ecocomp.book('[2024-01-01,2025-01-01)')$$, '42501', NULL, 'an analyst cannot book');
SELECT throws_ok($$SELECT ecocomp.close_period('[2024-01-01,2025-01-01)')$$, '42501', NULL, 'an analyst cannot close a period');
RESET ROLE;

SET LOCAL ROLE tj_finance;
SELECT ok(ecocomp.close_period('[2024-01-01,2025-01-01)') > 0, 'finance closes the period');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;

-- The examples of docs/finance.md on a small ledger: Chishui 2019 as an
-- incident-free pair of obligations (Guizhou and Sichuan each owe Yunnan
-- 20 000 000.00) plus Zhejiang -> Anhui 100 000 000.00.
SET client_min_messages = warning;
SET datestyle = 'ISO, YMD';
BEGIN;
INSERT INTO ecocomp.jurisdiction (code, name, name_zh) VALUES
    ('530000', 'Yunnan', '云南省'), ('520000', 'Guizhou', '贵州省'), ('510000', 'Sichuan', '四川省'),
    ('330000', 'Zhejiang', '浙江省'), ('340000', 'Anhui', '安徽省');
INSERT INTO ecocomp.incident (incident_id, name, responsible_code, affected_code, started_at)
VALUES ('docs', 'Docs example', '520000', '530000', '2024-01-01 00:00+08');
INSERT INTO ecocomp.obligation (incident_id, period, payer_code, payee_code, amount, basis) VALUES
    ('docs', '[2024-01-01,2025-01-01)', '520000', '530000', 20000000, '{}'),
    ('docs', '[2024-01-01,2025-01-01)', '510000', '530000', 20000000, '{}'),
    ('docs', '[2024-01-01,2025-01-01)', '330000', '340000', 100000000, '{}');
-- 3 charges, then nothing
SELECT ecocomp.book('[2024-01-01,2025-01-01)') AS entries, ecocomp.book('[2024-01-01,2025-01-01)') AS again;
-- Yunnan +40 000 000.00, Anhui +100 000 000.00, the payers their negatives; sum 0
SELECT * FROM ecocomp.net_positions('[2024-01-01,2025-01-01)');
-- three transfers (5 parties: at most 4), largest first
SELECT * FROM ecocomp.net_transfers('[2024-01-01,2025-01-01)');
-- Zhejiang pays 60 000 000.00 in March 2025: outstanding 40 000 000.00 over [2024, 2026)
SELECT ecocomp.record_payment('330000', '340000', 60000000, '2025-03-31', 'ZJ-TREAS-2025-0117') > 0 AS recorded;
SELECT agreement_id, incident_id, payer_code, payee_code, charged, reversed, net, paid, outstanding
FROM ecocomp.settlement_report('[2024-01-01,2026-01-01)');
-- Guizhou's charge reversed: Guizhou's balance -20 000 000.00 then 0.00
SELECT ecocomp.reverse_entry((SELECT entry_id FROM ecocomp.ledger WHERE payer_code = '520000'), 'section data under review') > 0 AS reversed;
SELECT entry_kind, counterparty_code, receivable, payable, balance FROM ecocomp.statement('520000', '[2024-01-01,2025-01-01)');
SELECT ecocomp.close_period('[2024-01-01,2025-01-01)') > 0 AS closed;
SAVEPOINT closed;
\set VERBOSITY terse
SELECT ecocomp.book('[2024-01-01,2025-01-01)');
\set VERBOSITY default
ROLLBACK TO SAVEPOINT closed;
SELECT ecocomp.reopen_period('[2024-01-01,2025-01-01)', 'audit office correction of Q3 flows') > 0 AS reopened;
SELECT period, closed_by IS NOT NULL AS closed, reopened_at IS NOT NULL AS reopened, reason FROM ecocomp.period_close;
-- 5 jurisdictions (Guizhou now at 0.00) + 2 transfers (Guizhou's is reversed); no boundaries here, so NULL geometries
SELECT jsonb_array_length(ecocomp.settlement_geojson('[2024-01-01,2025-01-01)') -> 'features') AS features;
SELECT length(ecocomp.settlement_map_svg('[2024-01-01,2025-01-01)')) > 0 AS svg;
ROLLBACK;

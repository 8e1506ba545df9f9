-- Part 4: the finance department's year end: book the settled year into
-- the ledger, close it, print who finally transfers what to whom, and file
-- the reports (CSV for the accounts, GeoJSON for QGIS, an SVG map).

\echo
\echo '== 9. Book 2024 into the ledger (booking twice books once) and close the year'
SELECT ecocomp.book('[2024-01-01,2025-01-01)') AS entries_booked,
       ecocomp.book('[2024-01-01,2025-01-01)') AS booked_again;
SELECT ecocomp.close_period('[2024-01-01,2025-01-01)') AS close_id;
\echo 'A closed year cannot be settled or booked again:'
\set ON_ERROR_STOP 0
\set VERBOSITY terse
SELECT ecocomp.settle('[2024-01-01,2025-01-01)');
\set VERBOSITY default
\set ON_ERROR_STOP 1

\echo
\echo '== 10. Net transfers for 2024: at most n - 1 payments clear every position'
-- Expected by hand (the obligations of section 6 do not chain, so each is
-- its own transfer): Zhejiang -> Anhui 100 000 000.00, Guizhou -> Yunnan and
-- Sichuan -> Yunnan 20 000 000.00 each, Zhuzhou -> Pingxiang 6 000 000.00,
-- Xiantao -> Wuhan 1 572 480.00.
SELECT p.name_zh AS payer, r.name_zh AS payee, t.amount
FROM ecocomp.net_transfers('[2024-01-01,2025-01-01)') t
JOIN ecocomp.jurisdiction p ON p.code = t.payer_code
JOIN ecocomp.jurisdiction r ON r.code = t.payee_code;
SELECT agreement_id, payer_code, payee_code, charged, reversed, net, paid, outstanding
FROM ecocomp.settlement_report('[2024-01-01,2025-01-01)');

\echo
\echo '== 11. Reports filed: CSV, GeoJSON (QGIS), SVG map'
\if :{?outdir}
\else
\set outdir /tmp/ecocomp-demo
\endif
\setenv ECOCOMP_DEMO_OUT :outdir
\! mkdir -p "$ECOCOMP_DEMO_OUT"
\set csv_file :outdir '/settlement_2024.csv'
\set geojson_file :outdir '/settlement_2024.geojson'
\set svg_file :outdir '/settlement_2024.svg'
\o :csv_file
COPY (SELECT * FROM ecocomp.settlement_report('[2024-01-01,2025-01-01)')) TO STDOUT WITH (FORMAT csv, HEADER);
\o
\pset format unaligned
\pset tuples_only on
\o :geojson_file
SELECT jsonb_pretty(ecocomp.settlement_geojson('[2024-01-01,2025-01-01)'));
\o :svg_file
SELECT ecocomp.settlement_map_svg('[2024-01-01,2025-01-01)');
\o
\pset tuples_only off
\pset format aligned
\echo 'Written to the folder' :outdir ': settlement_2024.csv, settlement_2024.geojson, settlement_2024.svg'

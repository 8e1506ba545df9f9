-- Public functions whose results test/citus/run.sh compares between a single
-- server and a Citus coordinator holding the same data (test/citus/fixture.sql).
\pset pager off
SET datestyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
\echo == assessment by month
SELECT * FROM ecocomp.assessment('[2020-01-01,2021-01-01)', 'month') ORDER BY 1, 2, 3;
\echo == assessment of one section by quarter, limit rule
SELECT * FROM ecocomp.assessment('[2020-01-01,2021-01-01)', 'quarter', section_codes => '{jiekou}',
                                 censored_rule => 'limit') ORDER BY 1, 2, 3;
\echo == loads per section (pushed down whole) and per section and month
SELECT section_code,
       ecocomp.load_kg(observed_at, CASE WHEN parameter = 'TP' THEN value END,
                       CASE WHEN parameter = 'flow' THEN value END) AS tp_kg,
       ecocomp.exceedance_load_kg(observed_at, CASE WHEN parameter = 'NH3-N' THEN value END,
                                  CASE WHEN parameter = 'flow' THEN value END, 0.5) AS nh3_above_kg,
       ecocomp.beale_load_kg(observed_at, CASE WHEN parameter = 'TP' THEN value END,
                             CASE WHEN parameter = 'flow' THEN value END,
                             tstzrange('2020-01-01', '2021-01-01')) AS tp_beale_kg
FROM ecocomp.observation GROUP BY section_code ORDER BY 1;
\echo == a load over one section, grouped by month (partial states combined on the coordinator)
-- (date_trunc with the zone named: workers do not share the session's TimeZone)
SELECT date_trunc('month', observed_at, 'Asia/Shanghai') AS month,
       ecocomp.load_kg(observed_at, CASE WHEN parameter = 'TP' THEN value END,
                       CASE WHEN parameter = 'flow' THEN value END) AS tp_kg
FROM ecocomp.observation WHERE section_code = 'jiekou' GROUP BY 1 ORDER BY 1;
\echo == a load over several sections: refused on both
SELECT ecocomp.load_kg(observed_at, CASE WHEN parameter = 'TP' THEN value END,
                       CASE WHEN parameter = 'flow' THEN value END) FROM ecocomp.observation;
\echo == flow-weighted mean and classes grouped by parameter
SELECT parameter, round(ecocomp.flow_weighted_mean(value, 1.0)::numeric, 9) AS fwm,
       ecocomp.section_class(parameter, value) AS worst, count(*)
FROM ecocomp.observation WHERE parameter <> 'flow' GROUP BY 1 ORDER BY 1;
\echo == navigation
SELECT array_agg(n ORDER BY n) FROM ecocomp.navigate(3, 'UT') n;
SELECT array_agg(n ORDER BY n) FROM ecocomp.upstream_reaches(2) n;
SELECT array_agg(n ORDER BY n) FROM ecocomp.upstream_mainstem(3) n;
SELECT array_agg(n ORDER BY n) FROM ecocomp.downstream_reaches(1) n;
SELECT array_agg(n ORDER BY n) FROM ecocomp.navigate(4, 'DD', 10) n;
SELECT ecocomp.is_upstream(1, 3), ecocomp.is_upstream(5, 2);
SELECT s.code, (SELECT count(*) FROM ecocomp.upstream_reaches(s.reach_id)) AS upstream
FROM ecocomp.section s ORDER BY 1;
\echo == import_observations into the distributed table
CREATE TEMP TABLE staging (section_code text, parameter text, observed_at text,
                           value text, unit text, source text);
INSERT INTO staging VALUES
    ('jiekou', 'TP', '2021-01-01 01:00+08', '120', 'µg/L', 'import'),
    ('jiekou', 'TP', '2020-01-01 03:00+08', '0.1', NULL, 'import'),
    ('jiekou', 'TP', '2021-01-02 01:00+08', '0.1', 'furlongs', 'import'),
    ('jiekou', 'NH3-N', '2021-01-03 01:00+08', '0.2', NULL, 'twice'),
    ('jiekou', 'NH3-N', '2021-01-03 01:00+08', '0.3', NULL, 'twice');
SELECT * FROM ecocomp.import_observations('staging');
-- again, in a transaction that has already written to the distributed table:
-- every row is now stored or a duplicate
BEGIN;
UPDATE ecocomp.observation SET source = source WHERE section_code = 'jiekou';
SELECT * FROM ecocomp.import_observations('staging');
COMMIT;
SELECT staging, raw, reason FROM ecocomp.observation_reject ORDER BY raw::text, reason;
SELECT parameter, value FROM ecocomp.observation WHERE section_code = 'jiekou' AND observed_at >= '2021-01-01' ORDER BY 1;
\echo == import_air_observations into the distributed air table
INSERT INTO ecocomp.air_station (code, name, network) VALUES ('9001A', 'test station', 'national');
CREATE TEMP TABLE air_staging (station_code text, parameter text, observed_at text,
                               value text, unit text, source text);
INSERT INTO air_staging VALUES
    ('9001A', 'PM2.5', '2021-01-01 01:00+08', '0.035', 'mg/m³', 'import'),
    ('9001A', 'PM2.5', '2021-01-01 01:30+08', '35', NULL, 'import'),
    ('9001A', 'CO', '2021-01-01 02:00+08', '1200', 'µg/m³', 'import'),
    ('9001A', 'TP', '2021-01-01 02:00+08', '0.1', NULL, 'import'),
    ('nowhere', 'PM2.5', '2021-01-01 01:00+08', '35', NULL, 'import');
SELECT * FROM ecocomp.import_air_observations('air_staging');
BEGIN;
UPDATE ecocomp.observation SET source = source WHERE section_code = 'jiekou';
SELECT * FROM ecocomp.import_air_observations('air_staging');
COMMIT;
SELECT raw, reason FROM ecocomp.observation_reject WHERE staging = 'air_staging' ORDER BY raw::text, reason;
SELECT station_code, parameter, observed_at, value FROM ecocomp.air_observation ORDER BY 1, 2, 3;
\echo == settle and the obligations
SELECT ecocomp.settle('[2020-01-01,2021-01-01)') AS written;
SELECT agreement_id, period, payer_code, payee_code, amount FROM ecocomp.obligation ORDER BY 1, 2, 3;
SELECT ecocomp.settle('[2020-01-01,2021-01-01)') AS written_again;
SELECT agreement_id, issue FROM ecocomp.settlement_issue ORDER BY 1, 2;
\echo == network labels in reach, a refresh after a new reach, navigation on the swapped copy
-- reach is a reference table: refresh_network() writes its label columns and
-- swaps _reach_label with its spare by name (the shards are renamed with it)
SELECT pg_catalog.to_regclass('ecocomp.reach_label') IS NULL AS no_reach_label_view;
\set labels 'SELECT reach_id, hydroseq, terminal_id, level_path_id, strahler, shreve, up_area_km2, arbolate_km, path_km, nav_lo, nav_hi, pfaf FROM ecocomp.reach ORDER BY 1'
:labels;
INSERT INTO ecocomp.reach (reach_id, next_down, name, length_km, local_area_km2, geom) VALUES
    (6, 4, 'upper tributary', 4, 20, 'SRID=4326;LINESTRING(118.1 30.0, 118.1 29.9)');
SELECT ecocomp.refresh_network() AS labelled;
:labels;
SELECT array_agg(n ORDER BY n) FROM ecocomp.navigate(2, 'UT') n;
SELECT array_agg(n ORDER BY n) FROM ecocomp.upstream_reaches(4) n;
SELECT array_agg(n ORDER BY n) FROM ecocomp.navigate(6, 'DM') n;
-- and once more, swapping the names back
SELECT ecocomp.refresh_network(4) AS labelled_again;
SELECT reach_id, pfaf FROM ecocomp.reach ORDER BY 1;
SELECT array_agg(n ORDER BY n) FROM ecocomp.upstream_mainstem(3) n;
SELECT s.code, (SELECT count(*) FROM ecocomp.upstream_reaches(s.reach_id)) AS upstream
FROM ecocomp.section s ORDER BY 1;

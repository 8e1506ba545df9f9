-- Air benchmark data (test/bench/air.sh): a year of hourly data for
-- :cities cities × :stations stations × 6 pollutants (about 2 % of hours
-- missing), written in time order as a platform delivers it.  Prints the
-- row count and the table's size on disk.
\pset pager off
SET client_min_messages = warning;
INSERT INTO ecocomp.jurisdiction (code, name, level)
SELECT 'b' || c, 'bench city ' || c, 'prefecture' FROM generate_series(1, :cities) c;
INSERT INTO ecocomp.air_station (code, jurisdiction_code)
SELECT format('b%s-%s', c, s), 'b' || c FROM generate_series(1, :stations) s, generate_series(1, :cities) c;
-- At the national size a row-by-row primary key and foreign-key checks
-- would dominate the load: the key is built once afterwards, and the
-- foreign-key triggers are off for this throwaway database (the generated
-- codes all exist).
-- The table is unlogged here: the load writes no WAL, reads are unchanged.
ALTER TABLE ecocomp.air_observation DROP CONSTRAINT air_observation_pkey;
ALTER TABLE ecocomp.air_observation SET UNLOGGED;
SET session_replication_role = replica;
-- Values: a deterministic scramble of (station, pollutant, hour) between
-- half and one and a half times the pollutant's base; one hour in 50 missing.
INSERT INTO ecocomp.air_observation (station_code, parameter, observed_at, value)
SELECT st.code, p.par, timestamptz '2024-01-01 01:00+08' + h * interval '1 hour',
       p.base * (0.5 + ((h * 7919 + st.k * 104729 + p.k * 1299709) % 1000) / 1000.0)
FROM generate_series(0, 366 * 24 - 1) h
CROSS JOIN (SELECT code, row_number() OVER (ORDER BY code) AS k FROM ecocomp.air_station) st
CROSS JOIN (VALUES (1, 'PM2.5', 70.0), (2, 'PM10', 120.0), (3, 'SO2', 20.0), (4, 'NO2', 50.0),
                   (5, 'O3', 140.0), (6, 'CO', 1.2)) AS p (k, par, base)
WHERE (h * 104723 + st.k * 7907 + p.k * 15485863) % 50 <> 0;
RESET session_replication_role;
SET maintenance_work_mem = '1GB';
ALTER TABLE ecocomp.air_observation ADD CONSTRAINT air_observation_pkey
    PRIMARY KEY (station_code, parameter, observed_at);
VACUUM ANALYZE ecocomp.air_observation;
SELECT count(*) AS hourly_rows,
       pg_size_pretty(pg_table_size('ecocomp.air_observation')) AS heap,
       pg_size_pretty(pg_indexes_size('ecocomp.air_observation')) AS indexes
FROM ecocomp.air_observation;

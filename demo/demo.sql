-- ecocomp demo: a year of horizontal ecological compensation in the Yangtze
-- basin, settled from monitoring data.
--
-- Real: province and prefecture boundaries (CTAmap 2023 via cn-atlas), the
-- Natural Earth 1:10m rivers, the rules and parameters of the schemes (see
-- docs/methods).  Illustrative: the monitoring values, generated below so
-- that every amount can be checked by hand (the expected amounts are in the
-- comments).
\pset pager off
\pset footer off
SET client_min_messages = warning;
SET datestyle = 'ISO, YMD';
CREATE EXTENSION ecocomp CASCADE;


-- The parts, in order; each builds on the ones before it.
\ir 10_geography.sql
\ir 20_monitoring.sql
\ir 30_compensation.sql
\ir 40_settlement.sql
\ir 50_air.sql

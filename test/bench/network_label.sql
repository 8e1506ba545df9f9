-- Included (\ir) by network.sql: loads the generated network of :reaches
-- reaches (:divergences of them diverging) into ecocomp.reach when :load is 'on', then
-- times refresh_network() in a fresh backend (\c, so the peak memory is this
-- run's) and records it in labelling as (:reaches, :'run').
\if :load
DELETE FROM ecocomp.reach;   -- not TRUNCATE: it would cascade to the append-only ledger
TRUNCATE gen;
\setenv NETWORK_GEN_ARGS :reaches' ':divergences' 7'
\copy gen FROM program 'python3 test/bench/network_gen.py $NETWORK_GEN_ARGS' WITH (FORMAT csv)
INSERT INTO ecocomp.reach (reach_id, next_down, next_down_minor, length_km, local_area_km2) SELECT * FROM gen;
VACUUM ANALYZE ecocomp.reach;
\endif
\c
SET client_min_messages = debug1;
SELECT clock_timestamp() AS t0 \gset
SELECT ecocomp.refresh_network() AS labelled;
SET client_min_messages = notice;
INSERT INTO labelling SELECT :reaches, :'run', extract(epoch FROM clock_timestamp() - :'t0'), public.peak_rss_mb();

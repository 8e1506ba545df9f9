#!/bin/sh
# Air benchmark: air_assessment() over a year of hourly data beside one plain
# GROUP BY station, parameter, day pass over the same rows, from the same
# run, with their ratio; best of BENCH_RUNS (default 3).  Size: BENCH_CITIES
# (default 20) × BENCH_STATIONS (default 5) stations × 8 784 hours × 6
# pollutants; DESIGN's national size is BENCH_CITIES=340 (about 90 M rows,
# some 10 GB with indexes).  With ECOCOMP_PGENV=1 it runs in the server given
# by PGHOST/PGPORT; otherwise in pg_virtualenv.
set -eu
cd "$(dirname "$0")/../.."
export BENCH_RUNS="${BENCH_RUNS:-3}"
export BENCH_CITIES="${BENCH_CITIES:-20}"
export BENCH_STATIONS="${BENCH_STATIONS:-5}"
run='
dropdb --if-exists ecocomp_bench_air >/dev/null 2>&1
createdb ecocomp_bench_air
psql -X -q -v ON_ERROR_STOP=1 -d ecocomp_bench_air -c "CREATE EXTENSION ecocomp CASCADE" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d ecocomp_bench_air -v runs="$BENCH_RUNS" -v cities="$BENCH_CITIES" \
     -v stations="$BENCH_STATIONS" -f test/bench/air.sql
dropdb ecocomp_bench_air
'
if [ "${ECOCOMP_PGENV:-0}" = 1 ]; then sh -c "$run"; else exec pg_virtualenv -t sh -c "$run"; fi

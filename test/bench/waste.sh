#!/bin/sh
# Hazardous-waste and protected-area benchmark: transfer_matrix() over
# BENCH_MANIFESTS manifests (default 1 000 000) of a year at province and
# prefecture level, beside a plain GROUP BY of the same rows over a
# precomputed roll-up; protected_area_share() of a 10 000-vertex wetland
# against BENCH_COUNTIES generated county squares (default 2 850), beside a
# naive ST_Intersection join of the same polygons.  Both from the same run,
# with their ratio; best of BENCH_RUNS (default 3).  With ECOCOMP_PGENV=1 it
# runs in the server given by PGHOST/PGPORT; otherwise in pg_virtualenv.
set -eu
cd "$(dirname "$0")/../.."
export BENCH_RUNS="${BENCH_RUNS:-3}"
export BENCH_MANIFESTS="${BENCH_MANIFESTS:-1000000}"
export BENCH_COUNTIES="${BENCH_COUNTIES:-2850}"
run='
dropdb --if-exists ecocomp_bench_waste >/dev/null 2>&1
createdb ecocomp_bench_waste
psql -X -q -v ON_ERROR_STOP=1 -d ecocomp_bench_waste -c "CREATE EXTENSION ecocomp CASCADE" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d ecocomp_bench_waste -v runs="$BENCH_RUNS" -v manifests="$BENCH_MANIFESTS" \
     -v counties="$BENCH_COUNTIES" -f test/bench/waste.sql
dropdb ecocomp_bench_waste
'
if [ "${ECOCOMP_PGENV:-0}" = 1 ]; then sh -c "$run"; else exec pg_virtualenv -t sh -c "$run"; fi

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
exec sh test/bench/run_sql ecocomp_bench_waste test/bench/waste.sql -v runs="${BENCH_RUNS:-3}" \
    -v manifests="${BENCH_MANIFESTS:-1000000}" -v counties="${BENCH_COUNTIES:-2850}"

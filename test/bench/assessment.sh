#!/bin/sh
# Annual assessment at national scale: BENCH_SECTIONS sections (default
# 3 641, China's national network) x 6 samples a day x 4 parameters (flow,
# NH3-N, TP, CODMn) for the year 2023 (31.9 million observations).  Prints,
# from the same run and the same rows:
#   ecocomp.assessment(year)      the C aggregates
#   GROUP BY + avg()              SELECT section_code, parameter, avg(value) ... GROUP BY 1, 2
#   hand-written SQL              test/bench/assessment_analyst.sql (same result)
# with the ratios to the GROUP BY, and the memory of the aggregation (EXPLAIN
# ANALYZE of the leader and the workers) and the peak resident memory of
# the backend.  Times are the best of BENCH_RUNS runs (default 3; the
# hand-written SQL runs once).  Needs the extension installed (make install).
set -eu
cd "$(dirname "$0")/../.."
export BENCH_SECTIONS="${BENCH_SECTIONS:-3641}"
export BENCH_RUNS="${BENCH_RUNS:-3}"
# With ECOCOMP_PGENV=1, in the cluster the environment points at (PGHOST,
# PGPORT: a shared machine's private slot; it needs max_parallel_workers >= 2).
if [ "${ECOCOMP_PGENV:-}" = 1 ]; then
    exec sh test/bench/assessment_run
fi
exec pg_virtualenv -t -o max_worker_processes=8 -o max_parallel_workers=4 \
    -o max_parallel_workers_per_gather=2 -o fsync=off -o synchronous_commit=off \
    -o max_wal_size=20GB -o checkpoint_timeout=1h -o shared_buffers=256MB \
    sh test/bench/assessment_run

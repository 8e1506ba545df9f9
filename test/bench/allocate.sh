#!/bin/sh
# allocate() against the same largest-remainder split written in plain SQL
# (numeric arithmetic and a window function), on BENCH_N random weights
# (default 1 000 000) for a total of 100 000 000.00 yuan.  Prints both times
# from the same run, the ratio, and whether the two splits agree.  Best of
# BENCH_RUNS runs (default 3).  Needs the extension installed (make install);
# Run through test/bench/run_sql.
set -eu
cd "$(dirname "$0")/../.."
exec sh test/bench/run_sql ecocomp_bench_allocate test/bench/allocate.sql -v runs="${BENCH_RUNS:-3}" -v n="${BENCH_N:-1000000}"

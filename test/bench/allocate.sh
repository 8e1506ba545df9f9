#!/bin/sh
# allocate() against the same largest-remainder split written in plain SQL
# (numeric arithmetic and a window function), on BENCH_N random weights
# (default 1 000 000) for a total of 100 000 000.00 yuan.  Prints both times
# from the same run, the ratio, and whether the two splits agree.  Best of
# BENCH_RUNS runs (default 3).  Needs the extension installed (make install).
set -eu
cd "$(dirname "$0")/../.."
export BENCH_RUNS="${BENCH_RUNS:-3}"
export BENCH_N="${BENCH_N:-1000000}"
exec pg_virtualenv -t sh -c '
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION ecocomp CASCADE" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -v runs="$BENCH_RUNS" -v n="$BENCH_N" -f test/bench/allocate.sql
'

#!/bin/sh
# settle() over generated data: BENCH_SECTIONS sections (default 1000), each
# with two samples a month of NH3-N, TP and CODMn and a daily flow for one
# year, and four agreements per section (class_target monthly,
# flux_exceedance monthly, index_ratio, compliance_rate).  Prints, from the
# same run: settle() of all agreements, settle() of one agreement, and the
# baseline: one GROUP BY section, parameter, month pass over the same
# observations; and the ratio.  Best of BENCH_RUNS runs (default 3).
# Needs the extension installed (make install).
set -eu
cd "$(dirname "$0")/../.."
export BENCH_RUNS="${BENCH_RUNS:-3}"
export BENCH_SECTIONS="${BENCH_SECTIONS:-1000}"
exec pg_virtualenv -t sh -c '
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION ecocomp CASCADE" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -v runs="$BENCH_RUNS" -v sections="$BENCH_SECTIONS" -f test/bench/settle.sql
'

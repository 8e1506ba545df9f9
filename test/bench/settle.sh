#!/bin/sh
# settle() over generated data: BENCH_SECTIONS sections (default 1000), each
# with two samples a month of NH3-N, TP and CODMn and a daily flow for one
# year, and four agreements per section (class_target monthly,
# flux_exceedance monthly, index_ratio, compliance_rate).  Prints, from the
# same run: settle() of all agreements, settle() of one agreement, and the
# baseline: one GROUP BY section, parameter, month pass over the same
# observations; and the ratio.  Best of BENCH_RUNS runs (default 3).
# Needs the extension installed (make install); run through
# test/bench/run_sql.
set -eu
cd "$(dirname "$0")/../.."
exec sh test/bench/run_sql ecocomp_bench_settle test/bench/settle.sql -v runs="${BENCH_RUNS:-3}" \
    -v sections="${BENCH_SECTIONS:-1000}"

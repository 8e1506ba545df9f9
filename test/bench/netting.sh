#!/bin/sh
# Netting at national scale: BENCH_PARTIES jurisdictions (default 3 000) and
# BENCH_OBLIGATIONS booked obligations (default 100 000) between random
# pairs, amounts random to the fen.  Prints, from the same run and the same
# ledger rows:
#   ecocomp.net_transfers(period)   the C kernel (positions + transfers)
#   ecocomp.net_positions(period)   the positions alone
#   plain SQL                       test/bench/netting.sql: GROUP BY for the
#                                   positions, running sums and a range join
#                                   for the same largest-first transfers
# with the ratio, and whether both give the same transfers.  Best of
# BENCH_RUNS runs (default 3).  Needs the extension installed (make install);
# Run through test/bench/run_sql.
set -eu
cd "$(dirname "$0")/../.."
export BENCH_SERVER_OPTS="-o fsync=off -o synchronous_commit=off"
exec sh test/bench/run_sql ecocomp_bench_netting test/bench/netting.sql -v parties="${BENCH_PARTIES:-3000}" \
    -v obligations="${BENCH_OBLIGATIONS:-100000}" -v runs="${BENCH_RUNS:-3}"

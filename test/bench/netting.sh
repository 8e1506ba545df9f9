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
# BENCH_RUNS runs (default 3).  Needs the extension installed (make install).
set -eu
cd "$(dirname "$0")/../.."
export BENCH_PARTIES="${BENCH_PARTIES:-3000}"
export BENCH_OBLIGATIONS="${BENCH_OBLIGATIONS:-100000}"
export BENCH_RUNS="${BENCH_RUNS:-3}"
run='
db=ecocomp_bench_netting
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION ecocomp CASCADE" >/dev/null 2>&1
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v parties="$BENCH_PARTIES" -v obligations="$BENCH_OBLIGATIONS" \
     -v runs="$BENCH_RUNS" -f test/bench/netting.sql
rc=$?
[ "${BENCH_KEEP:-}" = 1 ] || dropdb "$db"
exit $rc
'
# With ECOCOMP_PGENV=1, in the cluster the environment points at.
if [ "${ECOCOMP_PGENV:-}" = 1 ]; then
    exec sh -c "$run"
fi
exec pg_virtualenv -t -o fsync=off -o synchronous_commit=off sh -c "$run"

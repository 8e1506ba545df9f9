#!/bin/sh
# River network engine on a generated network of 1 M reaches (critical
# Galton-Watson topology, depth in the thousands, 300 divergences; see
# network_gen.py).  Prints, from the same run:
#   labelling   refresh_network() on 250 k, 500 k and 1 M reaches (linear?),
#               then again on the unchanged 1 M network; backend peak RSS
#   UT          navigate(start, 'UT') for upstream sets of about 1 k, 10 k,
#               100 k reaches and the whole basin, beside
#                 floor    an index range scan returning the same number of rows
#                 SRF floor  the same scan returned by a PL/pgSQL set-returning
#                          function (the tuplestore every function in FROM pays)
#                 CTE      a recursive CTE over next_down / next_down_minor
#                 pgr      pgr_breadthFirstSearch on the same edges
#               with the ratios, and whether all result sets are identical
#   UM, DM, DD  and is_upstream from the 100 k start
# Median of BENCH_RUNS runs (default 5; at most 3 for the slow baselines).
# Needs the extension installed (make install) and python3.  With
# ECOCOMP_PGENV=1 it runs in a scratch database of the server PGHOST/PGPORT
# point to (its settings as they are); otherwise in a throwaway cluster.
set -eu
cd "$(dirname "$0")/../.."
export BENCH_RUNS="${BENCH_RUNS:-5}"
run='
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION ecocomp CASCADE" >/dev/null 2>&1
PGOPTIONS="${PGOPTIONS:-} -c bench.runs=$BENCH_RUNS" psql -X -q -v ON_ERROR_STOP=1 -v runs="$BENCH_RUNS" -f test/bench/network.sql
'
if [ "${ECOCOMP_PGENV:-0}" = 1 ]; then
    export PGDATABASE=ecocomp_bench_network
    dropdb --if-exists "$PGDATABASE" && createdb "$PGDATABASE"
    PGOPTIONS="-c work_mem=64MB -c maintenance_work_mem=512MB" sh -c "$run"
    dropdb "$PGDATABASE"
else
    exec pg_virtualenv -t -o shared_buffers=1GB -o work_mem=64MB -o maintenance_work_mem=512MB \
        -o max_wal_size=8GB -o checkpoint_timeout=30min sh -c "$run"
fi

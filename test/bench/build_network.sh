#!/bin/sh
# build_network() on real and generated river lines.  Prints, for each data
# set, from the same run and the same lines:
#   build_network       ecocomp.build_network(lines, outlet, tolerance)
#   ST_Node baseline    ST_Dump(ST_Node(ST_Collect(parts))) over the same lines
#                       (PostGIS noding alone: no snapping, no orientation)
# and their ratio.  Best of BENCH_RUNS runs (default 3).  Data sets: Natural
# Earth rivers.geojson and rivers_scale_rank.geojson (the second from
# $DATA_DIR, default ../shared/data/yangtze beside the checkout, skipped if
# absent), NHDPlus
# coastal.csv (29 outlets), and a generated comb of about BENCH_LINES
# 2-point lines (default 10 000), half of them reversed.
# Needs the extension installed (make install).  With ECOCOMP_PGENV=1 it runs
# in the server given by PGHOST/PGPORT; otherwise in pg_virtualenv.
set -eu
cd "$(dirname "$0")/../.."
export BENCH_RUNS="${BENCH_RUNS:-3}"
export BENCH_LINES="${BENCH_LINES:-10000}"
export DATA_DIR="${DATA_DIR:-$(pwd)/../shared/data/yangtze}"
run='
dropdb --if-exists ecocomp_bench_build_network >/dev/null 2>&1
createdb ecocomp_bench_build_network
psql -X -q -v ON_ERROR_STOP=1 -d ecocomp_bench_build_network -c "CREATE EXTENSION ecocomp CASCADE" >/dev/null
rsr=/dev/null; [ -r "$DATA_DIR/rivers_scale_rank.geojson" ] && rsr="$DATA_DIR/rivers_scale_rank.geojson"
psql -X -q -v ON_ERROR_STOP=1 -d ecocomp_bench_build_network -v runs="$BENCH_RUNS" -v lines="$BENCH_LINES" -v rsr="$rsr" \
     -f test/bench/build_network.sql
dropdb ecocomp_bench_build_network
'
if [ "${ECOCOMP_PGENV:-0}" = 1 ]; then sh -c "$run"; else exec pg_virtualenv -t sh -c "$run"; fi

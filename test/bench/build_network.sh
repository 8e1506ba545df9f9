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
data=${DATA_DIR:-$(pwd)/../shared/data/yangtze}
rsr=/dev/null; [ -r "$data/rivers_scale_rank.geojson" ] && rsr="$data/rivers_scale_rank.geojson"
exec sh test/bench/run_sql ecocomp_bench_build_network test/bench/build_network.sql -v runs="${BENCH_RUNS:-3}" \
    -v lines="${BENCH_LINES:-10000}" -v rsr="$rsr"

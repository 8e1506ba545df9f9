#!/bin/sh
# refresh_crossings() on real and generated data.  Prints, for each data set,
# from the same run and the same reaches and polygons:
#   refresh_crossings   ecocomp.refresh_crossings(level, 1000): subdivided
#                       polygons and their 1 km buffers, GiST joins, the C
#                       bookkeeping, rows written
#   naive join          SELECT ST_Intersection(r.geom, j.geom) FROM reach r
#                       JOIN jurisdiction j ON ST_Intersects(r.geom, j.geom)
#                       (whole polygons, no tolerance, nothing written)
# and their ratio.  Data sets: the Yangtze data of test/data (13 provinces
# and 58 prefectures, Natural Earth rivers; best of BENCH_RUNS runs, default
# 3) and a generated county mesh of China's size: BENCH_COUNTIES Voronoi
# cells (default 2 850) over 75-125E 20-45N, edges cut every 0.02 degree
# (about 150 vertices a county), and BENCH_RIVERS wiggling rivers of 100
# reaches each (default 1 000: 100 000 reaches; one run).  With
# ECOCOMP_PGENV=1, in the cluster the environment points at; otherwise in a
# throwaway cluster.  Needs the extension installed (make install).
set -eu
cd "$(dirname "$0")/../.."
exec sh test/bench/run_sql ecocomp_bench_crossings test/bench/crossings.sql -v runs="${BENCH_RUNS:-3}" \
    -v ncounties="${BENCH_COUNTIES:-2850}" -v nrivers="${BENCH_RIVERS:-1000}"

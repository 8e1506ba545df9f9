#!/bin/sh
# Air benchmark: air_assessment() over a year of hourly data beside one plain
# GROUP BY station, parameter, day pass over the same rows, from the same
# run, with their ratio.  The two queries alternate, each in a fresh
# connection, BENCH_RUNS times (default 3): the best time of each is
# reported, so a burst of load on a shared machine hits both alike.  Memory:
# the peak resident set (VmHWM) of the backend that ran the query, shared
# buffers it touched included, parallel workers not (NULL unless the user
# may read /proc through pg_read_file).  Size: BENCH_CITIES (default 20) ×
# BENCH_STATIONS (default 5) stations × 8 784 hours × 6 pollutants; DESIGN's
# national size is BENCH_CITIES=340 (about 90 M rows, some 10 GB with
# indexes).  With ECOCOMP_PGENV=1 it runs in the server given by
# PGHOST/PGPORT; otherwise in pg_virtualenv.
set -eu
cd "$(dirname "$0")/../.."
if [ "${ECOCOMP_PGENV:-0}" != 1 ]; then
    ECOCOMP_PGENV=1 exec pg_virtualenv -t sh "$0"
fi
runs="${BENCH_RUNS:-3}"
cities="${BENCH_CITIES:-20}"
stations="${BENCH_STATIONS:-5}"
db=ecocomp_bench_air

dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION ecocomp CASCADE" >/dev/null
echo "size: $cities cities × $stations stations × 6 pollutants × 8 784 hours (2024), best of $runs"
start=$(date +%s)
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v cities="$cities" -v stations="$stations" -f test/bench/air.sql
echo "load: $(( $(date +%s) - start )) s"

ecocomp_q="SELECT count(*) FROM ecocomp.air_assessment('[2024-01-01,2025-01-01)', 'year')"
baseline_q="SELECT count(*) FROM (
    SELECT station_code, parameter, ((observed_at AT TIME ZONE 'Asia/Shanghai') - interval '1 hour')::date,
           avg(value), count(*)
    FROM ecocomp.air_observation
    WHERE observed_at > '2024-01-01 00:00+08' AND observed_at <= '2025-01-01 00:00+08'
    GROUP BY 1, 2, 3) x"

# One run of a query in a fresh backend: "milliseconds peak_kB".
measure() {
    psql -X -q -At -F ' ' -v ON_ERROR_STOP=1 -d "$db" <<SQL
SET client_min_messages = warning;
CREATE FUNCTION pg_temp.peak_kb() RETURNS bigint LANGUAGE plpgsql AS \$f\$
BEGIN
    RETURN (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'), 'VmHWM:\s+(\d+) kB'))[1];
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END \$f\$;
CREATE FUNCTION pg_temp.run_ms(q text) RETURNS float8 LANGUAGE plpgsql AS \$f\$
DECLARE
    t0 timestamptz := clock_timestamp();
BEGIN
    EXECUTE q;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END \$f\$;
SELECT round(pg_temp.run_ms(\$q\$$1\$q\$)::numeric), coalesce(pg_temp.peak_kb()::text, 'NULL');
SQL
}

results=""
i=0
while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    e=$(measure "$ecocomp_q")
    b=$(measure "$baseline_q")
    echo "run $i: air_assessment $e | group_by $b (ms, peak kB)"
    results="$results
e $e
b $b"
done
echo "$results" | awk '
    $1 == "e" && (best_e == "" || $2 < best_e) { best_e = $2; mem_e = $3 }
    $1 == "b" && (best_b == "" || $2 < best_b) { best_b = $2; mem_b = $3 }
    END {
        printf "air_assessment_ms | group_by_day_ms | ratio | air_assessment_peak_kB | group_by_peak_kB\n"
        printf "%s | %s | %.2f | %s | %s\n", best_e, best_b, best_e / best_b, mem_e, mem_b
    }'

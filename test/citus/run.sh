#!/bin/sh
# ecocomp on a real three-node Citus cluster: starts a coordinator and two
# workers on loopback (ports CITUS_TEST_PORT, +1, +2; default 57630) from the
# PostgreSQL in PG_CONFIG (with Citus installed in it; docs/scale.md builds
# it), loads test/citus/fixture.sql, runs distribute() and compares the
# results of test/citus/checks.sql with those of a single server (a plain
# database of the same coordinator).  Prints TAP.  Without Citus it prints a
# skip line and succeeds.
set -u
cd "$(dirname "$0")/../.."
PG_CONFIG=${PG_CONFIG:-pg_config}
bin=$("$PG_CONFIG" --bindir)
if [ ! -f "$("$PG_CONFIG" --pkglibdir)/citus.so" ]; then
    echo "1..0 # SKIP Citus is not installed in $("$PG_CONFIG" --pkglibdir) (see docs/scale.md)"
    exit 0
fi
port=${CITUS_TEST_PORT:-57630}
dir=$(mktemp -d /tmp/ecocomp-citus.XXXXXX)
out=$dir/out
mkdir -p "$out"
# initdb and postgres refuse to run as root
as_pg=""
if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    as_pg="runuser -u postgres --"
fi
nodes="0 1 2"
stop() {
    if [ "${CITUS_TEST_KEEP:-}" = 1 ]; then   # leave the cluster up to look around
        echo "# cluster kept: psql -h 127.0.0.1 -p $port -U postgres ecocomp_citus; stop: pg_ctl -D $dir/nN stop"
        return
    fi
    for n in $nodes; do
        $as_pg "$bin/pg_ctl" -D "$dir/n$n" -m immediate stop >/dev/null 2>&1
    done
    rm -rf "$dir"
}
trap stop EXIT INT TERM

t=0
failed=0
ok() { t=$((t + 1)); echo "ok $t - $1"; }
not_ok() { t=$((t + 1)); failed=$((failed + 1)); echo "not ok $t - $1"; }

for n in $nodes; do
    $as_pg "$bin/initdb" -D "$dir/n$n" -A trust -U postgres --no-sync >"$out/initdb$n.log" 2>&1 ||
        { cat "$out/initdb$n.log"; echo "Bail out! initdb failed"; exit 1; }
    cat >>"$dir/n$n/postgresql.conf" <<CONF
port = $((port + n))
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
shared_preload_libraries = 'citus'
fsync = off
max_connections = 60
max_worker_processes = 16
citus.log_remote_commands = off
CONF
    $as_pg "$bin/pg_ctl" -D "$dir/n$n" -l "$dir/n$n/log" -w start >/dev/null ||
        { cat "$dir/n$n/log"; echo "Bail out! node $n did not start"; exit 1; }
done

q() {   # node database [psql args]
    n=$1; db=$2; shift 2
    "$bin/psql" -X -q -h 127.0.0.1 -p $((port + n)) -U postgres -d "$db" -v ON_ERROR_STOP=1 "$@"
}
for n in $nodes; do
    q "$n" postgres -c "CREATE DATABASE ecocomp_citus" || exit 1
    q "$n" ecocomp_citus -c "CREATE EXTENSION citus" || exit 1
done
q 0 postgres -c "CREATE DATABASE ecocomp_single" || exit 1
if q 0 ecocomp_citus >"$out/cluster.log" 2>&1 <<SQL
SELECT citus_set_coordinator_host('127.0.0.1', $port);
SELECT citus_add_node('127.0.0.1', $((port + 1)));
SELECT citus_add_node('127.0.0.1', $((port + 2)));
SQL
then ok "a coordinator and two workers on ports $port-$((port + 2))"
else cat "$out/cluster.log"; not_ok "a coordinator and two workers"; fi

# The extension on the coordinator; Citus creates it on the workers too.
q 0 ecocomp_single -c "CREATE EXTENSION ecocomp CASCADE" >/dev/null 2>&1
if q 0 ecocomp_citus -c "CREATE EXTENSION ecocomp CASCADE" >"$out/ext.log" 2>&1 &&
   [ "$(q 1 ecocomp_citus -At -c "SELECT count(*) FROM pg_extension WHERE extname = 'ecocomp'")" = 1 ] &&
   [ "$(q 2 ecocomp_citus -At -c "SELECT count(*) FROM pg_extension WHERE extname = 'ecocomp'")" = 1 ]
then ok "CREATE EXTENSION ecocomp on the coordinator reaches both workers"
else cat "$out/ext.log"; not_ok "CREATE EXTENSION ecocomp reaches the workers"; fi

# Distribute first, then load: the importer writes into distributed tables.
if q 0 ecocomp_citus -At -F ' ' -c "SELECT * FROM ecocomp.distribute(8)" >"$out/distribute.out" 2>&1; then
    ok "distribute(8): $(grep -c reference "$out/distribute.out") reference tables, $(grep -c distributed "$out/distribute.out") distributed, $(grep -c local "$out/distribute.out") local"
    sed 's/^/# /' "$out/distribute.out"
else
    cat "$out/distribute.out"; not_ok "distribute(8)"
    echo "Bail out! distribute() failed: nothing to compare"
    exit 1
fi
if q 0 ecocomp_citus -At -c "SELECT count(*) FROM pg_dist_shard s JOIN pg_dist_partition p USING (logicalrelid)
                             WHERE p.logicalrelid = 'ecocomp.observation'::regclass AND p.partmethod = 'h'" \
       >"$out/shards.out" 2>&1 && [ "$(cat "$out/shards.out")" = 8 ]
then ok "observation is hash-distributed in 8 shards"
else cat "$out/shards.out"; not_ok "observation is hash-distributed in 8 shards"; fi
if q 0 ecocomp_citus -At -c "SELECT * FROM ecocomp.distribute(8) WHERE citus_table NOT LIKE 'local%'" >"$out/again.out" 2>&1 &&
   [ ! -s "$out/again.out" ]
then ok "distribute() again does nothing"
else cat "$out/again.out"; not_ok "distribute() again does nothing"; fi

for db in ecocomp_single ecocomp_citus; do
    q 0 "$db" -f test/citus/fixture.sql >"$out/fixture.$db" 2>&1 ||
        { sed 's/^/# /' "$out/fixture.$db"; }
done
if diff "$out/fixture.ecocomp_single" "$out/fixture.ecocomp_citus" >"$out/fixture.diff"
then ok "fixture loads the same (network labels, observations, agreements)"
else sed 's/^/# /' "$out/fixture.diff"; not_ok "fixture loads the same"; fi
if [ "$(q 1 ecocomp_citus -At -c "SELECT count(*) FROM ecocomp.observation")" = \
     "$(q 0 ecocomp_single -At -c "SELECT count(*) FROM ecocomp.observation")" ]
then ok "a worker sees every observation through the distributed table"
else not_ok "a worker sees every observation"; fi

# Each block of checks.sql on its own: one line per block.
awk '/^\\echo == /{n++} {print > (dir "/block" sprintf("%02d", n) ".sql")}' dir="$out" test/citus/checks.sql
head=$out/block00.sql
for f in "$out"/block[0-9]*.sql; do
    [ "$f" = "$head" ] && continue
    name=$(sed -n 's/^\\echo == //p' "$f")
    cat "$head" "$f" >"$out/run.sql"
    q 0 ecocomp_single -f "$out/run.sql" >"$out/single.out" 2>&1
    q 0 ecocomp_citus -f "$out/run.sql" >"$out/citus.out" 2>&1
    if grep -q 'ERROR:' "$out/single.out" && ! echo "$name" | grep -q 'refused'; then
        # equal errors on both sides would compare equal: only blocks named
        # "refused" may stop on one
        sed 's/^/# /' "$out/single.out" | grep -A3 'ERROR:'
        not_ok "same on Citus: $name (the single server fails)"
    elif diff "$out/single.out" "$out/citus.out" >"$out/diff"; then
        ok "same on Citus: $name"
    else
        sed 's/^/# /' "$out/diff" | head -n 40
        not_ok "same on Citus: $name"
    fi
done

# What pushes down whole and what combines on the coordinator.
q 0 ecocomp_citus >"$out/explain.out" 2>&1 <<'SQL'
EXPLAIN (COSTS OFF) SELECT section_code, ecocomp.load_kg(observed_at, value, NULL) FROM ecocomp.observation GROUP BY 1;
SQL
if grep -q "Task Count: 8" "$out/explain.out" && ! grep -q "worker_partial_agg" "$out/explain.out"
then ok "grouped by section the aggregate runs whole on the workers"
else sed 's/^/# /' "$out/explain.out"; not_ok "grouped by section the aggregate runs whole on the workers"; fi
q 0 ecocomp_citus >"$out/explain2.out" 2>&1 <<'SQL'
EXPLAIN (COSTS OFF, VERBOSE) SELECT parameter, ecocomp.flow_weighted_mean(value, 1.0) FROM ecocomp.observation GROUP BY 1;
SQL
if grep -q "worker_partial_agg" "$out/explain2.out" && grep -q "coord_combine_agg" "$out/explain2.out"
then ok "grouped otherwise the states are combined on the coordinator"
else sed 's/^/# /' "$out/explain2.out"; not_ok "grouped otherwise the states are combined on the coordinator"; fi

echo "1..$t"
[ "$failed" = 0 ]

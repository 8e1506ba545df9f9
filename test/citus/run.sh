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

# Every node in another time zone, none of them the checks' session zone
# (Asia/Shanghai): the workers run their part of a query in their own TimeZone.
zones="UTC America/New_York Pacific/Auckland"
for n in $nodes; do
    $as_pg "$bin/initdb" -D "$dir/n$n" -A trust -U postgres --no-sync >"$out/initdb$n.log" 2>&1 ||
        { cat "$out/initdb$n.log"; echo "Bail out! initdb failed"; exit 1; }
    cat >>"$dir/n$n/postgresql.conf" <<CONF
port = $((port + n))
timezone = '$(echo $zones | cut -d' ' -f$((n + 1)))'
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
if q 0 ecocomp_citus -At -F ' ' -c "SET client_min_messages = warning" -c "SELECT * FROM ecocomp.distribute(8)" >"$out/distribute.out" 2>&1; then
    ok "distribute(8): $(grep -c ' reference$' "$out/distribute.out") reference tables, $(grep -c ' distributed by ' "$out/distribute.out") distributed, $(grep -c ' local (row-level security)$' "$out/distribute.out") local"
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
# distribute() made the foreign keys to section plain ones: renaming a section
# that has observations cascades on one server and is refused on Citus.
rename="BEGIN; UPDATE ecocomp.section SET code = 'jiekou-renamed' WHERE code = 'jiekou';
        SELECT count(*) > 0 FROM ecocomp.observation WHERE section_code = 'jiekou-renamed'; ROLLBACK;"
if [ "$(q 0 ecocomp_single -At -c "$rename" 2>&1)" = t ] &&
   q 0 ecocomp_citus -At -v VERBOSITY=sqlstate -c "$rename" 2>&1 | grep -q 'ERROR:  23503'
then ok "renaming a section with observations: cascades on one server, 23503 on Citus"
else not_ok "renaming a section with observations: cascades on one server, 23503 on Citus"; fi

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

# The comparison sees the workers' time zones: a month taken without naming
# the zone is the worker's month on Citus (why ecocomp's functions name theirs).
if [ "$(q 1 ecocomp_citus -At -c 'SHOW TimeZone')/$(q 2 ecocomp_citus -At -c 'SHOW TimeZone')" = America/New_York/Pacific/Auckland ]
then ok "the workers run in America/New_York and Pacific/Auckland, the checks' sessions in Asia/Shanghai"
else not_ok "the workers run in their own time zones"; fi
zoneless="SET TimeZone = 'Asia/Shanghai'; SELECT date_trunc('month', observed_at), count(*) FROM ecocomp.observation GROUP BY 1 ORDER BY 1"
if [ "$(q 0 ecocomp_single -At -c "$zoneless")" != "$(q 0 ecocomp_citus -At -c "$zoneless")" ]
then ok "a zone-less date_trunc() over the observations differs between Citus and one server"
else not_ok "a zone-less date_trunc() over the observations differs between Citus and one server"; fi

# pg_dump of the coordinator holds the rows of the distributed tables.
# Restored into a new cluster (schema, then rows without triggers, then
# distribute()) and, without Citus, into a single database: every ecocomp
# table holds the same rows as the cluster, and the assessment is the same.
tables=$(q 0 ecocomp_single -At -c "SELECT c.relname FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'e'
                                    WHERE c.relkind = 'r' AND c.relnamespace = 'ecocomp'::regnamespace ORDER BY 1")
: >"$out/digest.sql"
for tb in $tables; do
    # rows as text on the coordinator: on a worker r::text would write times in its zone
    echo "WITH r AS MATERIALIZED (SELECT * FROM ecocomp.$tb) SELECT '$tb', count(*), md5(coalesce(string_agg(r::text, ' ' ORDER BY r::text), '')) FROM r;" >>"$out/digest.sql"
done
"$bin/pg_dump" -h 127.0.0.1 -p "$port" -U postgres -Fc -f "$out/cluster.dump" ecocomp_citus >"$out/dump.log" 2>&1 ||
    { sed 's/^/# /' "$out/dump.log"; not_ok "pg_dump of the coordinator"; }
for n in $nodes; do
    q "$n" postgres -c "CREATE DATABASE ecocomp_restored" && q "$n" ecocomp_restored -c "CREATE EXTENSION citus"
done >"$out/restore.log" 2>&1
q 0 postgres -c "CREATE DATABASE ecocomp_plain" >>"$out/restore.log" 2>&1
if q 0 ecocomp_restored >>"$out/restore.log" 2>&1 <<SQL &&
SELECT citus_set_coordinator_host('127.0.0.1', $port);
SELECT citus_add_node('127.0.0.1', $((port + 1)));
SELECT citus_add_node('127.0.0.1', $((port + 2)));
SQL
   "$bin/pg_restore" -h 127.0.0.1 -p "$port" -U postgres --schema-only -d ecocomp_restored "$out/cluster.dump" >>"$out/restore.log" 2>&1 &&
   "$bin/pg_restore" -h 127.0.0.1 -p "$port" -U postgres --data-only --disable-triggers -d ecocomp_restored "$out/cluster.dump" >>"$out/restore.log" 2>&1 &&
   q 0 ecocomp_restored -c "SELECT * FROM ecocomp.distribute(8)" >>"$out/restore.log" 2>&1 &&
   q 0 ecocomp_citus -At -f "$out/digest.sql" >"$out/digest.citus" 2>&1 &&
   q 0 ecocomp_restored -At -f "$out/digest.sql" >"$out/digest.restored" 2>&1 &&
   diff "$out/digest.citus" "$out/digest.restored" >"$out/digest.diff" &&
   [ "$(q 1 ecocomp_restored -At -c "SELECT count(*) FROM ecocomp.observation")" = \
     "$(q 0 ecocomp_citus -At -c "SELECT count(*) FROM ecocomp.observation")" ]
then ok "pg_dump of the coordinator restores into a new cluster: $(grep -c '^WITH' "$out/digest.sql") tables with the same rows, observations distributed again"
else grep -A2 ERROR "$out/restore.log" | sed 's/^/# /'; sed 's/^/# /' "$out/digest.diff" 2>/dev/null; not_ok "pg_dump of the coordinator restores into a new cluster"; fi
# without Citus: the archive's list without the citus extension
"$bin/pg_restore" -l "$out/cluster.dump" | grep -v -E '(EXTENSION -|COMMENT - EXTENSION) citus' >"$out/plain.list"
if "$bin/pg_restore" -h 127.0.0.1 -p "$port" -U postgres --schema-only -L "$out/plain.list" -d ecocomp_plain "$out/cluster.dump" >>"$out/restore.log" 2>&1 &&
   "$bin/pg_restore" -h 127.0.0.1 -p "$port" -U postgres --data-only --disable-triggers -L "$out/plain.list" -d ecocomp_plain "$out/cluster.dump" >>"$out/restore.log" 2>&1 &&
   [ "$(q 0 ecocomp_plain -At -c "SELECT count(*) FROM pg_extension WHERE extname = 'citus'")" = 0 ] &&
   q 0 ecocomp_plain -At -f "$out/digest.sql" >"$out/digest.plain" 2>&1 &&
   diff "$out/digest.citus" "$out/digest.plain" >"$out/digest.diff" &&
   cat "$head" "$out/block01.sql" >"$out/run.sql" &&
   q 0 ecocomp_plain -f "$out/run.sql" >"$out/plain.out" 2>&1 &&
   q 0 ecocomp_citus -f "$out/run.sql" >"$out/citus.out" 2>&1 &&
   diff "$out/plain.out" "$out/citus.out" >"$out/diff"
then ok "the same dump restores without Citus into one database: same rows, same assessment"
else grep -A2 ERROR "$out/restore.log" | sed 's/^/# /'; sed 's/^/# /' "$out/digest.diff" "$out/diff" 2>/dev/null | head -n 20; not_ok "the same dump restores without Citus"; fi

# What pushes down whole and what combines on the coordinator (the plans
# docs/scale.md quotes, printed as comments).
q 0 ecocomp_citus >"$out/explain.out" 2>&1 <<'SQL'
EXPLAIN (COSTS OFF) SELECT section_code, ecocomp.load_kg(observed_at,
       CASE WHEN parameter = 'TP' THEN value END, CASE WHEN parameter = 'flow' THEN value END)
   FROM ecocomp.observation GROUP BY 1;
SQL
sed 's/^/# /' "$out/explain.out"
if grep -q "Task Count: 8" "$out/explain.out" && grep -q "HashAggregate" "$out/explain.out" &&
   ! grep -q "worker_partial_agg" "$out/explain.out"
then ok "grouped by section the aggregate runs whole on the workers"
else not_ok "grouped by section the aggregate runs whole on the workers"; fi
q 0 ecocomp_citus >"$out/explain3.out" 2>&1 <<'SQL'
-- assessment()'s statement (sql/install/40_assessment.sql) with the values it binds for a year
PREPARE assess (text[], timestamptz[], date[], timestamptz, timestamptz, text) AS
SELECT g.section_code, r.parameter, daterange($3[r.unit], $3[r.unit + 1]), r.load_kg
FROM (SELECT o.section_code,
             ecocomp._assess_collect(o.observed_at, o.parameter, o.value, o.censored, $1) AS st
      FROM ecocomp.observation o
      WHERE o.observed_at >= $4 AND o.observed_at < $5
      GROUP BY o.section_code) AS g
JOIN ecocomp.section s ON s.code = g.section_code
CROSS JOIN LATERAL ecocomp._assess_rows(g.st, $1, $2, s.waterbody, s.target_class, $6) AS r
ORDER BY 1, 2, 3;
SELECT ARRAY(SELECT code FROM ecocomp.parameter ORDER BY code) AS codes \gset
EXPLAIN (COSTS OFF) EXECUTE assess(:'codes', '{2020-01-01 00:00+08,2021-01-01 00:00+08}',
    '{2020-01-01,2021-01-01}', '2020-01-01 00:00+08', '2021-01-01 00:00+08', 'half');
SQL
sed 's/^/# /' "$out/explain3.out"
if grep -q "Task Count: 8" "$out/explain3.out" && grep -q "Function Scan on _assess_rows" "$out/explain3.out" &&
   ! grep -q "worker_partial_agg" "$out/explain3.out"
then ok "assessment()'s statement runs whole on the workers, _assess_rows included"
else not_ok "assessment()'s statement runs whole on the workers"; fi
q 0 ecocomp_citus >"$out/explain2.out" 2>&1 <<'SQL'
EXPLAIN (COSTS OFF, VERBOSE) SELECT parameter, ecocomp.flow_weighted_mean(value, 1.0)
   FROM ecocomp.observation GROUP BY 1;
SQL
sed 's/^/# /' "$out/explain2.out"
if grep -q "worker_partial_agg" "$out/explain2.out" && grep -q "coord_combine_agg" "$out/explain2.out"
then ok "grouped otherwise the states are combined on the coordinator"
else not_ok "grouped otherwise the states are combined on the coordinator"; fi

echo "1..$t"
[ "$failed" = 0 ]

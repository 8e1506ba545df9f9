#!/bin/sh
# Memory checks: the C unit tests under AddressSanitizer and UBSan, then
# every SQL suite against a server running under valgrind memcheck (a server
# cannot run with libasan preloaded: it deadlocks in bindtextdomain at start).
# Only valgrind errors whose stack passes through ecocomp.so are ecocomp's;
# the server's own known reports (uninitialised WAL padding) are not.
set -u
cd "$(dirname "$0")/.."
exec 9>/tmp/ecocomp-build.lock
flock 9

status=0
echo "== C unit tests under AddressSanitizer + UBSan"
rm -f test/core/run_core_tests
make -s coretest CORE_TEST_FLAGS='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' || status=1
rm -f test/core/run_core_tests

echo "== SQL suites under valgrind memcheck"
make -s clean >/dev/null
make -s >/dev/null && make -s install >/dev/null || { echo "build failed"; exit 1; }
bindir=$(pg_config --bindir)
dir=$(mktemp -d)
out=$(mktemp -d)
chown postgres "$dir"
runuser -u postgres -- "$bindir/initdb" -D "$dir/data" -A trust >/dev/null
port=54988
# the server's own reports that run through ecocomp's frames: test/valgrind.supp
cp test/valgrind.supp "$dir/" && chmod 644 "$dir/valgrind.supp"
runuser -u postgres -- sh -c "valgrind --quiet --trace-children=yes --error-limit=no \
    --suppressions=$dir/valgrind.supp --num-callers=30 --log-file=$dir/vg.%p \
    $bindir/postgres -D $dir/data -p $port -k $dir -c listen_addresses= \
    -c max_parallel_workers_per_gather=0 >$dir/server.log 2>&1 &"
for i in $(seq 1 120); do
    pg_isready -q -h "$dir" -p "$port" && break
    sleep 1
done

# The network regression test checks every pair of reaches of two NHDPlus
# networks (20 s natively, far longer under valgrind); the same C code runs
# under test/pgtap/network.sql.  ECOCOMP_MEMCHECK_ALL=1 runs it too.
regress=$(ls test/sql/*.sql | sed 's|test/sql/||; s|\.sql$||' | sort | tr '\n' ' ')
[ "${ECOCOMP_MEMCHECK_ALL:-0}" = 1 ] || regress=$(echo "$regress" | tr ' ' '\n' | grep -vx network | tr '\n' ' ')
# Two shell tests time their calls against the wall clock (a 3 s
# statement_timeout; a 1 s lock_timeout inside a 3 s refresh), which a server
# under valgrind, tens of times slower, cannot meet: they are left out here.
PGHOST=$dir PGPORT=$port PGUSER=postgres ECOCOMP_REGRESS="$regress" \
    ECOCOMP_SKIP_SHELL="hardening_findings network_concurrency" \
    sh scripts/sql_tests.sh "$out" >"$out/sql.log" 2>&1 || status=1
grep -E '^(ok|FAILED|skip)|tests passed|failed' "$out/sql.log" | tail -n 40
runuser -u postgres -- "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
sleep 2

# An error report is a block of lines starting at "==pid== <Kind>" and ending
# at a blank "==pid== " line; keep the blocks that mention ecocomp.
ours=$(cat "$dir"/vg.* 2>/dev/null | awk '
    /^==[0-9]+== [A-Z]/ { block = $0; inblock = 1; next }
    inblock && /^==[0-9]+== *$/ { if (block ~ /ecocomp/) print block "\n"; inblock = 0; next }
    inblock { block = block "\n" $0 }')
all=$(cat "$dir"/vg.* 2>/dev/null | grep -cE '^==[0-9]+== (Invalid|Conditional|Use of|Syscall|Mismatched|Source|Argument)')
if [ -n "$ours" ]; then
    echo "== valgrind errors in ecocomp"
    echo "$ours"
    status=1
else
    echo "== no valgrind errors in ecocomp ($all reports elsewhere in the server)"
fi
echo "pg_regress $(cat "$out/regress.pass") passed, $(cat "$out/regress.fail") failed;" \
     "pgTAP + shell $(cat "$out/tap.pass") passed, $(cat "$out/tap.fail") failed"
rm -rf "$dir" "$out"
exit $status

#!/bin/sh
# Build, install and run every ecocomp test: C unit tests of the kernels,
# pg_regress suites and pgTAP suites, in a throwaway cluster made by
# pg_virtualenv.  Ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."

# One build and one installed copy at a time on this machine.  With
# ECOCOMP_PGENV=1 the caller provides the server instead (PG_CONFIG, PGHOST,
# PGPORT and PGUSER set, a private installation): no lock, no pg_virtualenv.
if [ "${ECOCOMP_PGENV:-0}" != 1 ]; then
    exec 9>/tmp/ecocomp-build.lock
    flock 9
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

make -s clean >/dev/null 2>&1
if ! make -s >"$out/build.log" 2>&1 || ! make -s install >>"$out/build.log" 2>&1; then
    cat "$out/build.log"
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

# 1. C unit tests of src/core.
make -s coretest >"$out/core.log" 2>&1
core_rc=$?
cat "$out/core.log"
core_pass=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p' "$out/core.log" | tail -n 1)
core_fail=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p' "$out/core.log" | tail -n 1)
[ -n "$core_pass" ] || { core_pass=0; core_fail=1; }
[ "$core_rc" = 0 ] || [ "$core_fail" != 0 ] || core_fail=1

# Every kernel fuzzed for a short fixed budget (make fuzz-long for more).
make -s fuzz >"$out/fuzz.log" 2>&1
cat "$out/fuzz.log"
fuzz_pass=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p' "$out/fuzz.log" | tail -n 1)
fuzz_fail=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p' "$out/fuzz.log" | tail -n 1)
[ -n "$fuzz_pass" ] || { fuzz_pass=0; fuzz_fail=1; }

# 2 and 3. SQL suites inside a throwaway cluster.
if [ "${ECOCOMP_PGENV:-0}" = 1 ]; then
    sh scripts/sql_tests.sh "$out"
else
    pg_virtualenv -t -o max_worker_processes=8 -o max_parallel_workers=4 \
        sh scripts/sql_tests.sh "$out"
fi
sql_rc=$?

# 4. A three-node Citus cluster, when Citus is installed (never in CI).
PG_CONFIG=${PG_CONFIG:-pg_config} sh test/citus/run.sh >"$out/citus.log" 2>&1
citus_rc=$?
cat "$out/citus.log"
citus_pass=$(grep -c '^ok ' "$out/citus.log")
citus_fail=$(grep '^not ok ' "$out/citus.log" | grep -vc '# TODO')
[ "$citus_rc" = 0 ] || [ "$citus_fail" != 0 ] || citus_fail=1

reg_pass=$(cat "$out/regress.pass" 2>/dev/null || echo 0)
reg_fail=$(cat "$out/regress.fail" 2>/dev/null || echo 1)
tap_pass=$(cat "$out/tap.pass" 2>/dev/null || echo 0)
tap_fail=$(cat "$out/tap.fail" 2>/dev/null || echo 1)

echo
echo "C unit tests:  $core_pass passed, $core_fail failed"
echo "fuzz targets:  $fuzz_pass passed, $fuzz_fail failed ($(sed -n 's/^fuzz (\(.*\)): .* targets, \([0-9]*\) runs, \([0-9]*\) s each.*/\2 runs, \3 s each, \1/p' "$out/fuzz.log"))"
echo "pg_regress:    $reg_pass passed, $reg_fail failed"
echo "pgTAP + shell: $tap_pass passed, $tap_fail failed"
if grep -q '^1\.\.0 # SKIP' "$out/citus.log"; then
    echo "Citus:         skipped (Citus is not installed; docs/scale.md)"
else
    echo "Citus:         $citus_pass passed, $citus_fail failed"
fi
passed=$((core_pass + fuzz_pass + reg_pass + tap_pass + citus_pass))
failed=$((core_fail + fuzz_fail + reg_fail + tap_fail + citus_fail))
[ "$sql_rc" = 0 ] || [ "$failed" != 0 ] || failed=1
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

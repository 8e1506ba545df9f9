#!/bin/sh
# Runs inside pg_virtualenv (PGHOST, PGPORT, PGUSER are set).  Writes the
# counts to files in the directory given as $1 for scripts/test.sh.
set -u
out=$1
rc=0

# pg_regress: one test per file in test/sql, output diffed with test/expected.
# ECOCOMP_REGRESS (optional) names the pg_regress tests to run instead of all.
make -s installcheck ${ECOCOMP_REGRESS:+REGRESS="$ECOCOMP_REGRESS"} >"$out/regress.log" 2>&1 || rc=1
cat "$out/regress.log"
grep -E '\.\.\. +ok' "$out/regress.log" | wc -l >"$out/regress.pass"
grep -E '\.\.\. +FAILED|\.\.\. +failed' "$out/regress.log" | wc -l >"$out/regress.fail"
if [ -s regression.diffs ]; then
    echo "---- regression.diffs ----"
    cat regression.diffs
    [ "$(cat "$out/regress.fail")" != 0 ] || echo 1 >"$out/regress.fail"
fi

# pgTAP: every assertion counts; a file that stops early counts as a failure.
tap_db=ecocomp_tap
dropdb --if-exists "$tap_db" >/dev/null 2>&1
createdb "$tap_db"
psql -X -q -d "$tap_db" -v ON_ERROR_STOP=1 \
     -c "CREATE EXTENSION pgtap; CREATE EXTENSION ecocomp CASCADE;" || rc=1
pass=0; fail=0
# Counts the TAP lines of one test's log; a test that stops early, or whose
# plan does not match, counts as one more failure.
tally() {
    name=$1; log=$2; frc=$3
    p=$(grep -c '^ok ' "$log")
    n=$(grep -c '^not ok ' "$log")
    planned=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$log" | head -n 1)
    if [ "$frc" != 0 ] || [ -z "$planned" ] || [ $((p + n)) != "$planned" ]; then
        echo "FAILED $name: exit $frc, plan ${planned:-none}, ran $((p + n))"
        cat "$log"
        n=$((n + 1))
    elif [ "$n" != 0 ]; then
        echo "FAILED $name"
        grep -A6 '^not ok ' "$log"
    else
        echo "ok     $name ($p assertions)"
    fi
    pass=$((pass + p)); fail=$((fail + n))
}
for f in $(ls test/pgtap/*.sql 2>/dev/null | sort); do
    log="$out/tap-$(basename "$f" .sql).log"
    psql -X -q -A -t -d "$tap_db" -v ON_ERROR_STOP=1 -f "$f" >"$log" 2>&1
    tally "$f" "$log" $?
done
# Shell tests (test/shell/*.sh) print TAP too: dump and restore, upgrades.
# ECOCOMP_SKIP_SHELL (optional) names shell tests to leave out.
for f in $(ls test/shell/*.sh 2>/dev/null | sort); do
    case " ${ECOCOMP_SKIP_SHELL:-} " in
        *" $(basename "$f" .sh) "*) echo "skip   $f"; continue ;;
    esac
    log="$out/shell-$(basename "$f" .sh).log"
    sh "$f" >"$log" 2>&1
    tally "$f" "$log" $?
done
echo "$pass" >"$out/tap.pass"
echo "$fail" >"$out/tap.fail"
[ "$fail" = 0 ] || rc=1
exit $rc

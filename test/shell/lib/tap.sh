# Sourced by shell tests (. "$(dirname "$0")/lib/tap.sh"), not a test itself:
# TAP lines gathered in $out ($n so far), printed after the plan by tap_plan,
# so that a test can count its checks before it prints anything.
#   check NAME GOT EXPECTED   ok when GOT = EXPECTED; otherwise not ok, with
#                             both (GOT cut at 2 000 bytes) as comments
#   tap_plan N                prints "1..N" and the lines gathered
#   tap_scratch DB N          a scratch directory $tmp and database name $db;
#                             at exit DB is dropped, $tmp removed and the plan
#                             of N checks printed
#   q ARGS                    psql on $db: unaligned, quiet, stops on error
n=0
out=""
check() {
    n=$((n + 1))
    if [ "$2" = "$3" ]; then out="$out
ok $n - $1"; else out="$out
not ok $n - $1
# got:      $(printf '%s' "$2" | head -c 2000)
# expected: $3"; fi
}
tap_plan() {
    echo "1..$1$out"
}
tap_scratch() {
    db=$1
    tmp=$(mktemp -d)
    trap "dropdb --if-exists \"\$db\" >/dev/null 2>&1; rm -rf \"\$tmp\"; tap_plan $2" EXIT
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }

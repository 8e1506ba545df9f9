# Sourced by shell tests (. "$(dirname "$0")/lib/tap.sh"), not a test itself:
# TAP lines gathered in $out ($n so far), printed after the plan by tap_plan,
# so that a test can count its checks before it prints anything.
#   check NAME GOT EXPECTED   ok when GOT = EXPECTED; otherwise not ok, with
#                             both (GOT cut at 2 000 bytes) as comments
#   tap_plan N                prints "1..N" and the lines gathered
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

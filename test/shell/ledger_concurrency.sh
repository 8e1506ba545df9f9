#!/bin/sh
# Two sessions settling and booking the same period at once book it once:
# the second waits for the first (one advisory lock for settle, book and
# close) and then finds everything booked; a unique index backs it up.
# Prints TAP.  Runs with PGHOST, PGPORT, PGUSER set.
set -u
db=ecocomp_ledger_concurrency
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" || { echo "1..1"; echo "not ok 1 - createdb"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; dropdb --if-exists "$db" >/dev/null 2>&1' EXIT

psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null 2>&1 <<'SQL' || { echo "1..1"; echo "not ok 1 - load data"; exit 1; }
CREATE EXTENSION ecocomp CASCADE;
INSERT INTO ecocomp.jurisdiction (code, name)
SELECT 'c' || i, 'J' || i FROM generate_series(1, 20) i;
-- 200 obligations of an incident: c(i) pays c(i+1 mod 20) i + 0.01 yuan.
INSERT INTO ecocomp.incident (incident_id, name, responsible_code, affected_code, started_at)
VALUES ('conc', 'Test incident', 'c1', 'c2', '2024-01-01 00:00+08');
INSERT INTO ecocomp.obligation (incident_id, period, payer_code, payee_code, amount, basis)
SELECT 'conc', '[2024-01-01,2025-01-01)', 'c' || (k % 20 + 1), 'c' || ((k + 1) % 20 + 1), k + 0.01, '{}'
FROM generate_series(1, 200) k;
SQL

# Session 1 books and holds its transaction open for 2 s; session 2 starts
# while it is open, and a third settles the period meanwhile.
psql -X -At -v ON_ERROR_STOP=1 -d "$db" >"$tmp/s1" 2>&1 <<'SQL' &
BEGIN;
SELECT 'booked ' || ecocomp.book('[2024-01-01,2025-01-01)');
SELECT pg_sleep(2);
COMMIT;
SQL
p1=$!
sleep 0.7
psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "SELECT 'booked ' || ecocomp.book('[2024-01-01,2025-01-01)')" >"$tmp/s2" 2>&1 &
p2=$!
psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "SELECT 'settled ' || ecocomp.settle('[2024-01-01,2025-01-01)')" >"$tmp/s3" 2>&1 &
p3=$!
wait $p1; r1=$?
wait $p2; r2=$?
wait $p3; r3=$?

echo "1..5"
[ "$r1" = 0 ] && [ "$r2" = 0 ] && [ "$r3" = 0 ] && echo "ok 1 - three sessions finished" ||
    { echo "not ok 1 - a session failed"; cat "$tmp/s1" "$tmp/s2" "$tmp/s3" | sed 's/^/# /'; }
b1=$(sed -n 's/^booked //p' "$tmp/s1")
b2=$(sed -n 's/^booked //p' "$tmp/s2")
[ "$b1" = 200 ] && echo "ok 2 - the first session booked 200 charges" || echo "not ok 2 - first session booked '$b1'"
[ "$b2" = 0 ] && echo "ok 3 - the second session, waiting for the first, booked nothing" ||
    echo "not ok 3 - second session booked '$b2'"
c=$(psql -X -At -d "$db" -c "SELECT count(*) || '/' || count(DISTINCT obligation_id) FROM ecocomp.ledger WHERE entry_kind = 'charge'")
[ "$c" = "200/200" ] && echo "ok 4 - one charge per obligation in the ledger" || echo "not ok 4 - charges/obligations: $c"
# 200 obligations of k + 0.01 yuan, k = 1..200: sum = 200 x 201 / 2 + 2.00 = 20 102.00
s=$(psql -X -At -d "$db" -c "SELECT sum(amount) FROM ecocomp.ledger WHERE entry_kind = 'charge'")
[ "$s" = "20102.00" ] && echo "ok 5 - booked total 20 102.00 yuan" || echo "not ok 5 - booked total $s"

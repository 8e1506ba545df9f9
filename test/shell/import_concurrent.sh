#!/bin/sh
# Two imports of overlapping rows on two real connections.  The first holds
# its transaction open until the second is waiting on the shared key; after
# the first commits, the second must quarantine the key it lost and load
# the rest, not fail whole with 23505.  (Which reason it gives depends on
# whether its snapshot already saw the first commit.)  Prints TAP.
set -u
db=ecocomp_import_concurrent
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" && psql -X -q -d "$db" -v ON_ERROR_STOP=1 >/dev/null 2>&1 <<'SQL' ||
CREATE EXTENSION ecocomp CASCADE;
INSERT INTO ecocomp.section (code, name) VALUES ('S1', 'test');
CREATE TABLE staging_a (section_code text, parameter text, observed_at text, value text);
CREATE TABLE staging_b (section_code text, parameter text, observed_at text, value text);
-- k1, k2 in a; k2, k3 in b: k2 is the contested key.
INSERT INTO staging_a VALUES ('S1', 'TP', '2024-01-01T00:00+08', '0.1'), ('S1', 'TP', '2024-01-02T00:00+08', '0.2');
INSERT INTO staging_b VALUES ('S1', 'TP', '2024-01-02T00:00+08', '0.3'), ('S1', 'TP', '2024-01-03T00:00+08', '0.4');
SQL
    { echo "1..1"; echo "not ok 1 - setup"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; dropdb --if-exists "$db" >/dev/null 2>&1' EXIT

# A: import, announce it, wait (at most 60 s) until B waits on a lock, commit.
PGAPPNAME=import_a psql -X -At -d "$db" >"$tmp/a.out" 2>&1 <<'SQL' &
BEGIN;
SELECT accepted || ',' || rejected FROM ecocomp.import_observations('staging_a');
SET application_name = 'import_a_done';
DO $$
BEGIN
    FOR i IN 1..1200 LOOP
        EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity
                          WHERE application_name = 'import_b' AND wait_event_type = 'Lock');
        PERFORM pg_sleep(0.05);
    END LOOP;
END $$;
COMMIT;
SQL
a_pid=$!

# B: start once A has imported (at most 60 s), then import the overlapping rows.
PGAPPNAME=import_b psql -X -At -d "$db" >"$tmp/b.out" 2>&1 <<'SQL'
DO $$
BEGIN
    FOR i IN 1..1200 LOOP
        EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'import_a_done');
        PERFORM pg_sleep(0.05);
    END LOOP;
END $$;
SELECT accepted || ',' || rejected FROM ecocomp.import_observations('staging_b');
SQL
wait "$a_pid"

n=0
check() {
    n=$((n + 1))
    if [ "$2" = "$3" ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; echo "#   got: $2"; echo "#   expected: $3"; fi
}
echo "1..4"
check "first import loads both its rows" "$(grep -v '^DO\|^BEGIN\|^COMMIT\|^SET' "$tmp/a.out" | tr -d '\n')" "2,0"
check "second import loads its new row and quarantines the contested one" \
      "$(grep -v '^DO' "$tmp/b.out" | tr -d '\n')" "1,1"
check "the contested key keeps the first import's value (0.2)" \
      "$(psql -X -At -d "$db" -c "SELECT value FROM ecocomp.observation WHERE observed_at = '2024-01-02T00:00+08'")" "0.2"
check "the quarantined row says why" \
      "$(psql -X -At -d "$db" -c "SELECT raw->>'value' || ': ' || (reason LIKE 'observation already exists for section S1, TP at %') FROM ecocomp.observation_reject")" "0.3: true"

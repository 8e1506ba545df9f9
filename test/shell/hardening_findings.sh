#!/bin/sh
# The findings of the outside probe of 0.1.0 that need a live server to be
# seen (the others, one assertion each: test/pgtap/hardening_findings.sql):
#   - calls that crashed the backend (SIGSEGV) on 0.1.0, each in its own
#     session: the expected SQLSTATE, and the server still up;
#   - calls that hung a backend deaf to statement_timeout, cancel and
#     terminate (a NaN time in a load state sent the merge sort into an
#     endless loop; a user-controlled group count ran 42 s under a 3 s
#     timeout): each runs under statement_timeout = 3 s and must end with
#     its SQLSTATE; a watchdog ends any call still running after 60 s and
#     counts it as a hang;
#   - two imports of overlapping rows on two connections: 0.1.0 failed the
#     second whole with 23505; now it quarantines the key it lost.
# Prints TAP.
set -u
. "$(dirname "$0")/lib/tap.sh"
tap_scratch ecocomp_hardening_findings 14

# One statement in its own session under a 3 s statement_timeout.  Prints
# its SQLSTATE, "ok", "crash" (the backend died) or "hang" (still running
# after 60 s: the watchdog terminated it).
call() {
    PGAPPNAME=hf_call psql -X -q -At -d "$db" -v VERBOSITY=sqlstate \
        -c "SET statement_timeout = '3s'" -c "$1" >"$tmp/call.log" 2>&1 &
    pid=$!
    waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 60 ]; do
        sleep 1; waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        q -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hf_call'" >/dev/null 2>&1
        sleep 2; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
        echo hang; return
    fi
    wait "$pid"
    if grep -q -E 'closed the connection|connection to server was lost|terminated abnormally' "$tmp/call.log"; then
        echo crash
        for i in $(seq 1 60); do pg_isready -q -d "$db" && break; sleep 1; done
    else
        code=$(sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\)$/\1/p' "$tmp/call.log" | head -n 1)
        echo "${code:-ok}"
    fi
}

dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" || exit 1
q >/dev/null 2>&1 <<'SQL' || echo "# setup failed"
SET client_min_messages = warning;
CREATE EXTENSION ecocomp CASCADE;
INSERT INTO ecocomp.jurisdiction (code, name) VALUES ('hf_u', 'upstream'), ('hf_d', 'downstream');
INSERT INTO ecocomp.section (code, name, target_class) VALUES ('S1', 'test', 'III');
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'S1', 'CODMn', make_timestamptz(y, 6, 1, 10, 0, 0, 'Asia/Shanghai'), 4.0 FROM generate_series(2021, 2022) y;
-- relative_change with "per_point": null, stored as 0.1.0 accepted it.
SET session_replication_role = replica;
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
VALUES ('hf-null', 'stored by 0.1.0', 'relative_change', 'hf_u', 'hf_d', '{S1}',
        '{"indicators": ["CODMn"], "compare_to": "previous_period", "per_point": null}', '[2022-01-01,2023-01-01)');
SET session_replication_role = origin;
-- k1, k2 in a; k2, k3 in b: k2 is the contested key of the concurrent imports.
CREATE TABLE staging_a (section_code text, parameter text, observed_at text, value text);
CREATE TABLE staging_b (section_code text, parameter text, observed_at text, value text);
INSERT INTO staging_a VALUES ('S1', 'TP', '2024-01-01T00:00+08', '0.1'), ('S1', 'TP', '2024-01-02T00:00+08', '0.2');
INSERT INTO staging_b VALUES ('S1', 'TP', '2024-01-02T00:00+08', '0.3'), ('S1', 'TP', '2024-01-03T00:00+08', '0.4');
SQL

# 1. Crashes (SIGSEGV on 0.1.0).
check "crash: _linear_kernel(NULL, ...) is 22004" \
      "$(call "SELECT ecocomp._linear_kernel(NULL, '{1}', '{100}', NULL)")" 22004
check "crash: settle() over a relative_change with \"per_point\": null returns" \
      "$(call "SELECT ecocomp.settle('[2022-01-01,2023-01-01)', '{hf-null}')")" ok
check "crash: and reports that agreement with 22004" \
      "$(q -c "SELECT basis ->> 'sqlstate' FROM ecocomp.settlement_issue WHERE agreement_id = 'hf-null'")" 22004
check "crash: _assess_rows with a NULL code is 22004" \
      "$(call "SELECT * FROM ecocomp._assess_rows('{2001,1,2048,1}', ARRAY['TP', NULL], ARRAY['2000-01-01 00:00+00', '2001-01-01 00:00+00']::timestamptz[], 'river', 'III', 'half')")" 22004
check "crash: the pool kernel over 65536 x 65536 items is 54000" \
      "$(call "SELECT ecocomp._pool_kernel(100, array_fill(1::float8, ARRAY[65536]), array_fill(1::float8, ARRAY[65536]), array_fill(1, ARRAY[65536]), array_fill(false, ARRAY[65536]), '{}')")" 54000
check "read past the array: factor allocation over 65536 x 65536 values (0 in 32 bits) is 54000" \
      "$(call "SELECT ecocomp._factor_allocation_kernel(100, array_fill(1::float8, ARRAY[65536]), '{}', 65536)")" 54000

# 2. Hangs deaf to statement_timeout on 0.1.0.
check "hang: _load_final over a state with NaN times is 22P03 within the timeout" \
      "$(call "SELECT ecocomp._load_final('{1001,3,NaN,NaN,NaN,0, 5,1,1, NaN,1,1, 1,1,1}')")" 22P03
check "hang: _series_combine of a state with a NaN time is 22P03 within the timeout" \
      "$(call "SELECT ecocomp._series_combine('{1001,1,NaN,NaN,NaN,0, 5,1,1}', '{1001,1,NaN,NaN,NaN,0, NaN,1,1}')")" 22P03
check "hang: a group count of 100 000 000 is refused (54000), not run past the 3 s timeout" \
      "$(call "SELECT ecocomp._tiered_exceedance_kernel('{1}', '{1}', '{1}', '{}', '{}', '{}', '{}', '{}', '{}', 100000000, NULL, NULL)")" 54000
check "the server is alive after the crash and hang calls" "$(q -c "SELECT 1")" 1

# 3. Concurrent imports of overlapping rows.  A imports, then holds its
# transaction open (at most 60 s) until B waits on the shared key, then
# commits; B then quarantines the key it lost (with either reason: it
# depends on whether B's snapshot already saw A's commit) and loads the rest.
PGAPPNAME=import_a psql -X -At -d "$db" >"$tmp/a.out" 2>&1 <<'SQL' &
BEGIN;
SELECT accepted || ',' || rejected FROM ecocomp.import_observations('staging_a');
SET application_name = 'import_a_done';
DO $$
BEGIN
    FOR i IN 1..1200 LOOP
        EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity
                          WHERE datname = current_database() AND application_name = 'import_b' AND wait_event_type = 'Lock');
        PERFORM pg_sleep(0.05);
        PERFORM pg_stat_clear_snapshot();  -- else the loop sees its first view forever
    END LOOP;
END $$;
COMMIT;
SQL
a_pid=$!
PGAPPNAME=import_b psql -X -At -d "$db" >"$tmp/b.out" 2>&1 <<'SQL'
DO $$
BEGIN
    FOR i IN 1..1200 LOOP
        EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'import_a_done');
        PERFORM pg_sleep(0.05);
        PERFORM pg_stat_clear_snapshot();  -- else the loop sees its first view forever
    END LOOP;
END $$;
SELECT accepted || ',' || rejected FROM ecocomp.import_observations('staging_b');
SQL
wait "$a_pid"
check "concurrent imports: the first loads both its rows" \
      "$(grep -v '^DO\|^BEGIN\|^COMMIT\|^SET' "$tmp/a.out" | tr -d '\n')" "2,0"
check "concurrent imports: the second loads its new row and quarantines the contested one, no 23505" \
      "$(grep -v '^DO' "$tmp/b.out" | tr -d '\n')" "1,1"
check "concurrent imports: the contested key keeps the first import's value (0.2)" \
      "$(q -c "SELECT value FROM ecocomp.observation WHERE observed_at = '2024-01-02T00:00+08'")" "0.2"
check "concurrent imports: the quarantined row says why" \
      "$(q -c "SELECT raw->>'value' || ': ' || (reason LIKE 'observation already exists for section S1, TP at %') FROM ecocomp.observation_reject")" "0.3: true"

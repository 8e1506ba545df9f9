#!/bin/sh
# No SQL call crashes or hangs the server (in the spirit of pgRouting's
# no_crash_test).  Every C-language function of the extension, public and
# internal, found at run time in pg_proc (so new ones are covered without a
# change here), is called as a superuser with NULLs, empty, multi-dimensional
# and oversized arrays, NaN, ±Infinity, denormals, extreme integers,
# hand-made and seeded random aggregate states: all arguments NULL, each argument through every
# candidate of its type with the others at a plain value, and seeded random
# mixtures.  Errors are fine, with a specific SQLSTATE (never XX000 or
# XX001); a backend crash, or a call that does not stop at
# statement_timeout, is not.  Prints TAP, with the counts of outcomes by
# SQLSTATE as comments.  NOCRASH_RANDOM sets the random calls per function,
# NOCRASH_STATES the random aggregate states tried in every float8[]
# argument.
set -u
random_calls=${NOCRASH_RANDOM:-24}
random_states=${NOCRASH_STATES:-32}
. "$(dirname "$0")/lib/tap.sh"
tap_scratch ecocomp_no_crash 5

dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" || exit 1
q >/dev/null <<SQL || { echo "# setup failed"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION ecocomp CASCADE;
CREATE SCHEMA nocrash;
-- Candidate argument values by type: ord 1 is a plain value used while
-- another argument varies.
CREATE TABLE nocrash.val (type regtype, ord int, expr text);
INSERT INTO nocrash.val
SELECT t::regtype, o, e FROM (VALUES
  ('text', ARRAY['''TP''', 'NULL', '''''', '''DO''', '''pH''', '''water_temp''', '''flow''', '''xx''',
                 '''river''', '''lake''', '''half''', '''zero''', '''0123''', '''en''', '''zh''',
                 'repeat(''9'', 100000)', 'E''\\\\x01''']),
  ('double precision', ARRAY['0.5', 'NULL', '0', '-1', '''NaN''', '''Infinity''', '''-Infinity''',
                             '5e-324', '1e308', '-1e308', '1e16']),
  ('double precision[]', ARRAY['''{0.1,0.2,0.3}''', 'NULL', '''{}''', '''{NULL}''', '''{1,NULL,3}''',
                               '''{NaN}''', '''{Infinity,-Infinity}''', '''{5e-324,1e308}''',
                               '''{{1,2},{3,4}}''', '''[5:7]={1,2,3}''',
                               'array_fill(0::float8, ARRAY[67])', 'array_fill(''NaN''::float8, ARRAY[67])',
                               'array_fill(1e308::float8, ARRAY[67])', 'array_fill(-1::float8, ARRAY[67])',
                               '''{NaN,1,1,NaN,2,2,1,NaN,NaN}''', '''{1,2,3,4,5,6,7}''',
                               '''{-1,-1,-1,-1,-1,-1}''', 'array_fill(0.5::float8, ARRAY[200001])',
                               'array_fill(''NaN''::float8, ARRAY[30001])']),
  ('bigint', ARRAY['100', 'NULL', '0', '-1', '9223372036854775807', '-9223372036854775808',
                   '99999999999999999', '100000000000000000']),
  ('bigint[]', ARRAY['''{100,200}''', 'NULL', '''{}''', '''{NULL}''', '''{9223372036854775807,-9223372036854775808}''',
                     '''{1,2,3,4,5,6}''', '''{{1,2},{3,4}}''', 'array_fill(1::bigint, ARRAY[200001])']),
  ('integer', ARRAY['2', 'NULL', '0', '-1', '2147483647', '-2147483648', '65536']),
  ('integer[]', ARRAY['''{1,2}''', 'NULL', '''{}''', '''{NULL}''', '''{0,7,-1}''', '''{1,2,3,4,5,6}''',
                      '''{65536,65536}''', '''{2147483647}''', 'array_fill(1, ARRAY[200001])']),
  ('boolean', ARRAY['true', 'NULL', 'false']),
  ('boolean[]', ARRAY['''{t,f}''', 'NULL', '''{}''', '''{NULL}''', 'array_fill(true, ARRAY[200001])']),
  ('numeric', ARRAY['100', 'NULL', '0', '-1', '''NaN''', '''Infinity''', '1e20', '0.005']),
  ('text[]', ARRAY['''{TP,DO}''', 'NULL', '''{}''', '''{NULL}''', '''{TP,NULL}''', '''{{a,b},{c,d}}''',
                   '''{TP,TP,TP}''', 'array_fill(''TP''::text, ARRAY[100001])']),
  ('timestamp with time zone', ARRAY['''2024-01-01 00:00+08''', 'NULL', '''infinity''', '''-infinity''',
                                     '''294276-12-31 23:59:59+00''', '''4713-01-01 00:00+00 BC''']),
  ('timestamp with time zone[]', ARRAY['''{2024-01-01,2024-02-01}''', 'NULL', '''{}''', '''{NULL}''',
                                       '''{2024-02-01,2024-01-01}''', '''{infinity,-infinity}''']),
  ('tstzrange', ARRAY['''[2024-01-01,2024-02-01)''', 'NULL', '''empty''', '''(,)''',
                      '''[-infinity,infinity)''']),
  ('ecocomp.wq_class', ARRAY['''III''', 'NULL', '''I''', '''inferior_V'''])
) AS v (t, exprs), unnest(exprs) WITH ORDINALITY AS x (e, o);

-- Seeded random aggregate states, another candidate of every float8[]
-- argument (the aggregate states are parsed in C, src/sample_state.c and
-- the glue of each aggregate: this is their fuzzer).  Most carry the mark
-- of one of the sample containers and a record count that fits, so that the
-- checks behind the first ones are reached; the rest of the values are
-- drawn from awkward doubles.
CREATE FUNCTION nocrash.awkward() RETURNS float8 LANGUAGE sql VOLATILE AS \$\$
    SELECT CASE WHEN random() < 0.6
                THEN (ARRAY['NaN', 'Infinity', '-Infinity', '0', '-0', '-1', '1', '0.5', '5e-324', '1e308',
                            '-1e308', '9007199254740993', '2048', '4096', '1e15', '3'])[1 + floor(random() * 16)::int]::float8
                ELSE floor(random() * 1e12) END
\$\$;
CREATE FUNCTION nocrash.random_state() RETURNS float8[] LANGUAGE plpgsql VOLATILE AS \$\$
DECLARE
    kind int := floor(random() * 6)::int;
    hdr int := (ARRAY[6, 2, 3, 6])[least(kind, 3) + 1];
    w int := (ARRAY[3, 2, 1, 3])[least(kind, 3) + 1];
    nrec int := floor(random() * 5)::int;
    s float8[];
BEGIN
    IF kind >= 4 THEN
        -- a state without a mark: ozone day slots (24) or flow-weighted sums (3)
        RETURN ARRAY(SELECT nocrash.awkward() FROM generate_series(1, CASE kind WHEN 4 THEN 24 ELSE 3 END));
    END IF;
    s := ARRAY[(ARRAY[1001, 2001, 663.2013, 1001])[kind + 1]::float8,
               CASE WHEN random() < 0.8 THEN nrec ELSE nocrash.awkward() END];
    RETURN s || ARRAY(SELECT nocrash.awkward() FROM generate_series(1, hdr - 2 + nrec * w + floor(random() * 3)::int));
END \$\$;
SELECT setseed(0.75);
INSERT INTO nocrash.val (type, ord, expr)
SELECT 'double precision[]', 100 + k, quote_literal(nocrash.random_state()::text)
FROM generate_series(1, $random_states) k;

CREATE TABLE nocrash.fn AS
SELECT p.oid::regprocedure AS fn, p.proname::text AS name,
       p.proargtypes::regtype[] AS types
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = 'ecocomp'::regnamespace AND l.lanname = 'c';

-- An expression for an argument: a candidate, or NULL of a type without any.
CREATE FUNCTION nocrash.arg(t regtype, k int) RETURNS text LANGUAGE sql AS \$\$
    SELECT coalesce((SELECT v.expr FROM nocrash.val v WHERE v.type = t
                     ORDER BY v.ord OFFSET (k - 1) % greatest((SELECT count(*) FROM nocrash.val w WHERE w.type = t), 1) LIMIT 1),
                    'NULL') || '::' || t::text
\$\$;
CREATE FUNCTION nocrash.ncand(t regtype) RETURNS int LANGUAGE sql AS \$\$
    SELECT greatest(count(*)::int, 1) FROM nocrash.val WHERE type = t
\$\$;
CREATE FUNCTION nocrash.call(f nocrash.fn, ks int[]) RETURNS text LANGUAGE sql AS \$\$
    SELECT format('SELECT %s(%s)', (f.fn::oid)::regproc::text,
                  coalesce(string_agg(nocrash.arg(f.types[i], ks[i]), ', ' ORDER BY i), ''))
    FROM generate_subscripts(f.types, 1) AS i
\$\$;

CREATE TABLE nocrash.calls (id serial PRIMARY KEY, fn regprocedure, sql text);
-- All arguments NULL.
INSERT INTO nocrash.calls (fn, sql)
SELECT f.fn, format('SELECT %s(%s)', (f.fn::oid)::regproc::text,
                    coalesce((SELECT string_agg('NULL::' || t::text, ', ') FROM unnest(f.types) t), ''))
FROM nocrash.fn f ORDER BY f.fn::text;
-- Each argument through every candidate, the others plain.
INSERT INTO nocrash.calls (fn, sql)
SELECT f.fn, nocrash.call(f, (SELECT array_agg(CASE WHEN j = i THEN k ELSE 1 END ORDER BY j)
                              FROM generate_subscripts(f.types, 1) j))
FROM nocrash.fn f, generate_subscripts(f.types, 1) i, generate_series(2, nocrash.ncand(f.types[i])) k
ORDER BY f.fn::text, i, k;
-- Seeded random mixtures.
SELECT setseed(0.5);
INSERT INTO nocrash.calls (fn, sql)
SELECT f.fn, nocrash.call(f, (SELECT array_agg(1 + floor(random() * nocrash.ncand(f.types[j]))::int ORDER BY j)
                              FROM generate_subscripts(f.types, 1) j))
FROM nocrash.fn f, generate_series(1, $random_calls) r
WHERE cardinality(f.types) > 0
ORDER BY f.fn::text, r;

CREATE TABLE nocrash.result (id int PRIMARY KEY, outcome text);
CREATE FUNCTION nocrash.try(i int) RETURNS void LANGUAGE plpgsql AS \$\$
DECLARE
    sql text := (SELECT c.sql FROM nocrash.calls c WHERE c.id = i);
    outcome text := 'ok';
BEGIN
    BEGIN
        EXECUTE sql;
    EXCEPTION
        WHEN query_canceled THEN outcome := 'timeout';
        WHEN OTHERS THEN outcome := SQLSTATE;
    END;
    INSERT INTO nocrash.result VALUES (i, outcome);
END \$\$;
SQL

total=$(q -c "SELECT count(*) FROM nocrash.calls")
nfn=$(q -c "SELECT count(*) FROM nocrash.fn")
start=$(date +%s)

# Run the calls from $1 on; a crash ends psql, a hang is stopped from outside.
crashes=""
hangs=""
next=1
while [ "$next" -le "$total" ]; do
    q -c "SELECT 'SELECT nocrash.try(' || id || ');' FROM nocrash.calls WHERE id >= $next ORDER BY id" >"$tmp/run.sql"
    (echo "SET statement_timeout = '10s';"; cat "$tmp/run.sql") |
        psql -X -q -At -d "$db" -v ON_ERROR_STOP=1 >"$tmp/psql.log" 2>&1 &
    ppid=$!
    # Watchdog: a call still running 60 s after it began has ignored the
    # 10 s statement_timeout: a hang.  Stop it and go on with the next.
    hung=0
    while kill -0 "$ppid" 2>/dev/null; do
        sleep 2
        stuck=$(q -c "SELECT pid FROM pg_stat_activity WHERE datname = '$db' AND state = 'active'
                      AND query LIKE 'SELECT nocrash.try(%' AND now() - query_start > interval '60 s'" 2>/dev/null)
        if [ -n "$stuck" ]; then
            hung=1
            q -c "SELECT pg_terminate_backend($stuck)" >/dev/null 2>&1
            sleep 5
            kill "$ppid" 2>/dev/null
        fi
    done
    wait "$ppid"
    rc=$?
    [ "$hung" = 1 ] && rc=124
    for i in $(seq 1 60); do pg_isready -q -d "$db" && break; sleep 1; done
    last=$(q -c "SELECT coalesce(max(id), 0) FROM nocrash.result")
    [ "$last" -ge "$total" ] && break
    bad=$((last + 1))
    if [ "$rc" = 124 ]; then
        hangs="$hangs $bad"
        q -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$db' AND pid <> pg_backend_pid()" >/dev/null
        q -c "INSERT INTO nocrash.result VALUES ($bad, 'hang')" >/dev/null
    elif grep -q -E 'closed the connection|connection to server was lost|terminated abnormally' "$tmp/psql.log"; then
        crashes="$crashes $bad"
        q -c "INSERT INTO nocrash.result VALUES ($bad, 'crash')" >/dev/null 2>&1
    else
        # psql stopped for another reason: counted as a crash, with its message.
        crashes="$crashes $bad"
        echo "# call $bad stopped psql: $(tail -n 2 "$tmp/psql.log" | tr '\n' ' ')" >&2
        q -c "INSERT INTO nocrash.result VALUES ($bad, 'crash')" >/dev/null 2>&1
    fi
    next=$((bad + 1))
done
secs=$(( $(date +%s) - start ))

ran=$(q -c "SELECT count(*) FROM nocrash.result")
check "every C function called: $total calls of $nfn functions in $secs s" "$ran" "$total"
show() { q -c "SELECT string_agg(r.id || ': ' || c.sql, E'\n') FROM nocrash.result r JOIN nocrash.calls c USING (id) WHERE r.outcome = '$1'" | cut -c 1-300; }
check "no call crashed the backend" "$(show crash)" ""
check "every call stopped at statement_timeout" "$(show hang)$(show timeout)" ""
check "the server is alive after the suite" "$(q -c "SELECT 1")" "1"
# Every error is one a user can act on: no internal error (XX000) and no
# "data corrupted" (XX001) for a hand-made aggregate state, which is bad
# input (22P03) since SQL can pass any array.
check "no call answered XX000 or XX001" "$(show XX000)$(show XX001)" ""
out="$out
# outcomes: $(q -c "SELECT string_agg(outcome || ' ' || n, ', ' ORDER BY n DESC) FROM (SELECT outcome, count(*) n FROM nocrash.result GROUP BY 1) s")
# XX000 by function: $(q -c "SELECT coalesce(string_agg(f || ' ' || n, ', ' ORDER BY n DESC), 'none') FROM (SELECT c.fn::text f, count(*) n FROM nocrash.result r JOIN nocrash.calls c USING (id) WHERE r.outcome = 'XX000' GROUP BY 1) s")"

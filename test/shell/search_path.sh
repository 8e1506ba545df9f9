#!/bin/sh
# A non-superuser who owns the database plants functions and operators that
# beat the built-in ones on an exact type match (public.unnest(text[]), an
# "=" on text and on bigint, round(numeric, int), format(text, text), now(),
# ST_Intersects / ST_Length / ST_DWithin in its own schema) and puts its
# schemas first on everyone's search_path, pg_catalog last.  Each planted
# object logs its call and, when run by a superuser, makes its owner one.
# Then a superuser and the owner himself run the whole workflow: import,
# classify, build and label a network, navigate, assess, define an
# agreement, settle, explain.  No planted object may run, the owner must not
# become superuser, and the results must equal those of a clean search_path.
# Also checks, from the catalogue, that every SQL and PL/pgSQL function of
# ecocomp pins search_path = pg_catalog, ecocomp, pg_temp (the functions the
# planner inlines excepted: the navigation shorthands; they qualify every
# name).  Prints TAP.
set -u
db=ecocomp_search_path
. "$(dirname "$0")/lib/tap.sh"
had_roles=$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_roles WHERE rolname = 'ecocomp_reader'")
finish() {
    dropdb --if-exists "$db" >/dev/null 2>&1
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS sp_owner" >/dev/null 2>&1
    # The ready-made roles are the cluster's: dropped only if made here.
    [ "$had_roles" != 0 ] || psql -X -q -d postgres \
        -c "DROP ROLE IF EXISTS ecocomp_admin, ecocomp_analyst, ecocomp_finance, ecocomp_reader" >/dev/null 2>&1
    tap_plan 7
}
trap finish EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

dropdb --if-exists "$db" >/dev/null 2>&1
psql -X -q -d postgres -c "DROP ROLE IF EXISTS sp_owner" >/dev/null 2>&1
createdb "$db" || exit 1
q -d "$db" >/dev/null 2>&1 <<'SQL' || { echo "# setup failed"; }
CREATE EXTENSION ecocomp CASCADE;
SELECT ecocomp.create_roles();
CREATE ROLE sp_owner LOGIN PASSWORD 'ecocomp-sp-owner' IN ROLE ecocomp_admin;
ALTER DATABASE ecocomp_search_path OWNER TO sp_owner;
-- A sequence counts calls of the traps even in transactions rolled back.
CREATE SEQUENCE public.hijack_calls;
GRANT USAGE, SELECT ON SEQUENCE public.hijack_calls TO PUBLIC;
SQL

# The owner logs in with his password where the cluster asks for one (TCP
# connections of pg_virtualenv); a socket with trust ignores it.
owner_password=ecocomp-sp-owner

# The traps, created by the database owner (not a superuser).
(export PGPASSWORD=$owner_password; q -d "$db" -U sp_owner) >/dev/null 2>"$db.err" <<'SQL'
CREATE SCHEMA sp_owner;
CREATE FUNCTION public.hijack(what text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_catalog.nextval('public.hijack_calls');
    RAISE WARNING 'hijacked: % ran as %', what, current_user;
    BEGIN
        EXECUTE 'ALTER ROLE sp_owner SUPERUSER';
    EXCEPTION WHEN insufficient_privilege THEN NULL;
    END;
END $$;
DO $$
DECLARE s text;
BEGIN
    FOREACH s IN ARRAY ARRAY['public', 'sp_owner'] LOOP
        EXECUTE pg_catalog.format($f$
            CREATE FUNCTION %1$I.unnest(a text[]) RETURNS SETOF text LANGUAGE plpgsql AS $b$
            BEGIN PERFORM public.hijack('%1$s.unnest(text[])'); RETURN QUERY SELECT pg_catalog.unnest(a); END $b$;
            CREATE FUNCTION %1$I.unnest(a bigint[]) RETURNS SETOF bigint LANGUAGE plpgsql AS $b$
            BEGIN PERFORM public.hijack('%1$s.unnest(bigint[])'); RETURN QUERY SELECT pg_catalog.unnest(a); END $b$;
            CREATE FUNCTION %1$I.text_eq(a text, b text) RETURNS boolean LANGUAGE plpgsql AS $b$
            BEGIN PERFORM public.hijack('%1$s.=(text,text)'); RETURN pg_catalog.texteq(a, b); END $b$;
            CREATE OPERATOR %1$I.= (LEFTARG = text, RIGHTARG = text, FUNCTION = %1$I.text_eq);
            CREATE FUNCTION %1$I.int8_eq(a bigint, b bigint) RETURNS boolean LANGUAGE plpgsql AS $b$
            BEGIN PERFORM public.hijack('%1$s.=(bigint,bigint)'); RETURN pg_catalog.int8eq(a, b); END $b$;
            CREATE OPERATOR %1$I.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = %1$I.int8_eq);
            CREATE FUNCTION %1$I.round(a numeric, d integer) RETURNS numeric LANGUAGE plpgsql AS $b$
            BEGIN PERFORM public.hijack('%1$s.round(numeric,int)'); RETURN pg_catalog.round(a, d); END $b$;
            CREATE FUNCTION %1$I.format(f text, a text) RETURNS text LANGUAGE plpgsql AS $b$
            BEGIN PERFORM public.hijack('%1$s.format(text,text)'); RETURN pg_catalog.format(f, a); END $b$;
            CREATE FUNCTION %1$I.now() RETURNS timestamptz LANGUAGE plpgsql AS $b$
            BEGIN PERFORM public.hijack('%1$s.now()'); RETURN pg_catalog.now(); END $b$;
        $f$, s);
    END LOOP;
END $$;
-- PostGIS lives in public: its own signatures cannot be replaced there, so
-- the overloads go into the owner's schema, first on the path.
CREATE FUNCTION sp_owner.st_intersects(a public.geometry, b public.geometry) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN PERFORM public.hijack('sp_owner.st_intersects'); RETURN public.st_intersects(a, b); END $$;
CREATE FUNCTION sp_owner.st_length(a public.geography, s boolean DEFAULT true) RETURNS float8 LANGUAGE plpgsql AS $$
BEGIN PERFORM public.hijack('sp_owner.st_length'); RETURN public.st_length(a, s); END $$;
CREATE FUNCTION sp_owner.st_dwithin(a public.geometry, b public.geometry, d float8) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN PERFORM public.hijack('sp_owner.st_dwithin'); RETURN public.st_dwithin(a, b, d); END $$;
-- Everyone's search_path: the owner's schemas first, pg_catalog last.
ALTER DATABASE ecocomp_search_path SET search_path = sp_owner, public, ecocomp, pg_catalog;
SQL
check "the database owner plants functions and operators" "$(cat "$db.err")" ""
rm -f "$db.err"

# The workflow; prints one line per result so that runs can be compared.
workflow() {
    q -d "$db" "$@" <<'SQL' 2>&1
BEGIN;
INSERT INTO ecocomp.jurisdiction (code, name) VALUES ('UP', 'upstream'), ('DN', 'downstream');
INSERT INTO ecocomp.section (code, name, upstream_code, downstream_code, target_class)
VALUES ('S1', 'test', 'UP', 'DN', 'III');
CREATE TEMP TABLE staging (section_code text, parameter text, observed_at text, value text, unit text);
INSERT INTO staging VALUES ('S1', 'TP', '2024-05-01T09:00+08', '120', 'µg/L'),
                           ('S1', 'TP', '2024-05-02T09:00+08', 'n/a', NULL),
                           ('S1', 'NH3-N', '2024-05-03T09:00+08', '0.4', NULL),
                           ('S1', 'flow', '2024-05-03T09:00+08', '12.5', NULL);
SELECT 'import', * FROM ecocomp.import_observations('staging');
SELECT 'class', ecocomp.section_class(parameter, value), pg_catalog.round(ecocomp.cwqi_sum(parameter, value)::numeric, 6)
FROM ecocomp.observation;
CREATE TEMP TABLE lines (name text, geom geometry(LineString, 4326));
INSERT INTO lines VALUES ('main', 'SRID=4326;LINESTRING(0 0, 1 0)'), ('trib', 'SRID=4326;LINESTRING(0.5 1, 0.5 0)');
SELECT 'build', reaches FROM ecocomp.build_network('lines', 'SRID=4326;POINT(1 0)', 10);
SELECT 'refresh', ecocomp.refresh_network();
SELECT 'navigate', array_agg(x ORDER BY x) FROM ecocomp.upstream_reaches((SELECT max(reach_id) FROM ecocomp.reach WHERE next_down IS NULL), NULL) x;
SELECT 'assessment', count(*) FROM ecocomp.assessment('[2024-05-01,2024-06-01)');
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
VALUES ('a1', 'monthly bet', 'class_target', 'UP', 'DN', '{S1}',
        '{"period_unit": "month", "amounts_by_class": {"I..III": 1000000, "IV..inferior_V": -1000000}}',
        '[2024-01-01,2025-01-01)');
SELECT 'settle', ecocomp.settle('[2024-05-01,2024-06-01)');
SELECT 'obligation', payer_code, payee_code, amount FROM ecocomp.obligation;
SELECT 'explain', length(ecocomp.explain_obligation(obligation_id)) > 0 FROM ecocomp.obligation;
SELECT 'superuser', rolsuper FROM pg_catalog.pg_roles WHERE rolname = 'sp_owner';
ROLLBACK;
SQL
}

clean=$(PGOPTIONS='-c search_path=ecocomp,public' workflow)
hostile_su=$(workflow)
hostile_owner=$(export PGPASSWORD=$owner_password; workflow -U sp_owner)
check "a superuser's results under the hostile search_path equal a clean run" "$hostile_su" "$clean"
check "the owner's results under his own search_path equal a clean run" "$hostile_owner" "$clean"
check "no planted function or operator ran" \
      "$(q -d "$db" -c "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM public.hijack_calls")" "0"
check "the database owner did not become superuser" \
      "$(printf '%s\n' "$hostile_su" | grep '^superuser')" "superuser|f"
# The traps work: a superuser calling unnest(text[]) under that path is caught
# (in a transaction rolled back, so the owner stays what he is).
check "the traps are live (a direct call is counted and escalates)" \
      "$(q -d "$db" -c "BEGIN; SELECT count(*) FROM unnest('{a}'::text[]); SELECT last_value FROM public.hijack_calls; SELECT rolsuper FROM pg_roles WHERE rolname = 'sp_owner'; ROLLBACK" 2>/dev/null | tr '\n' ' ')" "1 1 t "
check "every SQL and PL/pgSQL function pins search_path = pg_catalog, ecocomp, pg_temp" \
      "$(q -d "$db" -c "SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                        WHERE p.pronamespace = 'ecocomp'::regnamespace AND l.lanname IN ('sql', 'plpgsql')
                          AND p.proname NOT IN ('navigate', 'upstream_reaches', 'upstream_mainstem', 'downstream_reaches')
                          AND NOT 'search_path=pg_catalog, ecocomp, pg_temp' = ANY (coalesce(p.proconfig, '{}'))
                        ORDER BY 1")" ""

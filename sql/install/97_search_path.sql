-- Near the end (only 98_network_inline and 99_roles follow; 99_roles pins
-- its own functions): bind every function of the extension to the objects
-- it was written against, whatever search_path its caller has.
--
-- 1. PostGIS may live in any schema (PostgreSQL 15 has no
--    @extschema:postgis@).  Bodies name its functions, operators and types
--    as @postgis@.name; here, at CREATE or ALTER EXTENSION time, the token
--    becomes the schema PostGIS is really installed in, and the bodies are
--    checked.
-- 2. The search_path of every SQL and PL/pgSQL function is pinned to
--    pg_catalog, ecocomp, pg_temp: no schema that other roles can write to
--    (public is not on it; pg_temp comes last so temporary objects cannot
--    shadow anything).
DO $$
DECLARE
    postgis_schema text := (SELECT n.nspname FROM pg_catalog.pg_extension e
                            JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
                            WHERE e.extname = 'postgis');
    f record;
BEGIN
    IF postgis_schema IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = 'postgis is not installed',
            DETAIL = 'ecocomp requires the postgis extension in the same database.',
            HINT = 'Use CREATE EXTENSION ecocomp CASCADE.';
    END IF;
    PERFORM pg_catalog.set_config('check_function_bodies', 'on', true);
    FOR f IN
        SELECT p.oid
        FROM pg_catalog.pg_proc p
        WHERE p.pronamespace = 'ecocomp'::regnamespace
          AND p.prosrc LIKE '%@postgis@%'
        ORDER BY p.oid
    LOOP
        EXECUTE pg_catalog.replace(pg_catalog.pg_get_functiondef(f.oid), '@postgis@',
                                   pg_catalog.quote_ident(postgis_schema));
    END LOOP;
    FOR f IN
        SELECT p.oid::regprocedure AS sig
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_language l ON l.oid = p.prolang
        WHERE p.pronamespace = 'ecocomp'::regnamespace
          AND l.lanname IN ('sql', 'plpgsql')
          AND p.prokind IN ('f', 'p')
        ORDER BY p.oid
    LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s SET search_path = pg_catalog, ecocomp, pg_temp', f.sig);
    END LOOP;
END $$;

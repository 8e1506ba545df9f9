-- Pin the search_path of every SQL and PL/pgSQL function of the extension,
-- so that a hostile search_path cannot redirect what they call.  PostGIS may
-- live in any schema; its schema is looked up here, at install time.
DO $$
DECLARE
    postgis_schema text := (SELECT n.nspname FROM pg_catalog.pg_extension e
                            JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
                            WHERE e.extname = 'postgis');
    f record;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure AS sig
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_language l ON l.oid = p.prolang
        WHERE p.pronamespace = 'ecocomp'::regnamespace
          AND l.lanname IN ('sql', 'plpgsql')
          AND p.prokind IN ('f', 'p')
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, ecocomp, %I, pg_temp',
                       f.sig, postgis_schema);
    END LOOP;
END $$;

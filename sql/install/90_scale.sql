-- Scale-out on a Citus cluster: distribute() makes the catalogue, geography,
-- network and agreement tables reference tables and distributes the
-- observation tables by their site code.  Deployment: docs/scale.md.

CREATE OR REPLACE FUNCTION ecocomp.distribute(shard_count integer DEFAULT 32)
RETURNS TABLE (table_name text, citus_table text)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE AS $$
DECLARE
    -- the tables that grow with monitoring data, and the column each is
    -- distributed by (every other table of the schema is small: a
    -- reference table, copied to every node)
    by_site constant text[][] := ARRAY[['observation', 'section_code'],
                                        ['air_observation', 'station_code']];
    dist_tables text[] := '{}';
    todo text[];
    ready text[];
    t text;
    k record;
    i integer;
BEGIN
    IF shard_count IS NULL OR shard_count < 1 OR shard_count > 64000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('invalid shard count %s', coalesce(shard_count::text, 'NULL')),
            DETAIL = 'The shard count must be between 1 and 64000.';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension e WHERE e.extname = 'citus') THEN
        RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = 'citus is not installed',
            DETAIL = 'distribute() spreads ecocomp''s tables over a Citus cluster, and this database has no citus extension.',
            HINT = 'Install Citus on every node, add it to shared_preload_libraries, run CREATE EXTENSION citus on the coordinator and add the workers; see docs/scale.md.';
    END IF;

    -- Citus would otherwise turn every local table reachable by a foreign key
    -- into a "Citus local table" (colliding with the copies CREATE EXTENSION
    -- made on the workers), refuse the tables that have triggers, and run the
    -- conversions of tables tied by foreign keys in parallel.
    PERFORM pg_catalog.set_config('citus.enable_local_reference_table_foreign_keys', 'off', true);
    PERFORM pg_catalog.set_config('citus.enable_unsafe_triggers', 'on', true);
    PERFORM pg_catalog.set_config('citus.multi_shard_modify_mode', 'sequential', true);

    FOR i IN 1 .. pg_catalog.array_length(by_site, 1) LOOP
        IF EXISTS (SELECT FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid = pg_catalog.to_regclass('ecocomp.' || by_site[i][1])
                     AND a.attname = by_site[i][2] AND NOT a.attisdropped) THEN
            dist_tables := dist_tables || by_site[i][1];
        END IF;
    END LOOP;

    -- 0. Tables with row-level security stay local to the coordinator: Citus
    --    cannot carry policies with subqueries, and a table without its
    --    policies would show every row to every role.  (They are small: the
    --    money side.)
    FOR t IN SELECT c.relname::text FROM pg_catalog.pg_class c
             WHERE c.relnamespace = 'ecocomp'::regnamespace AND c.relkind = 'r'
               AND c.relrowsecurity AND c.relname <> ALL (dist_tables)
               AND NOT EXISTS (SELECT FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = c.oid)
             ORDER BY 1 LOOP
        table_name := t;
        citus_table := 'local (row-level security)';
        RETURN NEXT;
    END LOOP;

    -- 1. Reference tables, each after the tables its foreign keys point to.
    --    Triggers are off while a table is copied to the workers (a check
    --    trigger that reads other tables cannot run in the middle of it).
    todo := ARRAY(SELECT c.relname::text FROM pg_catalog.pg_class c
                  WHERE c.relnamespace = 'ecocomp'::regnamespace AND c.relkind = 'r'
                    AND NOT c.relispartition AND c.relname <> ALL (dist_tables)
                    AND NOT c.relrowsecurity
                    AND NOT EXISTS (SELECT FROM pg_catalog.pg_dist_partition p
                                    WHERE p.logicalrelid = c.oid)
                  ORDER BY 1);
    WHILE pg_catalog.cardinality(todo) > 0 LOOP
        ready := ARRAY(SELECT u FROM pg_catalog.unnest(todo) AS u
                       WHERE NOT EXISTS (
                           SELECT FROM pg_catalog.pg_constraint f
                           WHERE f.conrelid = ('ecocomp.' || pg_catalog.quote_ident(u))::regclass
                             AND f.contype = 'f' AND f.confrelid <> f.conrelid
                             AND NOT EXISTS (SELECT FROM pg_catalog.pg_dist_partition p
                                             WHERE p.logicalrelid = f.confrelid))
                       ORDER BY 1);
        IF pg_catalog.cardinality(ready) = 0 THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = 'foreign keys of ecocomp tables form a cycle',
                DETAIL = format('None of the tables %s can be converted before the others.', todo::text);
        END IF;
        FOREACH t IN ARRAY ready LOOP
            EXECUTE format('ALTER TABLE ecocomp.%I DISABLE TRIGGER USER', t);
            PERFORM pg_catalog.create_reference_table(format('ecocomp.%I', t)::regclass);
            EXECUTE format('ALTER TABLE ecocomp.%I ENABLE TRIGGER USER', t);
            table_name := t;
            citus_table := 'reference';
            RETURN NEXT;
        END LOOP;
        todo := ARRAY(SELECT u FROM pg_catalog.unnest(todo) AS u WHERE u <> ALL (ready) ORDER BY 1);
    END LOOP;

    -- 2. The observation tables, by site.  Citus cannot cascade an update of
    --    the distribution column (a site renamed would move rows between
    --    shards): such foreign keys become plain ones (renaming a site that
    --    has observations is then refused, 23503).
    FOREACH t IN ARRAY dist_tables LOOP
        IF EXISTS (SELECT FROM pg_catalog.pg_dist_partition p
                   WHERE p.logicalrelid = ('ecocomp.' || t)::regclass) THEN
            CONTINUE;
        END IF;
        FOR k IN
            SELECT f.conname, pg_catalog.pg_get_constraintdef(f.oid) AS def
            FROM pg_catalog.pg_constraint f
            WHERE f.conrelid = ('ecocomp.' || t)::regclass AND f.contype = 'f'
              AND f.confupdtype IN ('c', 'n', 'd')
            ORDER BY 1
        LOOP
            EXECUTE format('ALTER TABLE ecocomp.%I DROP CONSTRAINT %I, ADD CONSTRAINT %I %s',
                           t, k.conname, k.conname,
                           pg_catalog.regexp_replace(k.def, ' ON UPDATE (CASCADE|SET NULL|SET DEFAULT)', ''));
        END LOOP;
        FOR i IN 1 .. pg_catalog.array_length(by_site, 1) LOOP
            IF by_site[i][1] = t THEN
                PERFORM pg_catalog.create_distributed_table(format('ecocomp.%I', t)::regclass,
                                                            by_site[i][2], shard_count => shard_count);
                table_name := t;
                citus_table := 'distributed by ' || by_site[i][2];
                RETURN NEXT;
            END IF;
        END LOOP;
    END LOOP;

    -- 3. navigate() is C with saved plans on one server; on a coordinator
    --    it becomes a PL/pgSQL call of _navigate(), which answers every mode
    --    with queries Citus plans as router queries on the reference tables.
    --    (ALTER EXTENSION ecocomp UPDATE brings the C version back: run
    --    distribute() again after an update.)
    CREATE OR REPLACE FUNCTION ecocomp.navigate(start bigint, mode text, max_km float8 DEFAULT NULL)
    RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 1000
    SET search_path = pg_catalog, ecocomp, pg_temp AS $nav$
    BEGIN
        RETURN QUERY SELECT n FROM ecocomp._navigate(start, mode, max_km) AS n;
    END $nav$;
END $$;
COMMENT ON FUNCTION ecocomp.distribute(integer) IS
    'On a Citus coordinator: makes every ecocomp table a reference table, except the observation tables, which it distributes by site code into shard_count shards, and the tables with row-level security, which stay on the coordinator; returns what it did; 55000 without Citus';

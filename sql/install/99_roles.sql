-- Privileges: the ready-made roles and what PUBLIC may not do.  This piece
-- runs last, so the revoke below covers every internal function present,
-- whichever piece created it.  It runs after the search_path piece, so its
-- own functions pin their search_path themselves.
--
-- The model (docs/dba.md): table privileges decide who may change data;
-- internal functions (names starting with "_") are executable by no one but
-- their owner, except those that something public reaches at run time (a
-- public function's body, a view, a constraint, a column default or a
-- policy), which are granted to ecocomp_reader and through it to every
-- ready-made role.  A role outside the four ready-made ones needs membership
-- in one of them (or the same grants) to use the functions built on internals.

-- THE grant list of the ready-made roles: one row per grant, in one place.
-- A new table or a new writer adds its line here; objects must exist.
CREATE OR REPLACE FUNCTION ecocomp._role_grants()
RETURNS TABLE (role_name name, privileges text, object text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, ecocomp, pg_temp AS $$
    VALUES
    ('ecocomp_reader'::name, 'USAGE', 'SCHEMA ecocomp'),
    ('ecocomp_reader', 'SELECT', 'ALL TABLES IN SCHEMA ecocomp'),
    -- analysts load geography and monitoring data and label networks
    ('ecocomp_analyst', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.jurisdiction'),
    ('ecocomp_analyst', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.reach'),
    ('ecocomp_analyst', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.reach_minor_link'),
    ('ecocomp_analyst', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.section'),
    ('ecocomp_analyst', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.observation'),
    ('ecocomp_analyst', 'INSERT', 'TABLE ecocomp.observation_reject'),
    ('ecocomp_analyst', 'INSERT, DELETE', 'TABLE ecocomp.build_network_report'),
    ('ecocomp_analyst', 'INSERT, DELETE', 'TABLE ecocomp._reach_nav_extra'),
    -- navigate() (C) answers UM, DM and DD through this
    ('ecocomp_reader', 'EXECUTE', 'FUNCTION ecocomp._navigate(bigint, text, double precision)'),
    -- refresh_network() (C) writes the labels through this
    ('ecocomp_analyst', 'EXECUTE', 'FUNCTION ecocomp._reach_label_replace(bigint[], bigint[], bigint[], bigint[], int[], bigint[], float8[], float8[], float8[], bigint[], bigint[], text[], text)'),
    ('ecocomp_analyst', 'INSERT, DELETE', 'TABLE ecocomp.crossing'),
    ('ecocomp_analyst', 'INSERT, DELETE', 'TABLE ecocomp.boundary_stretch'),
    ('ecocomp_analyst', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.air_station'),
    ('ecocomp_analyst', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.air_observation'),
    ('ecocomp_analyst', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.waste_transfer'),
    ('ecocomp_analyst', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.transfer_quota'),
    ('ecocomp_analyst', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.protected_area'),
    ('ecocomp_analyst', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.incident'),
    ('ecocomp_analyst', 'USAGE', 'ALL SEQUENCES IN SCHEMA ecocomp'),
    -- finance defines agreements and settles periods
    ('ecocomp_finance', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.agreement'),
    ('ecocomp_finance', 'INSERT, DELETE', 'TABLE ecocomp.obligation'),
    ('ecocomp_finance', 'INSERT, DELETE', 'TABLE ecocomp.settlement_issue'),
    ('ecocomp_finance', 'UPDATE (superseded_at)', 'TABLE ecocomp.obligation'),
    ('ecocomp_finance', 'INSERT', 'TABLE ecocomp.ledger'),
    ('ecocomp_finance', 'INSERT, UPDATE (reopened_at, reopened_by, reason)', 'TABLE ecocomp.period_close'),
    ('ecocomp_finance', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.incident_claim'),
    ('ecocomp_finance', 'USAGE', 'ALL SEQUENCES IN SCHEMA ecocomp'),
    -- the administrator also maintains the catalogues
    ('ecocomp_admin', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.parameter'),
    ('ecocomp_admin', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.unit_conversion'),
    ('ecocomp_admin', 'INSERT, UPDATE, DELETE', 'TABLE ecocomp.jurisdiction_member')
$$;
COMMENT ON FUNCTION ecocomp._role_grants() IS
    'internal: the grant list of the ready-made roles (one row per grant)';

-- Does a body call the function called name?  Either by name, or through a
-- name built at run time from a prefix: format('ecocomp._settle_%s', m)
-- reaches every function whose name starts with _settle_.
CREATE OR REPLACE FUNCTION ecocomp._calls(body text, name text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, ecocomp, pg_temp AS $$
    SELECT body ~ ('(^|[^A-Za-z0-9_])' || name || '([^A-Za-z0-9_]|$)')
        OR EXISTS (SELECT 1
                   FROM regexp_matches(body, '(?:^|[^A-Za-z0-9_])(_[A-Za-z0-9_]+)(?:%[sIL]|''[[:space:]]*[|][|])', 'g') AS m
                   WHERE starts_with(name, m[1]))
$$;
COMMENT ON FUNCTION ecocomp._calls(text, text) IS
    'internal: does a function body call name, directly or through a name built from a prefix';

-- Internal functions that something public reaches at run time, found by
-- name in the bodies of public and trigger functions, views, constraints,
-- column defaults and policies, and then in the bodies of the internals so found.
CREATE OR REPLACE FUNCTION ecocomp._reached_internals()
RETURNS SETOF regprocedure
LANGUAGE sql STABLE SET search_path = pg_catalog, ecocomp, pg_temp AS $$
    WITH RECURSIVE fn AS (
        SELECT p.oid, p.proname::text AS name, p.prosrc AS body, p.proname LIKE '\_%' AS internal,
               p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype AS is_trigger
        FROM pg_catalog.pg_proc p
        WHERE p.pronamespace = 'ecocomp'::regnamespace
    ), roots AS (
        -- trigger functions run with the rights of whoever changes the table
        SELECT body AS txt FROM fn WHERE NOT internal OR is_trigger
        UNION ALL
        SELECT pg_catalog.pg_get_viewdef(c.oid) FROM pg_catalog.pg_class c
        WHERE c.relnamespace = 'ecocomp'::regnamespace AND c.relkind IN ('v', 'm')
        UNION ALL
        SELECT pg_catalog.pg_get_constraintdef(k.oid) FROM pg_catalog.pg_constraint k
        WHERE k.connamespace = 'ecocomp'::regnamespace
        UNION ALL
        SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d
        JOIN pg_catalog.pg_class c ON c.oid = d.adrelid
        WHERE c.relnamespace = 'ecocomp'::regnamespace
        UNION ALL
        SELECT coalesce(pg_catalog.pg_get_expr(po.polqual, po.polrelid), '') || ' ' ||
               coalesce(pg_catalog.pg_get_expr(po.polwithcheck, po.polrelid), '')
        FROM pg_catalog.pg_policy po
        JOIN pg_catalog.pg_class c ON c.oid = po.polrelid
        WHERE c.relnamespace = 'ecocomp'::regnamespace
    ), reached (oid, body) AS (
        SELECT f.oid, f.body FROM fn f
        WHERE f.internal AND EXISTS (SELECT 1 FROM roots r WHERE ecocomp._calls(r.txt, f.name))
        UNION
        SELECT f.oid, f.body FROM fn f JOIN reached r ON ecocomp._calls(r.body, f.name)
        WHERE f.internal
    )
    SELECT oid::regprocedure FROM reached
$$;
COMMENT ON FUNCTION ecocomp._reached_internals() IS
    'internal: internal functions reached at run time by public functions, views, constraints, defaults or policies';

-- Revokes every internal function from PUBLIC and, for the ready-made roles
-- that exist, applies the grant list and EXECUTE on the reached internals.
-- Run by this piece at CREATE and ALTER EXTENSION time and by create_roles().
CREATE OR REPLACE FUNCTION ecocomp._apply_privileges() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, ecocomp, pg_temp AS $$
DECLARE
    f regprocedure;
    g record;
    reader_exists boolean := EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'ecocomp_reader');
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
        WHERE p.pronamespace = 'ecocomp'::regnamespace AND p.proname LIKE '\_%'
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
    FOR g IN
        SELECT rg.* FROM ecocomp._role_grants() rg
        JOIN pg_catalog.pg_roles r ON r.rolname = rg.role_name
    LOOP
        EXECUTE format('GRANT %s ON %s TO %I', g.privileges, g.object, g.role_name);
    END LOOP;
    IF reader_exists THEN
        FOR f IN SELECT * FROM ecocomp._reached_internals() LOOP
            EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO ecocomp_reader', f);
        END LOOP;
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._apply_privileges() IS
    'internal: revokes internal functions from PUBLIC and applies the grants of the ready-made roles that exist';

CREATE OR REPLACE FUNCTION ecocomp.create_roles() RETURNS SETOF name
LANGUAGE plpgsql SET search_path = pg_catalog, ecocomp, pg_temp AS $$
DECLARE
    r record;
    parent name;
BEGIN
    FOR r IN
        SELECT v.rolname, v.member_of FROM (VALUES
            (1, 'ecocomp_reader'::name, '{}'::name[]),
            (2, 'ecocomp_analyst', '{ecocomp_reader}'),
            (3, 'ecocomp_finance', '{ecocomp_reader}'),
            (4, 'ecocomp_admin', '{ecocomp_analyst,ecocomp_finance}')) AS v (n, rolname, member_of)
        ORDER BY v.n
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r.rolname) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r.rolname);
        END IF;
        FOR parent IN SELECT unnest(r.member_of) LOOP
            IF NOT pg_catalog.pg_has_role(r.rolname, parent, 'MEMBER') THEN
                EXECUTE format('GRANT %I TO %I', parent, r.rolname);
            END IF;
        END LOOP;
        RETURN NEXT r.rolname;
    END LOOP;
    PERFORM ecocomp._apply_privileges();
END $$;
COMMENT ON FUNCTION ecocomp.create_roles() IS
    'Creates (when missing) the NOLOGIN roles ecocomp_reader, ecocomp_analyst, ecocomp_finance and ecocomp_admin and grants them what they need; run by a DBA with CREATEROLE who owns the extension';

SELECT ecocomp._apply_privileges();

-- Who acts for which jurisdiction, and row-level security on the money
-- tables: members of ecocomp_admin, ecocomp_finance and ecocomp_analyst see
-- every row; any other role sees only the obligations and ledger entries in
-- which one of its jurisdictions pays or receives, and the settlement issues
-- of agreements it is a party to; a role without a mapping sees none.
-- Table owners and superusers are not subject to row-level security.
-- docs/finance.md, "Access".

CREATE TABLE IF NOT EXISTS ecocomp.jurisdiction_member (
    role_name name NOT NULL,
    code      text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE ON DELETE CASCADE,
    PRIMARY KEY (role_name, code)
);
CREATE INDEX IF NOT EXISTS jurisdiction_member_code_idx ON ecocomp.jurisdiction_member (code);
COMMENT ON TABLE ecocomp.jurisdiction_member IS
    'Which database roles act for which jurisdiction: such a role sees only the obligations, ledger entries and settlement issues of its jurisdictions';
COMMENT ON COLUMN ecocomp.jurisdiction_member.role_name IS 'a database role (members of it act for the jurisdiction too)';
SELECT pg_catalog.pg_extension_config_dump('ecocomp.jurisdiction_member', '');

-- The role a call acts for: the role set by SET ROLE, else the session
-- user.  Inside a SECURITY DEFINER function current_user is the owner, but
-- the role setting and the session user are still the caller's.
CREATE OR REPLACE FUNCTION ecocomp._caller() RETURNS name
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN pg_catalog.current_setting('role') = 'none' THEN session_user
                ELSE pg_catalog.current_setting('role')::name END
$$;
COMMENT ON FUNCTION ecocomp._caller() IS
    'internal: the role a call acts for (SET ROLE, else the session user), also inside SECURITY DEFINER functions';

-- Central roles see every row: superusers, roles with BYPASSRLS, and members
-- of the ready-made central roles (which may not exist: looked up by name).
CREATE OR REPLACE FUNCTION ecocomp._sees_all(who name) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT FROM pg_catalog.pg_roles r
                   WHERE r.rolname = who AND (r.rolsuper OR r.rolbypassrls))
        OR EXISTS (SELECT FROM pg_catalog.pg_roles r, pg_catalog.pg_roles c
                   WHERE r.rolname = who
                     AND c.rolname IN ('ecocomp_admin', 'ecocomp_finance', 'ecocomp_analyst')
                     AND pg_catalog.pg_has_role(r.oid, c.oid, 'MEMBER'))
$$;
COMMENT ON FUNCTION ecocomp._sees_all(name) IS
    'internal: is the role a superuser, BYPASSRLS, or a member of ecocomp_admin, ecocomp_finance or ecocomp_analyst';

-- The jurisdictions a role acts for, directly or through role membership.
CREATE OR REPLACE FUNCTION ecocomp._member_codes(who name) RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT m.code ORDER BY m.code), '{}')
    FROM ecocomp.jurisdiction_member m
    JOIN pg_catalog.pg_roles g ON g.rolname = m.role_name
    JOIN pg_catalog.pg_roles r ON r.rolname = who
    WHERE pg_catalog.pg_has_role(r.oid, g.oid, 'MEMBER')
$$;
COMMENT ON FUNCTION ecocomp._member_codes(name) IS
    'internal: the jurisdiction codes a role acts for through jurisdiction_member (directly or by membership)';

ALTER TABLE ecocomp.jurisdiction_member ENABLE ROW LEVEL SECURITY;
ALTER TABLE ecocomp.obligation ENABLE ROW LEVEL SECURITY;
ALTER TABLE ecocomp.ledger ENABLE ROW LEVEL SECURITY;
ALTER TABLE ecocomp.settlement_issue ENABLE ROW LEVEL SECURITY;

-- The policies are written inline (no function call), so that every role
-- can evaluate them without EXECUTE on internal functions.  Each is "central
-- OR member": central is membership of a ready-made central role, looked up
-- by name because the roles are created by the DBA, not by CREATE EXTENSION;
-- member is a role acting for a jurisdiction the row concerns.
DO $$
DECLARE
    central constant text := $c$EXISTS (SELECT FROM pg_catalog.pg_roles c
                   WHERE c.rolname IN ('ecocomp_admin', 'ecocomp_finance', 'ecocomp_analyst')
                     AND pg_catalog.pg_has_role(c.oid, 'MEMBER'))$c$;
    -- obligations and ledger entries: their payer and payee
    party constant text := $m$EXISTS (SELECT FROM ecocomp.jurisdiction_member m
                      JOIN pg_catalog.pg_roles g ON g.rolname = m.role_name
                      WHERE m.code IN (payer_code, payee_code)
                        AND pg_catalog.pg_has_role(g.oid, 'MEMBER'))$m$;
    r record;
BEGIN
    FOR r IN
        SELECT * FROM (VALUES
            ('jurisdiction_member', $m$EXISTS (SELECT FROM pg_catalog.pg_roles g
                      WHERE g.rolname = role_name AND pg_catalog.pg_has_role(g.oid, 'MEMBER'))$m$),
            ('obligation', party),
            ('ledger', party),
            ('settlement_issue', $m$EXISTS (SELECT FROM ecocomp.agreement a
                      JOIN ecocomp.jurisdiction_member m
                        ON m.code = a.upstream_code OR m.code = a.downstream_code OR m.code = ANY (a.parties)
                      JOIN pg_catalog.pg_roles g ON g.rolname = m.role_name
                      WHERE a.agreement_id = settlement_issue.agreement_id
                        AND pg_catalog.pg_has_role(g.oid, 'MEMBER'))$m$)) p (tab, member)
    LOOP
        EXECUTE format('DROP POLICY IF EXISTS %I ON ecocomp.%I', r.tab || '_visible', r.tab);
        EXECUTE format('CREATE POLICY %I ON ecocomp.%I USING (%s OR %s)', r.tab || '_visible', r.tab, central, r.member);
    END LOOP;
END $$;

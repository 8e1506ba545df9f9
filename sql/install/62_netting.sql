-- Multilateral netting of the booked ledger: net_positions() and
-- net_transfers() (at most n - 1 transfers that clear every position to the
-- fen).  C: src/netting.c over src/core/netting.c.  Both are computed over
-- the whole ledger of the period and then filtered for the caller, so they
-- run as the extension owner (SECURITY DEFINER, pinned search_path) after
-- checking that the caller may read the ledger.  docs/finance.md.

CREATE OR REPLACE FUNCTION ecocomp._netting_positions(period daterange)
RETURNS TABLE (code text, receivable numeric, payable numeric, net numeric)
AS 'MODULE_PATHNAME', 'ecocomp_netting_positions'
LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION ecocomp._netting_positions(daterange) IS
    'internal: per jurisdiction, the booked ledger of the period netted in C (every row the current user can read)';

CREATE OR REPLACE FUNCTION ecocomp._netting_transfers(period daterange)
RETURNS TABLE (payer_code text, payee_code text, amount numeric)
AS 'MODULE_PATHNAME', 'ecocomp_netting_transfers'
LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION ecocomp._netting_transfers(daterange) IS
    'internal: transfers clearing the net positions of the period, largest first (every row the current user can read)';

-- The caller's view of the netting: NULL codes = every code (central
-- roles); otherwise its jurisdictions, none when it has no mapping.  Errors
-- 42501 when the caller may not read the ledger at all.
CREATE OR REPLACE FUNCTION ecocomp._netting_scope() RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
    who name := ecocomp._caller();
BEGIN
    IF NOT pg_catalog.has_table_privilege(who, 'ecocomp.ledger', 'SELECT') THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'permission denied for the ledger',
            DETAIL = format('Role %s may not read ecocomp.ledger, so it cannot see net positions.', who);
    END IF;
    IF ecocomp._sees_all(who) THEN
        RETURN NULL;
    END IF;
    RETURN ecocomp._member_codes(who);
END $$;
COMMENT ON FUNCTION ecocomp._netting_scope() IS
    'internal: the codes whose netting the caller may see (NULL: all); 42501 when it may not read the ledger';

CREATE OR REPLACE FUNCTION ecocomp.net_positions(period daterange)
RETURNS TABLE (code text, receivable numeric(20,2), payable numeric(20,2), net numeric(20,2))
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, ecocomp, pg_temp AS $$
DECLARE
    scope text[];
BEGIN
    PERFORM ecocomp._check_period($1, 'net_positions');
    scope := ecocomp._netting_scope();
    RETURN QUERY
        SELECT n.code, n.receivable::numeric(20,2), n.payable::numeric(20,2), n.net::numeric(20,2)
        FROM ecocomp._netting_positions($1) n
        WHERE scope IS NULL OR n.code = ANY (scope)
        ORDER BY n.code;
END $$;
COMMENT ON FUNCTION ecocomp.net_positions(daterange) IS
    'Per jurisdiction, over the booked ledger of the period (entries whose period lies within it): receivable (charges to it less reversals, plus payments it made), payable (charges it bears less reversals, plus payments it received) and net = receivable - payable, what is still owed to it (negative: what it still owes); a jurisdiction''s role sees only its own rows';

CREATE OR REPLACE FUNCTION ecocomp.net_transfers(period daterange)
RETURNS TABLE (payer_code text, payee_code text, amount numeric(20,2))
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, ecocomp, pg_temp AS $$
DECLARE
    scope text[];
BEGIN
    PERFORM ecocomp._check_period($1, 'net_transfers');
    scope := ecocomp._netting_scope();
    RETURN QUERY
        SELECT t.payer_code, t.payee_code, t.amount::numeric(20,2)
        FROM ecocomp._netting_transfers($1) t
        WHERE scope IS NULL OR t.payer_code = ANY (scope) OR t.payee_code = ANY (scope)
        ORDER BY t.amount DESC, t.payer_code, t.payee_code;
END $$;
COMMENT ON FUNCTION ecocomp.net_transfers(daterange) IS
    'At most n - 1 transfers payer -> payee that clear every net position of the period exactly to the fen (largest debtor pays largest creditor first; deterministic); a jurisdiction''s role sees only the transfers it pays or receives';

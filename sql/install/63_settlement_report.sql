-- Reports over the booked ledger: settlement_report() (per agreement or
-- incident and direction: charged, reversed, net, paid, outstanding, then a
-- total per payer) and statement() (a jurisdiction's entries with a running
-- balance).  Both run with the caller's rights, so row-level security shows
-- a jurisdiction's role only its own entries.  docs/finance.md.

CREATE OR REPLACE FUNCTION ecocomp.settlement_report(period daterange)
RETURNS TABLE (agreement_id text, incident_id text, payer_code text, payee_code text,
               charged numeric(20,2), reversed numeric(20,2), net numeric(20,2),
               paid numeric(20,2), outstanding numeric(20,2))
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM ecocomp._check_period($1, 'settlement_report');
    RETURN QUERY
    WITH entries AS (
        -- charges and their reversals, attributed through the obligation
        SELECT o.agreement_id, o.incident_id, l.payer_code, l.payee_code,
               CASE WHEN l.entry_kind = 'charge' THEN l.amount ELSE 0 END AS charged,
               CASE WHEN l.entry_kind = 'reversal' THEN l.amount ELSE 0 END AS reversed
        FROM ecocomp.ledger l
        JOIN ecocomp.obligation o ON o.obligation_id = l.obligation_id
        WHERE l.period <@ $1 AND l.obligation_id IS NOT NULL
    ), lines AS (
        SELECT e.agreement_id, e.incident_id, e.payer_code, e.payee_code,
               sum(e.charged) AS charged, sum(e.reversed) AS reversed,
               sum(e.charged) - sum(e.reversed) AS net
        FROM entries e
        GROUP BY e.agreement_id, e.incident_id, e.payer_code, e.payee_code
    ), payments AS (
        -- payments of the period per direction, less reversed payments
        SELECT l.payer_code, l.payee_code,
               sum(CASE WHEN l.entry_kind = 'payment' THEN l.amount ELSE -l.amount END) AS paid
        FROM ecocomp.ledger l
        WHERE l.period <@ $1 AND l.obligation_id IS NULL   -- payments and their reversals
        GROUP BY l.payer_code, l.payee_code
    ), applied AS (
        -- a direction's payments settle its lines in agreement order, then incidents
        SELECT li.*,
               greatest(0::numeric, least(li.net, coalesce(pa.paid, 0)
                   - coalesce(sum(li.net) OVER (PARTITION BY li.payer_code, li.payee_code
                                                ORDER BY li.agreement_id NULLS LAST, li.incident_id
                                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS paid
        FROM lines li
        LEFT JOIN payments pa ON pa.payer_code = li.payer_code AND pa.payee_code = li.payee_code
    ), report AS (
        SELECT a.agreement_id, a.incident_id, a.payer_code, a.payee_code,
               a.charged, a.reversed, a.net, a.paid, 0 AS total_row
        FROM applied a
        UNION ALL
        SELECT NULL, NULL, a.payer_code, NULL,
               sum(a.charged), sum(a.reversed), sum(a.net), sum(a.paid), 1
        FROM applied a
        GROUP BY a.payer_code
    )
    SELECT r.agreement_id, r.incident_id, r.payer_code, r.payee_code,
           r.charged::numeric(20,2), r.reversed::numeric(20,2), r.net::numeric(20,2),
           r.paid::numeric(20,2), (r.net - r.paid)::numeric(20,2)
    FROM report r
    ORDER BY r.total_row, r.agreement_id NULLS LAST, r.incident_id, r.payer_code, r.payee_code;
END $$;
COMMENT ON FUNCTION ecocomp.settlement_report(daterange) IS
    'The booked ledger of the period (entries whose period lies within it): one row per agreement (or incident) and direction with charged, reversed, net = charged - reversed, paid (the direction''s payments in the period, applied in agreement order) and outstanding = net - paid; then one total row per payer with NULL agreement';

CREATE OR REPLACE FUNCTION ecocomp.statement(code text, period daterange)
RETURNS TABLE (entry_id bigint, booked_at timestamptz, entry_kind text, counterparty_code text,
               receivable numeric(20,2), payable numeric(20,2), balance numeric(20,2))
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM ecocomp._check_period($2, 'statement');
    IF NOT EXISTS (SELECT FROM ecocomp.jurisdiction j WHERE j.code = $1) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = 'jurisdiction not found',
            DETAIL = format('There is no jurisdiction with code %s.', coalesce(quote_literal($1), 'NULL'));
    END IF;
    RETURN QUERY
    WITH e AS (
        -- +1: the entry adds to what the jurisdiction is owed (a charge it
        -- receives, a payment it makes); -1: to what it owes.  A reversal
        -- takes the opposite side of the entry it cancels.
        SELECT l.entry_id, l.booked_at, l.entry_kind,
               CASE WHEN l.payer_code = $1 THEN l.payee_code ELSE l.payer_code END AS counterparty,
               l.amount
               * CASE WHEN l.payee_code = $1 THEN 1 ELSE -1 END
               * CASE WHEN l.obligation_id IS NULL THEN -1 ELSE 1 END   -- a payment or its reversal
               * CASE WHEN l.entry_kind = 'reversal' THEN -1 ELSE 1 END AS signed
        FROM ecocomp.ledger l
        WHERE l.period <@ $2 AND $1 IN (l.payer_code, l.payee_code)
    )
    SELECT e.entry_id, e.booked_at, e.entry_kind, e.counterparty,
           greatest(e.signed, 0)::numeric(20,2), greatest(-e.signed, 0)::numeric(20,2),
           sum(e.signed) OVER (ORDER BY e.entry_id)::numeric(20,2)
    FROM e
    ORDER BY e.entry_id;
END $$;
COMMENT ON FUNCTION ecocomp.statement(text, daterange) IS
    'Every ledger entry of a jurisdiction in the period, in entry order: what it adds to the amount owed to the jurisdiction (receivable) or owed by it (payable), and the running balance = receivable - payable; the last balance equals net_positions().net';

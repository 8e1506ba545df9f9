-- The settlement ledger: obligations become charges when booked, corrections
-- are reversals, money received is a payment.  The ledger is append-only
-- (a trigger refuses UPDATE, DELETE and TRUNCATE to everyone, the owner
-- included); periods are closed and reopened in period_close, with their
-- whole history.  book(), record_payment(), reverse_entry(), close_period()
-- and reopen_period() serialise on one advisory lock, so two sessions
-- booking the same period at once book it once.  docs/finance.md.

-- Obligations that have been booked are kept when a period is settled again:
-- settle() marks them superseded and book() reverses their charges.  An
-- incident's obligations (pollution liability) carry incident_id instead
-- of an agreement.
ALTER TABLE ecocomp.obligation ADD COLUMN IF NOT EXISTS superseded_at timestamptz;
ALTER TABLE ecocomp.obligation ADD COLUMN IF NOT EXISTS incident_id text;
ALTER TABLE ecocomp.obligation ALTER COLUMN agreement_id DROP NOT NULL;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint
                   WHERE conrelid = 'ecocomp.obligation'::regclass AND conname = 'obligation_source_check') THEN
        ALTER TABLE ecocomp.obligation ADD CONSTRAINT obligation_source_check
            CHECK (agreement_id IS NOT NULL OR incident_id IS NOT NULL);
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS obligation_current_idx ON ecocomp.obligation (obligation_id)
    WHERE superseded_at IS NULL;
COMMENT ON COLUMN ecocomp.obligation.agreement_id IS 'the agreement it was computed for; NULL for an incident''s obligations';
COMMENT ON COLUMN ecocomp.obligation.incident_id IS 'the pollution incident it was computed for (NULL for agreements)';
COMMENT ON COLUMN ecocomp.obligation.superseded_at IS
    'when a later settle() of the period replaced this booked obligation (NULL: current); book() then reverses its charge';

CREATE TABLE IF NOT EXISTS ecocomp.ledger (
    entry_id          bigserial PRIMARY KEY,
    obligation_id     bigint REFERENCES ecocomp.obligation (obligation_id),
    period            daterange NOT NULL CHECK (NOT isempty(period)),
    -- codes are stored as booked: no ON UPDATE CASCADE, so a jurisdiction
    -- with ledger rows cannot be renamed (23503)
    payer_code        text NOT NULL REFERENCES ecocomp.jurisdiction (code),
    payee_code        text NOT NULL REFERENCES ecocomp.jurisdiction (code),
    amount            numeric(20,2) NOT NULL CHECK (amount > 0),
    entry_kind        text NOT NULL CHECK (entry_kind IN ('charge', 'reversal', 'payment')),
    reverses_entry_id bigint REFERENCES ecocomp.ledger (entry_id),
    reason            text,
    reference         text,
    booked_at         timestamptz NOT NULL DEFAULT now(),
    booked_by         text NOT NULL DEFAULT current_user,
    CONSTRAINT ledger_parties_check CHECK (payer_code <> payee_code),
    CONSTRAINT ledger_kind_check CHECK (
        (entry_kind = 'charge' AND obligation_id IS NOT NULL AND reverses_entry_id IS NULL)
        OR (entry_kind = 'reversal' AND reverses_entry_id IS NOT NULL AND reason IS NOT NULL)
        OR (entry_kind = 'payment' AND obligation_id IS NULL AND reverses_entry_id IS NULL
            AND reference IS NOT NULL))
);
-- One charge per obligation and one reversal per entry: booking twice, even
-- from two sessions at once, books once.
CREATE UNIQUE INDEX IF NOT EXISTS ledger_charge_once_idx ON ecocomp.ledger (obligation_id)
    WHERE entry_kind = 'charge';
CREATE UNIQUE INDEX IF NOT EXISTS ledger_reversal_once_idx ON ecocomp.ledger (reverses_entry_id);
CREATE INDEX IF NOT EXISTS ledger_payer_idx ON ecocomp.ledger (payer_code);
CREATE INDEX IF NOT EXISTS ledger_payee_idx ON ecocomp.ledger (payee_code);
COMMENT ON TABLE ecocomp.ledger IS
    'Append-only settlement ledger: charges (booked obligations), reversals (corrections) and payments; amounts positive, direction payer to payee';
COMMENT ON COLUMN ecocomp.ledger.obligation_id IS 'the obligation a charge books (and its reversal cancels); NULL for payments';
COMMENT ON COLUMN ecocomp.ledger.period IS 'the obligation''s period; for a payment, the day it was paid';
COMMENT ON COLUMN ecocomp.ledger.amount IS 'yuan, positive, exact to the fen';
COMMENT ON COLUMN ecocomp.ledger.entry_kind IS 'charge, reversal or payment';
COMMENT ON COLUMN ecocomp.ledger.reverses_entry_id IS
    'for a reversal: the entry it cancels, whose payer, payee, amount and period it keeps; a reversal is never reversed';
COMMENT ON COLUMN ecocomp.ledger.reason IS 'why an entry was reversed (required for reversals)';
COMMENT ON COLUMN ecocomp.ledger.reference IS 'for a payment: the bank or treasury reference';
COMMENT ON COLUMN ecocomp.ledger.booked_by IS 'the role that booked the entry';

CREATE OR REPLACE FUNCTION ecocomp._ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '55000',
        MESSAGE = 'the ledger is append-only',
        DETAIL = format('%s on ecocomp.ledger is refused for every role; a booked entry is corrected by reverse_entry(entry_id, reason).', TG_OP),
        HINT = 'See docs/finance.md, "Corrections".';
END $$;
COMMENT ON FUNCTION ecocomp._ledger_append_only() IS 'internal: refuses UPDATE, DELETE and TRUNCATE on the ledger';
CREATE OR REPLACE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ecocomp.ledger
    FOR EACH ROW EXECUTE FUNCTION ecocomp._ledger_append_only();
CREATE OR REPLACE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ecocomp.ledger
    FOR EACH STATEMENT EXECUTE FUNCTION ecocomp._ledger_append_only();

-- A charge repeats its obligation; a reversal repeats the entry it cancels
-- (same direction, amount, period and obligation) and cancels a charge or a
-- payment, never a reversal.  Direct INSERTs are held to the same rules.
CREATE OR REPLACE FUNCTION ecocomp._ledger_check_entry() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    o record;
    e record;
BEGIN
    IF NEW.entry_kind = 'charge' THEN
        SELECT x.period, x.payer_code, x.payee_code, x.amount INTO o
        FROM ecocomp.obligation x WHERE x.obligation_id = NEW.obligation_id;
        IF FOUND AND (o.period, o.payer_code, o.payee_code, o.amount)
                     IS DISTINCT FROM (NEW.period, NEW.payer_code, NEW.payee_code, NEW.amount) THEN
            RAISE EXCEPTION USING ERRCODE = '23514',
                MESSAGE = 'a charge must repeat its obligation',
                DETAIL = format('Obligation %s is %s -> %s, %s yuan for %s; the charge says %s -> %s, %s yuan for %s.',
                                NEW.obligation_id, o.payer_code, o.payee_code, o.amount, ecocomp._period_text(o.period),
                                NEW.payer_code, NEW.payee_code, NEW.amount, ecocomp._period_text(NEW.period));
        END IF;
    ELSIF NEW.entry_kind = 'reversal' THEN
        SELECT x.entry_kind, x.obligation_id, x.period, x.payer_code, x.payee_code, x.amount INTO e
        FROM ecocomp.ledger x WHERE x.entry_id = NEW.reverses_entry_id;
        IF FOUND AND e.entry_kind = 'reversal' THEN
            RAISE EXCEPTION USING ERRCODE = '23514',
                MESSAGE = 'a reversal cannot be reversed',
                DETAIL = format('Entry %s is itself a reversal; book the charge again instead.', NEW.reverses_entry_id);
        END IF;
        IF FOUND AND (e.obligation_id, e.period, e.payer_code, e.payee_code, e.amount)
                     IS DISTINCT FROM (NEW.obligation_id, NEW.period, NEW.payer_code, NEW.payee_code, NEW.amount) THEN
            RAISE EXCEPTION USING ERRCODE = '23514',
                MESSAGE = 'a reversal must repeat the entry it cancels',
                DETAIL = format('Entry %s is %s -> %s, %s yuan for %s; the reversal must keep that direction, amount and period.',
                                NEW.reverses_entry_id, e.payer_code, e.payee_code, e.amount, ecocomp._period_text(e.period));
        END IF;
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION ecocomp._ledger_check_entry() IS
    'internal: a charge repeats its obligation, a reversal the charge or payment it cancels (never a reversal)';
CREATE OR REPLACE TRIGGER ledger_check_entry BEFORE INSERT ON ecocomp.ledger
    FOR EACH ROW EXECUTE FUNCTION ecocomp._ledger_check_entry();

CREATE TABLE IF NOT EXISTS ecocomp.period_close (
    close_id    bigserial PRIMARY KEY,
    period      daterange NOT NULL CHECK (NOT isempty(period) AND NOT lower_inf(period) AND NOT upper_inf(period)),
    closed_at   timestamptz NOT NULL DEFAULT now(),
    closed_by   text NOT NULL DEFAULT current_user,
    reopened_at timestamptz,
    reopened_by text,
    reason      text,
    CONSTRAINT period_close_reopen_check CHECK ((reopened_at IS NULL) = (reopened_by IS NULL)),
    -- at most one close in force for any day
    CONSTRAINT period_close_one_open EXCLUDE USING gist (period WITH &&) WHERE (reopened_at IS NULL)
);
COMMENT ON TABLE ecocomp.period_close IS
    'Closed settlement periods with the whole history of closes and reopens; settle(), book(), record_payment() and reverse_entry() refuse a period that overlaps a close in force';
COMMENT ON COLUMN ecocomp.period_close.reopened_at IS 'NULL while the close is in force';
COMMENT ON COLUMN ecocomp.period_close.reason IS 'why the period was reopened';

SELECT pg_catalog.pg_extension_config_dump('ecocomp.ledger', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.ledger_entry_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.period_close', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.period_close_close_id_seq', '');

-- Serialises everything that writes the ledger or closes periods (settle(),
-- book(), record_payment(), reverse_entry(), close_period(), reopen_period())
-- until the end of the transaction.  The key is the ledger's oid.
CREATE OR REPLACE FUNCTION ecocomp._settlement_lock() RETURNS void
LANGUAGE sql VOLATILE AS $$
    SELECT pg_catalog.pg_advisory_xact_lock('ecocomp.ledger'::regclass::oid::bigint)
$$;
COMMENT ON FUNCTION ecocomp._settlement_lock() IS
    'internal: the transaction-level advisory lock that serialises settling, booking and closing';

-- Raises 22023 unless p is a bounded, non-empty date range.
CREATE OR REPLACE FUNCTION ecocomp._check_period(p daterange, what text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p IS NULL OR isempty(p) OR lower_inf(p) OR upper_inf(p) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('%s needs a bounded, non-empty period', what),
            DETAIL = format('Got %s; expected e.g. ''[2024-01-01,2025-01-01)''.', coalesce(ecocomp._period_text(p), 'NULL'));
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._check_period(daterange, text) IS 'internal: raises 22023 unless the period is bounded and non-empty';

-- Raises 55000 when p overlaps a close in force.
CREATE OR REPLACE FUNCTION ecocomp._refuse_closed(p daterange, what text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
    c ecocomp.period_close;
BEGIN
    SELECT * INTO c FROM ecocomp.period_close x
    WHERE x.period && p AND x.reopened_at IS NULL ORDER BY lower(x.period) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('cannot %s a closed period', what),
            DETAIL = format('The period %s overlaps the period %s, closed by %s at %s.',
                            ecocomp._period_text(p), ecocomp._period_text(c.period), c.closed_by, c.closed_at),
            HINT = 'reopen_period(period, reason) reopens it.';
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._refuse_closed(daterange, text) IS 'internal: raises 55000 when the period overlaps a closed one';

-- settle() of agreements and a period: booked (charged) current obligations
-- are kept and marked superseded instead of being deleted.
CREATE OR REPLACE FUNCTION ecocomp._supersede_booked(agreement_ids text[], period daterange) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    WITH s AS (
        UPDATE ecocomp.obligation o SET superseded_at = now()
        WHERE o.agreement_id = ANY ($1) AND o.period && $2 AND o.superseded_at IS NULL
          AND EXISTS (SELECT FROM ecocomp.ledger l
                      WHERE l.obligation_id = o.obligation_id AND l.entry_kind = 'charge')
        RETURNING 1)
    SELECT count(*) FROM s
$$;
COMMENT ON FUNCTION ecocomp._supersede_booked(text[], daterange) IS
    'internal: marks the booked current obligations of the agreements overlapping the period superseded (called by settle())';

-- After settle() wrote the new obligations: one that repeats an obligation
-- this run superseded (same agreement, period, payer, payee and amount,
-- charge not reversed) is dropped and the booked one is current again, so
-- settling unchanged data books nothing.
CREATE OR REPLACE FUNCTION ecocomp._keep_unchanged(agreement_ids text[], period daterange) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    WITH pairs AS (
        SELECT DISTINCT ON (old.obligation_id) old.obligation_id AS old_id, new.obligation_id AS new_id
        FROM ecocomp.obligation old
        JOIN ecocomp.obligation new
          ON new.agreement_id = old.agreement_id AND new.period = old.period
         AND new.payer_code = old.payer_code AND new.payee_code = old.payee_code
         AND new.amount = old.amount AND new.superseded_at IS NULL
         AND NOT EXISTS (SELECT FROM ecocomp.ledger l WHERE l.obligation_id = new.obligation_id)
        WHERE old.agreement_id = ANY ($1) AND old.period && $2 AND old.superseded_at = now()
          AND NOT EXISTS (SELECT FROM ecocomp.ledger c JOIN ecocomp.ledger r ON r.reverses_entry_id = c.entry_id
                          WHERE c.obligation_id = old.obligation_id AND c.entry_kind = 'charge')
        ORDER BY old.obligation_id, new.obligation_id
    ), dropped AS (
        DELETE FROM ecocomp.obligation o USING pairs p WHERE o.obligation_id = p.new_id RETURNING 1
    ), kept AS (
        UPDATE ecocomp.obligation o SET superseded_at = NULL FROM pairs p WHERE o.obligation_id = p.old_id RETURNING 1
    )
    SELECT (SELECT count(*) FROM kept) + 0 * (SELECT count(*) FROM dropped)
$$;
COMMENT ON FUNCTION ecocomp._keep_unchanged(text[], daterange) IS
    'internal: after settle(), keeps a booked obligation current when the run computed it again unchanged, dropping the repeat';

CREATE OR REPLACE FUNCTION ecocomp.book(period daterange) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    p daterange := $1;
    reversed bigint;
    charged bigint;
BEGIN
    PERFORM ecocomp._check_period(p, 'book');
    PERFORM ecocomp._settlement_lock();
    PERFORM ecocomp._refuse_closed(p, 'book');
    -- Charges of superseded obligations are reversed (same direction).
    WITH r AS (
        INSERT INTO ecocomp.ledger (obligation_id, period, payer_code, payee_code, amount,
                                    entry_kind, reverses_entry_id, reason)
        SELECT c.obligation_id, c.period, c.payer_code, c.payee_code, c.amount,
               'reversal', c.entry_id,
               format('obligation %s superseded by a new settlement at %s', o.obligation_id, o.superseded_at)
        FROM ecocomp.ledger c
        JOIN ecocomp.obligation o ON o.obligation_id = c.obligation_id
        WHERE c.entry_kind = 'charge' AND o.superseded_at IS NOT NULL AND o.period <@ p
          AND NOT EXISTS (SELECT FROM ecocomp.ledger x WHERE x.reverses_entry_id = c.entry_id)
        ORDER BY c.entry_id
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*) INTO reversed FROM r;
    -- Current obligations not yet charged become charges.
    WITH c AS (
        INSERT INTO ecocomp.ledger (obligation_id, period, payer_code, payee_code, amount, entry_kind)
        SELECT o.obligation_id, o.period, o.payer_code, o.payee_code, o.amount, 'charge'
        FROM ecocomp.obligation o
        WHERE o.superseded_at IS NULL AND o.period <@ p
          AND NOT EXISTS (SELECT FROM ecocomp.ledger x
                          WHERE x.obligation_id = o.obligation_id AND x.entry_kind = 'charge')
        ORDER BY o.obligation_id
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*) INTO charged FROM c;
    RETURN reversed + charged;
END $$;
COMMENT ON FUNCTION ecocomp.book(daterange) IS
    'Books the period: current obligations whose period lies within it become charges, charges of superseded obligations are reversed; idempotent; refuses a closed period; returns the number of entries written';

CREATE OR REPLACE FUNCTION ecocomp.record_payment(payer_code text, payee_code text, amount numeric,
                                                  paid_on date, reference text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    id bigint;
    day daterange;
BEGIN
    IF $3 IS NULL OR $3 <= 0 OR $3 <> round($3, 2) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a payment needs a positive amount in yuan and fen',
            DETAIL = format('The amount is %s; it must be > 0 with at most two decimals.', coalesce($3::text, 'NULL'));
    END IF;
    IF $4 IS NULL OR NOT isfinite($4) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a payment needs the date it was paid',
            DETAIL = format('paid_on is %s.', coalesce($4::text, 'NULL'));
    END IF;
    IF $5 IS NULL OR btrim($5) = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a payment needs its bank or treasury reference',
            DETAIL = format('The payment of %s yuan from %s to %s has no reference.', $3, $1, $2);
    END IF;
    day := daterange($4, $4 + 1);
    PERFORM ecocomp._settlement_lock();
    PERFORM ecocomp._refuse_closed(day, 'record a payment in');
    INSERT INTO ecocomp.ledger (period, payer_code, payee_code, amount, entry_kind, reference)
    VALUES (day, $1, $2, $3, 'payment', $5)
    RETURNING entry_id INTO id;
    RETURN id;
END $$;
COMMENT ON FUNCTION ecocomp.record_payment(text, text, numeric, date, text) IS
    'Records money paid from payer to payee on a day with its bank or treasury reference; statements and net positions then show what is still outstanding; returns the entry id';

CREATE OR REPLACE FUNCTION ecocomp.reverse_entry(entry_id bigint, reason text) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    e ecocomp.ledger;
    id bigint;
BEGIN
    IF $2 IS NULL OR btrim($2) = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a reversal needs a reason',
            DETAIL = format('No reason was given for reversing entry %s.', coalesce($1::text, 'NULL'));
    END IF;
    PERFORM ecocomp._settlement_lock();
    SELECT * INTO e FROM ecocomp.ledger x WHERE x.entry_id = $1;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = 'ledger entry not found',
            DETAIL = format('There is no ledger entry %s (or it is not visible to you).', coalesce($1::text, 'NULL'));
    END IF;
    IF e.entry_kind = 'reversal' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a reversal cannot be reversed',
            DETAIL = format('Entry %s is the reversal of entry %s; book the amount again instead.', e.entry_id, e.reverses_entry_id);
    END IF;
    IF EXISTS (SELECT FROM ecocomp.ledger x WHERE x.reverses_entry_id = e.entry_id) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'entry already reversed',
            DETAIL = format('Entry %s has already been reversed by entry %s.', e.entry_id,
                            (SELECT x.entry_id FROM ecocomp.ledger x WHERE x.reverses_entry_id = e.entry_id));
    END IF;
    PERFORM ecocomp._refuse_closed(e.period, 'reverse an entry of');
    INSERT INTO ecocomp.ledger (obligation_id, period, payer_code, payee_code, amount,
                                entry_kind, reverses_entry_id, reason)
    VALUES (e.obligation_id, e.period, e.payer_code, e.payee_code, e.amount, 'reversal', e.entry_id, $2)
    RETURNING ledger.entry_id INTO id;
    RETURN id;
END $$;
COMMENT ON FUNCTION ecocomp.reverse_entry(bigint, text) IS
    'Cancels a charge or payment by a reversal entry in the same direction, with the reason; a reversal is never reversed; returns the reversal''s id';

CREATE OR REPLACE FUNCTION ecocomp.close_period(period daterange) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    id bigint;
BEGIN
    PERFORM ecocomp._check_period($1, 'close_period');
    PERFORM ecocomp._settlement_lock();
    PERFORM ecocomp._refuse_closed($1, 'close');
    INSERT INTO ecocomp.period_close (period) VALUES ($1) RETURNING close_id INTO id;
    RETURN id;
END $$;
COMMENT ON FUNCTION ecocomp.close_period(daterange) IS
    'Closes a period: settle(), book(), payments and reversals in it are refused until it is reopened; returns the close''s id';

CREATE OR REPLACE FUNCTION ecocomp.reopen_period(period daterange, reason text) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    id bigint;
BEGIN
    PERFORM ecocomp._check_period($1, 'reopen_period');
    IF $2 IS NULL OR btrim($2) = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'reopening a period needs a reason',
            DETAIL = format('No reason was given for reopening %s.', ecocomp._period_text($1));
    END IF;
    PERFORM ecocomp._settlement_lock();
    UPDATE ecocomp.period_close c
    SET reopened_at = now(), reopened_by = current_user, reason = $2
    WHERE c.period = $1 AND c.reopened_at IS NULL
    RETURNING c.close_id INTO id;
    IF id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = 'period is not closed',
            DETAIL = format('No close in force has exactly the period %s; see ecocomp.period_close.', ecocomp._period_text($1));
    END IF;
    RETURN id;
END $$;
COMMENT ON FUNCTION ecocomp.reopen_period(daterange, text) IS
    'Reopens a closed period (the exact period given to close_period), recording who, when and why; returns the close''s id';

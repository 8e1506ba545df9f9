-- Compensation agreements (a registered method and its parameters between
-- parties), the obligations a settlement writes, the issues it reports, the
-- settlement_line type every method returns, and the trigger that validates
-- an agreement on write.  The methods: 50_method_registry.sql.
--
-- Sign convention: a positive amount means the downstream party pays the
-- upstream party; a negative one, the reverse.

CREATE TABLE IF NOT EXISTS ecocomp.agreement (
    agreement_id    text PRIMARY KEY CHECK (agreement_id <> ''),
    name            text NOT NULL,
    method          text NOT NULL,
    upstream_code   text REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    downstream_code text REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    parties         text[],
    section_codes   text[],
    params          jsonb NOT NULL DEFAULT '{}',
    valid           daterange NOT NULL CHECK (NOT isempty(valid)),
    time_zone       text NOT NULL DEFAULT 'Asia/Shanghai',
    currency        text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$')
);
CREATE INDEX IF NOT EXISTS agreement_valid_idx ON ecocomp.agreement USING gist (valid);
COMMENT ON TABLE ecocomp.agreement IS
    'Compensation agreements: a method with its parameters between parties, valid for a date range (each round of a scheme is its own agreement)';
COMMENT ON COLUMN ecocomp.agreement.method IS
    'a method listed in ecocomp.method (index_ratio, class_target, compliance_rate, ...); checked on write';
COMMENT ON COLUMN ecocomp.agreement.upstream_code IS 'upstream party: receives positive amounts, pays negative ones (NULL for methods whose parties are listed in parties)';
COMMENT ON COLUMN ecocomp.agreement.downstream_code IS 'downstream party: pays positive amounts, receives negative ones (NULL for methods whose parties are listed in parties)';
COMMENT ON COLUMN ecocomp.agreement.parties IS 'parties of a method that settles among a list of parties (pool, factor_allocation, ...), upstream first';
COMMENT ON COLUMN ecocomp.agreement.section_codes IS 'the assessed monitoring sections';
COMMENT ON COLUMN ecocomp.agreement.params IS 'method parameters (money in yuan as JSON numbers); validated per method on insert and update';
COMMENT ON COLUMN ecocomp.agreement.valid IS 'dates the agreement applies to; settle() assesses the part of its period inside this range';
COMMENT ON COLUMN ecocomp.agreement.time_zone IS 'time zone in which sampling times are assigned to days, months and years';
COMMENT ON COLUMN ecocomp.agreement.currency IS 'ISO 4217 currency of the amounts (CNY)';

CREATE TABLE IF NOT EXISTS ecocomp.obligation (
    obligation_id bigserial PRIMARY KEY,
    agreement_id  text NOT NULL REFERENCES ecocomp.agreement (agreement_id) ON UPDATE CASCADE,
    period        daterange NOT NULL CHECK (NOT isempty(period)),
    payer_code    text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    payee_code    text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    amount        numeric(20,2) NOT NULL CHECK (amount > 0),
    basis         jsonb NOT NULL,
    computed_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (payer_code <> payee_code)
);
CREATE INDEX IF NOT EXISTS obligation_agreement_idx ON ecocomp.obligation (agreement_id);
CREATE INDEX IF NOT EXISTS obligation_period_idx ON ecocomp.obligation USING gist (period);
COMMENT ON TABLE ecocomp.obligation IS
    'What settle() computed: who pays whom how much for an agreement and period, with the basis of the amount; replaced by a re-run until booked';
COMMENT ON COLUMN ecocomp.obligation.period IS 'the assessed period: the settled period clipped to the agreement''s valid range';
COMMENT ON COLUMN ecocomp.obligation.amount IS 'yuan, exact to the fen, always positive (direction is payer to payee)';
COMMENT ON COLUMN ecocomp.obligation.basis IS
    'every metric, parameter and intermediate value the amount came from (method, agreement_id, period, amount_fen, ...); read by explain_obligation()';

CREATE TABLE IF NOT EXISTS ecocomp.settlement_issue (
    issue_id     bigserial PRIMARY KEY,
    agreement_id text NOT NULL REFERENCES ecocomp.agreement (agreement_id)
                 ON UPDATE CASCADE ON DELETE CASCADE,
    period       daterange NOT NULL,
    issue        text NOT NULL,
    basis        jsonb,
    reported_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS settlement_issue_agreement_idx ON ecocomp.settlement_issue (agreement_id);
COMMENT ON TABLE ecocomp.settlement_issue IS
    'What settle() could not settle: missing data for an agreement and period and what the method''s rule did about it, or an agreement it could not compute and why; replaced by a re-run';

SELECT pg_catalog.pg_extension_config_dump('ecocomp.agreement', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.obligation', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.obligation_obligation_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.settlement_issue', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.settlement_issue_issue_id_seq', '');

-- One result line of a method for an agreement and period.
-- Created once; the upgrade script re-runs this piece.
DO $$
BEGIN
    IF pg_catalog.to_regtype('ecocomp.settlement_line') IS NULL THEN
        CREATE TYPE ecocomp.settlement_line AS (
            payer_code text,
            payee_code text,
            amount     numeric(20,2),
            basis      jsonb,
            issue      text
        );
    END IF;
END $$;
COMMENT ON TYPE ecocomp.settlement_line IS
    'A method''s result for an agreement and period: a payment (payer, payee, positive amount, basis) and/or an issue (missing data and what the rule did)';

CREATE OR REPLACE FUNCTION ecocomp._agreement_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    m ecocomp.method;
    checker text := format('ecocomp._check_params_%s(ecocomp.agreement)', NEW.method);
    bad text;
    -- A restore of a pg_dump copies agreement before section and parameter
    -- (it orders extension tables' data by foreign keys only, and these
    -- references live in an array and in params), each table committed on its
    -- own, so the checks that read those tables cannot pass yet.  Such a
    -- session is recognised by the settings pg_restore and a plain dump set
    -- (function bodies unchecked, row security off), and only for a role that
    -- could switch this trigger off anyway (the table's owner or a superuser):
    -- every other role, and the owner in an ordinary session, is checked in
    -- full.  The dumped rows passed the full check when they were written.
    restoring boolean :=
        pg_catalog.current_setting('check_function_bodies') = 'off'
        AND pg_catalog.current_setting('row_security') = 'off'
        AND pg_catalog.pg_has_role((SELECT c.relowner FROM pg_catalog.pg_class c
                                    WHERE c.oid = 'ecocomp.agreement'::pg_catalog.regclass), 'MEMBER');
BEGIN
    SELECT * INTO m FROM ecocomp.method x WHERE x.method = NEW.method;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'agreement method is unknown',
            DETAIL = format('Agreement "%s" has method %s; expected one of %s.',
                            NEW.agreement_id, coalesce('"' || NEW.method || '"', 'NULL'),
                            (SELECT string_agg(x.method, ', ' ORDER BY x.method) FROM ecocomp.method x));
    END IF;
    IF NEW.params IS NULL OR jsonb_typeof(NEW.params) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('%s params must be a JSON object', NEW.method),
            DETAIL = format('Agreement "%s" has params %s.', NEW.agreement_id, ecocomp._param_show(NEW.params));
    END IF;
    PERFORM ecocomp._param_values_check(NEW.params, NEW.method);
    BEGIN
        PERFORM now() AT TIME ZONE NEW.time_zone;
    EXCEPTION WHEN invalid_parameter_value OR feature_not_supported THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'agreement time_zone is not a known time zone',
            DETAIL = format('Agreement "%s" has time_zone "%s"; expected a name such as Asia/Shanghai.',
                            NEW.agreement_id, NEW.time_zone);
    END;
    IF m.parties = 'upstream_downstream' THEN
        IF NEW.upstream_code IS NULL OR NEW.downstream_code IS NULL
           OR NEW.upstream_code = NEW.downstream_code THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('%s agreement needs an upstream_code and a different downstream_code', NEW.method),
                DETAIL = format('Agreement "%s" has upstream_code %s and downstream_code %s.',
                                NEW.agreement_id, coalesce(NEW.upstream_code, 'NULL'),
                                coalesce(NEW.downstream_code, 'NULL'));
        END IF;
    END IF;
    IF restoring THEN
        RETURN NEW;   -- what follows reads section, parameter and jurisdiction
    END IF;
    SELECT c INTO bad FROM unnest(NEW.section_codes) c
    WHERE c IS NULL OR NOT EXISTS (SELECT FROM ecocomp.section s WHERE s.code = c) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23503',
            MESSAGE = 'agreement section_codes names an unknown section',
            DETAIL = format('Agreement "%s" lists section %s, which is not in ecocomp.section.',
                            NEW.agreement_id, coalesce('"' || bad || '"', 'NULL'));
    END IF;
    IF to_regprocedure(checker) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '0A000',
            MESSAGE = format('method %s is not available', NEW.method),
            DETAIL = format('The function %s is not installed.', checker);
    END IF;
    -- as ecocomp.agreement: on Citus this trigger also runs on the shards of the
    -- reference table, whose rows have the shard's own row type
    EXECUTE format('SELECT ecocomp.%I($1)', '_check_params_' || NEW.method)
        USING pg_catalog.jsonb_populate_record(NULL::ecocomp.agreement, pg_catalog.to_jsonb(NEW));
    RETURN NEW;
END $$;
COMMENT ON FUNCTION ecocomp._agreement_check() IS
    'internal: validates an agreement on write (registered method, parties, sections, time zone) and calls _check_params_<method>; a pg_dump restore by the table''s owner skips the checks that read other tables';
CREATE OR REPLACE TRIGGER agreement_check BEFORE INSERT OR UPDATE ON ecocomp.agreement
    FOR EACH ROW EXECUTE FUNCTION ecocomp._agreement_check();

-- Cross-border pollution incidents (污染赔偿): the incident, the claims made
-- on it (prepayments, assessed damages, costs), damage by imputed abatement
-- cost (GB/T 39793.2-2020), candidate episodes found in monitoring data, and
-- the obligations an incident settles into (prepayment at once, true-up when
-- damages are known).

CREATE TABLE IF NOT EXISTS ecocomp.incident (
    incident_id      text PRIMARY KEY CHECK (incident_id <> ''),
    name             text NOT NULL,
    responsible_code text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    affected_code    text NOT NULL REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    started_at       timestamptz NOT NULL,
    ended_at         timestamptz,
    parameter        text REFERENCES ecocomp.parameter (code) ON UPDATE CASCADE,
    section_code     text REFERENCES ecocomp.section (code) ON UPDATE CASCADE,
    description      text,
    CONSTRAINT incident_parties_check CHECK (responsible_code <> affected_code),
    CONSTRAINT incident_ended_check CHECK (ended_at >= started_at)
);
COMMENT ON TABLE ecocomp.incident IS
    'Cross-border pollution incidents: who caused it, who suffered it, when, which parameter, where it was detected';
COMMENT ON COLUMN ecocomp.incident.responsible_code IS 'the jurisdiction liable: it pays prepayments and damages';
COMMENT ON COLUMN ecocomp.incident.affected_code IS 'the jurisdiction harmed: it receives them';
COMMENT ON COLUMN ecocomp.incident.section_code IS 'the monitoring section where it was detected (optional)';

CREATE TABLE IF NOT EXISTS ecocomp.incident_claim (
    claim_id    bigserial PRIMARY KEY,
    incident_id text NOT NULL REFERENCES ecocomp.incident (incident_id) ON UPDATE CASCADE,
    kind        text NOT NULL CONSTRAINT incident_claim_kind_check CHECK (kind IN ('prepayment', 'damage', 'cost')),
    amount      numeric(20,2) NOT NULL CONSTRAINT incident_claim_amount_check CHECK (amount > 0),
    basis       jsonb,
    claimed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS incident_claim_incident_idx ON ecocomp.incident_claim (incident_id);
COMMENT ON TABLE ecocomp.incident_claim IS
    'Money claimed on an incident: a prepayment made pending assessment, an assessed damage, or a cost (monitoring, clean-up)';
COMMENT ON COLUMN ecocomp.incident_claim.kind IS 'prepayment, damage or cost';
COMMENT ON COLUMN ecocomp.incident_claim.amount IS 'yuan, exact to the fen, positive';
COMMENT ON COLUMN ecocomp.incident_claim.basis IS 'how the amount was reached, e.g. the imputed abatement cost''s quantity, unit cost and multiplier';
COMMENT ON COLUMN ecocomp.incident_claim.claimed_at IS 'when the claim was made; its local date (Asia/Shanghai) is the period of the obligation it gives';
SELECT pg_catalog.pg_extension_config_dump('ecocomp.incident', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.incident_claim', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.incident_claim_claim_id_seq', '');

CREATE OR REPLACE FUNCTION ecocomp.imputed_abatement_cost(quantity double precision, unit_cost numeric,
                                                         multiplier double precision)
RETURNS numeric(20,2)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    cost numeric;
BEGIN
    IF quantity = 'NaN' OR quantity < 0 OR quantity = 'Infinity' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'quantity must be a finite number >= 0',
            DETAIL = format('imputed_abatement_cost() was given quantity %s.', quantity);
    END IF;
    IF unit_cost = 'NaN' OR unit_cost < 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unit_cost must be a number >= 0',
            DETAIL = format('imputed_abatement_cost() was given unit_cost %s.', unit_cost);
    END IF;
    IF multiplier = 'NaN' OR multiplier <= 0 OR multiplier = 'Infinity' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'multiplier must be a finite number > 0',
            DETAIL = format('imputed_abatement_cost() was given multiplier %s.', multiplier);
    END IF;
    -- numeric arithmetic, rounded half up to the fen (amounts are >= 0)
    cost := round(quantity::numeric * unit_cost * multiplier::numeric, 2);
    IF cost >= 1e18 THEN
        RAISE EXCEPTION USING ERRCODE = '22003', MESSAGE = 'imputed abatement cost is too large',
            DETAIL = format('%s x %s x %s = %s yuan does not fit numeric(20,2).', quantity, unit_cost, multiplier, cost);
    END IF;
    RETURN cost;
END $$;
COMMENT ON FUNCTION ecocomp.imputed_abatement_cost(double precision, numeric, double precision) IS
    'Damage by the imputed abatement cost method (GB/T 39793.2-2020): quantity × unit treatment cost × sensitivity multiplier, yuan rounded half up to the fen';

CREATE OR REPLACE FUNCTION ecocomp.detect_incidents(parameter text, limit_value double precision,
                                                   min_hours int, period daterange)
RETURNS TABLE (section_code text, started_at timestamptz, ended_at timestamptz, peak double precision,
               exceedance_load_kg double precision)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
DECLARE
    a_parameter text := detect_incidents.parameter;
    a_limit double precision := detect_incidents.limit_value;
    a_hours int := detect_incidents.min_hours;
    span tstzrange;
BEGIN
    IF a_parameter IS NULL OR NOT EXISTS (SELECT 1 FROM ecocomp.parameter p WHERE p.code = a_parameter) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown parameter "%s"', a_parameter),
            DETAIL = format('Parameter "%s" is not in the ecocomp.parameter catalogue.', a_parameter);
    END IF;
    IF a_limit IS NULL OR a_limit = 'NaN' OR a_limit < 0 OR a_limit = 'Infinity' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'limit_value must be a finite number >= 0',
            DETAIL = format('detect_incidents() was given limit_value %s.', coalesce(a_limit::text, 'NULL'));
    END IF;
    IF a_hours IS NULL OR a_hours < 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'min_hours must be >= 0',
            DETAIL = format('detect_incidents() was given min_hours %s.', coalesce(a_hours::text, 'NULL'));
    END IF;
    IF period IS NULL OR isempty(period) OR lower_inf(period) OR upper_inf(period) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'period must be a bounded, non-empty date range',
            DETAIL = format('detect_incidents() was given %s.', coalesce(period::text, 'NULL'));
    END IF;
    -- Local dates of Asia/Shanghai, as settlements read them.
    span := tstzrange(lower(period)::timestamp AT TIME ZONE 'Asia/Shanghai',
                      upper(period)::timestamp AT TIME ZONE 'Asia/Shanghai');
    RETURN QUERY
    WITH s AS (   -- border sections only
        SELECT c.code FROM ecocomp.section c
        WHERE c.upstream_code IS NOT NULL AND c.downstream_code IS NOT NULL AND c.upstream_code <> c.downstream_code
    ), o AS (     -- the samples, flagged above the limit (a non-detect never is)
        SELECT x.section_code, x.observed_at, x.value, (x.value > a_limit AND NOT x.censored) AS above,
               row_number() OVER (PARTITION BY x.section_code ORDER BY x.observed_at) AS n
        FROM ecocomp.observation x JOIN s ON s.code = x.section_code
        WHERE x.parameter = a_parameter AND x.observed_at <@ span
    ), runs AS (  -- consecutive samples above the limit share n - rank
        SELECT o.*, o.n - row_number() OVER (PARTITION BY o.section_code ORDER BY o.observed_at) AS run
        FROM o WHERE o.above
    ), episodes AS (
        SELECT r.section_code, r.run, min(r.observed_at) AS t0, max(r.observed_at) AS t1, max(r.value) AS peak
        FROM runs r GROUP BY r.section_code, r.run
        HAVING max(r.observed_at) - min(r.observed_at) >= make_interval(hours => a_hours)
    )
    SELECT e.section_code, e.t0, e.t1, e.peak,
           (SELECT ecocomp.exceedance_load_kg(r.observed_at, r.value, q.flow, a_limit, tstzrange(e.t0, e.t1, '[]'))
            FROM runs r
            CROSS JOIN LATERAL (   -- the flow at the sample: the latest one before it, else the first after
                SELECT f.value AS flow FROM ecocomp.observation f
                WHERE f.section_code = r.section_code AND f.parameter = 'flow'
                ORDER BY (f.observed_at > r.observed_at), abs(extract(epoch FROM f.observed_at - r.observed_at))
                LIMIT 1) q
            WHERE r.section_code = e.section_code AND r.run = e.run)
    FROM episodes e
    ORDER BY e.section_code, e.t0;
END $$;
COMMENT ON FUNCTION ecocomp.detect_incidents(text, double precision, int, daterange) IS
    'Candidate incidents: runs of consecutive samples above limit_value lasting at least min_hours at border sections (upstream_code <> downstream_code), with the peak and the load above the limit (kg, NULL without flow data)';

-- An incident's obligations name it (obligation.incident_id, with a NULL
-- agreement_id); the column is added by the ledger piece.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint
                   WHERE conrelid = 'ecocomp.obligation'::regclass AND conname = 'obligation_incident_id_fkey') THEN
        ALTER TABLE ecocomp.obligation ADD CONSTRAINT obligation_incident_id_fkey
            FOREIGN KEY (incident_id) REFERENCES ecocomp.incident (incident_id) ON UPDATE CASCADE;
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS obligation_incident_idx ON ecocomp.obligation (incident_id) WHERE incident_id IS NOT NULL;

-- The obligations an incident's claims call for, as they should be now:
-- each prepayment responsible -> affected on the local day of its claim;
-- once a damage or cost claim exists, the true-up (damages + costs -
-- prepayments) in the direction of its sign, on the local day of the latest
-- damage or cost claim.
CREATE OR REPLACE FUNCTION ecocomp._incident_lines(a_incident_id text)
RETURNS TABLE (payer_code text, payee_code text, amount numeric, period daterange, basis jsonb)
LANGUAGE sql STABLE AS $$
    WITH i AS (SELECT * FROM ecocomp.incident x WHERE x.incident_id = a_incident_id),
    c AS (SELECT k.* FROM ecocomp.incident_claim k WHERE k.incident_id = a_incident_id),
    tot AS (
        SELECT coalesce(sum(c.amount) FILTER (WHERE c.kind = 'prepayment'), 0) AS prepaid,
               coalesce(sum(c.amount) FILTER (WHERE c.kind = 'damage'), 0) AS damages,
               coalesce(sum(c.amount) FILTER (WHERE c.kind = 'cost'), 0) AS costs,
               max(c.claimed_at) FILTER (WHERE c.kind IN ('damage', 'cost')) AS assessed_at
        FROM c
    )
    SELECT i.responsible_code, i.affected_code, c.amount,
           daterange((c.claimed_at AT TIME ZONE 'Asia/Shanghai')::date, (c.claimed_at AT TIME ZONE 'Asia/Shanghai')::date + 1),
           jsonb_build_object('method', 'incident', 'incident_id', i.incident_id, 'kind', 'prepayment',
                              'claim_id', c.claim_id, 'claimed_at', c.claimed_at, 'amount', c.amount,
                              'responsible', i.responsible_code, 'affected', i.affected_code, 'claim_basis', c.basis)
    FROM i, c WHERE c.kind = 'prepayment'
    UNION ALL
    SELECT CASE WHEN t.damages + t.costs - t.prepaid > 0 THEN i.responsible_code ELSE i.affected_code END,
           CASE WHEN t.damages + t.costs - t.prepaid > 0 THEN i.affected_code ELSE i.responsible_code END,
           abs(t.damages + t.costs - t.prepaid),
           daterange((t.assessed_at AT TIME ZONE 'Asia/Shanghai')::date, (t.assessed_at AT TIME ZONE 'Asia/Shanghai')::date + 1),
           jsonb_build_object('method', 'incident', 'incident_id', i.incident_id, 'kind', 'true_up',
                              'damages', t.damages, 'costs', t.costs, 'prepayments', t.prepaid,
                              'true_up', t.damages + t.costs - t.prepaid, 'assessed_at', t.assessed_at,
                              'responsible', i.responsible_code, 'affected', i.affected_code,
                              'claims', (SELECT jsonb_agg(jsonb_build_object('claim_id', c.claim_id, 'kind', c.kind, 'amount', c.amount,
                                                                             'claimed_at', c.claimed_at, 'basis', c.basis)
                                                          ORDER BY c.claimed_at, c.claim_id) FROM c))
    FROM i, tot t
    WHERE t.assessed_at IS NOT NULL AND t.damages + t.costs - t.prepaid <> 0
$$;
COMMENT ON FUNCTION ecocomp._incident_lines(text) IS
    'internal: the obligations an incident''s claims call for now: prepayments, and the true-up once damages or costs are claimed';

CREATE OR REPLACE FUNCTION ecocomp.settle_incident(incident_id text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    id text := settle_incident.incident_id;
    p daterange;
    n bigint;
BEGIN
    IF id IS NULL OR NOT EXISTS (SELECT FROM ecocomp.incident x WHERE x.incident_id = id) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'settle_incident was given an unknown incident',
            DETAIL = format('Incident %s is not in ecocomp.incident.', coalesce('"' || id || '"', 'NULL'));
    END IF;
    -- One settlement of an incident at a time.
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ecocomp.settle_incident'), pg_catalog.hashtext(id));

    IF to_regclass('pg_temp.ecocomp_incident_lines') IS NULL THEN
        CREATE TEMP TABLE ecocomp_incident_lines (payer_code text, payee_code text, amount numeric,
                                                  period daterange, basis jsonb) ON COMMIT DROP;
    END IF;
    TRUNCATE pg_temp.ecocomp_incident_lines;
    INSERT INTO pg_temp.ecocomp_incident_lines SELECT * FROM ecocomp._incident_lines(id);

    -- A period that is closed cannot take new or changed obligations.
    IF to_regprocedure('ecocomp._refuse_closed(daterange, text)') IS NOT NULL THEN
        FOR p IN
            SELECT l.period FROM pg_temp.ecocomp_incident_lines l
            WHERE NOT EXISTS (SELECT FROM ecocomp.obligation o
                              WHERE o.incident_id = id AND o.superseded_at IS NULL AND o.period = l.period
                                AND o.payer_code = l.payer_code AND o.payee_code = l.payee_code AND o.amount = l.amount
                                AND o.basis ->> 'kind' = l.basis ->> 'kind'
                                AND o.basis -> 'claim_id' IS NOT DISTINCT FROM l.basis -> 'claim_id')
            UNION
            SELECT o.period FROM ecocomp.obligation o
            WHERE o.incident_id = id AND o.superseded_at IS NULL
              AND NOT EXISTS (SELECT FROM pg_temp.ecocomp_incident_lines l
                              WHERE o.period = l.period AND o.payer_code = l.payer_code AND o.payee_code = l.payee_code
                                AND o.amount = l.amount AND o.basis ->> 'kind' = l.basis ->> 'kind'
                                AND o.basis -> 'claim_id' IS NOT DISTINCT FROM l.basis -> 'claim_id')
        LOOP
            EXECUTE 'SELECT ecocomp._refuse_closed($1, $2)' USING p, 'settle incident ' || id;
        END LOOP;
    END IF;

    -- Current obligations that the claims no longer call for: a booked one
    -- is kept and marked superseded (book() reverses its charge), an unbooked
    -- one is deleted.  Unchanged ones stay as they are.
    WITH gone AS (
        SELECT o.obligation_id,
               EXISTS (SELECT FROM ecocomp.ledger l WHERE l.obligation_id = o.obligation_id AND l.entry_kind = 'charge') AS booked
        FROM ecocomp.obligation o
        WHERE o.incident_id = id AND o.superseded_at IS NULL
          AND NOT EXISTS (SELECT FROM pg_temp.ecocomp_incident_lines l
                          WHERE o.period = l.period AND o.payer_code = l.payer_code AND o.payee_code = l.payee_code
                            AND o.amount = l.amount AND o.basis ->> 'kind' = l.basis ->> 'kind'
                            AND o.basis -> 'claim_id' IS NOT DISTINCT FROM l.basis -> 'claim_id')
    ), superseded AS (
        UPDATE ecocomp.obligation o SET superseded_at = now() FROM gone g
        WHERE o.obligation_id = g.obligation_id AND g.booked RETURNING 1
    )
    DELETE FROM ecocomp.obligation o USING gone g WHERE o.obligation_id = g.obligation_id AND NOT g.booked;

    INSERT INTO ecocomp.obligation (agreement_id, incident_id, period, payer_code, payee_code, amount, basis)
    SELECT NULL, id, l.period, l.payer_code, l.payee_code, l.amount,
           l.basis || jsonb_build_object('amount_fen', (l.amount * 100)::bigint)
    FROM pg_temp.ecocomp_incident_lines l
    WHERE NOT EXISTS (SELECT FROM ecocomp.obligation o
                      WHERE o.incident_id = id AND o.superseded_at IS NULL AND o.period = l.period
                        AND o.payer_code = l.payer_code AND o.payee_code = l.payee_code AND o.amount = l.amount
                        AND o.basis ->> 'kind' = l.basis ->> 'kind'
                        AND o.basis -> 'claim_id' IS NOT DISTINCT FROM l.basis -> 'claim_id');

    SELECT count(*) INTO n FROM ecocomp.obligation o WHERE o.incident_id = id AND o.superseded_at IS NULL;
    RETURN n;
END $$;
COMMENT ON FUNCTION ecocomp.settle_incident(text) IS
    'Settles an incident into obligations: each prepayment responsible -> affected on its day; once damages or costs are claimed, the true-up (damages + costs - prepayments) in the direction of its sign; idempotent, booked obligations superseded rather than replaced; returns the incident''s current obligations';

CREATE OR REPLACE FUNCTION ecocomp._explain_incident(basis jsonb, lang text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN basis ->> 'kind' = 'prepayment' AND lang = 'zh' THEN
            format('污染事件 %s 预付款（索赔 %s，%s）：责任方 %s 预付受损方 %s %s 元，待损害评估后多退少补。',
                   basis ->> 'incident_id', basis ->> 'claim_id',
                   to_char((basis ->> 'claimed_at')::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || CASE WHEN lang = 'zh' THEN ' 北京时间' ELSE ' Beijing time' END,
                   ecocomp._party_text(basis ->> 'responsible', lang), ecocomp._party_text(basis ->> 'affected', lang),
                   ecocomp._yuan_text((basis ->> 'amount_fen')::bigint))
        WHEN basis ->> 'kind' = 'prepayment' THEN
            format('Pollution incident %s, prepayment (claim %s, %s): %s, responsible, prepays %s yuan to %s, affected, pending the damage assessment.',
                   basis ->> 'incident_id', basis ->> 'claim_id',
                   to_char((basis ->> 'claimed_at')::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || CASE WHEN lang = 'zh' THEN ' 北京时间' ELSE ' Beijing time' END,
                   ecocomp._party_text(basis ->> 'responsible', lang), ecocomp._yuan_text((basis ->> 'amount_fen')::bigint),
                   ecocomp._party_text(basis ->> 'affected', lang))
        WHEN lang = 'zh' THEN
            format('污染事件 %s 结算：损害 %s 元 + 费用 %s 元 − 已预付 %s 元 = %s 元；%s',
                   basis ->> 'incident_id', (basis ->> 'damages')::numeric(20,2), (basis ->> 'costs')::numeric(20,2),
                   (basis ->> 'prepayments')::numeric(20,2), (basis ->> 'true_up')::numeric(20,2),
                   CASE WHEN (basis ->> 'true_up')::numeric > 0
                        THEN format('责任方 %s 补付受损方 %s %s 元。', ecocomp._party_text(basis ->> 'responsible', lang),
                                    ecocomp._party_text(basis ->> 'affected', lang), ecocomp._yuan_text((basis ->> 'amount_fen')::bigint))
                        ELSE format('受损方 %s 退还责任方 %s %s 元。', ecocomp._party_text(basis ->> 'affected', lang),
                                    ecocomp._party_text(basis ->> 'responsible', lang), ecocomp._yuan_text((basis ->> 'amount_fen')::bigint)) END)
        ELSE
            format('Pollution incident %s, true-up: damages %s + costs %s - prepayments %s = %s yuan; %s',
                   basis ->> 'incident_id', (basis ->> 'damages')::numeric(20,2), (basis ->> 'costs')::numeric(20,2),
                   (basis ->> 'prepayments')::numeric(20,2), (basis ->> 'true_up')::numeric(20,2),
                   CASE WHEN (basis ->> 'true_up')::numeric > 0
                        THEN format('%s, responsible, pays %s yuan more to %s, affected.', ecocomp._party_text(basis ->> 'responsible', lang),
                                    ecocomp._yuan_text((basis ->> 'amount_fen')::bigint), ecocomp._party_text(basis ->> 'affected', lang))
                        ELSE format('%s, affected, refunds %s yuan to %s, responsible.', ecocomp._party_text(basis ->> 'affected', lang),
                                    ecocomp._yuan_text((basis ->> 'amount_fen')::bigint), ecocomp._party_text(basis ->> 'responsible', lang)) END)
    END
$$;
COMMENT ON FUNCTION ecocomp._explain_incident(jsonb, text) IS
    'internal: an incident obligation''s basis in words (zh or en): a prepayment or the true-up';

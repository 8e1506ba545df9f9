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

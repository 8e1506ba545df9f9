-- Netting benchmark (test/bench/netting.sh): :parties jurisdictions,
-- :obligations booked obligations, best of :runs runs.
\pset pager off
SET client_min_messages = warning;
SELECT setseed(0.2024) \gset
SET bench.runs = :runs;
INSERT INTO ecocomp.jurisdiction (code, name)
SELECT 'b' || lpad(i::text, 5, '0'), 'bench ' || i FROM generate_series(1, :parties) i;
INSERT INTO ecocomp.obligation (incident_id, period, payer_code, payee_code, amount, basis)
SELECT 'bench', '[2024-01-01,2025-01-01)', 'b' || lpad(p::text, 5, '0'),
       'b' || lpad(((p + 1 + floor(random() * (:parties - 1))::int - 1) % :parties + 1)::text, 5, '0'),
       round((1 + random() * 10000000)::numeric, 2), '{}'
FROM (SELECT 1 + floor(random() * :parties)::int AS p FROM generate_series(1, :obligations)) x;
\timing on
SELECT ecocomp.book('[2024-01-01,2025-01-01)') AS charges_booked;
\timing off
ANALYZE ecocomp.ledger;

-- The plain-SQL netting: positions by GROUP BY; creditors and debtors each
-- sorted largest first (ties by code) and laid end to end as intervals of
-- their running sums; each overlap of a debtor's and a creditor's interval
-- is a transfer.  This is exactly the kernel's largest-first matching.
CREATE OR REPLACE FUNCTION pg_temp.sql_transfers(p daterange)
RETURNS TABLE (payer_code text, payee_code text, amount numeric)
LANGUAGE sql STABLE AS $$
    WITH flows AS (
        SELECT CASE WHEN l.obligation_id IS NULL THEN l.payee_code ELSE l.payer_code END AS src,
               CASE WHEN l.obligation_id IS NULL THEN l.payer_code ELSE l.payee_code END AS dst,
               l.amount * CASE WHEN l.entry_kind = 'reversal' THEN -1 ELSE 1 END AS amount
        FROM ecocomp.ledger l
        WHERE l.period <@ p
    ), pos AS (
        SELECT code, sum(x) AS net
        FROM (SELECT dst AS code, amount AS x FROM flows UNION ALL SELECT src, -amount FROM flows) f
        GROUP BY code
    ), cred AS (
        SELECT code, net AS amt, sum(net) OVER (ORDER BY net DESC, code COLLATE "C") AS hi FROM pos WHERE net > 0
    ), debt AS (
        SELECT code, -net AS amt, sum(-net) OVER (ORDER BY -net DESC, code COLLATE "C") AS hi FROM pos WHERE net < 0
    )
    SELECT d.code, c.code, least(c.hi, d.hi) - greatest(c.hi - c.amt, d.hi - d.amt)
    FROM cred c JOIN debt d ON c.hi - c.amt < d.hi AND d.hi - d.amt < c.hi
$$;

DO $$
DECLARE
    runs int := current_setting('bench.runs')::int;
    t0 timestamptz;
    best_c float8 := 'Infinity';
    best_p float8 := 'Infinity';
    best_s float8 := 'Infinity';
    n bigint;
    same boolean;
    parties bigint;
    transfers bigint;
BEGIN
    FOR i IN 1 .. runs LOOP
        t0 := clock_timestamp();
        SELECT count(*) INTO n FROM ecocomp.net_transfers('[2024-01-01,2025-01-01)');
        best_c := least(best_c, extract(epoch FROM clock_timestamp() - t0) * 1000);
        t0 := clock_timestamp();
        SELECT count(*) INTO n FROM ecocomp.net_positions('[2024-01-01,2025-01-01)');
        best_p := least(best_p, extract(epoch FROM clock_timestamp() - t0) * 1000);
        t0 := clock_timestamp();
        SELECT count(*) INTO n FROM pg_temp.sql_transfers('[2024-01-01,2025-01-01)');
        best_s := least(best_s, extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
    SELECT count(*) INTO parties FROM ecocomp.net_positions('[2024-01-01,2025-01-01)') WHERE net <> 0;
    SELECT count(*) INTO transfers FROM ecocomp.net_transfers('[2024-01-01,2025-01-01)');
    SELECT NOT EXISTS (
        (SELECT * FROM ecocomp.net_transfers('[2024-01-01,2025-01-01)')
         EXCEPT SELECT * FROM pg_temp.sql_transfers('[2024-01-01,2025-01-01)'))
        UNION ALL
        (SELECT * FROM pg_temp.sql_transfers('[2024-01-01,2025-01-01)')
         EXCEPT SELECT * FROM ecocomp.net_transfers('[2024-01-01,2025-01-01)'))) INTO same;
    RAISE WARNING E'netting % jurisdictions (% with a non-zero position), % ledger rows -> % transfers (n - 1 = %)\n'
                  '  ecocomp.net_transfers (C)   % ms\n'
                  '  ecocomp.net_positions (C)   % ms\n'
                  '  plain SQL netting           % ms   (% x ecocomp)\n'
                  '  same transfers: %',
        (SELECT count(*) FROM ecocomp.jurisdiction), parties, (SELECT count(*) FROM ecocomp.ledger), transfers, parties - 1,
        round(best_c::numeric, 1), round(best_p::numeric, 1), round(best_s::numeric, 1),
        round((best_s / best_c)::numeric, 1), CASE WHEN same THEN 'yes' ELSE 'NO' END;
END $$;

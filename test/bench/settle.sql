-- Driven by test/bench/settle.sh.
SET client_min_messages = warning;
INSERT INTO ecocomp.jurisdiction (code, name) SELECT 'J' || i, 'J' || i FROM generate_series(0, :sections) i;
INSERT INTO ecocomp.section (code, target_class) SELECT 'S' || i, 'III' FROM generate_series(1, :sections) i;
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'S' || i, p, make_timestamptz(2023, m, d, 10, 0, 0, 'Asia/Shanghai'),
       CASE p WHEN 'NH3-N' THEN 0.5 + random() WHEN 'TP' THEN 0.1 + random() * 0.2 ELSE 3 + random() * 4 END
FROM generate_series(1, :sections) i, generate_series(1, 12) m, unnest('{NH3-N,TP,CODMn}'::text[]) p,
     (VALUES (5), (20)) AS dd (d);
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'S' || i, 'flow', '2023-01-01 00:00+08'::timestamptz + d * interval '1 day', 5 + random() * 10
FROM generate_series(1, :sections) i, generate_series(0, 364) d;
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
SELECT m || i, m, m, 'J' || i, 'J' || (i - 1), ARRAY['S' || i],
       CASE m WHEN 'class_target' THEN '{"period_unit": "month", "indicators": ["NH3-N", "TP"], "amounts_by_class": {"I..III": 1000000, "IV..inferior_V": -1000000}}'::jsonb
              WHEN 'flux_exceedance' THEN '{"targets": {"NH3-N": 1.0, "TP": 0.2, "CODMn": 6.0}, "rates": {"NH3-N": 100000, "TP": 100000, "CODMn": 15000}}'
              WHEN 'index_ratio' THEN '{"indicators": ["CODMn", "NH3-N", "TP"], "weights": [0.3, 0.3, 0.4], "k0": 0.85, "baseline": {"CODMn": 5, "NH3-N": 1, "TP": 0.2}, "amount": 1000000}'
              ELSE '{"target_class": "III", "threshold": 0.75, "indicators": ["NH3-N", "TP"], "amount_met": 100, "amount_missed": 100}' END,
       '[2023-01-01,2024-01-01)'
FROM generate_series(1, :sections) i, unnest('{class_target,flux_exceedance,index_ratio,compliance_rate}'::text[]) m;
ANALYZE;

\ir best_ms.sql

\pset footer off
WITH r AS (
    SELECT (SELECT count(*) FROM ecocomp.agreement) AS agreements,
           (SELECT count(*) FROM ecocomp.observation) AS observations,
           pg_temp.best_ms($$SELECT ecocomp.settle('[2023-01-01,2024-01-01)')$$, :runs) AS settle_all_ms,
           pg_temp.best_ms($$SELECT ecocomp.settle('[2023-01-01,2024-01-01)', '{flux_exceedance1}')$$, :runs) AS settle_one_ms,
           pg_temp.best_ms($$SELECT count(*) FROM (SELECT section_code, parameter,
                                                     date_trunc('month', observed_at AT TIME ZONE 'Asia/Shanghai'), avg(value)
                                              FROM ecocomp.observation GROUP BY 1, 2, 3) x$$, :runs) AS group_by_ms
)
SELECT agreements, observations, round(settle_all_ms) AS settle_all_ms,
       round(settle_one_ms::numeric, 1) AS settle_one_ms, round(group_by_ms) AS group_by_baseline_ms,
       round((settle_all_ms / group_by_ms)::numeric, 1) AS ratio_all_to_baseline,
       round((settle_all_ms / agreements)::numeric, 2) AS ms_per_agreement
FROM r;

-- tiered_exceedance: params errors (22023), band edges, caps, settle().
\ir fixtures/begin.sql
\ir fixtures/update_refused.sql
SELECT plan(20);
INSERT INTO ecocomp.jurisdiction (code, name) VALUES ('tt_up', 'Up'), ('tt_down', 'Down');
INSERT INTO ecocomp.section (code, target_class) VALUES ('tt_1', 'III');
-- Months of 2024: COD 44 (m = 0.1 exactly), 60 (m = 0.5 exactly), 60.4 (m = 0.51), 80 (m = 1).
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value) VALUES
  ('tt_1', 'COD', '2024-01-05 10:00+08', 44), ('tt_1', 'COD', '2024-02-05 10:00+08', 60),
  ('tt_1', 'COD', '2024-03-05 10:00+08', 60.4), ('tt_1', 'COD', '2024-04-05 10:00+08', 80);
CREATE TEMP TABLE tt_params AS SELECT
 '{"targets": {"COD": 40}, "period_unit": "month",
   "bands": [{"min": 0.1, "max": 0.5, "amount": 100000, "times_one_plus_m": true},
             {"min": 0.5, "max": 1.0, "amount": 250000, "times_one_plus_m": true}]}'::jsonb AS p;
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
SELECT 'tt', 'bands', 'tiered_exceedance', 'tt_up', 'tt_down', '{tt_1}', p, '[2024-01-01,2025-01-01)' FROM tt_params;
CREATE FUNCTION pg_temp.tt(period daterange) RETURNS SETOF ecocomp.settlement_line LANGUAGE sql AS
$$ SELECT s.* FROM ecocomp.agreement a, ecocomp._settle_tiered_exceedance(a, period) s
   WHERE a.agreement_id = 'tt' AND s.issue IS NULL $$;

SELECT is((SELECT amount FROM pg_temp.tt('[2024-01-01,2024-02-01)')), NULL, 'm = 0.1 exactly is outside (0.1, 0.5]: nothing to pay');
SELECT is((SELECT basis ->> 'amount_fen' FROM pg_temp.tt('[2024-01-01,2024-02-01)')), '0', 'the zero amount is in the basis');
SELECT is((SELECT amount FROM pg_temp.tt('[2024-02-01,2024-03-01)')), 150000.00, 'm = 0.5 exactly is in (0.1, 0.5]: 10万 × 1.5');
SELECT is((SELECT amount FROM pg_temp.tt('[2024-03-01,2024-04-01)')), 377500.00, 'm = 0.51: 25万 × 1.51');
SELECT is((SELECT amount FROM pg_temp.tt('[2024-04-01,2024-05-01)')), 500000.00, 'm = 1.0: 25万 × 2');
SELECT is((SELECT payer_code || '>' || payee_code FROM pg_temp.tt('[2024-04-01,2024-05-01)')), 'tt_up>tt_down', 'upstream pays');
SELECT is((SELECT amount FROM pg_temp.tt('[2024-01-01,2024-05-01)')), 1027500.00, 'January to April: 0 + 15 + 37.75 + 50 万');
UPDATE ecocomp.agreement SET params = params || '{"cap_per_factor": 1027500}' WHERE agreement_id = 'tt';
SELECT is((SELECT amount FROM pg_temp.tt('[2024-01-01,2024-05-01)')), 1027500.00, 'a cap exactly reached changes nothing');
UPDATE ecocomp.agreement SET params = params || '{"cap_per_factor": 600000}' WHERE agreement_id = 'tt';
SELECT is((SELECT amount FROM pg_temp.tt('[2024-01-01,2024-05-01)')), 600000.00, 'cap per factor reached');
UPDATE ecocomp.agreement SET params = params || '{"cap": 500000}' WHERE agreement_id = 'tt';
SELECT is((SELECT amount FROM pg_temp.tt('[2024-01-01,2024-05-01)')), 500000.00, 'total cap below the factor cap');
UPDATE ecocomp.agreement SET params = (SELECT p FROM tt_params) WHERE agreement_id = 'tt';
SELECT is((SELECT count(*) FROM ecocomp.agreement a, ecocomp._settle_tiered_exceedance(a, '[2024-01-01,2024-07-01)') s
           WHERE a.agreement_id = 'tt' AND s.issue LIKE 'no COD samples at section tt_1 in [2024-05-01,2024-06-01), [2024-06-01,2024-07-01);%'),
          1::bigint, 'May and June without samples: one issue line naming both months');

SELECT ok(ecocomp.settle('[2024-02-01,2024-03-01)', ARRAY['tt']) = 1, 'settle() writes one obligation');
SELECT is((SELECT amount FROM ecocomp.obligation WHERE agreement_id = 'tt'), 150000.00, 'the obligation amount');
SELECT ok((SELECT ecocomp.explain_obligation(obligation_id, 'en') FROM ecocomp.obligation WHERE agreement_id = 'tt')
          LIKE '%100,000.00 × (1 + 0.5) = 150,000.00 yuan%', 'explain_obligation() shows the band arithmetic');

SELECT pg_temp.update_refused('tt', new_params, message, description)
  FROM (VALUES
    (1, $$params || '{"cap_per_factro": 1}'$$,
        'tiered_exceedance parameter "cap_per_factro" is unknown', 'unknown key'),
    (2, $$params - 'bands'$$,
        'tiered_exceedance parameter "bands" is missing', 'missing bands'),
    (3, $$params || '{"bands": [{"min": 0, "max": 1, "amount": 1}, {"min": 0.5, "amount": 1}]}'$$,
        'tiered_exceedance parameter "bands" has overlapping bands', 'overlapping bands'),
    (4, $$params || '{"bands": [{"min": 1, "max": 0.5, "amount": 1}]}'$$,
        'tiered_exceedance parameter "bands" has an empty band', 'min above max'),
    (5, $$params || '{"bands": [{"min": 0, "amount": -1}]}'$$,
        'tiered_exceedance parameter "bands[1].amount" is out of range', 'negative amount'),
    (6, $$params || '{"targets": {"COD": 0}}'$$,
        'tiered_exceedance parameter "targets" is out of range', 'zero target')
  ) AS bad(ord, new_params, message, description)
 ORDER BY ord;

SELECT * FROM finish();
ROLLBACK;

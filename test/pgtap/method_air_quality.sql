-- Method air_quality: hand-computed settlements of the Shandong, Anhui,
-- Henan peer-mean and Henan 2016 cumulative kinds, boundaries, missing data,
-- explanations and parameter errors.  Hourly data are flat within a month,
-- so every city value is the value written (the mean of equal days).
\set ON_ERROR_STOP 1
\set QUIET 1
BEGIN;
SELECT plan(37);
\ir fixtures/refused.sql

INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, parent_code) VALUES
    ('370000', 'Shandong', '山东省', 'province', NULL),
    ('370100', 'Jinan', '济南市', 'prefecture', '370000'),
    ('370200', 'Qingdao', '青岛市', 'prefecture', '370000'),
    ('370300', 'Zibo', '淄博市', 'prefecture', '370000');
INSERT INTO ecocomp.air_station (code, jurisdiction_code) VALUES
    ('JN1', '370100'), ('QD1', '370200'), ('ZB1', '370300');

-- Every hour of the local days [d0, d1) of a station holds value v.
CREATE FUNCTION pg_temp.flat(st text, par text, d0 date, d1 date, v float8) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO ecocomp.air_observation (station_code, parameter, observed_at, value)
    SELECT st, par, (d0::timestamp AT TIME ZONE 'Asia/Shanghai') + k * interval '1 hour', v
    FROM generate_series(1, (d1 - d0) * 24) k
$$;

-- First quarters of 2023 and 2024 (PM2.5, PM10, SO2, NO2):
--   Qingdao 2023: 50, 90, 20, 40    2024: 45, 80, 18, 38
--   Jinan   2023: 60, 100, 25, 35   2024: 62, 104, 24, 36
--   Zibo    2023: 58, 95             2024: 56, 95   (PM2.5, PM10 only)
SELECT pg_temp.flat(s, p, d0, d1, v)
FROM (VALUES ('QD1', '2023-01-01'::date, '2023-04-01'::date, ARRAY[50, 90, 20, 40]),
             ('QD1', '2024-01-01', '2024-04-01', ARRAY[45, 80, 18, 38]),
             ('JN1', '2023-01-01', '2023-04-01', ARRAY[60, 100, 25, 35]),
             ('JN1', '2024-01-01', '2024-04-01', ARRAY[62, 104, 24, 36])) AS x (s, d0, d1, vs),
     unnest(ARRAY['PM2.5', 'PM10', 'SO2', 'NO2'], vs) AS y (p, v);
SELECT pg_temp.flat('ZB1', p, d0, d1, v)
FROM (VALUES ('2023-01-01'::date, '2023-04-01'::date, 'PM2.5', 58), ('2023-01-01', '2023-04-01', 'PM10', 95),
             ('2024-01-01', '2024-04-01', 'PM2.5', 56), ('2024-01-01', '2024-04-01', 'PM10', 95)) AS x (d0, d1, p, v);

-- Shandong 2014: 20 万 per µg/m³, Qingdao coastal 1.5.
--   Qingdao S = 0.6·5 + 0.15·10 + 0.15·2 + 0.1·2 = 5.0 -> 5 × 200 000 × 1.5 = 1 500 000 (fund pays)
--   Jinan   S = −1.2 − 0.6 + 0.15 − 0.1 = −1.75 -> −350 000 (Jinan pays the fund)
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid) VALUES
    ('sd', 'Shandong air', 'air_quality', ARRAY['370200', '370100'],
     '{"indicators": {"PM2.5": 0.6, "PM10": 0.15, "SO2": 0.15, "NO2": 0.1}, "compare_to": "previous_year",
       "period_unit": "quarter", "rate": 200000, "coefficients": {"370200": 1.5}, "counterparty": "370000"}',
     '[2024-01-01,2025-01-01)');
SELECT is(ecocomp.settle('[2024-01-01,2024-04-01)', ARRAY['sd']), 2::bigint, 'Shandong quarter: two obligations');
SELECT results_eq(
    $$SELECT payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'sd' ORDER BY payer_code$$,
    $$VALUES ('370000', '370200', 1500000.00::numeric(20,2)), ('370100', '370000', 350000.00::numeric(20,2))$$,
    'the fund pays coastal Qingdao 1 500 000 (S 5 × 200 000 × 1.5); Jinan pays the fund 350 000 (S −1.75)');
-- The fund pays 1 500 000 and collects 350 000: its balance is −1 150 000.
SELECT is((SELECT sum(CASE WHEN payee_code = '370000' THEN amount ELSE -amount END)
           FROM ecocomp.obligation WHERE agreement_id = 'sd'), -1150000.00,
          'the fund''s balance: 350 000 in, 1 500 000 out');
SELECT ok(ecocomp.explain_obligation((SELECT obligation_id FROM ecocomp.obligation WHERE agreement_id = 'sd' AND payee_code = '370200'), 'zh')
          LIKE '%S = 0.1×(40 − 38) + 0.15×(90 − 80) + 0.6×(50 − 45) + 0.15×(20 − 18) = 5%1,500,000.00%',
          'zh explanation puts the numbers into the score');
SELECT ok(ecocomp.explain_obligation((SELECT obligation_id FROM ecocomp.obligation WHERE agreement_id = 'sd' AND payer_code = '370100'), 'en')
          LIKE '%coefficient%' = false
          AND ecocomp.explain_obligation((SELECT obligation_id FROM ecocomp.obligation WHERE agreement_id = 'sd' AND payer_code = '370100'), 'en')
          LIKE '%= -1.75%−350,000.00%the air worsened, so Jinan (370100) pays Shandong (370000).',
          'en explanation of the city that pays, naming it and the fund');
SELECT ok(ecocomp.explain_obligation((SELECT obligation_id FROM ecocomp.obligation WHERE agreement_id = 'sd' AND payee_code = '370200'), 'zh')
          LIKE '%合计 1,500,000.00 元：空气质量改善，山东省（370000） 支付给 青岛市（370200）。',
          'zh explanation names the fund and the city by their Chinese names');
-- docs/methods/air_quality.md quotes the end of Jinan's explanation.
SELECT is(array_to_string((string_to_array(ecocomp.explain_obligation(
              (SELECT obligation_id FROM ecocomp.obligation WHERE agreement_id = 'sd' AND payer_code = '370100'), 'en'), E'\n'))[2:3], E'\n'),
          '  [2024-01-01,2024-04-01): S = 0.1×(35 − 36) + 0.15×(100 − 104) + 0.6×(60 − 62) + 0.15×(25 − 24) = -1.75, pollutant part −350,000.00 yuan; unit total −350,000.00 yuan.' || E'\n' ||
          'Total 350,000.00 yuan: the air worsened, so Jinan (370100) pays Shandong (370000).',
          'the explanation quoted in the docs');
-- A counterparty that is no jurisdiction keeps its code.
SELECT ok(ecocomp._explain_air_quality(jsonb_set(o.basis, '{counterparty}', '"fund-x"'), 'en')
          LIKE '%so Jinan (370100) pays fund-x.', 'a counterparty outside the jurisdiction table is named by its code')
FROM ecocomp.obligation o WHERE o.agreement_id = 'sd' AND o.payer_code = '370100';
SELECT ok(ecocomp.explain_obligation((SELECT obligation_id FROM ecocomp.obligation WHERE agreement_id = 'sd' AND payee_code = '370200'), 'en')
          LIKE '%× coefficient 1.5%', 'the coastal coefficient is named');

-- Anhui 2018: PM2.5 0.75, PM10 0.25, 50 万 per µg/m³, targets 46 / 85.
--   Qingdao S = 0.75·5 + 0.25·10 = 6.25, targets met (45 ≤ 46, 80 ≤ 85): × 1 -> 3 125 000
--   Zibo    S = 0.75·2 = 1.5, missed (56 > 46); PM2.5 drops 5, −2, 2, mean 5/3:
--           2 ≥ 1.667, better than average: × 0.5 -> 375 000
--   Jinan   S = −1.5 − 1 = −2.5, worse: × 1 -> −1 250 000
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid) VALUES
    ('ah', 'Anhui-style air', 'air_quality', ARRAY['370200', '370300', '370100'],
     '{"indicators": {"PM2.5": 0.75, "PM10": 0.25}, "compare_to": "previous_year", "period_unit": "quarter",
       "rate": 500000, "targets": {"PM2.5": 46, "PM10": 85},
       "target_coefficients": {"met": 1, "missed_better_than_average": 0.5, "missed_worse_than_average": 0.2},
       "counterparty": "370000"}',
     '[2024-01-01,2025-01-01)');
SELECT is(ecocomp.settle('[2024-01-01,2024-04-01)', ARRAY['ah']), 3::bigint, 'Anhui quarter: three obligations');
SELECT results_eq(
    $$SELECT payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'ah' ORDER BY payee_code, payer_code$$,
    $$VALUES ('370100', '370000', 1250000.00::numeric(20,2)), ('370000', '370200', 3125000.00::numeric(20,2)),
             ('370000', '370300', 375000.00::numeric(20,2))$$,
    'Anhui: target met × 1, missed but better than average × 0.5, worsening at 1');

-- Henan 2020 peer mean with a ladder (0–5 at 10 万, above 5 at 20 万), April 2024,
-- PM2.5 Qingdao 40, Jinan 45, Zibo 50: mean 45, S = +5, 0, −5, exactly on the edge:
-- +500 000, nothing (score exactly 0), −500 000.
SELECT pg_temp.flat(s, 'PM2.5', '2024-04-01', '2024-05-01', v)
FROM (VALUES ('QD1', 40), ('JN1', 45), ('ZB1', 50)) AS x (s, v);
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid) VALUES
    ('hn', 'Henan-style air', 'air_quality', ARRAY['370200', '370100', '370300'],
     '{"indicators": {"PM2.5": 1}, "compare_to": "peer_mean", "period_unit": "month",
       "bands": [{"min": 0, "max": 5, "rate": 100000}, {"min": 5, "max": null, "rate": 200000}],
       "counterparty": "370000"}',
     '[2024-04-01,2025-01-01)');
SELECT is(ecocomp.settle('[2024-04-01,2024-05-01)', ARRAY['hn']), 2::bigint,
          'peer mean: two obligations, none for the city exactly on the mean');
SELECT results_eq(
    $$SELECT payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'hn' ORDER BY payer_code$$,
    $$VALUES ('370000', '370200', 500000.00::numeric(20,2)), ('370300', '370000', 500000.00::numeric(20,2))$$,
    'S = 5 on the band edge pays 5 × 100 000 (the second band adds nothing); S = −5 mirrors it');
SELECT is((SELECT count(*)::int FROM ecocomp.settlement_issue WHERE agreement_id = 'hn'), 0,
          'a score of exactly 0 is not an issue: it is assessed and pays nothing');

-- Henan 2016 cumulative: target PM2.5 60, 10 万 per µg/m³, Jinan (replacing the
-- flat Q1 PM2.5 above is not needed: a separate city) -- use a new city:
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, parent_code) VALUES
    ('410100', 'Zhengzhou', '郑州市', 'prefecture', NULL), ('410000', 'Henan', '河南省', 'province', NULL);
INSERT INTO ecocomp.air_station (code, jurisdiction_code) VALUES ('ZZ1', '410100');
-- Daily PM2.5: January 70 (31 days), February 62 (29), March 58 (31).
-- Year-to-date means: Jan 70; Jan–Feb (2170 + 1798)/60 = 66.1333…; Jan–Mar 5766/91 = 63.362637…
-- F(S) = round((60 − mean) × 10 000 000 fen): −100 000 000; −61 333 333; −33 626 374.
-- Months: −1 000 000.00, +386 666.67, +277 069.59; sum −336 263.74 = the quarter against target.
SELECT pg_temp.flat('ZZ1', 'PM2.5', d0, d1, v)
FROM (VALUES ('2024-01-01'::date, '2024-02-01'::date, 70), ('2024-02-01', '2024-03-01', 62),
             ('2024-03-01', '2024-04-01', 58)) AS x (d0, d1, v);
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid) VALUES
    ('hn16', 'Henan 2016-style air', 'air_quality', ARRAY['410100'],
     '{"indicators": {"PM2.5": 1}, "compare_to": "cumulative", "targets": {"PM2.5": 60},
       "period_unit": "month", "rate": 100000, "counterparty": "410000"}',
     '[2024-01-01,2025-01-01)');
SELECT is(ecocomp.settle('[2024-01-01,2024-04-01)', ARRAY['hn16']), 1::bigint, 'cumulative quarter: one obligation');
SELECT is((SELECT array_agg((t ->> 'unit_fen')::bigint ORDER BY i)
           FROM ecocomp.obligation o, jsonb_array_elements(o.basis -> 'terms') WITH ORDINALITY AS e (t, i)
           WHERE o.agreement_id = 'hn16'),
          ARRAY[-100000000, 38666667, 27706959]::bigint[], 'months pay the change of the rounded year-to-date amount');
SELECT results_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'hn16'$$,
                  $$VALUES ('410100', '410000', 336263.74::numeric(20,2))$$,
                  'the months add up to the quarter''s mean against target, to the fen');
-- March settled alone pays its change only: +277 069.59 (the fund pays).
SELECT is(ecocomp.settle('[2024-03-01,2024-04-01)', ARRAY['hn16']), 1::bigint, 'March alone');
SELECT results_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'hn16' AND period = '[2024-03-01,2024-04-01)'$$,
                  $$VALUES ('410000', '410100', 277069.59::numeric(20,2))$$,
                  'a month settled alone carries the year to date before it');
SELECT ok(ecocomp.explain_obligation((SELECT obligation_id FROM ecocomp.obligation WHERE agreement_id = 'hn16' AND period = '[2024-03-01,2024-04-01)'), 'zh')
          LIKE '%不支付%', 'the carried year to date is explained as not paid');

-- Missing data: Zibo has no SO2/NO2, so a four-indicator agreement reports it
-- and settles the others; never a silent zero.
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid) VALUES
    ('sd3', 'Shandong three cities', 'air_quality', ARRAY['370200', '370300'],
     '{"indicators": {"PM2.5": 0.6, "PM10": 0.15, "SO2": 0.15, "NO2": 0.1}, "compare_to": "previous_year",
       "period_unit": "quarter", "rate": 200000, "counterparty": "370000"}',
     '[2024-01-01,2025-01-01)');
SELECT is(ecocomp.settle('[2024-01-01,2024-04-01)', ARRAY['sd3']), 1::bigint, 'the city with data settles');
SELECT is((SELECT issue FROM ecocomp.settlement_issue WHERE agreement_id = 'sd3'),
          'city 370300 in [2024-01-01,2024-04-01) is not assessed: no valid days of NO2, SO2; no previous_year baseline of NO2, SO2; the unit adds nothing to its amount',
          'the city without SO2 and NO2 is reported in settlement_issue');
-- Qingdao without a coefficient: 5 × 200 000 = 1 000 000.
SELECT is((SELECT amount FROM ecocomp.obligation WHERE agreement_id = 'sd3'), 1000000.00::numeric(20,2),
          'the other city is settled as usual');

-- Parameter errors (22023 naming the key): each params below, in an
-- agreement of city 370200, is refused.
SELECT pg_temp.refused('air_quality', params::jsonb, NULL, description, ARRAY['370200'])
  FROM (VALUES
    (1, '{"indicators": {"PM2.5": 1}, "compare_to": "previous_year", "rate": 1}',
        'counterparty is required'),
    (2, '{"indicators": {"PM2.5": 1}, "compare_to": "previous_year", "rate": 1, "bands": [], "counterparty": "370000"}',
        'rate and bands together'),
    (3, '{"indicators": {"PM2.5": 1}, "compare_to": "target", "rate": 1, "counterparty": "370000"}',
        'compare_to target without targets'),
    (4, '{"indicators": {"PM25": 1}, "compare_to": "previous_year", "rate": 1, "counterparty": "370000"}',
        'unknown indicator'),
    (5, '{"indicators": {"PM2.5": 1}, "compare_to": "previous_year", "rate": 1, "counterparty": "370200"}',
        'the fund cannot be a party'),
    (6, '{"indicators": {"PM2.5": 1}, "compare_to": "previous_year", "bands": [{"min": 0, "max": 5, "rate": 1}, {"min": 4, "rate": 2}], "counterparty": "370000"}',
        'overlapping ladder'),
    (7, '{"indicators": {"PM2.5": 1}, "compare_to": "cumulative", "targets": {"PM2.5": 35}, "good_day_rate": 1, "rate": 1, "counterparty": "370000"}',
        'good days with cumulative'),
    (8, '{"indicators": {"PM2.5": 1}, "compare_to": "previous_year", "rate": 1, "counterparty": "370000", "colour": 1}',
        'unknown key'),
    (9, '{"indicators": {"PM2.5": 1}, "compare_to": "previous_year", "rate": 1, "counterparty": "370000", "awards": [{"parameter": "CO", "when": "meets_grade_II", "amount": 1}]}',
        'an award needs a pollutant with an annual limit')
  ) AS bad(ord, params, description)
 ORDER BY ord;
-- 1e15 × 1e9 nano-units overflows 64 bits: 0.1.0-style acceptance then a
-- failure of every settlement (found by test/pgtap/methods_params_fuzz.sql).
SELECT pg_temp.refused('air_quality', '{"indicators": {"PM2.5": 1}, "compare_to": "previous_year", "rate": 1, "counterparty": "370000", "coefficients": {"370200": 1e15}}',
                        'air_quality parameter "coefficients" has a bad entry',
                        'a coefficient above 1e9 is refused, not accepted and then unsettleable', ARRAY['370200']);
-- The kernel names a coefficient it cannot hold (it said "weights" before).
SELECT throws_ok($$SELECT * FROM ecocomp._air_quality_kernel(1, 1, '{1}', '{10}', '{12}', '{t}', false, 0, NULL, '{0}', '{NaN}', '{100}',
                                                            '{1e15}', NULL, NULL, NULL, NULL, NULL)$$,
                 '22023', 'air_quality coefficients must be positive and below 9.2e9', 'the kernel names a coefficient it cannot hold');
SELECT throws_ok($$SELECT * FROM ecocomp._air_quality_kernel(1, 1, '{1}', '{10}', '{12}', '{t}', false, 0, NULL, '{0}', '{NaN}', '{100}',
                                                            '{1}', '{1e15}', NULL, NULL, NULL, NULL)$$,
                 '22023', 'air_quality target_coefficients must be non-negative and below 9.2e9', 'and a target coefficient');
SELECT lives_ok($$INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid)
                  VALUES ('ok', 'ok', 'air_quality', ARRAY['370200'], '{"indicators": {"PM2.5": 1}, "compare_to": "previous_year", "rate": 1, "counterparty": "370000", "cap": 10, "good_day_rate": 1, "awards": [{"parameter": "PM2.5", "when": "meets_grade_II", "amount": 6000000}]}', '[2024-01-01,2025-01-01)')$$,
                'every optional key at once');

-- A product past 128 bits is an overflow, not a wrapped-around amount
-- (test/fuzz/fuzz_rule_air_quality.c): S = 9e9 µg/m³ at 47 554 yuan per
-- µg/m³, coefficient 2.65, target coefficient 3000.295344884: about
-- 3.4e20 yuan, beyond numeric(20,2); 0.2.0 before the fix paid 752 968.97.
SELECT throws_ok($$SELECT ecocomp._air_quality_kernel(1, 1, '{1}', '{0}', '{9e9}', '{t}', false, 0, NULL,
                     '{0}', '{NULL}', '{4755400}', '{2.65}', '{3000.295344884}', NULL, 0, NULL, NULL)$$,
                 '22003', NULL, 'an amount whose coefficients overflow 128 bits raises 22003');
SELECT * FROM finish();
ROLLBACK;

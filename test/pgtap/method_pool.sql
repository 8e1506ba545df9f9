-- pool: WE-5 through settle(), deductions, awkward fen, params errors (22023).
\ir fixtures/begin.sql
\ir fixtures/update_refused.sql
SELECT plan(22);
\ir fixtures/chishui.sql
CALL pg_temp.chishui('tp', '[2018-01-01,2021-01-01)');

SELECT is(ecocomp.settle('[2019-01-01,2020-01-01)', ARRAY['tp']), 2::bigint, 'WE-5: two obligations');
SELECT set_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'tp'$$,
              $$VALUES ('tp_gz', 'tp_yn', 20000000.00), ('tp_sc', 'tp_yn', 20000000.00)$$,
              'Guizhou and Sichuan each pay Yunnan 20 000 000 (Xinhua 2018-03-25)');
SELECT is((SELECT sum((p ->> 'net_fen')::bigint) FROM ecocomp.obligation o, jsonb_array_elements(o.basis -> 'parties') p
           WHERE o.agreement_id = 'tp' AND o.payer_code = 'tp_gz'), 0::numeric, 'nets sum to zero');
SELECT ok((SELECT ecocomp.explain_obligation(obligation_id, 'en') FROM ecocomp.obligation WHERE payer_code = 'tp_sc')
          LIKE '%tp_sc: contributes 80,000,000.00 yuan (share 4), allocated 60,000,000.00 yuan%', 'explain_obligation()');

-- Lianyuxi (Guizhou's section) at Class III: Guizhou's 8000万 go to Sichuan.
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value) VALUES ('tp_lyx', 'TP', '2019-09-01 10:00+08', 0.25);
SELECT is(ecocomp.settle('[2019-01-01,2020-01-01)', ARRAY['tp']), 2::bigint, 're-run replaces the obligations');
SELECT set_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'tp'$$,
              $$VALUES ('tp_gz', 'tp_yn', 40000000.00), ('tp_gz', 'tp_sc', 60000000.00)$$,
              'nets +4000万, -10000万, +6000万');
SELECT is((SELECT count(*) FROM ecocomp.settlement_issue WHERE agreement_id = 'tp'), 0::bigint, 'no issues with complete data');
SELECT is(ecocomp.settle('[2020-01-01,2021-01-01)', ARRAY['tp']), 2::bigint, '2020 without data: no deductions');
SELECT is((SELECT count(*) FROM ecocomp.settlement_issue WHERE agreement_id = 'tp' AND period = '[2020-01-01,2021-01-01)'),
          2::bigint, 'one issue per unassessed section');

-- The total is per year: half a year is not settled (an issue says so),
-- two years are settled year by year.
SELECT is((SELECT array_agg(coalesce(s.amount::text, s.issue)) FROM ecocomp.agreement a, ecocomp._settle_pool(a, '[2019-01-01,2019-07-01)') s
           WHERE a.agreement_id = 'tp'),
          ARRAY['the total is per year and [2019-01-01,2019-07-01) is only part of one; that part is not settled'],
          'half a year of a yearly pool: nothing paid, one issue');
SELECT is((SELECT count(*) FROM ecocomp.agreement a, ecocomp._settle_pool(a, '[2019-01-01,2021-01-01)') s
           WHERE a.agreement_id = 'tp' AND s.amount IS NOT NULL), 4::bigint, 'two years: two transfers a year');
SELECT is((SELECT sum(s.amount) FROM ecocomp.agreement a, ecocomp._settle_pool(a, '[2019-01-01,2021-01-01)') s
           WHERE a.agreement_id = 'tp' AND s.payee_code = 'tp_sc'), 60000000.00, 'only 2019 moves money to Sichuan');

-- 1.00 yuan with equal shares: allocations 0.34, 0.33, 0.33; contributions likewise; nothing moves.
UPDATE ecocomp.agreement SET params = params || '{"total": 1, "contributions": [1, 1, 1], "allocations": [1, 1, 1]}'
WHERE agreement_id = 'tp';
SELECT is((SELECT count(*) FROM ecocomp.agreement a, ecocomp._settle_pool(a, '[2018-01-01,2019-01-01)') s
           WHERE a.agreement_id = 'tp' AND s.amount IS NOT NULL), 0::bigint, 'equal shares: no transfer');

SELECT pg_temp.update_refused('tp', new_params, message, description)
  FROM (VALUES
    (1, $$params || '{"allocations": [1, 1]}'$$,
        'pool parameter "allocations" does not match the parties', 'allocations of the wrong length'),
    (2, $$params || '{"contributions": [0, 0, 0]}'$$,
        'pool parameter "contributions" is all zero', 'all-zero contributions'),
    (3, $$params || '{"total": 0.001}'$$,
        'pool parameter "total" is not an amount of money', 'sub-fen total'),
    (4, $$jsonb_set(params, '{sections,0,deduction_to}', '{"tp_yn": 1}')$$,
        'pool parameter "sections[1].deduction_to" names a wrong party', 'deduction to the responsible party'),
    (5, $$jsonb_set(params, '{sections,0,responsible}', '"tp_xx"')$$,
        'pool parameter "sections[1].responsible" is not a party', 'responsible not a party'),
    (6, $$jsonb_set(params, '{sections,0,code}', '"nowhere"')$$,
        'pool parameter "sections[1].code" names an unknown section', 'unknown section'),
    (7, $$params || '{"period_unit": "decade"}'$$,
        'pool parameter "period_unit" is invalid', 'bad period unit'),
    (8, $$params || '{"partys": []}'$$,
        'pool parameter "partys" is unknown', 'unknown key'),
    (9, $$jsonb_set(params, '{sections,1}', '{"code": "tp_lyx", "responsible": "tp_gz"}')$$,
        'pool parameter "sections[2].deduction_to" is missing', 'a section without deduction_to')
  ) AS bad(ord, new_params, message, description)
 ORDER BY ord;

SELECT * FROM finish();
ROLLBACK;

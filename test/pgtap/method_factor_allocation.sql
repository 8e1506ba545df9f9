-- factor_allocation: exact splits, settle(), params errors (22023).
\ir fixtures/begin.sql
\ir fixtures/update_refused.sql
SELECT plan(17);
INSERT INTO ecocomp.jurisdiction (code, name) VALUES ('tf_p', 'Province'), ('tf_a', 'A'), ('tf_b', 'B'), ('tf_c', 'C');
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid)
VALUES ('tf', 'factors', 'factor_allocation', '{tf_a,tf_b,tf_c}',
 '{"payer": "tf_p", "budget": 100000000, "factors": [
    {"name": "water quality", "weight": 70, "values": {"tf_a": 90, "tf_b": 80, "tf_c": 70}},
    {"name": "forest", "weight": 20, "values": {"tf_a": 100, "tf_b": 300, "tf_c": 100}},
    {"name": "water management", "weight": 10, "values": {"tf_a": 1, "tf_b": 1, "tf_c": 2}}]}', '[2016-01-01,2017-01-01)');

SELECT is(ecocomp.settle('[2016-01-01,2017-01-01)', ARRAY['tf']), 3::bigint, 'three obligations');
SELECT set_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'tf'$$,
              $$VALUES ('tf_p', 'tf_a', 32750000.00), ('tf_p', 'tf_b', 37833333.33), ('tf_p', 'tf_c', 29416666.67)$$,
              'weights 70/20/10 split 1 亿 as 0.3275 / 0.378333… / 0.294166… (last fen to C)');
SELECT is((SELECT sum(amount) FROM ecocomp.obligation WHERE agreement_id = 'tf'), 100000000.00, 'the parts add up to the budget');

-- The budget is per year unless period_unit says otherwise.
SELECT is((SELECT count(*) FROM ecocomp.agreement a, ecocomp._settle_factor_allocation(a, '[2016-03-01,2016-04-01)') s
           WHERE a.agreement_id = 'tf' AND s.issue LIKE 'the budget is per year and [2016-03-01,2016-04-01) is only part of one%'),
          1::bigint, 'a month of a yearly budget is not settled');
UPDATE ecocomp.agreement SET params = params || '{"period_unit": "month"}' WHERE agreement_id = 'tf';
SELECT is((SELECT sum(s.amount) FROM ecocomp.agreement a, ecocomp._settle_factor_allocation(a, '[2016-03-01,2016-05-01)') s
           WHERE a.agreement_id = 'tf'), 200000000.00, 'a monthly budget over two months');

-- 100 000 000 three ways and 0.01 eleven ways.
UPDATE ecocomp.agreement SET params = '{"payer": "tf_p", "budget": 100000000, "factors": [{"name": "equal", "weight": 1, "values": {"tf_a": 1, "tf_b": 1, "tf_c": 1}}]}'
WHERE agreement_id = 'tf';
SELECT is(ARRAY(SELECT s.amount FROM ecocomp.agreement a, ecocomp._settle_factor_allocation(a, '[2016-01-01,2017-01-01)') s
                WHERE a.agreement_id = 'tf' ORDER BY s.payee_code),
          '{33333333.34,33333333.33,33333333.33}'::numeric[], '1 亿 three ways');
INSERT INTO ecocomp.jurisdiction (code, name) SELECT 'tf_' || i, 'county ' || i FROM generate_series(1, 11) i;
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid)
SELECT 'tf11', 'eleven', 'factor_allocation', ARRAY(SELECT 'tf_' || i FROM generate_series(1, 11) i),
       jsonb_build_object('payer', 'tf_p', 'budget', 0.01, 'factors', jsonb_build_array(jsonb_build_object(
           'name', 'equal', 'weight', 1, 'values', (SELECT jsonb_object_agg('tf_' || i, 1) FROM generate_series(1, 11) i)))),
       '[2016-01-01,2017-01-01)';
SELECT is((SELECT array_agg(s.payee_code || ':' || s.amount) FROM ecocomp.agreement a, ecocomp._settle_factor_allocation(a, '[2016-01-01,2017-01-01)') s
           WHERE a.agreement_id = 'tf11'), '{tf_1:0.01}'::text[], '0.01 eleven ways: one fen to the first party, no zero lines');

SELECT pg_temp.update_refused('tf', new_params, message, description)
  FROM (VALUES
    (1, $$params || '{"payer": "tf_a"}'$$,
        'factor_allocation parameter "payer" is one of the parties', 'payer among the parties'),
    (2, $$params || '{"payer": "nobody"}'$$,
        'factor_allocation parameter "payer" names an unknown jurisdiction', 'unknown payer'),
    (3, $$params || '{"factors": [{"name": "x", "weight": 1, "values": {"tf_a": 1, "tf_b": 1}}]}'$$,
        'factor_allocation parameter "factors[1].values" lacks a party', 'a party without a value'),
    (4, $$params || '{"factors": [{"name": "x", "weight": 1, "values": {"tf_a": 0, "tf_b": 0, "tf_c": 0}}]}'$$,
        'factor_allocation parameter "factors[1].values" is all zero', 'all-zero values'),
    (5, $$params || '{"factors": [{"name": "x", "weight": 0, "values": {"tf_a": 1, "tf_b": 1, "tf_c": 1}}]}'$$,
        'factor_allocation parameter "factors" has no positive weight', 'all weights zero'),
    (6, $$params || '{"factors": [{"name": "x", "weight": 1, "values": {"tf_a": -1, "tf_b": 1, "tf_c": 1}}]}'$$,
        'factor_allocation parameter "factors[1].values" must map parties to numbers', 'negative value'),
    (7, $$params || '{"factors": [{"name": "x", "weight": 1, "values": {"tf_a": 1, "tf_b": 1, "tf_c": 1, "tf_p": 1}}]}'$$,
        'factor_allocation parameter "factors[1].values" names a jurisdiction that is not a party', 'value for a non-party'),
    (8, $$params || '{"budget": -1}'$$,
        'factor_allocation parameter "budget" is out of range', 'negative budget'),
    (9, $$params || '{"factors": [{"name": "x", "wieght": 1, "values": {"tf_a": 1, "tf_b": 1, "tf_c": 1}}]}'$$,
        'factor_allocation parameter "factors[1].wieght" is unknown', 'a misspelt factor key'),
    (10, $$params || '{"factors": [{"name": "x", "weight": -1, "values": {"tf_a": 1, "tf_b": 1, "tf_c": 1}}]}'$$,
        'factor_allocation parameter "factors[1].weight" is out of range', 'a negative weight')
  ) AS bad(ord, new_params, message, description)
 ORDER BY ord;

SELECT * FROM finish();
ROLLBACK;

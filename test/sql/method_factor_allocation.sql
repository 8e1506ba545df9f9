-- factor_allocation: the worked example of docs/methods/factor_allocation.md
-- (a Jiangxi-style 因素法 split; the weights 70/20/10 are the commonly cited,
-- unverified ones, see docs/methods/factor_allocation.md).
BEGIN;
\i test/sql/fixtures/method_lines.sql
INSERT INTO ecocomp.jurisdiction (code, name, level) VALUES
  ('jx_province', 'Province', 'province'), ('jx_a', 'County A', 'county'),
  ('jx_b', 'County B', 'county'), ('jx_c', 'County C', 'county');
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid)
VALUES ('jx', 'Basin compensation by factors', 'factor_allocation', '{jx_a,jx_b,jx_c}',
 '{"payer": "jx_province", "budget": 100000000,
   "factors": [
     {"name": "water quality", "weight": 0.7, "values": {"jx_a": 90, "jx_b": 80, "jx_c": 70}},
     {"name": "forest area",   "weight": 0.2, "values": {"jx_a": 100, "jx_b": 300, "jx_c": 100}},
     {"name": "water management", "weight": 0.1, "values": {"jx_a": 1, "jx_b": 1, "jx_c": 2}}]}',
 '[2016-01-01,2017-01-01)');
SELECT payer_code, payee_code, amount, round((basis ->> 'share')::numeric, 9) AS share, issue
FROM pg_temp.lines('jx', '[2016-01-01,2017-01-01)');
SELECT sum(amount) AS total
FROM pg_temp.lines('jx', '[2016-01-01,2017-01-01)');
SELECT line FROM pg_temp.explained('jx', '[2016-01-01,2017-01-01)', 'en') WHERE payee_code = 'jx_b';
SELECT line FROM pg_temp.explained('jx', '[2016-01-01,2017-01-01)', 'zh') WHERE payee_code = 'jx_c';
ROLLBACK;

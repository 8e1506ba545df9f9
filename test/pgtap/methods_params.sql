-- Compensation framework: agreement and obligation tables, the settlement_line
-- type and the shared _param_* validation helpers (SQLSTATE 22023 naming the
-- method and key).
\ir fixtures/begin.sql
SELECT plan(24);

SELECT has_table('ecocomp', 'agreement', 'agreement table');
SELECT has_table('ecocomp', 'obligation', 'obligation table');
SELECT has_table('ecocomp', 'settlement_issue', 'settlement_issue table');
SELECT has_type('ecocomp', 'settlement_line', 'settlement_line type');

-- _param_keys
SELECT lives_ok($$SELECT ecocomp._param_keys('{"a": 1}', '{a,b}', '{a}', 'm')$$, 'allowed keys pass');
SELECT throws_ok($$SELECT ecocomp._param_keys('{"a": 1, "c": 2}', '{a,b}', '{a}', 'm')$$,
                 '22023', 'm parameter "c" is unknown', 'unknown key named');
SELECT throws_ok($$SELECT ecocomp._param_keys('{"b": 1}', '{a,b}', '{a}', 'm')$$,
                 '22023', 'm parameter "a" is missing', 'missing key named');
SELECT throws_ok($$SELECT ecocomp._param_keys('{"a": null}', '{a,b}', '{a}', 'm')$$,
                 '22023', 'm parameter "a" is missing', 'null counts as missing');
SELECT throws_ok($$SELECT ecocomp._param_keys('[1]', '{a}', '{}', 'm')$$,
                 '22023', 'm params must be a JSON object', 'params must be an object');

-- _param_number / _param_fen
SELECT is(ecocomp._param_number('{"k0": 0.85}', 'k0', 'm', 0), 0.85, 'number read exactly');
SELECT is(ecocomp._param_number('{}', 'k0', 'm'), NULL, 'absent number is NULL');
SELECT throws_ok($$SELECT ecocomp._param_number('{"k0": "0.85"}', 'k0', 'm')$$,
                 '22023', 'm parameter "k0" must be a number', 'string is not a number');
SELECT throws_ok($$SELECT ecocomp._param_number('{"rate": -1}', 'rate', 'm', 0)$$,
                 '22023', 'm parameter "rate" is out of range', 'negative rate refused');
SELECT is(ecocomp._param_fen('{"amount": 100000000}', 'amount', 'm', 0), 10000000000::bigint, '1 亿 yuan in fen');
SELECT is(ecocomp._param_fen('{"amount": 0.07}', 'amount', 'm'), 7::bigint, '0.07 yuan is 7 fen');
SELECT throws_ok($$SELECT ecocomp._param_fen('{"amount": 0.001}', 'amount', 'm')$$,
                 '22023', 'm parameter "amount" is not an amount of money', 'a tenth of a fen refused');

-- _param_class, _param_codes, _param_codes_map, _param_daterange
SELECT is(ecocomp._param_class('"III"', 'target_class', 'm'), 'III'::ecocomp.wq_class, 'class III');
SELECT throws_ok($$SELECT ecocomp._param_class('"VI"', 'target_class', 'm')$$,
                 '22023', 'm parameter "target_class" is not a water quality class', 'unknown class');
SELECT is(ecocomp._param_codes('{"indicators": ["CODMn", "TP"]}', 'indicators', 'm'), '{CODMn,TP}'::text[], 'codes');
SELECT throws_ok($$SELECT ecocomp._param_codes('{"indicators": ["CODMn", "XX"]}', 'indicators', 'm')$$,
                 '22023', 'm parameter "indicators" names an unknown parameter', 'unknown code');
SELECT throws_ok($$SELECT ecocomp._param_codes_map('{"rates": {"TP": "a"}}', 'rates', 'm')$$,
                 '22023', 'm parameter "rates" must map parameter codes to numbers', 'map value must be a number');
SELECT is(ecocomp._param_daterange('{"p": "[2008-01-01,2011-01-01)"}', 'p', 'm'),
          daterange('2008-01-01', '2011-01-01'), 'date range');
SELECT throws_ok($$SELECT ecocomp._param_daterange('{"p": "2008"}', 'p', 'm')$$,
                 '22023', 'm parameter "p" is not a date range', 'bad date range');

-- signed fen -> line: positive = downstream pays upstream
SELECT is((SELECT (l.payer_code, l.payee_code, l.amount)::text
           FROM ecocomp._settlement_line('up', 'down', -12345, '{}') l),
          '(up,down,123.45)', 'negative amount: upstream pays downstream');
SELECT * FROM finish();
ROLLBACK;

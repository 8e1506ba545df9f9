-- Method protected_area: payers fund protected jurisdictions by weighted
-- area, with hand-computed amounts.
--
-- County X is the 0.1-degree cell [112.0,112.1] x [29.0,29.1]; county Y two
-- such cells [112.1,112.3] x [29.0,29.1] with vertices at 112.2, so that
-- area(Y) = 2 area(X) exactly (congruent cells of one latitude band).  A
-- wetland straddles both and covers them.  Payers P (60 %) and Q (40 %).
BEGIN;
SELECT plan(13);
\ir fixtures/refused.sql

INSERT INTO ecocomp.jurisdiction (code, name, level, geom) VALUES
    ('X', 'County X', 'county', 'SRID=4326;MULTIPOLYGON(((112.0 29.0,112.1 29.0,112.1 29.1,112.0 29.1,112.0 29.0)))'),
    ('Y', 'County Y', 'county', 'SRID=4326;MULTIPOLYGON(((112.1 29.0,112.2 29.0,112.3 29.0,112.3 29.1,112.2 29.1,112.1 29.1,112.1 29.0)))'),
    ('P', 'Payer P', 'province', NULL), ('Q', 'Payer Q', 'province', NULL);
INSERT INTO ecocomp.protected_area (area_id, name, kind, geom, valid) VALUES
    ('W', 'Wetland', 'wetland',
     'SRID=4326;MULTIPOLYGON(((112.0 29.0,112.1 29.0,112.2 29.0,112.3 29.0,112.3 29.1,112.2 29.1,112.1 29.1,112.0 29.1,112.0 29.0)))',
     '[2020-01-01,)');

-- Budget 1 000 000.00 split 1 : 2 by area:
--   X 333 333.333... -> 333 333.33, Y 666 666.666... -> 666 666.67 (the
--   larger remainder takes the last fen); sum 1 000 000.00.
-- Each recipient's amount split 60 : 40 between P and Q, by the largest
-- remainder in fen:
--   X 333 333.33: exact 199 999.998 and 133 333.332; floors 199 999.99 +
--      133 333.33 = 333 333.32 leave one fen, which goes to the larger
--      remainder (P: 0.8 fen against 0.2): P 200 000.00, Q 133 333.33
--   Y 666 666.67: exact 400 000.002 and 266 666.668; floors leave one fen,
--      which goes to Q (0.8 fen against 0.2): P 400 000.00, Q 266 666.67
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid) VALUES
    ('wet', 'Wetland', 'protected_area', NULL,
     '{"payers": {"P": 0.6, "Q": 0.4}, "budget": 1000000, "level": "county"}', '[2024-01-01,2025-01-01)');
SELECT is(ecocomp.settle('[2024-01-01,2025-01-01)', ARRAY['wet']), 4::bigint, 'four obligations: two payers x two recipients');
SELECT results_eq($$SELECT payer_code, payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'wet' ORDER BY 2, 1$$,
                  $$VALUES ('P', 'X', 200000.00::numeric), ('Q', 'X', 133333.33), ('P', 'Y', 400000.00), ('Q', 'Y', 266666.67)$$,
                  'the budget split by area, then by payer share, to the fen (by hand)');
SELECT results_eq($$SELECT payee_code, sum(amount) FROM ecocomp.obligation WHERE agreement_id = 'wet' GROUP BY 1 ORDER BY 1$$,
                  $$VALUES ('X', 333333.33::numeric), ('Y', 666666.67)$$, 'X receives one third and Y two thirds of the budget');
SELECT is((SELECT sum(amount) FROM ecocomp.obligation WHERE agreement_id = 'wet'), 1000000.00, 'the amounts add up to the budget exactly');
SELECT matches(ecocomp.explain_obligation((SELECT obligation_id FROM ecocomp.obligation WHERE agreement_id = 'wet' AND payer_code = 'Q' AND payee_code = 'Y'), 'en'),
               'bears share 0.4 of the 666666.67 yuan due to', 'the explanation names the share and the recipient''s amount');

-- A month of a yearly budget is not settled: reported instead.
SELECT is(ecocomp.settle('[2024-03-01,2024-04-01)', ARRAY['wet']), 0::bigint, 'part of a year settles nothing');
SELECT matches((SELECT issue FROM ecocomp.settlement_issue WHERE agreement_id = 'wet'), 'is only part of one',
               'and says why');

-- Rate per mu with an adjustment: 80 yuan/mu, Y x 1.3 (bound 0.3).  With a
-- = area(X) in km2 (1 km2 = 1 500 mu): X gets a x 1 500 x 80, Y 2a x 1 500 x
-- 80 x 1.3, each rounded to the fen; the check below recomputes a from the
-- cell alone, outside the share function.
INSERT INTO ecocomp.agreement (agreement_id, name, method, parties, params, valid) VALUES
    ('mu', 'Per mu', 'protected_area', NULL,
     '{"payers": {"P": 1}, "rate_per_mu": 80, "adjust": {"Y": 1.3}, "adjust_bound": 0.3, "level": "county"}', '[2024-01-01,2025-01-01)');
SELECT is(ecocomp.settle('[2024-01-01,2025-01-01)', ARRAY['mu']), 2::bigint, 'two obligations: P pays X and Y');
SELECT results_eq($$SELECT payee_code, amount FROM ecocomp.obligation WHERE agreement_id = 'mu' ORDER BY 1$$,
                  $$SELECT 'X', round((ST_Area('SRID=4326;POLYGON((112.0 29.0,112.1 29.0,112.1 29.1,112.0 29.1,112.0 29.0))'::geography) / 1e6)::numeric * 1500 * 80, 2)
                    UNION ALL
                    SELECT 'Y', round((2 * ST_Area('SRID=4326;POLYGON((112.0 29.0,112.1 29.0,112.1 29.1,112.0 29.1,112.0 29.0))'::geography) / 1e6)::numeric * 1500 * 80 * 1.3, 2)$$,
                  'area x 1 500 mu/km2 x 80 yuan/mu x adjustment, to the fen');
SELECT ok((SELECT amount BETWEEN 12950000 AND 12960000 FROM ecocomp.obligation WHERE agreement_id = 'mu' AND payee_code = 'X'),
          'X: about 107.95 km2 x 1 500 x 80 = 12 954 000 yuan');

-- Validation.
SELECT pg_temp.refused('protected_area', params::jsonb, message, description)
  FROM (VALUES
    (1, '{"payers": {"P": 0.6, "Q": 0.3}, "budget": 1}',
        'protected_area parameter "payers" shares do not add up to 1',
        'shares must add up to 1'),
    (2, '{"payers": {"P": 1}, "budget": 1, "rate_per_mu": 2}',
        'protected_area parameter "budget" or rate_per_mu must be given, not both',
        'budget and rate are exclusive'),
    (3, '{"payers": {"P": 1}, "rate_per_mu": 80, "adjust": {"Y": 1.5}, "adjust_bound": 0.3}',
        'protected_area parameter "adjust" is outside the bound',
        'an adjustment beyond the bound is refused')
  ) AS bad(ord, params, message, description)
 ORDER BY ord;

SELECT * FROM finish();
ROLLBACK;

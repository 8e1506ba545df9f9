-- index_ratio settled end to end: the Xin'an River with a baseline period.
-- Every amount is hand-computed in the comments (and in docs/methods/index_ratio.md).
\i test/sql/fixtures/begin.sql

INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level) VALUES
    ('AH', 'Anhui', '安徽', 'province'), ('ZJ', 'Zhejiang', '浙江', 'province');
INSERT INTO ecocomp.section (code, name, name_zh, target_class, upstream_code, downstream_code) VALUES
    ('jiekou', 'Jiekou', '街口', 'III', 'AH', 'ZJ');

----------------------------------------------------------------------------
-- Xin'an River, index_ratio with a baseline period.
-- Baseline 2008-2010, one joint sample a year: CODMn 2.0 2.2 2.4 (mean 2.2),
-- NH3-N 0.10 0.12 0.14 (0.12), TN 1.0 1.1 1.2 (1.1), TP 0.020 0.025 0.030 (0.025).
-- 2012, four samples: CODMn mean 2.0, NH3-N 0.10, TN 1.1, TP 0.025.
-- P = 0.85 × 0.25 × (2.0/2.2 + 0.10/0.12 + 1.1/1.1 + 0.025/0.025)
--   = 0.2125 × (0.909091 + 0.833333 + 1 + 1) = 0.2125 × 3.742424 = 0.795265 ≤ 1
-- → Zhejiang pays Anhui 100 000 000.00.
-- 2013: every mean 1.3 × its baseline: P = 0.85 × 1.3 = 1.105 > 1 → Anhui
-- pays Zhejiang 100 000 000.00.
-- Round 2 (2015-2017, k0 0.89, 2 亿 each way) is its own agreement: a 2012
-- settlement does not touch it; 2015 has no samples → an issue, no payment.
----------------------------------------------------------------------------
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'jiekou', p, make_timestamptz(y, 6, 2, 10, 0, 0, 'Asia/Shanghai'), v
FROM (VALUES ('CODMn', 2008, 2.0), ('CODMn', 2009, 2.2), ('CODMn', 2010, 2.4),
             ('NH3-N', 2008, 0.10), ('NH3-N', 2009, 0.12), ('NH3-N', 2010, 0.14),
             ('TN', 2008, 1.0), ('TN', 2009, 1.1), ('TN', 2010, 1.2),
             ('TP', 2008, 0.020), ('TP', 2009, 0.025), ('TP', 2010, 0.030)) x (p, y, v);
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'jiekou', p, make_timestamptz(2012, m, 5, 10, 0, 0, 'Asia/Shanghai'), v
FROM (VALUES ('CODMn', 3, 2.0), ('CODMn', 6, 1.8), ('CODMn', 9, 2.0), ('CODMn', 12, 2.2),
             ('NH3-N', 3, 0.10), ('NH3-N', 6, 0.10), ('NH3-N', 9, 0.10), ('NH3-N', 12, 0.10),
             ('TN', 3, 1.0), ('TN', 6, 1.0), ('TN', 9, 1.2), ('TN', 12, 1.2),
             ('TP', 3, 0.02), ('TP', 6, 0.02), ('TP', 9, 0.03), ('TP', 12, 0.03)) x (p, m, v);
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 'jiekou', p, make_timestamptz(2013, 7, 1, 10, 0, 0, 'Asia/Shanghai'), v
FROM (VALUES ('CODMn', 2.86), ('NH3-N', 0.156), ('TN', 1.43), ('TP', 0.0325)) x (p, v);

INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code,
                               section_codes, params, valid) VALUES
    ('xinan-2012', 'Xin''an River round 1 (2012-2014)', 'index_ratio', 'AH', 'ZJ', '{jiekou}',
     '{"indicators": ["CODMn", "NH3-N", "TN", "TP"], "weights": [0.25, 0.25, 0.25, 0.25],
       "k0": 0.85, "baseline_period": "[2008-01-01,2011-01-01)", "threshold": 1,
       "inclusive": true, "amount": 100000000}', '[2012-01-01,2015-01-01)'),
    ('xinan-2015', 'Xin''an River round 2 (2015-2017)', 'index_ratio', 'AH', 'ZJ', '{jiekou}',
     '{"indicators": ["CODMn", "NH3-N", "TN", "TP"], "weights": [0.25, 0.25, 0.25, 0.25],
       "k0": 0.89, "baseline_period": "[2008-01-01,2011-01-01)", "amount": 200000000}',
     '[2015-01-01,2018-01-01)');

SELECT ecocomp.settle('[2012-01-01,2013-01-01)') AS written;
SELECT ecocomp.settle('[2013-01-01,2014-01-01)') AS written;
SELECT ecocomp.settle('[2015-01-01,2016-01-01)') AS written;
SELECT agreement_id, period, payer_code, payee_code, amount,
       round((basis ->> 'p')::numeric, 6) AS p, basis -> 'samples' AS samples
FROM ecocomp.obligation ORDER BY obligation_id;
SELECT agreement_id, period, issue FROM ecocomp.settlement_issue ORDER BY issue_id;

-- Idempotent: settling 2012 again replaces its obligation, no duplicate.
SELECT ecocomp.settle('[2012-01-01,2013-01-01)', '{xinan-2012}') AS written;
SELECT agreement_id, period, payer_code, payee_code, amount
FROM ecocomp.obligation ORDER BY period;

SELECT ecocomp.explain_obligation(obligation_id, 'zh') AS zh,
       ecocomp.explain_obligation(obligation_id, 'en') AS en
FROM ecocomp.obligation WHERE agreement_id = 'xinan-2012' AND period = '[2012-01-01,2013-01-01)';

ROLLBACK;

-- Pollution incidents: imputed abatement cost and candidate episodes found
-- in monitoring data, with hand-computed figures.
BEGIN;
SELECT plan(14);

-- Imputed abatement cost: quantity x unit cost x multiplier, half up to the fen.
--   15.7248 t x 2 500.50 yuan/t x 1.5 = 58 979.7936 -> 58 979.79
--   0.001 x 5 x 1 = 0.005 -> 0.01 (half up)
SELECT is(ecocomp.imputed_abatement_cost(15.7248, 2500.50, 1.5), 58979.79, '15.7248 x 2500.50 x 1.5 = 58 979.79');
SELECT is(ecocomp.imputed_abatement_cost(0.001, 5, 1), 0.01, 'half a fen rounds up');
SELECT is(ecocomp.imputed_abatement_cost(0, 5, 2), 0.00, 'no quantity, no cost');
SELECT throws_ok($$SELECT ecocomp.imputed_abatement_cost('NaN', 5, 1)$$, '22023', 'quantity must be a finite number >= 0', 'NaN quantity refused');
SELECT throws_ok($$SELECT ecocomp.imputed_abatement_cost(1, -5, 1)$$, '22023', 'unit_cost must be a number >= 0', 'negative unit cost refused');
SELECT throws_ok($$SELECT ecocomp.imputed_abatement_cost(1, 5, 0)$$, '22023', 'multiplier must be a finite number > 0', 'zero multiplier refused');
SELECT throws_ok($$SELECT ecocomp.imputed_abatement_cost(1e300, 1e10, 1)$$, '22003', 'imputed abatement cost is too large', 'overflow refused with 22003');

-- Episodes.  Section s1 is on the U -> D border, s2 inside U.  Hourly NH3-N
-- at s1 on 1 May 2024 (Beijing time): 1.0 at 00:00-02:00, 2.5 at 03:00-07:00,
-- 1.0 at 08:00, 3.0 at 09:00, 1.0 at 10:00; flow 10 m3/s.  Limit 2.0:
--   episode 1: 03:00-07:00 (4 h), peak 2.5, above-limit load
--              0.5 mg/L x 10 m3/s x 4 h x 3600 s = 72 000 g = 72 kg;
--   episode 2: 09:00 alone (0 h), peak 3.0, load 0 (no duration).
-- s2 is above the limit all day but is not a border section.
INSERT INTO ecocomp.jurisdiction (code, name, level) VALUES ('U', 'Upstream', 'prefecture'), ('D', 'Downstream', 'prefecture');
INSERT INTO ecocomp.section (code, name, waterbody, upstream_code, downstream_code)
VALUES ('s1', 'Border', 'river', 'U', 'D'), ('s2', 'Inside', 'river', 'U', 'U');
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 's1', 'NH3-N', '2024-05-01 00:00+08'::timestamptz + make_interval(hours => h),
       CASE WHEN h BETWEEN 3 AND 7 THEN 2.5 WHEN h = 9 THEN 3.0 ELSE 1.0 END
FROM generate_series(0, 10) AS h;
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value) VALUES ('s1', 'flow', '2024-05-01 00:00+08', 10);
INSERT INTO ecocomp.observation (section_code, parameter, observed_at, value)
SELECT 's2', 'NH3-N', '2024-05-01 00:00+08'::timestamptz + make_interval(hours => h), 5 FROM generate_series(0, 10) AS h;

SELECT results_eq($$SELECT section_code, started_at, ended_at, peak, exceedance_load_kg
                    FROM ecocomp.detect_incidents('NH3-N', 2.0, 2, '[2024-05-01,2024-05-02)')$$,
                  $$VALUES ('s1', '2024-05-01 03:00+08'::timestamptz, '2024-05-01 07:00+08'::timestamptz, 2.5::float8, 72::float8)$$,
                  'one episode of at least 2 hours at the border section: 03:00-07:00, peak 2.5, 72 kg above the limit');
SELECT results_eq($$SELECT section_code, started_at, peak, exceedance_load_kg
                    FROM ecocomp.detect_incidents('NH3-N', 2.0, 0, '[2024-05-01,2024-05-02)')$$,
                  $$VALUES ('s1', '2024-05-01 03:00+08'::timestamptz, 2.5::float8, 72::float8),
                           ('s1', '2024-05-01 09:00+08'::timestamptz, 3.0::float8, 0::float8)$$,
                  'with min_hours 0 a single sample above the limit is an episode too');
SELECT is_empty($$SELECT * FROM ecocomp.detect_incidents('NH3-N', 2.0, 2, '[2024-05-02,2024-05-03)')$$,
                'nothing on a day without samples');
SELECT throws_ok($$SELECT * FROM ecocomp.detect_incidents('NH4', 2.0, 2, '[2024-05-01,2024-05-02)')$$,
                 '22023', 'unknown parameter "NH4"', 'an unknown parameter is named');
SELECT throws_ok($$SELECT * FROM ecocomp.detect_incidents('NH3-N', -1, 2, '[2024-05-01,2024-05-02)')$$,
                 '22023', 'limit_value must be a finite number >= 0', 'a negative limit is refused');
SELECT throws_ok($$SELECT * FROM ecocomp.detect_incidents('NH3-N', 2.0, 2, '[2024-05-01,)')$$,
                 '22023', 'period must be a bounded, non-empty date range', 'an unbounded period is refused');
SELECT throws_ok($$INSERT INTO ecocomp.incident (incident_id, name, responsible_code, affected_code, started_at)
                   VALUES ('i0', 'self', 'U', 'U', now())$$, '23514', NULL, 'an incident needs two different jurisdictions');

SELECT * FROM finish();
ROLLBACK;

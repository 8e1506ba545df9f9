-- One check per finding of the outside probe of 0.1.0 (docs/dba.md,
-- "Hardening"), in the order the findings were reported.  Each assertion
-- names its finding and expects the fixed behaviour: a specific SQLSTATE or
-- a value.  Every one of them failed on 0.1.0: a crash (which stops this
-- file: the suite counts that as a failure), a missing error, a wrong value
-- or XX000.  The findings that hang a backend, and concurrent imports,
-- need more than one connection: test/shell/hardening_findings.sh.
--
--   finding                                             checked here as
--   crash: non-strict kernels on NULL arrays            F1  (22004)
--   crash: relative_change "per_point": null, settle()  F2  (22023; settle reports 22004)
--   crash: _assess_rows with a NULL code                F3  (22004)
--   crash: 65536 × 65536 wraps in the pool kernel       F4  (54000)
--   read past the array: factor allocation              F5  (54000)
--   hang: NaN time in a load state                      shell (22P03 within statement_timeout)
--   hang: user-controlled group count                   F7 here (54000) and in the shell under a 3 s timeout
--   escalation: public.unnest(text[]) + superuser       F8  (never runs; search_path pinned)
--   escalation: an analyst's "=" in refresh_network     F9  (never runs)
--   EXECUTE to PUBLIC on internal functions             F10 (none)
--   section_class over an overflowing mean              F11 (22003)
--   cwqi('DO', 5e-324) = Infinity                       F12 (22003)
--   negative flows accepted                             F13 (22023)
--   yearly amounts paid per sub-period                  F14 (paid once, parts reported)
--   5e-324 µg/L underflow aborts the import             F15 (quarantined, batch loaded)
--   CST, UTC+8, now, today, epoch, J2459000 accepted    F16 (quarantined with reasons)
--   concurrent overlapping imports fail with 23505      shell
--   hostile agreements: 1e-400 weights, 1e16 rates      F18 (22023; a stored one does not block the period)
--   XX000 for reachable input                           F19 (22004, 42883, 22P03, 23514)
--   misleading messages                                 F20 (the message names the item)
\ir fixtures/begin.sql
SELECT plan(46);
\ir fixtures/findings.sql

CALL pg_temp.findings_parties('hf');

-- F1. Kernels declared non-strict dereferenced NULL arrays (SIGSEGV).
SELECT throws_ok($$SELECT ecocomp._linear_kernel(NULL, '{1}', '{100}', NULL)$$, '22004', NULL,
                 'F1 crash: _linear_kernel(NULL, ...) is 22004');
SELECT throws_ok($$SELECT ecocomp._relative_change_kernel('{1}', '{1}', NULL, NULL, NULL, NULL, NULL, 100, NULL)$$, '22004', NULL,
                 'F1 crash: _relative_change_kernel with NULL band arrays is 22004');
SELECT throws_ok($$SELECT ecocomp._tiered_exceedance_kernel('{1}', '{1}', NULL, '{}', '{}', '{}', '{}', '{}', '{}', 1, NULL, NULL)$$, '22004', NULL,
                 'F1 crash: _tiered_exceedance_kernel with NULL targets is 22004');
SELECT throws_ok($$SELECT ecocomp._compliance_rate_kernel(NULL, '{1}', '{1}', NULL, 0.5, 100, 100)$$, '22004', NULL,
                 'F1 crash: _compliance_rate_kernel with NULL counts is 22004');

-- F2. relative_change with "per_point": null passed validation and settle() crashed.
SELECT pg_temp.agreement_refused('hf', 'hf-null', 'relative_change',
                                 '{"indicators": ["CODMn"], "compare_to": "previous_period", "per_point": null}',
                                 'relative_change parameter "per_point" is null', 'F2 crash: "per_point": null is refused on write (22023)');
-- The same agreement stored without validation (as a 0.1.0 database holds
-- it): settle() reports it and goes on.
CALL pg_temp.stored_unvalidated('hf', 'hf-null', 'relative_change',
                                '{"indicators": ["CODMn"], "compare_to": "previous_period", "per_point": null}');
SELECT is(ecocomp.settle('[2022-01-01,2023-01-01)', '{hf-null}'), 0::bigint,
          'F2 crash: settle() over a stored "per_point": null returns (0 obligations) instead of crashing');
SELECT is((SELECT basis ->> 'sqlstate' FROM ecocomp.settlement_issue WHERE agreement_id = 'hf-null'), '22004',
          'F2 crash: and reports the agreement in settlement_issue with 22004');
DELETE FROM ecocomp.settlement_issue WHERE agreement_id = 'hf-null';
DELETE FROM ecocomp.agreement WHERE agreement_id = 'hf-null';

-- F3. _assess_rows crashed on a NULL element of its codes array.
SELECT throws_ok($$SELECT * FROM ecocomp._assess_rows('{2001,1,2048,1}', ARRAY['TP', NULL],
                     ARRAY['2000-01-01 00:00+00', '2001-01-01 00:00+00']::timestamptz[], 'river', 'III', 'half')$$,
                 '22004', NULL, 'F3 crash: _assess_rows with a NULL parameter code is 22004');

-- F4. sections × parties = 65536 × 65536 wrapped to 0 in 32 bits.
SELECT throws_ok($$SELECT ecocomp._pool_kernel(100, array_fill(1::float8, ARRAY[65536]), array_fill(1::float8, ARRAY[65536]),
                                                array_fill(1, ARRAY[65536]), array_fill(false, ARRAY[65536]), '{}')$$,
                 '54000', NULL, 'F4 crash: the pool kernel with 65536 × 65536 items is 54000');

-- F5. factors × parties = 65536 × 65536 wrapped to 0 in 32 bits, so an empty
-- values array passed the length check and 0.1.0 read past it.
SELECT throws_ok($$SELECT ecocomp._factor_allocation_kernel(100, array_fill(1::float8, ARRAY[65536]), '{}', 65536)$$,
                 '54000', NULL, 'F5 read past the array: factor allocation over 65536 × 65536 values is 54000');

-- F7. A group count of 2^31 - 1 (0.1.0 allocated and looped over it).
SELECT throws_ok($$SELECT ecocomp._tiered_exceedance_kernel('{1}', '{1}', '{1}', '{}', '{}', '{}', '{}', '{}', '{}', 2147483647, NULL, NULL)$$,
                 '54000', NULL, 'F7 hang: a user-controlled group count is bounded (54000)');

-- F8. A role allowed to create in public plants public.unnest(text[]): an
-- exact match for text[], so it beat pg_catalog.unnest(anyarray) on 0.1.0's
-- pinned path (pg_catalog, ecocomp, public, pg_temp) when a superuser ran
-- settle(period, ids).  The plant records every call.
CREATE ROLE hf_planter;
GRANT CREATE ON SCHEMA public TO hf_planter;
CREATE TABLE public.hf_planted_calls (fn text, by_user name);
GRANT INSERT ON public.hf_planted_calls TO PUBLIC;
SET LOCAL ROLE hf_planter;
CREATE FUNCTION public.unnest(a text[]) RETURNS SETOF text LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO public.hf_planted_calls VALUES ('unnest(text[])', current_user);
    RETURN QUERY SELECT pg_catalog.unnest(a::anyarray);
END $f$;
RESET ROLE;
CALL pg_temp.budget('hf');
-- 100 yuan split 1 : 3 = 25 + 75: two obligations.
SELECT is(ecocomp.settle('[2022-01-01,2023-01-01)', '{hf-good}'), 2::bigint,
          'F8 escalation: a superuser settles with public.unnest(text[]) planted');
SELECT is((SELECT count(*) FROM public.hf_planted_calls), 0::bigint,
          'F8 escalation: the planted public.unnest(text[]) never ran inside ecocomp');
SELECT is((SELECT count(*) FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
           WHERE p.pronamespace = 'ecocomp'::regnamespace AND l.lanname IN ('sql', 'plpgsql')
             -- the functions the planner inlines (the navigation shorthands)
             -- qualify every name instead
             AND p.proname NOT IN ('navigate', 'upstream_reaches', 'upstream_mainstem', 'downstream_reaches')
             AND NOT 'search_path=pg_catalog, ecocomp, pg_temp' = ANY (coalesce(p.proconfig, '{}'))), 0::bigint,
          'F8 escalation: every SQL and PL/pgSQL function pins search_path to pg_catalog, ecocomp, pg_temp (no public)');
DELETE FROM ecocomp.obligation WHERE agreement_id = 'hf-good';
DROP FUNCTION public.unnest(text[]);

-- F9. refresh_network() ran its queries with the caller's search_path: an
-- analyst's "=" on bigint, first on the path, ran inside it.
CREATE SCHEMA hf_analyst;
CREATE FUNCTION hf_analyst.int8_eq(a bigint, b bigint) RETURNS boolean LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO public.hf_planted_calls VALUES ('=(bigint,bigint)', current_user);
    RETURN pg_catalog.int8eq(a, b);
END $f$;
CREATE OPERATOR hf_analyst.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = hf_analyst.int8_eq);
DELETE FROM ecocomp.reach;
-- 3 -> 2 -> 1 (outlet): three reaches to label.
INSERT INTO ecocomp.reach (reach_id, next_down, length_km, local_area_km2) VALUES (1, NULL, 1, 1), (2, 1, 1, 1), (3, 2, 1, 1);
SET LOCAL search_path = hf_analyst, pg_catalog, public, ecocomp;
CREATE TEMP TABLE hf_refreshed AS SELECT ecocomp.refresh_network(2) AS n;
RESET search_path;
SELECT is((SELECT n FROM hf_refreshed), 3::bigint, 'F9 escalation: refresh_network labels the 3 reaches under a hostile search_path');
SELECT is((SELECT count(*) FROM public.hf_planted_calls), 0::bigint,
          'F9 escalation: the caller''s own "=" never ran inside refresh_network');

-- F10. Every function, internal ones included, was EXECUTE to PUBLIC.
SELECT is((SELECT count(*) FROM pg_proc p
           WHERE p.pronamespace = 'ecocomp'::regnamespace AND p.proname LIKE '\_%'
             AND has_function_privilege('public', p.oid, 'EXECUTE')), 0::bigint,
          'F10 escalation: no internal (_) function is executable by PUBLIC');
SELECT ok((SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'ecocomp'::regnamespace AND p.proname LIKE '\_%') > 0,
          'F10 escalation: (there are internal functions to check)');

-- F11. section_class over an overflowing mean dropped the item: 1e308 +
-- 1e308 = Infinity, so the TP mean is not finite; COD 10 alone is class I.
SELECT throws_ok($$SELECT ecocomp.section_class(p, v) FROM (VALUES ('COD', 10.0::float8), ('TP', 1e308), ('TP', 1e308)) t (p, v)$$,
                 '22003', 'mean of TP is not finite', 'F11 wrong answer: section_class over an overflowing mean is 22003 naming TP, not class I');

-- F12. CWQI of DO is 5 / value: 5 / 5e-324 overflows double precision.
SELECT throws_ok($$SELECT ecocomp.cwqi('DO', 5e-324)$$, '22003', 'result for DO is not finite',
                 'F12 wrong answer: cwqi(''DO'', 5e-324) is 22003, not Infinity');

-- F13. Negative flows.
SELECT throws_ok($$SELECT ecocomp.load_kg(now(), 1.0, -1.0)$$, '22023', NULL,
                 'F13 wrong answer: load_kg refuses a negative flow (22023)');
SELECT throws_ok($$SELECT ecocomp.flow_weighted_mean(1.0, -1.0)$$, '22023', NULL,
                 'F13 wrong answer: flow_weighted_mean refuses a negative flow (22023)');
SELECT throws_ok($$SELECT ecocomp.beale_load_kg(now(), NULL, -3.0, tstzrange(now(), now() + interval '1 day'))$$, '22023', NULL,
                 'F13 wrong answer: beale_load_kg refuses a negative flow (22023)');

-- F14. Fixed yearly amounts over parts of a year: 0.1.0 paid the full amount
-- for each part.  index_ratio: CODMn 4.0 / baseline 4.0 × k0 1 = P 1 ≤ 1
-- → D pays U 1000.00; compliance_rate: NH3-N 0.5 (Class II) in all 12 months
-- of 2022, 12/12 ≥ 0.5 → D pays U 100.00.
CALL pg_temp.yearly_amounts('hf');
SELECT is(ecocomp.settle('[2022-01-01,2022-07-01)', '{hf-ir,hf-cr}') + ecocomp.settle('[2022-07-01,2023-01-01)', '{hf-ir,hf-cr}'),
          0::bigint, 'F14 wrong answer: index_ratio and compliance_rate pay nothing for either half of 2022');
SELECT is((SELECT count(*) FROM ecocomp.settlement_issue WHERE agreement_id IN ('hf-ir', 'hf-cr') AND issue LIKE '%only part of one%'),
          4::bigint, 'F14 wrong answer: each half of each agreement is reported as part of a year');
SELECT is(ecocomp.settle('[2022-01-01,2023-01-01)', '{hf-ir,hf-cr}'), 2::bigint,
          'F14 wrong answer: the whole year settles');
SELECT is((SELECT sum(amount) FROM ecocomp.obligation WHERE agreement_id IN ('hf-ir', 'hf-cr')), 1100.00,
          'F14 wrong answer: each yearly amount once: 1000.00 + 100.00 = 1100.00');
DELETE FROM ecocomp.settlement_issue WHERE agreement_id IN ('hf-ir', 'hf-cr');
DELETE FROM ecocomp.obligation WHERE agreement_id IN ('hf-ir', 'hf-cr');
DELETE FROM ecocomp.agreement WHERE agreement_id IN ('hf-ir', 'hf-cr');

-- F15, F16. Import: one row whose conversion underflows (5e-324 µg/L =
-- 5e-327 mg/L, below the smallest double 4.9e-324) aborted the batch;
-- ambiguous or keyword times were stored.
CREATE TEMP TABLE hf_staging (section_code text, parameter text, observed_at text, value text, unit text, note text);
INSERT INTO hf_staging VALUES
    ('hf_s', 'TP', '2024-04-01T08:00+08', '5e-324', 'µg/L', 'underflow'),
    ('hf_s', 'TP', '2024-04-02T08:00+08', '0.1', NULL, 'ok'),
    ('hf_s', 'TP', '2024-04-03 08:00 CST', '0.1', NULL, 'CST'),
    ('hf_s', 'TP', '2024-04-04 08:00 UTC+8', '0.1', NULL, 'UTC+8'),
    ('hf_s', 'TP', 'now', '0.1', NULL, 'now'),
    ('hf_s', 'TP', 'today', '0.1', NULL, 'today'),
    ('hf_s', 'TP', 'epoch', '0.1', NULL, 'epoch'),
    ('hf_s', 'TP', 'J2459000', '0.1', NULL, 'J2459000');
SELECT results_eq($$SELECT * FROM ecocomp.import_observations('hf_staging')$$, $$VALUES (1::bigint, 7::bigint)$$,
                  'F15 lost data: the underflowing row does not abort the batch (1 loaded, 7 quarantined)');
CREATE TEMP VIEW hf_reasons AS
SELECT raw->>'note' AS note, reason FROM ecocomp.observation_reject WHERE staging = 'hf_staging';
SELECT is((SELECT reason FROM hf_reasons WHERE note = 'underflow'),
          'value 5e-324 µg/L is outside the range of double precision in mg/L',
          'F15 lost data: 5e-324 µg/L is quarantined with its reason');
SELECT matches((SELECT reason FROM hf_reasons WHERE note = 'CST'), 'abbreviation "CST", which can be ambiguous',
               'F16 mis-stored: CST is quarantined, not read as US Central');
SELECT matches((SELECT reason FROM hf_reasons WHERE note = 'UTC+8'), 'POSIX time zone "UTC\+8", whose sign is the inverse of ISO 8601',
               'F16 mis-stored: UTC+8 is quarantined, not read as 8 hours west');
SELECT is((SELECT string_agg(note, ',' ORDER BY note) FROM hf_reasons
           WHERE reason LIKE '% is not an ISO 8601 date and time (YYYY-MM-DD hh:mm:ss with a zone)'),
          'J2459000,epoch,now,today', 'F16 mis-stored: now, today, epoch and J2459000 are quarantined as not ISO 8601');
SELECT is((SELECT count(*) FROM ecocomp.observation WHERE section_code = 'hf_s' AND parameter = 'TP'), 1::bigint,
          'F16 mis-stored: only the well-formed row is stored');
SELECT throws_ok($$SELECT * FROM ecocomp.import_observations('hf_staging', 'CST')$$, '22023', 'unknown time zone "CST"',
                 'F16 mis-stored: CST is no zone to assume either (22023)');

-- F18. Hostile agreements: accepted on write, then impossible to compute, and
-- settle(period) was all-or-nothing.
SELECT pg_temp.agreement_refused('hf', 'hf-w', 'index_ratio',
                                 '{"indicators": ["CODMn", "NH3-N"], "weights": [1e-400, 1], "k0": 1, "baseline": {"CODMn": 4, "NH3-N": 0.5}, "amount": 1}',
                                 'index_ratio parameter "weights" is out of range', 'F18 validation: a weight of 1e-400 is refused (22023)');
SELECT pg_temp.agreement_refused('hf', 'hf-r', 'flux_exceedance', '{"targets": {"CODMn": 6}, "rates": {"CODMn": 1e16}}',
                                 'flux_exceedance parameter "rates" is out of range', 'F18 validation: a rate of 1e16 is refused (22023)');
-- The 1e-400 weight stored without validation, beside the good agreement.
CALL pg_temp.stored_unvalidated('hf', 'hf-w', 'index_ratio',
                                '{"indicators": ["CODMn"], "weights": [1e-400], "k0": 1, "baseline": {"CODMn": 4}, "amount": 1}');
SELECT is(ecocomp.settle('[2022-01-01,2023-01-01)', '{hf-good,hf-w}'), 2::bigint,
          'F18 validation: one agreement that cannot be computed does not block the period (the good one writes 25 + 75)');
SELECT ok((SELECT basis ->> 'sqlstate' FROM ecocomp.settlement_issue WHERE agreement_id = 'hf-w') IN ('22003', '22023'),
          'F18 validation: the one that cannot be computed is reported in settlement_issue with 22003 or 22023');
DELETE FROM ecocomp.settlement_issue WHERE agreement_id IN ('hf-good', 'hf-w');
DELETE FROM ecocomp.obligation WHERE agreement_id IN ('hf-good', 'hf-w');
DELETE FROM ecocomp.agreement WHERE agreement_id IN ('hf-good', 'hf-w');

-- F19. XX000 for input users reach (0.1.0 answered XX000 to each call here).
SELECT throws_ok($$SELECT ecocomp._means_accum(NULL, 'TP', 0.1)$$, '22004', NULL,
                 'F19 XX000: a NULL section aggregate state is 22004');
-- (its state is now internal: no SQL call can reach it with a made-up one)
SELECT throws_ok($$SELECT ecocomp._assess_collect_accum('{}', now(), 'TP', 1.0, false, ARRAY['TP'])$$, '42883', NULL,
                 'F19 XX000: the assessment transition cannot be called from SQL (42883)');
SELECT throws_ok($$SELECT ecocomp._load_final('{1,2,3}')$$, '22P03', NULL,
                 'F19 XX000: a hand-made load state is 22P03 (invalid_binary_representation), not XX000/XX001');
-- A method whose line breaks the obligation rule (amount -5): 23514, reported
-- for that agreement.
INSERT INTO ecocomp.method (method, parties, units, default_unit, description)
VALUES ('hf_broken', 'upstream_downstream', NULL, NULL, 'returns a negative payment');
CREATE FUNCTION ecocomp._check_params_hf_broken(ecocomp.agreement) RETURNS void LANGUAGE sql AS $f$ SELECT $f$;
CREATE FUNCTION ecocomp._settle_hf_broken(a ecocomp.agreement, p daterange) RETURNS SETOF ecocomp.settlement_line
LANGUAGE sql AS $f$ SELECT ROW(a.downstream_code, a.upstream_code, -5.00, '{}'::jsonb, NULL)::ecocomp.settlement_line $f$;
INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code, section_codes, params, valid)
VALUES ('hf-broken', 'x', 'hf_broken', 'hf_u', 'hf_d', '{hf_s}', '{}', '[2022-01-01,2023-01-01)');
SELECT is(ecocomp.settle('[2022-01-01,2023-01-01)', '{hf-broken}'), 0::bigint,
          'F19 XX000: a method line with a negative amount writes nothing');
SELECT is((SELECT basis ->> 'sqlstate' FROM ecocomp.settlement_issue WHERE agreement_id = 'hf-broken'), '23514',
          'F19 XX000: and is reported as 23514 (check_violation), not XX000');
SELECT throws_ok($$SELECT ecocomp._settle_line_error('x', NULL, 'b', 1)$$, '23514', NULL,
                 'F19 XX000: _settle_line_error raises 23514');

-- F20. Misleading messages: the p_index overflow was "an amount", factor
-- values "a concentration".  1e300 / 1e-300 = 1e600: the index overflows.
SELECT throws_ok($$SELECT ecocomp.p_index('{1e300}', '{1e-300}', '{1}', 1)$$,
                 '22003', 'the index of p_index is out of range', 'F20 message: p_index overflow names the index');
SELECT throws_ok($$SELECT ecocomp._factor_allocation_kernel(100, '{1}', '{-1,1}', 2)$$,
                 '22023', 'factor_allocation factor values must be finite and non-negative', 'F20 message: factor values are not called concentrations');

SELECT * FROM finish();
ROLLBACK;

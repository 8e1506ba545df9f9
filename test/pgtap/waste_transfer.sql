-- Hazardous-waste manifests: the importer's quarantine, location by points,
-- the transfer matrix and quota exceedances, with hand-computed figures.
--
-- Map (degrees, SRID 4326): province P1 = [0,2]x[0,1] holds prefectures
-- A = [0,1]x[0,1] and B = [1,2]x[0,1]; province P2 = [2,3]x[0,1] holds
-- prefecture C = [2,3]x[0,1].
BEGIN;
SELECT plan(34);

INSERT INTO ecocomp.jurisdiction (code, name, level, parent_code, geom) VALUES
    ('P1', 'Province 1', 'province', NULL, 'SRID=4326;MULTIPOLYGON(((0 0,2 0,2 1,0 1,0 0)))'),
    ('P2', 'Province 2', 'province', NULL, 'SRID=4326;MULTIPOLYGON(((2 0,3 0,3 1,2 1,2 0)))'),
    ('A', 'Prefecture A', 'prefecture', 'P1', 'SRID=4326;MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)))'),
    ('B', 'Prefecture B', 'prefecture', 'P1', 'SRID=4326;MULTIPOLYGON(((1 0,2 0,2 1,1 1,1 0)))'),
    ('C', 'Prefecture C', 'prefecture', 'P2', 'SRID=4326;MULTIPOLYGON(((2 0,3 0,3 1,2 1,2 0)))');

-- The lowest level wins: a point in A is in A, not in P1.
SELECT is(ecocomp._jurisdiction_at('SRID=4326;POINT(0.5 0.5)', NULL), 'A', 'a point inside prefecture A is located in A, not its province');
SELECT is(ecocomp._jurisdiction_at('SRID=4326;POINT(5 5)', NULL), NULL, 'a point outside every jurisdiction is located nowhere');

CREATE TEMP TABLE staging (manifest_no text, waste_code text, tonnes text, origin_code text, destination_code text,
                           origin_geom text, destination_geom text, shipped_at text, received_at text, disposal text);
INSERT INTO staging VALUES
    -- good rows: 3 manifests A -> C (HW08, HW08, HW18), 1 C -> B, 1 located by points B -> A
    ('M1', '900-214-08', '10.5', 'A', 'C', NULL, NULL, '2024-03-01 08:00+08', '2024-03-02 08:00+08', 'incineration'),
    ('M2', '251-001-08', '4.5', 'A', 'C', NULL, NULL, '2024-06-30 23:30+08', NULL, 'recovery'),
    ('M3', '772-002-18', '2', 'A', 'C', NULL, NULL, '2024-07-01 09:00+08', NULL, 'landfill'),
    ('M4', '900-041-49', '1.25', 'C', 'B', NULL, NULL, '2024-05-05 10:00+08', NULL, 'incineration'),
    ('M5', '900-041-49', '0.75', NULL, NULL, 'POINT(1.5 0.5)', 'SRID=4326;POINT(0.25 0.75)', '2024-05-06 10:00+08', NULL, 'incineration'),
    -- hostile rows, one reason each
    ('M6', '900-214-8', '1', 'A', 'C', NULL, NULL, '2024-03-01 08:00+08', NULL, NULL),      -- code format
    ('M7', '900-214-51', '1', 'A', 'C', NULL, NULL, '2024-03-01 08:00+08', NULL, NULL),     -- category 51
    ('M8', '900-214-08', '-2', 'A', 'C', NULL, NULL, '2024-03-01 08:00+08', NULL, NULL),    -- negative tonnes
    ('M9', '900-214-08', '1', 'A', 'C', NULL, NULL, '2024-03-05 08:00+08', '2024-03-04 08:00+08', NULL), -- received first
    ('M10', '900-214-08', '1', 'ZZ', 'C', NULL, NULL, '2024-03-01 08:00+08', NULL, NULL),   -- unknown origin
    ('M11', '900-214-08', '1', 'A', 'C', NULL, NULL, '2024-03-01 08:00+08', NULL, NULL),    -- duplicate in batch
    ('M11', '900-214-08', '2', 'A', 'C', NULL, NULL, '2024-03-01 08:00+08', NULL, NULL),    -- duplicate in batch
    ('M12', '900-214-08', '1', NULL, 'C', 'POINT(9 9)', NULL, '2024-03-01 08:00+08', NULL, NULL), -- point in no jurisdiction
    ('M13', '900-214-08', '1', 'A', 'C', NULL, NULL, '2024-03-01 08:00', NULL, NULL),       -- no time zone
    ('M14', '900-214-08', 'lots', 'A', 'C', NULL, NULL, '2024-03-01 08:00+08', NULL, NULL), -- not a number
    ('M15', '900-214-08', '1', 'A', NULL, NULL, NULL, '2024-03-01 08:00+08', NULL, NULL),   -- no destination
    (NULL, '900-214-08', '1', 'A', 'C', NULL, NULL, '2024-03-01 08:00+08', NULL, NULL);     -- no number

SELECT results_eq($$SELECT accepted, rejected FROM ecocomp.import_waste_transfers('staging')$$,
                  $$VALUES (5::bigint, 12::bigint)$$, 'accepted + rejected = the 17 staging rows: 5 loaded, 12 quarantined');
SELECT is((SELECT count(*) FROM ecocomp.observation_reject WHERE staging = 'staging'), 12::bigint, 'every rejected row is in the quarantine');
-- The quarantine's reason for the manifest numbered m (NULL: without a number).
CREATE FUNCTION pg_temp.reason_of(m text) RETURNS text LANGUAGE sql AS $$
    SELECT (SELECT reason FROM ecocomp.observation_reject WHERE raw->>'manifest_no' IS NOT DISTINCT FROM m)
$$;
SELECT is(pg_temp.reason_of(manifest), expected, description)
  FROM (VALUES
    (1, 'M6', 'waste_code "900-214-8" is not of the form NNN-NNN-NN',
        'a malformed code names the code'),
    (2, 'M7', 'waste_code "900-214-51" names category HW51; categories are HW01 to HW50',
        'category 51 is refused'),
    (3, 'M8', 'tonnes -2 is not positive',
        'negative tonnes are refused'),
    (4, 'M9', 'received_at 2024-03-04 08:00+08 is before shipped_at 2024-03-05 08:00+08',
        'received before shipped is refused'),
    (5, 'M10', 'unknown origin jurisdiction "ZZ"',
        'an unknown jurisdiction is named')
  ) AS refused(ord, manifest, expected, description)
 ORDER BY ord;
SELECT is((SELECT count(*) FROM ecocomp.observation_reject WHERE raw->>'manifest_no' = 'M11'
           AND reason = 'duplicate manifest_no "M11": 2 rows in this batch'), 2::bigint,
          'both copies of a manifest number repeated in the batch are refused');
SELECT is(pg_temp.reason_of(manifest), expected, description)
  FROM (VALUES
    (1, 'M12', 'origin_geom POINT(9 9) lies in no jurisdiction',
        'a point outside every jurisdiction is refused'),
    (2, 'M13', 'shipped_at "2024-03-01 08:00" has no time zone',
        'a time without a zone is refused'),
    (3, 'M14', 'tonnes "lots" is not a number of at most 11 digits before the point',
        'a non-number is refused'),
    (4, 'M15', 'destination_code and destination_geom are both missing',
        'a manifest without destination is refused'),
    (5, NULL, 'manifest_no is missing',
        'a manifest without number is refused')
  ) AS refused(ord, manifest, expected, description)
 ORDER BY ord;

-- Located by points: M5 left B (1.5, 0.5) for A (0.25, 0.75).
SELECT results_eq($$SELECT origin_code, destination_code, hw_category FROM ecocomp.waste_transfer WHERE manifest_no = 'M5'$$,
                  $$VALUES ('B', 'A', 'HW49')$$, 'a manifest located by its points: B -> A, category HW49');

-- A second load of an already loaded manifest is quarantined, not an error.
CREATE TEMP TABLE staging2 AS SELECT * FROM staging WHERE manifest_no = 'M1';
SELECT results_eq($$SELECT accepted, rejected FROM ecocomp.import_waste_transfers('staging2')$$,
                  $$VALUES (0::bigint, 1::bigint)$$, 'a manifest already loaded is quarantined');
SELECT is((SELECT reason FROM ecocomp.observation_reject WHERE staging = 'staging2'),
          'manifest "M1" is already loaded', 'with the reason');

-- Rows written directly are located by the trigger too.
INSERT INTO ecocomp.waste_transfer (manifest_no, waste_code, tonnes, origin_geom, destination_geom, shipped_at)
VALUES ('D1', '900-041-49', 3, 'SRID=4326;POINT(2.5 0.5)', 'SRID=4326;POINT(0.5 0.5)', '2025-01-10 10:00+08');
SELECT results_eq($$SELECT origin_code, destination_code FROM ecocomp.waste_transfer WHERE manifest_no = 'D1'$$,
                  $$VALUES ('C', 'A')$$, 'a manifest inserted with points only gets its codes from them');
SELECT throws_ok($$INSERT INTO ecocomp.waste_transfer (manifest_no, waste_code, tonnes, origin_code, destination_code, shipped_at, received_at)
                   VALUES ('D2', '900-041-49', 1, 'A', 'B', '2024-01-02', '2024-01-01')$$,
                 '23514', NULL, 'the table refuses received before shipped');

-- Matrix for 2024 at prefecture level (local dates): M2 shipped 23:30 on
-- 30 June Beijing time is in the first half; M3 on 1 July in the second.
--   A -> C HW08: M1 10.5 + M2 4.5 = 15.000 t, 2 manifests; A -> C HW18: M3 2 t;
--   B -> A HW49: 0.75 t; C -> B HW49: 1.25 t.  D1 is in 2025.
SELECT results_eq($$SELECT * FROM ecocomp.transfer_matrix('[2024-01-01,2025-01-01)', 'prefecture')$$,
                  $$VALUES ('A', 'C', 'HW08', 15.000, 2::bigint), ('A', 'C', 'HW18', 2.000, 1::bigint),
                           ('B', 'A', 'HW49', 0.750, 1::bigint), ('C', 'B', 'HW49', 1.250, 1::bigint)$$,
                  'the 2024 prefecture matrix by hand');
-- At province level A and B are P1, C is P2; B -> A stays inside P1.
SELECT results_eq($$SELECT * FROM ecocomp.transfer_matrix('[2024-01-01,2025-01-01)')$$,
                  $$VALUES ('P1', 'P1', 'HW49', 0.750, 1::bigint), ('P1', 'P2', 'HW08', 15.000, 2::bigint),
                           ('P1', 'P2', 'HW18', 2.000, 1::bigint), ('P2', 'P1', 'HW49', 1.250, 1::bigint)$$,
                  'the 2024 province matrix by hand (rolled up through parent_code)');
SELECT results_eq($$SELECT origin_code, destination_code, hw_category, tonnes FROM ecocomp.transfer_matrix('[2024-01-01,2024-07-01)', 'prefecture') WHERE hw_category = 'HW08'$$,
                  $$VALUES ('A', 'C', 'HW08', 15.000)$$,
                  'a sample at 23:30 on 30 June Beijing time belongs to the first half year');
SELECT throws_ok($$SELECT * FROM ecocomp.transfer_matrix('[2024-01-01,2025-01-01)', 'city')$$,
                 '22023', 'unknown jurisdiction level "city"', 'an unknown level is an error');
SELECT throws_ok($$SELECT * FROM ecocomp.transfer_matrix('empty', 'province')$$,
                 '22023', 'period must be a non-empty date range', 'an empty period is an error');

-- Quotas: P1 -> P2 HW08 10 t in 2024 (shipped 15: excess 5); A -> C HW18
-- 2 t (shipped 2: not exceeded); C -> B HW49 1 t (shipped 1.25: excess 0.25);
-- P1 -> P2 HW08 in 2025: nothing shipped.
INSERT INTO ecocomp.transfer_quota (year, origin_code, destination_code, hw_category, tonnes) VALUES
    (2024, 'P1', 'P2', 'HW08', 10), (2024, 'A', 'C', 'HW18', 2), (2024, 'C', 'B', 'HW49', 1), (2025, 'P1', 'P2', 'HW08', 10);
SELECT results_eq($$SELECT * FROM ecocomp.quota_exceedances('[2024-01-01,2025-01-01)')$$,
                  $$VALUES ('C', 'B', 'HW49', 1.000, 1.250, 0.250), ('P1', 'P2', 'HW08', 10.000, 15.000, 5.000)$$,
                  'quotas exceeded in 2024 by hand (a province quota counts its prefectures'' manifests)');
SELECT results_eq($$SELECT * FROM ecocomp.quota_exceedances('[2024-01-01,2024-06-01)')$$,
                  $$VALUES ('C', 'B', 'HW49', 1.000, 1.250, 0.250), ('P1', 'P2', 'HW08', 10.000, 10.500, 0.500)$$,
                  'to the end of May only M1 counts for P1 -> P2 HW08');
SELECT is_empty($$SELECT * FROM ecocomp.quota_exceedances('[2025-01-01,2026-01-01)')$$, 'no quota exceeded in 2025');
SELECT throws_ok($$INSERT INTO ecocomp.transfer_quota VALUES (2024, 'A', 'B', 'HW51', 1)$$, '23514', NULL,
                 'a quota for category HW51 is refused');

-- The catalogue of the columns the contract names.
SELECT has_column('ecocomp', 'waste_transfer', 'hw_category', 'waste_transfer.hw_category');
SELECT col_type_is('ecocomp', 'waste_transfer', 'tonnes', 'numeric(14,3)', 'tonnes are numeric(14,3)');
SELECT throws_ok($$SELECT * FROM ecocomp.import_waste_transfers('staging', 'Mars/Olympus')$$, '22023',
                 'unknown time zone "Mars/Olympus"', 'an unknown assumed zone is an error');

-- The importer never raises on what a manifest holds (waste codes, tonnes,
-- points and times are parsed in SQL): 1000 seeded mutations of a good row,
-- characters dropped, doubled or replaced by ones that matter to those
-- parsers (one field of each row), are each loaded or quarantined with a
-- reason.
CREATE FUNCTION pg_temp.mutate(t text) RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT string_agg(CASE WHEN random() < 0.05 THEN ''
                           WHEN random() < 0.05 THEN c || c
                           WHEN random() < 0.05 THEN substr(' -+.,;()0123456789eENaInfityPOINTSRID=HW:T', 1 + floor(random() * 42)::int, 1)
                           ELSE c END, '' ORDER BY i)
    FROM unnest(string_to_array(t, NULL)) WITH ORDINALITY AS x (c, i)
$$;
SELECT setseed(0.5);
CREATE TEMP TABLE staging_fuzz AS
SELECT 'F' || g AS manifest_no,
       CASE WHEN g % 4 = 0 THEN pg_temp.mutate('900-214-08') ELSE '900-214-08' END AS waste_code,
       CASE WHEN g % 4 = 1 THEN pg_temp.mutate('10.5') ELSE '10.5' END AS tonnes,
       NULL::text AS origin_code, 'C'::text AS destination_code,
       CASE WHEN g % 4 = 2 THEN pg_temp.mutate('SRID=4326;POINT(0.5 0.5)') ELSE 'POINT(0.5 0.5)' END AS origin_geom,
       NULL::text AS destination_geom,
       CASE WHEN g % 4 = 3 THEN pg_temp.mutate('2024-03-01 08:00+08') ELSE '2024-03-01 08:00+08' END AS shipped_at,
       NULL::text AS received_at, NULL::text AS disposal
FROM generate_series(1, 1000) g;
CREATE TEMP TABLE fuzz_result AS SELECT * FROM ecocomp.import_waste_transfers('staging_fuzz');
SELECT is((SELECT accepted + rejected FROM fuzz_result), 1000::bigint,
          '1000 mutated manifests: accepted + rejected = 1000, none raising');
SELECT is((SELECT count(*) FROM ecocomp.observation_reject WHERE staging = 'staging_fuzz' AND reason <> ''),
          (SELECT rejected FROM fuzz_result), 'every rejected mutation is quarantined with a reason');

SELECT * FROM finish();
ROLLBACK;

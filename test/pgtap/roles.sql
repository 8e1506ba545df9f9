-- The ready-made roles of docs/dba.md, made by ecocomp.create_roles(): an
-- analyst without superuser rights can load, import and classify; finance
-- settles; a reader can only read; nobody but them calls internals.
\set ON_ERROR_STOP 1
\set QUIET 1
BEGIN;
SELECT plan(25);
-- The network tests before this one fill and empty reach, so autovacuum may
-- be about to vacuum it.  create_roles() below grants on reach, updating its
-- catalogue row in this transaction, which a finishing vacuum waits for to
-- record its statistics, while build_network() would wait for the vacuum:
-- a deadlock.  Holding reach from the start keeps autovacuum off it.
LOCK TABLE ecocomp.reach IN SHARE ROW EXCLUSIVE MODE;

SELECT results_eq($$SELECT * FROM ecocomp.create_roles()$$,
                  $$VALUES ('ecocomp_reader'::name), ('ecocomp_analyst'), ('ecocomp_finance'), ('ecocomp_admin')$$,
                  'create_roles() makes the four ready-made roles');
SELECT lives_ok($$SELECT ecocomp.create_roles()$$, 'create_roles() may be run again');

SELECT is((SELECT count(*) FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
           WHERE p.pronamespace = 'ecocomp'::regnamespace AND p.proname LIKE '\_%' AND a.grantee = 0),
          0::bigint, 'no internal function is executable by PUBLIC');
SELECT ok(pg_has_role('ecocomp_admin', 'ecocomp_analyst', 'MEMBER') AND pg_has_role('ecocomp_admin', 'ecocomp_finance', 'MEMBER')
          AND pg_has_role('ecocomp_finance', 'ecocomp_reader', 'MEMBER') AND NOT pg_has_role('ecocomp_analyst', 'ecocomp_finance', 'MEMBER'),
          'admin is analyst and finance; finance reads; analyst is not finance');
CREATE ROLE mallory LOGIN;
GRANT USAGE ON SCHEMA ecocomp TO mallory;
SET ROLE mallory;
SELECT throws_ok($$SELECT ecocomp._means_accum('{}', 'TP', 0.1)$$, '42501', NULL,
                 'a role outside the ready-made ones cannot call an internal function');
SELECT is(ecocomp.gb3838_class('TP', 0.12), 'III'::ecocomp.wq_class, 'but calls the public ones');
RESET ROLE;

CREATE ROLE alice LOGIN IN ROLE ecocomp_analyst;
CREATE ROLE carol LOGIN IN ROLE ecocomp_finance;
CREATE ROLE bob LOGIN IN ROLE ecocomp_reader;
GRANT USAGE, CREATE ON SCHEMA public TO alice;

SET ROLE alice;
SELECT lives_ok($$INSERT INTO ecocomp.section (code, name) VALUES ('S1', 'test')$$, 'analyst adds a section');
CREATE TABLE public.alice_staging (section_code text, parameter text, observed_at text, value text);
INSERT INTO public.alice_staging VALUES ('S1', 'TP', '2024-05-01T09:00+08', '0.12'),
                                        ('S1', 'TP', '2024-05-02T09:00+08', 'n/a');
SELECT results_eq($$SELECT * FROM ecocomp.import_observations('public.alice_staging')$$,
                  $$VALUES (1::bigint, 1::bigint)$$, 'analyst imports: one accepted, one quarantined');
SELECT is((SELECT ecocomp.section_class(parameter, value) FROM ecocomp.observation), 'III'::ecocomp.wq_class,
          'analyst classifies (TP 0.12 is III)');
INSERT INTO ecocomp.air_station (code, name) VALUES ('A1', 'air');
CREATE TABLE public.alice_air (station_code text, parameter text, observed_at text, value text, unit text);
INSERT INTO public.alice_air VALUES ('A1', 'PM2.5', '2024-05-01T09:00+08', '0.035', 'mg/m³'),
                                    ('A1', 'PM2.5', '2024-05-01T09:00+08', '35', 'µg/m³');
SELECT results_eq($$SELECT * FROM ecocomp.import_air_observations('public.alice_air')$$,
                  $$VALUES (0::bigint, 2::bigint)$$, 'analyst imports air: the two copies of one hour are both quarantined');
SELECT is((SELECT count(*) FROM ecocomp.observation_reject WHERE staging = 'public.alice_air' AND reason LIKE 'duplicate key: 2 rows for station A1, PM2.5 at %'),
          2::bigint, 'each copy with the duplicate reason (0.035 mg/m³ = 35 µg/m³, the same hour)');
INSERT INTO ecocomp.jurisdiction (code, name) VALUES ('UP', 'upstream'), ('DN', 'downstream');
UPDATE ecocomp.section SET upstream_code = 'UP', downstream_code = 'DN', target_class = 'III' WHERE code = 'S1';
CREATE TABLE public.alice_lines (name text, geom geometry(LineString, 4326));
INSERT INTO public.alice_lines VALUES ('main', 'SRID=4326;LINESTRING(0 0, 1 0)'),
                                      ('trib', 'SRID=4326;LINESTRING(0.5 1, 0.5 0)');
SELECT is((SELECT reaches FROM ecocomp.build_network('public.alice_lines', 'SRID=4326;POINT(1 0)', 10)),
          3::bigint, 'analyst builds a network: the tributary splits the main line into 2, plus itself');
SELECT is(ecocomp.refresh_network(), 3::bigint, 'analyst labels the network');
-- UP west of x = 0.75, DN east of it: the main line crosses from UP into DN.
UPDATE ecocomp.jurisdiction SET geom = CASE code
    WHEN 'UP' THEN 'SRID=4326;MULTIPOLYGON(((-1 -1,0.75 -1,0.75 2,-1 2,-1 -1)))'::geometry
    ELSE 'SRID=4326;MULTIPOLYGON(((0.75 -1,2 -1,2 2,0.75 2,0.75 -1)))'::geometry END
WHERE code IN ('UP', 'DN');
SELECT is(ecocomp.refresh_crossings('other', 1000), 1::bigint, 'analyst refreshes the crossings: UP -> DN');
SELECT results_eq($$SELECT code, hops FROM ecocomp.upstream_jurisdictions('DN')$$, $$VALUES ('UP', 1)$$,
                  'analyst asks who is upstream');
SELECT lives_ok($$INSERT INTO ecocomp.waste_transfer (manifest_no, waste_code, tonnes, origin_geom, destination_code, shipped_at)
                  VALUES ('M1', '900-041-49', 2, 'SRID=4326;POINT(0 0)', 'DN', '2024-05-03 10:00+08')$$,
                'analyst loads a manifest located by its point (UP)');
SELECT lives_ok($$INSERT INTO ecocomp.incident (incident_id, name, responsible_code, affected_code, started_at)
                  VALUES ('i1', 'spill', 'UP', 'DN', '2024-05-03 10:00+08')$$, 'analyst records an incident');
RESET ROLE;

-- Monthly class of S1 in May 2024 is III: the Lu River rule pays +1 000 000.
SET ROLE carol;
SELECT lives_ok($$INSERT INTO ecocomp.agreement (agreement_id, name, method, upstream_code, downstream_code,
                                                 section_codes, params, valid)
                  VALUES ('a1', 'monthly bet', 'class_target', 'UP', 'DN', '{S1}',
                          '{"period_unit": "month", "amounts_by_class": {"I..III": 1000000, "IV..inferior_V": -1000000}}',
                          '[2024-01-01,2025-01-01)')$$, 'finance defines an agreement');
SELECT is(ecocomp.settle('[2024-05-01,2024-06-01)'), 1::bigint, 'finance settles May');
SELECT is((SELECT (payer_code, payee_code, amount)::text FROM ecocomp.obligation), '(DN,UP,1000000.00)',
          'downstream pays upstream 1 000 000.00');
INSERT INTO ecocomp.incident_claim (incident_id, kind, amount, claimed_at) VALUES ('i1', 'prepayment', 500, '2024-05-04 10:00+08');
SELECT is(ecocomp.settle_incident('i1'), 1::bigint, 'finance claims a prepayment and settles the incident');
SELECT is((SELECT (payer_code, payee_code, amount)::text FROM ecocomp.obligation WHERE incident_id = 'i1'), '(UP,DN,500.00)',
          'the responsible UP prepays the affected DN 500.00');
RESET ROLE;

SET ROLE bob;
SELECT is((SELECT count(*) FROM ecocomp.observation), 1::bigint, 'reader reads');
SELECT throws_ok($$INSERT INTO ecocomp.section (code) VALUES ('S2')$$, '42501', NULL, 'reader cannot write');
SELECT is(ecocomp.gb3838_class('NH3-N', 1.2), 'IV'::ecocomp.wq_class, 'reader calls functions');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;

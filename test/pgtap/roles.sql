-- The role split of docs/dba.md: an analyst without superuser rights can
-- load, import and classify; a reader can only read.
\set ON_ERROR_STOP 1
\set QUIET 1
BEGIN;
SELECT plan(6);

CREATE ROLE ecocomp_reader NOLOGIN;
GRANT USAGE ON SCHEMA ecocomp TO ecocomp_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA ecocomp TO ecocomp_reader;

CREATE ROLE ecocomp_analyst NOLOGIN IN ROLE ecocomp_reader;
GRANT INSERT, UPDATE, DELETE ON ecocomp.jurisdiction, ecocomp.reach, ecocomp.section,
      ecocomp.observation TO ecocomp_analyst;
GRANT INSERT ON ecocomp.observation_reject TO ecocomp_analyst;
GRANT USAGE ON SEQUENCE ecocomp.observation_reject_reject_id_seq TO ecocomp_analyst;

CREATE ROLE alice LOGIN IN ROLE ecocomp_analyst;
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
RESET ROLE;

SET ROLE bob;
SELECT is((SELECT count(*) FROM ecocomp.observation), 1::bigint, 'reader reads');
SELECT throws_ok($$INSERT INTO ecocomp.section (code) VALUES ('S2')$$, '42501', NULL, 'reader cannot write');
SELECT is(ecocomp.gb3838_class('NH3-N', 1.2), 'IV'::ecocomp.wq_class, 'reader calls functions');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;

-- GB 3838-2002 evaluation from SQL: classes, limits, CWQI, labels, aggregates
-- and their errors.  Expected values are hand-computed from the standard.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset pager off
\pset tuples_only on
BEGIN;
SELECT plan(1);
SELECT is(ecocomp.gb3838_class('TP', 0.25), 'IV'::ecocomp.wq_class, 'TP 0.25 in a river is IV');
SELECT * FROM finish();
ROLLBACK;

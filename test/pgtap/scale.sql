-- distribute() on a server without Citus: a clear error, not a half-done
-- schema.  (The Citus cluster itself is tested by test/citus/run.sh.)
\set ON_ERROR_STOP 1
\set QUIET 1
BEGIN;
SELECT plan(4);
SELECT has_function('ecocomp', 'distribute', ARRAY['integer'], 'distribute(shard_count) exists');
SELECT throws_ok($$SELECT * FROM ecocomp.distribute()$$, '55000', 'citus is not installed',
                 'without Citus distribute() says so (55000)');
SELECT throws_ok($$SELECT * FROM ecocomp.distribute(0)$$, '22023', 'invalid shard count 0',
                 'a shard count below 1 is refused');
SELECT is((SELECT count(*) FROM pg_catalog.pg_constraint
           WHERE conrelid = 'ecocomp.observation'::regclass AND contype = 'f' AND confupdtype = 'c'),
          3::bigint, 'the failed call left the foreign keys of observation as they were');
SELECT * FROM finish();
ROLLBACK;

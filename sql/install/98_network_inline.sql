-- The shorthands of navigate() (C) are single SQL queries that the planner
-- inlines into the caller's query; a function with its own search_path is
-- never inlined, so these three run with the caller's.  Their bodies
-- schema-qualify every table, function and operator, so a hostile
-- search_path still cannot redirect them.
ALTER FUNCTION ecocomp.upstream_reaches(bigint, float8) RESET search_path;
ALTER FUNCTION ecocomp.upstream_mainstem(bigint, float8) RESET search_path;
ALTER FUNCTION ecocomp.downstream_reaches(bigint, float8) RESET search_path;

-- relative_change and pool read their indicators with the shared
-- _param_indicators(params, method) of 50_method_params.sql.
DROP FUNCTION IF EXISTS ecocomp._rc_indicators(jsonb);
DROP FUNCTION IF EXISTS ecocomp._pool_indicators(jsonb);

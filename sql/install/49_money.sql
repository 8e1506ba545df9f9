-- Money and the P index: allocate() splits a total exactly to the fen,
-- p_index() is the Xin'an compensation index.  C: src/money.c over
-- src/core/money.c and src/core/rule_common.c.  Docs: docs/money.md.

CREATE OR REPLACE FUNCTION ecocomp.allocate(total numeric, weights double precision[])
RETURNS numeric[]
AS 'MODULE_PATHNAME', 'ecocomp_allocate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp.allocate(numeric, double precision[]) IS
    'Splits total (yuan, a whole number of fen; negative totals split like positive ones, every part negated) in proportion to weights (finite, >= 0, not all 0) by the largest-remainder method: the parts, with two decimals, add up to total exactly';

CREATE OR REPLACE FUNCTION ecocomp.p_index(means double precision[], baselines double precision[],
                                weights double precision[], k0 double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'ecocomp_p_index'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp.p_index(double precision[], double precision[], double precision[], double precision) IS
    'Compensation index P = k0 · Σ weightsᵢ · meansᵢ / baselinesᵢ (Xin''an River); arrays of equal length without NULLs, baselines > 0, means and weights >= 0, k0 > 0';

CREATE OR REPLACE FUNCTION ecocomp._allocate_fen(total bigint, weights double precision[]) RETURNS bigint[]
AS 'MODULE_PATHNAME', 'ecocomp_allocate_fen'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._allocate_fen(bigint, double precision[]) IS
    'internal: splits an amount in fen by weights with the largest-remainder method; the parts add up to the total';

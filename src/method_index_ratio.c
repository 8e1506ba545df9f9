/*
 * Glue of the index_ratio kernel (src/core/rule_index_ratio.c); the SQL side
 * is sql/install/51_method_index_ratio.sql.  Money crosses as bigint fen.
 */
#include "method_common.h"

#include "core/rule_index_ratio.h"

PG_FUNCTION_INFO_V1(ecocomp_index_ratio_kernel);

/*
 * _index_ratio_kernel(means, baselines, weights, k0, threshold, inclusive,
 *                     amount_fen, amount_if_worse_fen)
 *   -> (p, at_threshold, better, terms float8[], amount_fen)
 * Missing means or baselines are the caller's business (reported as
 * issues before the call); here they are errors.  STRICT.
 */
Datum
ecocomp_index_ratio_kernel(PG_FUNCTION_ARGS)
{
	int			n,
				nb,
				nw;
	ec_index_ratio_in in;
	ec_index_ratio_out out;
	double	   *terms;
	ec_status	st;

	in.means = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(0), &n, "means");
	in.baselines = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(1), &nb, "baselines");
	in.weights = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(2), &nw, "weights", NULL);
	ec_same_length(n, nb, "means and baselines");
	ec_same_length(n, nw, "means and weights");
	in.n = n;
	in.k0 = PG_GETARG_FLOAT8(3);
	in.threshold = PG_GETARG_FLOAT8(4);
	in.inclusive = PG_GETARG_BOOL(5);
	in.amount = PG_GETARG_INT64(6);
	in.amount_if_worse = PG_GETARG_INT64(7);
	terms = ec_alloc(double, n);
	st = ec_index_ratio(&in, &out, terms);
	if (st != EC_OK)
	{
		ec_names	names = {"index_ratio", "means", "baselines", "weights", "k0"};
		int			i = out.bad_index;

		ec_raise(st, &names, i,
				 i < 0 ? in.k0 : st == EC_ERR_BAD_TARGET ? in.baselines[i] :
				 st == EC_ERR_BAD_WEIGHT ? in.weights[i] : in.means[i]);
	}
	EC_RETURN_ROW(Float8GetDatum(out.p), BoolGetDatum(out.at_threshold), BoolGetDatum(out.better),
				  PointerGetDatum(ec_float8_result(terms, n)), Int64GetDatum(out.amount));
}

/*
 * Glue of the factor_allocation kernel (src/core/rule_factor_allocation.c);
 * the SQL side is sql/install/86_method_factor_allocation.sql.
 */
#include "method_common.h"

#include "core/rule_factor_allocation.h"

PG_FUNCTION_INFO_V1(ecocomp_factor_allocation_kernel);

/*
 * _factor_allocation_kernel(budget_fen, weights float8[], values float8[]
 *     (nfactors × nparties, row-major), nparties int)
 *   -> (share float8[], amount_fen bigint[])
 * STRICT.  nfactors × nparties is computed in 64 bits and bounded.
 */
Datum
ecocomp_factor_allocation_kernel(PG_FUNCTION_ARGS)
{
	int			nv;
	ec_fa_input in = {.budget = PG_GETARG_INT64(0)};
	ec_fa_output out;
	ec_status	st;

	in.weight = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &in.nfactors, "weights", NULL);
	in.value = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(2), &nv, "values", NULL);
	in.nparties = ec_size_arg(PG_GETARG_INT32(3), EC_MAX_ELEMS, "nparties");
	ec_same_length_product(nv, in.nfactors, in.nparties, "values and factors × parties");
	out = (ec_fa_output) {.share = ec_alloc(double, in.nparties), .amount = ec_alloc(ec_fen, in.nparties)};
	st = ec_factor_allocation(&in, &out);
	if (st != EC_OK)
	{
		ec_names	names = {"factor_allocation", "factor values", NULL, "factor weights"};

		ec_raise(st, &names, out.bad, out.bad >= 0 && out.bad < in.nfactors ? in.weight[out.bad] : 0);
	}
	EC_RETURN_ROW(PointerGetDatum(ec_float8_result(out.share, in.nparties)),
				  PointerGetDatum(ec_int8_result(out.amount, in.nparties)));
}

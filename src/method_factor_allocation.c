/*
 * Glue of the factor_allocation kernel (src/core/rule_factor_allocation.c);
 * the SQL side is sql/install/58_method_factor_allocation.sql.
 */
#include "method_common.h"

#include "access/htup_details.h"
#include "funcapi.h"

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
	int			nf,
				nv;
	double	   *w = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &nf, "weights", NULL);
	double	   *v = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(2), &nv, "values", NULL);
	int			np = ec_size_arg(PG_GETARG_INT32(3), EC_MAX_ELEMS, "nparties");
	ec_fa_input in;
	ec_fa_output out;
	ec_status	st;
	TupleDesc	desc = ec_result_desc(fcinfo);
	Datum		values[2];
	bool		nulls[2] = {0};

	ec_same_length_product(nv, nf, np, "values and factors × parties");
	in.nfactors = nf;
	in.nparties = np;
	in.weight = w;
	in.value = v;
	in.budget = PG_GETARG_INT64(0);
	out.share = palloc(sizeof(double) * (np + 1));
	out.amount = palloc(sizeof(ec_fen) * (np + 1));
	st = ec_factor_allocation(&in, &out);
	if (st != EC_OK)
	{
		ec_names	names = {"factor_allocation", "factor values", NULL, "factor weights", NULL};

		ec_raise(st, &names, out.bad, out.bad >= 0 && out.bad < nf ? w[out.bad] : 0);
	}
	values[0] = PointerGetDatum(ec_float8_result(out.share, np));
	values[1] = PointerGetDatum(ec_int8_result(out.amount, np));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

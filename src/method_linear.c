/*
 * Glue of the linear kernel (src/core/rule_linear.c); the SQL side is
 * sql/install/56_method_linear.sql.
 */
#include "method_common.h"

#include "access/htup_details.h"
#include "funcapi.h"

#include "core/rule_linear.h"

PG_FUNCTION_INFO_V1(ecocomp_linear_kernel);

/*
 * _linear_kernel(means, targets, coefficient_fen bigint[], cap_fen)
 *   -> (diff float8[], term_fen bigint[], uncapped_fen bigint, total_fen bigint)
 * Not STRICT: the cap may be NULL; the arrays are required.
 */
Datum
ecocomp_linear_kernel(PG_FUNCTION_ARGS)
{
	static const char *const args[] = {"means", "targets", "coefficient_fen", NULL};
	int			n,
				n2,
				n3;
	double	   *mean;
	double	   *target;
	int64	   *coef;
	ec_linear_input in;
	ec_linear_output out;
	ec_status	st;
	TupleDesc	desc;
	Datum		values[4];
	bool		nulls[4] = {0};

	ec_require_args(fcinfo, "_linear_kernel", args, 4);
	mean = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "means", NULL);
	target = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "targets", NULL);
	coef = ec_int8_elems(PG_GETARG_ARRAYTYPE_P(2), &n3, "coefficients");
	desc = ec_result_desc(fcinfo);
	ec_same_length(n, n2, "means and targets");
	ec_same_length(n, n3, "means and coefficients");
	in.n = n;
	in.mean = mean;
	in.target = target;
	in.coefficient = coef;
	in.cap = ec_cap_arg(fcinfo, 3);
	out.diff_nano = palloc(sizeof(int64) * (n + 1));
	out.term = palloc(sizeof(ec_fen) * (n + 1));
	st = ec_linear(&in, &out);
	if (st != EC_OK)
		ec_method_raise(st, "linear", out.bad, out.bad >= 0 && out.bad < n ? mean[out.bad] : 0);
	values[0] = PointerGetDatum(ec_float8_result(ec_nano_to_double(out.diff_nano, n), n));
	values[1] = PointerGetDatum(ec_int8_result(out.term, n));
	values[2] = Int64GetDatum(out.uncapped);
	values[3] = Int64GetDatum(out.total);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

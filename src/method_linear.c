/*
 * Glue of the linear kernel (src/core/rule_linear.c); the SQL side is
 * sql/install/56_method_linear.sql.
 */
#include "method_common.h"

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
	int			len[3];
	ec_linear_input in;
	ec_linear_output out;
	ec_status	st;

	ec_require_args(fcinfo, "_linear_kernel", args, 4);
	in = (ec_linear_input) {
		.mean = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(0), &len[0], "means", NULL),
		.target = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &len[1], "targets", NULL),
		.coefficient = ec_int8_elems(PG_GETARG_ARRAYTYPE_P(2), &len[2], "coefficients"),
		.cap = ec_cap_arg(fcinfo, 3)
	};
	in.n = len[0];
	ec_same_length(in.n, len[1], "means and targets");
	ec_same_length(in.n, len[2], "means and coefficients");
	out = (ec_linear_output) {.diff_nano = ec_alloc(int64, in.n), .term = ec_alloc(ec_fen, in.n)};
	st = ec_linear(&in, &out);
	if (st != EC_OK)
		ec_method_raise(st, "linear", out.bad, out.bad >= 0 && out.bad < in.n ? in.mean[out.bad] : 0);
	EC_RETURN_ROW(ec_nano_result(out.diff_nano, in.n), PointerGetDatum(ec_int8_result(out.term, in.n)),
				  Int64GetDatum(out.uncapped), Int64GetDatum(out.total));
}

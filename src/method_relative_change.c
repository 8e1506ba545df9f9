/*
 * Glue of the relative_change kernel (src/core/rule_relative_change.c); the
 * SQL side is sql/install/57_method_relative_change.sql.
 */
#include "method_common.h"

#include "core/rule_relative_change.h"

PG_FUNCTION_INFO_V1(ecocomp_relative_change_kernel);

/*
 * _relative_change_kernel(index, reference, band_min, band_max,
 *     band_min_inclusive, band_max_inclusive, band_amount_fen,
 *     per_point_fen, cap_fen)
 *   -> (r float8[], band int[], amount_fen bigint[], uncapped_fen, total_fen)
 * per_point_fen NULL: bands; otherwise per point (bands ignored).  Not
 * STRICT: per_point_fen and cap_fen may be NULL; the arrays are required.
 */
Datum
ecocomp_relative_change_kernel(PG_FUNCTION_ARGS)
{
	static const char *const args[] = {
		"index", "reference", "band_min", "band_max", "band_min_inclusive",
		"band_max_inclusive", "band_amount_fen", NULL, NULL
	};
	int			n,
				n2,
				n5;
	ec_rc_input in;
	ec_rc_output out;
	ec_band    *bands;
	int64	   *amount;
	ec_status	st;

	ec_require_args(fcinfo, "_relative_change_kernel", args, 9);
	in.index = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "index", NULL);
	in.reference = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "reference", NULL);
	bands = ec_bands_from_args(fcinfo, 2, false, &in.nbands);
	amount = ec_int8_elems(PG_GETARG_ARRAYTYPE_P(6), &n5, "band amounts");
	ec_same_length(n, n2, "index and reference");
	ec_same_length(in.nbands, n5, "band minima and amounts");
	for (int i = 0; i < in.nbands; i++)
		bands[i].amount = amount[i];
	in.n = n;
	in.bands = bands;
	in.use_per_point = !PG_ARGISNULL(7);
	in.per_point = in.use_per_point ? PG_GETARG_INT64(7) : 0;
	in.cap = ec_cap_arg(fcinfo, 8);
	out = (ec_rc_output) {
		.r_nano = ec_alloc(int64, n), .band = ec_alloc(int, n), .amount = ec_alloc(ec_fen, n)
	};
	st = ec_relative_change(&in, &out);
	if (st != EC_OK)
	{
		ec_names	names = {"relative_change", "index values", "references"};
		const double *v = st == EC_ERR_BAD_TARGET ? in.reference : in.index;

		ec_raise(st, &names, out.bad, out.bad >= 0 && out.bad < n ? v[out.bad] : 0);
	}
	EC_RETURN_ROW(ec_nano_result(out.r_nano, n), PointerGetDatum(ec_int4_result(out.band, n, 1)),
				  PointerGetDatum(ec_int8_result(out.amount, n)),
				  Int64GetDatum(out.uncapped), Int64GetDatum(out.total));
}

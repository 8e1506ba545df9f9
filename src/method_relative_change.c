/*
 * Glue of the relative_change kernel (src/core/rule_relative_change.c); the
 * SQL side is sql/install/57_method_relative_change.sql.
 */
#include "method_common.h"

#include "access/htup_details.h"
#include "funcapi.h"

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
				nb,
				n5;
	double	   *index;
	double	   *ref;
	ec_band    *bands;
	int64	   *amount;
	ec_rc_input in;
	ec_rc_output out;
	ec_status	st;
	TupleDesc	desc;
	Datum		values[5];
	bool		nulls[5] = {0};

	ec_require_args(fcinfo, "_relative_change_kernel", args, 9);
	index = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "index", NULL);
	ref = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "reference", NULL);
	bands = ec_bands_from_args(fcinfo, 2, false, &nb);
	amount = ec_int8_elems(PG_GETARG_ARRAYTYPE_P(6), &n5, "band amounts");
	desc = ec_result_desc(fcinfo);
	ec_same_length(n, n2, "index and reference");
	ec_same_length(nb, n5, "band minima and amounts");
	for (int i = 0; i < nb; i++)
		bands[i].amount = amount[i];
	in.n = n;
	in.index = index;
	in.reference = ref;
	in.bands = bands;
	in.nbands = nb;
	in.use_per_point = !PG_ARGISNULL(7);
	in.per_point = in.use_per_point ? PG_GETARG_INT64(7) : 0;
	in.cap = ec_cap_arg(fcinfo, 8);
	out.r_nano = palloc(sizeof(int64) * (n + 1));
	out.band = palloc(sizeof(int) * (n + 1));
	out.amount = palloc(sizeof(ec_fen) * (n + 1));
	st = ec_relative_change(&in, &out);
	if (st != EC_OK)
	{
		ec_names	names = {"relative_change", "index values", "references", NULL, NULL};

		ec_raise(st, &names, out.bad,
				 out.bad >= 0 && out.bad < n ? (st == EC_ERR_BAD_TARGET ? ref[out.bad] : index[out.bad]) : 0);
	}
	values[0] = PointerGetDatum(ec_float8_result(ec_nano_to_double(out.r_nano, n), n));
	values[1] = PointerGetDatum(ec_int4_result(out.band, n, 1));
	values[2] = PointerGetDatum(ec_int8_result(out.amount, n));
	values[3] = Int64GetDatum(out.uncapped);
	values[4] = Int64GetDatum(out.total);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

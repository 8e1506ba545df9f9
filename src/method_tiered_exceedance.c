/*
 * Glue of the tiered_exceedance kernel (src/core/rule_tiered_exceedance.c);
 * the SQL side is sql/install/55_method_tiered_exceedance.sql.
 */
#include "method_common.h"

#include "access/htup_details.h"
#include "funcapi.h"

#include "core/rule_tiered_exceedance.h"

PG_FUNCTION_INFO_V1(ecocomp_tiered_exceedance_kernel);

/*
 * _tiered_exceedance_kernel(groups int[] (1-based), means, targets,
 *     band_min, band_max, band_min_inclusive, band_max_inclusive,
 *     band_amount_fen, band_times, ngroups, cap_per_factor_fen, cap_fen)
 *   -> (m float8[], band int[] (1-based, NULL: none), penalty_fen bigint[],
 *       group_fen bigint[], total_fen bigint)
 * Not STRICT: the caps may be NULL; every other argument is required.
 */
Datum
ecocomp_tiered_exceedance_kernel(PG_FUNCTION_ARGS)
{
	static const char *const args[] = {
		"groups", "means", "targets", "band_min", "band_max", "band_min_inclusive",
		"band_max_inclusive", "band_amount_fen", "band_times", "ngroups", NULL, NULL
	};
	int			n,
				n2,
				n3,
				nb,
				ngroups;
	int32	   *group;
	double	   *mean;
	double	   *target;
	ec_band    *bands;
	int		   *g0;
	ec_te_input in;
	ec_te_output out;
	ec_status	st;
	TupleDesc	desc;
	Datum		values[5];
	bool		nulls[5] = {0};

	ec_require_args(fcinfo, "_tiered_exceedance_kernel", args, 12);
	group = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "groups", NULL);
	mean = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "means", NULL);
	target = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(2), &n3, "targets", NULL);
	bands = ec_bands_from_args(fcinfo, 3, true, &nb);
	ngroups = ec_size_arg(PG_GETARG_INT32(9), EC_MAX_ELEMS, "ngroups");
	desc = ec_result_desc(fcinfo);
	ec_same_length(n, n2, "groups and means");
	ec_same_length(n, n3, "groups and targets");
	g0 = palloc(sizeof(int) * (n + 1));
	for (int i = 0; i < n; i++)
		g0[i] = group[i] - 1;
	in.n = n;
	in.group = g0;
	in.mean = mean;
	in.target = target;
	in.ngroups = ngroups;
	in.bands = bands;
	in.nbands = nb;
	in.cap_per_factor = ec_cap_arg(fcinfo, 10);
	in.cap = ec_cap_arg(fcinfo, 11);
	out.m_nano = palloc(sizeof(int64) * (n + 1));
	out.band = palloc(sizeof(int) * (n + 1));
	out.penalty = palloc(sizeof(ec_fen) * (n + 1));
	out.group_total = palloc(sizeof(ec_fen) * (ngroups + 1));
	st = ec_tiered_exceedance(&in, &out);
	if (st != EC_OK)
		ec_method_raise(st, "tiered_exceedance", out.bad,
						out.bad >= 0 && out.bad < n ? (st == EC_ERR_BAD_TARGET ? target[out.bad] : mean[out.bad]) : 0);
	values[0] = PointerGetDatum(ec_float8_result(ec_nano_to_double(out.m_nano, n), n));
	values[1] = PointerGetDatum(ec_int4_result(out.band, n, 1));
	values[2] = PointerGetDatum(ec_int8_result(out.penalty, n));
	values[3] = PointerGetDatum(ec_int8_result(out.group_total, ngroups));
	values[4] = Int64GetDatum(out.total);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

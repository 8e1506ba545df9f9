/*
 * Glue of the tiered_exceedance kernel (src/core/rule_tiered_exceedance.c);
 * the SQL side is sql/install/55_method_tiered_exceedance.sql.
 */
#include "method_common.h"

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
				n3;
	int32	   *group;
	int		   *g0;
	ec_te_input in;
	ec_te_output out;
	ec_status	st;

	ec_require_args(fcinfo, "_tiered_exceedance_kernel", args, 12);
	group = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "groups", NULL);
	in.mean = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "means", NULL);
	in.target = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(2), &n3, "targets", NULL);
	in.bands = ec_bands_from_args(fcinfo, 3, true, &in.nbands);
	in.ngroups = ec_size_arg(PG_GETARG_INT32(9), EC_MAX_ELEMS, "ngroups");
	ec_same_length(n, n2, "groups and means");
	ec_same_length(n, n3, "groups and targets");
	g0 = ec_alloc(int, n);
	for (int i = 0; i < n; i++)
		g0[i] = group[i] - 1;
	in.n = n;
	in.group = g0;
	in.cap_per_factor = ec_cap_arg(fcinfo, 10);
	in.cap = ec_cap_arg(fcinfo, 11);
	out = (ec_te_output) {
		.m_nano = ec_alloc(int64, n), .band = ec_alloc(int, n), .penalty = ec_alloc(ec_fen, n),
		.group_total = ec_alloc(ec_fen, in.ngroups)
	};
	st = ec_tiered_exceedance(&in, &out);
	if (st != EC_OK)
	{
		const double *v = st == EC_ERR_BAD_TARGET ? in.target : in.mean;

		ec_method_raise(st, "tiered_exceedance", out.bad, out.bad >= 0 && out.bad < n ? v[out.bad] : 0);
	}
	EC_RETURN_ROW(ec_nano_result(out.m_nano, n), PointerGetDatum(ec_int4_result(out.band, n, 1)),
				  PointerGetDatum(ec_int8_result(out.penalty, n)),
				  PointerGetDatum(ec_int8_result(out.group_total, in.ngroups)), Int64GetDatum(out.total));
}

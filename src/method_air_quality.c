/*
 * Glue of the air_quality kernel (src/core/rule_air_quality.c); the SQL
 * side is sql/install/87_method_air_quality.sql.
 */
#include "method_common.h"

#include "core/rule_air_quality.h"

PG_FUNCTION_INFO_V1(ecocomp_air_quality_kernel);

/*
 * _air_quality_kernel(nparties, nunits, weights, now, base, valid, cumulative,
 *                     band_min, band_max, band_rate_fen, coefficients,
 *                     target_coefficients, good_day_delta, good_day_rate_fen,
 *                     award_fen, cap_fen)
 * (after cumulative: paid_from int, resets bool[])
 *   -> (score float8[], pollutant_fen bigint[], good_day_fen bigint[],
 *       unit_fen bigint[], uncapped_fen bigint[], total_fen bigint[])
 * Cells are party-major (p·nunits + u), values cell-major (c·nind + j).
 * target_coefficients, good_day_delta (NULL elements: no term), award_fen,
 * good_day_rate_fen and cap_fen may be NULL; the rest are required.
 */
Datum
ecocomp_air_quality_kernel(PG_FUNCTION_ARGS)
{
	static const char *const args[] = {
		"nparties", "nunits", "weights", "now", "base", "valid", "cumulative",
		"paid_from", NULL,
		"band_min", "band_max", "band_rate_fen", "coefficients",
		NULL, NULL, NULL, NULL, NULL
	};
	int			np,
				nu,
				nind,
				n,
				nb,
				nb2,
				nb3,
				cells;
	double	   *weights,
			   *now,
			   *base,
			   *bmin,
			   *bmax,
			   *coef;
	bool	   *valid;
	int64	   *brate;
	int64	   *tc = NULL;
	double	   *gdd = NULL;
	int64	   *award = NULL;
	ec_aq_input in;
	ec_aq_output out;
	ec_status	st;

	ec_require_args(fcinfo, "_air_quality_kernel", args, 18);
	np = ec_size_arg(PG_GETARG_INT32(0), 100000, "nparties");
	nu = ec_size_arg(PG_GETARG_INT32(1), 100000, "nunits");
	weights = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(2), &nind, "weights", NULL);
	if ((int64) np * nu > 1000000 || np == 0 || nu == 0 || nind == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("air_quality needs parties, units and indicators"),
				 errdetail("Got %d parties, %d units and %d indicators; each must be 1 or more, and parties × units at most 1 000 000.",
						   np, nu, nind)));
	cells = np * nu;
	now = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(3), &n, "now");
	ec_same_length_product(n, cells, nind, "now");
	base = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(4), &n, "base");
	ec_same_length_product(n, cells, nind, "base");
	valid = ec_bool_elems(PG_GETARG_ARRAYTYPE_P(5), &n, "valid", false);
	ec_same_length(n, cells, "valid and parties × units");
	bmin = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(9), &nb, "band_min", NULL);
	bmax = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(10), &nb2, "band_max");
	brate = ec_int8_elems(PG_GETARG_ARRAYTYPE_P(11), &nb3, "band_rate_fen");
	ec_same_length(nb, nb2, "band_min and band_max");
	ec_same_length(nb, nb3, "band_min and band_rate_fen");
	coef = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(12), &n, "coefficients", NULL);
	ec_same_length(n, np, "coefficients and parties");
	/* held as int64 nano-units: named here, not reported as a bad weight */
	for (int p = 0; p < np; p++)
	{
		int64		nano;

		if (!(coef[p] > 0) || !ec_to_nano(coef[p], &nano))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("air_quality coefficients must be positive and below 9.2e9"),
					 errdetail("Coefficient %d (of party %d) is %g.", p + 1, p + 1, coef[p])));
	}
	if (!PG_ARGISNULL(13))
	{
		double	   *t = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(13), &n, "target_coefficients", NULL);

		ec_same_length(n, cells, "target_coefficients and parties × units");
		tc = ec_alloc(int64, cells);
		for (int c = 0; c < cells; c++)
			if (!(t[c] >= 0) || !ec_to_nano(t[c], &tc[c]))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("air_quality target_coefficients must be non-negative and below 9.2e9"),
						 errdetail("Target coefficient %d (party %d, unit %d) is %g.",
								   c + 1, c / nu + 1, c % nu + 1, t[c])));
	}
	if (!PG_ARGISNULL(14))
	{
		gdd = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(14), &n, "good_day_delta");
		ec_same_length(n, cells, "good_day_delta and parties × units");
	}
	if (!PG_ARGISNULL(16))
	{
		award = ec_int8_elems(PG_GETARG_ARRAYTYPE_P(16), &n, "award_fen");
		ec_same_length(n, cells, "award_fen and parties × units");
	}
	in = (ec_aq_input) {
		.nparties = np, .nunits = nu, .nind = nind, .weights = weights, .now = now, .base = base,
		.valid = valid, .cumulative = PG_GETARG_BOOL(6),
		.paid_from = ec_size_arg(PG_GETARG_INT32(7), nu, "paid_from"),
		.nbands = nb, .band_min = bmin, .band_max = bmax, .band_rate = brate, .coefficient = coef,
		.target_coef_nano = tc, .good_day_delta = gdd,
		.good_day_rate = PG_ARGISNULL(15) ? 0 : PG_GETARG_INT64(15),
		.award = award, .cap = ec_cap_arg(fcinfo, 17)
	};
	if (!PG_ARGISNULL(8))
	{
		in.resets = ec_bool_elems(PG_GETARG_ARRAYTYPE_P(8), &n, "resets", false);
		ec_same_length(n, nu, "resets and units");
	}
	out = (ec_aq_output) {
		.score_nano = ec_alloc(int64, cells), .pollutant = ec_alloc(ec_fen, cells),
		.good_day = ec_alloc(ec_fen, cells), .unit_total = ec_alloc(ec_fen, cells),
		.uncapped = ec_alloc(ec_fen, np), .total = ec_alloc(ec_fen, np)
	};
	st = ec_air_quality(&in, &out);
	if (st != EC_OK)
		ec_method_raise(st, "air_quality", out.bad, 0);
	EC_RETURN_ROW(ec_nano_result(out.score_nano, cells), PointerGetDatum(ec_int8_result(out.pollutant, cells)),
				  PointerGetDatum(ec_int8_result(out.good_day, cells)),
				  PointerGetDatum(ec_int8_result(out.unit_total, cells)),
				  PointerGetDatum(ec_int8_result(out.uncapped, np)),
				  PointerGetDatum(ec_int8_result(out.total, np)));
}

/*
 * Glue of the flux_exceedance kernel (src/core/rule_flux_exceedance.c); the
 * SQL side is sql/install/54_method_flux_exceedance.sql.
 */
#include "method_common.h"

#include <math.h>

#include "core/rule_flux_exceedance.h"

PG_FUNCTION_INFO_V1(ecocomp_flux_kernel);
PG_FUNCTION_INFO_V1(ecocomp_flux_exceedance_kernel);

/*
 * _flux_exceedance_kernel(conc float8[], targets float8[], volumes float8[],
 *                         rates float8[], two_way bool)
 *   -> (tonnes float8[], amounts bigint[], status text[], total bigint)
 * NULL concentrations or volumes are missing data: the item gets status
 * 'no concentration' or 'no flow' and amount 0; NULL targets or rates are
 * errors.  STRICT.
 */
Datum
ecocomp_flux_exceedance_kernel(PG_FUNCTION_ARGS)
{
	int			n,
				n2,
				n3,
				n4,
				bad;
	double	   *conc = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(0), &n, "conc");
	double	   *target = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "targets", NULL);
	double	   *volume = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(2), &n3, "volumes");
	double	   *rate = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(3), &n4, "rates", NULL);
	ec_flux_item *items;
	ec_flux_result *res;
	double	   *tonnes;
	int64	   *amounts;
	const char **st;
	ec_fen		total;
	ec_status	status;

	ec_same_length(n, n2, "conc and targets");
	ec_same_length(n, n3, "conc and volumes");
	ec_same_length(n, n4, "conc and rates");
	items = ec_alloc(ec_flux_item, n);
	for (int i = 0; i < n; i++)
		items[i] = (ec_flux_item) {.conc = conc[i], .target = target[i], .volume_m3 = volume[i], .rate = rate[i]};
	res = ec_alloc(ec_flux_result, n);
	status = ec_flux_exceedance(items, n, PG_GETARG_BOOL(4), res, &total, &bad);
	if (status != EC_OK)
	{
		ec_names	names = {"flux_exceedance", "concentrations and volumes", "targets", "rates"};

		ec_raise(status, &names, bad,
				 bad < 0 ? 0 : status == EC_ERR_BAD_TARGET ? target[bad] :
				 status == EC_ERR_BAD_WEIGHT ? rate[bad] : conc[bad]);
	}
	tonnes = ec_alloc(double, n);
	amounts = ec_alloc(int64, n);
	st = ec_alloc(const char *, n);
	for (int i = 0; i < n; i++)
	{
		tonnes[i] = res[i].status == EC_FLUX_OK ? res[i].tonnes : NAN;
		amounts[i] = res[i].amount;
		st[i] = res[i].status == EC_FLUX_OK ? "ok" :
			res[i].status == EC_FLUX_NO_CONC ? "no concentration" : "no flow";
	}
	EC_RETURN_ROW(PointerGetDatum(ec_float8_result(tonnes, n)), PointerGetDatum(ec_int8_result(amounts, n)),
				  PointerGetDatum(ec_text_result(st, n)), Int64GetDatum(total));
}

/* The 0.1.0 name of the same function, kept for databases not yet updated. */
Datum
ecocomp_flux_kernel(PG_FUNCTION_ARGS)
{
	return ecocomp_flux_exceedance_kernel(fcinfo);
}

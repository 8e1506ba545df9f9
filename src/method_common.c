/*
 * Glue shared by the compensation methods (see method_common.h) and the
 * SQL helpers two methods call: _bands_check (tiered_exceedance,
 * relative_change) and _pollution_index (relative_change).
 */
#include "method_common.h"

#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(ecocomp_bands_check);
PG_FUNCTION_INFO_V1(ecocomp_pollution_index);

Datum
ec_nano_result(const int64 *v, int n)
{
	double	   *d = ec_alloc(double, n);

	for (int i = 0; i < n; i++)
		d[i] = (double) v[i] / 1e9;
	return PointerGetDatum(ec_float8_result(d, n));
}

void
ec_method_raise(ec_status st, const char *method, int item, double value)
{
	ec_names	names = {method, "concentrations", "targets", "weights", "the scale factor"};

	ec_raise(st, &names, item, value);
}

ec_band *
ec_bands_from_args(FunctionCallInfo fcinfo, int first, bool with_amounts, int *nb)
{
	int			n1,
				n2,
				n3,
				n4,
				n5 = 0,
				n6 = 0;
	bool	   *minnull,
			   *maxnull;
	double	   *min,
			   *max;
	bool	   *mini,
			   *maxi;
	int64	   *amount = NULL;
	bool	   *times = NULL;
	ec_band    *b;

	for (int i = first; i < first + (with_amounts ? 6 : 4); i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("band arrays must not be NULL"),
					 errdetail("Argument %d is NULL; pass empty arrays for no bands.", i + 1)));
	min = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(first), &n1, "band minima", &minnull);
	max = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(first + 1), &n2, "band maxima", &maxnull);
	mini = ec_bool_elems(PG_GETARG_ARRAYTYPE_P(first + 2), &n3, "band min_inclusive", false);
	maxi = ec_bool_elems(PG_GETARG_ARRAYTYPE_P(first + 3), &n4, "band max_inclusive", true);
	if (n1 > EC_MAX_BANDS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many bands"),
				 errdetail("There are %d bands; at most %d are accepted.", n1, EC_MAX_BANDS)));
	ec_same_length(n1, n2, "band minima and maxima");
	ec_same_length(n1, n3, "band minima and min_inclusive");
	ec_same_length(n1, n4, "band minima and max_inclusive");
	if (with_amounts)
	{
		amount = ec_int8_elems(PG_GETARG_ARRAYTYPE_P(first + 4), &n5, "band amounts");
		times = ec_bool_elems(PG_GETARG_ARRAYTYPE_P(first + 5), &n6, "band times_one_plus_m", false);
		ec_same_length(n1, n5, "band minima and amounts");
		ec_same_length(n1, n6, "band minima and times_one_plus_m");
	}
	b = palloc0(sizeof(ec_band) * (n1 + 1));
	for (int i = 0; i < n1; i++)
	{
		b[i].has_min = !minnull[i];
		b[i].min = min[i];
		b[i].has_max = !maxnull[i];
		b[i].max = max[i];
		b[i].min_inclusive = mini[i];
		b[i].max_inclusive = maxi[i];
		b[i].amount = with_amounts ? amount[i] : 0;
		b[i].times_one_plus_m = with_amounts ? times[i] : false;
	}
	*nb = n1;
	return b;
}

ec_fen
ec_cap_arg(FunctionCallInfo fcinfo, int arg)
{
	ec_fen		cap;

	if (PG_ARGISNULL(arg))
		return -1;
	cap = PG_GETARG_INT64(arg);
	if (cap < 0 || cap > EC_FEN_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a cap must be from 0 to 10^16 yuan"),
				 errdetail("The cap is %lld fen.", (long long) cap)));
	return cap;
}

/*
 * _bands_check(method, key, min[], max[], min_inclusive[], max_inclusive[])
 * raises 22023 '<method> parameter "<key>" ...' for an empty band or two
 * overlapping ones.
 */
Datum
ecocomp_bands_check(PG_FUNCTION_ARGS)
{
	char	   *method = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *key = text_to_cstring(PG_GETARG_TEXT_PP(1));
	int			nb,
				bad,
				other;
	ec_band    *b = ec_bands_from_args(fcinfo, 2, false, &nb);
	ec_status	st = ec_bands_check(b, nb, &bad, &other);

	if (st == EC_ERR_BAD_BAND)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s parameter \"%s\" has an empty band", method, key),
				 errdetail("Band %d contains no value: min must be below max (or equal to it with both ends inclusive), and bounds must be finite.",
						   bad + 1)));
	if (st == EC_ERR_OVERLAP)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s parameter \"%s\" has overlapping bands", method, key),
				 errdetail("Bands %d and %d share values; each value may fall in one band at most (min < x <= max unless min_inclusive or max_inclusive say otherwise).",
						   bad + 1, other + 1)));
	PG_RETURN_VOID();
}

/* _pollution_index(parameters text[], means float8[], waterbody text) -> Σ C/S */
Datum
ecocomp_pollution_index(PG_FUNCTION_ARGS)
{
	int			n,
				n2,
				bad;
	Datum	   *d = ec_text_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "parameters");
	double	   *mean = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "means", NULL);
	ec_waterbody wb = ec_lookup_waterbody(PG_GETARG_TEXT_PP(2));
	int		   *idx;
	double		index = 0;
	ec_status	st;

	ec_same_length(n, n2, "parameters and means");
	idx = palloc(sizeof(int) * (n + 1));
	for (int i = 0; i < n; i++)
		ec_lookup_param(DatumGetTextPP(d[i]), &idx[i]);
	st = ec_pollution_index(n, idx, mean, wb == EC_LAKE, &index, &bad);
	if (st != EC_OK)
	{
		ec_names	names = {"the composite pollution index", "means", "Class III limits", NULL, NULL};

		if (st == EC_ERR_NO_LIMIT)
			names.kernel = psprintf("parameter %s", ec_params[idx[bad]].code);
		ec_raise(st, &names, bad, bad >= 0 ? mean[bad] : 0);
	}
	PG_RETURN_FLOAT8(index);
}

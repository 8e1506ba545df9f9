/*
 * SQL glue of the GB 3838-2002 evaluation kernels (src/core/gb3838.c):
 * gb3838_class, gb3838_limit, cwqi, class_label and the aggregates
 * section_class and cwqi_sum.
 */
#include "ecocomp.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(ecocomp_gb3838_class);
PG_FUNCTION_INFO_V1(ecocomp_gb3838_limit);
PG_FUNCTION_INFO_V1(ecocomp_cwqi);
PG_FUNCTION_INFO_V1(ecocomp_class_label);
PG_FUNCTION_INFO_V1(ecocomp_means_accum);
PG_FUNCTION_INFO_V1(ecocomp_means_combine);
PG_FUNCTION_INFO_V1(ecocomp_section_class_final);
PG_FUNCTION_INFO_V1(ecocomp_cwqi_sum_final);

void
ec_unknown_param(text *code)
{
	ec_bad_word(code, "unknown parameter",
				psprintf("Parameter \"%s\" is not in the ecocomp.parameter catalogue.", text_to_cstring(code)),
				"Parameter codes are case-sensitive, e.g. \"NH3-N\", \"TP\", \"pH\".");
}

const ec_param *
ec_lookup_param(text *code, int *index)
{
	int			i = ec_param_index(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code));

	if (i < 0)
		ec_unknown_param(code);
	if (index)
		*index = i;
	return &ec_params[i];
}

ec_waterbody
ec_lookup_waterbody(text *waterbody)
{
	char	   *s = VARDATA_ANY(waterbody);
	int			len = VARSIZE_ANY_EXHDR(waterbody);

	if (len == 5 && memcmp(s, "river", 5) == 0)
		return EC_RIVER;
	if (len != 4 || memcmp(s, "lake", 4) != 0)
		ec_bad_word(waterbody, "invalid waterbody",
					"Waterbody must be \"river\" or \"lake\" (lakes and reservoirs).", NULL);
	return EC_LAKE;
}

/* A group mean that is not finite: the sum of its values overflowed. */
static void
report_mean_status(ec_status st, const double *state, int bad)
{
	const ec_param *p = &ec_params[bad];

	if (st == EC_ERR_RESULT_NONFINITE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("mean of %s is not finite", p->code),
				 errdetail("The %g values of %s in this group sum to %g, beyond the range of double precision; the item cannot be evaluated.",
						   state[1 + 2 * bad], p->code, state[2 + 2 * bad])));
	ec_report_status(st, p, state[2 + 2 * bad] / state[1 + 2 * bad]);
}

/*
 * gb3838_class and cwqi of one (parameter, value, waterbody): the class
 * (cls given) or the CWQI sub-index (index given); false when the value has
 * none (SQL NULL).  A failed status is raised naming the parameter.
 */
static bool
one_value(FunctionCallInfo fcinfo, int *cls, double *index)
{
	const ec_param *p = ec_lookup_param(PG_GETARG_TEXT_PP(0), NULL);
	double		value = PG_GETARG_FLOAT8(1);
	ec_waterbody wb = ec_lookup_waterbody(PG_GETARG_TEXT_PP(2));
	ec_status	st = cls ? ec_class(p, value, wb, cls) : ec_cwqi(p, value, wb, index);

	ec_report_status(st, p, value);
	return st != EC_NO_VALUE;
}

Datum
ecocomp_gb3838_class(PG_FUNCTION_ARGS)
{
	int			cls;

	if (!one_value(fcinfo, &cls, NULL))
		PG_RETURN_NULL();
	return ec_wq_class_datum(fcinfo, cls);
}

Datum
ecocomp_gb3838_limit(PG_FUNCTION_ARGS)
{
	const ec_param *p = ec_lookup_param(PG_GETARG_TEXT_PP(0), NULL);
	int			cls = ec_wq_class_number(fcinfo, PG_GETARG_DATUM(1));
	ec_waterbody wb = ec_lookup_waterbody(PG_GETARG_TEXT_PP(2));
	double		limit;

	if (ec_limit(p, cls, wb, &limit) != EC_OK)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(limit);
}

Datum
ecocomp_cwqi(PG_FUNCTION_ARGS)
{
	double		index;

	if (!one_value(fcinfo, NULL, &index))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(index);
}

Datum
ecocomp_class_label(PG_FUNCTION_ARGS)
{
	int			cls = ec_wq_class_number(fcinfo, PG_GETARG_DATUM(0));
	text	   *lang = PG_GETARG_TEXT_PP(1);
	char	   *l = text_to_cstring(lang);

	if (strcmp(l, "zh") != 0 && strcmp(l, "en") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unsupported language \"%s\"", l),
				 errdetail("Class labels are available in \"zh\" and \"en\".")));
	PG_RETURN_TEXT_P(cstring_to_text(ec_class_label(cls, l[0] == 'z')));
}

/*
 * Aggregate state: a float8[] of EC_MEANS_STATE_LEN elements (see gb3838.h),
 * or the empty array before the first row.  A plain array keeps the state
 * readable as text, which parallel query and Citus workers rely on.
 */
static double *
state_values(ArrayType *a, const char *caller)
{
	int			n = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));

	if (n == 0)
		return NULL;
	if (ARR_NDIM(a) != 1 || n != EC_MEANS_STATE_LEN || ARR_HASNULL(a) ||
		ARR_ELEMTYPE(a) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: invalid aggregate state", caller),
				 errdetail("The state must be a float8 array of %d elements without NULLs.",
						   EC_MEANS_STATE_LEN)));
	return (double *) ARR_DATA_PTR(a);
}

static ArrayType *
new_state(void)
{
	Datum		zeros[EC_MEANS_STATE_LEN];

	for (int i = 0; i < EC_MEANS_STATE_LEN; i++)
		zeros[i] = Float8GetDatumFast(0.0);
	return construct_array(zeros, EC_MEANS_STATE_LEN, FLOAT8OID, sizeof(float8),
						   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

static void
mixed_waterbody(const char *caller)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s mixes river and lake limits in one group", caller),
			 errdetail("Every row of one group must have the same waterbody.")));
}

Datum
ecocomp_means_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *state;
	double	   *vals;
	const ec_param *p;
	int			idx;
	double		value;
	ec_waterbody wb;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("section aggregate: NULL state"),
				 errdetail("The transition state starts as the empty array '{}', never NULL.")));
	/* The two-argument aggregates (no waterbody) mean rivers. */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (PG_NARGS() > 3 && PG_ARGISNULL(3)))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));

	/* In aggregate context the state may be updated in place. */
	state = AggCheckCallContext(fcinfo, NULL) ? PG_GETARG_ARRAYTYPE_P(0)
		: PG_GETARG_ARRAYTYPE_P_COPY(0);
	vals = state_values(state, "section aggregate");
	p = ec_lookup_param(PG_GETARG_TEXT_PP(1), &idx);
	value = PG_GETARG_FLOAT8(2);
	wb = PG_NARGS() > 3 ? ec_lookup_waterbody(PG_GETARG_TEXT_PP(3)) : EC_RIVER;
	ec_report_status(ec_check_value(p, value), p, value);

	if (vals == NULL)
	{
		MemoryContext agg;
		MemoryContext old;

		if (AggCheckCallContext(fcinfo, &agg))
		{
			old = MemoryContextSwitchTo(agg);
			state = new_state();
			MemoryContextSwitchTo(old);
		}
		else
			state = new_state();
		vals = state_values(state, "section aggregate");
	}
	if (!ec_means_add(vals, idx, value, wb))
		mixed_waterbody("section aggregate");
	PG_RETURN_ARRAYTYPE_P(state);
}

Datum
ecocomp_means_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *b = PG_GETARG_ARRAYTYPE_P(1);
	double	   *bv = state_values(b, "section aggregate");
	double	   *av;

	if (bv == NULL)
		PG_RETURN_ARRAYTYPE_P(a);
	if (state_values(a, "section aggregate") == NULL)
		PG_RETURN_ARRAYTYPE_P(AggCheckCallContext(fcinfo, NULL) ? b
							  : PG_GETARG_ARRAYTYPE_P_COPY(1));
	if (!AggCheckCallContext(fcinfo, NULL))
		a = PG_GETARG_ARRAYTYPE_P_COPY(0);
	av = state_values(a, "section aggregate");
	if (!ec_means_combine(av, bv))
		mixed_waterbody("section aggregate");
	PG_RETURN_ARRAYTYPE_P(a);
}

/* Whether a final function has a value (none: NULL); raises a failed status. */
static bool
final_has_value(ec_status st, const double *vals, const int *bad)
{
	if (st == EC_NO_VALUE)
		return false;
	report_mean_status(st, vals, *bad);
	return true;
}

Datum
ecocomp_section_class_final(PG_FUNCTION_ARGS)
{
	double	   *vals = state_values(PG_GETARG_ARRAYTYPE_P(0), "section_class");
	int			cls,
				bad = 0;

	if (!final_has_value(vals ? ec_means_class(vals, &cls, &bad) : EC_NO_VALUE, vals, &bad))
		PG_RETURN_NULL();
	return ec_wq_class_datum(fcinfo, cls);
}

Datum
ecocomp_cwqi_sum_final(PG_FUNCTION_ARGS)
{
	double	   *vals = state_values(PG_GETARG_ARRAYTYPE_P(0), "cwqi_sum");
	double		sum;
	int			bad = 0;

	if (!final_has_value(vals ? ec_means_cwqi(vals, &sum, &bad) : EC_NO_VALUE, vals, &bad))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sum);
}

/*
 * fmgr glue of the compensation kernels index_ratio, class_target,
 * compliance_rate and flux_exceedance (src/core/rule_*.c).  The SQL side
 * (sql/install/51..54) gathers the assessed metrics and validated params;
 * these functions only unpack arrays, call the kernel and pack the result.
 * Money crosses this boundary as bigint fen.
 */
#include "ecocomp.h"
#include "kernel_glue.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "core/money.h"
#include "core/rule_class_target.h"
#include "core/rule_compliance_rate.h"
#include "core/rule_flux_exceedance.h"
#include "core/rule_index_ratio.h"

PG_FUNCTION_INFO_V1(ecocomp_index_ratio_kernel);
PG_FUNCTION_INFO_V1(ecocomp_class_target_kernel);
PG_FUNCTION_INFO_V1(ecocomp_compliance_rate_kernel);
PG_FUNCTION_INFO_V1(ecocomp_flux_kernel);
PG_FUNCTION_INFO_V1(ecocomp_allocate_fen);

static ArrayType *
text_result(const char *const *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * (n + 1));

	for (int i = 0; i < n; i++)
		d[i] = CStringGetTextDatum(v[i]);
	return construct_array(d, n, TEXTOID, -1, false, TYPALIGN_INT);
}

/*
 * _index_ratio_kernel(means, baselines, weights, k0, threshold, inclusive,
 *                     amount_fen, amount_if_worse_fen)
 *   -> (p, at_threshold, better, terms float8[], amount_fen)
 * Missing means or baselines are the caller's business (reported as
 * issues before the call); here they are errors.
 */
Datum
ecocomp_index_ratio_kernel(PG_FUNCTION_ARGS)
{
	int			n, nb, nw;
	double	   *means = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(0), &n, "means");
	double	   *baselines = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(1), &nb, "baselines");
	double	   *weights = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(2), &nw, "weights");
	ec_index_ratio_in in;
	ec_index_ratio_out out;
	double	   *terms;
	ec_index_ratio_status st;
	TupleDesc	desc = ec_result_desc(fcinfo);
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	ec_same_length(n, nb, "means and baselines");
	ec_same_length(n, nw, "means and weights");
	terms = palloc(sizeof(double) * (n + 1));
	in.n = n;
	in.means = means;
	in.baselines = baselines;
	in.weights = weights;
	in.k0 = PG_GETARG_FLOAT8(3);
	in.threshold = PG_GETARG_FLOAT8(4);
	in.inclusive = PG_GETARG_BOOL(5);
	in.amount = PG_GETARG_INT64(6);
	in.amount_if_worse = PG_GETARG_INT64(7);
	st = ec_index_ratio(&in, &out, terms);
	if (st != EC_IR_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("index_ratio cannot compute P"),
				 errdetail("%s%s.",
						   st == EC_IR_MISSING_MEAN ? "A mean is missing" :
						   st == EC_IR_BAD_BASELINE ? "A baseline is missing, zero or negative" :
						   "An input is negative, not finite, or there are no indicators",
						   out.bad_index >= 0 ? psprintf(" (indicator %d)", out.bad_index + 1) : "")));
	values[0] = Float8GetDatum(out.p);
	values[1] = BoolGetDatum(out.at_threshold);
	values[2] = BoolGetDatum(out.better);
	values[3] = PointerGetDatum(ec_float8_result(terms, n));
	values[4] = Int64GetDatum(out.amount);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * _class_target_kernel(classes int[] (1..6, NULL = no data), amounts bigint[6],
 *                      cap bigint (NULL = none))
 *   -> (unit_fen bigint[], uncapped bigint, total bigint, capped bool)
 */
Datum
ecocomp_class_target_kernel(PG_FUNCTION_ARGS)
{
	int			n, na;
	int32	   *classes;
	int64	   *amounts;
	ec_fen	   *units;
	ec_class_target_in in;
	ec_class_target_out out;
	TupleDesc	desc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	classes = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "classes", &(int32){0});
	amounts = ec_int8_elems(PG_GETARG_ARRAYTYPE_P(1), &na, "amounts");
	desc = ec_result_desc(fcinfo);
	if (na != 6)
		ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						errmsg("class_target needs six amounts, one per class"),
						errdetail("Got %d amounts.", na)));
	units = palloc(sizeof(ec_fen) * (n + 1));
	in.nunits = n;
	in.classes = classes;
	in.amounts = amounts;
	in.has_cap = !PG_ARGISNULL(2);
	in.cap = in.has_cap ? PG_GETARG_INT64(2) : 0;
	if (!ec_class_target(&in, &out, units))
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("class_target amounts are out of range"),
						errdetail("A class is outside 1..6, the cap is negative, or an amount or the total exceeds numeric(20,2).")));
	values[0] = PointerGetDatum(ec_int8_result(units, n));
	values[1] = Int64GetDatum(out.uncapped);
	values[2] = Int64GetDatum(out.total);
	values[3] = BoolGetDatum(out.capped);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * _compliance_rate_kernel(months_met int[], months_assessed int[],
 *                         annual_ok int[] (1, 0, -1 = not required),
 *                         shares float8[] (NULL = one item), threshold float8,
 *                         amount_met bigint, amount_missed bigint)
 *   -> (verdicts text[], rates float8[], met_part bigint, missed_part bigint, amount_fen bigint)
 */
Datum
ecocomp_compliance_rate_kernel(PG_FUNCTION_ARGS)
{
	int			n, n2, n3, ns = 0;
	int32	   *met = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "months_met", &(int32){0});
	int32	   *assessed = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "months_assessed", &(int32){0});
	int32	   *annual = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(2), &n3, "annual_ok", &(int32){-1});
	double	   *shares = NULL;
	ec_compliance_rate_in in;
	ec_compliance_rate_out out;
	ec_compliance_verdict *verdicts;
	double	   *rates;
	const char **vt;
	TupleDesc	desc = ec_result_desc(fcinfo);
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	ec_same_length(n, n2, "months_met and months_assessed");
	ec_same_length(n, n3, "months_met and annual_ok");
	if (!PG_ARGISNULL(3))
	{
		shares = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(3), &ns, "shares");
		ec_same_length(n, ns, "months_met and shares");
	}
	verdicts = palloc(sizeof(ec_compliance_verdict) * (n + 1));
	rates = palloc(sizeof(double) * (n + 1));
	vt = palloc(sizeof(char *) * (n + 1));
	in.nitems = n;
	in.months_met = met;
	in.months_assessed = assessed;
	in.annual_ok = annual;
	in.shares = shares;
	in.threshold = PG_GETARG_FLOAT8(4);
	in.amount_met = PG_GETARG_INT64(5);
	in.amount_missed = PG_GETARG_INT64(6);
	if (!ec_compliance_rate(&in, &out, verdicts, rates))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("compliance_rate inputs are invalid"),
						errdetail("Month counts must satisfy 0 <= met <= assessed, the threshold must be in 0..1, amounts >= 0 and shares >= 0 with a positive sum.")));
	for (int i = 0; i < n; i++)
		vt[i] = verdicts[i] == EC_CR_MET ? "met" : verdicts[i] == EC_CR_MISSED ? "missed" : "no data";
	values[0] = PointerGetDatum(text_result(vt, n));
	values[1] = PointerGetDatum(ec_float8_result(rates, n));
	values[2] = Int64GetDatum(out.met_part);
	values[3] = Int64GetDatum(out.missed_part);
	values[4] = Int64GetDatum(out.amount);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * _flux_kernel(conc float8[], targets float8[], volumes float8[], rates float8[],
 *              two_way bool)
 *   -> (tonnes float8[], amounts bigint[], status text[], total bigint)
 * NULL concentrations or volumes are missing data: the item gets status
 * 'no concentration' or 'no flow' and amount 0.
 */
Datum
ecocomp_flux_kernel(PG_FUNCTION_ARGS)
{
	int			n, n2, n3, n4;
	double	   *conc = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(0), &n, "conc");
	double	   *target = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(1), &n2, "targets");
	double	   *volume = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(2), &n3, "volumes");
	double	   *rate = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(3), &n4, "rates");
	ec_flux_item *items;
	ec_flux_result *res;
	double	   *tonnes;
	int64	   *amounts;
	const char **st;
	ec_fen		total;
	TupleDesc	desc = ec_result_desc(fcinfo);
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	ec_same_length(n, n2, "conc and targets");
	ec_same_length(n, n3, "conc and volumes");
	ec_same_length(n, n4, "conc and rates");
	items = palloc(sizeof(ec_flux_item) * (n + 1));
	res = palloc(sizeof(ec_flux_result) * (n + 1));
	tonnes = palloc(sizeof(double) * (n + 1));
	amounts = palloc(sizeof(int64) * (n + 1));
	st = palloc(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		items[i].conc = conc[i];
		items[i].target = target[i];
		items[i].volume_m3 = volume[i];
		items[i].rate = rate[i];
	}
	if (!ec_flux_exceedance(items, n, PG_GETARG_BOOL(4), res, &total))
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("flux_exceedance inputs are invalid"),
						errdetail("Targets, rates, concentrations and volumes must be finite and >= 0, and every amount must fit numeric(20,2).")));
	for (int i = 0; i < n; i++)
	{
		tonnes[i] = res[i].status == EC_FLUX_OK ? res[i].tonnes : NAN;
		amounts[i] = res[i].amount;
		st[i] = res[i].status == EC_FLUX_OK ? "ok" :
			res[i].status == EC_FLUX_NO_CONC ? "no concentration" : "no flow";
	}
	values[0] = PointerGetDatum(ec_float8_result(tonnes, n));
	values[1] = PointerGetDatum(ec_int8_result(amounts, n));
	values[2] = PointerGetDatum(text_result(st, n));
	values[3] = Int64GetDatum(total);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* _allocate_fen(total bigint, weights float8[]) -> bigint[]: ec_allocate. */
Datum
ecocomp_allocate_fen(PG_FUNCTION_ARGS)
{
	int64		total = PG_GETARG_INT64(0);
	int			n;
	double	   *w = ec_float8_elems_or_nan(PG_GETARG_ARRAYTYPE_P(1), &n, "weights");
	ec_fen	   *parts = palloc(sizeof(ec_fen) * (n + 1));

	if (!ec_allocate(total, w, n, parts))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("cannot split an amount by these weights"),
						errdetail("Weights must be finite and >= 0 with a positive sum; got %d weights for %lld fen.",
								  n, (long long) total)));
	PG_RETURN_ARRAYTYPE_P(ec_int8_result(parts, n));
}

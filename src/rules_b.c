/*
 * fmgr glue of the compensation kernels tiered_exceedance, linear,
 * relative_change, pool and factor_allocation (src/core/rule_*.c).  The SQL
 * side (sql/install/55..58) validates params and gathers assessed metrics;
 * these functions unpack arrays, call a kernel and pack its result.  Money
 * crosses this boundary as bigint fen.
 */
#include "ecocomp.h"
#include "kernel_glue.h"
#include "money_glue.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "core/rule_common.h"
#include "core/rule_factor_allocation.h"
#include "core/rule_linear.h"
#include "core/rule_pool.h"
#include "core/rule_relative_change.h"
#include "core/rule_tiered_exceedance.h"

PG_FUNCTION_INFO_V1(ecocomp_bands_check);
PG_FUNCTION_INFO_V1(ecocomp_tiered_exceedance_kernel);
PG_FUNCTION_INFO_V1(ecocomp_linear_kernel);
PG_FUNCTION_INFO_V1(ecocomp_pollution_index);
PG_FUNCTION_INFO_V1(ecocomp_relative_change_kernel);
PG_FUNCTION_INFO_V1(ecocomp_pool_kernel);
PG_FUNCTION_INFO_V1(ecocomp_factor_allocation_kernel);

static double *
nano_to_double(const int64 *v, int n)
{
	double	   *out = palloc(sizeof(double) * (n + 1));

	for (int i = 0; i < n; i++)
		out[i] = (double) v[i] / 1e9;
	return out;
}

static void
kernel_error(ec_rule_status st, const char *method, const char *what, int bad)
{
	ereport(ERROR,
			(errcode(st == EC_RULE_OVERFLOW ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE
					 : ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s cannot compute the amount", method),
			 errdetail("%s: %s%s.", what, ec_rule_status_text(st),
					   bad >= 0 ? psprintf(" (item %d)", bad + 1) : "")));
}

/*
 * Bands from parallel arrays: min and max (NULL = unbounded), min_inclusive
 * and max_inclusive (NULL = false / true), amount_fen and times (NULL =
 * false).  Arguments start at argument `first`; amounts and times are
 * optional (the check function has none).
 */
static ec_band *
bands_from_args(FunctionCallInfo fcinfo, int first, bool with_amounts, int *nb)
{
	int			n1,
				n2,
				n3,
				n4,
				n5 = 0,
				n6 = 0;
	bool	   *minnull,
			   *maxnull;
	double	   *min = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(first), &n1, "band minima", &minnull);
	double	   *max = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(first + 1), &n2, "band maxima", &maxnull);
	bool	   *mini = ec_bool_elems(PG_GETARG_ARRAYTYPE_P(first + 2), &n3, "band min_inclusive", false);
	bool	   *maxi = ec_bool_elems(PG_GETARG_ARRAYTYPE_P(first + 3), &n4, "band max_inclusive", true);
	int64	   *amount = NULL;
	bool	   *times = NULL;
	ec_band    *b;

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

static ec_fen
cap_arg(FunctionCallInfo fcinfo, int arg)
{
	ec_fen		cap;

	if (PG_ARGISNULL(arg))
		return -1;
	cap = PG_GETARG_INT64(arg);
	if (cap < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a cap must not be negative"),
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
	ec_band    *b = bands_from_args(fcinfo, 2, false, &nb);
	ec_rule_status st = ec_bands_check(b, nb, &bad, &other);

	if (st == EC_RULE_BAD_BAND)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s parameter \"%s\" has an empty band", method, key),
				 errdetail("Band %d contains no value: min must be below max (or equal to it with both ends inclusive), and bounds must be finite.",
						   bad + 1)));
	if (st == EC_RULE_OVERLAP)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s parameter \"%s\" has overlapping bands", method, key),
				 errdetail("Bands %d and %d share values; each value may fall in one band at most (min < x <= max unless min_inclusive or max_inclusive say otherwise).",
						   bad + 1, other + 1)));
	PG_RETURN_VOID();
}

/*
 * _tiered_exceedance_kernel(groups int[] (1-based), means, targets,
 *     band_min, band_max, band_min_inclusive, band_max_inclusive,
 *     band_amount_fen, band_times, ngroups, cap_per_factor_fen, cap_fen)
 *   -> (m float8[], band int[] (1-based, NULL: none), penalty_fen bigint[],
 *       group_fen bigint[], total_fen bigint)
 */
Datum
ecocomp_tiered_exceedance_kernel(PG_FUNCTION_ARGS)
{
	int			n,
				n2,
				n3,
				nb;
	int32	   *group = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "groups", NULL);
	double	   *mean = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "means", NULL);
	double	   *target = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(2), &n3, "targets", NULL);
	ec_band    *bands = bands_from_args(fcinfo, 3, true, &nb);
	int			ngroups = PG_GETARG_INT32(9);
	int		   *g0 = palloc(sizeof(int) * (n + 1));
	ec_te_input in;
	ec_te_output out;
	ec_rule_status st;
	TupleDesc	desc = ec_result_desc(fcinfo);
	Datum		values[5];
	bool		nulls[5] = {0};

	ec_same_length(n, n2, "groups and means");
	ec_same_length(n, n3, "groups and targets");
	if (ngroups < 0)
		ngroups = 0;
	for (int i = 0; i < n; i++)
		g0[i] = group[i] - 1;
	in.n = n;
	in.group = g0;
	in.mean = mean;
	in.target = target;
	in.ngroups = ngroups;
	in.bands = bands;
	in.nbands = nb;
	in.cap_per_factor = cap_arg(fcinfo, 10);
	in.cap = cap_arg(fcinfo, 11);
	out.m_nano = palloc(sizeof(int64) * (n + 1));
	out.band = palloc(sizeof(int) * (n + 1));
	out.penalty = palloc(sizeof(ec_fen) * (n + 1));
	out.group_total = palloc(sizeof(ec_fen) * (ngroups + 1));
	st = ec_tiered_exceedance(&in, &out);
	if (st != EC_RULE_OK)
		kernel_error(st, "tiered_exceedance", "exceedance bands", out.bad);
	values[0] = PointerGetDatum(ec_float8_result(nano_to_double(out.m_nano, n), n));
	values[1] = PointerGetDatum(ec_int4_result(out.band, n, 1));
	values[2] = PointerGetDatum(ec_int8_result(out.penalty, n));
	values[3] = PointerGetDatum(ec_int8_result(out.group_total, ngroups));
	values[4] = Int64GetDatum(out.total);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * _linear_kernel(means, targets, coefficient_fen bigint[], cap_fen)
 *   -> (diff float8[], term_fen bigint[], uncapped_fen bigint, total_fen bigint)
 */
Datum
ecocomp_linear_kernel(PG_FUNCTION_ARGS)
{
	int			n,
				n2,
				n3;
	double	   *mean = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "means", NULL);
	double	   *target = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "targets", NULL);
	int64	   *coef = ec_int8_elems(PG_GETARG_ARRAYTYPE_P(2), &n3, "coefficients");
	ec_linear_input in;
	ec_linear_output out;
	ec_rule_status st;
	TupleDesc	desc = ec_result_desc(fcinfo);
	Datum		values[4];
	bool		nulls[4] = {0};

	ec_same_length(n, n2, "means and targets");
	ec_same_length(n, n3, "means and coefficients");
	in.n = n;
	in.mean = mean;
	in.target = target;
	in.coefficient = coef;
	in.cap = cap_arg(fcinfo, 3);
	out.diff_nano = palloc(sizeof(int64) * (n + 1));
	out.term = palloc(sizeof(ec_fen) * (n + 1));
	st = ec_linear(&in, &out);
	if (st != EC_RULE_OK)
		kernel_error(st, "linear", "terms", out.bad);
	values[0] = PointerGetDatum(ec_float8_result(nano_to_double(out.diff_nano, n), n));
	values[1] = PointerGetDatum(ec_int8_result(out.term, n));
	values[2] = Int64GetDatum(out.uncapped);
	values[3] = Int64GetDatum(out.total);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* _pollution_index(parameters text[], means float8[], waterbody text) -> Σ C/S */
Datum
ecocomp_pollution_index(PG_FUNCTION_ARGS)
{
	ArrayType  *pa = PG_GETARG_ARRAYTYPE_P(0);
	int			n,
				n2,
				bad;
	Datum	   *d;
	double	   *mean = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "means", NULL);
	ec_waterbody wb = ec_lookup_waterbody(PG_GETARG_TEXT_PP(2));
	int		   *idx;
	double		index = 0;
	ec_rule_status st;

	d = ec_text_elems(pa, &n, "parameters");
	ec_same_length(n, n2, "parameters and means");
	idx = palloc(sizeof(int) * (n + 1));
	for (int i = 0; i < n; i++)
		ec_lookup_param(DatumGetTextPP(d[i]), &idx[i]);
	st = ec_pollution_index(n, idx, mean, wb == EC_LAKE, &index, &bad);
	if (st == EC_RULE_NO_LIMIT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("parameter %s has no Class III limit", ec_params[idx[bad]].code),
				 errdetail("The composite index divides each mean by the GB 3838-2002 Class III limit.")));
	if (st != EC_RULE_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot compute the composite pollution index"),
				 errdetail("%s%s.", ec_rule_status_text(st),
						   bad >= 0 ? psprintf(": %s mean %g", ec_params[idx[bad]].code, mean[bad]) : "")));
	PG_RETURN_FLOAT8(index);
}

/*
 * _relative_change_kernel(index, reference, band_min, band_max,
 *     band_min_inclusive, band_max_inclusive, band_amount_fen,
 *     per_point_fen, cap_fen)
 *   -> (r float8[], band int[], amount_fen bigint[], uncapped_fen, total_fen)
 * per_point_fen NULL: bands; otherwise per point (bands ignored).
 */
Datum
ecocomp_relative_change_kernel(PG_FUNCTION_ARGS)
{
	int			n,
				n2,
				nb,
				n5;
	double	   *index = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "index", NULL);
	double	   *ref = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "reference", NULL);
	ec_band    *bands = bands_from_args(fcinfo, 2, false, &nb);
	int64	   *amount = ec_int8_elems(PG_GETARG_ARRAYTYPE_P(6), &n5, "band amounts");
	ec_rc_input in;
	ec_rc_output out;
	ec_rule_status st;
	TupleDesc	desc = ec_result_desc(fcinfo);
	Datum		values[5];
	bool		nulls[5] = {0};

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
	in.cap = cap_arg(fcinfo, 8);
	out.r_nano = palloc(sizeof(int64) * (n + 1));
	out.band = palloc(sizeof(int) * (n + 1));
	out.amount = palloc(sizeof(ec_fen) * (n + 1));
	st = ec_relative_change(&in, &out);
	if (st != EC_RULE_OK)
		kernel_error(st, "relative_change", "relative change", out.bad);
	values[0] = PointerGetDatum(ec_float8_result(nano_to_double(out.r_nano, n), n));
	values[1] = PointerGetDatum(ec_int4_result(out.band, n, 1));
	values[2] = PointerGetDatum(ec_int8_result(out.amount, n));
	values[3] = Int64GetDatum(out.uncapped);
	values[4] = Int64GetDatum(out.total);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * _pool_kernel(total_fen, contributions float8[], allocations float8[],
 *     responsible int[] (1-based party), failed bool[],
 *     deduction_to float8[] (nsections × nparties, row-major))
 *   -> (contribution_fen bigint[], allocation_fen bigint[], stake_fen bigint[],
 *       deducted_fen bigint[], final_fen bigint[], net_fen bigint[],
 *       transfer_from int[], transfer_to int[], transfer_fen bigint[])
 */
Datum
ecocomp_pool_kernel(PG_FUNCTION_ARGS)
{
	int			np,
				np2,
				ns,
				ns2,
				nd;
	double	   *contrib = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &np, "contributions", NULL);
	double	   *alloc = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(2), &np2, "allocations", NULL);
	int32	   *resp = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(3), &ns, "responsible", NULL);
	bool	   *failed = ec_bool_elems(PG_GETARG_ARRAYTYPE_P(4), &ns2, "failed", false);
	double	   *ded = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(5), &nd, "deduction_to", NULL);
	int		   *r0;
	ec_pool_input in;
	ec_pool_output out;
	ec_rule_status st;
	TupleDesc	desc = ec_result_desc(fcinfo);
	Datum		values[9];
	bool		nulls[9] = {0};

	ec_same_length(np, np2, "contributions and allocations");
	ec_same_length(ns, ns2, "responsible and failed");
	ec_same_length(nd, ns * np, "deduction_to and sections × parties");
	r0 = palloc(sizeof(int) * (ns + 1));
	for (int i = 0; i < ns; i++)
		r0[i] = resp[i] - 1;
	in.nparties = np;
	in.total = PG_GETARG_INT64(0);
	in.contribution = contrib;
	in.allocation = alloc;
	in.nsections = ns;
	in.responsible = r0;
	in.failed = failed;
	in.deduction_to = ded;
	out.contribution = palloc(sizeof(ec_fen) * (np + 1));
	out.allocation = palloc(sizeof(ec_fen) * (np + 1));
	out.stake = palloc(sizeof(ec_fen) * (ns + 1));
	out.deducted = palloc(sizeof(ec_fen) * (ns + 1));
	out.final_allocation = palloc(sizeof(ec_fen) * (np + 1));
	out.net = palloc(sizeof(ec_fen) * (np + 1));
	out.from = palloc(sizeof(int) * (np + 1));
	out.to = palloc(sizeof(int) * (np + 1));
	out.amount = palloc(sizeof(ec_fen) * (np + 1));
	st = ec_pool(&in, &out);
	if (st != EC_RULE_OK)
		kernel_error(st, "pool", "shares", out.bad);
	values[0] = PointerGetDatum(ec_int8_result(out.contribution, np));
	values[1] = PointerGetDatum(ec_int8_result(out.allocation, np));
	values[2] = PointerGetDatum(ec_int8_result(out.stake, ns));
	values[3] = PointerGetDatum(ec_int8_result(out.deducted, ns));
	values[4] = PointerGetDatum(ec_int8_result(out.final_allocation, np));
	values[5] = PointerGetDatum(ec_int8_result(out.net, np));
	values[6] = PointerGetDatum(ec_int4_result(out.from, out.ntransfers, 1));
	values[7] = PointerGetDatum(ec_int4_result(out.to, out.ntransfers, 1));
	values[8] = PointerGetDatum(ec_int8_result(out.amount, out.ntransfers));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * _factor_allocation_kernel(budget_fen, weights float8[], values float8[]
 *     (nfactors × nparties, row-major), nparties int)
 *   -> (share float8[], amount_fen bigint[])
 */
Datum
ecocomp_factor_allocation_kernel(PG_FUNCTION_ARGS)
{
	int			nf,
				nv;
	double	   *w = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &nf, "weights", NULL);
	double	   *v = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(2), &nv, "values", NULL);
	int			np = PG_GETARG_INT32(3);
	ec_fa_input in;
	ec_fa_output out;
	ec_rule_status st;
	TupleDesc	desc = ec_result_desc(fcinfo);
	Datum		values[2];
	bool		nulls[2] = {0};

	if (np < 0)
		np = 0;
	ec_same_length(nv, nf * np, "values and factors × parties");
	in.nfactors = nf;
	in.nparties = np;
	in.weight = w;
	in.value = v;
	in.budget = PG_GETARG_INT64(0);
	out.share = palloc(sizeof(double) * (np + 1));
	out.amount = palloc(sizeof(ec_fen) * (np + 1));
	st = ec_factor_allocation(&in, &out);
	if (st != EC_RULE_OK)
		kernel_error(st, "factor_allocation", "factors", out.bad);
	values[0] = PointerGetDatum(ec_float8_result(out.share, np));
	values[1] = PointerGetDatum(ec_int8_result(out.amount, np));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

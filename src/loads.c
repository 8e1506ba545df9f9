/*
 * SQL glue of the load kernels (src/core/loads.c): nd_value and the
 * aggregates flow_weighted_mean, load_kg, exceedance_load_kg and
 * beale_load_kg.  The load aggregates keep their samples in a
 * sample_state (src/sample_state.h) and integrate them in the final
 * function, after a sort by the whole sample, so that the result does not
 * depend on the order in which rows or partial states arrive.
 */
#include "ecocomp.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"

#include "core/loads.h"
#include "sample_state.h"

PG_FUNCTION_INFO_V1(ecocomp_nd_value);
PG_FUNCTION_INFO_V1(ecocomp_fwm_accum);
PG_FUNCTION_INFO_V1(ecocomp_fwm_combine);
PG_FUNCTION_INFO_V1(ecocomp_fwm_final);
PG_FUNCTION_INFO_V1(ecocomp_series_accum);
PG_FUNCTION_INFO_V1(ecocomp_series_accum_limit);
PG_FUNCTION_INFO_V1(ecocomp_series_accum_period);
PG_FUNCTION_INFO_V1(ecocomp_series_accum_limit_period);
PG_FUNCTION_INFO_V1(ecocomp_series_combine);
PG_FUNCTION_INFO_V1(ecocomp_load_final);
PG_FUNCTION_INFO_V1(ecocomp_beale_final);

/* ---------------------------------------------------------------- helpers */

ec_nd_rule
ec_lookup_nd_rule(text *t)
{
	ec_nd_rule	rule;

	if (!ec_nd_rule_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &rule))
		ec_bad_word(t, "invalid censored rule", "The censored rule must be \"half\", \"limit\" or \"zero\".", NULL);
	return rule;
}

static void
check_finite(double v, const char *what)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s is not finite", what),
				 errdetail("The %s is %g; it must be a finite number.", what, v)));
}

static void
check_concentration(double c)
{
	check_finite(c, "concentration");
	if (c < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("negative concentration"),
				 errdetail("The concentration is %g mg/L; a concentration cannot be negative.", c)));
}

/* Flows weight concentrations: a negative one would turn a load around. */
static void
check_flow(double q)
{
	check_finite(q, "flow");
	if (q < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("negative flow"),
				 errdetail("The flow is %g m³/s; loads and flow-weighted means need flows of 0 or more.", q),
				 errhint("Record the flow's direction separately and pass its magnitude.")));
}

/* ---------------------------------------------------------------- nd_value */

Datum
ecocomp_nd_value(PG_FUNCTION_ARGS)
{
	double		value = PG_GETARG_FLOAT8(0);
	bool		censored = PG_GETARG_BOOL(1);
	ec_nd_rule	rule = ec_lookup_nd_rule(PG_GETARG_TEXT_PP(2));

	PG_RETURN_FLOAT8(ec_nd_value(value, censored, rule));
}

/* ------------------------------------------------------ flow_weighted_mean */

/* State {Σ C·Q, Σ Q, n}: finite, Σ Q and n not negative. */
static double *
fwm_state(ArrayType *a)
{
	int			n;
	double	   *d = sample_state_data(a, &n, "flow_weighted_mean");

	if (n != 3 || !isfinite(d[0]) || !isfinite(d[1]) || !isfinite(d[2]) ||
		d[0] < 0 || d[1] < 0 || d[2] < 0)
		sample_state_bad("flow_weighted_mean",
						 "The state has %d values (first %g); it holds three finite, non-negative sums.",
						 n, n > 0 ? d[0] : 0.0);
	return d;
}

Datum
ecocomp_fwm_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *a = AggCheckCallContext(fcinfo, NULL) ? PG_GETARG_ARRAYTYPE_P(0)
		: PG_GETARG_ARRAYTYPE_P_COPY(0);
	double	   *d = fwm_state(a);
	double		c = PG_GETARG_FLOAT8(1);
	double		q = PG_GETARG_FLOAT8(2);

	check_concentration(c);
	check_flow(q);
	d[0] += c * q;
	d[1] += q;
	d[2] += 1;
	check_finite(d[0], "sum of concentration times flow");
	check_finite(d[1], "sum of flows");
	PG_RETURN_ARRAYTYPE_P(a);
}

Datum
ecocomp_fwm_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a = AggCheckCallContext(fcinfo, NULL) ? PG_GETARG_ARRAYTYPE_P(0)
		: PG_GETARG_ARRAYTYPE_P_COPY(0);
	double	   *d = fwm_state(a);
	double	   *e = fwm_state(PG_GETARG_ARRAYTYPE_P(1));

	d[0] += e[0];
	d[1] += e[1];
	d[2] += e[2];
	check_finite(d[0], "sum of concentration times flow");
	check_finite(d[1], "sum of flows");
	PG_RETURN_ARRAYTYPE_P(a);
}

Datum
ecocomp_fwm_final(PG_FUNCTION_ARGS)
{
	double	   *d = fwm_state(PG_GETARG_ARRAYTYPE_P(0));

	if (d[2] == 0 || d[1] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(d[0] / d[1]);
}

/* ------------------------------------------------------- load aggregates */

/*
 * State of load_kg, exceedance_load_kg and beale_load_kg:
 *   [0] SERIES_MAGIC, [1] records, [2] limit, [3] period start, [4] period
 *   end (µs since 2000; NaN when not given), [5] 1 if the end is inclusive,
 * then records (t µs, concentration, flow) with NaN for a missing value.
 */
#define SERIES_MAGIC 1001.0
#define SERIES_HDR 6
#define SERIES_W 3
#define SERIES_WHAT "load aggregate"

/* Whatever reaches a state from outside: finite times, values as series_add writes them. */
static void
series_validate(const sample_state *s, const double *rec, int n)
{
	const double *d = s->d;

	if (!(isnan(d[2]) || (isfinite(d[2]) && d[2] >= 0)) ||
		isnan(d[3]) != isnan(d[4]) || isinf(d[3]) || isinf(d[4]) ||
		(!isnan(d[3]) && d[3] > d[4]) || !(d[5] == 0 || d[5] == 1))
		sample_state_bad(SERIES_WHAT,
						 "The header (limit %g, period %g to %g, inclusive %g) is not one this aggregate writes.",
						 d[2], d[3], d[4], d[5]);
	for (int i = 0; i < n; i++)
	{
		const double *r = rec + (Size) i * SERIES_W;

		if (!isfinite(r[0]) || !(isnan(r[1]) || (isfinite(r[1]) && r[1] >= 0)) ||
			!(isnan(r[2]) || (isfinite(r[2]) && r[2] >= 0)))
			sample_state_bad(SERIES_WHAT,
							 "Record %d has time %g, concentration %g and flow %g; times must be finite, values finite and non-negative or missing.",
							 i + 1, r[0], r[1], r[2]);
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

static ArrayType *
series_add(FunctionCallInfo fcinfo, bool has_limit, bool has_period)
{
	sample_state s;
	int			pi = 3 + (has_limit ? 1 : 0);
	double		limit = NAN;
	double		t0 = NAN;
	double		t1 = NAN;
	double		inc = 0;
	double		c = NAN;
	double		q = NAN;
	TimestampTz t;
	double	   *r;
	bool		have;

	if (has_limit)
	{
		if (PG_ARGISNULL(4))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("limit of exceedance_load_kg must not be NULL"),
					 errdetail("Every row needs the concentration limit in mg/L.")));
		limit = PG_GETARG_FLOAT8(4);
		check_concentration(limit);
	}
	if (has_period)
	{
		RangeType  *range;
		TypeCacheEntry *tc;
		RangeBound	lo;
		RangeBound	hi;
		bool		empty;

		if (PG_ARGISNULL(pi + 1))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("period of a load aggregate must not be NULL"),
					 errdetail("Every row needs the period the load is integrated over.")));
		range = PG_GETARG_RANGE_P(pi + 1);
		tc = range_get_typcache(fcinfo, RangeTypeGetOid(range));
		range_deserialize(tc, range, &lo, &hi, &empty);
		if (empty || lo.infinite || hi.infinite ||
			TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(lo.val)) ||
			TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(hi.val)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("period of a load aggregate must be bounded and not empty"),
					 errdetail("The period needs a finite start and end.")));
		t0 = (double) DatumGetTimestampTz(lo.val);
		t1 = (double) DatumGetTimestampTz(hi.val);
		inc = hi.inclusive ? 1 : 0;
	}

	have = !PG_ARGISNULL(0);
	if (have && !sample_state_open(PG_GETARG_ARRAYTYPE_P(0), SERIES_MAGIC, SERIES_HDR,
								   SERIES_W, &s, SERIES_WHAT))
		have = false;
	if (!have)
	{
		sample_state_new(SERIES_MAGIC, SERIES_HDR, SERIES_W, 32, &s);
		s.d[2] = limit;
		s.d[3] = t0;
		s.d[4] = t1;
		s.d[5] = inc;
	}
	else if (!AggCheckCallContext(fcinfo, NULL))
		sample_state_copy(&s, 1);
	if (has_limit && !(s.d[2] == limit))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("limit of exceedance_load_kg changes within a group"),
				 errdetail("The limit was %g mg/L and is now %g mg/L; it must be the same on every row of a group.",
						   s.d[2], limit)));
	if (has_period && !(s.d[3] == t0 && s.d[4] == t1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period of a load aggregate changes within a group"),
				 errdetail("The period must be the same on every row of a group.")));

	/* rows without a time, or with neither value, carry nothing */
	if (PG_ARGISNULL(1) || (PG_ARGISNULL(2) && PG_ARGISNULL(3)))
		return s.a;
	t = PG_GETARG_TIMESTAMPTZ(1);
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("observation time is not finite"),
				 errdetail("Loads need finite observation times.")));
	if (has_period && ((double) t < t0 || (double) t > t1 || ((double) t == t1 && inc == 0)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("observation outside the period of a load aggregate"),
				 errdetail("The observation at %s is not in the period given to the aggregate.",
						   timestamptz_to_str(t))));
	if (!PG_ARGISNULL(2))
	{
		c = PG_GETARG_FLOAT8(2);
		check_concentration(c);
	}
	if (!PG_ARGISNULL(3))
	{
		q = PG_GETARG_FLOAT8(3);
		check_flow(q);
	}
	sample_state_reserve(&s, 1);
	r = sample_state_at(&s, s.n);
	r[0] = (double) t;
	r[1] = c;
	r[2] = q;
	s.n++;
	s.d[1] = s.n;
	return s.a;
}

/* the four transition functions: with or without a limit, with or without a period */
#define SERIES_ACCUM(name, with_limit, with_period) \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_ARRAYTYPE_P(series_add(fcinfo, with_limit, with_period)); \
}

SERIES_ACCUM(ecocomp_series_accum, false, false)
SERIES_ACCUM(ecocomp_series_accum_limit, true, false)
SERIES_ACCUM(ecocomp_series_accum_period, false, true)
SERIES_ACCUM(ecocomp_series_accum_limit_period, true, true)

static bool
same_value(double x, double y)
{
	return (isnan(x) && isnan(y)) || x == y;
}

Datum
ecocomp_series_combine(PG_FUNCTION_ARGS)
{
	sample_state a;
	sample_state b;

	if (!sample_state_open(PG_GETARG_ARRAYTYPE_P(1), SERIES_MAGIC, SERIES_HDR, SERIES_W, &b,
						   SERIES_WHAT))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	series_validate(&b, sample_state_at(&b, 0), b.n);
	if (!sample_state_open(PG_GETARG_ARRAYTYPE_P(0), SERIES_MAGIC, SERIES_HDR, SERIES_W, &a,
						   SERIES_WHAT))
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	for (int i = 2; i < SERIES_HDR; i++)
		if (!same_value(a.d[i], b.d[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("load aggregate states with different limits or periods"),
					 errdetail("The limit and the period must be the same on every row of a group.")));
	PG_RETURN_ARRAYTYPE_P(sample_state_append(fcinfo, &a, &b));
}

/*
 * The samples of a load state, sorted, as a concentration series with the
 * flow at each sample (its own, or interpolated from the flow samples) and
 * the flow series.  Times are seconds after `base`.
 */
typedef struct series_view
{
	int			nc;
	double	   *tc;
	double	   *c;
	double	   *q;
	int			nf;
	double	   *tf;
	double	   *qf;
	double		t0;				/* seconds, NaN if not given */
	double		t1;
	double		limit;
	double	   *scratch;
} series_view;

static bool
series_view_make(ArrayType *arr, series_view *v)
{
	sample_state s;
	double	   *rec;
	double		base;
	int			hint = 0;
	int			at;
	ec_status	clash;

	if (!sample_state_open(arr, SERIES_MAGIC, SERIES_HDR, SERIES_W, &s, SERIES_WHAT) ||
		s.n == 0)
		return false;
	rec = palloc((Size) s.n * SERIES_W * sizeof(double));
	memcpy(rec, sample_state_at(&s, 0), (Size) s.n * SERIES_W * sizeof(double));
	series_validate(&s, rec, s.n);
	sample_state_sort(rec, s.n, SERIES_W);
	clash = ec_series_check(rec, s.n, &at);
	if (clash != EC_OK)
	{
		ec_names	names = {"the load aggregate"};

		names.listing = timestamptz_to_str((TimestampTz) rec[(Size) at * SERIES_W]);
		ec_raise(clash, &names, at, 0);
	}
	base = isnan(s.d[3]) ? rec[0] : s.d[3];
	v->limit = s.d[2];
	v->t0 = isnan(s.d[3]) ? NAN : 0.0;
	v->t1 = isnan(s.d[4]) ? NAN : (s.d[4] - base) / 1e6;
	v->tc = palloc((Size) s.n * 5 * sizeof(double));
	v->c = v->tc + s.n;
	v->q = v->c + s.n;
	v->tf = v->q + s.n;
	v->qf = v->tf + s.n;
	v->scratch = palloc((Size) s.n * sizeof(double));
	v->nc = 0;
	v->nf = 0;
	for (int i = 0; i < s.n; i++)
	{
		double	   *r = rec + (Size) i * SERIES_W;
		double		t = (r[0] - base) / 1e6;

		/* one flow per time (ec_series_check): skip a repeated one */
		if (!isnan(r[2]) && !(v->nf > 0 && v->tf[v->nf - 1] == t))
		{
			v->tf[v->nf] = t;
			v->qf[v->nf++] = r[2];
		}
	}
	for (int i = 0; i < s.n; i++)
	{
		double	   *r = rec + (Size) i * SERIES_W;
		double		t = (r[0] - base) / 1e6;

		if (isnan(r[1]))
			continue;
		if (isnan(r[2]) && v->nf == 0)
			return false;
		v->tc[v->nc] = t;
		v->c[v->nc] = r[1];
		v->q[v->nc++] = !isnan(r[2]) ? r[2] : ec_interpolate(v->tf, v->qf, v->nf, t, &hint);
	}
	pfree(rec);
	return v->nc > 0;
}

Datum
ecocomp_load_final(PG_FUNCTION_ARGS)
{
	series_view v;

	if (!series_view_make(PG_GETARG_ARRAYTYPE_P(0), &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ec_interval_load_kg(v.tc, v.c, v.q, v.nc, v.t0, v.t1, v.limit,
										 v.scratch));
}

Datum
ecocomp_beale_final(PG_FUNCTION_ARGS)
{
	series_view v;
	double		mean_flow;
	double		kg;

	if (!series_view_make(PG_GETARG_ARRAYTYPE_P(0), &v) || v.nf == 0 || isnan(v.t1))
		PG_RETURN_NULL();
	mean_flow = ec_time_weighted_mean(v.tf, v.qf, v.nf, v.t0, v.t1, v.scratch);
	if (isnan(mean_flow) || !ec_beale_load_kg(v.c, v.q, v.nc, mean_flow, v.t1 - v.t0, &kg))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(kg);
}

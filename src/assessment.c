/*
 * SQL glue of the loads and assessment kernels (src/core/loads.c):
 * nd_value, the aggregates flow_weighted_mean, load_kg, exceedance_load_kg,
 * beale_load_kg, and the internal aggregate _assess_collect with the set
 * function _assess_rows that assessment() is built from.
 *
 * Every aggregate state is a plain float8[], so that it survives the text
 * round trip that parallel query and Citus workers rely on (see
 * docs/assessment.md).  States that collect samples keep spare room at
 * their end: element [1] is the number of records in use and the rest of
 * the array is zero padding, which the transition functions fill in place.
 * The padding is part of the array's value, so copies of the state keep it.
 */
#include "ecocomp.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"

#include "core/loads.h"

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
PG_FUNCTION_INFO_V1(ecocomp_assess_collect);
PG_FUNCTION_INFO_V1(ecocomp_assess_combine);
PG_FUNCTION_INFO_V1(ecocomp_assess_rows);

/* ---------------------------------------------------------------- helpers */

static ec_nd_rule
lookup_rule(text *t)
{
	ec_nd_rule	rule;

	if (!ec_nd_rule_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &rule))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid censored rule \"%s\"", text_to_cstring(t)),
				 errdetail("The censored rule must be \"half\", \"limit\" or \"zero\".")));
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

static void
bad_state(const char *caller)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("%s: invalid aggregate state", caller),
			 errdetail("The state is not an array this aggregate wrote.")));
}

/* The float8 elements of a one-dimensional array without NULLs. */
static double *
state_data(ArrayType *a, int *n, const char *caller)
{
	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != FLOAT8OID)
		bad_state(caller);
	*n = ARR_DIMS(a)[0];
	return (double *) ARR_DATA_PTR(a);
}

static ArrayType *
new_float8_array(int n)
{
	Size		bytes = ARR_OVERHEAD_NONULLS(1) + (Size) n * sizeof(double);
	ArrayType  *a;

	if (n < 0 || bytes > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aggregate state too large"),
				 errdetail("The state would hold %d values; the limit is about %zu.",
						   n, (Size) (MaxAllocSize / sizeof(double)))));
	a = (ArrayType *) palloc0(bytes);
	SET_VARSIZE(a, bytes);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	ARR_DIMS(a)[0] = n;
	ARR_LBOUND(a)[0] = 1;
	return a;
}

/*
 * Growable record states: [0] magic, [1] records in use, then `hdr - 2`
 * more header values, then records of `width` doubles, then zero padding.
 */
typedef struct rec_state
{
	ArrayType  *a;
	double	   *d;
	int			len;			/* array length */
	int			hdr;
	int			width;
	int			n;				/* records in use */
	int			cap;			/* records that fit */
} rec_state;

static bool
rec_open(ArrayType *a, double magic, int hdr, int width, rec_state *s, const char *caller)
{
	s->a = a;
	s->d = state_data(a, &s->len, caller);
	s->hdr = hdr;
	s->width = width;
	if (s->len == 0)
		return false;
	if (s->len < hdr || s->d[0] != magic || !(s->d[1] >= 0) ||
		s->d[1] > (double) (s->len - hdr) / width)
		bad_state(caller);
	s->n = (int) s->d[1];
	s->cap = (s->len - hdr) / width;
	return true;
}

/*
 * A new state with room for cap records, in the current (per-call) memory
 * context: when a transition or combine function returns a new array, the
 * aggregate node copies it into its own context and frees the old state.
 */
static void
rec_new(FunctionCallInfo fcinfo, double magic, int hdr, int width, int cap, rec_state *s)
{
	s->a = new_float8_array(hdr + cap * width);
	s->d = (double *) ARR_DATA_PTR(s->a);
	s->len = hdr + cap * width;
	s->hdr = hdr;
	s->width = width;
	s->n = 0;
	s->cap = cap;
	s->d[0] = magic;
	s->d[1] = 0;
}

/* Makes room for `more` records, moving to a larger array if needed. */
static void
rec_reserve(FunctionCallInfo fcinfo, rec_state *s, int more)
{
	rec_state	bigger;
	int64		want = (int64) s->n + more;
	int64		cap;

	if (want <= s->cap)
		return;
	cap = Max(want, (int64) s->cap + s->cap / 2 + 16);
	if (cap > (int64) (MaxAllocSize / sizeof(double) - 64) / s->width)
		cap = want;
	if (cap > INT_MAX / s->width)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aggregate state too large"),
				 errdetail("A group would hold " INT64_FORMAT " records.", want)));
	rec_new(fcinfo, s->d[0], s->hdr, s->width, (int) cap, &bigger);
	memcpy(bigger.d, s->d, ((Size) s->hdr + (Size) s->n * s->width) * sizeof(double));
	bigger.n = s->n;
	*s = bigger;
}

static inline double *
rec_at(rec_state *s, int i)
{
	return s->d + s->hdr + (Size) i * s->width;
}

/* ---------------------------------------------------------------- nd_value */

Datum
ecocomp_nd_value(PG_FUNCTION_ARGS)
{
	double		value = PG_GETARG_FLOAT8(0);
	bool		censored = PG_GETARG_BOOL(1);
	ec_nd_rule	rule = lookup_rule(PG_GETARG_TEXT_PP(2));

	PG_RETURN_FLOAT8(ec_nd_value(value, censored, rule));
}

/* ------------------------------------------------------ flow_weighted_mean */

/* State {Σ C·Q, Σ Q, n}. */
static double *
fwm_state(ArrayType *a)
{
	int			n;
	double	   *d = state_data(a, &n, "flow_weighted_mean");

	if (n != 3)
		bad_state("flow_weighted_mean");
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
	check_finite(q, "flow");
	d[0] += c * q;
	d[1] += q;
	d[2] += 1;
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

static ArrayType *
series_add(FunctionCallInfo fcinfo, bool has_limit, bool has_period)
{
	rec_state	s;
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
	if (have && !rec_open(PG_GETARG_ARRAYTYPE_P(0), SERIES_MAGIC, SERIES_HDR, SERIES_W, &s,
						  "load aggregate"))
		have = false;
	if (!have)
	{
		rec_new(fcinfo, SERIES_MAGIC, SERIES_HDR, SERIES_W, 32, &s);
		s.d[2] = limit;
		s.d[3] = t0;
		s.d[4] = t1;
		s.d[5] = inc;
	}
	else if (!AggCheckCallContext(fcinfo, NULL))
	{
		/* outside an aggregate the input must not be modified */
		rec_state	copy;

		rec_new(fcinfo, SERIES_MAGIC, SERIES_HDR, SERIES_W, s.n + 1, &copy);
		memcpy(copy.d, s.d, ((Size) SERIES_HDR + (Size) s.n * SERIES_W) * sizeof(double));
		copy.n = s.n;
		s = copy;
	}
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
		check_finite(q, "flow");
	}
	rec_reserve(fcinfo, &s, 1);
	r = rec_at(&s, s.n);
	r[0] = (double) t;
	r[1] = c;
	r[2] = q;
	s.n++;
	s.d[1] = s.n;
	return s.a;
}

Datum
ecocomp_series_accum(PG_FUNCTION_ARGS)
{
	PG_RETURN_ARRAYTYPE_P(series_add(fcinfo, false, false));
}

Datum
ecocomp_series_accum_limit(PG_FUNCTION_ARGS)
{
	PG_RETURN_ARRAYTYPE_P(series_add(fcinfo, true, false));
}

Datum
ecocomp_series_accum_period(PG_FUNCTION_ARGS)
{
	PG_RETURN_ARRAYTYPE_P(series_add(fcinfo, false, true));
}

Datum
ecocomp_series_accum_limit_period(PG_FUNCTION_ARGS)
{
	PG_RETURN_ARRAYTYPE_P(series_add(fcinfo, true, true));
}

static bool
same_value(double x, double y)
{
	return (isnan(x) && isnan(y)) || x == y;
}

/* Appends the records of b to a (both open); returns the resulting array. */
static ArrayType *
rec_append(FunctionCallInfo fcinfo, rec_state *a, rec_state *b)
{
	if (!AggCheckCallContext(fcinfo, NULL))
	{
		rec_state	copy;

		rec_new(fcinfo, a->d[0], a->hdr, a->width, a->n + b->n, &copy);
		memcpy(copy.d, a->d, ((Size) a->hdr + (Size) a->n * a->width) * sizeof(double));
		copy.n = a->n;
		*a = copy;
	}
	rec_reserve(fcinfo, a, b->n);
	memcpy(rec_at(a, a->n), rec_at(b, 0), (Size) b->n * b->width * sizeof(double));
	a->n += b->n;
	a->d[1] = a->n;
	return a->a;
}

Datum
ecocomp_series_combine(PG_FUNCTION_ARGS)
{
	rec_state	a;
	rec_state	b;

	if (!rec_open(PG_GETARG_ARRAYTYPE_P(1), SERIES_MAGIC, SERIES_HDR, SERIES_W, &b,
				  "load aggregate"))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	if (!rec_open(PG_GETARG_ARRAYTYPE_P(0), SERIES_MAGIC, SERIES_HDR, SERIES_W, &a,
				  "load aggregate"))
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	for (int i = 2; i < SERIES_HDR; i++)
		if (!same_value(a.d[i], b.d[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("load aggregate states with different limits or periods"),
					 errdetail("The limit and the period must be the same on every row of a group.")));
	PG_RETURN_ARRAYTYPE_P(rec_append(fcinfo, &a, &b));
}

/*
 * The samples of a load state, sorted by time, as a concentration series
 * with the flow at each sample (its own, or interpolated from the flow
 * samples) and the flow series.  Times are seconds after `base`.
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
	rec_state	s;
	double	   *rec;
	double	   *tmp;
	double		base;
	int			hint = 0;

	if (!rec_open(arr, SERIES_MAGIC, SERIES_HDR, SERIES_W, &s, "load aggregate") || s.n == 0)
		return false;
	rec = palloc((Size) s.n * SERIES_W * sizeof(double));
	tmp = palloc((Size) s.n * SERIES_W * sizeof(double));
	memcpy(rec, rec_at(&s, 0), (Size) s.n * SERIES_W * sizeof(double));
	ec_sort_records(rec, s.n, SERIES_W, tmp);
	base = isnan(s.d[3]) ? rec[0] : s.d[3];
	v->limit = s.d[2];
	v->t0 = isnan(s.d[3]) ? NAN : 0.0;
	v->t1 = isnan(s.d[4]) ? NAN : (s.d[4] - base) / 1e6;
	v->tc = palloc((Size) s.n * 5 * sizeof(double));
	v->c = v->tc + s.n;
	v->q = v->c + s.n;
	v->tf = v->q + s.n;
	v->qf = v->tf + s.n;
	v->scratch = tmp;
	v->nc = 0;
	v->nf = 0;
	for (int i = 0; i < s.n; i++)
	{
		double	   *r = rec + (Size) i * SERIES_W;

		if (!isnan(r[2]))
		{
			v->tf[v->nf] = (r[0] - base) / 1e6;
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

/* ------------------------------------------------------------ assessment */

/*
 * _assess_collect(observed_at, parameter, value, censored, codes text[])
 * gathers every observation of a group (a section) as (key, value) with the
 * key of loads.h: time in ms, the parameter's position in `codes` and the
 * censored flag.  State: [0] ASSESS_MAGIC, [1] records, then the records.
 */
#define ASSESS_MAGIC 2001.0
#define ASSESS_HDR 2
#define ASSESS_W 2
#define CODE_HASH 256

typedef struct code_dict
{
	int			n;
	char	  **code;
	int		   *len;
	int			head[CODE_HASH];
	int		   *next;
	Size		src_size;
	char	   *src_copy;		/* the codes array it was built from */
	const void *src_ptr;		/* and where it was last seen */
} code_dict;

static inline int
code_hash(const char *s, int len)
{
	return len == 0 ? 0 : (len * 31 + (unsigned char) s[0] * 7 +
						   (unsigned char) s[len - 1]) & (CODE_HASH - 1);
}

static code_dict *
dict_build(ArrayType *codes, MemoryContext cxt)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	code_dict  *d;
	MemoryContext old = MemoryContextSwitchTo(cxt);

	if (ARR_NDIM(codes) > 1 || ARR_ELEMTYPE(codes) != TEXTOID)
		elog(ERROR, "_assess_collect: codes must be a text array");
	deconstruct_array(codes, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	if (n > EC_KEY_PARAMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many parameters for the assessment"),
				 errdetail("The parameter catalogue has %d codes; the assessment handles at most %d.",
						   n, EC_KEY_PARAMS)));
	d = palloc0(sizeof(code_dict));
	d->n = n;
	d->code = palloc(sizeof(char *) * Max(n, 1));
	d->len = palloc(sizeof(int) * Max(n, 1));
	d->next = palloc(sizeof(int) * Max(n, 1));
	for (int i = 0; i < CODE_HASH; i++)
		d->head[i] = -1;
	for (int i = 0; i < n; i++)
	{
		text	   *t;
		int			h;

		if (nulls[i])
			elog(ERROR, "_assess_collect: NULL parameter code");
		t = DatumGetTextPP(elems[i]);
		d->code[i] = VARDATA_ANY(t);
		d->len[i] = VARSIZE_ANY_EXHDR(t);
		h = code_hash(d->code[i], d->len[i]);
		d->next[i] = d->head[h];
		d->head[h] = i;
	}
	d->src_size = VARSIZE(codes);
	d->src_copy = palloc(d->src_size);
	memcpy(d->src_copy, codes, d->src_size);
	MemoryContextSwitchTo(old);
	return d;
}

static code_dict *
dict_get(FunctionCallInfo fcinfo, ArrayType *codes)
{
	code_dict  *d = (code_dict *) fcinfo->flinfo->fn_extra;

	/* the list is the same constant on every row: compare only when it moved */
	if (d != NULL && d->src_ptr == (const void *) codes)
		return d;
	if (d == NULL || d->src_size != VARSIZE(codes) ||
		memcmp(d->src_copy, codes, d->src_size) != 0)
	{
		d = dict_build(codes, fcinfo->flinfo->fn_mcxt);
		fcinfo->flinfo->fn_extra = d;
	}
	d->src_ptr = codes;
	return d;
}

static int
dict_find(const code_dict *d, const char *s, int len)
{
	for (int i = d->head[code_hash(s, len)]; i >= 0; i = d->next[i])
		if (d->len[i] == len && memcmp(d->code[i], s, len) == 0)
			return i;
	return -1;
}

Datum
ecocomp_assess_collect(PG_FUNCTION_ARGS)
{
	rec_state	s;
	code_dict  *dict;
	text	   *par;
	int			pi;
	TimestampTz t;
	double		value;
	double		key;
	double	   *r;
	int64		ms;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "_assess_collect called in non-aggregate context");
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4) ||
		PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("observation with a NULL time, parameter, value or censored flag"),
				 errdetail("Every observation the assessment reads must be complete.")));
	if (PG_ARGISNULL(0) ||
		!rec_open(PG_GETARG_ARRAYTYPE_P(0), ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, &s,
				  "_assess_collect"))
		rec_new(fcinfo, ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, 64, &s);

	dict = dict_get(fcinfo, PG_GETARG_ARRAYTYPE_P(5));
	par = PG_GETARG_TEXT_PP(2);
	pi = dict_find(dict, VARDATA_ANY(par), VARSIZE_ANY_EXHDR(par));
	if (pi < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown parameter \"%s\"", text_to_cstring(par)),
				 errdetail("Parameter \"%s\" is not in the ecocomp.parameter catalogue.",
						   text_to_cstring(par))));
	t = PG_GETARG_TIMESTAMPTZ(1);
	value = PG_GETARG_FLOAT8(3);
	if (!isfinite(value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value of %s is not finite", text_to_cstring(par)),
				 errdetail("The value is %g; observations must be finite numbers.", value)));
	ms = TIMESTAMP_NOT_FINITE(t) ? PG_INT64_MAX : (t >= 0 ? t / 1000 : -((-t + 999) / 1000));
	if (!ec_key_make(ms, pi, PG_GETARG_BOOL(4), &key))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("observation time out of range for the assessment"),
				 errdetail("The observation at %s is more than about 139 years away from 2000-01-01.",
						   timestamptz_to_str(t))));
	rec_reserve(fcinfo, &s, 1);
	r = rec_at(&s, s.n);
	r[0] = key;
	r[1] = value;
	s.n++;
	s.d[1] = s.n;
	PG_RETURN_ARRAYTYPE_P(s.a);
}

Datum
ecocomp_assess_combine(PG_FUNCTION_ARGS)
{
	rec_state	a;
	rec_state	b;

	if (!rec_open(PG_GETARG_ARRAYTYPE_P(1), ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, &b,
				  "_assess_collect"))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	if (!rec_open(PG_GETARG_ARRAYTYPE_P(0), ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, &a,
				  "_assess_collect"))
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	PG_RETURN_ARRAYTYPE_P(rec_append(fcinfo, &a, &b));
}

/*
 * _assess_rows(state, codes, bounds timestamptz[], waterbody, target_class,
 * censored_rule): one row per parameter and unit period with samples; unit
 * u (1-based) is [bounds[u], bounds[u+1]).
 */
#define ASSESS_ROW_COLS 14

Datum
ecocomp_assess_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	rec_state	s;
	ArrayType  *codes_a;
	ArrayType  *bounds_a;
	Datum	   *codes;
	bool	   *cnulls;
	int			ncodes;
	Datum	   *bd;
	bool	   *bnulls;
	int			nb;
	int64	   *bms;
	ec_waterbody wb;
	int			target = 0;
	ec_nd_rule	rule;
	double	   *rec;
	double	   *tmp;
	int		   *count;
	int		   *start;
	int			flow_idx = -1;
	double	   *pt;				/* per parameter, sorted by time: ms */
	double	   *pv;				/* substituted values */
	char	   *pc;				/* censored flags */
	int		   *fstart;			/* flow samples per unit: [fstart[u], fstart[u+1]) */
	double	   *ft;
	double	   *fq;
	double	   *scratch;
	double	   *tsec;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		PG_ARGISNULL(5))
		return (Datum) 0;
	if (!rec_open(PG_GETARG_ARRAYTYPE_P(0), ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, &s,
				  "_assess_rows") || s.n == 0)
		return (Datum) 0;
	codes_a = PG_GETARG_ARRAYTYPE_P(1);
	bounds_a = PG_GETARG_ARRAYTYPE_P(2);
	wb = ec_lookup_waterbody(PG_GETARG_TEXT_PP(3));
	if (!PG_ARGISNULL(4))
		target = ec_wq_class_number(fcinfo, PG_GETARG_DATUM(4));
	rule = lookup_rule(PG_GETARG_TEXT_PP(5));

	deconstruct_array(codes_a, TEXTOID, -1, false, TYPALIGN_INT, &codes, &cnulls, &ncodes);
	deconstruct_array(bounds_a, TIMESTAMPTZOID, sizeof(TimestampTz), FLOAT8PASSBYVAL,
					  TYPALIGN_DOUBLE, &bd, &bnulls, &nb);
	if (nb < 2)
		return (Datum) 0;
	bms = palloc(sizeof(int64) * nb);
	for (int i = 0; i < nb; i++)
	{
		TimestampTz b = DatumGetTimestampTz(bd[i]);

		if (bnulls[i] || TIMESTAMP_NOT_FINITE(b) || (i > 0 && b / 1000 <= bms[i - 1]))
			elog(ERROR, "_assess_rows: unit bounds must be finite and increasing");
		bms[i] = b >= 0 ? b / 1000 : -((-b + 999) / 1000);
	}
	for (int i = 0; i < ncodes; i++)
	{
		text	   *c = DatumGetTextPP(codes[i]);

		if (VARSIZE_ANY_EXHDR(c) == 4 && memcmp(VARDATA_ANY(c), "flow", 4) == 0)
			flow_idx = i;
	}

	/* sort by key (time first), then bucket by parameter, keeping time order */
	rec = palloc((Size) s.n * ASSESS_W * sizeof(double));
	tmp = palloc((Size) s.n * ASSESS_W * sizeof(double));
	memcpy(rec, rec_at(&s, 0), (Size) s.n * ASSESS_W * sizeof(double));
	ec_sort_records(rec, s.n, ASSESS_W, tmp);
	pfree(tmp);
	count = palloc0(sizeof(int) * (ncodes + 1));
	start = palloc0(sizeof(int) * (ncodes + 1));
	pt = palloc(sizeof(double) * s.n);
	pv = palloc(sizeof(double) * s.n);
	pc = palloc(s.n);
	for (int i = 0; i < s.n; i++)
	{
		int64		ms;
		int			par;
		bool		cens;

		/* keys this module wrote are integers below 2^53 */
		if (!(fabs(rec[(Size) i * ASSESS_W]) < 9007199254740992.0))
			bad_state("_assess_rows");
		ec_key_split(rec[(Size) i * ASSESS_W], &ms, &par, &cens);
		if (par >= ncodes)
			bad_state("_assess_rows");
		count[par]++;
	}
	for (int i = 1; i <= ncodes; i++)
		start[i] = start[i - 1] + count[i - 1];
	memset(count, 0, sizeof(int) * (ncodes + 1));
	for (int i = 0; i < s.n; i++)
	{
		int64		ms;
		int			par;
		bool		cens;
		int			at;

		ec_key_split(rec[(Size) i * ASSESS_W], &ms, &par, &cens);
		at = start[par] + count[par]++;
		pt[at] = (double) ms;
		pv[at] = ec_nd_value(rec[(Size) i * ASSESS_W + 1], cens, rule);
		pc[at] = cens ? 1 : 0;
	}
	pfree(rec);

	/* flow samples per unit, seconds after the unit's start */
	fstart = palloc0(sizeof(int) * (nb + 1));
	ft = palloc(sizeof(double) * Max(1, flow_idx >= 0 ? count[flow_idx] : 0));
	fq = palloc(sizeof(double) * Max(1, flow_idx >= 0 ? count[flow_idx] : 0));
	if (flow_idx >= 0)
	{
		int			u = 0;
		int			k = 0;

		for (int i = start[flow_idx]; i < start[flow_idx] + count[flow_idx]; i++)
		{
			while (u < nb - 1 && pt[i] >= (double) bms[u + 1])
				fstart[++u] = k;
			if (pt[i] < (double) bms[0] || u >= nb - 1)
				elog(ERROR, "_assess_rows: observation outside the unit periods");
			ft[k] = (pt[i] - (double) bms[u]) / 1000.0;
			fq[k++] = pv[i];
		}
		while (u < nb - 1)
			fstart[++u] = k;
	}
	scratch = palloc(sizeof(double) * (2 * (Size) s.n + Max(1, flow_idx >= 0 ? count[flow_idx] : 0) + 1));
	tsec = palloc(sizeof(double) * s.n);

	for (int par = 0; par < ncodes; par++)
	{
		int			i = start[par];
		int			end = start[par] + count[par];
		text	   *code = DatumGetTextPP(codes[par]);
		int			pidx = ec_param_index(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code));
		const ec_param *p = pidx >= 0 ? &ec_params[pidx] : NULL;

		while (i < end)
		{
			int			u;
			int			j;
			int64		ncens = 0;
			ec_assess_row row;
			Datum		values[ASSESS_ROW_COLS];
			bool		nulls[ASSESS_ROW_COLS];
			int			nf;

			if (pt[i] < (double) bms[0] || pt[i] >= (double) bms[nb - 1])
				elog(ERROR, "_assess_rows: observation outside the unit periods");
			for (u = 0; pt[i] >= (double) bms[u + 1]; u++)
				;
			for (j = i; j < end && pt[j] < (double) bms[u + 1]; j++)
			{
				tsec[j - i] = (pt[j] - (double) bms[u]) / 1000.0;
				ncens += pc[j];
			}
			nf = flow_idx >= 0 ? fstart[u + 1] - fstart[u] : 0;
			ec_assess(p, wb, target, tsec, pv + i, j - i, ncens,
					  ft + (nf > 0 ? fstart[u] : 0), fq + (nf > 0 ? fstart[u] : 0), nf,
					  0.0, (double) (bms[u + 1] - bms[u]) / 1000.0, scratch, &row);
			if (row.status != EC_OK)
				ec_report_status(row.status, p, row.mean);

			memset(nulls, 0, sizeof(nulls));
			values[0] = PointerGetDatum(code);
			values[1] = Int32GetDatum(u + 1);
			values[2] = Int64GetDatum(row.samples);
			values[3] = Int64GetDatum(row.censored);
			values[4] = Float8GetDatum(row.mean);
			if (row.mean_class > 0)
				values[5] = ec_wq_class_datum(fcinfo, row.mean_class);
			else
				nulls[5] = true;
			values[6] = Float8GetDatum(row.target_limit);
			nulls[6] = isnan(row.target_limit);
			values[7] = BoolGetDatum(row.meets_target == 1);
			nulls[7] = row.meets_target < 0;
			values[8] = Float8GetDatum(row.exceedance_multiple);
			nulls[8] = isnan(row.exceedance_multiple);
			values[9] = Int64GetDatum(row.samples_meeting);
			nulls[9] = row.samples_meeting < 0;
			values[10] = Float8GetDatum(row.flow_mean);
			nulls[10] = isnan(row.flow_mean);
			values[11] = Float8GetDatum(row.volume_m3);
			nulls[11] = isnan(row.volume_m3);
			values[12] = Float8GetDatum(row.load_kg);
			nulls[12] = isnan(row.load_kg);
			values[13] = Float8GetDatum(row.exceedance_load_kg);
			nulls[13] = isnan(row.exceedance_load_kg);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			i = j;
		}
	}
	return (Datum) 0;
}

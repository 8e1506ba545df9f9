/*
 * SQL glue of the air kernel (src/core/air.c): iaqi, aqi_category, the
 * 24-hour mean rule, and the internal aggregates behind air_daily (the
 * ozone day) and air_assessment (the HJ 663 percentile).
 *
 * Aggregate states are plain float8[] (a text round trip keeps them), so
 * the aggregates run under parallel query with their combine functions.
 */
#include "ecocomp.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "core/air.h"
#include "sample_state.h"

PG_FUNCTION_INFO_V1(ecocomp_iaqi);
PG_FUNCTION_INFO_V1(ecocomp_aqi_category);
PG_FUNCTION_INFO_V1(ecocomp_air_day_mean);
PG_FUNCTION_INFO_V1(ecocomp_air_o3_accum);
PG_FUNCTION_INFO_V1(ecocomp_air_o3_combine);
PG_FUNCTION_INFO_V1(ecocomp_air_o3_final);
PG_FUNCTION_INFO_V1(ecocomp_hj663_accum);
PG_FUNCTION_INFO_V1(ecocomp_hj663_combine);
PG_FUNCTION_INFO_V1(ecocomp_hj663_final);

/* Hard bound on the values one percentile group collects (a century of days
 * for one city is 36 525; this leaves room for any sane grouping). */
#define HJ663_MAX_VALUES 10000000

/* A zeroed one-dimensional float8[] of n elements (n is bounded by callers). */
static ArrayType *
new_float8_array(int n)
{
	Size		bytes = ARR_OVERHEAD_NONULLS(1) + (Size) n * sizeof(double);
	ArrayType  *a = (ArrayType *) palloc0(bytes);

	SET_VARSIZE(a, bytes);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	ARR_DIMS(a)[0] = n;
	ARR_LBOUND(a)[0] = 1;
	return a;
}

static int
lookup_pollutant(text *t)
{
	int			p = ec_air_pollutant_find(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));

	if (p < 0)
		ec_bad_word(t, "unknown air pollutant",
					psprintf("HJ 633-2012 indexes \"PM2.5\", \"PM10\", \"SO2\", \"NO2\", \"O3\" and \"CO\"; got \"%s\".",
							 text_to_cstring(t)), NULL);
	return p;
}

/* ------------------------------------------------------------ iaqi, category */

Datum
ecocomp_iaqi(PG_FUNCTION_ARGS)
{
	int			p = lookup_pollutant(PG_GETARG_TEXT_PP(0));
	double		c = PG_GETARG_FLOAT8(1);
	text	   *avg_t = PG_GETARG_TEXT_PP(2);
	ec_air_averaging avg;
	double		x = 0;

	if (!ec_air_averaging_parse(VARDATA_ANY(avg_t), VARSIZE_ANY_EXHDR(avg_t), &avg))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid averaging time \"%s\"", text_to_cstring(avg_t)),
				 errdetail("The averaging time must be \"24h\", \"1h\" or \"8h\"; got \"%s\".",
						   text_to_cstring(avg_t))));
	switch (ec_iaqi(p, avg, c, &x))
	{
		case EC_IAQI_OK:
			PG_RETURN_FLOAT8(x);
		case EC_IAQI_NOT_INDEXED:
			PG_RETURN_NULL();
		case EC_IAQI_NO_ROW:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("HJ 633-2012 has no %s index for %s", text_to_cstring(avg_t),
							ec_air_pollutant_code(p)),
					 errdetail("Table 1 of HJ 633-2012 indexes %s only as %s.",
							   ec_air_pollutant_code(p),
							   p == EC_AIR_O3 ? "a 1-hour or an 8-hour mean" :
							   (p == EC_AIR_PM10 || p == EC_AIR_PM25) ? "a 24-hour mean" :
							   "a 24-hour or a 1-hour mean")));
			break;
		case EC_IAQI_BAD_VALUE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("invalid concentration for the air quality index"),
					 errdetail("The %s concentration is %g; it must be a finite number >= 0.",
							   ec_air_pollutant_code(p), c)));
			break;
	}
	PG_RETURN_NULL();
}

Datum
ecocomp_aqi_category(PG_FUNCTION_ARGS)
{
	int32		aqi = PG_GETARG_INT32(0);
	text	   *lang = PG_GETARG_TEXT_PP(1);
	int			cat = ec_aqi_category(aqi);
	const char *name;

	if (cat == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("negative air quality index"),
				 errdetail("The AQI is %d; an AQI is 0 or more.", aqi)));
	name = ec_aqi_category_name(cat, VARDATA_ANY(lang), VARSIZE_ANY_EXHDR(lang));
	if (name == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unsupported language \"%s\"", text_to_cstring(lang)),
				 errdetail("The language must be \"zh\" or \"en\".")));
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

Datum
ecocomp_air_day_mean(PG_FUNCTION_ARGS)
{
	double		m = ec_air_day_mean(PG_GETARG_FLOAT8(0), PG_GETARG_INT64(1));

	if (isnan(m))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(m);
}

/* ------------------------------------------------------------ ozone day */

/*
 * State: 24 slots, slot h the value of the hour ending at h + 1 o'clock
 * local time, NaN while missing.  Two values for one slot (timestamps off
 * the hour) keep the larger, so the result does not depend on row order.
 */
#define O3_SLOTS 24

static double *
o3_slots(ArrayType *a)
{
	int			n;
	double	   *d = sample_state_data(a, &n, "ozone day aggregate");

	if (n != O3_SLOTS)
		sample_state_bad("ozone day aggregate", "The state holds %d values; this aggregate's holds %d.",
						 n, O3_SLOTS);
	return d;
}

static ArrayType *
o3_writable(FunctionCallInfo fcinfo, int argno)
{
	ArrayType  *a;

	if (PG_ARGISNULL(argno))
	{
		a = new_float8_array(O3_SLOTS);
		for (int h = 0; h < O3_SLOTS; h++)
			((double *) ARR_DATA_PTR(a))[h] = NAN;
		return a;
	}
	/* inside an aggregate the state is ours to change in place */
	a = AggCheckCallContext(fcinfo, NULL) ? PG_GETARG_ARRAYTYPE_P(argno)
		: PG_GETARG_ARRAYTYPE_P_COPY(argno);
	(void) o3_slots(a);
	return a;
}

static void
o3_put(double *slots, int h, double v)
{
	if (isnan(slots[h]) || v > slots[h])
		slots[h] = v;
}

Datum
ecocomp_air_o3_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *a;
	int32		h;
	double		v;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return ec_state_unchanged(fcinfo);
	h = PG_GETARG_INT32(1);
	v = PG_GETARG_FLOAT8(2);
	if (h < 0 || h >= O3_SLOTS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hour slot out of range"),
				 errdetail("The hour slot is %d; it must be 0 to 23 (the hour ending at slot + 1 o'clock).", h)));
	if (!isfinite(v) || v < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("invalid ozone concentration"),
				 errdetail("The value is %g; it must be a finite number >= 0.", v)));
	a = o3_writable(fcinfo, 0);
	o3_put((double *) ARR_DATA_PTR(a), h, v);
	PG_RETURN_ARRAYTYPE_P(a);
}

Datum
ecocomp_air_o3_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a;
	double	   *b;

	if (PG_ARGISNULL(1))
		return ec_state_unchanged(fcinfo);
	b = o3_slots(PG_GETARG_ARRAYTYPE_P(1));
	a = o3_writable(fcinfo, 0);
	for (int h = 0; h < O3_SLOTS; h++)
		if (!isnan(b[h]))
			o3_put((double *) ARR_DATA_PTR(a), h, b[h]);
	PG_RETURN_ARRAYTYPE_P(a);
}

/* {n_hours, max_1h, n_windows, max_8h}; a missing maximum is NULL. */
Datum
ecocomp_air_o3_final(PG_FUNCTION_ARGS)
{
	double	   *s = o3_slots(PG_GETARG_ARRAYTYPE_P(0));
	int			nh,
				nw;
	double		m1,
				m8;

	ec_air_o3_day(s, &nh, &m1, &nw, &m8);
	PG_RETURN_ARRAYTYPE_P(ec_float8_result((double[]) {nh, m1, nw, m8}, 4));
}

/* ------------------------------------------------------------ HJ 663 percentile */

/*
 * The values of a group in the shared sample container (sample_state.h):
 * header [0] magic, [1] values in use, [2] p; records of one value.
 */
#define PCT_MAGIC 663.2013
#define PCT_HDR 3
#define PCT_WHAT "percentile aggregate"

static bool
pct_open(ArrayType *a, sample_state *s)
{
	if (!sample_state_open(a, PCT_MAGIC, PCT_HDR, 1, s, PCT_WHAT))
		return false;
	if (!(s->d[2] >= 0 && s->d[2] <= 1))
		sample_state_bad(PCT_WHAT, "The state's fraction %g is outside [0, 1].", s->d[2]);
	return true;
}

static void
pct_same_p(double p, double q)
{
	if (p != q)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("percentile differs between rows of a group"),
				 errdetail("One row asks for %g and another for %g.", p, q)));
}

Datum
ecocomp_hj663_accum(PG_FUNCTION_ARGS)
{
	sample_state s;
	double		v,
				p;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return ec_state_unchanged(fcinfo);
	v = PG_GETARG_FLOAT8(1);
	p = PG_GETARG_FLOAT8(2);
	if (!(p >= 0 && p <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("percentile out of range"),
				 errdetail("The percentile is %g; it must be between 0 and 1 (0.9 for the 90th).", p)));
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value is not finite"),
				 errdetail("The value is %g; a percentile needs finite values.", v)));
	if (PG_ARGISNULL(0) || !pct_open(PG_GETARG_ARRAYTYPE_P(0), &s))
	{
		sample_state_new(PCT_MAGIC, PCT_HDR, 1, 32, &s);
		s.d[2] = p;
	}
	else
	{
		pct_same_p(s.d[2], p);
		if (s.n >= HJ663_MAX_VALUES)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many values for one percentile"),
					 errdetail("A group holds more than %d values.", HJ663_MAX_VALUES)));
		/* inside an aggregate the state is ours to grow in place */
		if (AggCheckCallContext(fcinfo, NULL))
			sample_state_reserve(&s, 1);
		else
			sample_state_copy(&s, 1);
	}
	*sample_state_at(&s, s.n) = v;
	s.n++;
	s.d[1] = s.n;
	PG_RETURN_ARRAYTYPE_P(s.a);
}

Datum
ecocomp_hj663_combine(PG_FUNCTION_ARGS)
{
	sample_state a;
	sample_state b;

	if (PG_ARGISNULL(1) || !pct_open(PG_GETARG_ARRAYTYPE_P(1), &b))
		return ec_state_unchanged(fcinfo);
	if (PG_ARGISNULL(0) || !pct_open(PG_GETARG_ARRAYTYPE_P(0), &a))
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	pct_same_p(a.d[2], b.d[2]);
	if ((int64) a.n + b.n > HJ663_MAX_VALUES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many values for one percentile"),
				 errdetail("A group holds more than %d values.", HJ663_MAX_VALUES)));
	PG_RETURN_ARRAYTYPE_P(sample_state_append(fcinfo, &a, &b));
}

Datum
ecocomp_hj663_final(PG_FUNCTION_ARGS)
{
	sample_state s;
	double	   *v;
	double		r;

	if (!pct_open(PG_GETARG_ARRAYTYPE_P(0), &s) || s.n == 0)
		PG_RETURN_NULL();
	/* the final function must not change the state: sort a copy */
	v = palloc((Size) s.n * sizeof(double));
	memcpy(v, sample_state_at(&s, 0), (Size) s.n * sizeof(double));
	r = ec_hj663_percentile(v, s.n, s.d[2]);
	pfree(v);
	PG_RETURN_FLOAT8(r);
}

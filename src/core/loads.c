/*
 * Pollutant loads and the per-period assessment of a section.  Formulas and
 * sources: docs/assessment.md; declarations and units: loads.h.
 */
#include "loads.h"

#include <math.h>
#include <string.h>

bool
ec_nd_rule_parse(const char *s, int len, ec_nd_rule *rule)
{
	static const char *const words[] = {"half", "limit", "zero"};
	static const ec_nd_rule rules[] = {EC_ND_HALF, EC_ND_LIMIT, EC_ND_ZERO};

	for (int k = 0; k < 3; k++)
		if ((size_t) len == strlen(words[k]) && memcmp(s, words[k], len) == 0)
			return (*rule = rules[k], true);
	return false;
}

double
ec_nd_value(double value, bool censored, ec_nd_rule rule)
{
	if (!censored)
		return value;
	switch (rule)
	{
		case EC_ND_HALF:
			return value / 2.0;
		case EC_ND_LIMIT:
			return value;
		case EC_ND_ZERO:
			return 0.0;
	}
	return value;
}

void
ec_interval_weights(const double *t, int n, double t0, double t1, double *w)
{
	double		left;

	if (n <= 0)
		return;
	left = isnan(t0) ? t[0] : t0;
	for (int i = 0; i < n; i++)
	{
		double		right;

		if (i + 1 < n)
			right = t[i] + (t[i + 1] - t[i]) / 2.0;
		else
			right = isnan(t1) ? t[n - 1] : t1;
		w[i] = right - left;
		left = right;
	}
}

double
ec_interpolate(const double *tf, const double *qf, int nf, double t, int *hint)
{
	int			lo;

	if (t <= tf[0])
		return qf[0];
	/* lo: the last sample before t (tf[0] < t, so there is one) */
	lo = (hint && *hint >= 0 && *hint < nf && tf[*hint] < t) ? *hint : 0;
	while (lo + 1 < nf && tf[lo + 1] < t)
		lo++;
	if (hint)
		*hint = lo;
	if (lo + 1 >= nf)
		return qf[nf - 1];
	if (tf[lo + 1] == t)
		return qf[lo + 1];
	return qf[lo] + (qf[lo + 1] - qf[lo]) * ((t - tf[lo]) / (tf[lo + 1] - tf[lo]));
}

double
ec_time_weighted_mean(const double *t, const double *v, int n, double t0, double t1,
					  double *w)
{
	double		sw = 0.0;
	double		swv = 0.0;

	if (n <= 0)
		return NAN;
	ec_interval_weights(t, n, t0, t1, w);
	for (int i = 0; i < n; i++)
	{
		sw += w[i];
		swv += w[i] * v[i];
	}
	if (!(sw > 0.0))
		return NAN;
	return swv / sw;
}

double
ec_interval_load_kg(const double *t, const double *c, const double *q, int n,
					double t0, double t1, double limit, double *w)
{
	double		grams = 0.0;

	if (n <= 0)
		return 0.0;
	ec_interval_weights(t, n, t0, t1, w);
	for (int i = 0; i < n; i++)
	{
		double		x = isnan(limit) ? c[i] : c[i] - limit;

		if (x > 0.0)
			grams += x * q[i] * w[i];
		else if (isnan(limit))
			grams += x * q[i] * w[i];	/* keeps a NaN visible */
	}
	return grams * EC_KG_PER_G;
}

bool
ec_beale_load_kg(const double *c, const double *q, int n, double mean_flow,
				 double seconds, double *kg)
{
	double		lbar = 0.0;
	double		qbar = 0.0;
	double		slq = 0.0;
	double		sqq = 0.0;
	double		theta;
	double		days = seconds / EC_SECONDS_PER_DAY;
	double		flux;

	if (n <= 0)
		return false;
	for (int i = 0; i < n; i++)
	{
		lbar += c[i] * q[i];
		qbar += q[i];
	}
	lbar /= n;
	qbar /= n;
	if (!(qbar != 0.0))
		return false;
	if (n > 1)
	{
		for (int i = 0; i < n; i++)
		{
			double		dl = c[i] * q[i] - lbar;
			double		dq = q[i] - qbar;

			slq += dl * dq;
			sqq += dq * dq;
		}
		slq /= (n - 1);
		sqq /= (n - 1);
	}
	theta = 1.0 / n - (days > n ? 1.0 / days : 1.0 / n);
	/* mean flux = μq · (l̄ + θ·Slq/q̄) / q̄ / (1 + θ·Sqq/q̄²) */
	flux = mean_flow * (lbar + theta * slq / qbar) / qbar /
		(1.0 + theta * sqq / (qbar * qbar));
	*kg = flux * seconds * EC_KG_PER_G;
	return true;
}

/* Index one past the end of the ascending run that starts at i. */
static int
run_end(const double *rec, int n, int width, int i)
{
	int			j = i + 1;

	while (j < n && ec_record_cmp(rec + (size_t) (j - 1) * width, rec + (size_t) j * width,
							   width) <= 0)
		j++;
	return j;
}

static inline void
copy_record(double *dst, const double *src, int width)
{
	for (int k = 0; k < width; k++)
		dst[k] = src[k];
}

void
ec_sort_records(double *rec, int n, int width, double *scratch, void (*tick) (void))
{
	double	   *src = rec;
	double	   *dst = scratch;

	if (n < 2 || run_end(rec, n, width, 0) == n)
		return;
	for (;;)
	{
		int			runs = 0;
		int			i = 0;
		double	   *tmp;

		while (i < n)
		{
			int			j = run_end(src, n, width, i);
			int			k;
			const double *a;
			const double *ae;
			const double *b;
			const double *be;
			double	   *o;

			if (tick)
				tick();
			runs++;
			if (j == n)
			{
				memcpy(dst + (size_t) i * width, src + (size_t) i * width,
					   (size_t) (n - i) * width * sizeof(double));
				break;
			}
			k = run_end(src, n, width, j);
			/* stable merge of [i, j) and [j, k): ties take the left run */
			a = src + (size_t) i * width;
			ae = src + (size_t) j * width;
			b = ae;
			be = src + (size_t) k * width;
			o = dst + (size_t) i * width;
			while (a < ae && b < be)
			{
				if (ec_record_cmp(b, a, width) < 0)
				{
					copy_record(o, b, width);
					b += width;
				}
				else
				{
					copy_record(o, a, width);
					a += width;
				}
				o += width;
			}
			if (a < ae)
				memcpy(o, a, (size_t) (ae - a) * sizeof(double));
			if (b < be)
				memcpy(o, b, (size_t) (be - b) * sizeof(double));
			i = k;
		}
		tmp = src;
		src = dst;
		dst = tmp;
		if (runs <= 1)
			break;
	}
	if (src != rec)
		memcpy(rec, src, (size_t) n * width * sizeof(double));
}

ec_status
ec_series_check(const double *rec, int n, int *at)
{
	int			i = 0;

	while (i < n)
	{
		int			concs = 0;
		double		flow = NAN;
		int			j;

		for (j = i; j < n && rec[(size_t) j * 3] == rec[(size_t) i * 3]; j++)
		{
			const double *r = rec + (size_t) j * 3;

			if (!isnan(r[1]) && ++concs > 1)
			{
				*at = j;
				return EC_ERR_SERIES_TWO_CONCENTRATIONS;
			}
			if (!isnan(r[2]))
			{
				if (!isnan(flow) && r[2] != flow)
				{
					*at = j;
					return EC_ERR_SERIES_TWO_FLOWS;
				}
				flow = r[2];
			}
		}
		i = j > i ? j : i + 1;		/* a NaN time is its own group */
	}
	return EC_OK;
}

bool
ec_key_make(int64_t ms, int param, bool censored, double *key)
{
	if (ms > EC_KEY_MS_MAX || ms < -EC_KEY_MS_MAX || param < 0 || param >= EC_KEY_PARAMS)
		return false;
	*key = (double) (ms * EC_KEY_CODES + 2 * param + (censored ? 1 : 0));
	return true;
}

void
ec_assess(const ec_param *p, ec_waterbody wb, int target_class,
		  const double *t, const double *v, int n, int64_t ncensored,
		  const double *tf, const double *qf, int nf,
		  double t0, double t1, double *scratch, ec_assess_row *out)
{
	double		sum = 0.0;
	bool		mass = p != NULL && strcmp(p->unit, "mg/L") == 0;
	bool		upper = p != NULL && p->kind == EC_LIMIT_UPPER;
	double	   *w = scratch;
	double	   *q = scratch + n;
	double	   *wf = scratch + 2 * (size_t) n;

	out->samples = n;
	out->censored = ncensored;
	out->mean = NAN;
	out->mean_class = 0;
	out->target_limit = NAN;
	out->meets_target = -1;
	out->exceedance_multiple = NAN;
	out->samples_meeting = -1;
	out->flow_mean = NAN;
	out->volume_m3 = NAN;
	out->load_kg = NAN;
	out->exceedance_load_kg = NAN;
	out->status = EC_OK;

	for (int i = 0; i < n; i++)
		sum += v[i];
	if (n > 0)
		out->mean = sum / n;

	if (p != NULL && n > 0)
	{
		int			cls;
		ec_status	st = ec_class(p, out->mean, wb, &cls);

		if (st == EC_OK)
			out->mean_class = cls;
		else if (st != EC_NO_VALUE)
		{
			out->status = st;
			return;
		}
	}
	if (p != NULL && target_class >= 1 && target_class <= 5)
	{
		double		lim;

		if (ec_limit(p, target_class, wb, &lim) == EC_OK)
			out->target_limit = lim;
	}
	if (out->mean_class > 0 && target_class > 0)
		out->meets_target = out->mean_class <= target_class ? 1 : 0;
	if (upper && out->target_limit > 0.0 && n > 0)
		out->exceedance_multiple = out->mean > out->target_limit
			? (out->mean - out->target_limit) / out->target_limit : 0.0;
	if (p != NULL && p->classed && target_class > 0)
	{
		int64_t		meeting = 0;

		for (int i = 0; i < n; i++)
		{
			int			cls;
			ec_status	st = ec_class(p, v[i], wb, &cls);

			if (st == EC_OK && cls <= target_class)
				meeting++;
			else if (st != EC_OK && st != EC_NO_VALUE)
			{
				out->status = st;
				return;
			}
		}
		out->samples_meeting = meeting;
	}

	if (nf <= 0)
		return;
	ec_interval_weights(tf, nf, t0, t1, wf);
	{
		double		vol = 0.0;

		for (int i = 0; i < nf; i++)
			vol += wf[i] * qf[i];
		out->volume_m3 = vol;
		out->flow_mean = t1 > t0 ? vol / (t1 - t0) : NAN;
	}
	if (!mass || n <= 0 || (p != NULL && strcmp(p->code, "flow") == 0))
		return;
	{
		int			hint = 0;

		for (int i = 0; i < n; i++)
			q[i] = ec_interpolate(tf, qf, nf, t[i], &hint);
	}
	out->load_kg = ec_interval_load_kg(t, v, q, n, t0, t1, NAN, w);
	if (upper && !isnan(out->target_limit))
		out->exceedance_load_kg = ec_interval_load_kg(t, v, q, n, t0, t1,
													  out->target_limit, w);
}

#include "rule_common.h"

#include <math.h>

#include "gb3838.h"

/* A bound in nano units; INT64_MIN/INT64_MAX stand for -inf/+inf. */
typedef struct
{
	int64_t		v;
	bool		inclusive;
} bound;

static bool
band_bounds(const ec_band *b, bound *lo, bound *hi)
{
	lo->v = INT64_MIN;
	lo->inclusive = false;
	hi->v = INT64_MAX;
	hi->inclusive = false;
	if (b->has_min)
	{
		if (!ec_to_nano(b->min, &lo->v))
			return false;
		lo->inclusive = b->min_inclusive;
	}
	if (b->has_max)
	{
		if (!ec_to_nano(b->max, &hi->v))
			return false;
		hi->inclusive = b->max_inclusive;
	}
	return true;
}

/* Is the interval (lo, hi), with its inclusivity, non-empty? */
static bool
nonempty(bound lo, bound hi)
{
	return lo.v < hi.v || (lo.v == hi.v && lo.inclusive && hi.inclusive &&
						   lo.v != INT64_MIN && hi.v != INT64_MAX);
}

ec_status
ec_bands_check(const ec_band *bands, int n, int *bad, int *other)
{
	*bad = -1;
	*other = -1;
	for (int i = 0; i < n; i++)
	{
		bound		lo,
					hi;

		*bad = i;
		if (!band_bounds(&bands[i], &lo, &hi) || !nonempty(lo, hi))
			return EC_ERR_BAD_BAND;
	}
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
		{
			bound		alo,
						ahi,
						blo,
						bhi,
						lo,
						hi;

			band_bounds(&bands[i], &alo, &ahi);
			band_bounds(&bands[j], &blo, &bhi);
			/* the intersection: the larger lower and the smaller upper bound */
			lo = alo.v > blo.v ? alo : blo.v > alo.v ? blo
				: (bound) {alo.v, alo.inclusive && blo.inclusive};
			hi = ahi.v < bhi.v ? ahi : bhi.v < ahi.v ? bhi
				: (bound) {ahi.v, ahi.inclusive && bhi.inclusive};
			if (nonempty(lo, hi))
			{
				*bad = i;
				*other = j;
				return EC_ERR_OVERLAP;
			}
		}
	*bad = -1;
	return EC_OK;
}

int
ec_band_find(const ec_band *bands, int n, int64_t x)
{
	for (int i = 0; i < n; i++)
	{
		bound		lo,
					hi;

		if (!band_bounds(&bands[i], &lo, &hi))
			continue;
		if ((lo.v == INT64_MIN || x > lo.v || (x == lo.v && lo.inclusive)) &&
			(hi.v == INT64_MAX || x < hi.v || (x == hi.v && hi.inclusive)))
			return i;
	}
	return -1;
}

ec_status
ec_p_index(int n, const double *means, const double *baselines,
		   const double *weights, double k0, double *p, int *bad)
{
	double		sum = 0;

	*bad = -1;
	if (!isfinite(k0) || !(k0 > 0))
		return EC_ERR_BAD_WEIGHT;
	if (n <= 0)
		return EC_ERR_EMPTY;
	for (int i = 0; i < n; i++)
	{
		*bad = i;
		if (!isfinite(means[i]) || means[i] < 0)
			return EC_ERR_BAD_VALUE;
		if (!isfinite(baselines[i]) || !(baselines[i] > 0))
			return EC_ERR_BAD_TARGET;
		if (!isfinite(weights[i]) || weights[i] < 0)
			return EC_ERR_BAD_WEIGHT;
		sum += weights[i] * means[i] / baselines[i];
	}
	*bad = -1;
	*p = k0 * sum;
	if (!isfinite(*p))
		return EC_ERR_INDEX_OVERFLOW;
	return EC_OK;
}

ec_status
ec_pollution_index(int n, const int *params, const double *means,
				   bool lake, double *index, int *bad)
{
	double		sum = 0;
	ec_waterbody wb = lake ? EC_LAKE : EC_RIVER;

	*bad = -1;
	if (n <= 0)
		return EC_ERR_EMPTY;
	for (int i = 0; i < n; i++)
	{
		const ec_param *p;
		double		s;

		*bad = i;
		if (params[i] < 0 || params[i] >= EC_NPARAMS)
			return EC_ERR_BAD_INDEX;
		p = &ec_params[params[i]];
		if (!isfinite(means[i]) || means[i] < 0 || ec_check_value(p, means[i]) != EC_OK)
			return EC_ERR_BAD_VALUE;
		if (!p->classed || ec_limit(p, EC_CLASS_III, wb, &s) != EC_OK || !(s > 0))
			return EC_ERR_NO_LIMIT;
		switch (p->kind)
		{
			case EC_LIMIT_UPPER:
				sum += means[i] / s;
				break;
			case EC_LIMIT_LOWER:
				if (!(means[i] > 0))
					return EC_ERR_BAD_VALUE;
				sum += s / means[i];
				break;
			case EC_LIMIT_RANGE:
				/* pH: the CWQI sub-index, 0 at 7, 1 at 6 or 9 */
				sum += means[i] <= 7.0 ? (7.0 - means[i]) / (7.0 - EC_PH_LOWER)
					: (means[i] - 7.0) / (EC_PH_UPPER - 7.0);
				break;
			case EC_LIMIT_NONE:
				return EC_ERR_NO_LIMIT;
		}
	}
	*bad = -1;
	*index = sum;
	return EC_OK;
}

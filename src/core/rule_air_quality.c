#include "rule_air_quality.h"

#include <math.h>
#include <stddef.h>

typedef unsigned __int128 u128;

/* a / 10^9 rounded half up (a >= 0) */
static u128
div_nano(u128 a)
{
	return (a + EC_NANO / 2) / EC_NANO;
}

/*
 * *acc × m / 10^9 rounded half up; false when the product would not fit in
 * 128 bits (it would wrap around and pay a wrong amount: a coefficient of
 * 10^7 on an amount near the limit does that).
 */
static bool
mul_nano(u128 *acc, int64_t m)
{
	const u128	max = ~(u128) 0;

	if (m < 0 || (m > 0 && *acc > (max - EC_NANO) / (u128) m))
		return false;
	*acc = div_nano(*acc * (u128) m);
	return true;
}

bool
ec_aq_amount(int64_t score_nano, int nbands, const double *band_min,
			 const double *band_max, const ec_fen *band_rate,
			 int64_t coef_nano, int64_t mult_nano, ec_fen *out)
{
	u128		x = score_nano < 0 ? (u128) (-(__int128) score_nano) : (u128) score_nano;
	u128		acc = 0;		/* fen × 1e-9 µg/m³ */
	u128		limit = (u128) EC_FEN_MAX * EC_NANO;

	for (int b = 0; b < nbands; b++)
	{
		int64_t		lo,
					hi;
		u128		top;

		if (!ec_to_nano(band_min[b], &lo) || lo < 0)
			return false;
		top = x;
		if (!isnan(band_max[b]))
		{
			if (!ec_to_nano(band_max[b], &hi) || hi < lo)
				return false;
			if ((u128) hi < top)
				top = (u128) hi;
		}
		if (top > (u128) lo && band_rate[b] > 0)
		{
			acc += (u128) band_rate[b] * (top - (u128) lo);
			if (acc > limit)
				return false;
		}
	}
	/* coefficient and multiplier, each kept at 1e-9 fen resolution */
	if (!mul_nano(&acc, coef_nano) || acc > limit || !mul_nano(&acc, mult_nano))
		return false;
	acc = div_nano(acc);
	if (acc > (u128) EC_FEN_MAX)
		return false;
	*out = score_nano < 0 ? -(ec_fen) acc : (ec_fen) acc;
	return true;
}

ec_status
ec_air_quality(const ec_aq_input *in, ec_aq_output *out)
{
	double		wsum = 0.0;

	out->bad = -1;
	if (in->nparties <= 0 || in->nunits <= 0 || in->nind <= 0)
		return EC_ERR_EMPTY;
	for (int j = 0; j < in->nind; j++)
	{
		out->bad = j;
		if (!isfinite(in->weights[j]) || in->weights[j] < 0)
			return EC_ERR_BAD_WEIGHT;
		wsum += in->weights[j];
	}
	if (!(wsum > 0))
		return EC_ERR_BAD_WEIGHT;
	if (in->nbands <= 0)
		return EC_ERR_EMPTY;
	for (int b = 0; b < in->nbands; b++)
	{
		out->bad = b;
		if (!isfinite(in->band_min[b]) || in->band_min[b] < 0 ||
			(!isnan(in->band_max[b]) && !(in->band_max[b] > in->band_min[b])) ||
			in->band_rate[b] < 0 || in->band_rate[b] > EC_FEN_MAX)
			return EC_ERR_BAD_BAND;
		/* bands sorted and not overlapping */
		if (b > 0 && (isnan(in->band_max[b - 1]) || in->band_min[b] < in->band_max[b - 1]))
			return EC_ERR_OVERLAP;
	}
	for (int p = 0; p < in->nparties; p++)
	{
		int64_t		coef;
		ec_fen		sum = 0;
		ec_fen		prev_f = 0;	/* cumulative: F of the last assessed unit */

		out->bad = p;
		if (!isfinite(in->coefficient[p]) || !(in->coefficient[p] > 0) ||
			!ec_to_nano(in->coefficient[p], &coef))
			return EC_ERR_BAD_WEIGHT;
		for (int u = 0; u < in->nunits; u++)
		{
			int			c = p * in->nunits + u;
			double		s = 0.0;
			int64_t		mult = EC_NANO;
			ec_fen		f;

			out->bad = c;
			if (in->cumulative && in->resets && in->resets[u])
				prev_f = 0;
			out->score_nano[c] = 0;
			out->pollutant[c] = out->good_day[c] = out->unit_total[c] = 0;
			if (!in->valid[c])
				continue;
			for (int j = 0; j < in->nind; j++)
			{
				double		now = in->now[(size_t) c * in->nind + j];
				double		base = in->base[(size_t) c * in->nind + j];

				if (!isfinite(now) || now < 0)
					return EC_ERR_BAD_VALUE;
				if (!isfinite(base) || base < 0)
					return EC_ERR_BAD_TARGET;
				s += in->weights[j] * (base - now);
			}
			if (!ec_to_nano(s, &out->score_nano[c]))
				return EC_ERR_OVERFLOW;
			if (in->target_coef_nano && out->score_nano[c] > 0)
				mult = in->target_coef_nano[c];
			if (mult < 0)
				return EC_ERR_BAD_WEIGHT;
			if (!ec_aq_amount(out->score_nano[c], in->nbands, in->band_min, in->band_max,
							  in->band_rate, coef, mult, &f))
				return EC_ERR_OVERFLOW;
			if (in->cumulative)
			{
				out->pollutant[c] = f - prev_f;
				prev_f = f;
				if (u < in->paid_from)
				{
					/* carry only: the year to date before the settled period */
					out->pollutant[c] = 0;
					continue;
				}
			}
			else
				out->pollutant[c] = f;
			if (in->good_day_delta && !isnan(in->good_day_delta[c]))
			{
				int64_t		points;

				if (!ec_to_nano(100.0 * in->good_day_delta[c], &points) ||
					!ec_fen_mul_nano(in->good_day_rate, points, &out->good_day[c]))
					return EC_ERR_OVERFLOW;
			}
			out->unit_total[c] = out->pollutant[c];
			if (!ec_fen_add(&out->unit_total[c], out->good_day[c]) ||
				(in->award && !ec_fen_add(&out->unit_total[c], in->award[c])) ||
				!ec_fen_add(&sum, out->unit_total[c]))
				return EC_ERR_OVERFLOW;
		}
		out->uncapped[p] = sum;
		out->total[p] = ec_fen_cap(sum, in->cap);
	}
	out->bad = -1;
	return EC_OK;
}

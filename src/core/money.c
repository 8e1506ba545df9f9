#include "money.h"

#include <math.h>
#include <stdlib.h>

bool
ec_yuan_to_fen(double yuan, ec_fen *out)
{
	double		fen;

	if (!isfinite(yuan))
		return false;
	/* Round the value in fen half away from zero; nudge by a relative
	 * 1e-12 so that 0.125 yuan computed as 0.12499999999999999 still
	 * rounds to 0.13. */
	fen = yuan * 100.0;
	fen = fen >= 0 ? floor(fen * (1 + 1e-12) + 0.5) : -floor(-fen * (1 + 1e-12) + 0.5);
	if (fabs(fen) > (double) EC_FEN_MAX)
		return false;
	*out = (ec_fen) fen;
	return true;
}

bool
ec_allocate(ec_fen total, const double *weights, int n, ec_fen *parts)
{
	long double wsum = 0;
	long double *rem;
	ec_fen		assigned = 0;
	ec_fen		sign = total < 0 ? -1 : 1;
	ec_fen		abs_total = total < 0 ? -total : total;

	if (n <= 0)
		return false;
	for (int i = 0; i < n; i++)
	{
		if (!isfinite(weights[i]) || weights[i] < 0)
			return false;
		wsum += weights[i];
	}
	if (!(wsum > 0))
		return false;

	rem = malloc(sizeof(long double) * (size_t) n);
	if (rem == NULL)
		return false;
	for (int i = 0; i < n; i++)
	{
		/* long double keeps 64 bits of mantissa: exact for totals < 2^63 fen
		 * times weights, well beyond any budget. */
		long double share = (long double) abs_total * weights[i] / wsum;
		long double whole = floorl(share);

		parts[i] = (ec_fen) whole;
		rem[i] = share - whole;
		assigned += parts[i];
	}
	/* Hand out the leftover fen, one each, to the largest remainders. */
	for (ec_fen left = abs_total - assigned; left > 0; left--)
	{
		int			best = -1;

		for (int i = 0; i < n; i++)
			if (weights[i] > 0 && (best < 0 || rem[i] > rem[best]))
				best = i;
		parts[best] += 1;
		rem[best] = -1;
	}
	free(rem);
	for (int i = 0; i < n; i++)
		parts[i] *= sign;
	return true;
}

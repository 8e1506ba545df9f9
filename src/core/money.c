#include "money.h"

#include <math.h>
#include <stdlib.h>

typedef unsigned __int128 ec_u128;
typedef __int128 ec_i128;

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
ec_to_nano(double x, int64_t *out)
{
	if (!isfinite(x) || fabs(x) > EC_NANO_MAX_INPUT)
		return false;
	/* round() is half away from zero; x·1e9 < 9e18 fits in int64. */
	*out = (int64_t) round(x * 1e9);
	return true;
}

bool
ec_fen_mul_nano(ec_fen fen, int64_t nano, ec_fen *out)
{
	ec_i128		p = (ec_i128) fen * nano;
	bool		neg = p < 0;
	ec_u128		a = neg ? (ec_u128) (-p) : (ec_u128) p;
	ec_u128		q = (a + EC_NANO / 2) / EC_NANO;

	if (q > (ec_u128) EC_FEN_MAX)
		return false;
	*out = neg ? -(ec_fen) q : (ec_fen) q;
	return true;
}

bool
ec_fen_add(ec_fen *acc, ec_fen b)
{
	ec_i128		s = (ec_i128) *acc + b;

	if (s > EC_FEN_MAX || s < -EC_FEN_MAX)
		return false;
	*acc = (ec_fen) s;
	return true;
}

ec_fen
ec_fen_cap(ec_fen x, ec_fen cap)
{
	if (cap < 0)
		return x;
	if (x > cap)
		return cap;
	if (x < -cap)
		return -cap;
	return x;
}

typedef struct
{
	ec_u128		rem;
	int			idx;
} ec_remainder;

static int
by_remainder(const void *a, const void *b)
{
	const ec_remainder *x = a;
	const ec_remainder *y = b;

	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return x->idx - y->idx;
}

bool
ec_allocate(ec_fen total, const double *weights, int n, ec_fen *parts)
{
	double		wmax = 0;
	int			emax;
	uint64_t   *q;
	ec_remainder *rem;
	ec_u128		qsum = 0;
	ec_u128		abs_total;
	ec_u128		assigned = 0;
	ec_u128		left;

	if (n <= 0 || total > EC_FEN_MAX || total < -EC_FEN_MAX)
		return false;
	for (int i = 0; i < n; i++)
	{
		if (!isfinite(weights[i]) || weights[i] < 0)
			return false;
		if (weights[i] > wmax)
			wmax = weights[i];
	}
	if (!(wmax > 0))
		return false;

	/* Scale the weights to integers below 2^53 relative to the largest:
	 * wmax = f·2^emax with f in [0.5, 1), so w·2^(53-emax) <= 2^53. */
	(void) frexp(wmax, &emax);
	q = malloc(sizeof(uint64_t) * (size_t) n);
	rem = malloc(sizeof(ec_remainder) * (size_t) n);
	if (q == NULL || rem == NULL)
	{
		free(q);
		free(rem);
		return false;
	}
	for (int i = 0; i < n; i++)
	{
		q[i] = (uint64_t) llround(ldexp(weights[i], 53 - emax));
		qsum += q[i];
	}

	abs_total = (ec_u128) (total < 0 ? -total : total);
	for (int i = 0; i < n; i++)
	{
		/* |total| < 2^60 and q < 2^54: the product fits in 128 bits. */
		ec_u128		prod = abs_total * q[i];

		parts[i] = (ec_fen) (prod / qsum);
		rem[i].rem = prod % qsum;
		rem[i].idx = i;
		assigned += (ec_u128) parts[i];
	}
	/* Σ remainders = left·qsum with every remainder < qsum, so at least
	 * `left` parts have a non-zero remainder: zero weights never get a fen. */
	left = abs_total - assigned;
	qsort(rem, (size_t) n, sizeof(ec_remainder), by_remainder);
	for (int k = 0; (ec_u128) k < left; k++)
		parts[rem[k].idx] += 1;
	free(q);
	free(rem);
	if (total < 0)
		for (int i = 0; i < n; i++)
			parts[i] = -parts[i];
	return true;
}

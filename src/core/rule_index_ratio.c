#include "rule_index_ratio.h"

#include <math.h>

#include "rule_common.h"

ec_status
ec_index_ratio(const ec_index_ratio_in *in, ec_index_ratio_out *out, double *terms)
{
	double		tol;
	int			bad = -1;

	out->p = NAN;
	out->better = false;
	out->at_threshold = false;
	out->amount = 0;
	out->bad_index = -1;

	if (in->n < 1)
		return EC_ERR_EMPTY;
	if (!isfinite(in->k0) || !(in->k0 > 0))
		return EC_ERR_BAD_WEIGHT;
	if (!isfinite(in->threshold))
		return EC_ERR_BAD_TARGET;
	if (in->amount < 0 || in->amount > EC_FEN_MAX
		|| in->amount_if_worse < 0 || in->amount_if_worse > EC_FEN_MAX)
		return EC_ERR_BAD_AMOUNT;
	for (int i = 0; i < in->n; i++)
		if (!isfinite(in->weights[i]) || in->weights[i] < 0)
		{
			out->bad_index = i;
			return EC_ERR_BAD_WEIGHT;
		}
	for (int i = 0; i < in->n; i++)
		if (!(in->baselines[i] > 0) || !isfinite(in->baselines[i]))
		{
			out->bad_index = i;
			return EC_ERR_BAD_TARGET;
		}
	for (int i = 0; i < in->n; i++)
		if (isnan(in->means[i]))
		{
			out->bad_index = i;
			return EC_ERR_MISSING_MEAN;
		}
		else if (!isfinite(in->means[i]) || in->means[i] < 0)
		{
			out->bad_index = i;
			return EC_ERR_BAD_VALUE;
		}

	/* P itself: the shared Xin'an index kernel (also behind ecocomp.p_index) */
	{
		ec_status	st = ec_p_index(in->n, in->means, in->baselines, in->weights, in->k0,
									&out->p, &bad);

		if (st != EC_OK)
		{
			out->bad_index = bad;
			return st;
		}
	}
	if (terms)
		for (int i = 0; i < in->n; i++)
			terms[i] = in->k0 * in->weights[i] * in->means[i] / in->baselines[i];

	tol = EC_INDEX_RATIO_TIE * fmax(1.0, fabs(in->threshold));
	out->at_threshold = fabs(out->p - in->threshold) <= tol;
	if (out->at_threshold)
		out->better = in->inclusive;
	else
		out->better = out->p < in->threshold;
	out->amount = out->better ? in->amount : -in->amount_if_worse;
	return EC_OK;
}

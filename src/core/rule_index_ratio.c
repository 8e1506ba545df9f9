#include "rule_index_ratio.h"

#include <math.h>

#include "rule_common.h"

ec_index_ratio_status
ec_index_ratio(const ec_index_ratio_in *in, ec_index_ratio_out *out, double *terms)
{
	double		tol;
	int			bad = -1;

	out->p = NAN;
	out->better = false;
	out->at_threshold = false;
	out->amount = 0;
	out->bad_index = -1;

	if (in->n < 1 || !isfinite(in->k0) || !(in->k0 > 0) || !isfinite(in->threshold)
		|| in->amount < 0 || in->amount > EC_FEN_MAX
		|| in->amount_if_worse < 0 || in->amount_if_worse > EC_FEN_MAX)
		return EC_IR_BAD_INPUT;
	for (int i = 0; i < in->n; i++)
		if (!isfinite(in->weights[i]) || in->weights[i] < 0)
		{
			out->bad_index = i;
			return EC_IR_BAD_INPUT;
		}
	for (int i = 0; i < in->n; i++)
		if (!(in->baselines[i] > 0) || !isfinite(in->baselines[i]))
		{
			out->bad_index = i;
			return EC_IR_BAD_BASELINE;
		}
	for (int i = 0; i < in->n; i++)
		if (isnan(in->means[i]))
		{
			out->bad_index = i;
			return EC_IR_MISSING_MEAN;
		}
		else if (!isfinite(in->means[i]) || in->means[i] < 0)
		{
			out->bad_index = i;
			return EC_IR_BAD_INPUT;
		}

	/* P itself: the shared Xin'an index kernel (also behind ecocomp.p_index) */
	if (ec_p_index(in->n, in->means, in->baselines, in->weights, in->k0, &out->p, &bad) != EC_RULE_OK)
	{
		out->bad_index = bad;
		return EC_IR_BAD_INPUT;
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
	return EC_IR_OK;
}

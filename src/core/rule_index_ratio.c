#include "rule_index_ratio.h"

#include <math.h>

ec_index_ratio_status
ec_index_ratio(const ec_index_ratio_in *in, ec_index_ratio_out *out, double *terms)
{
	double		sum = 0;
	double		tol;

	out->p = NAN;
	out->better = false;
	out->at_threshold = false;
	out->amount = 0;
	out->bad_index = -1;

	if (in->n < 1 || !isfinite(in->k0) || in->k0 < 0 || !isfinite(in->threshold)
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

	for (int i = 0; i < in->n; i++)
	{
		double		t = in->weights[i] * in->means[i] / in->baselines[i];

		sum += t;
		if (terms)
			terms[i] = in->k0 * t;
	}
	out->p = in->k0 * sum;
	if (!isfinite(out->p))
		return EC_IR_BAD_INPUT;

	tol = EC_INDEX_RATIO_TIE * fmax(1.0, fabs(in->threshold));
	out->at_threshold = fabs(out->p - in->threshold) <= tol;
	if (out->at_threshold)
		out->better = in->inclusive;
	else
		out->better = out->p < in->threshold;
	out->amount = out->better ? in->amount : -in->amount_if_worse;
	return EC_IR_OK;
}

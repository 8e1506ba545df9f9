#include "rule_linear.h"

#include <math.h>

ec_status
ec_linear(const ec_linear_input *in, ec_linear_output *out)
{
	ec_fen		sum = 0;

	out->total = out->uncapped = 0;
	for (int i = 0; i < in->n; i++)
	{
		out->bad = i;
		if (!isfinite(in->mean[i]) || in->mean[i] < 0)
			return EC_ERR_BAD_VALUE;
		if (!isfinite(in->target[i]))
			return EC_ERR_BAD_TARGET;
		if (!ec_to_nano(in->target[i] - in->mean[i], &out->diff_nano[i]) ||
			!ec_fen_mul_nano(in->coefficient[i], out->diff_nano[i], &out->term[i]) ||
			!ec_fen_add(&sum, out->term[i]))
			return EC_ERR_OVERFLOW;
	}
	out->bad = -1;
	out->uncapped = sum;
	out->total = ec_fen_cap(sum, in->cap);
	return EC_OK;
}

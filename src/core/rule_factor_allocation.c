#include "rule_factor_allocation.h"

#include <math.h>
#include <stddef.h>

ec_status
ec_factor_allocation(const ec_fa_input *in, ec_fa_output *out)
{
	double		wsum = 0;

	out->bad = out->bad_party = -1;
	if (in->nfactors <= 0 || in->nparties <= 0)
		return EC_ERR_EMPTY;
	if (in->budget < 0 || in->budget > EC_FEN_MAX)
		return EC_ERR_OVERFLOW;
	for (int i = 0; i < in->nparties; i++)
		out->share[i] = 0;
	for (int f = 0; f < in->nfactors; f++)
	{
		const double *v = in->value + (size_t) f * (size_t) in->nparties;
		double		vsum = 0;

		out->bad = f;
		if (!isfinite(in->weight[f]) || in->weight[f] < 0)
			return EC_ERR_BAD_WEIGHT;
		wsum += in->weight[f];
		for (int i = 0; i < in->nparties; i++)
		{
			if (!isfinite(v[i]) || v[i] < 0)
			{
				out->bad_party = i;
				return EC_ERR_BAD_FACTOR;
			}
			vsum += v[i];
		}
		if (in->weight[f] == 0)
			continue;
		if (!(vsum > 0) || !isfinite(vsum))
			return EC_ERR_BAD_FACTOR;
		for (int i = 0; i < in->nparties; i++)
			out->share[i] += in->weight[f] * (v[i] / vsum);
	}
	out->bad = -1;
	if (!(wsum > 0) || !isfinite(wsum))
		return EC_ERR_BAD_WEIGHT;
	for (int i = 0; i < in->nparties; i++)
		out->share[i] /= wsum;
	if (!ec_allocate(in->budget, out->share, in->nparties, out->amount))
		return EC_ERR_BAD_WEIGHT;
	return EC_OK;
}

#include "rule_flux_exceedance.h"

#include <math.h>

ec_status
ec_flux_exceedance(const ec_flux_item *items, int n, bool two_way,
				   ec_flux_result *results, ec_fen *total, int *bad)
{
	ec_fen		sum = 0;

	*total = 0;
	*bad = -1;
	if (n < 0)
		return EC_ERR_EMPTY;
	for (int i = 0; i < n; i++)
	{
		const ec_flux_item *it = &items[i];
		ec_flux_result *r = &results[i];
		double		diff;
		double		yuan;

		r->status = EC_FLUX_OK;
		r->tonnes = 0;
		r->amount = 0;
		*bad = i;
		if (!isfinite(it->target) || it->target < 0)
			return EC_ERR_BAD_TARGET;
		if (!isfinite(it->rate) || it->rate < 0)
			return EC_ERR_BAD_WEIGHT;
		if (isnan(it->conc))
		{
			r->status = EC_FLUX_NO_CONC;
			continue;
		}
		if (isnan(it->volume_m3))
		{
			r->status = EC_FLUX_NO_VOLUME;
			continue;
		}
		if (!isfinite(it->conc) || it->conc < 0 || !isfinite(it->volume_m3) || it->volume_m3 < 0)
			return EC_ERR_BAD_VALUE;

		/* mg/L × m³ = g; ÷ 10⁶ = t */
		diff = it->conc - it->target;
		if (diff < 0 && !two_way)
			diff = 0;
		r->tonnes = diff * it->volume_m3 / 1e6;
		yuan = -r->tonnes * it->rate;
		if (!ec_yuan_to_fen(yuan, &r->amount))
			return EC_ERR_OVERFLOW;
		sum += r->amount;
		if (sum > EC_FEN_MAX || sum < -EC_FEN_MAX)
			return EC_ERR_OVERFLOW;
	}
	*bad = -1;
	*total = sum;
	return EC_OK;
}

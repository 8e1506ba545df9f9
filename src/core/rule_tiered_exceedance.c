#include "rule_tiered_exceedance.h"

#include <math.h>

ec_status
ec_tiered_exceedance(const ec_te_input *in, ec_te_output *out)
{
	ec_status st;
	ec_fen		total = 0;

	out->total = 0;
	st = ec_bands_check(in->bands, in->nbands, &out->bad, &out->other);
	if (st != EC_OK)
		return st;
	for (int b = 0; b < in->nbands; b++)
		if (in->bands[b].amount < 0 || in->bands[b].amount > EC_FEN_MAX)
		{
			out->bad = b;
			return EC_ERR_BAD_BAND;
		}
	for (int g = 0; g < in->ngroups; g++)
		out->group_total[g] = 0;

	for (int i = 0; i < in->n; i++)
	{
		double		m;
		int			b;
		ec_fen		fen;

		out->bad = i;
		if (in->group[i] < 0 || in->group[i] >= in->ngroups)
			return EC_ERR_BAD_INDEX;
		if (!isfinite(in->target[i]) || !(in->target[i] > 0))
			return EC_ERR_BAD_TARGET;
		if (!isfinite(in->mean[i]) || in->mean[i] < 0)
			return EC_ERR_BAD_VALUE;
		m = (in->mean[i] - in->target[i]) / in->target[i];
		if (!ec_to_nano(m, &out->m_nano[i]))
			return EC_ERR_OVERFLOW;
		b = ec_band_find(in->bands, in->nbands, out->m_nano[i]);
		out->band[i] = b;
		fen = 0;
		if (b >= 0)
		{
			fen = in->bands[b].amount;
			if (in->bands[b].times_one_plus_m &&
				!ec_fen_mul_nano(fen, EC_NANO + out->m_nano[i], &fen))
				return EC_ERR_OVERFLOW;
		}
		/* a negative (1 + m) needs m < -1, i.e. a negative mean: excluded */
		out->penalty[i] = fen;
		if (!ec_fen_add(&out->group_total[in->group[i]], fen))
			return EC_ERR_OVERFLOW;
	}
	out->bad = -1;
	for (int g = 0; g < in->ngroups; g++)
	{
		out->group_total[g] = ec_fen_cap(out->group_total[g], in->cap_per_factor);
		if (!ec_fen_add(&total, out->group_total[g]))
			return EC_ERR_OVERFLOW;
	}
	out->total = -ec_fen_cap(total, in->cap);
	return EC_OK;
}

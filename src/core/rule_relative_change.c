#include "rule_relative_change.h"

#include <math.h>

ec_status
ec_relative_change(const ec_rc_input *in, ec_rc_output *out)
{
	ec_status st;
	ec_fen		sum = 0;

	out->total = out->uncapped = 0;
	out->other = -1;
	if (!in->use_per_point)
	{
		st = ec_bands_check(in->bands, in->nbands, &out->bad, &out->other);
		if (st != EC_OK)
			return st;
		for (int b = 0; b < in->nbands; b++)
			if (in->bands[b].amount > EC_FEN_MAX || in->bands[b].amount < -EC_FEN_MAX)
			{
				out->bad = b;
				return EC_ERR_BAD_BAND;
			}
	}
	for (int i = 0; i < in->n; i++)
	{
		double		r;

		out->bad = i;
		if (!isfinite(in->index[i]) || in->index[i] < 0)
			return EC_ERR_BAD_VALUE;
		if (!isfinite(in->reference[i]) || !(in->reference[i] > 0))
			return EC_ERR_BAD_TARGET;
		r = (in->index[i] - in->reference[i]) / in->reference[i];
		if (!ec_to_nano(r, &out->r_nano[i]))
			return EC_ERR_OVERFLOW;
		out->band[i] = -1;
		out->amount[i] = 0;
		if (in->use_per_point)
		{
			/* percentage points of improvement: −100·r; |r| <= 9e9 keeps
			 * the product below 2^63 only up to 9e16 nano */
			if (out->r_nano[i] > INT64_C(90000000000000000) ||
				out->r_nano[i] < -INT64_C(90000000000000000) ||
				!ec_fen_mul_nano(in->per_point, -100 * out->r_nano[i], &out->amount[i]))
				return EC_ERR_OVERFLOW;
		}
		else
		{
			int			b = ec_band_find(in->bands, in->nbands, out->r_nano[i]);

			out->band[i] = b;
			if (b >= 0)
			{
				out->amount[i] = in->bands[b].amount;
				if (in->bands[b].times_one_plus_m &&
					!ec_fen_mul_nano(out->amount[i], EC_NANO + out->r_nano[i], &out->amount[i]))
					return EC_ERR_OVERFLOW;
			}
		}
		if (!ec_fen_add(&sum, out->amount[i]))
			return EC_ERR_OVERFLOW;
	}
	out->bad = -1;
	out->uncapped = sum;
	out->total = ec_fen_cap(sum, in->cap);
	return EC_OK;
}

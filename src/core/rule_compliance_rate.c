#include "rule_compliance_rate.h"

#include <math.h>
#include <stdlib.h>

ec_status
ec_compliance_rate(const ec_compliance_rate_in *in, ec_compliance_rate_out *out,
				   ec_compliance_verdict *verdicts, double *rates)
{
	double		w[3] = {0, 0, 0};	/* share met, missed, not judged */
	ec_fen		parts[3];
	int			n = in->nitems;

	out->met_part = out->missed_part = out->amount = 0;
	out->no_data = 0;
	if (n < 1)
		return EC_ERR_EMPTY;
	if (n > 1 && in->shares == NULL)
		return EC_ERR_BAD_WEIGHT;
	if (!isfinite(in->threshold) || in->threshold < 0 || in->threshold > 1)
		return EC_ERR_BAD_TARGET;
	if (in->amount_met < 0 || in->amount_met > EC_FEN_MAX
		|| in->amount_missed < 0 || in->amount_missed > EC_FEN_MAX)
		return EC_ERR_BAD_AMOUNT;

	for (int i = 0; i < n; i++)
	{
		int			met = in->months_met[i];
		int			assessed = in->months_assessed[i];
		double		share = in->shares ? in->shares[i] : 1.0;
		ec_compliance_verdict v;
		double		rate;

		if (met < 0 || assessed < 0 || met > assessed)
			return EC_ERR_BAD_COUNT;
		if (!isfinite(share) || share < 0)
			return EC_ERR_BAD_WEIGHT;
		if (assessed == 0)
		{
			v = EC_CR_NO_DATA;
			rate = NAN;
			out->no_data++;
		}
		else
		{
			/* Both sides are correctly rounded doubles of the exact values,
			 * so a rate equal to the threshold compares equal. */
			rate = (double) met / (double) assessed;
			v = (rate >= in->threshold && in->annual_ok[i] != 0) ? EC_CR_MET : EC_CR_MISSED;
		}
		w[v == EC_CR_MET ? 0 : v == EC_CR_MISSED ? 1 : 2] += share;
		if (verdicts)
			verdicts[i] = v;
		if (rates)
			rates[i] = rate;
	}
	if (!(w[0] + w[1] + w[2] > 0) || !isfinite(w[0] + w[1] + w[2]))
		return EC_ERR_BAD_WEIGHT;

	if (!ec_allocate(in->amount_met, w, 3, parts))
		return EC_ERR_BAD_WEIGHT;
	out->met_part = parts[0];
	if (!ec_allocate(in->amount_missed, w, 3, parts))
		return EC_ERR_BAD_WEIGHT;
	out->missed_part = parts[1];
	out->amount = out->met_part - out->missed_part;
	return EC_OK;
}

#include "rule_class_target.h"

ec_status
ec_class_target(const ec_class_target_in *in, ec_class_target_out *out, ec_fen *unit_amounts)
{
	ec_fen		sum = 0;

	out->uncapped = out->total = 0;
	out->capped = false;
	out->missing = 0;
	if (in->nunits < 0)
		return EC_ERR_EMPTY;
	if (in->has_cap && (in->cap < 0 || in->cap > EC_FEN_MAX))
		return EC_ERR_BAD_AMOUNT;
	for (int c = 0; c < 6; c++)
		if (in->amounts[c] > EC_FEN_MAX || in->amounts[c] < -EC_FEN_MAX)
			return EC_ERR_BAD_AMOUNT;
	for (int u = 0; u < in->nunits; u++)
	{
		int			c = in->classes[u];
		ec_fen		a;

		if (c < 0 || c > 6)
			return EC_ERR_BAD_INDEX;
		a = c == 0 ? 0 : in->amounts[c - 1];
		if (c == 0)
			out->missing++;
		if (unit_amounts)
			unit_amounts[u] = a;
		sum += a;				/* |a| < 10^18 and |sum| < 10^18: no overflow */
		if (sum > EC_FEN_MAX || sum < -EC_FEN_MAX)
			return EC_ERR_OVERFLOW;
	}
	out->uncapped = sum;
	out->total = sum;
	if (in->has_cap && (sum > in->cap || sum < -in->cap))
	{
		out->total = sum > 0 ? in->cap : -in->cap;
		out->capped = true;
	}
	return EC_OK;
}

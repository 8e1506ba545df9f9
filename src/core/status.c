#include "status.h"

const char *
ec_status_text(ec_status st)
{
	switch (st)
	{
		case EC_OK:
			return "ok";
		case EC_NO_VALUE:
			return "no value";
		case EC_ERR_NONFINITE:
			return "a value is not finite";
		case EC_ERR_NEGATIVE:
			return "a value is negative";
		case EC_ERR_OUT_OF_RANGE:
			return "a value is out of range";
		case EC_ERR_ZERO_DO:
			return "dissolved oxygen is zero";
		case EC_ERR_RESULT_NONFINITE:
			return "a mean or sub-index overflows double precision";
		case EC_ERR_EMPTY:
			return "there are no items";
		case EC_ERR_BAD_VALUE:
			return "a concentration is negative or not finite";
		case EC_ERR_MISSING_MEAN:
			return "a mean is missing";
		case EC_ERR_BAD_TARGET:
			return "a target, baseline or reference is not a positive finite number";
		case EC_ERR_BAD_WEIGHT:
			return "weights must be finite, non-negative and not all zero";
		case EC_ERR_BAD_FACTOR:
			return "factor values must be finite, non-negative and not all zero";
		case EC_ERR_BAD_COUNT:
			return "a count is negative or larger than its total";
		case EC_ERR_BAD_BAND:
			return "a band is empty or has a bound that is not finite";
		case EC_ERR_OVERLAP:
			return "two bands overlap";
		case EC_ERR_BAD_INDEX:
			return "an index is out of range";
		case EC_ERR_NO_LIMIT:
			return "a parameter has no Class III limit";
		case EC_ERR_INDEX_OVERFLOW:
			return "the index is not a finite number";
		case EC_ERR_BAD_AMOUNT:
			return "an amount is negative or exceeds numeric(20,2)";
		case EC_ERR_OVERFLOW:
			return "an amount exceeds numeric(20,2)";
		case EC_ERR_NOMEM:
			return "out of memory";
	}
	return "unknown status";
}

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
		case EC_ERR_NET_DUPLICATE_ID:
			return "duplicate reach id";
		case EC_ERR_NET_MISSING_DOWN:
			return "next_down points to a missing reach";
		case EC_ERR_NET_MISSING_MINOR:
			return "next_down_minor points to a missing reach";
		case EC_ERR_NET_SELF_LOOP:
			return "reach flows into itself";
		case EC_ERR_NET_MINOR_IS_MAIN:
			return "a minor link equals next_down";
		case EC_ERR_NET_DUPLICATE_MINOR:
			return "the same minor link twice";
		case EC_ERR_NET_MISSING_LINK_FROM:
			return "a minor link starts at a missing reach";
		case EC_ERR_NET_LINK_WITHOUT_MINOR:
			return "further minor links without next_down_minor";
		case EC_ERR_NET_CYCLE:
			return "cycle in the river network";
		case EC_ERR_NET_BAD_LENGTH:
			return "reach without a valid length";
		case EC_ERR_NET_TOO_BIG:
			return "too many reaches or links";
		case EC_ERR_GRAPH_TOO_LARGE:
			return "too many items";
		case EC_ERR_GRAPH_BAD_INDEX:
			return "an index is out of range";
		case EC_ERR_GRAPH_BAD_VALUE:
			return "a fraction is outside 0..1 or a length is negative or not finite";
		case EC_ERR_GRAPH_NO_OUTLET:
			return "no outlet lies on an edge";
		case EC_ERR_CX_TOO_BIG:
			return "too many reaches or intervals";
		case EC_ERR_CX_BAD_TOLERANCE:
			return "the tolerance is negative or not finite";
		case EC_ERR_CX_BAD_REACH:
			return "an interval names a reach that does not exist";
		case EC_ERR_CX_BAD_CODE:
			return "an interval has a negative jurisdiction index";
		case EC_ERR_CX_BAD_KIND:
			return "an interval has an unknown kind";
		case EC_ERR_CX_BAD_POSITION:
			return "an interval is not within 0 <= from <= to <= 1";
		case EC_ERR_CX_BAD_LENGTH:
			return "a reach has a negative or non-finite length";
		case EC_ERR_CX_BAD_DOWN:
			return "a reach flows into a reach that does not exist, or into itself";
		case EC_ERR_CX_CYCLE:
			return "the next_down links form a cycle";
		case EC_ERR_CX_TOO_MANY_NEAR:
			return "too many jurisdictions within the tolerance of one point";
		case EC_ERR_NETTING_BAD_PARTY:
			return "a party index is out of range or a party pays itself";
		case EC_ERR_NETTING_BAD_AMOUNT:
			return "an amount exceeds numeric(20,2)";
		case EC_ERR_NETTING_OVERFLOW:
			return "a position exceeds numeric(20,2)";
		case EC_ERR_NETTING_UNBALANCED:
			return "the positions do not sum to zero";
		case EC_ERR_NETTING_TOO_MANY:
			return "the number of parties is out of range";
		case EC_ERR_SERIES_TWO_CONCENTRATIONS:
			return "two concentrations share a time";
		case EC_ERR_SERIES_TWO_FLOWS:
			return "two different flows share a time";
		case EC_ERR_CANCELLED:
			return "cancelled";
		case EC_ERR_NOMEM:
			return "out of memory";
	}
	return "unknown status";
}

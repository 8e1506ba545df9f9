/*
 * ec_raise: the one mapping from a kernel status (src/core/status.h) to an
 * SQL error, in the manner of h3-pg's h3_assert.  Each status has one
 * SQLSTATE and one message shape; the caller supplies the names.
 */
#include "ecocomp.h"
#include "glue.h"

static const char *
or_default(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

static char *
item_text(int item, const char *what, double value)
{
	if (item < 0)
		return "";
	return psprintf(" Element %d of %s is %g.", item + 1, what, value);
}

void
ec_raise(ec_status st, const ec_names *names, int item, double value)
{
	const char *kernel = or_default(names ? names->kernel : NULL, "the kernel");
	const char *values = or_default(names ? names->values : NULL, "values");
	const char *targets = or_default(names ? names->targets : NULL, "targets");
	const char *weights = or_default(names ? names->weights : NULL, "weights");
	const char *scalar = or_default(names ? names->scalar : NULL, "the factor");

	switch (st)
	{
		case EC_OK:
		case EC_NO_VALUE:
			return;
		case EC_ERR_NONFINITE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value of %s is not finite", kernel),
					 errdetail("The value is %g; values must be finite numbers.", value)));
			break;
		case EC_ERR_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("negative value of %s", kernel),
					 errdetail("The value is %g; a concentration cannot be negative.", value)));
			break;
		case EC_ERR_OUT_OF_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value of %s is out of range", kernel),
					 errdetail("The value is %g; pH must lie between 0 and 14.", value)));
			break;
		case EC_ERR_ZERO_DO:
			ereport(ERROR,
					(errcode(ERRCODE_DIVISION_BY_ZERO),
					 errmsg("CWQI of %s is undefined for a value of zero", kernel),
					 errdetail("The CWQI sub-index of dissolved oxygen is 5 / DO.")));
			break;
		case EC_ERR_RESULT_NONFINITE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("result for %s is not finite", kernel),
					 errdetail("The value is %g; the mean or CWQI sub-index computed from it overflows double precision.",
							   value)));
			break;
		case EC_ERR_EMPTY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s needs at least one indicator", kernel),
					 errdetail("The arrays are empty.")));
			break;
		case EC_ERR_BAD_VALUE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must be finite and non-negative", values),
					 errdetail("%s: a value is negative or not finite.%s", kernel,
							   item_text(item, values, value))));
			break;
		case EC_ERR_MISSING_MEAN:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s is missing a mean", kernel),
					 errdetail("Indicator %d has no mean; missing data is reported before the kernel runs.",
							   item + 1)));
			break;
		case EC_ERR_BAD_TARGET:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must be positive", targets),
					 errdetail("%s divides by them; they must be positive finite numbers.%s", kernel,
							   item_text(item, targets, value))));
			break;
		case EC_ERR_BAD_WEIGHT:
			if (item < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s must be a positive finite number", scalar),
						 errdetail("%s: %s is %g, or the weights are all zero.", kernel, scalar, value)));
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must be finite and non-negative", weights),
					 errdetail("%s: weights must be finite, non-negative and not all zero.%s", kernel,
							   item_text(item, weights, value))));
			break;
		case EC_ERR_BAD_FACTOR:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s factor values must be finite and non-negative", kernel),
					 errdetail("Factor %d has a negative or non-finite value, or values that are all zero.",
							   item + 1)));
			break;
		case EC_ERR_BAD_COUNT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s counts are inconsistent", kernel),
					 errdetail("Counts must satisfy 0 <= met <= assessed (item %d).", item + 1)));
			break;
		case EC_ERR_BAD_BAND:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s has an empty band", kernel),
					 errdetail("Band %d contains no value or has an amount out of range: min must be below max, bounds finite, amounts from 0 to 10^16 yuan.",
							   item + 1)));
			break;
		case EC_ERR_OVERLAP:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s has overlapping bands", kernel),
					 errdetail("Band %d shares values with another band.", item + 1)));
			break;
		case EC_ERR_BAD_INDEX:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s has an index out of range", kernel),
					 errdetail("Item %d refers to a party, group or class that does not exist.", item + 1)));
			break;
		case EC_ERR_NO_LIMIT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s has no Class III limit", kernel),
					 errdetail("The composite index divides each mean by the GB 3838-2002 Class III limit.")));
			break;
		case EC_ERR_INDEX_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("the index of %s is out of range", kernel),
					 errdetail("The index is not a finite number: the inputs are too large for double precision.%s",
							   item_text(item, values, value))));
			break;
		case EC_ERR_BAD_AMOUNT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s has an amount out of range", kernel),
					 errdetail("Amounts and caps must be from 0 to 10^16 yuan.")));
			break;
		case EC_ERR_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s amount is out of range", kernel),
					 errdetail("A computed amount exceeds numeric(20,2) (10^16 yuan).%s",
							   item >= 0 ? psprintf(" The item is %d.", item + 1) : "")));
			break;
		case EC_ERR_NOMEM:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory in %s", kernel)));
			break;
	}
}

/*
 * ec_raise: the one mapping from a kernel status (src/core/status.h) to an
 * SQL error, in the manner of h3-pg's h3_assert.  Each status has one
 * SQLSTATE and one message shape; the caller supplies the names.
 */
#include "glue.h"

#include "core/build_network.h"
#include "core/network.h"

static const char *
or_default(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

static char *
item_text(int64 item, const char *what, double value)
{
	if (item < 0)
		return "";
	return psprintf(" Element " INT64_FORMAT " of %s is %g.", item + 1, what, value);
}

/* the river network statuses: a names the reach, b the reach it links to */
static void
raise_network(ec_status st, const ec_names *names, int64 a)
{
	int64		b = names->other;

	switch (st)
	{
		case EC_ERR_NET_CYCLE:
			ereport(ERROR,
					(errcode(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION),
					 errmsg("river network has a cycle through reach " INT64_FORMAT, a),
					 errdetail("Following next_down (or next_down_minor) from reach " INT64_FORMAT
							   " comes back to it after %d reaches: %s.", a, (int) b, names->listing),
					 errhint("Water must flow to an outlet; fix next_down of one of these reaches.")));
			break;
		case EC_ERR_NET_MISSING_DOWN:
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg("reach " INT64_FORMAT " flows into missing reach " INT64_FORMAT, a, b),
					 errdetail("Reach " INT64_FORMAT " has next_down = " INT64_FORMAT
							   ", which is not a reach_id in ecocomp.reach.", a, b),
					 errhint("Add the missing reach, or set next_down to NULL if reach " INT64_FORMAT
							 " is an outlet.", a)));
			break;
		case EC_ERR_NET_MISSING_MINOR:
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg("reach " INT64_FORMAT " diverges into missing reach " INT64_FORMAT, a, b),
					 errdetail("Reach " INT64_FORMAT " has a minor link (next_down_minor or ecocomp.reach_minor_link) to " INT64_FORMAT
							   ", which is not a reach_id in ecocomp.reach.", a, b)));
			break;
		case EC_ERR_NET_SELF_LOOP:
			ereport(ERROR,
					(errcode(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION),
					 errmsg("reach " INT64_FORMAT " flows into itself", a),
					 errdetail("Reach " INT64_FORMAT " names itself as its downstream reach.", a)));
			break;
		case EC_ERR_NET_MINOR_IS_MAIN:
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("reach " INT64_FORMAT " has the same main and minor downstream reach", a),
					 errdetail("Reach " INT64_FORMAT " has next_down = " INT64_FORMAT
							   " and a minor link (next_down_minor or ecocomp.reach_minor_link) to the same reach.", a, b),
					 errhint("Remove the minor link.")));
			break;
		case EC_ERR_NET_DUPLICATE_MINOR:
			ereport(ERROR,
					(errcode(ERRCODE_UNIQUE_VIOLATION),
					 errmsg("reach " INT64_FORMAT " has two minor links to reach " INT64_FORMAT, a, b),
					 errdetail("Reach " INT64_FORMAT " has next_down_minor = " INT64_FORMAT
							   " and a row (" INT64_FORMAT ", " INT64_FORMAT ") in ecocomp.reach_minor_link.", a, b, a, b),
					 errhint("Delete the row from ecocomp.reach_minor_link.")));
			break;
		case EC_ERR_NET_MISSING_LINK_FROM:
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg("minor link from missing reach " INT64_FORMAT, a),
					 errdetail("ecocomp.reach_minor_link has a row (" INT64_FORMAT ", " INT64_FORMAT
							   ") whose reach_id is not in ecocomp.reach.", a, b)));
			break;
		case EC_ERR_NET_LINK_WITHOUT_MINOR:
			ereport(ERROR,
					(errcode(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION),
					 errmsg("reach " INT64_FORMAT " has further minor links but no next_down_minor", a),
					 errdetail("ecocomp.reach_minor_link has a row (" INT64_FORMAT ", " INT64_FORMAT
							   ") but reach " INT64_FORMAT " has next_down_minor = NULL.", a, b, a),
					 errhint("Set next_down_minor to one of the minor downstream reaches; the table holds the others.")));
			break;
		case EC_ERR_NET_TOO_BIG:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("river network too big to label"),
					 errdetail("The network has %zu reaches and %zu further minor links; at most %zu of each can be labelled at once.",
							   (size_t) a, (size_t) b, EC_NET_MAX)));
			break;
		case EC_ERR_NET_BAD_LENGTH:
			/* b: the reach has no geometry either */
			if (b)
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("reach " INT64_FORMAT " has no length", a),
						 errdetail("Reach " INT64_FORMAT " has neither length_km nor a geometry to measure it from.", a),
						 errhint("Set ecocomp.reach.geom (length_km is then computed) or length_km.")));
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("reach " INT64_FORMAT " has no length", a),
					 errdetail("Reach " INT64_FORMAT " has a NULL length_km.", a),
					 errhint("Set length_km, or update geom to have it measured.")));
			break;
		case EC_ERR_NET_DUPLICATE_ID:
			elog(ERROR, "reach " INT64_FORMAT " read twice", a);
			break;
		default:
			break;
	}
}

/* the statuses of build_network(): item is an element or a count of `values` */
static void
raise_graph(ec_status st, const char *what, int64 item)
{
	if (st == EC_ERR_GRAPH_TOO_LARGE)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("river network is too large to build"),
				 errdetail("build_network() handles at most %zu points, parts, pairs or pieces; "
						   "the network has " INT64_FORMAT " %s.",
						   EC_BN_MAX_ITEMS, item, what),
				 errhint("Build the basins one at a time.")));
	if (st == EC_ERR_GRAPH_NO_OUTLET)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("outlet could not be attached to a line"),
				 errdetail("No piece of river line ends at an outlet node.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s for the river network graph", what),
			 errdetail("Element " INT64_FORMAT " of the %s: %s.",
					   item + 1, what, ec_status_text(st))));
}

void
ec_raise(ec_status st, const ec_names *names, int64 item, double value)
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
							   (int) item + 1)));
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
							   (int) item + 1)));
			break;
		case EC_ERR_BAD_COUNT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s counts are inconsistent", kernel),
					 errdetail("Counts must satisfy 0 <= met <= assessed (item %d).", (int) item + 1)));
			break;
		case EC_ERR_BAD_BAND:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s has an empty band", kernel),
					 errdetail("Band %d contains no value or has an amount out of range: min must be below max, bounds finite, amounts from 0 to 10^16 yuan.",
							   (int) item + 1)));
			break;
		case EC_ERR_OVERLAP:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s has overlapping bands", kernel),
					 errdetail("Band %d shares values with another band.", (int) item + 1)));
			break;
		case EC_ERR_BAD_INDEX:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s has an index out of range", kernel),
					 errdetail("Item %d refers to a party, group or class that does not exist.", (int) item + 1)));
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
							   item >= 0 ? psprintf(" The item is " INT64_FORMAT ".", item + 1) : "")));
			break;
		case EC_ERR_NET_DUPLICATE_ID:
		case EC_ERR_NET_MISSING_DOWN:
		case EC_ERR_NET_MISSING_MINOR:
		case EC_ERR_NET_SELF_LOOP:
		case EC_ERR_NET_MINOR_IS_MAIN:
		case EC_ERR_NET_DUPLICATE_MINOR:
		case EC_ERR_NET_MISSING_LINK_FROM:
		case EC_ERR_NET_LINK_WITHOUT_MINOR:
		case EC_ERR_NET_CYCLE:
		case EC_ERR_NET_BAD_LENGTH:
		case EC_ERR_NET_TOO_BIG:
			raise_network(st, names, item);
			break;
		case EC_ERR_GRAPH_TOO_LARGE:
		case EC_ERR_GRAPH_BAD_INDEX:
		case EC_ERR_GRAPH_BAD_VALUE:
		case EC_ERR_GRAPH_NO_OUTLET:
			raise_graph(st, values, item);
			break;
		case EC_ERR_CX_TOO_BIG:
		case EC_ERR_CX_TOO_MANY_NEAR:
		case EC_ERR_CX_BAD_TOLERANCE:
		case EC_ERR_CX_BAD_REACH:
		case EC_ERR_CX_BAD_CODE:
		case EC_ERR_CX_BAD_KIND:
		case EC_ERR_CX_BAD_POSITION:
		case EC_ERR_CX_BAD_LENGTH:
		case EC_ERR_CX_BAD_DOWN:
		case EC_ERR_CX_CYCLE:
			ereport(ERROR,
					errcode(st == EC_ERR_CX_TOO_BIG || st == EC_ERR_CX_TOO_MANY_NEAR
							? ERRCODE_PROGRAM_LIMIT_EXCEEDED : ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("cannot compute crossings: %s", ec_status_text(st)),
					errdetail("The problem is at %s number " INT64_FORMAT ".",
							  (st == EC_ERR_CX_BAD_REACH || st == EC_ERR_CX_BAD_CODE || st == EC_ERR_CX_BAD_KIND ||
							   st == EC_ERR_CX_BAD_POSITION) ? "interval" : "reach", item + 1));
			break;
		case EC_ERR_NETTING_BAD_PARTY:
		case EC_ERR_NETTING_BAD_AMOUNT:
		case EC_ERR_NETTING_OVERFLOW:
		case EC_ERR_NETTING_UNBALANCED:
		case EC_ERR_NETTING_TOO_MANY:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("the ledger cannot be netted"),
					 names && names->listing
					 ? errdetail("%s (%s).", ec_status_text(st), names->listing)
					 : errdetail("%s.", ec_status_text(st))));
			break;
		case EC_ERR_SERIES_TWO_CONCENTRATIONS:
		case EC_ERR_SERIES_TWO_FLOWS:
			/* several series in one group; the fix is to group by series */
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("load aggregate over several series"),
					 st == EC_ERR_SERIES_TWO_CONCENTRATIONS
					 ? errdetail("Two concentrations share the time %s; a load integrates one series (one section and parameter), and which of them came first would decide the result.", names->listing)
					 : errdetail("Two different flows share the time %s; a load integrates one series (one section), and which of them came first would decide the result.", names->listing),
					 errhint("Group by section (GROUP BY section_code) and sum the loads of the sections.")));
			break;
		case EC_ERR_CANCELLED:	/* a kernel stops only when an interrupt is pending */
			elog(ERROR, "%s stopped without a pending interrupt", kernel);
			break;
		case EC_ERR_NOMEM:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory in %s", kernel)));
			break;
	}
}

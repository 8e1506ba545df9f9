/*
 * The one status type of every kernel in src/core: a kernel returns EC_OK
 * or the first problem it met, and names the offending item through its
 * output struct.  The glue turns a status into an SQL error in one place
 * (ec_raise in src/status.c), so a status means the same everywhere.  Pure C.
 */
#ifndef EC_STATUS_H
#define EC_STATUS_H

typedef enum ec_status
{
	EC_OK = 0,
	EC_NO_VALUE,				/* defined, but nothing to report (NULL in SQL) */
	/* a value */
	EC_ERR_NONFINITE,			/* NaN or infinity */
	EC_ERR_NEGATIVE,			/* negative concentration */
	EC_ERR_OUT_OF_RANGE,		/* e.g. pH outside 0..14 */
	EC_ERR_ZERO_DO,				/* CWQI of DO is 5 / DO: undefined at 0 */
	EC_ERR_RESULT_NONFINITE,	/* finite inputs, but a mean or CWQI sub-index overflows */
	/* compensation inputs */
	EC_ERR_EMPTY,				/* no items where at least one is needed */
	EC_ERR_BAD_VALUE,			/* a measured value is negative or not finite */
	EC_ERR_MISSING_MEAN,		/* a mean is missing (no samples) */
	EC_ERR_BAD_TARGET,			/* a target/baseline/reference is <= 0 or not finite */
	EC_ERR_BAD_WEIGHT,			/* a weight or share is negative or not finite, or all are 0 */
	EC_ERR_BAD_FACTOR,			/* a factor value is negative or not finite, or all are 0 */
	EC_ERR_BAD_COUNT,			/* a count is negative or inconsistent */
	EC_ERR_BAD_BAND,			/* a band is empty or its bounds are not finite */
	EC_ERR_OVERLAP,				/* two bands overlap */
	EC_ERR_BAD_INDEX,			/* an index (party, group, parameter, class) is out of range */
	EC_ERR_NO_LIMIT,			/* a parameter has no Class III limit */
	EC_ERR_INDEX_OVERFLOW,		/* an index or ratio is not finite */
	EC_ERR_BAD_AMOUNT,			/* an amount parameter is negative or too large */
	EC_ERR_OVERFLOW,			/* a computed amount exceeds numeric(20,2) */
	/* labelling a river network (network.c): err_id, err_id2 name the reaches */
	EC_ERR_NET_DUPLICATE_ID,	/* err_id appears twice */
	EC_ERR_NET_MISSING_DOWN,	/* err_id's next_down err_id2 is not a reach */
	EC_ERR_NET_MISSING_MINOR,	/* err_id's next_down_minor err_id2 is not a reach */
	EC_ERR_NET_SELF_LOOP,		/* err_id flows into itself */
	EC_ERR_NET_MINOR_IS_MAIN,	/* err_id: a minor link to err_id2 = next_down */
	EC_ERR_NET_DUPLICATE_MINOR, /* err_id has two minor links to err_id2 */
	EC_ERR_NET_MISSING_LINK_FROM,	/* a minor link starts at err_id, not a reach */
	EC_ERR_NET_LINK_WITHOUT_MINOR,	/* err_id has further minor links, no next_down_minor */
	EC_ERR_NET_CYCLE,			/* err_id is on a cycle; cycle[] lists it */
	EC_ERR_NET_BAD_LENGTH,		/* err_id has no (or a negative) length */
	EC_ERR_NET_TOO_BIG,			/* more than EC_NET_MAX reaches or links */
	/* building a river network (build_network.c): err_index names the element */
	EC_ERR_GRAPH_TOO_LARGE,		/* a count exceeds EC_BN_MAX_ITEMS; err_index is the count */
	EC_ERR_GRAPH_BAD_INDEX,		/* element err_index names a point, part or link out of range */
	EC_ERR_GRAPH_BAD_VALUE,		/* element err_index: a fraction outside 0..1, or a length
								 * that is negative or not finite */
	EC_ERR_GRAPH_NO_OUTLET,		/* no outlet node lies on an edge */
	/* crossings (geography.c): err_index names the interval or reach */
	EC_ERR_CX_TOO_BIG,			/* more reaches or intervals than the bounds */
	EC_ERR_CX_BAD_TOLERANCE,	/* the tolerance is negative or not finite */
	EC_ERR_CX_BAD_REACH,		/* interval err_index names a reach out of range */
	EC_ERR_CX_BAD_CODE,			/* interval err_index has a negative code */
	EC_ERR_CX_BAD_KIND,			/* interval err_index has an unknown kind */
	EC_ERR_CX_BAD_POSITION,		/* interval err_index is not 0 <= from <= to <= 1 */
	EC_ERR_CX_BAD_LENGTH,		/* reach err_index has a negative or non-finite length */
	EC_ERR_CX_BAD_DOWN,			/* reach err_index has a next_down out of range or itself */
	EC_ERR_CX_CYCLE,			/* reach err_index is on a cycle of next_down links */
	EC_ERR_CX_TOO_MANY_NEAR,	/* reach err_index: more than EC_CX_MAX_NEAR near at once */
	/* netting a ledger (netting.c) */
	EC_ERR_NETTING_BAD_PARTY,	/* an index is outside 0..n-1, or payer = payee */
	EC_ERR_NETTING_BAD_AMOUNT,	/* |amount| > EC_FEN_MAX */
	EC_ERR_NETTING_OVERFLOW,	/* a position exceeds EC_FEN_MAX */
	EC_ERR_NETTING_UNBALANCED,	/* positions do not sum to zero */
	EC_ERR_NETTING_TOO_MANY,	/* n < 0 or n > EC_NETTING_MAX_PARTIES */
	/* a load series (loads.c): samples of several series share a time */
	EC_ERR_SERIES_TWO_CONCENTRATIONS,
	EC_ERR_SERIES_TWO_FLOWS,
	/* any kernel */
	EC_ERR_CANCELLED,			/* the interrupt callback asked to stop */
	EC_ERR_NOMEM				/* out of memory */
} ec_status;

/* Short English description of a status, for error details. */
const char *ec_status_text(ec_status st);

#endif

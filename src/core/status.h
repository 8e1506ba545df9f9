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
	EC_ERR_NOMEM				/* out of memory */
} ec_status;

/* Short English description of a status, for error details. */
const char *ec_status_text(ec_status st);

#endif

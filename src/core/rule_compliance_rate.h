/*
 * compliance_rate: the share of months whose class meets the target,
 * compared with a yearly threshold, optionally with the annual mean class as
 * a second condition (Jiuzhou River: Class III and 75 / 83 / 100 % of the
 * months; Dongjiang).  With inflow shares (Tingjiang) each inflow is judged
 * on its own and the amounts are split by the shares of compliant and
 * non-compliant inflow, to the fen by the largest-remainder method.  Pure C.
 */
#ifndef EC_RULE_COMPLIANCE_RATE_H
#define EC_RULE_COMPLIANCE_RATE_H

#include <stdbool.h>

#include "money.h"
#include "status.h"

/* What was decided for one inflow (or for the whole section). */
typedef enum ec_compliance_verdict
{
	EC_CR_NO_DATA = 0,			/* no month with data: not judged */
	EC_CR_MET = 1,
	EC_CR_MISSED = 2
} ec_compliance_verdict;

typedef struct ec_compliance_rate_in
{
	int			nitems;			/* inflows (1 without inflow shares) */
	const int  *months_met;		/* months whose class meets the target */
	const int  *months_assessed;	/* months with data */
	const int  *annual_ok;		/* 1 annual class reached, 0 not, -1 not required */
	const double *shares;		/* inflow shares (>= 0, sum > 0); NULL with one item */
	double		threshold;		/* share of months, 0..1 */
	ec_fen		amount_met;		/* >= 0 */
	ec_fen		amount_missed;	/* >= 0 */
} ec_compliance_rate_in;

typedef struct ec_compliance_rate_out
{
	ec_fen		met_part;		/* >= 0: downstream pays upstream */
	ec_fen		missed_part;	/* >= 0: upstream pays downstream */
	ec_fen		amount;			/* met_part − missed_part */
	int			no_data;		/* items not judged */
} ec_compliance_rate_out;

/* verdicts and rates (nitems each, may be NULL) receive each item's verdict
 * and month share (NaN without data).  Errors: EC_ERR_EMPTY, EC_ERR_BAD_TARGET
 * (threshold outside 0..1), EC_ERR_BAD_AMOUNT, EC_ERR_BAD_COUNT (month
 * counts), EC_ERR_BAD_WEIGHT (shares). */
ec_status	ec_compliance_rate(const ec_compliance_rate_in *in, ec_compliance_rate_out *out,
							   ec_compliance_verdict *verdicts, double *rates);

#endif

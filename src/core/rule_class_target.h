/*
 * class_target: a fixed amount per assessment unit (month, quarter, year)
 * chosen by the section's water quality class in that unit (Lushui: ±100 万
 * a month; Yellow River: 6000 万 per class step a year), netted over the
 * settlement period and optionally capped in absolute value.  Pure C.
 */
#ifndef EC_RULE_CLASS_TARGET_H
#define EC_RULE_CLASS_TARGET_H

#include <stdbool.h>

#include "money.h"
#include "status.h"

typedef struct ec_class_target_in
{
	int			nunits;
	const int  *classes;		/* class 1..6 of each unit; 0 = no data */
	const ec_fen *amounts;		/* 6 signed amounts, one per class I..inferior V */
	bool		has_cap;
	ec_fen		cap;			/* >= 0: |total| is bounded by it */
} ec_class_target_in;

typedef struct ec_class_target_out
{
	ec_fen		uncapped;		/* Σ unit amounts */
	ec_fen		total;			/* after the cap */
	bool		capped;
	int			missing;		/* units without data (contribute nothing) */
} ec_class_target_out;

/* unit_amounts (nunits, may be NULL) receives each unit's amount.  Errors:
 * EC_ERR_BAD_INDEX (a class outside 0..6), EC_ERR_BAD_AMOUNT (an amount or
 * the cap out of range), EC_ERR_OVERFLOW (the sum out of range). */
ec_status	ec_class_target(const ec_class_target_in *in, ec_class_target_out *out,
							ec_fen *unit_amounts);

#endif

/*
 * flux_exceedance: the Jiangsu / Henan flux formula
 *     单因子补偿资金 = (C − target) × monthly volume × rate
 * per assessment unit, section and factor: (C̄ − target)⁺ mg/L × V m³ ÷ 10⁶
 * = tonnes above the target, times the rate in yuan per tonne, paid by the
 * upstream party; with two_way, (target − C̄)⁺ tonnes below the target earn
 * the same rate from the downstream party.  Each item's amount is rounded
 * half up to the fen.  A factor's total can be split among several upstream
 * payers by contribution shares (Zhenjiang's county split).  Pure C.
 */
#ifndef EC_RULE_FLUX_EXCEEDANCE_H
#define EC_RULE_FLUX_EXCEEDANCE_H

#include <stdbool.h>

#include "money.h"
#include "status.h"

typedef enum ec_flux_status
{
	EC_FLUX_OK = 0,
	EC_FLUX_NO_CONC,			/* no concentration: item contributes nothing */
	EC_FLUX_NO_VOLUME			/* no flow: item contributes nothing */
} ec_flux_status;

typedef struct ec_flux_item
{
	double		conc;			/* C̄ mg/L, NaN when missing */
	double		target;			/* mg/L, >= 0 */
	double		volume_m3;		/* NaN when missing */
	double		rate;			/* yuan per tonne, >= 0 */
} ec_flux_item;

typedef struct ec_flux_result
{
	ec_flux_status status;
	double		tonnes;			/* signed: + above target, − below */
	ec_fen		amount;			/* signed: − upstream pays, + downstream pays */
} ec_flux_result;

/*
 * Computes each item's tonnes and amount and their sum (*total).  Errors:
 * EC_ERR_BAD_TARGET (target), EC_ERR_BAD_WEIGHT (rate), EC_ERR_BAD_VALUE
 * (concentration or volume), EC_ERR_OVERFLOW (an amount out of range); *bad
 * is the item.
 */
ec_status	ec_flux_exceedance(const ec_flux_item *items, int n, bool two_way,
							   ec_flux_result *results, ec_fen *total, int *bad);

#endif

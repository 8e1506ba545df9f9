/*
 * factor_allocation: a budget split by weighted factors (Jiangxi 因素法).
 * shareᵢ = Σ_f w_f · v_f,i / Σⱼ v_f,j / Σ_f w_f, amounts by largest
 * remainder to the fen, so they add up to the budget exactly.  Pure C.
 */
#ifndef EC_RULE_FACTOR_ALLOCATION_H
#define EC_RULE_FACTOR_ALLOCATION_H

#include "rule_common.h"

typedef struct ec_fa_input
{
	int			nfactors;
	int			nparties;
	const double *weight;		/* [nfactors] >= 0, not all 0 */
	const double *value;		/* [nfactors × nparties] >= 0, row-major */
	ec_fen		budget;			/* >= 0 */
} ec_fa_input;

typedef struct ec_fa_output
{
	double	   *share;			/* [nparties], summing to 1 */
	ec_fen	   *amount;			/* [nparties], summing to budget */
	int			bad;			/* offending factor */
	int			bad_party;		/* offending party of a bad value */
} ec_fa_output;

ec_status ec_factor_allocation(const ec_fa_input *in, ec_fa_output *out);

#endif

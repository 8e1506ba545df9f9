/*
 * pool: a multi-party fund (Chishui).  Each party pays total × its
 * contribution share and receives total × its allocation share (largest
 * remainder to the fen).  Each section names a responsible party; the
 * party's allocation is split evenly over the sections it answers for, and
 * the part of a section that misses its target goes to the section's
 * deduction_to parties by their shares.  Net = final allocation −
 * contribution; the obligations are transfers from the parties with a
 * negative net to those with a positive one, matched in party order
 * (upstream first), at most n − 1 of them.  Pure C.
 */
#ifndef EC_RULE_POOL_H
#define EC_RULE_POOL_H

#include "rule_common.h"

typedef struct ec_pool_input
{
	int			nparties;
	ec_fen		total;			/* >= 0 */
	const double *contribution; /* [nparties] shares */
	const double *allocation;	/* [nparties] shares */
	int			nsections;
	const int  *responsible;	/* [nsections] party index */
	const bool *failed;			/* [nsections] target missed */
	const double *deduction_to; /* [nsections × nparties] shares, row-major */
} ec_pool_input;

typedef struct ec_pool_output
{
	ec_fen	   *contribution;	/* [nparties] */
	ec_fen	   *allocation;		/* [nparties] before deductions */
	ec_fen	   *stake;			/* [nsections] allocation at stake */
	ec_fen	   *deducted;		/* [nsections] stake if failed, else 0 */
	ec_fen	   *final_allocation;	/* [nparties] */
	ec_fen	   *net;			/* [nparties] final_allocation − contribution */
	int			ntransfers;
	int		   *from;			/* [nparties] payer index */
	int		   *to;				/* [nparties] payee index */
	ec_fen	   *amount;			/* [nparties] > 0 */
	int			bad;			/* offending party or section */
} ec_pool_output;

ec_status ec_pool(const ec_pool_input *in, ec_pool_output *out);

#endif

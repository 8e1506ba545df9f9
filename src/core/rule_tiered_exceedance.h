/*
 * tiered_exceedance: bands on the exceedance multiple m = (C̄ − target) /
 * target (Zhoukou, Shanxi, Hebei, Hefei).  Each term (section, factor, period
 * unit) in a band costs the band's amount, or amount × (1 + m); each group
 * (section and factor) is capped at cap_per_factor over the settlement
 * period, the total at cap.  Upstream pays: the signed total is <= 0.
 * Pure C.
 */
#ifndef EC_RULE_TIERED_EXCEEDANCE_H
#define EC_RULE_TIERED_EXCEEDANCE_H

#include "rule_common.h"

typedef struct ec_te_input
{
	int			n;				/* terms */
	const int  *group;			/* group of each term, 0..ngroups-1 */
	const double *mean;			/* period-unit mean concentration */
	const double *target;		/* target concentration (> 0) */
	int			ngroups;
	const ec_band *bands;		/* amounts >= 0 */
	int			nbands;
	ec_fen		cap_per_factor; /* per group; < 0: none */
	ec_fen		cap;			/* total; < 0: none */
} ec_te_input;

typedef struct ec_te_output
{
	int64_t    *m_nano;			/* [n] m in 1e-9 units */
	int		   *band;			/* [n] band index or -1 */
	ec_fen	   *penalty;		/* [n] >= 0 */
	ec_fen	   *group_total;	/* [ngroups] after cap_per_factor, >= 0 */
	ec_fen		total;			/* signed, after cap: <= 0 */
	int			bad;			/* offending term or band on error */
	int			other;			/* the second band of an overlap */
} ec_te_output;

ec_status ec_tiered_exceedance(const ec_te_input *in, ec_te_output *out);

#endif

/*
 * index_ratio: the Xin'an River compensation index (新安江补偿指数)
 *     P = k0 · Σ kᵢ · Cᵢ / Cᵢ₀
 * compared with a threshold (P ≤ threshold, or P < threshold when the
 * comparison is strict): better → the downstream party pays `amount`,
 * otherwise the upstream party pays `amount_if_worse`.  Pure C.
 */
#ifndef EC_RULE_INDEX_RATIO_H
#define EC_RULE_INDEX_RATIO_H

#include <stdbool.h>

#include "money.h"
#include "status.h"

/*
 * P is compared with the threshold with a relative tolerance: values within
 * EC_INDEX_RATIO_TIE · max(1, |threshold|) of the threshold count as equal to
 * it, so that P computed from decimal inputs (0.85 × 0.25 × ...) that equals
 * the threshold in exact arithmetic is treated as equal, not as 1e-16 above.
 */
#define EC_INDEX_RATIO_TIE 1e-9

typedef struct ec_index_ratio_in
{
	int			n;
	const double *means;		/* Cᵢ, NaN when missing */
	const double *baselines;	/* Cᵢ₀, NaN when missing */
	const double *weights;		/* kᵢ >= 0 */
	double		k0;				/* > 0 */
	double		threshold;
	bool		inclusive;		/* P == threshold counts as better */
	ec_fen		amount;			/* >= 0: downstream pays upstream when better */
	ec_fen		amount_if_worse;	/* >= 0: upstream pays downstream otherwise */
} ec_index_ratio_in;

typedef struct ec_index_ratio_out
{
	double		p;
	bool		better;			/* P meets the threshold */
	bool		at_threshold;	/* P equals the threshold (within the tie tolerance) */
	ec_fen		amount;			/* signed: + downstream pays, − upstream pays */
	int			bad_index;		/* first missing or bad indicator, -1 if none */
} ec_index_ratio_out;

/*
 * Computes P and the signed amount.  terms (n doubles, may be NULL) receives
 * k0·kᵢ·Cᵢ/Cᵢ₀ of each indicator.
 */
ec_status ec_index_ratio(const ec_index_ratio_in *in,
									 ec_index_ratio_out *out, double *terms);

#endif

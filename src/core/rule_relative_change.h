/*
 * relative_change: a composite index (Σ C̄ᵢ/Sᵢ, see ec_pollution_index) of
 * the assessed section against a reference (an upstream control section in
 * the same period, or the same section a year earlier): r = (index −
 * reference) / reference.  Either bands on r give signed amounts (Wuhan), or
 * per_point pays −100·r × per_point (improvement positive; Yellow River,
 * Shandong).  The total over the period units is capped.  Pure C.
 */
#ifndef EC_RULE_RELATIVE_CHANGE_H
#define EC_RULE_RELATIVE_CHANGE_H

#include "rule_common.h"

typedef struct ec_rc_input
{
	int			n;				/* assessed units (section × period unit) */
	const double *index;		/* index of the assessed section (>= 0) */
	const double *reference;	/* reference index (> 0) */
	const ec_band *bands;		/* signed amounts; NULL with nbands 0 for per_point */
	int			nbands;
	bool		use_per_point;
	ec_fen		per_point;		/* fen per percentage point of improvement */
	ec_fen		cap;			/* bound on |total|; < 0: none */
} ec_rc_input;

typedef struct ec_rc_output
{
	int64_t    *r_nano;			/* [n] relative change in 1e-9 units */
	int		   *band;			/* [n] band index or -1 (per_point: -1) */
	ec_fen	   *amount;			/* [n] signed */
	ec_fen		uncapped;
	ec_fen		total;
	int			bad;
	int			other;
} ec_rc_output;

ec_status ec_relative_change(const ec_rc_input *in, ec_rc_output *out);

#endif

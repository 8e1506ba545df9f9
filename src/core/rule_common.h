/*
 * Pieces shared by the compensation rule kernels: bands on a
 * measured ratio (exceedance multiple, relative change) and the composite
 * indices (P index, Σ C/S).  Pure C.
 */
#ifndef EC_RULE_COMMON_H
#define EC_RULE_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "money.h"
#include "status.h"

/*
 * A band on a ratio x (exceedance multiple m or relative change r):
 * min < x <= max by default; a missing bound is unbounded.  Bounds are
 * compared at 1e-9 resolution (see ec_to_nano), so a value that lands on an
 * edge in decimal lands on it in the comparison too.
 */
typedef struct ec_band
{
	bool		has_min;
	bool		has_max;
	double		min;
	double		max;
	bool		min_inclusive;	/* default false */
	bool		max_inclusive;	/* default true */
	ec_fen		amount;
	bool		times_one_plus_m;	/* amount × (1 + x) */
} ec_band;

/*
 * Checks that every band is non-empty with finite bounds and that no two
 * overlap.  On failure *bad (and *other for an overlap) name the bands.
 */
ec_status ec_bands_check(const ec_band *bands, int n, int *bad, int *other);

/* The band containing x_nano (x in 1e-9 units), or -1. */
int			ec_band_find(const ec_band *bands, int n, int64_t x_nano);

/*
 * P = k0 · Σ wᵢ · meansᵢ / baselinesᵢ (Xin'an compensation index).  Means
 * >= 0, baselines > 0, weights >= 0, k0 > 0, all finite; *bad is the index of
 * the offending element (-1 for k0).
 */
ec_status ec_p_index(int n, const double *means, const double *baselines,
						  const double *weights, double k0, double *p, int *bad);

/*
 * Composite pollution index Σ C̄ᵢ/Sᵢ with Sᵢ the Class III limit of
 * parameter params[i] (an index into ec_params) in the waterbody; DO is
 * inverted (Sᵢ/C̄ᵢ) and pH uses the CWQI formula.  lake: true for lakes and
 * reservoirs.
 */
ec_status ec_pollution_index(int n, const int *params, const double *means,
								  bool lake, double *index, int *bad);

#endif

/* Bands and amounts for the rule tests (test_rule_*.c). */
#ifndef EC_TEST_BAND_H
#define EC_TEST_BAND_H

#include "rule_common.h"

#define WAN(x) ((ec_fen) (x) * 1000000)	/* x 万元 in fen */

/* One band, every field named by the caller (a missing bound is unbounded). */
static inline ec_band
test_band(bool has_min, double min, bool min_inclusive, bool has_max, double max, bool max_inclusive,
		  ec_fen amount, bool times_one_plus_m)
{
	return (ec_band) {.has_min = has_min, .min = min, .min_inclusive = min_inclusive, .has_max = has_max,
		.max = max, .max_inclusive = max_inclusive, .amount = amount, .times_one_plus_m = times_one_plus_m};
}

#endif

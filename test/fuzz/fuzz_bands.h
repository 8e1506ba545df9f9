/* Bands of amounts from fuzzer bytes, shared by the rule targets. */
#ifndef EC_FUZZ_BANDS_H
#define EC_FUZZ_BANDS_H

#include "fuzz_input.h"
#include "rule_common.h"

static inline ec_band *
fz_bands(fz *f, int n)
{
	ec_band    *b = FZ_OUT(ec_band, n);

	for (int i = 0; i < n; i++)
	{
		b[i].has_min = fz_bool(f);
		b[i].has_max = fz_bool(f);
		b[i].min = fz_bool(f) ? fz_int(f, -5, 5) * 0.1 : fz_double(f);
		b[i].max = fz_bool(f) ? fz_int(f, -5, 5) * 0.1 : fz_double(f);
		b[i].min_inclusive = fz_bool(f);
		b[i].max_inclusive = fz_bool(f);
		b[i].amount = fz_int64(f);
		b[i].times_one_plus_m = fz_bool(f);
	}
	return b;
}

#endif

/*
 * libFuzzer target for the air kernel: arbitrary doubles through the HJ 633
 * index, the ozone day and the HJ 663 percentile, and the input's bytes as
 * the user text the kernel parses (pollutant code, averaging, language).
 * Checks the invariants the SQL layer relies on: an index is a whole number
 * in [0, 500], rounding never goes below the unrounded line, maxima come
 * from the inputs, a parsed code is the code it names.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/core \
 *       test/fuzz/fuzz_air.c src/core/air.c -lm -o fuzz_air && ./fuzz_air
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "air.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double		v[64];
	size_t		n = size / sizeof(double);
	double		x;

	if (n > 64)
		n = 64;
	memcpy(v, data, n * sizeof(double));

	/* The text parsers, over an exact-size copy so ASan sees any overread. */
	{
		int			len = size > 64 ? 64 : (int) size;
		char	   *t = malloc(len ? len : 1);
		int			p;
		ec_air_averaging avg;
		const char *name;

		if (!t)
			abort();
		memcpy(t, data, len);
		p = ec_air_pollutant_find(t, len);
		if (p != -1 && (p < 0 || p >= EC_AIR_NPOLLUTANTS || (int) strlen(ec_air_pollutant_code(p)) != len ||
						memcmp(ec_air_pollutant_code(p), t, len) != 0))
			abort();
		if (ec_air_averaging_parse(t, len, &avg) && !(avg >= EC_AIR_24H && avg <= EC_AIR_8H))
			abort();
		for (int c = 0; c <= 7; c++)
		{
			name = ec_aqi_category_name(c, t, len);
			if (name && (c < 1 || c > 6 || !(len == 2 && (memcmp(t, "zh", 2) == 0 || memcmp(t, "en", 2) == 0))))
				abort();
		}
		free(t);
	}
	for (size_t i = 0; i < n; i++)
		for (int p = 0; p < EC_AIR_NPOLLUTANTS; p++)
			for (int a = EC_AIR_24H; a <= EC_AIR_8H; a++)
				if (ec_iaqi(p, (ec_air_averaging) a, v[i], &x) == EC_IAQI_OK)
				{
					if (!(x >= 0 && x <= 500 && x == floor(x)))
						abort();
					if (ec_aqi_category((int64_t) x) < 1)
						abort();
				}
	if (n >= 24)
	{
		double		slots[24];
		double		m1,
					m8;
		int			nh,
					nw;

		for (int h = 0; h < 24; h++)
			slots[h] = isfinite(v[h]) ? v[h] : NAN;
		ec_air_o3_day(slots, &nh, &m1, &nw, &m8);
		if (nh < 0 || nh > 24 || nw < 0 || nw > 17)
			abort();
		if (!isnan(m1) && nh < EC_AIR_DAY_MIN_HOURS)
			abort();
		if (!isnan(m8) && nw < EC_AIR_DAY_MIN_WINDOWS)
			abort();
	}
	if (n >= 1)
	{
		double		w[64];
		int64_t		m = 0;
		double		lo = INFINITY,
					hi = -INFINITY;

		for (size_t i = 1; i < n; i++)
			if (isfinite(v[i]))
			{
				w[m++] = v[i];
				lo = fmin(lo, v[i]);
				hi = fmax(hi, v[i]);
			}
		x = ec_hj663_percentile(w, m, fabs(fmod(isfinite(v[0]) ? v[0] : 0, 1.0)));
		if (m > 0 && isfinite(x) && (x < lo || x > hi))
			abort();
	}
	return 0;
}

/*
 * Reading typed values from a fuzzer's bytes.  Every target includes this:
 * it turns the input into ints in a range, raw doubles (NaN, infinities and
 * denormals included), fen amounts and booleans, and yields zeros once the
 * bytes run out, so any input is a valid call.
 */
#ifndef EC_FUZZ_INPUT_H
#define EC_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct fz
{
	const uint8_t *p;
	size_t		n;
} fz;

static inline void
fz_bytes(fz *f, void *out, size_t len)
{
	size_t		k = len < f->n ? len : f->n;

	memset(out, 0, len);
	memcpy(out, f->p, k);
	f->p += k;
	f->n -= k;
}

/* An int in [lo, hi]. */
static inline int
fz_int(fz *f, int lo, int hi)
{
	uint32_t	u;

	fz_bytes(f, &u, sizeof u);
	return lo + (int) (u % (uint32_t) (hi - lo + 1));
}

static inline bool
fz_bool(fz *f)
{
	return fz_int(f, 0, 1) == 1;
}

/*
 * A double: half the time one of the awkward values, otherwise the raw
 * bits (any double at all).
 */
static inline double
fz_double(fz *f)
{
	static const double special[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1e-9, 5e-324, 2.2250738585072014e-308,
		1.7976931348623157e308, -1.7976931348623157e308, 1e308, 1e16, 9.2e18,
	1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0, 7.5, 0.2, 100.0, 1e6};
	uint8_t		sel;
	double		d;

	fz_bytes(f, &sel, 1);
	if (sel & 1)
		return special[(sel >> 1) % (sizeof special / sizeof special[0])];
	fz_bytes(f, &d, sizeof d);
	return d;
}

/* An int64, often near the ends of the numeric(20,2) range. */
static inline int64_t
fz_int64(fz *f)
{
	static const int64_t special[] = {0, 1, -1, 100, 99999999999999999LL, -99999999999999999LL,
	INT64_MAX, INT64_MIN, INT64_MAX / 2, 1000000000LL};
	uint8_t		sel;
	int64_t		v;

	fz_bytes(f, &sel, 1);
	if (sel & 1)
		return special[(sel >> 1) % (sizeof special / sizeof special[0])];
	fz_bytes(f, &v, sizeof v);
	return v;
}

/* n elements of an array, zero-filled beyond the input; never NULL. */
static inline double *
fz_doubles(fz *f, int n)
{
	double	   *a = calloc((size_t) n + 1, sizeof(double));

	for (int i = 0; i < n; i++)
		a[i] = fz_double(f);
	return a;
}

static inline int64_t *
fz_int64s(fz *f, int n)
{
	int64_t    *a = calloc((size_t) n + 1, sizeof(int64_t));

	for (int i = 0; i < n; i++)
		a[i] = fz_int64(f);
	return a;
}

static inline int *
fz_ints(fz *f, int n, int lo, int hi)
{
	int		   *a = calloc((size_t) n + 1, sizeof(int));

	for (int i = 0; i < n; i++)
		a[i] = fz_int(f, lo, hi);
	return a;
}

/* Zeroed output arrays of n elements (at least one). */
#define FZ_OUT(type, n) ((type *) calloc((size_t) (n) + 1, sizeof(type)))

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif

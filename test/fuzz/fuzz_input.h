/*
 * The harness of the fuzz targets.  A target is written as
 *
 *     FUZZ_TARGET(f)
 *     {
 *         ... read its call from f with fz_*, call the kernel, check ...
 *     }
 *
 * The reader f turns the input into ints in a range, raw doubles (NaN,
 * infinities and denormals included), fen amounts, booleans and bytes, and
 * yields zeros once the bytes run out, so any input is a valid call.  Arrays
 * from fz_doubles/fz_int64s/fz_ints/FZ_OUT belong to the run: the harness
 * frees them all when the target returns, so a target need not free them.
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

/* One byte. */
static inline uint8_t
fz_byte(fz *f)
{
	uint8_t		b;

	fz_bytes(f, &b, 1);
	return b;
}

static inline bool
fz_bool(fz *f)
{
	return fz_int(f, 0, 1) == 1;
}

/*
 * Into out (size bytes): after a selector byte, half the time one of the n
 * values of special, otherwise the next size bytes of the input raw.
 */
static inline void
fz_special_or_raw(fz *f, void *out, const void *special, size_t n, size_t size)
{
	uint8_t		sel;

	fz_bytes(f, &sel, 1);
	if (sel & 1)
		memcpy(out, (const char *) special + (size_t) (sel >> 1) % n * size, size);
	else
		fz_bytes(f, out, size);
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
	1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0, 7.5, 0.2, 100.0, 1e6, 1 + 1e-12};
	double		d;

	fz_special_or_raw(f, &d, special, sizeof special / sizeof special[0], sizeof d);
	return d;
}

/* An int64, often near the ends of the numeric(20,2) range. */
static inline int64_t
fz_int64(fz *f)
{
	static const int64_t special[] = {0, 1, -1, 100, 99999999999999999LL, -99999999999999999LL,
	INT64_MAX, INT64_MIN, INT64_MAX / 2, 1000000000LL};
	int64_t		v;

	fz_special_or_raw(f, &v, special, sizeof special / sizeof special[0], sizeof v);
	return v;
}

/* The arrays of the current run, freed by FUZZ_TARGET after it. */
#define FZ_MAX_ALLOCS 64
typedef struct fz_arena
{
	void	   *p[FZ_MAX_ALLOCS];
	int			n;
} fz_arena;

static inline fz_arena *
fz_run_arena(void)
{
	static fz_arena a;

	return &a;
}

/* n zeroed elements of `size` bytes (one more, so never NULL), freed after the run. */
static inline void *
fz_alloc(size_t n, size_t size)
{
	fz_arena   *a = fz_run_arena();
	void	   *p = calloc(n + 1, size);

	if (p == NULL || a->n == FZ_MAX_ALLOCS)
		abort();
	return a->p[a->n++] = p;
}

/* Zeroed output arrays of n elements (at least one). */
#define FZ_OUT(type, n) ((type *) fz_alloc((size_t) (n), sizeof(type)))

/*
 * free() of an array of the run takes it out of the run's list first, so a
 * target that frees what it took (written before the harness, or by habit)
 * is still right; anything else goes straight to the C library's free.
 */
static inline void
fz_free(void *p)
{
	fz_arena   *a = fz_run_arena();

	for (int i = 0; i < a->n; i++)
		if (a->p[i] == p)
		{
			a->p[i] = a->p[--a->n];
			break;
		}
	(free) (p);
}
#define free(p) fz_free(p)

/*
 * FZ_DRAWS(type, fz_x) defines fz_xs(f, n): an array of the run holding n
 * draws of fz_x(f) (zeros once the input runs out).  One definition for
 * fz_doubles and fz_int64s, which differ only in the element drawn.
 */
#define FZ_DRAWS(type, draw) \
	static inline type * \
	draw##s(fz *f, int n) \
	{ \
		type	   *a = FZ_OUT(type, n); \
		\
		for (int i = 0; i < n; i++) \
			a[i] = draw(f); \
		return a; \
	}

FZ_DRAWS(double, fz_double)
FZ_DRAWS(int64_t, fz_int64)

/* n ints in [lo, hi]. */
static inline int *
fz_ints(fz *f, int n, int lo, int hi)
{
	int		   *a = FZ_OUT(int, n);

	for (int i = 0; i < n; i++)
		a[i] = fz_int(f, lo, hi);
	return a;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The entry point libFuzzer (or random_driver.c) calls, around the body. */
#define FUZZ_TARGET(f) \
	static void fuzz_one(fz *f); \
	int \
	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) \
	{ \
		fz			reader = {data, size}; \
		fz_arena   *arena = fz_run_arena(); \
		\
		fuzz_one(&reader); \
		while (arena->n > 0) \
			(free) (arena->p[--arena->n]); \
		return 0; \
	} \
	static void \
	fuzz_one(fz *f)

#endif

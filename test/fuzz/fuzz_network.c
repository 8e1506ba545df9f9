/*
 * libFuzzer target for the river network labelling kernel
 * (src/core/network.c).  The input bytes describe a small network: ids
 * (with repeats), next_down and minor links to reaches or to missing ids,
 * lengths and areas including NaN and negatives, names, further minor links,
 * a Pfafstetter depth.  ec_net_label must return a status without crashing;
 * on EC_OK the result must hold together: hydroseq topological along
 * every link, nav intervals nested inside the outlet's, the extra intervals
 * inside [1, n], every code of depth digits.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/core -Itest/fuzz \
 *       test/fuzz/fuzz_network.c src/core/network.c src/core/pfafstetter.c -lm \
 *       -o fuzz_network && ./fuzz_network -max_total_time=60
 */
#include "fuzz_input.h"
#include "network.h"
#include "pfafstetter.h"

#include <math.h>

#define MAXN 48

static double
value(fz *f)
{
	uint8_t		b = fz_byte(f);

	if (b == 255)
		return NAN;
	if (b == 254)
		return -1;
	if (b == 253)
		return INFINITY;
	return b / 8.0;
}

static const char *const names[4] = {NULL, "", "A", "B"};

static void die(void) __attribute__((noreturn));
static void
die(void)
{
	abort();
}

FUZZ_TARGET(f)
{
	size_t		n = fz_byte(f) % (MAXN + 1);
	size_t		nl = fz_byte(f) % 8;
	int64_t		id[MAXN],
				down[MAXN],
				minor[MAXN],
				lf[8],
				lt[8];
	unsigned char has_down[MAXN],
				has_minor[MAXN];
	double		len[MAXN],
				area[MAXN];
	const char *name[MAXN];
	ec_net_input ni;
	ec_net_result *r;

	for (size_t i = 0; i < n; i++)
	{
		uint8_t		b = fz_byte(f);

		/* mostly distinct ids; a few repeats */
		id[i] = (b & 0x80) ? (int64_t) (b & 0x3f) : (int64_t) i + 1000;
		b = fz_byte(f);
		has_down[i] = (b & 3) != 0;
		down[i] = (b & 0x40) ? 999999 : (int64_t) ((b >> 2) % (n ? n : 1)) + 1000;
		b = fz_byte(f);
		has_minor[i] = (b & 7) == 0;
		minor[i] = (int64_t) ((b >> 3) % (n ? n : 1)) + 1000;
		len[i] = value(f);
		area[i] = value(f);
		name[i] = names[fz_byte(f) & 3];
	}
	for (size_t k = 0; k < nl; k++)
	{
		lf[k] = (int64_t) (fz_byte(f) % (n ? n : 1)) + 1000;
		lt[k] = (int64_t) (fz_byte(f) % (n ? n + 1 : 1)) + 1000;
	}
	{
		/* drawn before the initializer, whose order of evaluation is unspecified */
		bool		with_area = fz_byte(f) & 1;
		int			depth = (int) (fz_byte(f) % 24) - 2;

		ni = (ec_net_input)
		{
			.n = n, .id = id, .down = down, .minor = minor, .has_down = has_down, .has_minor = has_minor,
			.length_km = len, .area_km2 = with_area ? area : NULL, .name = name,
			.pfaf_depth = depth, .n_links = nl, .link_from = lf, .link_to = lt,
		};
	}

	r = ec_net_label(&ni);
	if (r == NULL)
		return;
	if (r->status == EC_OK)
	{
		int64_t		nn = (int64_t) n;

		for (size_t i = 0; i < n; i++)
		{
			if (r->nav_lo[i] < 1 || r->nav_hi[i] > nn || r->nav_lo[i] > r->nav_hi[i])
				die();
			if (r->hydroseq[i] < 1 || r->hydroseq[i] > nn)
				die();
			if (strlen(r->pfaf + i * r->pfaf_stride) != (size_t) (r->pfaf_stride - 1))
				die();
			for (size_t j = 0; j < n; j++)
			{
				if (has_down[i] && down[i] == id[j] && !(r->hydroseq[i] > r->hydroseq[j]))
					die();
				if (has_minor[i] && minor[i] == id[j] && !(r->hydroseq[i] > r->hydroseq[j]))
					die();
			}
		}
		for (size_t k = 0; k < r->n_extra; k++)
			if (r->extra_lo[k] < 1 || r->extra_hi[k] > nn || r->extra_lo[k] > r->extra_hi[k])
				die();
	}
	ec_net_free(r);
}

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
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/core \
 *       test/fuzz/fuzz_network.c src/core/network.c src/core/pfafstetter.c -lm \
 *       -o fuzz_network && ./fuzz_network -max_total_time=60
 */
#include "network.h"
#include "pfafstetter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 48

/* a cursor over the input: bytes past the end read as 0 */
typedef struct input
{
	const uint8_t *d;
	size_t		n;
	size_t		at;
} input;

static uint8_t
byte(input *in)
{
	return in->at < in->n ? in->d[in->at++] : 0;
}

static double
value(input *in)
{
	uint8_t		b = byte(in);

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

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	input		in = {data, size, 0};
	size_t		n = byte(&in) % (MAXN + 1);
	size_t		nl = byte(&in) % 8;
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
	ec_net_input ni = {0};
	ec_net_result *r;

	for (size_t i = 0; i < n; i++)
	{
		uint8_t		b = byte(&in);

		/* mostly distinct ids; a few repeats */
		id[i] = (b & 0x80) ? (int64_t) (b & 0x3f) : (int64_t) i + 1000;
		b = byte(&in);
		has_down[i] = (b & 3) != 0;
		down[i] = (b & 0x40) ? 999999 : (int64_t) ((b >> 2) % (n ? n : 1)) + 1000;
		b = byte(&in);
		has_minor[i] = (b & 7) == 0;
		minor[i] = (int64_t) ((b >> 3) % (n ? n : 1)) + 1000;
		len[i] = value(&in);
		area[i] = value(&in);
		name[i] = names[byte(&in) & 3];
	}
	for (size_t k = 0; k < nl; k++)
	{
		lf[k] = (int64_t) (byte(&in) % (n ? n : 1)) + 1000;
		lt[k] = (int64_t) (byte(&in) % (n ? n + 1 : 1)) + 1000;
	}
	ni.n = n;
	ni.id = id;
	ni.down = down;
	ni.minor = minor;
	ni.has_down = has_down;
	ni.has_minor = has_minor;
	ni.length_km = len;
	ni.area_km2 = (byte(&in) & 1) ? area : NULL;
	ni.name = name;
	ni.pfaf_depth = (int) (byte(&in) % 24) - 2;
	ni.n_links = nl;
	ni.link_from = lf;
	ni.link_to = lt;

	r = ec_net_label(&ni);
	if (r == NULL)
		return 0;
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
	return 0;
}

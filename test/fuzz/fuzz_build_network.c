/*
 * libFuzzer target for the build_network graph kernels
 * (src/core/build_network.c).  The input bytes describe a small point set,
 * its join pairs and snap candidates, and a graph of pieces; every kernel
 * must return a status without crashing, and on EC_OK its result must
 * hold together: every node named by its smallest point, every next_down a
 * reached tree edge no farther from an outlet.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/core -Itest/fuzz \
 *       test/fuzz/fuzz_build_network.c src/core/build_network.c -lm \
 *       -o fuzz_build_network && ./fuzz_build_network -max_total_time=60
 */
#include "build_network.h"
#include "fuzz_input.h"

#include <math.h>

#define MAX_ALLOCS 64

typedef struct arena
{
	void	   *p[MAX_ALLOCS];
	int			n;
} arena;

static void *
arena_alloc(size_t bytes, void *ctx)
{
	arena	   *a = ctx;

	if (a->n >= MAX_ALLOCS || bytes > ((size_t) 1 << 24))
		return NULL;
	return a->p[a->n++] = malloc(bytes);
}

static void
arena_free(arena *a)
{
	while (a->n > 0)
		free(a->p[--a->n]);
}

/* small numbers that are sometimes out of range, to reach the checks */
static int32_t
index_in(fz *in, size_t n)
{
	uint8_t		b = fz_byte(in);

	if (b == 255)
		return -1;
	if (b == 254)
		return (int32_t) n;
	return n == 0 ? 0 : (int32_t) (b % n);
}

static double
fraction(fz *in)
{
	uint8_t		b = fz_byte(in);

	if (b == 255)
		return NAN;
	if (b == 254)
		return 1.5;
	return (b % 9) / 8.0;		/* repeats on purpose: same-place points */
}

#define MAXP 48

static void
fuzz_nodes(fz *in)
{
	arena		a = {{0}, 0};
	ec_bn_env	env = {arena_alloc, NULL, &a};
	size_t		n = fz_byte(in) % MAXP,
				n_parts = 1 + fz_byte(in) % (MAXP / 2),
				n_near = fz_byte(in) % MAXP,
				n_snap = fz_byte(in) % MAXP;
	int32_t		part[MAXP],
				link[MAXP],
				na[MAXP],
				nb[MAXP],
				root[MAXP],
				sp[MAXP],
				spart[MAXP],
				send[MAXP];
	double		frac[MAXP],
				sfrac[MAXP];
	bool		snear[MAXP];
	int64_t		joined,
				err;
	ec_bn_points pts;
	ec_bn_pairs near;
	ec_bn_snaps snaps;
	ec_bn_snapped out;

	for (size_t i = 0; i < n; i++)
	{
		uint8_t		b = fz_byte(in);

		part[i] = b == 253 ? EC_BN_NO_PART : index_in(in, n_parts);
		frac[i] = fraction(in);
		/* mostly itself, sometimes an earlier point (a crossing), rarely a later one */
		link[i] = b % 4 == 0 && i > 0 ? (int32_t) (fz_byte(in) % i) : b == 252 ? (int32_t) i + 1 : (int32_t) i;
	}
	for (size_t k = 0; k < n_near; k++)
	{
		na[k] = index_in(in, n);
		nb[k] = index_in(in, n);
	}
	pts = (ec_bn_points) {n, n_parts, part, frac, link};
	near = (ec_bn_pairs) {n_near, na, nb};
	if (ec_bn_join_ends(&env, &pts, &near, NULL, root, &joined, &err) != EC_OK)
	{
		arena_free(&a);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (root[i] < 0 || (size_t) root[i] > i || root[root[i]] != root[i])
			abort();
	if (joined < 0 || (size_t) joined > n_near)
		abort();

	for (size_t k = 0; k < n_snap; k++)
	{
		sp[k] = index_in(in, n);
		spart[k] = index_in(in, n_parts);
		sfrac[k] = fraction(in);
		send[k] = index_in(in, n);
		snear[k] = fz_byte(in) & 1;
	}
	pts.link = root;
	snaps = (ec_bn_snaps) {n_snap, sp, spart, sfrac, send, snear};
	if (ec_bn_snap(&env, &pts, &snaps, &out, &err) == EC_OK)
	{
		size_t		total = n + out.n_new;

		if (out.n_new > n || out.splits != (int64_t) out.n_new || out.snapped < out.splits)
			abort();
		for (size_t i = 0; i < total; i++)
			if (out.node[i] < 0 || (size_t) out.node[i] > i || out.node[out.node[i]] != out.node[i])
				abort();
		/* joins only grow nodes */
		for (size_t i = 0; i < n; i++)
			if (out.node[i] > root[i])
				abort();
	}
	arena_free(&a);
}

static void
fuzz_orient(fz *in)
{
	arena		a = {{0}, 0};
	ec_bn_env	env = {arena_alloc, NULL, &a};
	size_t		ne = fz_byte(in) % MAXP,
				no = fz_byte(in) % 4;
	int32_t		from[MAXP],
				to[MAXP],
				outlet[4];
	double		len[MAXP];
	int64_t		err;
	ec_bn_edges g;
	ec_bn_flow	f;

	for (size_t e = 0; e < ne; e++)
	{
		uint8_t		w = fz_byte(in);

		from[e] = index_in(in, 16);
		to[e] = index_in(in, 16);
		len[e] = w == 255 ? NAN : w == 254 ? INFINITY : w == 253 ? -1 : (w % 8);	/* ties on purpose */
	}
	for (size_t k = 0; k < no; k++)
		outlet[k] = index_in(in, 16);
	g = (ec_bn_edges) {ne, from, to, len, no, outlet};
	if (ec_bn_orient(&env, &g, &f, &err) == EC_OK)
	{
		int64_t		reached = 0,
					loops = 0;

		for (size_t e = 0; e < ne; e++)
		{
			int32_t		d = f.next_down[e];

			if (!f.reached[e])
			{
				if (f.tree[e] || f.reverse[e] || d != -1 || f.minor[e] != -1)
					abort();
				continue;
			}
			reached++;
			loops += !f.tree[e];
			if (d >= 0 && ((size_t) d >= ne || !f.reached[d] || !f.tree[d] ||
						   f.dist_down[d] > f.dist_down[e]))
				abort();
			if (f.minor[e] >= 0 && ((size_t) f.minor[e] >= ne || f.tree[f.minor[e]]))
				abort();
			if (!(f.dist_down[e] >= 0) || isinf(f.dist_down[e]))
				abort();
		}
		if (reached != f.n_reached || loops != f.loops || f.n_reached + f.n_unreached != (int64_t) ne)
			abort();
	}
	arena_free(&a);
}

FUZZ_TARGET(f)
{
	fuzz_nodes(f);
	fuzz_orient(f);
}

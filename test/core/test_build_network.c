/*
 * build_network graph kernels: hand-made point sets and graphs with answers
 * worked out by hand in the comments, and degenerate input.
 */
#include "check.h"
#include "build_network.h"

#include <math.h>
#include <stdlib.h>

/* ---- an arena: the kernels never free, the caller frees everything ---- */

#define ARENA_MAX 256

typedef struct arena
{
	void	   *p[ARENA_MAX];
	int			n;
	int			fail_after;		/* < 0: never fail */
	int			polls;
} arena;

static void *
arena_alloc(size_t bytes, void *ctx)
{
	arena	   *a = ctx;

	if (a->n >= ARENA_MAX || a->fail_after == 0)
		return NULL;
	if (a->fail_after > 0)
		a->fail_after--;
	return a->p[a->n++] = malloc(bytes);
}

static void
arena_poll(void *ctx)
{
	((arena *) ctx)->polls++;
}

static ec_bn_env
env_of(arena *a)
{
	ec_bn_env	env = {arena_alloc, arena_poll, a};

	a->n = 0;
	a->fail_after = -1;
	a->polls = 0;
	return env;
}

static void
arena_free(arena *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->p[i]);
	a->n = 0;
}

#define N_(a) (sizeof(a) / sizeof((a)[0]))

/* ---- joining ends ------------------------------------------------------ */

/*
 * Parts 0, 1, 2 with ends (0,1), (2,3), (4,5); point 6 is the outlet; a
 * closed part 3 with ends 7 and 8; a crossing of parts 0 and 1 as points 9
 * (on 0) and 10 (on 1, linked to 9).
 *   (1,2): nodes {1} and {2} share no part: join, node {1,2} (parts 0,1).
 *   (3,4): join, node {3,4} (parts 1,2).
 *   (1,3): {1,2} and {3,4} both hold part 1: refused (part 1 would be a point).
 *   (5,6): join the outlet, node {5,6}.
 *   (2,9): {1,2} and {9,10} share parts 0 and 1: refused.
 *   (0,0): the same node: nothing.
 *   ring (7,8): joined although both are part 3, and not counted.
 * joined = 3; roots (smallest point of each node):
 *   0 1 1 3 3 5 5 7 7 9 9
 */
static void
test_join_ends(void)
{
	arena		a;
	ec_bn_env	env = env_of(&a);
	int32_t		part[] = {0, 0, 1, 1, 2, 2, EC_BN_NO_PART, 3, 3, 0, 1};
	int32_t		link[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9};
	int32_t		na[] = {1, 3, 1, 5, 2, 0},
				nb[] = {2, 4, 3, 6, 9, 0};
	int32_t		ra[] = {7},
				rb[] = {8};
	ec_bn_points pts = {N_(part), 4, part, NULL, link};
	ec_bn_pairs near = {N_(na), na, nb},
				ring = {N_(ra), ra, rb};
	int32_t		root[N_(part)];
	int32_t		want[] = {0, 1, 1, 3, 3, 5, 5, 7, 7, 9, 9};
	int64_t		joined,
				err;

	CHECK_INT(ec_bn_join_ends(&env, &pts, &near, &ring, root, &joined, &err), EC_OK);
	CHECK_INT(joined, 3);
	for (size_t i = 0; i < N_(want); i++)
		CHECK_INT(root[i], want[i]);
	arena_free(&a);

	/* the same pairs in another order give the same nodes when no join is refused */
	{
		int32_t		na2[] = {5, 3, 1},
					nb2[] = {6, 4, 2};
		ec_bn_pairs near2 = {N_(na2), na2, nb2};

		env = env_of(&a);
		CHECK_INT(ec_bn_join_ends(&env, &pts, &near2, NULL, root, &joined, &err), EC_OK);
		CHECK_INT(joined, 3);
		CHECK_INT(root[2], 1);
		CHECK_INT(root[4], 3);
		CHECK_INT(root[6], 5);
		CHECK_INT(root[8], 8);	/* no ring this time */
		arena_free(&a);
	}

	/*
	 * A star: the far ends 1, 3, 5 of parts 0, 1, 2 meet, and end 6 of part 3
	 * is near them.  (1,3) joins {1,3}; (3,5) joins {1,3,5}; (6,1): parts {3}
	 * and {0,1,2}: join, root 1.  joined = 3; 7 stays alone.
	 */
	{
		int32_t		p2[] = {0, 0, 1, 1, 2, 2, 3, 3};
		int32_t		sa[] = {1, 3, 6},
					sb[] = {3, 5, 1};
		ec_bn_points star = {N_(p2), 4, p2, NULL, NULL};
		ec_bn_pairs sp = {N_(sa), sa, sb};
		int32_t		r2[N_(p2)];

		env = env_of(&a);
		CHECK_INT(ec_bn_join_ends(&env, &star, &sp, NULL, r2, &joined, &err), EC_OK);
		CHECK_INT(joined, 3);
		CHECK_INT(r2[1], 1);
		CHECK_INT(r2[3], 1);
		CHECK_INT(r2[5], 1);
		CHECK_INT(r2[6], 1);
		CHECK_INT(r2[7], 7);
		arena_free(&a);
	}
}

/* Joins in a fresh arena, freed after: the status (and err) are what is left. */
static ec_status
join_status(arena *a, const ec_bn_points *pts, const ec_bn_pairs *pairs, int32_t *root, int64_t *err)
{
	ec_bn_env	env = env_of(a);
	int64_t		joined;
	ec_status	st = ec_bn_join_ends(&env, pts, pairs, NULL, root, &joined, err);

	arena_free(a);
	return st;
}

static void
test_join_ends_degenerate(void)
{
	arena		a;
	ec_bn_env	env = env_of(&a);
	int32_t		root[4];
	int64_t		joined,
				err;

	/* no points at all */
	{
		ec_bn_points none = {0, 0, NULL, NULL, NULL};

		CHECK_INT(ec_bn_join_ends(&env, &none, NULL, NULL, root, &joined, &err), EC_OK);
		CHECK_INT(joined, 0);
		arena_free(&a);
	}
	/* a part out of range, a pair out of range, a link forward */
	{
		int32_t		part[] = {0, 0, 2};
		ec_bn_points pts = {3, 2, part, NULL, NULL};

		CHECK_INT(join_status(&a, &pts, NULL, root, &err), EC_ERR_GRAPH_BAD_INDEX);
		CHECK_INT(err, 2);
	}
	{
		int32_t		part[] = {0, 0};
		int32_t		pa[] = {0, 1},
					pb[] = {1, 2};
		ec_bn_points pts = {2, 1, part, NULL, NULL};
		ec_bn_pairs pr = {2, pa, pb};

		CHECK_INT(join_status(&a, &pts, &pr, root, &err), EC_ERR_GRAPH_BAD_INDEX);
		CHECK_INT(err, 1);
	}
	{
		int32_t		part[] = {0, 0};
		int32_t		link[] = {1, 1};
		ec_bn_points pts = {2, 1, part, NULL, link};

		CHECK_INT(join_status(&a, &pts, NULL, root, &err), EC_ERR_GRAPH_BAD_INDEX);
		CHECK_INT(err, 0);
	}
	/* too many points: refused before anything is read */
	{
		ec_bn_points big = {EC_BN_MAX_ITEMS + 1, 1, NULL, NULL, NULL};

		CHECK_INT(join_status(&a, &big, NULL, root, &err), EC_ERR_GRAPH_TOO_LARGE);
		CHECK_INT(err, (int64_t) EC_BN_MAX_ITEMS + 1);
	}
	/* out of memory */
	{
		int32_t		part[] = {0, 0};
		ec_bn_points pts = {2, 1, part, NULL, NULL};

		env = env_of(&a);
		a.fail_after = 3;
		CHECK_INT(ec_bn_join_ends(&env, &pts, NULL, NULL, root, &joined, &err), EC_ERR_NOMEM);
		arena_free(&a);
	}
}

/* ---- snapping ---------------------------------------------------------- */

/*
 * The toy network of test/pgtap/build_network.sql: m1 (part 0, ends 0 at the
 * outlet and 1), t (part 1, ends 2 and 3; 3 lies 300 m off m1's middle), m2
 * (part 2, ends 4 and 5; 5 lies 145 m short of m1's end 1), outlet point 6.
 * After joining ends within 500 m: nodes {0,6} and {1,5}.  Candidates,
 * nearest first:
 *   k0 (6 on part 0): part 0 already has point 0 in node 0: skipped.
 *   k1 (5 on part 0, at its end 1): point 1 is in node 1: skipped.
 *   k2 (3 on part 0, frac 0.5, ends 4.8 km away): new point 7 on part 0 at
 *       0.5, in node 3; a split.
 *   k3 (3 on part 2): node 3 has snapped already: skipped.
 *   k4 (4 on part 0 at frac 0.02, 100 m from end 0): joins node 4 to node 0.
 * snapped = 2 (k2, k4), splits = 1; nodes 0 1 2 3 0 1 0 3.
 */
static void
test_snap_toy(void)
{
	arena		a;
	ec_bn_env	env = env_of(&a);
	int32_t		part[] = {0, 0, 1, 1, 2, 2, EC_BN_NO_PART};
	double		frac[] = {0, 1, 0, 1, 0, 1, NAN};
	int32_t		link[] = {0, 1, 2, 3, 4, 1, 0};
	int32_t		sp[] = {6, 5, 3, 3, 4},
				spart[] = {0, 0, 0, 2, 0},
				send[] = {0, 1, 0, 5, 0};
	double		sfrac[] = {0, 1, 0.5, 0.3, 0.02};
	bool		snear[] = {true, true, false, false, true};
	ec_bn_points pts = {N_(part), 3, part, frac, link};
	ec_bn_snaps snaps = {N_(sp), sp, spart, sfrac, send, snear};
	ec_bn_snapped out;
	int32_t		want[] = {0, 1, 2, 3, 0, 1, 0, 3};
	int64_t		err;

	CHECK_INT(ec_bn_snap(&env, &pts, &snaps, &out, &err), EC_OK);
	CHECK_INT(out.snapped, 2);
	CHECK_INT(out.splits, 1);
	CHECK_INT(out.n_new, 1);
	CHECK_INT(out.new_snap[0], 2);
	for (size_t i = 0; i < N_(want); i++)
		CHECK_INT(out.node[i], want[i]);
	arena_free(&a);
}

/*
 * Points at the same place of a part are one node.  Two crossings put
 * points on part 0 at 0.5: 7 (with 8 on part 1) and 9 (with 10 on part 2);
 * so 7, 8, 9, 10 are one node (root 7).  A snap of end 4 (part 2's start) onto
 * part 1 at 0.25 where the crossing with part 3 put point 11: the new split
 * point 13 is on 4's node and at 11's place, so 4, 11, 12, 13 are one node
 * (root 4).  Part 0's own ends stay apart.
 */
static void
test_snap_same_place(void)
{
	arena		a;
	ec_bn_env	env = env_of(&a);
	int32_t		part[] = {0, 0, 1, 1, 2, 2, 3, 0, 1, 0, 2, 1, 3};
	double		frac[] = {0, 1, 0, 1, 0, 1, 0, 0.5, 0.3, 0.5, 0.2, 0.25, 0.6};
	int32_t		link[] = {0, 1, 2, 3, 4, 5, 6, 7, 7, 9, 9, 11, 11};
	int32_t		sp[] = {4},
				spart[] = {1},
				send[] = {2};
	double		sfrac[] = {0.25};
	bool		snear[] = {false};
	ec_bn_points pts = {N_(part), 4, part, frac, link};
	ec_bn_snaps snaps = {1, sp, spart, sfrac, send, snear};
	ec_bn_snapped out;
	int32_t		want[] = {0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 4, 4, 4};
	int64_t		err;

	CHECK_INT(ec_bn_snap(&env, &pts, &snaps, &out, &err), EC_OK);
	CHECK_INT(out.n_new, 1);
	CHECK_INT(out.splits, 1);
	for (size_t i = 0; i < N_(want); i++)
		CHECK_INT(out.node[i], want[i]);
	arena_free(&a);
}

/* Snaps pts with one candidate (point 0 onto part at frac, end 1, not near). */
static ec_status
snap_one_candidate(arena *a, const ec_bn_points *pts, int32_t part, double frac, int64_t *err)
{
	int32_t		sp[] = {0},
				spart[] = {part},
				send[] = {1};
	double		sfrac[] = {frac};
	bool		snear[] = {false};
	ec_bn_snaps s = {1, sp, spart, sfrac, send, snear};
	ec_bn_env	env = env_of(a);
	ec_bn_snapped out;
	ec_status	st = ec_bn_snap(&env, pts, &s, &out, err);

	arena_free(a);
	return st;
}

static void
test_snap_degenerate(void)
{
	arena		a;
	ec_bn_env	env = env_of(&a);
	ec_bn_snapped out;
	int64_t		err;
	int32_t		part[] = {0, 0};
	double		frac[] = {0, 1};
	ec_bn_points pts = {2, 1, part, frac, NULL};

	/* no candidates: every point is its own node */
	{
		ec_bn_snaps none = {0, NULL, NULL, NULL, NULL, NULL};

		CHECK_INT(ec_bn_snap(&env, &pts, &none, &out, &err), EC_OK);
		CHECK_INT(out.node[0], 0);
		CHECK_INT(out.node[1], 1);
		CHECK_INT(out.snapped, 0);
		arena_free(&a);
	}
	/* a fraction outside 0..1 or NaN on a point of a part */
	{
		double		bad[] = {0, NAN};
		ec_bn_points p2 = {2, 1, part, bad, NULL};
		ec_bn_snaps none = {0, NULL, NULL, NULL, NULL, NULL};

		env = env_of(&a);
		CHECK_INT(ec_bn_snap(&env, &p2, &none, &out, &err), EC_ERR_GRAPH_BAD_VALUE);
		CHECK_INT(err, 1);
		arena_free(&a);
	}
	/* a candidate at a fraction outside 0..1 */
	CHECK_INT(snap_one_candidate(&a, &pts, 0, 1.5, &err), EC_ERR_GRAPH_BAD_VALUE);
	CHECK_INT(err, 0);
	/* a candidate on a part that does not exist */
	CHECK_INT(snap_one_candidate(&a, &pts, 1, 0.5, &err), EC_ERR_GRAPH_BAD_INDEX);
}

/* ---- orientation ------------------------------------------------------- */

/*
 * Node values A=10 (outlet), B=20, C=30, D=40, E=50, F=60, G=70; edges
 * (from, to, length):
 *   e0 A-B 2, e1 B-C 3, e2 F-G 7 (no outlet), e3 B-D 1, e4 D-C 1.5,
 *   e5 E-C 1, e6 D-D 0.4 (a ring).
 * Distances: A 0, B 2, D 3, C min(2+3, 3+1.5) = 4.5 via e4, E 5.5.
 * Tree: e0 (B's), e3 (D's), e4 (C's), e5 (E's).  e1 closes the loop B-C-D:
 * B (2) is nearer than C (4.5), so it flows C -> B, against its digitising
 * (B to C): reversed; its next_down is B's tree edge e0.  It leaves C, so it
 * is the minor path of the edges flowing into C: e5.  e6 flows into D
 * (not reversed: a ring), next_down e3.
 * Reversed (flow toward `from`): e0 (B->A), e1, e3 (D->B), e4 (C->D).
 * Junctions (reached edge ends): B e0 e1 e3 = 3, C e1 e4 e5 = 3,
 * D e3 e4 e6 e6 = 4; A 1, E 1: three junctions.  Loops: e1, e6.
 */
static void
test_orient_loop(void)
{
	arena		a;
	ec_bn_env	env = env_of(&a);
	int32_t		from[] = {10, 20, 60, 20, 40, 50, 40},
				to[] = {20, 30, 70, 40, 30, 30, 40},
				outlet[] = {10};
	double		len[] = {2, 3, 7, 1, 1.5, 1, 0.4};
	ec_bn_edges g = {N_(from), from, to, len, 1, outlet};
	ec_bn_flow f;
	int64_t		err;
	int			rev[] = {1, 1, 0, 1, 1, 0, 0},
				tree[] = {1, 0, 0, 1, 1, 1, 0},
				down[] = {-1, 0, -1, 0, 3, 4, 3},
				minor[] = {-1, -1, -1, -1, -1, 1, -1};
	double		dd[] = {0, 2, INFINITY, 2, 3, 4.5, 3};

	CHECK_INT(ec_bn_orient(&env, &g, &f, &err), EC_OK);
	for (int e = 0; e < 7; e++)
	{
		CHECK_INT(f.reached[e], e != 2);
		CHECK_INT(f.reverse[e], rev[e]);
		CHECK_INT(f.tree[e], tree[e]);
		CHECK_INT(f.next_down[e], down[e]);
		CHECK_INT(f.minor[e], minor[e]);
		CHECK(f.dist_down[e] == dd[e]);
	}
	CHECK_INT(f.n_reached, 6);
	CHECK_INT(f.loops, 2);
	CHECK_INT(f.junctions, 3);
	CHECK_INT(f.n_unreached, 1);
	CHECK(f.unreached_length == 7);
	arena_free(&a);
}

/*
 * Ties.  Outlet 1; e0 1-2, e1 1-3, e2 3-4, e3 2-4, all of length 1.  Nodes 2
 * and 3 are both at 1; 2 is settled first (smaller node) and reaches 4 by
 * e3, then 3 reaches 4 at the same distance by e2, the smaller edge, which
 * wins.  e3 closes the loop: 2 (1) is nearer than 4 (2), so it flows 4 -> 2,
 * against its digitising (2 to 4): reversed; next_down e0; it leaves 4, the
 * minor path of nothing (no edge flows into 4).
 * With a second outlet 4: 2 and 3 are settled from 1 first (1 < 4), so e0
 * and e1 are the tree and flow into 1 (reversed); e2 and e3 close loops and
 * flow into 4 (distance 0 < 1), digitised that way; none has a next_down.
 */
static void
test_orient_ties(void)
{
	arena		a;
	ec_bn_env	env = env_of(&a);
	int32_t		from[] = {1, 1, 3, 2},
				to[] = {2, 3, 4, 4},
				outlet[] = {1, 1, 99};	/* repeats and an outlet on no edge are fine */
	double		len[] = {1, 1, 1, 1};
	ec_bn_edges g = {4, from, to, len, N_(outlet), outlet};
	ec_bn_flow f;
	int64_t		err;

	CHECK_INT(ec_bn_orient(&env, &g, &f, &err), EC_OK);
	CHECK_INT(f.tree[2], 1);
	CHECK_INT(f.tree[3], 0);
	CHECK_INT(f.reverse[3], 1);
	CHECK_INT(f.next_down[3], 0);
	CHECK_INT(f.next_down[2], 1);
	CHECK_INT(f.minor[3], -1);
	CHECK_INT(f.loops, 1);
	CHECK_INT(f.junctions, 0);
	arena_free(&a);

	{
		int32_t		two[] = {4, 1};
		ec_bn_edges g2 = {4, from, to, len, 2, two};

		env = env_of(&a);
		CHECK_INT(ec_bn_orient(&env, &g2, &f, &err), EC_OK);
		CHECK_INT(f.loops, 2);
		CHECK_INT(f.reverse[0], 1);
		CHECK_INT(f.reverse[1], 1);
		CHECK_INT(f.reverse[2], 0);
		CHECK_INT(f.reverse[3], 0);
		for (int e = 0; e < 4; e++)
		{
			CHECK_INT(f.next_down[e], -1);
			CHECK(f.dist_down[e] == 0);
		}
		arena_free(&a);
	}
}

/* Orients in a fresh arena, freed after: the status (and err) are what is left. */
static ec_status
orient_status(arena *a, const ec_bn_edges *g, int64_t *err)
{
	ec_bn_env	env = env_of(a);
	ec_bn_flow	f;
	ec_status	st = ec_bn_orient(&env, g, &f, err);

	arena_free(a);
	return st;
}

static void
test_orient_degenerate(void)
{
	arena		a;
	ec_bn_env	env = env_of(&a);
	ec_bn_flow	f;
	int64_t		err;
	int32_t		from[] = {1, 2},
				to[] = {2, 3},
				outlet[] = {1};
	double		len[] = {1, 1};

	/* no edges, or no outlet on an edge */
	{
		ec_bn_edges none = {0, NULL, NULL, NULL, 1, outlet};
		int32_t		far[] = {7};
		ec_bn_edges g = {2, from, to, len, 1, far};

		CHECK_INT(ec_bn_orient(&env, &none, &f, &err), EC_ERR_GRAPH_NO_OUTLET);
		arena_free(&a);
		CHECK_INT(orient_status(&a, &g, &err), EC_ERR_GRAPH_NO_OUTLET);
	}
	/* a length that is negative, NaN or infinite; a negative node */
	{
		double		bad[][2] = {{1, -1}, {NAN, 1}, {1, INFINITY}};
		int64_t		want[] = {1, 0, 1};

		for (int k = 0; k < 3; k++)
		{
			ec_bn_edges g = {2, from, to, bad[k], 1, outlet};

			CHECK_INT(orient_status(&a, &g, &err), EC_ERR_GRAPH_BAD_VALUE);
			CHECK_INT(err, want[k]);
		}
	}
	{
		int32_t		neg[] = {2, -3};
		ec_bn_edges g = {2, from, neg, len, 1, outlet};

		CHECK_INT(orient_status(&a, &g, &err), EC_ERR_GRAPH_BAD_INDEX);
		CHECK_INT(err, 1);
	}
	{
		ec_bn_edges big = {EC_BN_MAX_ITEMS + 1, NULL, NULL, NULL, 0, NULL};

		CHECK_INT(orient_status(&a, &big, &err), EC_ERR_GRAPH_TOO_LARGE);
	}
	/* zero-length edges: all at distance 0 from the outlet */
	{
		double		zero[] = {0, 0};
		ec_bn_edges g = {2, from, to, zero, 1, outlet};

		env = env_of(&a);
		CHECK_INT(ec_bn_orient(&env, &g, &f, &err), EC_OK);
		CHECK_INT(f.n_reached, 2);
		CHECK_INT(f.next_down[1], 0);
		CHECK_INT(f.reverse[0], 1);
		arena_free(&a);
	}
	/* a long chain polls */
	{
		enum { LONG = 3 * EC_BN_POLL_EVERY };
		static int32_t lf[LONG],
					lt[LONG];
		static double ll[LONG];

		for (int e = 0; e < LONG; e++)
		{
			lf[e] = e + 1;
			lt[e] = e;
			ll[e] = 1;
		}
		{
			int32_t		o[] = {0};
			ec_bn_edges g = {LONG, lf, lt, ll, 1, o};

			env = env_of(&a);
			CHECK_INT(ec_bn_orient(&env, &g, &f, &err), EC_OK);
			CHECK(a.polls >= 3);
			/* the last edge is LONG - 1 km from the outlet at its lower end */
			CHECK(f.dist_down[LONG - 1] == LONG - 1);
			CHECK_INT(f.next_down[LONG - 1], LONG - 2);
			CHECK_INT(f.reverse[LONG - 1], 0);
			arena_free(&a);
		}
	}
}

void
test_build_network(void)
{
	test_join_ends();
	test_join_ends_degenerate();
	test_snap_toy();
	test_snap_same_place();
	test_snap_degenerate();
	test_orient_loop();
	test_orient_ties();
	test_orient_degenerate();
}

/* River network labelling kernel: hand-worked small networks. */
#include "check.h"
#include "network.h"

#include <math.h>
#include <stdlib.h>

#define MAXN 16

typedef struct net
{
	size_t		n;
	int64_t		id[MAXN],
				down[MAXN],
				minor[MAXN];
	unsigned char has_down[MAXN],
				has_minor[MAXN];
	double		len[MAXN],
				area[MAXN];
	const char *name[MAXN];
	size_t		n_links;
	int64_t		link_from[MAXN],
				link_to[MAXN];
} net;

/* adds a reach; down/minor 0 = none */
static void
add(net *g, int64_t id, int64_t down, int64_t minor, double len, double area, const char *name)
{
	size_t		i = g->n++;

	g->id[i] = id;
	g->down[i] = down;
	g->has_down[i] = down != 0;
	g->minor[i] = minor;
	g->has_minor[i] = minor != 0;
	g->len[i] = len;
	g->area[i] = area;
	g->name[i] = name;
}

/* the kernel's input over g's columns; interrupted as the caller polls */
static ec_net_input
input_of(net *g, int depth, int (*interrupted) (void))
{
	return (ec_net_input)
	{
		.n = g->n, .id = g->id, .down = g->down, .minor = g->minor,
		.has_down = g->has_down, .has_minor = g->has_minor,
		.length_km = g->len, .area_km2 = g->area, .name = g->name,
		.pfaf_depth = depth, .n_links = g->n_links, .link_from = g->link_from, .link_to = g->link_to,
		.interrupted = interrupted,
	};
}

static ec_net_result *
label(net *g, int depth)
{
	ec_net_input in = input_of(g, depth, NULL);

	return ec_net_label(&in);
}

/*
 * A refusal: the status, and where want_ is nonzero, the reach named, the
 * reach it links to and the cycle's length.  Names the case on a failure.
 */
static void
check_refusal(const char *what, const ec_net_result *r, ec_status status,
			  int64_t err_id, int64_t err_id2, int cycle_len)
{
	int			before = ec_tests_failed;

	CHECK_INT(r->status, status);
	if (err_id)
		CHECK_INT(r->err_id, err_id);
	if (err_id2)
		CHECK_INT(r->err_id2, err_id2);
	if (cycle_len)
		CHECK_INT(r->cycle_len, cycle_len);
	if (ec_tests_failed != before)
		fprintf(stderr, "  in: %s\n", what);
}

/* a further minor link (reach_minor_link) */
static void
link(net *g, int64_t from, int64_t to)
{
	g->link_from[g->n_links] = from;
	g->link_to[g->n_links++] = to;
}

static int
ix(const net *g, int64_t id)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->id[i] == id)
			return (int) i;
	return -1;
}

/* every link goes to a smaller hydroseq */
static int
topo_ok(const net *g, const ec_net_result *r)
{
	for (size_t i = 0; i < g->n; i++)
	{
		if (g->has_down[i] && !(r->hydroseq[i] > r->hydroseq[ix(g, g->down[i])]))
			return 0;
		if (g->has_minor[i] && !(r->hydroseq[i] > r->hydroseq[ix(g, g->minor[i])]))
			return 0;
	}
	return 1;
}

/*
 *        4   5
 *         \ /
 *     3    2
 *      \  /
 *        1   (outlet)
 */
static void
test_y(void)
{
	net			g = {0};
	ec_net_result *r;

	add(&g, 1, 0, 0, 1, 10, NULL);
	add(&g, 2, 1, 0, 2, 20, NULL);
	add(&g, 3, 1, 0, 3, 30, NULL);
	add(&g, 4, 2, 0, 4, 40, NULL);
	add(&g, 5, 2, 0, 5, 50, NULL);
	r = label(&g, 3);
	CHECK_INT(r->status, EC_OK);
	CHECK(topo_ok(&g, r));
	CHECK_INT(r->hydroseq[0], 1);
	/* areas: 4 = 40, 2 = 20 + 40 + 50, 1 = 10 + 110 + 30 */
	CHECK_NEAR(r->up_area_km2[3], 40, 1e-12);
	CHECK_NEAR(r->up_area_km2[1], 110, 1e-12);
	CHECK_NEAR(r->up_area_km2[0], 150, 1e-12);
	CHECK_NEAR(r->arbolate_km[1], 11, 1e-12);
	CHECK_NEAR(r->arbolate_km[0], 15, 1e-12);
	/* path length from the downstream end: 4 and 5 are 1 + 2 from the outlet */
	CHECK_NEAR(r->path_km[0], 0, 0);
	CHECK_NEAR(r->path_km[2], 1, 1e-12);
	CHECK_NEAR(r->path_km[4], 3, 1e-12);
	CHECK_INT(r->strahler[3], 1);
	CHECK_INT(r->strahler[1], 2);
	CHECK_INT(r->strahler[0], 2);
	CHECK_INT(r->shreve[1], 2);
	CHECK_INT(r->shreve[0], 3);
	/* unnamed: the bigger arbolate sum is the main stem: 1-2-5 */
	CHECK_INT(r->level_path_id[0], 1);
	CHECK_INT(r->level_path_id[1], 1);
	CHECK_INT(r->level_path_id[4], 1);
	CHECK_INT(r->level_path_id[2], 3);
	CHECK_INT(r->level_path_id[3], 4);
	for (int i = 0; i < 5; i++)
		CHECK_INT(r->terminal_id[i], 1);
	/* preorder, the main child last: 1, 3, 2, 4, 5 */
	CHECK_INT(r->nav_lo[0], 1);
	CHECK_INT(r->nav_hi[0], 5);
	CHECK_INT(r->nav_lo[2], 2);
	CHECK_INT(r->nav_hi[2], 2);
	CHECK_INT(r->nav_lo[1], 3);
	CHECK_INT(r->nav_hi[1], 5);
	CHECK_INT(r->nav_lo[3], 4);
	CHECK_INT(r->nav_lo[4], 5);
	CHECK_INT(r->n_extra, 0);
	/* Pfafstetter: main stem 1-2-5, tributaries 3 (at 1) and 4 (at 2) */
	CHECK_STR(r->pfaf + 0 * r->pfaf_stride, "100");
	CHECK_STR(r->pfaf + 2 * r->pfaf_stride, "200");
	CHECK_STR(r->pfaf + 1 * r->pfaf_stride, "300");
	CHECK_STR(r->pfaf + 3 * r->pfaf_stride, "400");
	CHECK_STR(r->pfaf + 4 * r->pfaf_stride, "500");
	ec_net_free(r);

	/* a name wins over the arbolate sum: 3 carries on the name of 1 */
	g.name[0] = "A";
	g.name[1] = "B";
	g.name[2] = "A";
	r = label(&g, 0);
	CHECK_INT(r->status, EC_OK);
	CHECK_INT(r->level_path_id[2], 1);
	CHECK_INT(r->level_path_id[1], 2);
	CHECK_INT(r->level_path_id[4], 2);
	/* depth 0: no codes */
	CHECK_STR(r->pfaf, "");
	ec_net_free(r);

	/* another name does not win over a bigger unnamed river (NHDPlus) */
	g.name[0] = NULL;
	g.name[1] = NULL;
	g.name[2] = "C";
	r = label(&g, 0);
	CHECK_INT(r->level_path_id[2], 3);
	CHECK_INT(r->level_path_id[1], 1);
	ec_net_free(r);

	/* unknown area: unknown total downstream of it, known elsewhere */
	g.area[3] = NAN;
	r = label(&g, 0);
	CHECK(isnan(r->up_area_km2[3]));
	CHECK(isnan(r->up_area_km2[1]));
	CHECK(isnan(r->up_area_km2[0]));
	CHECK_NEAR(r->up_area_km2[4], 50, 1e-12);
	ec_net_free(r);
}

/*
 * A braid: 4 splits, main path to 3, minor path to 5; 3 and 5 join at 2.
 *      4
 *     / :
 *    3   5
 *     \ /
 *      2 - 1
 */
static void
test_braid(void)
{
	net			g = {0};
	ec_net_result *r;

	add(&g, 1, 0, 0, 1, 1, NULL);
	add(&g, 2, 1, 0, 1, 1, NULL);
	add(&g, 3, 2, 0, 1, 1, NULL);
	add(&g, 4, 3, 5, 1, 1, NULL);
	add(&g, 5, 2, 0, 1, 1, NULL);
	r = label(&g, 2);
	CHECK_INT(r->status, EC_OK);
	CHECK(topo_ok(&g, r));
	/* 5 gets 4's water; 2 counts 4 once */
	CHECK_NEAR(r->up_area_km2[4], 2, 1e-12);
	CHECK_NEAR(r->up_area_km2[2], 2, 1e-12);
	CHECK_NEAR(r->up_area_km2[1], 4, 1e-12);
	CHECK_NEAR(r->up_area_km2[0], 5, 1e-12);
	CHECK_NEAR(r->arbolate_km[1], 4, 1e-12);
	/* the minor path keeps order 1 and does not raise 2 to order 2 */
	CHECK_INT(r->strahler[4], 1);
	CHECK_INT(r->strahler[1], 1);
	CHECK_INT(r->strahler[0], 1);
	CHECK_INT(r->shreve[4], 1);
	CHECK_INT(r->shreve[0], 1);
	/* one extra interval: 4's subtree drains into 5 */
	CHECK_INT(r->n_extra, 1);
	CHECK_INT(r->extra_id[0], 5);
	CHECK_INT(r->extra_lo[0], r->nav_lo[3]);
	CHECK_INT(r->extra_hi[0], r->nav_hi[3]);
	ec_net_free(r);
}

/* A divergence into another basin: 5 -> 2 -> 1 (main), 5 -> 4 -> 3 (minor). */
static void
test_distributary(void)
{
	net			g = {0};
	ec_net_result *r;

	add(&g, 1, 0, 0, 1, 1, NULL);
	add(&g, 2, 1, 0, 1, 1, NULL);
	add(&g, 3, 0, 0, 1, 1, NULL);
	add(&g, 4, 3, 0, 1, 1, NULL);
	add(&g, 5, 2, 4, 1, 1, NULL);
	add(&g, 6, 5, 0, 1, 1, NULL);
	r = label(&g, 1);
	CHECK_INT(r->status, EC_OK);
	CHECK(topo_ok(&g, r));
	CHECK_INT(r->terminal_id[4], 1);
	CHECK_INT(r->terminal_id[3], 3);
	CHECK_NEAR(r->up_area_km2[3], 3, 1e-12);
	CHECK_NEAR(r->up_area_km2[2], 4, 1e-12);
	CHECK_NEAR(r->up_area_km2[0], 4, 1e-12);
	CHECK_INT(r->strahler[3], 1);
	CHECK_INT(r->strahler[2], 1);
	/* 4 and 3 both list 5's subtree (5, 6) */
	CHECK_INT(r->n_extra, 2);
	CHECK_INT(r->extra_id[0], 3);
	CHECK_INT(r->extra_id[1], 4);
	CHECK_INT(r->extra_hi[0] - r->extra_lo[0], 1);
	CHECK_INT(r->extra_lo[0], r->nav_lo[4]);
	ec_net_free(r);
}

/*
 * Small networks the kernel refuses (the empty one it accepts), each with
 * what it must report; 0 in err_id, err_id2, cycle_len: not checked.
 */
static const struct
{
	const char *what;
	size_t		n;
	struct
	{
		int64_t		id,
					down,
					minor;
		double		len;
	}			r[3];
	ec_status	status;
	int64_t		err_id,
				err_id2;
	int			cycle_len;
}			refused[] = {
	/* a cycle closed by a minor path: 2 -minor-> 3 -> 2 */
	{"minor cycle", 3, {{1, 0, 0, 1}, {2, 1, 3, 1}, {3, 2, 0, 1}}, EC_ERR_NET_CYCLE, 2, 0, 2},
	{"missing down", 2, {{1, 0, 0, 1}, {2, 99, 0, 1}}, EC_ERR_NET_MISSING_DOWN, 2, 99, 0},
	{"missing minor", 2, {{1, 0, 0, 1}, {2, 1, 77, 1}}, EC_ERR_NET_MISSING_MINOR, 0, 77, 0},
	{"minor is main", 2, {{1, 0, 0, 1}, {2, 1, 1, 1}}, EC_ERR_NET_MINOR_IS_MAIN, 0, 0, 0},
	{"self loop", 2, {{1, 0, 0, 1}, {2, 2, 0, 1}}, EC_ERR_NET_SELF_LOOP, 0, 0, 0},
	{"duplicate id", 2, {{1, 0, 0, 1}, {1, 0, 0, 1}}, EC_ERR_NET_DUPLICATE_ID, 0, 0, 0},
	{"no length", 2, {{1, 0, 0, 1}, {2, 1, 0, NAN}}, EC_ERR_NET_BAD_LENGTH, 2, 0, 0},
	/* the empty network */
	{"empty", 0, {{0}}, EC_OK, 0, 0, 0},
};

static void
test_errors(void)
{
	net			g = {0};
	ec_net_result *r;

	/* 1 -> 2 -> 3 -> 1, and 4 flowing into the cycle */
	add(&g, 2, 3, 0, 1, 1, NULL);
	add(&g, 1, 2, 0, 1, 1, NULL);
	add(&g, 3, 1, 0, 1, 1, NULL);
	add(&g, 4, 1, 0, 1, 1, NULL);
	add(&g, 9, 0, 0, 1, 1, NULL);
	r = label(&g, 2);
	check_refusal("cycle", r, EC_ERR_NET_CYCLE, 1, 0, 3);
	CHECK_INT(r->cycle[0], 1);
	CHECK_INT(r->cycle[1], 2);
	CHECK_INT(r->cycle[2], 3);
	ec_net_free(r);

	for (size_t k = 0; k < sizeof refused / sizeof refused[0]; k++)
	{
		g.n = 0;
		for (size_t i = 0; i < refused[k].n; i++)
			add(&g, refused[k].r[i].id, refused[k].r[i].down, refused[k].r[i].minor, refused[k].r[i].len, 1, NULL);
		r = label(&g, 2);
		check_refusal(refused[k].what, r, refused[k].status, refused[k].err_id, refused[k].err_id2, refused[k].cycle_len);
		ec_net_free(r);
	}
}

/*
 * A long chain with side tributaries (deep: no recursion) and the same
 * labels whatever the input order.
 */
static void
test_deep(void)
{
	enum
	{
		N = 200000
	};
	int64_t    *id = malloc(2 * N * sizeof(int64_t));
	int64_t    *down = malloc(2 * N * sizeof(int64_t));
	unsigned char *has = malloc(2 * N);
	double	   *len = malloc(2 * N * sizeof(double));
	ec_net_input in = {.n = 2 * N, .id = id, .down = down, .has_down = has, .length_km = len, .pfaf_depth = 4};
	ec_net_result *r;
	int			ok = 1;

	for (int i = 0; i < N; i++)
	{
		/* main stem 1..N (1 the outlet), a one-reach tributary N+i into i */
		id[i] = i + 1;
		down[i] = i;
		has[i] = i > 0;
		len[i] = 1;
		id[N + i] = N + i + 1;
		down[N + i] = i + 1;
		has[N + i] = 1;
		len[N + i] = 0.5;
	}
	r = ec_net_label(&in);
	CHECK_INT(r->status, EC_OK);
	CHECK_NEAR(r->arbolate_km[0], N * 1.5, 1e-6);
	CHECK(isnan(r->up_area_km2[0]));
	CHECK_NEAR(r->path_km[N - 1], N - 1, 1e-9);
	CHECK_INT(r->level_path_id[N - 1], 1);
	CHECK_INT(r->nav_hi[0], 2 * N);
	CHECK_INT(r->strahler[0], 2);
	for (int i = 0; i < 2 * N; i++)
		if (has[i] && !(r->hydroseq[i] > r->hydroseq[down[i] - 1 < N ? down[i] - 1 : 0]))
			ok = 0;
	CHECK(ok);
	/* tributaries all weigh 0.5 km: the four nearest the outlet by id win */
	CHECK_STR(r->pfaf + (size_t) N * r->pfaf_stride, "2000");
	CHECK_STR(r->pfaf + 0, "1000");
	ec_net_free(r);
	free(id);
	free(down);
	free(has);
	free(len);
}

/*
 * A node that drains three ways (docs/network.md, "Divergences"): 10 drains
 * into 11 (main), 12 (next_down_minor) and 13 (reach_minor_link).  12
 * rejoins at 14; 13 runs to the outlet 15 on its own.  Every reach 1 km2,
 * unnamed; lengths in km:
 *
 *             10 (2)
 *           /   |    \
 *      11 (1) 12 (1) 13 (3.5)     17 (1.5)  18 (1)
 *           \   /      |               \   /
 *           14 (1)      |              16 (1)
 *               \       |             /
 *                 ----- 15 (1) ------
 */
static void
test_three_way(void)
{
	net			g = {0};
	ec_net_result *r;
	/* reach -> index */
	enum
	{
		R10, R11, R12, R13, R14, R15, R16, R17, R18
	};

	add(&g, 10, 11, 12, 2, 1, NULL);
	add(&g, 11, 14, 0, 1, 1, NULL);
	add(&g, 12, 14, 0, 1, 1, NULL);
	add(&g, 13, 15, 0, 3.5, 1, NULL);
	add(&g, 14, 15, 0, 1, 1, NULL);
	add(&g, 15, 0, 0, 1, 1, NULL);
	add(&g, 16, 15, 0, 1, 1, NULL);
	add(&g, 17, 16, 0, 1.5, 1, NULL);
	add(&g, 18, 16, 0, 1, 1, NULL);
	link(&g, 10, 13);
	r = label(&g, 1);
	CHECK_INT(r->status, EC_OK);
	CHECK(topo_ok(&g, r));
	CHECK(r->hydroseq[R10] > r->hydroseq[R13]);

	/*
	 * dendritic arbolate sums (next_down tree only): 14 = 1 + 11 (1 + 10's 2)
	 * + 12 (1) = 5; 13 = 3.5; 16 = 1 + 1.5 + 1 = 3.5; 15 = 1 + 5 + 3.5 + 3.5
	 */
	CHECK_NEAR(r->dendritic_km[R14], 5, 1e-12);
	CHECK_NEAR(r->dendritic_km[R13], 3.5, 1e-12);
	CHECK_NEAR(r->dendritic_km[R16], 3.5, 1e-12);
	CHECK_NEAR(r->dendritic_km[R15], 13, 1e-12);
	/*
	 * total arbolate sums (every upstream reach once): 13 = 3.5 + 10's 2 =
	 * 5.5, more than 14's 1 + 1 + 1 + 2 = 5; 12 = 1 + 2; 15 = all nine = 13
	 */
	CHECK_NEAR(r->arbolate_km[R13], 5.5, 1e-12);
	CHECK_NEAR(r->arbolate_km[R14], 5, 1e-12);
	CHECK_NEAR(r->arbolate_km[R12], 3, 1e-12);
	CHECK_NEAR(r->arbolate_km[R15], 13, 1e-12);
	/* areas: reaches in the upstream closure, 1 km2 each */
	CHECK_NEAR(r->up_area_km2[R10], 1, 1e-12);
	CHECK_NEAR(r->up_area_km2[R12], 2, 1e-12);
	CHECK_NEAR(r->up_area_km2[R13], 2, 1e-12);
	CHECK_NEAR(r->up_area_km2[R14], 4, 1e-12);
	CHECK_NEAR(r->up_area_km2[R16], 3, 1e-12);
	CHECK_NEAR(r->up_area_km2[R15], 9, 1e-12);
	/* Shreve: headwaters 10, 17, 18; 10 counts once at 14 and at 15 */
	CHECK_INT(r->shreve[R13], 1);
	CHECK_INT(r->shreve[R14], 1);
	CHECK_INT(r->shreve[R16], 2);
	CHECK_INT(r->shreve[R15], 3);

	/*
	 * Strahler, NHDPlus rule: 12 and 13 start minor paths (order 1, calc 0);
	 * 14 = 11 (1) + 12 (calc 0): stays 1; 16 = 17 (1) + 18 (1) = 2; 15: 14
	 * (1), 16 (2) and 13 (calc 0): max 2, no increment past a minor path
	 */
	CHECK_INT(r->strahler[R10], 1);
	CHECK_INT(r->strahler[R12], 1);
	CHECK_INT(r->strahler[R13], 1);
	CHECK_INT(r->strahler[R14], 1);
	CHECK_INT(r->strahler[R16], 2);
	CHECK_INT(r->strahler[R15], 2);

	/*
	 * level paths: at 15 the bigger dendritic sum is 14 (5 > 3.5, 3.5),
	 * although 13's total (5.5) is bigger; at 16, 17 (1.5 > 1)
	 */
	CHECK_INT(r->level_path_id[R15], 15);
	CHECK_INT(r->level_path_id[R14], 15);
	CHECK_INT(r->level_path_id[R11], 15);
	CHECK_INT(r->level_path_id[R10], 15);
	CHECK_INT(r->level_path_id[R12], 12);
	CHECK_INT(r->level_path_id[R13], 13);
	CHECK_INT(r->level_path_id[R16], 16);
	CHECK_INT(r->level_path_id[R17], 16);
	CHECK_INT(r->level_path_id[R18], 18);
	for (int i = 0; i < 9; i++)
		CHECK_INT(r->terminal_id[i], 15);
	/* path lengths along main paths: 10 = 1 (15) + 1 (14) + 1 (11) */
	CHECK_NEAR(r->path_km[R10], 3, 1e-12);
	CHECK_NEAR(r->path_km[R12], 2, 1e-12);
	CHECK_NEAR(r->path_km[R13], 1, 1e-12);
	CHECK_NEAR(r->path_km[R17], 2, 1e-12);

	/*
	 * nav extras: 12 and 13 also get 10's water (10 is in 14's own subtree
	 * through 11): one interval each, 10's [nav_lo, nav_hi]
	 */
	CHECK_INT(r->n_extra, 2);
	CHECK_INT(r->extra_id[0], 12);
	CHECK_INT(r->extra_id[1], 13);
	CHECK_INT(r->extra_lo[0], r->nav_lo[R10]);
	CHECK_INT(r->extra_hi[1], r->nav_hi[R10]);
	ec_net_free(r);
}

static int
always(void)
{
	return 1;
}

/*
 * Further minor links the kernel refuses on the network of
 * test_link_errors; 0 in err_id, err_id2: not checked.
 */
static const struct
{
	const char *what;
	int64_t		from,
				to;
	ec_status	status;
	int64_t		err_id,
				err_id2;
}			bad_links[] = {
	/* 5 has no next_down_minor */
	{"link without minor", 5, 4, EC_ERR_NET_LINK_WITHOUT_MINOR, 5, 0},
	/* = next_down_minor */
	{"duplicate minor", 2, 3, EC_ERR_NET_DUPLICATE_MINOR, 0, 3},
	/* = next_down */
	{"link to main", 2, 1, EC_ERR_NET_MINOR_IS_MAIN, 0, 0},
	{"link to missing", 2, 99, EC_ERR_NET_MISSING_MINOR, 0, 99},
	{"link from missing", 98, 4, EC_ERR_NET_MISSING_LINK_FROM, 98, 0},
	{"link to itself", 2, 2, EC_ERR_NET_SELF_LOOP, 0, 0},
};

static void
test_link_errors(void)
{
	net			g = {0};
	ec_net_result *r;

	add(&g, 1, 0, 0, 1, 1, NULL);
	add(&g, 2, 1, 3, 1, 1, NULL);
	add(&g, 3, 0, 0, 1, 1, NULL);
	add(&g, 4, 0, 0, 1, 1, NULL);
	add(&g, 5, 1, 0, 1, 1, NULL);

	for (size_t k = 0; k < sizeof bad_links / sizeof bad_links[0]; k++)
	{
		g.n_links = 0;
		link(&g, bad_links[k].from, bad_links[k].to);
		r = label(&g, 0);
		check_refusal(bad_links[k].what, r, bad_links[k].status, bad_links[k].err_id, bad_links[k].err_id2, 0);
		ec_net_free(r);
	}

	/* a cycle through a further link: 2 -> 4 -> 2 */
	g.n_links = 0;
	link(&g, 2, 4);
	g.down[3] = 2;
	g.has_down[3] = 1;
	r = label(&g, 0);
	check_refusal("cycle through a link", r, EC_ERR_NET_CYCLE, 0, 0, 2);
	ec_net_free(r);
	g.has_down[3] = 0;

	/* a pending cancel stops the labelling, everything freed */
	g.n_links = 0;
	{
		ec_net_input in = input_of(&g, 0, always);

		r = ec_net_label(&in);
		CHECK_INT(r->status, EC_ERR_CANCELLED);
		ec_net_free(r);
	}
}

void
test_network(void)
{
	test_three_way();
	test_link_errors();
	test_y();
	test_braid();
	test_distributary();
	test_errors();
	test_deep();
}

/*
 * The graph steps of build_network(): nodes by union-find, snapping
 * decisions, same-place points, and the shortest-path orientation.
 * See build_network.h and docs/build_network.md.
 */
#include "build_network.h"
#include "network.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocation and polling ------------------------------------------ */

/* count elements of size bytes from env, or NULL (also on overflow) */
static void *
alloc_array(const ec_bn_env *env, size_t count, size_t size)
{
	if (count == 0)
		count = 1;
	if (count > SIZE_MAX / size)
		return NULL;
	return env->alloc(count * size, env->ctx);
}

/* Fills *arrays[k] with n int32s each; false when out of memory. */
static bool
alloc_int32s(const ec_bn_env *env, size_t n, int32_t **const *arrays, int count)
{
	for (int k = 0; k < count; k++)
		if ((*arrays[k] = alloc_array(env, n, sizeof(int32_t))) == NULL)
			return false;
	return true;
}

static inline void
poll(const ec_bn_env *env, size_t step)
{
	if (env->poll != NULL && step % EC_BN_POLL_EVERY == 0)
		env->poll(env->ctx);
}

/* ---- union-find over points ------------------------------------------ */

/*
 * A node is a tree of points whose root is its smallest point: a join links
 * the larger root under the smaller.  Each root keeps the list of its
 * points (to test whether two nodes share a part) and each part the list of
 * its points (to test whether a part has a point in a node).
 */
typedef struct uf
{
	int32_t		n;				/* points so far */
	int32_t		cap;
	int32_t		n_parts;
	int32_t    *parent;
	int32_t    *part;
	double	   *frac;
	int32_t    *member_next;	/* next point of the same node, -1 at the end */
	int32_t    *member_last;	/* at a root: its last point */
	int32_t    *member_count;	/* at a root: its number of points */
	int32_t    *part_next;		/* next point of the same part, -1 at the end */
	int32_t    *part_head;		/* per part: its first point, -1 if none */
} uf;

static int32_t
uf_find(uf *u, int32_t i)
{
	while (u->parent[i] != i)
	{
		u->parent[i] = u->parent[u->parent[i]];	/* path halving */
		i = u->parent[i];
	}
	return i;
}

/* Does part p have a point in node r (a root)? */
static bool
uf_part_in(uf *u, int32_t p, int32_t r)
{
	for (int32_t y = u->part_head[p]; y >= 0; y = u->part_next[y])
		if (uf_find(u, y) == r)
			return true;
	return false;
}

/* Do nodes ra and rb (roots) have a part in common? */
static bool
uf_share_part(uf *u, int32_t ra, int32_t rb)
{
	int32_t		small = u->member_count[ra] <= u->member_count[rb] ? ra : rb;
	int32_t		other = small == ra ? rb : ra;

	for (int32_t x = small; x >= 0; x = u->member_next[x])
		if (u->part[x] != EC_BN_NO_PART && uf_part_in(u, u->part[x], other))
			return true;
	return false;
}

/* Joins roots ra != rb: the larger under the smaller. */
static void
uf_link(uf *u, int32_t ra, int32_t rb)
{
	if (ra > rb)
	{
		int32_t		t = ra;

		ra = rb;
		rb = t;
	}
	u->parent[rb] = ra;
	u->member_next[u->member_last[ra]] = rb;
	u->member_last[ra] = u->member_last[rb];
	u->member_count[ra] += u->member_count[rb];
}

/* Adds point i (i == u->n < u->cap) on part p at frac f, alone. */
static void
uf_add_point(uf *u, int32_t p, double f)
{
	int32_t		i = u->n++;

	u->parent[i] = i;
	u->part[i] = p;
	u->frac[i] = f;
	u->member_next[i] = -1;
	u->member_last[i] = i;
	u->member_count[i] = 1;
	u->part_next[i] = -1;
	if (p != EC_BN_NO_PART)
	{
		/* prepend: the order of a part's list does not matter */
		u->part_next[i] = u->part_head[p];
		u->part_head[p] = i;
	}
}

/*
 * Builds the union-find of pts with room for `extra` more points.  Checks
 * every index; the links are applied in point order (link[i] <= i, so each
 * lands on a point already placed).
 */
static ec_status
uf_init(const ec_bn_env *env, const ec_bn_points *pts, size_t extra, bool need_frac,
		uf *u, int64_t *err_index)
{
	size_t		cap;

	*err_index = -1;
	if (pts->n > EC_BN_MAX_ITEMS || pts->n_parts > EC_BN_MAX_ITEMS || extra > EC_BN_MAX_ITEMS)
	{
		*err_index = (int64_t) (pts->n > EC_BN_MAX_ITEMS ? pts->n :
								pts->n_parts > EC_BN_MAX_ITEMS ? pts->n_parts : extra);
		return EC_ERR_GRAPH_TOO_LARGE;
	}
	if ((pts->n > 0 && pts->part == NULL) || (need_frac && pts->n > 0 && pts->frac == NULL))
		return EC_ERR_GRAPH_BAD_INDEX;
	cap = pts->n + extra;		/* <= 2^27: fits int32 */
	memset(u, 0, sizeof(*u));
	u->cap = (int32_t) cap;
	u->n_parts = (int32_t) pts->n_parts;
	u->frac = alloc_array(env, cap, sizeof(double));
	u->part_head = alloc_array(env, pts->n_parts, sizeof(int32_t));
	if (!u->frac || !u->part_head ||
		!alloc_int32s(env, cap, (int32_t **const[]) {&u->parent, &u->part, &u->member_next,
						   &u->member_last, &u->member_count, &u->part_next}, 6))
		return EC_ERR_NOMEM;
	for (size_t p = 0; p < pts->n_parts; p++)
		u->part_head[p] = -1;

	for (size_t i = 0; i < pts->n; i++)
	{
		int32_t		p = pts->part[i];
		double		f = need_frac && p != EC_BN_NO_PART ? pts->frac[i] : 0;

		poll(env, i);
		if (p != EC_BN_NO_PART && (p < 0 || (size_t) p >= pts->n_parts))
		{
			*err_index = (int64_t) i;
			return EC_ERR_GRAPH_BAD_INDEX;
		}
		if (!(f >= 0 && f <= 1))	/* also NaN */
		{
			*err_index = (int64_t) i;
			return EC_ERR_GRAPH_BAD_VALUE;
		}
		uf_add_point(u, p, f);
		if (pts->link != NULL)
		{
			int32_t		l = pts->link[i];
			int32_t		ra,
						rb;

			if (l < 0 || (size_t) l > i)
			{
				*err_index = (int64_t) i;
				return EC_ERR_GRAPH_BAD_INDEX;
			}
			ra = uf_find(u, l);
			rb = (int32_t) i;
			if (ra != rb)
				uf_link(u, ra, rb);
		}
	}
	return EC_OK;
}

static bool
pair_ok(const ec_bn_pairs *pr, size_t k, size_t n)
{
	return pr->a[k] >= 0 && (size_t) pr->a[k] < n && pr->b[k] >= 0 && (size_t) pr->b[k] < n;
}

static ec_status
check_pairs(const ec_bn_pairs *pr, size_t n, int64_t *err_index)
{
	if (pr == NULL)
		return EC_OK;
	if (pr->n > EC_BN_MAX_ITEMS)
	{
		*err_index = (int64_t) pr->n;
		return EC_ERR_GRAPH_TOO_LARGE;
	}
	if (pr->n > 0 && (pr->a == NULL || pr->b == NULL))
		return EC_ERR_GRAPH_BAD_INDEX;
	for (size_t k = 0; k < pr->n; k++)
		if (!pair_ok(pr, k, n))
		{
			*err_index = (int64_t) k;
			return EC_ERR_GRAPH_BAD_INDEX;
		}
	return EC_OK;
}

ec_status
ec_bn_join_ends(const ec_bn_env *env, const ec_bn_points *pts,
				const ec_bn_pairs *near, const ec_bn_pairs *ring,
				int32_t *root, int64_t *joined, int64_t *err_index)
{
	uf			u;
	ec_status st;

	*joined = 0;
	st = uf_init(env, pts, 0, false, &u, err_index);
	if (st == EC_OK)
		st = check_pairs(near, pts->n, err_index);
	if (st == EC_OK)
		st = check_pairs(ring, pts->n, err_index);
	if (st != EC_OK)
		return st;

	for (size_t k = 0; near != NULL && k < near->n; k++)
	{
		int32_t		ra = uf_find(&u, near->a[k]);
		int32_t		rb = uf_find(&u, near->b[k]);

		poll(env, k);
		if (ra == rb || uf_share_part(&u, ra, rb))
			continue;
		uf_link(&u, ra, rb);
		(*joined)++;
	}
	/* a closed part has both ends on one node */
	for (size_t k = 0; ring != NULL && k < ring->n; k++)
	{
		int32_t		ra = uf_find(&u, ring->a[k]);
		int32_t		rb = uf_find(&u, ring->b[k]);

		poll(env, k);
		if (ra != rb)
			uf_link(&u, ra, rb);
	}
	for (size_t i = 0; i < pts->n; i++)
		root[i] = uf_find(&u, (int32_t) i);
	return EC_OK;
}

/* ---- snapping and same-place points ----------------------------------- */

static const uf *sort_uf;		/* qsort has no context argument in C11 */

/* points by part, then fraction, then number */
static int
cmp_part_frac(const void *pa, const void *pb)
{
	int32_t		a = *(const int32_t *) pa,
				b = *(const int32_t *) pb;

	if (sort_uf->part[a] != sort_uf->part[b])
		return sort_uf->part[a] < sort_uf->part[b] ? -1 : 1;
	if (sort_uf->frac[a] != sort_uf->frac[b])
		return sort_uf->frac[a] < sort_uf->frac[b] ? -1 : 1;
	return (a > b) - (a < b);
}

ec_status
ec_bn_snap(const ec_bn_env *env, const ec_bn_points *pts,
		   const ec_bn_snaps *snaps, ec_bn_snapped *out, int64_t *err_index)
{
	uf			u;
	ec_status st;
	int32_t    *root_a;			/* node of each point before snapping */
	bool	   *did;			/* that node has snapped (by root) */
	int32_t    *order;
	size_t		n_on_parts = 0;

	memset(out, 0, sizeof(*out));
	*err_index = -1;
	if (snaps->n > EC_BN_MAX_ITEMS)
	{
		*err_index = (int64_t) snaps->n;
		return EC_ERR_GRAPH_TOO_LARGE;
	}
	if (snaps->n > 0 && (!snaps->point || !snaps->part || !snaps->frac ||
						 !snaps->near_end || !snaps->end_is_near))
		return EC_ERR_GRAPH_BAD_INDEX;
	/* at most one split per node, so at most pts->n new points */
	st = uf_init(env, pts, pts->n, true, &u, err_index);
	if (st != EC_OK)
		return st;
	for (size_t k = 0; k < snaps->n; k++)
	{
		poll(env, k);
		if (snaps->point[k] < 0 || (size_t) snaps->point[k] >= pts->n ||
			snaps->part[k] < 0 || (size_t) snaps->part[k] >= pts->n_parts ||
			snaps->near_end[k] < 0 || (size_t) snaps->near_end[k] >= pts->n)
		{
			*err_index = (int64_t) k;
			return EC_ERR_GRAPH_BAD_INDEX;
		}
		if (!(snaps->frac[k] >= 0 && snaps->frac[k] <= 1))
		{
			*err_index = (int64_t) k;
			return EC_ERR_GRAPH_BAD_VALUE;
		}
	}

	root_a = alloc_array(env, pts->n, sizeof(int32_t));
	did = alloc_array(env, pts->n, sizeof(bool));
	out->new_snap = alloc_array(env, pts->n, sizeof(int32_t));
	out->node = alloc_array(env, 2 * pts->n, sizeof(int32_t));
	order = alloc_array(env, 2 * pts->n, sizeof(int32_t));
	if (!root_a || !did || !out->new_snap || !out->node || !order)
		return EC_ERR_NOMEM;
	for (size_t i = 0; i < pts->n; i++)
	{
		root_a[i] = uf_find(&u, (int32_t) i);
		did[i] = false;
	}

	for (size_t k = 0; k < snaps->n; k++)
	{
		int32_t		ra = uf_find(&u, snaps->point[k]);
		int32_t		x = root_a[snaps->point[k]];

		poll(env, k);
		if (uf_part_in(&u, snaps->part[k], ra) || did[x])
			continue;
		did[x] = true;			/* only the nearest line per node */
		if (snaps->end_is_near[k])
		{
			int32_t		rb = uf_find(&u, snaps->near_end[k]);

			if (ra == rb || uf_share_part(&u, ra, rb))
				continue;
			uf_link(&u, ra, rb);
		}
		else
		{
			int32_t		i = u.n;

			uf_add_point(&u, snaps->part[k], snaps->frac[k]);
			uf_link(&u, ra, i);
			out->new_snap[out->n_new++] = (int32_t) k;
			out->splits++;
		}
		out->snapped++;
	}

	/* points at the same place of a part are one node */
	for (int32_t i = 0; i < u.n; i++)
		if (u.part[i] != EC_BN_NO_PART)
			order[n_on_parts++] = i;
	sort_uf = &u;
	qsort(order, n_on_parts, sizeof(int32_t), cmp_part_frac);
	sort_uf = NULL;
	for (size_t k = 1; k < n_on_parts; k++)
	{
		int32_t		a = order[k - 1],
					b = order[k];

		poll(env, k);
		if (u.part[a] == u.part[b] && u.frac[a] == u.frac[b])
		{
			int32_t		ra = uf_find(&u, a),
						rb = uf_find(&u, b);

			if (ra != rb)
				uf_link(&u, ra, rb);
		}
	}
	for (int32_t i = 0; i < u.n; i++)
		out->node[i] = uf_find(&u, i);
	return EC_OK;
}

/* ---- orientation ------------------------------------------------------ */

/* index of v in the sorted distinct array s[0..n), or -1 */
static int32_t
find_sorted(const int32_t *s, size_t n, int32_t v)
{
	size_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (s[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && s[lo] == v ? (int32_t) lo : -1;
}

/* a binary min-heap of (distance, node), ordered by distance then node */
typedef struct heap
{
	size_t		n;
	double	   *key;
	int32_t    *node;
} heap;

static inline bool
heap_less(const heap *h, size_t a, size_t b)
{
	return h->key[a] < h->key[b] || (h->key[a] == h->key[b] && h->node[a] < h->node[b]);
}

static inline void
heap_swap(heap *h, size_t a, size_t b)
{
	double		k = h->key[a];
	int32_t		v = h->node[a];

	h->key[a] = h->key[b];
	h->node[a] = h->node[b];
	h->key[b] = k;
	h->node[b] = v;
}

static void
heap_push(heap *h, double key, int32_t node)
{
	size_t		i = h->n++;

	h->key[i] = key;
	h->node[i] = node;
	while (i > 0 && heap_less(h, i, (i - 1) / 2))
	{
		heap_swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void
heap_pop(heap *h, double *key, int32_t *node)
{
	size_t		i = 0;

	*key = h->key[0];
	*node = h->node[0];
	h->n--;
	h->key[0] = h->key[h->n];
	h->node[0] = h->node[h->n];
	for (;;)
	{
		size_t		l = 2 * i + 1,
					m = i;

		if (l < h->n && heap_less(h, l, m))
			m = l;
		if (l + 1 < h->n && heap_less(h, l + 1, m))
			m = l + 1;
		if (m == i)
			break;
		heap_swap(h, i, m);
		i = m;
	}
}

ec_status
ec_bn_orient(const ec_bn_env *env, const ec_bn_edges *in, ec_bn_flow *out, int64_t *err_index)
{
	size_t		ne = in->n,
				nn = 0,
				n_src = 0;
	int32_t    *ends,			/* sorted distinct node values */
			   *u,
			   *v,
			   *adj_off,
			   *adj,
			   *fill,
			   *pe,
			   *degree,
			   *down,
			   *minor_at;
	double	   *dist;
	bool	   *done;
	heap		h;

	*err_index = -1;
	memset(out, 0, sizeof(*out));
	if (ne > EC_BN_MAX_ITEMS || in->n_outlets > EC_BN_MAX_ITEMS)
	{
		*err_index = (int64_t) (ne > EC_BN_MAX_ITEMS ? ne : in->n_outlets);
		return EC_ERR_GRAPH_TOO_LARGE;
	}
	if ((ne > 0 && (!in->from || !in->to || !in->length)) || (in->n_outlets > 0 && !in->outlet))
		return EC_ERR_GRAPH_BAD_INDEX;
	for (size_t e = 0; e < ne; e++)
	{
		poll(env, e);
		if (in->from[e] < 0 || in->to[e] < 0)
		{
			*err_index = (int64_t) e;
			return EC_ERR_GRAPH_BAD_INDEX;
		}
		if (!(in->length[e] >= 0) || isinf(in->length[e]))	/* also NaN */
		{
			*err_index = (int64_t) e;
			return EC_ERR_GRAPH_BAD_VALUE;
		}
	}

	out->reached = alloc_array(env, ne, sizeof(bool));
	out->reverse = alloc_array(env, ne, sizeof(bool));
	out->tree = alloc_array(env, ne, sizeof(bool));
	out->dist_down = alloc_array(env, ne, sizeof(double));
	ends = alloc_array(env, 2 * ne, sizeof(int32_t));
	if (!out->reached || !out->reverse || !out->tree || !out->dist_down || !ends ||
		!alloc_int32s(env, ne, (int32_t **const[]) {&out->next_down, &out->minor, &u, &v, &down}, 5))
		return EC_ERR_NOMEM;

	/* nodes are the distinct edge ends, numbered in order of their value */
	for (size_t e = 0; e < ne; e++)
	{
		ends[2 * e] = in->from[e];
		ends[2 * e + 1] = in->to[e];
	}
	qsort(ends, 2 * ne, sizeof(int32_t), ec_cmp_int32);
	for (size_t k = 0; k < 2 * ne; k++)
		if (nn == 0 || ends[nn - 1] != ends[k])
			ends[nn++] = ends[k];
	for (size_t e = 0; e < ne; e++)
	{
		poll(env, e);
		u[e] = find_sorted(ends, nn, in->from[e]);
		v[e] = find_sorted(ends, nn, in->to[e]);
	}

	adj_off = alloc_array(env, nn + 1, sizeof(int32_t));
	adj = alloc_array(env, 2 * ne, sizeof(int32_t));
	fill = alloc_array(env, nn, sizeof(int32_t));
	pe = alloc_array(env, nn, sizeof(int32_t));
	degree = alloc_array(env, nn, sizeof(int32_t));
	minor_at = alloc_array(env, nn, sizeof(int32_t));
	dist = alloc_array(env, nn, sizeof(double));
	done = alloc_array(env, nn, sizeof(bool));
	/* each edge pushes at most once (from its first end done), plus the outlets */
	h.key = alloc_array(env, ne + in->n_outlets, sizeof(double));
	h.node = alloc_array(env, ne + in->n_outlets, sizeof(int32_t));
	h.n = 0;
	if (!adj_off || !adj || !fill || !pe || !degree || !minor_at || !dist || !done || !h.key || !h.node)
		return EC_ERR_NOMEM;

	/* adjacency (CSR): the edges of node i, in edge order, are adj[adj_off[i] .. adj_off[i+1]) */
	memset(adj_off, 0, (nn + 1) * sizeof(int32_t));
	for (size_t e = 0; e < ne; e++)
	{
		adj_off[u[e] + 1]++;
		if (v[e] != u[e])
			adj_off[v[e] + 1]++;
	}
	for (size_t i = 0; i < nn; i++)
	{
		adj_off[i + 1] += adj_off[i];
		fill[i] = adj_off[i];
		pe[i] = -1;
		dist[i] = INFINITY;
		done[i] = false;
		degree[i] = 0;
		minor_at[i] = -1;
	}
	for (size_t e = 0; e < ne; e++)
	{
		adj[fill[u[e]]++] = (int32_t) e;
		if (v[e] != u[e])
			adj[fill[v[e]]++] = (int32_t) e;
	}

	/* Dijkstra from the outlet nodes that lie on an edge */
	for (size_t k = 0; k < in->n_outlets; k++)
	{
		int32_t		s = in->outlet[k] < 0 ? -1 : find_sorted(ends, nn, in->outlet[k]);

		if (s >= 0 && dist[s] != 0)
		{
			dist[s] = 0;
			heap_push(&h, 0, s);
			n_src++;
		}
	}
	if (n_src == 0)
		return EC_ERR_GRAPH_NO_OUTLET;
	for (size_t step = 0; h.n > 0; step++)
	{
		double		d;
		int32_t		x;

		poll(env, step);
		heap_pop(&h, &d, &x);
		if (done[x] || d > dist[x])
			continue;
		done[x] = true;
		for (int32_t k = adj_off[x]; k < adj_off[x + 1]; k++)
		{
			int32_t		e = adj[k];
			int32_t		y = u[e] == x ? v[e] : u[e];
			double		nd = d + in->length[e];

			if (done[y])
				continue;
			if (nd < dist[y] || (nd == dist[y] && e < pe[y]))
			{
				dist[y] = nd;
				pe[y] = e;
				heap_push(&h, nd, y);
			}
		}
	}

	/*
	 * Orientation: a tree edge flows from its child node to its parent;
	 * another edge (it closes a loop) flows to its end nearer the outlet.
	 */
	for (size_t e = 0; e < ne; e++)
	{
		int32_t		a = u[e],
					b = v[e];

		poll(env, e);
		out->reached[e] = dist[a] != INFINITY;
		out->tree[e] = false;
		out->reverse[e] = false;
		out->next_down[e] = -1;
		out->minor[e] = -1;
		out->dist_down[e] = INFINITY;
		down[e] = -1;
		if (!out->reached[e])
		{
			out->n_unreached++;
			out->unreached_length += in->length[e];
			continue;
		}
		if (pe[a] == (int32_t) e)
		{
			down[e] = b;
			out->tree[e] = true;
		}
		else if (pe[b] == (int32_t) e)
		{
			down[e] = a;
			out->tree[e] = true;
		}
		else if (dist[a] > dist[b] || (dist[a] == dist[b] && a > b))
			down[e] = b;
		else
			down[e] = a;
		out->reverse[e] = down[e] == a && a != b;
		out->next_down[e] = pe[down[e]];
		out->dist_down[e] = dist[down[e]];
		out->n_reached++;
		if (!out->tree[e])
			out->loops++;
		degree[a]++;
		degree[b]++;
	}

	/*
	 * A divergence: a loop-closing edge leaving a node is the minor path of
	 * the edges entering that node (the one nearest the outlet, then the
	 * smallest number, when several leave it).
	 */
	for (size_t e = 0; e < ne; e++)
	{
		int32_t		up;

		if (!out->reached[e] || out->tree[e] || u[e] == v[e])
			continue;
		up = down[e] == u[e] ? v[e] : u[e];
		if (minor_at[up] < 0 || out->dist_down[e] < out->dist_down[minor_at[up]])
			minor_at[up] = (int32_t) e;
	}
	for (size_t e = 0; e < ne; e++)
		if (out->reached[e])
			out->minor[e] = minor_at[down[e]];
	for (size_t i = 0; i < nn; i++)
		if (degree[i] >= 3)
			out->junctions++;
	return EC_OK;
}

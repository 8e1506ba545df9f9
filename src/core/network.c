/*
 * River network labelling kernel.  See network.h for the interface and
 * docs/network.md for the algorithms.  Passes, all iterative:
 *
 *  1. ids -> indexes (hash table); resolve next_down and the minor links
 *     (next_down_minor and the further links of nodes that drain three or
 *     more ways, one list of edges).
 *  2. Topological order from the outlets up (Kahn, all links); leftovers
 *     are on or above a cycle, and a walk down from one finds the cycle.
 *     hydroseq = 1-based rank in this order.
 *  3. Main-path tree (next_down only): subtree sizes and sums, upstream
 *     first; a first preorder numbering (children by id) to test
 *     "x is in the subtree of y" in O(1).
 *  4. Upstream closure through divergences: for each reach, the maximal
 *     main-path subtrees outside its own that also drain into it (via a
 *     minor link), propagated downstream; area, arbolate sum and Shreve
 *     magnitude are subtree sums plus those extras, so nothing counts twice.
 *  5. Strahler order (NHDPlus rule for minor paths).
 *  6. Level paths (same name as downstream, else the bigger dendritic
 *     arbolate sum, as NHDPlus), terminal, path length, downstream first.
 *  7. Final preorder numbering with the level-path child last: nav_lo/hi.
 *  8. Pfafstetter codes on that layout.
 */
#include "network.h"
#include "pfafstetter.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- id -> index hash table (open addressing) ---- */

typedef struct idmap
{
	size_t		mask;
	int64_t    *key;
	int32_t    *val;			/* -1 = empty */
} idmap;

static inline size_t
hash64(int64_t k)
{
	uint64_t	x = (uint64_t) k;

	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64_C(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return (size_t) x;
}

static bool
idmap_init(idmap *m, size_t n)
{
	size_t		cap = 16;

	while (cap < 2 * n)
		cap <<= 1;
	m->mask = cap - 1;
	m->key = malloc(cap * sizeof(int64_t));
	m->val = malloc(cap * sizeof(int32_t));
	if (!m->key || !m->val)
		return false;
	memset(m->val, 0xff, cap * sizeof(int32_t));
	return true;
}

/* returns the existing index if k is already present, else -1 */
static int32_t
idmap_put(idmap *m, int64_t k, int32_t v)
{
	size_t		h = hash64(k) & m->mask;

	while (m->val[h] >= 0)
	{
		if (m->key[h] == k)
			return m->val[h];
		h = (h + 1) & m->mask;
	}
	m->key[h] = k;
	m->val[h] = v;
	return -1;
}

static int32_t
idmap_get(const idmap *m, int64_t k)
{
	size_t		h = hash64(k) & m->mask;

	while (m->val[h] >= 0)
	{
		if (m->key[h] == k)
			return m->val[h];
		h = (h + 1) & m->mask;
	}
	return -1;
}

/* ---- helpers ---- */

void
ec_net_free(ec_net_result *r)
{
	if (!r)
		return;
	free(r->hydroseq);
	free(r->terminal_id);
	free(r->level_path_id);
	free(r->strahler);
	free(r->dendritic_km);
	free(r->shreve);
	free(r->up_area_km2);
	free(r->arbolate_km);
	free(r->path_km);
	free(r->nav_lo);
	free(r->nav_hi);
	free(r->pfaf);
	free(r->extra_id);
	free(r->extra_lo);
	free(r->extra_hi);
	free(r);
}

/* CSR lists: for each target t, the sources s with link[s] == t, sorted by s */
static bool
build_csr(size_t n, const int32_t *link, int32_t **start_out, int32_t **list_out)
{
	int32_t    *start = calloc(n + 1, sizeof(int32_t));
	int32_t    *list;
	int32_t    *fill;

	if (!start)
		return false;
	for (size_t i = 0; i < n; i++)
		if (link[i] >= 0)
			start[link[i] + 1]++;
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	list = malloc(((size_t) start[n] + 1) * sizeof(int32_t));
	fill = malloc((n + 1) * sizeof(int32_t));
	if (!list || !fill)
	{
		free(start);
		free(list);
		free(fill);
		return false;
	}
	memcpy(fill, start, (n + 1) * sizeof(int32_t));
	for (size_t i = 0; i < n; i++)	/* i ascending: lists sorted by index */
		if (link[i] >= 0)
			list[fill[link[i]]++] = (int32_t) i;
	free(fill);
	*start_out = start;
	*list_out = list;
	return true;
}

int
ec_cmp_int32(const void *a, const void *b)
{
	int32_t		x = *(const int32_t *) a,
				y = *(const int32_t *) b;

	return (x > y) - (x < y);
}

/*
 * CSR lists of m edges: for each k, the val[e] of the edges with key[e] == k,
 * sorted (so results never depend on the order links were given in).
 */
static bool
edge_csr(size_t n, size_t m, const int32_t *key, const int32_t *val,
		 int32_t **start_out, int32_t **list_out)
{
	int32_t    *start = calloc(n + 1, sizeof(int32_t));
	int32_t    *list = malloc((m + 1) * sizeof(int32_t));
	int32_t    *fill = malloc((n + 1) * sizeof(int32_t));

	if (!start || !list || !fill)
	{
		free(start);
		free(list);
		free(fill);
		return false;
	}
	for (size_t e = 0; e < m; e++)
		start[key[e] + 1]++;
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	memcpy(fill, start, (n + 1) * sizeof(int32_t));
	for (size_t e = 0; e < m; e++)
		list[fill[key[e]]++] = val[e];
	free(fill);
	for (size_t i = 0; i < n; i++)
		if (start[i + 1] - start[i] > 1)
			qsort(list + start[i], (size_t) (start[i + 1] - start[i]), sizeof(int32_t), ec_cmp_int32);
	*start_out = start;
	*list_out = list;
	return true;
}

/* sorts idx[] by key[idx] */
typedef struct keyed
{
	int64_t		key;
	int32_t		idx;
} keyed;

static int
cmp_keyed(const void *a, const void *b)
{
	const keyed *x = a,
			   *y = b;

	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/*
 * A reach that the topological sort left over drains into at least one other
 * left-over reach (cnt != 0); the first of them, main link first.
 */
static int32_t
leftover_next(int32_t v, const int32_t *dn, const int32_t *cnt,
			  const int32_t *mo_start, const int32_t *mo)
{
	if (dn[v] >= 0 && cnt[dn[v]] != 0)
		return dn[v];
	for (int32_t k = mo_start[v]; k < mo_start[v + 1]; k++)
		if (cnt[mo[k]] != 0)
			return mo[k];
	return v;					/* not reached */
}

static inline bool
is_named(const char *const *name, int32_t i)
{
	return name && name[i] && name[i][0] != '\0';
}

/*
 * Level-path rank of child c at confluence v: 0 when c carries v's name on
 * upstream, else 1 (then the bigger dendritic arbolate sum wins, as in
 * NHDPlus: an unnamed bigger river beats a named smaller one).
 */
static inline int
name_rank(const char *const *name, int32_t v, int32_t c)
{
	if (is_named(name, c) && is_named(name, v) && strcmp(name[v], name[c]) == 0)
		return 0;
	return 1;
}

ec_net_result *
ec_net_label(const ec_net_input *in)
{
	size_t		n = in->n;
	ec_net_result *r = calloc(1, sizeof(ec_net_result));
	idmap		map = {0, NULL, NULL};
	int32_t    *dn = NULL,
			   *msrc = NULL,
			   *mdst = NULL,
			   *mo_start = NULL,
			   *mo = NULL,
			   *order = NULL,
			   *cnt = NULL,
			   *ch_start = NULL,
			   *ch = NULL,
			   *ms_start = NULL,
			   *ms = NULL,
			   *main_child = NULL,
			   *calc = NULL,
			   *roots = NULL;
	int64_t    *size = NULL,
			   *pos1 = NULL,
			   *pos2 = NULL,
			   *leaf_sub = NULL,
			   *nullarea_sub = NULL;
	double	   *area_sub = NULL,
			   *len_sub = NULL,
			   *weight = NULL;
	/* divergence extras: E(v) = ext_pool[ext_off[v] .. ext_off[v]+ext_len[v]) */
	int64_t    *ext_off = NULL;
	int32_t    *ext_len = NULL;
	int32_t    *ext_pool = NULL;
	size_t		ext_used = 0,
				ext_cap = 0;
	keyed	   *tmp = NULL;
	size_t		tmp_cap = 0;
	size_t		n_roots = 0;
	size_t		n_minor = 0;
	int			depth = in->pfaf_depth;

	if (!r)
		return NULL;
	r->n = n;
	if (depth < 0)
		depth = 0;
	if (depth > EC_PFAF_MAX_DEPTH)
		depth = EC_PFAF_MAX_DEPTH;
	r->pfaf_stride = depth + 1;
	if (n > EC_NET_MAX || in->n_links > EC_NET_MAX)
	{
		r->status = EC_ERR_NET_TOO_BIG;
		return r;
	}

#define ALLOC(p, cnt_) do { (p) = malloc(((cnt_) + 1) * sizeof(*(p))); if (!(p)) goto nomem; \
		r->bytes += ((cnt_) + 1) * sizeof(*(p)); } while (0)
/* every pass polls for a cancel once per 64 Ki reaches */
#define POLL(k_) do { if (in->interrupted && ((k_) & 0xFFFF) == 0 && in->interrupted()) \
		goto cancelled; } while (0)

	/* 1. indexes */
	for (size_t i = 0; i < n; i++)
		if (!(in->length_km[i] >= 0 && isfinite(in->length_km[i])))
		{
			r->status = EC_ERR_NET_BAD_LENGTH;
			r->err_id = in->id[i];
			goto done;
		}
	if (!idmap_init(&map, n))
		goto nomem;
	r->bytes += (map.mask + 1) * (sizeof(int64_t) + sizeof(int32_t));
	for (size_t i = 0; i < n; i++)
		if (idmap_put(&map, in->id[i], (int32_t) i) >= 0)
		{
			r->status = EC_ERR_NET_DUPLICATE_ID;
			r->err_id = in->id[i];
			goto done;
		}
	ALLOC(dn, n);
	ALLOC(msrc, n + in->n_links);
	ALLOC(mdst, n + in->n_links);
	for (size_t i = 0; i < n; i++)
	{
		POLL(i);
		dn[i] = -1;
		if (in->has_down[i])
		{
			dn[i] = idmap_get(&map, in->down[i]);
			if (dn[i] < 0)
			{
				r->status = EC_ERR_NET_MISSING_DOWN;
				r->err_id = in->id[i];
				r->err_id2 = in->down[i];
				goto done;
			}
			if (dn[i] == (int32_t) i)
			{
				r->status = EC_ERR_NET_SELF_LOOP;
				r->err_id = in->id[i];
				goto done;
			}
		}
		if (in->has_minor && in->has_minor[i])
		{
			int32_t		t = idmap_get(&map, in->minor[i]);

			if (t < 0)
			{
				r->status = EC_ERR_NET_MISSING_MINOR;
				r->err_id = in->id[i];
				r->err_id2 = in->minor[i];
				goto done;
			}
			msrc[n_minor] = (int32_t) i;
			mdst[n_minor++] = t;
		}
	}
	for (size_t k = 0; k < in->n_links; k++)
	{
		int32_t		f = idmap_get(&map, in->link_from[k]),
					t = idmap_get(&map, in->link_to[k]);

		POLL(k);
		if (f < 0)
		{
			r->status = EC_ERR_NET_MISSING_LINK_FROM;
			r->err_id = in->link_from[k];
			r->err_id2 = in->link_to[k];
			goto done;
		}
		if (t < 0)
		{
			r->status = EC_ERR_NET_MISSING_MINOR;
			r->err_id = in->link_from[k];
			r->err_id2 = in->link_to[k];
			goto done;
		}
		/* next_down_minor holds the first minor link, the list the rest */
		if (!(in->has_minor && in->has_minor[f]))
		{
			r->status = EC_ERR_NET_LINK_WITHOUT_MINOR;
			r->err_id = in->link_from[k];
			r->err_id2 = in->link_to[k];
			goto done;
		}
		msrc[n_minor] = f;
		mdst[n_minor++] = t;
	}
	free(map.key);
	free(map.val);
	map.key = NULL;
	map.val = NULL;

	/*
	 * children in the main-path tree; minor links by target (their sources)
	 * and by source (their targets)
	 */
	if (!build_csr(n, dn, &ch_start, &ch) ||
		!edge_csr(n, n_minor, mdst, msrc, &ms_start, &ms) ||
		!edge_csr(n, n_minor, msrc, mdst, &mo_start, &mo))
		goto nomem;
	r->bytes += 6 * (n + 1) * sizeof(int32_t) + 2 * n_minor * sizeof(int32_t);
	free(msrc);
	free(mdst);
	msrc = mdst = NULL;
	for (size_t i = 0; i < n; i++)
		for (int32_t k = mo_start[i]; k < mo_start[i + 1]; k++)
		{
			int32_t		t = mo[k];

			if (t == (int32_t) i)
			{
				r->status = EC_ERR_NET_SELF_LOOP;
				r->err_id = in->id[i];
				goto done;
			}
			if (t == dn[i])
			{
				r->status = EC_ERR_NET_MINOR_IS_MAIN;
				r->err_id = in->id[i];
				r->err_id2 = in->id[t];
				goto done;
			}
			if (k > mo_start[i] && mo[k - 1] == t)
			{
				r->status = EC_ERR_NET_DUPLICATE_MINOR;
				r->err_id = in->id[i];
				r->err_id2 = in->id[t];
				goto done;
			}
		}

	/*
	 * 2. Topological order, outlets first: a reach is ready once every reach
	 * it flows into is placed.  Processing in index order keeps the result a
	 * function of the set of reaches (the caller sorts by id).
	 */
	ALLOC(order, n);
	ALLOC(cnt, n);
	{
		size_t		head = 0,
					tail = 0;

		for (size_t i = 0; i < n; i++)
		{
			cnt[i] = (dn[i] >= 0) + (mo_start[i + 1] - mo_start[i]);
			if (cnt[i] == 0)
				order[tail++] = (int32_t) i;
		}
		while (head < tail)
		{
			int32_t		v = order[head++];

			POLL(head);
			for (int32_t k = ch_start[v]; k < ch_start[v + 1]; k++)
				if (--cnt[ch[k]] == 0)
					order[tail++] = ch[k];
			for (int32_t k = ms_start[v]; k < ms_start[v + 1]; k++)
				if (--cnt[ms[k]] == 0)
					order[tail++] = ms[k];
		}
		if (tail < n)
		{
			/*
			 * Every reach left over flows into another left-over reach, so
			 * walking down through left-over reaches must come back to one:
			 * that reach is on a cycle.  Report the cycle from its smallest
			 * id.
			 */
			int32_t		v = -1;
			int32_t		u,
						best;
			int			len = 0;

			for (size_t i = 0; i < n; i++)
				if (cnt[i] > 0)
				{
					v = (int32_t) i;
					break;
				}
			/* cnt[] now doubles as a visit mark: -1 = seen on this walk */
			while (cnt[v] >= 0)
			{
				cnt[v] = -1;
				v = leftover_next(v, dn, cnt, mo_start, mo);
			}
			best = v;
			u = v;
			do
			{
				if (in->id[u] < in->id[best])
					best = u;
				u = leftover_next(u, dn, cnt, mo_start, mo);
			} while (u != v);
			u = best;
			do
			{
				if (len < EC_NET_CYCLE_SHOWN)
					r->cycle[len] = in->id[u];
				len++;
				u = leftover_next(u, dn, cnt, mo_start, mo);
			} while (u != best);
			r->status = EC_ERR_NET_CYCLE;
			r->err_id = in->id[best];
			r->cycle_len = len;
			goto done;
		}
	}
	free(cnt);
	cnt = NULL;

	ALLOC(r->hydroseq, n);
	for (size_t k = 0; k < n; k++)
		r->hydroseq[order[k]] = (int64_t) k + 1;

	/* 3. main-path tree: subtree sums, upstream first */
	ALLOC(size, n);
	ALLOC(area_sub, n);
	ALLOC(len_sub, n);
	ALLOC(leaf_sub, n);
	ALLOC(nullarea_sub, n);
	for (size_t i = 0; i < n; i++)
	{
		bool		headwater = ch_start[i] == ch_start[i + 1] && ms_start[i] == ms_start[i + 1];
		double		a = in->area_km2 ? in->area_km2[i] : NAN;

		size[i] = 1;
		area_sub[i] = isnan(a) ? 0.0 : a;
		nullarea_sub[i] = isnan(a) ? 1 : 0;
		len_sub[i] = in->length_km[i];
		leaf_sub[i] = headwater ? 1 : 0;
	}
	for (size_t k = n; k-- > 0;)
	{
		int32_t		v = order[k];
		int32_t		d = dn[v];

		POLL(k);
		if (d >= 0)
		{
			size[d] += size[v];
			area_sub[d] += area_sub[v];
			len_sub[d] += len_sub[v];
			leaf_sub[d] += leaf_sub[v];
			nullarea_sub[d] += nullarea_sub[v];
		}
	}

	/* first preorder (children by index): parents come before children */
	ALLOC(pos1, n);
	ALLOC(roots, n);
	{
		int64_t		next = 0;

		for (size_t i = 0; i < n; i++)
			if (dn[i] < 0)
			{
				roots[n_roots++] = (int32_t) i;
				pos1[i] = next;
				next += size[i];
			}
		for (size_t k = 0; k < n; k++)
		{
			int32_t		v = order[k];
			int64_t		p = pos1[v] + 1;

			for (int32_t j = ch_start[v]; j < ch_start[v + 1]; j++)
			{
				pos1[ch[j]] = p;
				p += size[ch[j]];
			}
		}
	}

	/*
	 * 4. Divergence extras, upstream first.  E(v) holds the roots X of the
	 * maximal main-path subtrees, outside v's own subtree, whose water also
	 * reaches v; sorted by pos1 and pairwise disjoint.
	 */
	ALLOC(ext_off, n);
	ALLOC(ext_len, n);
	for (size_t k = n; k-- > 0;)
	{
		int32_t		v = order[k];
		size_t		m = 0;
		int64_t		lo = pos1[v],
					hi = pos1[v] + size[v] - 1;

		POLL(k);
		ext_off[v] = 0;
		ext_len[v] = 0;
		/* gather candidates */
		for (int pass = 0; pass < 2; pass++)
		{
			const int32_t *st = pass == 0 ? ch_start : ms_start;
			const int32_t *li = pass == 0 ? ch : ms;

			for (int32_t j = st[v]; j < st[v + 1]; j++)
			{
				int32_t		c = li[j];
				size_t		need = m + 1 + (size_t) ext_len[c];

				if (need > tmp_cap)
				{
					size_t		nc = tmp_cap ? tmp_cap : 64;
					keyed	   *nt;

					while (nc < need)
						nc *= 2;
					nt = realloc(tmp, nc * sizeof(keyed));
					if (!nt)
						goto nomem;
					tmp = nt;
					tmp_cap = nc;
				}
				if (pass == 1)
				{
					tmp[m].key = pos1[c];
					tmp[m].idx = c;
					m++;
				}
				for (int32_t e = 0; e < ext_len[c]; e++)
				{
					int32_t		x = ext_pool[ext_off[c] + e];

					tmp[m].key = pos1[x];
					tmp[m].idx = x;
					m++;
				}
			}
		}
		if (m == 0)
			continue;
		if (m > 1)
			qsort(tmp, m, sizeof(keyed), cmp_keyed);
		ext_off[v] = (int64_t) ext_used;
		{
			int64_t		cover = -1;	/* end of the last kept subtree */

			for (size_t j = 0; j < m; j++)
			{
				int32_t		x = tmp[j].idx;

				if (tmp[j].key >= lo && tmp[j].key <= hi)
					continue;	/* already in v's own subtree */
				if (tmp[j].key <= cover)
					continue;	/* inside (or equal to) a kept one */
				if (ext_used == ext_cap)
				{
					size_t		nc = ext_cap ? ext_cap * 2 : 256;
					int32_t    *np = realloc(ext_pool, nc * sizeof(int32_t));

					if (!np)
						goto nomem;
					ext_pool = np;
					ext_cap = nc;
				}
				ext_pool[ext_used++] = x;
				ext_len[v]++;
				cover = pos1[x] + size[x] - 1;
			}
		}
	}

	/* closure sums */
	ALLOC(r->up_area_km2, n);
	ALLOC(r->arbolate_km, n);
	ALLOC(r->shreve, n);
	for (size_t i = 0; i < n; i++)
	{
		double		a = area_sub[i],
					l = len_sub[i];
		int64_t		s = leaf_sub[i],
					nulls = nullarea_sub[i];

		POLL(i);
		for (int32_t e = 0; e < ext_len[i]; e++)
		{
			int32_t		x = ext_pool[ext_off[i] + e];

			a += area_sub[x];
			l += len_sub[x];
			s += leaf_sub[x];
			nulls += nullarea_sub[x];
		}
		r->up_area_km2[i] = nulls > 0 ? NAN : a;
		r->arbolate_km[i] = l;
		r->shreve[i] = s;
	}
	free(area_sub);
	area_sub = NULL;
	free(leaf_sub);
	leaf_sub = NULL;
	free(nullarea_sub);
	nullarea_sub = NULL;

	/*
	 * 5. Strahler order, upstream first (hydroloom add_streamorder, which
	 * reproduces NHDPlus StreamOrde): the first reach of a minor path keeps
	 * the incoming order but its "calculator" is 0, and a confluence with a
	 * calculator-0 path does not raise the order.
	 */
	ALLOC(r->strahler, n);
	ALLOC(calc, n);
	for (size_t k = n; k-- > 0;)
	{
		int32_t		v = order[k];
		bool		minor_target = ms_start[v] < ms_start[v + 1];
		int			npred = 0,
					nzero = 0,
					maxo = 0,
					nmax = 0;

		POLL(k);
		for (int pass = 0; pass < 2; pass++)
		{
			const int32_t *st = pass == 0 ? ch_start : ms_start;
			const int32_t *li = pass == 0 ? ch : ms;

			for (int32_t j = st[v]; j < st[v + 1]; j++)
			{
				npred++;
				if (calc[li[j]] == 0)
					nzero++;
			}
		}
		if (npred == 0)
		{
			r->strahler[v] = 1;
			calc[v] = minor_target ? 0 : 1;
			continue;
		}
		for (int pass = 0; pass < 2; pass++)
		{
			const int32_t *st = pass == 0 ? ch_start : ms_start;
			const int32_t *li = pass == 0 ? ch : ms;

			for (int32_t j = st[v]; j < st[v + 1]; j++)
			{
				int32_t		u = li[j];
				int			o = r->strahler[u];

				/* with a mix, only the calculator-nonzero paths count */
				if (nzero > 0 && nzero < npred && calc[u] == 0)
					continue;
				if (o > maxo)
				{
					maxo = o;
					nmax = 1;
				}
				else if (o == maxo)
					nmax++;
			}
		}
		if (minor_target)
		{
			r->strahler[v] = maxo;
			calc[v] = 0;
		}
		else if (nmax > 1 && nzero == 0)
		{
			r->strahler[v] = maxo + 1;
			calc[v] = 1;
		}
		else
		{
			r->strahler[v] = maxo;
			calc[v] = nzero < npred ? 1 : 0;
		}
	}
	free(calc);
	calc = NULL;

	/* 6. level paths: the main child of every confluence */
	ALLOC(main_child, n);
	for (size_t v = 0; v < n; v++)
	{
		int32_t		best = -1;
		int			best_rank = 3;

		POLL(v);
		for (int32_t j = ch_start[v]; j < ch_start[v + 1]; j++)
		{
			int32_t		c = ch[j];
			int			rk = name_rank(in->name, (int32_t) v, c);

			/*
			 * same name first, then the bigger dendritic arbolate sum (water
			 * arriving through minor paths does not count, as in NHDPlus),
			 * then the bigger total arbolate sum, then the smaller id
			 */
			if (best < 0 || rk < best_rank ||
				(rk == best_rank &&
				 (len_sub[c] > len_sub[best] ||
				  (len_sub[c] == len_sub[best] &&
				   (r->arbolate_km[c] > r->arbolate_km[best] ||
					(r->arbolate_km[c] == r->arbolate_km[best] && in->id[c] < in->id[best]))))))
			{
				best = c;
				best_rank = rk;
			}
		}
		main_child[v] = best;
	}
	r->dendritic_km = len_sub;
	len_sub = NULL;
	ALLOC(r->level_path_id, n);
	ALLOC(r->terminal_id, n);
	ALLOC(r->path_km, n);
	for (size_t k = 0; k < n; k++)
	{
		int32_t		v = order[k];
		int32_t		d = dn[v];

		POLL(k);
		if (d < 0)
		{
			r->level_path_id[v] = in->id[v];
			r->terminal_id[v] = in->id[v];
			r->path_km[v] = 0.0;
		}
		else
		{
			r->level_path_id[v] = main_child[d] == v ? r->level_path_id[d] : in->id[v];
			r->terminal_id[v] = r->terminal_id[d];
			r->path_km[v] = r->path_km[d] + in->length_km[d];
		}
	}

	/* 7. navigation preorder: other children by id, the main child last */
	ALLOC(pos2, n);
	{
		int64_t		next = 0;

		for (size_t i = 0; i < n_roots; i++)
		{
			pos2[roots[i]] = next;
			next += size[roots[i]];
		}
		for (size_t k = 0; k < n; k++)
		{
			int32_t		v = order[k];
			int64_t		p = pos2[v] + 1;

			POLL(k);
			for (int32_t j = ch_start[v]; j < ch_start[v + 1]; j++)
				if (ch[j] != main_child[v])
				{
					pos2[ch[j]] = p;
					p += size[ch[j]];
				}
			if (main_child[v] >= 0)
				pos2[main_child[v]] = p;
		}
	}
	ALLOC(r->nav_lo, n);
	ALLOC(r->nav_hi, n);
	for (size_t i = 0; i < n; i++)
	{
		r->nav_lo[i] = pos2[i] + 1;
		r->nav_hi[i] = pos2[i] + size[i];
	}

	/* extras in navigation numbering, by reach id */
	{
		keyed	   *byid;
		size_t		m = 0,
					w = 0;

		for (size_t i = 0; i < n; i++)
			if (ext_len[i] > 0)
				m++;
		byid = malloc((m + 1) * sizeof(keyed));
		if (!byid)
			goto nomem;
		for (size_t i = 0; i < n; i++)
			if (ext_len[i] > 0)
			{
				byid[w].key = in->id[i];
				byid[w].idx = (int32_t) i;
				w++;
			}
		qsort(byid, m, sizeof(keyed), cmp_keyed);
		r->n_extra = ext_used;
		r->extra_id = malloc((ext_used + 1) * sizeof(int64_t));
		r->extra_lo = malloc((ext_used + 1) * sizeof(int64_t));
		r->extra_hi = malloc((ext_used + 1) * sizeof(int64_t));
		if (!r->extra_id || !r->extra_lo || !r->extra_hi)
		{
			free(byid);
			goto nomem;
		}
		w = 0;
		for (size_t j = 0; j < m; j++)
		{
			int32_t		v = byid[j].idx;
			int32_t		k = ext_len[v];

			/* tmp has room: ext_len[v] <= tmp_cap (it was gathered there) */
			for (int32_t e = 0; e < k; e++)
			{
				int32_t		x = ext_pool[ext_off[v] + e];

				tmp[e].key = r->nav_lo[x];
				tmp[e].idx = x;
			}
			qsort(tmp, k, sizeof(keyed), cmp_keyed);
			for (int32_t e = 0; e < k; e++)
			{
				r->extra_id[w] = in->id[v];
				r->extra_lo[w] = r->nav_lo[tmp[e].idx];
				r->extra_hi[w] = r->nav_hi[tmp[e].idx];
				w++;
			}
		}
		free(byid);
	}

	r->bytes += (ext_cap + tmp_cap) * sizeof(int32_t) + 3 * (ext_used + 1) * sizeof(int64_t);

	/* 8. Pfafstetter codes */
	ALLOC(weight, n);
	{
		bool		areas_known = true;

		for (size_t i = 0; i < n && areas_known; i++)
			if (isnan(r->up_area_km2[i]))
				areas_known = false;
		for (size_t i = 0; i < n; i++)
			weight[i] = areas_known ? r->up_area_km2[i] : r->arbolate_km[i];
	}
	r->pfaf = malloc(n * (size_t) r->pfaf_stride + 1);
	if (!r->pfaf)
		goto nomem;
	/* the codes twice (by position, then by reach) and the assignment's work arrays */
	r->bytes += 2 * n * (size_t) r->pfaf_stride + n * (sizeof(int32_t) + 1);
	{
		ec_pfaf_tree t;
		char	   *bypos = malloc(n * (size_t) r->pfaf_stride + 1);

		if (!bypos)
			goto nomem;
		t.n = n;
		t.id = in->id;
		t.main_child = main_child;
		t.child_start = ch_start;
		t.child = ch;
		t.pos = pos2;
		t.size = size;
		t.weight = weight;
		t.roots = roots;
		t.n_roots = n_roots;
		if (ec_pfaf_assign(&t, depth, bypos) != 0)
		{
			free(bypos);
			goto nomem;
		}
		for (size_t i = 0; i < n; i++)
			memcpy(r->pfaf + i * r->pfaf_stride, bypos + pos2[i] * r->pfaf_stride,
				   r->pfaf_stride);
		free(bypos);
	}
	r->status = EC_OK;
	goto done;

nomem:
	r->status = EC_ERR_NOMEM;
	goto done;
cancelled:
	r->status = EC_ERR_CANCELLED;
done:
	free(map.key);
	free(map.val);
	free(dn);
	free(msrc);
	free(mdst);
	free(mo_start);
	free(mo);
	free(order);
	free(cnt);
	free(ch_start);
	free(ch);
	free(ms_start);
	free(ms);
	free(main_child);
	free(calc);
	free(roots);
	free(size);
	free(pos1);
	free(pos2);
	free(leaf_sub);
	free(nullarea_sub);
	free(area_sub);
	free(len_sub);
	free(weight);
	free(ext_off);
	free(ext_len);
	free(ext_pool);
	free(tmp);
	return r;
#undef ALLOC
}

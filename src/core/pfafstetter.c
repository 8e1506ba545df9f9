/*
 * Pfafstetter codes: the Verdin & Verdin upstream rule and the assignment of
 * codes to a main-path tree.  See pfafstetter.h and docs/network.md.
 */
#include "pfafstetter.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool
check_digits(const char *s, size_t len, size_t *bad_pos)
{
	if (len == 0)
	{
		*bad_pos = 0;
		return false;
	}
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
		{
			*bad_pos = i;
			return false;
		}
	return true;
}

int
ec_pfaf_is_upstream(const char *a, size_t alen, const char *b, size_t blen,
					size_t *bad_pos, char *bad_which)
{
	size_t		m = alen < blen ? alen : blen;
	size_t		k;

	if (!check_digits(a, alen, bad_pos))
	{
		*bad_which = 'a';
		return -1;
	}
	if (!check_digits(b, blen, bad_pos))
	{
		*bad_which = 'b';
		return -1;
	}
	for (k = 0; k < m && a[k] == b[k]; k++)
		;
	if (k == m || a[k] < b[k])
		return 0;
	for (size_t j = k; j < m; j++)
		if (b[j] != '0' && ((b[j] - '0') % 2) == 0)
			return 0;
	return 1;
}

/* ---- assignment ---- */

typedef struct basin
{
	int32_t		bot;			/* most downstream main-stem reach */
	int32_t		top;			/* most upstream main-stem reach; -1: head of path */
	int64_t		end;			/* last position of the basin */
} basin;

typedef struct trib
{
	int32_t		node;
	int32_t		at;				/* index of the main-stem reach it joins */
	double		weight;
	int64_t		id;
} trib;

/* true when x should rank before y (bigger first, then smaller id) */
static bool
trib_better(const trib *x, const trib *y)
{
	if (x->weight != y->weight)
		return x->weight > y->weight;
	return x->id < y->id;
}

/* Writes digit d at level lev over positions [from, to], skipping the
 * subtrees of claimed reaches other than the one at 'from'. */
static void
write_range(const ec_pfaf_tree *t, const int32_t *node_at, const unsigned char *claimed,
			char *codes, int stride, int lev, int64_t from, int64_t to, char d)
{
	int64_t		p = from;

	while (p <= to)
	{
		int32_t		v = node_at[p];

		if (p != from && claimed[v])
		{
			p += t->size[v];
			continue;
		}
		codes[p * stride + lev] = d;
		p++;
	}
}

typedef struct vec
{
	void	   *p;
	size_t		len;
	size_t		cap;
	size_t		elem;
} vec;

static bool
vec_push(vec *v, const void *x)
{
	if (v->len == v->cap)
	{
		size_t		nc = v->cap ? v->cap * 2 : 64;
		void	   *np = realloc(v->p, nc * v->elem);

		if (!np)
			return false;
		v->p = np;
		v->cap = nc;
	}
	memcpy((char *) v->p + v->len * v->elem, x, v->elem);
	v->len++;
	return true;
}

int
ec_pfaf_assign(const ec_pfaf_tree *t, int depth, char *codes)
{
	int			stride = depth + 1;
	int32_t    *node_at = NULL;
	unsigned char *claimed = NULL;
	vec			cur = {NULL, 0, 0, sizeof(basin)};
	vec			next = {NULL, 0, 0, sizeof(basin)};
	vec			seg = {NULL, 0, 0, sizeof(int32_t)};
	int			rc = -1;

	memset(codes, 0, t->n * (size_t) stride);
	if (depth <= 0 || t->n == 0)
		return 0;
	node_at = malloc(t->n * sizeof(int32_t));
	claimed = calloc(t->n, 1);
	if (!node_at || !claimed)
		goto done;
	for (size_t v = 0; v < t->n; v++)
		node_at[t->pos[v]] = (int32_t) v;

	for (size_t r = 0; r < t->n_roots; r++)
	{
		int32_t		root = t->roots[r];
		basin		b = {root, -1, t->pos[root] + t->size[root] - 1};

		if (!vec_push(&cur, &b))
			goto done;
	}

	for (int lev = 0; lev < depth && cur.len > 0; lev++)
	{
		next.len = 0;
		for (size_t bi = 0; bi < cur.len; bi++)
		{
			basin		b = ((basin *) cur.p)[bi];
			trib		best[4];
			int			nbest = 0;
			int32_t		v = b.bot;
			int32_t    *s;
			size_t		ns;

			/* the main stem of the basin and its four biggest tributaries */
			seg.len = 0;
			for (;;)
			{
				if (!vec_push(&seg, &v))
					goto done;
				for (int32_t k = t->child_start[v]; k < t->child_start[v + 1]; k++)
				{
					int32_t		c = t->child[k];
					trib		x;
					int			j;

					if (c == t->main_child[v] || claimed[c])
						continue;
					x.node = c;
					x.at = (int32_t) (seg.len - 1);
					x.weight = t->weight[c];
					x.id = t->id[c];
					if (nbest == 4 && !trib_better(&x, &best[3]))
						continue;
					j = nbest < 4 ? nbest++ : 3;
					while (j > 0 && trib_better(&x, &best[j - 1]))
					{
						best[j] = best[j - 1];
						j--;
					}
					best[j] = x;
				}
				if (v == b.top || t->main_child[v] < 0)
					break;
				v = t->main_child[v];
			}
			if (nbest == 0)
			{
				/*
				 * A plain stretch of river cannot be subdivided: 0 on every
				 * further level (HydroBASINS' "not subdivided"), so that all
				 * codes have the same length and the upstream rule never
				 * compares codes of different levels.
				 */
				for (int l = lev; l < depth; l++)
					write_range(t, node_at, claimed, codes, stride, l, t->pos[b.bot], b.end, '0');
				continue;
			}

			/* upstream order: by confluence, bigger first at the same one */
			for (int i = 1; i < nbest; i++)
			{
				trib		x = best[i];
				int			j = i;

				while (j > 0 && (best[j - 1].at > x.at ||
								 (best[j - 1].at == x.at && trib_better(&x, &best[j - 1]))))
				{
					best[j] = best[j - 1];
					j--;
				}
				best[j] = x;
			}
			for (int i = 0; i < nbest; i++)
				claimed[best[i].node] = 1;

			s = (int32_t *) seg.p;
			ns = seg.len;
			/* interbasins 1, 3, 5, 7, 9 along the main stem */
			for (int i = 0; i <= nbest; i++)
			{
				int32_t		a = i == 0 ? 0 : best[i - 1].at + 1;
				int32_t		z = i == nbest ? (int32_t) ns - 1 : best[i].at;
				int64_t		from,
							to;

				if (a > z)
					continue;
				from = t->pos[s[a]];
				to = (size_t) z == ns - 1 ? b.end : t->pos[s[z + 1]] - 1;
				write_range(t, node_at, claimed, codes, stride, lev, from, to,
							(char) ('1' + 2 * i));
				if (lev + 1 < depth)
				{
					basin		sub = {s[a], s[z], to};

					if (!vec_push(&next, &sub))
						goto done;
				}
			}
			/* tributary basins 2, 4, 6, 8 */
			for (int i = 0; i < nbest; i++)
			{
				int32_t		c = best[i].node;
				int64_t		to = t->pos[c] + t->size[c] - 1;

				write_range(t, node_at, claimed, codes, stride, lev, t->pos[c], to,
							(char) ('2' + 2 * i));
				if (lev + 1 < depth)
				{
					basin		sub = {c, -1, to};

					if (!vec_push(&next, &sub))
						goto done;
				}
			}
		}
		{
			vec			tmp = cur;

			cur = next;
			next = tmp;
		}
	}
	rc = 0;
done:
	free(node_at);
	free(claimed);
	free(cur.p);
	free(next.p);
	free(seg.p);
	return rc;
}

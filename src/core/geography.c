/*
 * Crossing bookkeeping (see geography.h): interval sweeps along each reach,
 * units and zones, transitions inside reaches and across junctions.
 * Linear in the input apart from one sort of each reach's intervals.
 */
#include "geography.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct cxset
{
	int			n;
	int32_t		c[EC_CX_MAX_NEAR];	/* sorted ascending */
} cxset;

typedef struct unit
{
	cxset		set;
	double		from;
	double		to;
	cxset		origin;			/* the set of the unit before (a stretch's way in) */
	int			origin_known;
} unit;

typedef struct span
{
	int32_t		code;
	double		from;
	double		to;
} span;

typedef struct event
{
	double		pos;
	int32_t		code;
	int			add;			/* 1 = the code becomes near, 0 = it stops */
} event;

/* Growable output arrays. */
typedef struct out
{
	ec_cx_crossing *x;
	size_t		nx, capx;
	ec_cx_stretch *s;
	size_t		ns, caps;
	unit	   *tail;			/* pool of the last units handed downstream */
	size_t		nt, capt;
} out;

static int
grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t		c = *cap ? *cap : 64;
	void	   *q;

	if (need <= *cap)
		return 1;
	while (c < need)
	{
		if (c > SIZE_MAX / 2 / elem)
			return 0;
		c *= 2;
	}
	q = realloc(*p, c * elem);
	if (q == NULL)
		return 0;
	*p = q;
	*cap = c;
	return 1;
}

static int
set_eq(const cxset *a, const cxset *b)
{
	return a->n == b->n && memcmp(a->c, b->c, sizeof(int32_t) * (size_t) a->n) == 0;
}

static int
set_has(const cxset *a, int32_t code)
{
	for (int i = 0; i < a->n; i++)
		if (a->c[i] == code)
			return 1;
	return 0;
}

static int
set_add(cxset *a, int32_t code)
{
	int			i;

	if (set_has(a, code))
		return 1;
	if (a->n >= EC_CX_MAX_NEAR)
		return 0;
	for (i = a->n; i > 0 && a->c[i - 1] > code; i--)
		a->c[i] = a->c[i - 1];
	a->c[i] = code;
	a->n++;
	return 1;
}

static void
set_del(cxset *a, int32_t code)
{
	int			j = 0;

	for (int i = 0; i < a->n; i++)
		if (a->c[i] != code)
			a->c[j++] = a->c[i];
	a->n = j;
}

/*
 * Orders two rows by their keys, first key first: -1, 0 or 1.  Keys are
 * doubles (int32 codes and indexes convert exactly).
 */
static int
order_keys(const double *ka, const double *kb, int n)
{
	for (int k = 0; k < n; k++)
		if (ka[k] != kb[k])
			return ka[k] < kb[k] ? -1 : 1;
	return 0;
}

static int
cmp_span(const void *pa, const void *pb)
{
	const span *a = pa, *b = pb;

	return order_keys((double[]) {a->code, a->from, a->to}, (double[]) {b->code, b->from, b->to}, 3);
}

/* removals (add = 0) first, so a code's end and another's start never overflow */
static int
cmp_event(const void *pa, const void *pb)
{
	const event *a = pa, *b = pb;

	return order_keys((double[]) {a->pos, a->add, a->code}, (double[]) {b->pos, b->add, b->code}, 3);
}

static int
cmp_crossing(const void *pa, const void *pb)
{
	const ec_cx_crossing *a = pa, *b = pb;

	return order_keys((double[]) {a->reach, a->position, a->from_code, a->to_code},
					  (double[]) {b->reach, b->position, b->from_code, b->to_code}, 4);
}

static int
cmp_stretch(const void *pa, const void *pb)
{
	const ec_cx_stretch *a = pa, *b = pb;

	return order_keys((double[]) {a->reach, a->from, a->code_a, a->code_b},
					  (double[]) {b->reach, b->from, b->code_a, b->code_b}, 4);
}

/* Sorts spans by code and position and merges overlapping or touching ones in place. */
static size_t
merge_spans(span *sp, size_t n)
{
	size_t		m = 0;

	if (n == 0)
		return 0;
	qsort(sp, n, sizeof(span), cmp_span);
	for (size_t i = 1; i < n; i++)
	{
		if (sp[i].code == sp[m].code && sp[i].from <= sp[m].to)
		{
			if (sp[i].to > sp[m].to)
				sp[m].to = sp[i].to;
		}
		else
			sp[++m] = sp[i];
	}
	return m + 1;
}

/*
 * Where b's water first shows inside b in [lo, hi] along the reach: the
 * first point of b's inside spans there, else fallback.
 */
static double
entry_position(const span *in, size_t n_in, int32_t b, double lo, double hi, double fallback)
{
	for (size_t i = 0; i < n_in; i++)
	{
		double		x;

		if (in[i].code != b || in[i].to < lo)
			continue;
		x = in[i].from > lo ? in[i].from : lo;
		if (x <= hi)
			return x;
		break;					/* spans of one code are sorted: later ones start later */
	}
	return fallback;
}

static int
emit_crossing(out *o, int32_t reach, int32_t a, int32_t b, double pos)
{
	if (!grow((void **) &o->x, &o->capx, o->nx + 1, sizeof(ec_cx_crossing)))
		return 0;
	o->x[o->nx].reach = reach;
	o->x[o->nx].from_code = a;
	o->x[o->nx].to_code = b;
	o->x[o->nx].position = pos;
	o->nx++;
	return 1;
}

/*
 * Transition u1 -> u2: every a leaving passes its water to every member of
 * u2 -- except a bank of a stretch the river did not come from: a river that
 * runs along a border and returns to the side it came from has not received
 * the other side's water.
 */
static int
transition(out *o, int32_t reach, const unit *u1, const unit *u2,
		   const span *in, size_t n_in, double lo, double hi, double fallback)
{
	for (int i = 0; i < u1->set.n; i++)
	{
		int32_t		a = u1->set.c[i];

		if (set_has(&u2->set, a))
			continue;
		if (u1->set.n > 1 && u1->origin_known && !set_has(&u1->origin, a))
			continue;
		for (int j = 0; j < u2->set.n; j++)
		{
			int32_t		b = u2->set.c[j];

			if (!emit_crossing(o, reach, a, b, entry_position(in, n_in, b, lo, hi, fallback)))
				return 0;
		}
	}
	return 1;
}

void
ec_cx_free(ec_cx_result *r)
{
	if (r == NULL)
		return;
	free(r->crossings);
	free(r->stretches);
	free(r);
}

static ec_status
validate(const ec_cx_input *in, size_t *err)
{
	if (in->n_reaches > EC_CX_MAX_REACHES || in->n_intervals > EC_CX_MAX_INTERVALS)
		return EC_ERR_CX_TOO_BIG;
	if (!(in->tolerance_m >= 0) || !isfinite(in->tolerance_m))
		return EC_ERR_CX_BAD_TOLERANCE;
	for (size_t i = 0; i < in->n_reaches; i++)
	{
		*err = i;
		if (!(in->length_m[i] >= 0) || !isfinite(in->length_m[i]))
			return EC_ERR_CX_BAD_LENGTH;
		if (in->down[i] < -1 || in->down[i] >= (int64_t) in->n_reaches || in->down[i] == (int32_t) i)
			return EC_ERR_CX_BAD_DOWN;
	}
	for (size_t k = 0; k < in->n_intervals; k++)
	{
		const ec_cx_interval *v = &in->iv[k];

		*err = k;
		if (v->reach < 0 || (size_t) v->reach >= in->n_reaches)
			return EC_ERR_CX_BAD_REACH;
		if (v->code < 0)
			return EC_ERR_CX_BAD_CODE;
		if (v->kind != EC_CX_IN && v->kind != EC_CX_NEAR)
			return EC_ERR_CX_BAD_KIND;
		if (!(v->from >= 0 && v->from <= v->to && v->to <= 1))
			return EC_ERR_CX_BAD_POSITION;
	}
	*err = 0;
	return EC_OK;
}

ec_cx_result *
ec_crossings(const ec_cx_input *in)
{
	ec_cx_result *r = calloc(1, sizeof(ec_cx_result));
	size_t		n = in->n_reaches;
	size_t	   *iv_off = NULL,
			   *iv_idx = NULL,
			   *up_off = NULL,
			   *up_idx = NULL,
			   *order = NULL,
			   *tail_off = NULL,
			   *tail_n = NULL,
			   *fill = NULL;
	int32_t    *indeg = NULL;
	size_t		max_iv = 0;
	span	   *near = NULL,
			   *ins = NULL;
	event	   *ev = NULL;
	unit	   *units = NULL;
	out			o = {0};
	size_t		head = 0,
				qn = 0;

	if (r == NULL)
		return NULL;
	r->status = validate(in, &r->err_index);
	if (r->status != EC_OK)
		return r;
	r->status = EC_ERR_NOMEM;

	/* Intervals grouped by reach (counting sort), and upstream lists. */
	iv_off = calloc(n + 1, sizeof(size_t));
	iv_idx = malloc((in->n_intervals + 1) * sizeof(size_t));
	up_off = calloc(n + 1, sizeof(size_t));
	up_idx = malloc((n + 1) * sizeof(size_t));
	fill = calloc(n + 1, sizeof(size_t));
	order = malloc((n + 1) * sizeof(size_t));
	indeg = calloc(n + 1, sizeof(int32_t));
	tail_off = calloc(n + 1, sizeof(size_t));
	tail_n = calloc(n + 1, sizeof(size_t));
	if (!iv_off || !iv_idx || !up_off || !up_idx || !fill || !order || !indeg ||
		!tail_off || !tail_n)
		goto done;
	for (size_t k = 0; k < in->n_intervals; k++)
		iv_off[in->iv[k].reach + 1]++;
	for (size_t i = 0; i < n; i++)
	{
		if (iv_off[i + 1] > max_iv)
			max_iv = iv_off[i + 1];
		iv_off[i + 1] += iv_off[i];
	}
	for (size_t k = 0; k < in->n_intervals; k++)
	{
		size_t		rr = (size_t) in->iv[k].reach;

		iv_idx[iv_off[rr] + fill[rr]++] = k;
	}
	memset(fill, 0, (n + 1) * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		if (in->down[i] >= 0)
		{
			up_off[in->down[i] + 1]++;
			indeg[in->down[i]]++;
		}
	for (size_t i = 0; i < n; i++)
		up_off[i + 1] += up_off[i];
	for (size_t i = 0; i < n; i++)
		if (in->down[i] >= 0)
		{
			size_t		d = (size_t) in->down[i];

			up_idx[up_off[d] + fill[d]++] = i;
		}

	/* Upstream first (Kahn); a reach left over is on or below a cycle. */
	for (size_t i = 0; i < n; i++)
		if (indeg[i] == 0)
			order[qn++] = i;
	while (head < qn)
	{
		size_t		i = order[head++];

		if (in->down[i] >= 0 && --indeg[in->down[i]] == 0)
			order[qn++] = (size_t) in->down[i];
	}
	if (qn < n)
	{
		size_t		i = 0;

		while (indeg[i] == 0)
			i++;
		/* walking down n steps from a reach below a cycle lands on the cycle */
		for (size_t s = 0; s < n; s++)
			i = (size_t) in->down[i];
		r->status = EC_ERR_CX_CYCLE;
		r->err_index = i;
		goto done;
	}

	near = malloc((max_iv + 1) * sizeof(span));
	ins = malloc((max_iv + 1) * sizeof(span));
	ev = malloc((2 * max_iv + 1) * sizeof(event));
	units = malloc((2 * max_iv + 2) * sizeof(unit));
	if (!near || !ins || !ev || !units)
		goto done;

	for (size_t q = 0; q < n; q++)
	{
		size_t		rr = order[q];
		int32_t		reach = (int32_t) rr;
		size_t		nn = 0,
					ni = 0,
					ne = 0,
					nu = 0;
		double		len = in->length_m[rr];
		cxset		active = {0};

		for (size_t k = iv_off[rr]; k < iv_off[rr + 1]; k++)
		{
			const ec_cx_interval *v = &in->iv[iv_idx[k]];
			span		s = {v->code, v->from, v->to};

			if (v->kind == EC_CX_NEAR)
				near[nn++] = s;
			else
				ins[ni++] = s;
		}
		nn = merge_spans(near, nn);
		ni = merge_spans(ins, ni);

		/* Sweep the near spans: runs of equal, non-empty near sets. */
		for (size_t k = 0; k < nn; k++)
		{
			ev[ne++] = (event) {near[k].from, near[k].code, 1};
			ev[ne++] = (event) {near[k].to, near[k].code, 0};
		}
		qsort(ev, ne, sizeof(event), cmp_event);
		for (size_t k = 0; k < ne;)
		{
			double		pos = ev[k].pos;
			double		next;

			for (; k < ne && ev[k].pos == pos; k++)
			{
				if (ev[k].add)
				{
					if (!set_add(&active, ev[k].code))
					{
						r->status = EC_ERR_CX_TOO_MANY_NEAR;
						r->err_index = rr;
						goto done;
					}
				}
				else
					set_del(&active, ev[k].code);
			}
			if (k >= ne || active.n == 0)
				continue;
			next = ev[k].pos;
			if (next <= pos)
				continue;
			/* equal sets merge, across empty (transparent) stretches too */
			if (nu > 0 && set_eq(&units[nu - 1].set, &active))
				units[nu - 1].to = next;
			else
				units[nu++] = (unit) {active, pos, next, {0}, 0};
		}

		/*
		 * A short excursion into one side between two runs along the same
		 * border joins them.
		 */
		{
			size_t		m = 0;

			for (size_t k = 0; k < nu; k++)
			{
				unit		u = units[k];

				if (u.set.n == 1 && k + 1 < nu && m > 0 &&
					(u.to - u.from) * len < EC_CX_EXCURSION_MAX * in->tolerance_m &&
					units[m - 1].set.n > 1 && set_eq(&units[m - 1].set, &units[k + 1].set) &&
					set_has(&units[m - 1].set, u.set.c[0]))
					u.set = units[m - 1].set;
				if (m > 0 && set_eq(&units[m - 1].set, &u.set))
					units[m - 1].to = u.to;
				else
					units[m++] = u;
			}
			nu = m;
		}

		/*
		 * Keep the units: single jurisdictions and border runs long enough to
		 * be stretches.  Short border runs are zones; equal units on both
		 * sides of a zone merge (an excursion within the tolerance).
		 */
		{
			size_t		m = 0;

			for (size_t k = 0; k < nu; k++)
			{
				unit		u = units[k];

				if (u.set.n > 1 && (u.to - u.from) * len < EC_CX_STRETCH_MIN * in->tolerance_m)
					continue;
				if (m > 0 && set_eq(&units[m - 1].set, &u.set))
					units[m - 1].to = u.to;
				else
					units[m++] = u;
			}
			nu = m;
		}

		/*
		 * Where each unit was entered from: the unit before it, or for the
		 * first, every set handed down by the upstream reaches (unknown at a
		 * source, or when they are too many to hold).
		 */
		if (nu > 0)
		{
			int			known = up_off[rr + 1] > up_off[rr];

			units[0].origin.n = 0;
			for (size_t k = up_off[rr]; k < up_off[rr + 1] && known; k++)
			{
				size_t		u = up_idx[k];

				for (size_t t = 0; t < tail_n[u] && known; t++)
					for (int c = 0; c < o.tail[tail_off[u] + t].set.n && known; c++)
						known = set_add(&units[0].origin, o.tail[tail_off[u] + t].set.c[c]);
			}
			units[0].origin_known = known && units[0].origin.n > 0;
			for (size_t k = 1; k < nu; k++)
			{
				units[k].origin = units[k - 1].set;
				units[k].origin_known = 1;
			}
		}

		/* Stretches and the transitions inside the reach. */
		for (size_t k = 0; k < nu; k++)
		{
			const unit *u = &units[k];

			for (int a = 0; a < u->set.n; a++)
				for (int b = a + 1; b < u->set.n; b++)
				{
					if (!grow((void **) &o.s, &o.caps, o.ns + 1, sizeof(ec_cx_stretch)))
						goto done;
					o.s[o.ns++] = (ec_cx_stretch) {reach, u->set.c[a], u->set.c[b], u->from, u->to};
				}
			if (k > 0 &&
				!transition(&o, reach, &units[k - 1], u, ins, ni,
							units[k - 1].to, u->to, u->from))
				goto done;
		}

		/* Junctions: what each upstream reach hands down meets the first unit. */
		if (nu > 0)
		{
			for (size_t k = up_off[rr]; k < up_off[rr + 1]; k++)
			{
				size_t		u = up_idx[k];

				for (size_t t = 0; t < tail_n[u]; t++)
					if (!transition(&o, reach, &o.tail[tail_off[u] + t], &units[0], ins, ni,
									0, units[0].to, units[0].from))
						goto done;
			}
			if (!grow((void **) &o.tail, &o.capt, o.nt + 1, sizeof(unit)))
				goto done;
			tail_off[rr] = o.nt;
			tail_n[rr] = 1;
			o.tail[o.nt++] = units[nu - 1];
		}
		else
		{
			/* No unit of its own (a short reach in a border zone): pass the upstream tails on. */
			tail_off[rr] = o.nt;
			for (size_t k = up_off[rr]; k < up_off[rr + 1]; k++)
			{
				size_t		u = up_idx[k];

				for (size_t t = 0; t < tail_n[u]; t++)
				{
					unit		s = o.tail[tail_off[u] + t];
					int			dup = 0;

					for (size_t e = tail_off[rr]; e < o.nt; e++)
						dup |= set_eq(&o.tail[e].set, &s.set) && set_eq(&o.tail[e].origin, &s.origin) &&
							o.tail[e].origin_known == s.origin_known;
					if (dup)
						continue;
					if (!grow((void **) &o.tail, &o.capt, o.nt + 1, sizeof(unit)))
						goto done;
					o.tail[o.nt++] = s;
				}
			}
			tail_n[rr] = o.nt - tail_off[rr];
		}
	}

	/* Sort and drop duplicates (several upstream reaches handing down the same). */
	if (o.nx > 0)
	{
		size_t		m = 0;

		qsort(o.x, o.nx, sizeof(ec_cx_crossing), cmp_crossing);
		for (size_t k = 1; k < o.nx; k++)
			if (cmp_crossing(&o.x[k], &o.x[m]) != 0)
				o.x[++m] = o.x[k];
		o.nx = m + 1;
	}
	if (o.ns > 0)
		qsort(o.s, o.ns, sizeof(ec_cx_stretch), cmp_stretch);
	r->crossings = o.x;
	r->n_crossings = o.nx;
	r->stretches = o.s;
	r->n_stretches = o.ns;
	o.x = NULL;
	o.s = NULL;
	r->status = EC_OK;

done:
	free(iv_off);
	free(iv_idx);
	free(up_off);
	free(up_idx);
	free(fill);
	free(order);
	free(indeg);
	free(tail_off);
	free(tail_n);
	free(near);
	free(ins);
	free(ev);
	free(units);
	free(o.x);
	free(o.s);
	free(o.tail);
	return r;
}

/*
 * The sample container of the aggregates that keep their samples: growable
 * float8[] states (layout in sample_state.h).
 */
#include "sample_state.h"

#include <limits.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "core/loads.h"

double *
sample_state_data(ArrayType *a, int *n, const char *caller)
{
	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != FLOAT8OID)
		sample_state_bad(caller, "The state has %d dimensions%s; a state is a one-dimensional float8 array without NULLs.",
						 ARR_NDIM(a), ARR_HASNULL(a) ? " and NULL elements" : "");
	*n = ARR_DIMS(a)[0];
	return (double *) ARR_DATA_PTR(a);
}

static ArrayType *
new_float8_array(int64 n)
{
	Size		bytes;
	ArrayType  *a;

	if (n < 0 || n > (int64) ((MaxAllocSize - ARR_OVERHEAD_NONULLS(1)) / sizeof(double)))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aggregate state too large"),
				 errdetail("The state would hold " INT64_FORMAT " values; the limit is about %zu.",
						   n, (Size) (MaxAllocSize / sizeof(double)))));
	bytes = ARR_OVERHEAD_NONULLS(1) + (Size) n * sizeof(double);
	a = (ArrayType *) palloc0(bytes);
	SET_VARSIZE(a, bytes);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	ARR_DIMS(a)[0] = (int) n;
	ARR_LBOUND(a)[0] = 1;
	return a;
}

bool
sample_state_open(ArrayType *a, double magic, int hdr, int width, sample_state *s,
				  const char *caller)
{
	s->a = a;
	s->d = sample_state_data(a, &s->len, caller);
	s->hdr = hdr;
	s->width = width;
	if (s->len == 0)
		return false;
	if (s->len < hdr)
		sample_state_bad(caller, "The state holds %d values; this aggregate's header alone is %d.",
						 s->len, hdr);
	if (s->d[0] != magic)
		sample_state_bad(caller, "The state starts with %g, not this aggregate's mark %g.",
						 s->d[0], magic);
	if (!(s->d[1] >= 0) || s->d[1] > (double) (s->len - hdr) / width || s->d[1] != floor(s->d[1]))
		sample_state_bad(caller, "The state counts %g records; it has room for %d.",
						 s->d[1], (s->len - hdr) / width);
	s->n = (int) s->d[1];
	s->cap = (s->len - hdr) / width;
	return true;
}

void
sample_state_new(double magic, int hdr, int width, int cap, sample_state *s)
{
	s->a = new_float8_array((int64) hdr + (int64) cap * width);
	s->d = (double *) ARR_DATA_PTR(s->a);
	s->len = hdr + cap * width;
	s->hdr = hdr;
	s->width = width;
	s->n = 0;
	s->cap = cap;
	s->d[0] = magic;
	s->d[1] = 0;
}

static void
move_to(sample_state *s, int64 cap)
{
	sample_state bigger;

	if (cap > (int64) (INT_MAX - s->hdr) / s->width)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aggregate state too large"),
				 errdetail("A group would hold " INT64_FORMAT " records.", cap)));
	sample_state_new(s->d[0], s->hdr, s->width, (int) cap, &bigger);
	memcpy(bigger.d, s->d, ((Size) s->hdr + (Size) s->n * s->width) * sizeof(double));
	bigger.n = s->n;
	*s = bigger;
}

void
sample_state_reserve(sample_state *s, int more)
{
	int64		want = (int64) s->n + more;
	int64		cap;

	if (want <= s->cap)
		return;
	cap = Max(want, (int64) s->cap + s->cap / 2 + 16);
	if (cap > (int64) (MaxAllocSize / sizeof(double) - 64) / s->width)
		cap = want;
	move_to(s, cap);
}

void
sample_state_copy(sample_state *s, int more)
{
	move_to(s, (int64) s->n + more);
}

ArrayType *
sample_state_append(FunctionCallInfo fcinfo, sample_state *a, sample_state *b)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		sample_state_copy(a, b->n);
	sample_state_reserve(a, b->n);
	memcpy(sample_state_at(a, a->n), sample_state_at(b, 0),
		   (Size) b->n * b->width * sizeof(double));
	a->n += b->n;
	a->d[1] = a->n;
	return a->a;
}

static void
sort_tick(void)
{
	CHECK_FOR_INTERRUPTS();
}

void
sample_state_sort(double *rec, int n, int width)
{
	double	   *tmp;

	if (n < 2)
		return;
	tmp = palloc((Size) n * width * sizeof(double));
	ec_sort_records(rec, n, width, tmp, sort_tick);
	pfree(tmp);
}

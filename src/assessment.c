/*
 * SQL glue of the assessment (src/core/loads.c, ec_assess): the internal
 * aggregate _assess_collect, which keeps every observation of a section in
 * a sample_state (src/sample_state.h), and the set function _assess_rows,
 * which cuts such a state into parameters and unit periods.  assessment()
 * (sql/install/40_assessment.sql) is built from the two.
 */
#include "ecocomp.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "core/loads.h"
#include "glue.h"
#include "sample_state.h"

PG_FUNCTION_INFO_V1(ecocomp_assess_accum);
PG_FUNCTION_INFO_V1(ecocomp_assess_merge);
PG_FUNCTION_INFO_V1(ecocomp_assess_serialize);
PG_FUNCTION_INFO_V1(ecocomp_assess_deserialize);
PG_FUNCTION_INFO_V1(ecocomp_assess_final);
PG_FUNCTION_INFO_V1(ecocomp_assess_collect);
PG_FUNCTION_INFO_V1(ecocomp_assess_combine);
PG_FUNCTION_INFO_V1(ecocomp_assess_rows);

/*
 * _assess_collect(observed_at, parameter, value, censored, codes text[])
 * gathers every observation of a group (a section) as (key, value) with the
 * key of loads.h: time in ms, the parameter's position in `codes` and the
 * censored flag.  State: [0] ASSESS_MAGIC, [1] records, then the records.
 */
#define ASSESS_MAGIC 2001.0
#define ASSESS_HDR 2
#define ASSESS_W 2
#define CODE_HASH 256

typedef struct code_dict
{
	int			n;
	char	  **code;
	int		   *len;
	int			head[CODE_HASH];
	int		   *next;
	Size		src_size;
	char	   *src_copy;		/* the codes array it was built from */
	const void *src_ptr;		/* and where it was last seen */
} code_dict;

static inline int
code_hash(const char *s, int len)
{
	return len == 0 ? 0 : (len * 31 + (unsigned char) s[0] * 7 +
						   (unsigned char) s[len - 1]) & (CODE_HASH - 1);
}

static code_dict *
dict_build(ArrayType *codes, MemoryContext cxt)
{
	Datum	   *elems;
	int			n;
	code_dict  *d;
	MemoryContext old = MemoryContextSwitchTo(cxt);
	Size		size = VARSIZE(codes);
	char	   *copy = palloc(size);

	/*
	 * The codes point into a copy that lives as long as the dictionary: the
	 * argument itself may be a row's memory, reused for the next row (as
	 * under ORDER BY in the aggregate call).
	 */
	memcpy(copy, codes, size);
	elems = ec_text_elems((ArrayType *) copy, &n, "parameter codes");
	if (n > EC_KEY_PARAMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many parameters for the assessment"),
				 errdetail("The parameter catalogue has %d codes; the assessment handles at most %d.",
						   n, EC_KEY_PARAMS)));
	d = palloc0(sizeof(code_dict));
	d->n = n;
	d->code = palloc(sizeof(char *) * Max(n, 1));
	d->len = palloc(sizeof(int) * Max(n, 1));
	d->next = palloc(sizeof(int) * Max(n, 1));
	for (int i = 0; i < CODE_HASH; i++)
		d->head[i] = -1;
	for (int i = 0; i < n; i++)
	{
		text	   *t;
		int			h;

		t = DatumGetTextPP(elems[i]);
		d->code[i] = VARDATA_ANY(t);
		d->len[i] = VARSIZE_ANY_EXHDR(t);
		h = code_hash(d->code[i], d->len[i]);
		d->next[i] = d->head[h];
		d->head[h] = i;
	}
	d->src_size = size;
	d->src_copy = copy;
	MemoryContextSwitchTo(old);
	return d;
}

static code_dict *
dict_get(FunctionCallInfo fcinfo, ArrayType *codes)
{
	code_dict  *d = (code_dict *) fcinfo->flinfo->fn_extra;

	/* the list is the same constant on every row: compare only when it moved */
	if (d != NULL && d->src_ptr == (const void *) codes)
		return d;
	if (d == NULL || d->src_size != VARSIZE(codes) ||
		memcmp(d->src_copy, codes, d->src_size) != 0)
	{
		d = dict_build(codes, fcinfo->flinfo->fn_mcxt);
		fcinfo->flinfo->fn_extra = d;
	}
	d->src_ptr = codes;
	return d;
}

static int
dict_find(const code_dict *d, const char *s, int len)
{
	for (int i = d->head[code_hash(s, len)]; i >= 0; i = d->next[i])
		if (d->len[i] == len && memcmp(d->code[i], s, len) == 0)
			return i;
	return -1;
}

static void
check_complete(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4) ||
		PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("observation with a NULL time, parameter, value or censored flag"),
				 errdetail("Every observation the assessment reads must be complete.")));
}

/*
 * Validated (key, value) record of one observation, or an error.  Shared by
 * the transition function and its 0.1.0 array form below.
 */
static void
assess_record(FunctionCallInfo fcinfo, double *rec)
{
	code_dict  *dict;
	text	   *par;
	int			pi;
	TimestampTz t;
	double		value;
	double		key;
	int64		ms;

	check_complete(fcinfo);
	dict = dict_get(fcinfo, PG_GETARG_ARRAYTYPE_P(5));
	par = PG_GETARG_TEXT_PP(2);
	pi = dict_find(dict, VARDATA_ANY(par), VARSIZE_ANY_EXHDR(par));
	if (pi < 0)
		ec_unknown_param(par);
	t = PG_GETARG_TIMESTAMPTZ(1);
	value = PG_GETARG_FLOAT8(3);
	if (!isfinite(value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value of %s is not finite", text_to_cstring(par)),
				 errdetail("The value is %g; observations must be finite numbers.", value)));
	ms = TIMESTAMP_NOT_FINITE(t) ? PG_INT64_MAX : (t >= 0 ? t / 1000 : -((-t + 999) / 1000));
	if (!ec_key_make(ms, pi, PG_GETARG_BOOL(4), &key))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("observation time out of range for the assessment"),
				 errdetail("The observation at %s is more than about 139 years away from 2000-01-01.",
						   timestamptz_to_str(t))));
	rec[0] = key;
	rec[1] = value;
}

static void
not_in_aggregate(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("_assess_collect_accum can only run as the transition function of _assess_collect"),
			 errdetail("It was called directly, outside an aggregate.")));
}

/*
 * The running state of _assess_collect (stype internal): chunks of
 * (key, value) records.  The transition function appends to an open chunk
 * in arrival order.  A partial state leaves its process (parallel query)
 * serialized as one parameter-major chunk: by parameter, then key and value,
 * with its count per parameter.  The combine function only links such
 * chunks, and the final function merges the few sorted runs of each
 * parameter into the float8[] that _assess_rows reads: the leader neither
 * copies the samples again nor re-sorts them.
 */
typedef struct assess_chunk
{
	double	   *rec;
	int			n;
	int			cap;
	int		   *count;			/* per parameter when parameter-major, else NULL */
} assess_chunk;

typedef struct assess_state
{
	int			ncodes;
	int			nchunks;
	int			maxchunks;
	int64		total;
	assess_chunk *chunk;
} assess_state;

/* records a state may hold: its float8[] must stay below MaxAllocSize */
#define ASSESS_MAX_RECORDS ((int64) ((MaxAllocSize - ARR_OVERHEAD_NONULLS(1)) / sizeof(double) - ASSESS_HDR) / ASSESS_W)
#define ASSESS_SER_MAGIC 2002

static void
check_total(int64 total)
{
	if (total > ASSESS_MAX_RECORDS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aggregate state too large"),
				 errdetail("A group would hold " INT64_FORMAT " observations; the assessment holds at most " INT64_FORMAT " per section.",
						   total, ASSESS_MAX_RECORDS)));
}

static assess_state *
state_new(int ncodes, MemoryContext cxt)
{
	assess_state *st = MemoryContextAllocZero(cxt, sizeof(assess_state));

	st->ncodes = ncodes;
	st->maxchunks = 4;
	st->chunk = MemoryContextAllocZero(cxt, sizeof(assess_chunk) * st->maxchunks);
	return st;
}

static assess_chunk *
state_add_chunk(assess_state *st, MemoryContext cxt)
{
	if (st->nchunks == st->maxchunks)
	{
		MemoryContext old = MemoryContextSwitchTo(cxt);

		st->maxchunks *= 2;
		st->chunk = repalloc(st->chunk, sizeof(assess_chunk) * st->maxchunks);
		MemoryContextSwitchTo(old);
	}
	memset(&st->chunk[st->nchunks], 0, sizeof(assess_chunk));
	return &st->chunk[st->nchunks++];
}

static inline int
record_param(double key)
{
	int64		ms;
	int			par;
	bool		cens;

	ec_key_split(key, &ms, &par, &cens);
	return par;
}

/*
 * The n records at rec in parameter-major order into dst, and the count of
 * each parameter into count.  Rows read in time order leave each
 * parameter's records sorted already: the sort is then one linear check.
 */
static void
scatter_sorted(const double *rec, int n, int ncodes, int *count, double *dst)
{
	int		   *at = palloc0(sizeof(int) * (ncodes + 1));

	memset(count, 0, sizeof(int) * Max(ncodes, 1));
	for (int i = 0; i < n; i++)
	{
		int			par = record_param(rec[(Size) i * ASSESS_W]);

		if (par < 0 || par >= ncodes)
			sample_state_bad("_assess_collect", "Record %d names parameter %d of %d.",
							 i + 1, par + 1, ncodes);
		count[par]++;
	}
	for (int p = 1; p < ncodes; p++)
		at[p] = at[p - 1] + count[p - 1];
	for (int i = 0; i < n; i++)
	{
		const double *r = rec + (Size) i * ASSESS_W;
		double	   *to = dst + (Size) at[record_param(r[0])]++ * ASSESS_W;

		to[0] = r[0];
		to[1] = r[1];
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int p = 0, off = 0; p < ncodes; off += count[p++])
		sample_state_sort(dst + (Size) off * ASSESS_W, count[p], ASSESS_W);
	pfree(at);
}

#define MERGE_RUNS 16			/* more sorted runs than this: concatenate and sort */

/*
 * Every record of the state into dst in parameter-major order (each
 * parameter's records sorted by key and value), counts per parameter into
 * count.  The state itself is not changed (the final function is
 * read-only).  Equal records are equal, so the result is the same whatever
 * the order of the chunks.
 */
static void
state_flatten(const assess_state *st, double *dst, int *count)
{
	int			k = st->nchunks;
	const double **rec = palloc(sizeof(double *) * Max(k, 1));
	const int **cnt = palloc(sizeof(int *) * Max(k, 1));
	int		   *off = palloc0(sizeof(int) * Max(k, 1));
	int		   *head = palloc(sizeof(int) * Max(k, 1));
	double	   *o = dst;

	memset(count, 0, sizeof(int) * Max(st->ncodes, 1));
	for (int c = 0; c < k; c++)
	{
		const assess_chunk *ch = &st->chunk[c];

		if (ch->count == NULL)
		{
			/* an open chunk: sorted into a copy (or straight into dst if alone) */
			int		   *ccount = palloc(sizeof(int) * Max(st->ncodes, 1));
			double	   *sorted = k == 1 ? dst : palloc(sizeof(double) * Max((Size) ch->n * ASSESS_W, 1));

			scatter_sorted(ch->rec, ch->n, st->ncodes, ccount, sorted);
			if (k == 1)
			{
				memcpy(count, ccount, sizeof(int) * st->ncodes);
				pfree(ccount);
				goto done;
			}
			rec[c] = sorted;
			cnt[c] = ccount;
		}
		else
		{
			rec[c] = ch->rec;
			cnt[c] = ch->count;
		}
	}

	for (int p = 0; p < st->ncodes; p++)
	{
		int			runs = 0;
		int			m = 0;

		for (int c = 0; c < k; c++)
		{
			head[c] = off[c];
			off[c] += cnt[c][p];
			if (cnt[c][p] > 0)
				runs++;
			m += cnt[c][p];
		}
		count[p] = m;
		if (runs <= 1 || runs > MERGE_RUNS)
		{
			double	   *seg = o;

			for (int c = 0; c < k; c++)
			{
				memcpy(o, rec[c] + (Size) head[c] * ASSESS_W,
					   sizeof(double) * (Size) cnt[c][p] * ASSESS_W);
				o += (Size) cnt[c][p] * ASSESS_W;
			}
			if (runs > 1)
				sample_state_sort(seg, m, ASSESS_W);
			continue;
		}
		for (int i = 0; i < m; i++)
		{
			int			best = -1;
			const double *b = NULL;

			for (int c = 0; c < k; c++)
				if (head[c] < off[c])
				{
					const double *r = rec[c] + (Size) head[c] * ASSESS_W;

					if (best < 0 || ec_record_cmp(r, b, ASSESS_W) < 0)
					{
						best = c;
						b = r;
					}
				}
			head[best]++;
			o[0] = b[0];
			o[1] = b[1];
			o += ASSESS_W;
			if ((i & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
done:
	pfree(rec);
	pfree(cnt);
	pfree(off);
	pfree(head);
}

/* _assess_collect_accum(internal, observed_at, parameter, value, censored, codes) */
Datum
ecocomp_assess_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	assess_state *st;
	assess_chunk *ch;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		not_in_aggregate();
	if (PG_ARGISNULL(0))
	{
		code_dict  *dict;

		check_complete(fcinfo);
		dict = dict_get(fcinfo, PG_GETARG_ARRAYTYPE_P(5));
		st = state_new(dict->n, aggcxt);
	}
	else
		st = (assess_state *) PG_GETARG_POINTER(0);
	ch = st->nchunks > 0 && st->chunk[st->nchunks - 1].count == NULL
		? &st->chunk[st->nchunks - 1] : NULL;
	if (ch == NULL)
		ch = state_add_chunk(st, aggcxt);
	check_total(st->total + 1);
	if (ch->n == ch->cap)
	{
		/* 1 kB to start: a hash table of many new groups stays within work_mem */
		int64		cap = Min(ch->cap > 0 ? (int64) ch->cap * 2 : 64, ASSESS_MAX_RECORDS);
		Size		bytes = sizeof(double) * (Size) cap * ASSESS_W;

		ch->rec = ch->rec == NULL ? MemoryContextAlloc(aggcxt, bytes) : repalloc(ch->rec, bytes);
		ch->cap = (int) cap;
	}
	assess_record(fcinfo, ch->rec + (Size) ch->n * ASSESS_W);
	ch->n++;
	st->total++;
	PG_RETURN_POINTER(st);
}

/* _assess_combine(internal, internal): links the chunks of the second state. */
Datum
ecocomp_assess_merge(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	assess_state *a;
	assess_state *b;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("_assess_combine can only run as the combine function of _assess_collect"),
				 errdetail("It was called directly, outside an aggregate.")));
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	b = (assess_state *) PG_GETARG_POINTER(1);
	a = PG_ARGISNULL(0) ? state_new(b->ncodes, aggcxt) : (assess_state *) PG_GETARG_POINTER(0);
	if (a->ncodes != b->ncodes)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("parameter codes change within a group"),
				 errdetail("One part of the group lists %d parameter codes and another %d; the list must be the same on every row.",
						   a->ncodes, b->ncodes)));
	check_total(a->total + b->total);
	for (int c = 0; c < b->nchunks; c++)
	{
		const assess_chunk *from = &b->chunk[c];
		assess_chunk *to;

		if (from->n == 0)
			continue;
		to = state_add_chunk(a, aggcxt);
		/* chunks the deserializer made in this context are taken over; others copied */
		if (GetMemoryChunkContext(from->rec) == aggcxt &&
			(from->count == NULL || GetMemoryChunkContext(from->count) == aggcxt))
			*to = *from;
		else
		{
			to->rec = MemoryContextAlloc(aggcxt, sizeof(double) * (Size) from->n * ASSESS_W);
			memcpy(to->rec, from->rec, sizeof(double) * (Size) from->n * ASSESS_W);
			to->n = to->cap = from->n;
			to->count = NULL;
			if (from->count != NULL)
			{
				to->count = MemoryContextAlloc(aggcxt, sizeof(int) * Max(a->ncodes, 1));
				memcpy(to->count, from->count, sizeof(int) * a->ncodes);
			}
		}
		/* the open chunk stays last: the transition function appends to it */
		if (a->nchunks > 1 && a->chunk[a->nchunks - 2].count == NULL && to->count != NULL)
		{
			assess_chunk tmp = a->chunk[a->nchunks - 2];

			a->chunk[a->nchunks - 2] = *to;
			a->chunk[a->nchunks - 1] = tmp;
		}
	}
	a->total += b->total;
	PG_RETURN_POINTER(a);
}

/*
 * _assess_serialize(internal) -> bytea: int32 mark, then float8 ncodes,
 * records, a count per parameter, and the records in parameter-major order.
 */
Datum
ecocomp_assess_serialize(PG_FUNCTION_ARGS)
{
	assess_state *st = (assess_state *) PG_GETARG_POINTER(0);
	int			nhead = 2 + st->ncodes;
	Size		bytes = VARHDRSZ + sizeof(int32) + sizeof(double) * ((Size) nhead + (Size) st->total * ASSESS_W);
	bytea	   *out;
	int32		mark = ASSESS_SER_MAGIC;
	double	   *d;
	int		   *count = palloc(sizeof(int) * Max(st->ncodes, 1));

	if (bytes > MaxAllocSize)
		check_total(ASSESS_MAX_RECORDS + 1);
	out = palloc(bytes);
	SET_VARSIZE(out, bytes);
	memcpy(VARDATA(out), &mark, sizeof(int32));
	/* VARHDRSZ + 4: the doubles start 8-byte aligned */
	d = (double *) (VARDATA(out) + sizeof(int32));
	state_flatten(st, d + nhead, count);
	d[0] = st->ncodes;
	d[1] = (double) st->total;
	for (int p = 0; p < st->ncodes; p++)
		d[2 + p] = count[p];
	pfree(count);
	PG_RETURN_BYTEA_P(out);
}

/* _assess_deserialize(bytea, internal) -> internal: one parameter-major chunk. */
Datum
ecocomp_assess_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	const char *p = VARDATA_ANY(in);
	Size		len = VARSIZE_ANY_EXHDR(in);
	MemoryContext cxt;
	assess_state *st;
	assess_chunk *ch;
	int32		mark;
	double		head[2];
	int64		total = 0;

	if (!AggCheckCallContext(fcinfo, &cxt))
		cxt = CurrentMemoryContext;
	if (len < sizeof(int32) + 2 * sizeof(double))
		sample_state_bad("_assess_deserialize", "The serialized state has %zu bytes; its header alone is %zu.",
						 len, sizeof(int32) + 2 * sizeof(double));
	memcpy(&mark, p, sizeof(int32));
	memcpy(head, p + sizeof(int32), sizeof(head));
	if (mark != ASSESS_SER_MAGIC || !(head[0] >= 0 && head[0] <= EC_KEY_PARAMS) ||
		head[0] != floor(head[0]) || !(head[1] >= 0 && head[1] <= (double) ASSESS_MAX_RECORDS) ||
		head[1] != floor(head[1]) ||
		len != sizeof(int32) + sizeof(double) * (2 + (Size) head[0] + (Size) head[1] * ASSESS_W))
		sample_state_bad("_assess_deserialize", "The serialized state (mark %d, %g codes, %g records, %zu bytes) is not one _assess_serialize wrote.",
						 mark, head[0], head[1], len);
	st = state_new((int) head[0], cxt);
	ch = state_add_chunk(st, cxt);
	ch->count = MemoryContextAlloc(cxt, sizeof(int) * Max(st->ncodes, 1));
	for (int i = 0; i < st->ncodes; i++)
	{
		double		c;

		memcpy(&c, p + sizeof(int32) + sizeof(double) * (2 + i), sizeof(double));
		if (!(c >= 0 && c <= head[1]) || c != floor(c))
			sample_state_bad("_assess_deserialize", "Parameter %d counts %g records of %g.", i + 1, c, head[1]);
		ch->count[i] = (int) c;
		total += ch->count[i];
	}
	if (total != (int64) head[1])
		sample_state_bad("_assess_deserialize", "The parameters count " INT64_FORMAT " records; the state holds %g.",
						 total, head[1]);
	ch->n = ch->cap = (int) total;
	st->total = total;
	ch->rec = MemoryContextAlloc(cxt, sizeof(double) * Max((Size) total * ASSESS_W, 1));
	memcpy(ch->rec, p + sizeof(int32) + sizeof(double) * (2 + st->ncodes),
		   sizeof(double) * (Size) total * ASSESS_W);
	PG_RETURN_POINTER(st);
}

/* _assess_final(internal) -> float8[]: the state _assess_rows reads, parameter-major. */
Datum
ecocomp_assess_final(PG_FUNCTION_ARGS)
{
	assess_state *st;
	sample_state s;
	int		   *count;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (assess_state *) PG_GETARG_POINTER(0);
	sample_state_new(ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, (int) st->total, &s);
	count = palloc(sizeof(int) * Max(st->ncodes, 1));
	state_flatten(st, sample_state_at(&s, 0), count);
	s.n = (int) st->total;
	s.d[1] = s.n;
	pfree(count);
	PG_RETURN_ARRAYTYPE_P(s.a);
}

/*
 * 0.1.0's SQL declares _assess_collect_accum and _assess_combine on float8[]
 * states (this layout) with these C names; they serve it until ALTER
 * EXTENSION UPDATE replaces those declarations.
 */
Datum
ecocomp_assess_collect(PG_FUNCTION_ARGS)
{
	sample_state	s;

	/* Its state lives in the aggregate's memory: a direct call has none. */
	if (!AggCheckCallContext(fcinfo, NULL))
		not_in_aggregate();
	if (PG_ARGISNULL(0) ||
		!sample_state_open(PG_GETARG_ARRAYTYPE_P(0), ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, &s,
				  "_assess_collect"))
		sample_state_new(ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, 64, &s);
	sample_state_reserve(&s, 1);
	assess_record(fcinfo, sample_state_at(&s, s.n));
	s.n++;
	s.d[1] = s.n;
	PG_RETURN_ARRAYTYPE_P(s.a);
}

Datum
ecocomp_assess_combine(PG_FUNCTION_ARGS)
{
	sample_state	a;
	sample_state	b;

	if (!sample_state_open(PG_GETARG_ARRAYTYPE_P(1), ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, &b,
				  "_assess_collect"))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	if (!sample_state_open(PG_GETARG_ARRAYTYPE_P(0), ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, &a,
				  "_assess_collect"))
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	PG_RETURN_ARRAYTYPE_P(sample_state_append(fcinfo, &a, &b));
}

/*
 * _assess_rows(state, codes, bounds timestamptz[], waterbody, target_class,
 * censored_rule): one row per parameter and unit period with samples; unit
 * u (1-based) is [bounds[u], bounds[u+1]).
 */
#define ASSESS_ROW_COLS 14

Datum
ecocomp_assess_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	sample_state	s;
	ArrayType  *codes_a;
	ArrayType  *bounds_a;
	Datum	   *codes;
	int			ncodes;
	TimestampTz *bd;
	bool	   *bnulls;
	int			nb;
	int64	   *bms;
	ec_waterbody wb;
	int			target = 0;
	ec_nd_rule	rule;
	const double *src;
	bool		grouped = true;
	int			prev_par = -1;
	int		   *count;
	int		   *start;
	int			flow_idx = -1;
	double	   *pt;				/* per parameter, sorted by time: ms */
	double	   *pv;				/* substituted values */
	char	   *pc;				/* censored flags */
	int		   *fstart;			/* flow samples per unit: [fstart[u], fstart[u+1]) */
	double	   *ft;
	double	   *fq;
	double	   *scratch;
	double	   *tsec;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		PG_ARGISNULL(5))
		return (Datum) 0;
	if (!sample_state_open(PG_GETARG_ARRAYTYPE_P(0), ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, &s,
				  "_assess_rows") || s.n == 0)
		return (Datum) 0;
	codes_a = PG_GETARG_ARRAYTYPE_P(1);
	bounds_a = PG_GETARG_ARRAYTYPE_P(2);
	wb = ec_lookup_waterbody(PG_GETARG_TEXT_PP(3));
	if (!PG_ARGISNULL(4))
		target = ec_wq_class_number(fcinfo, PG_GETARG_DATUM(4));
	rule = ec_lookup_nd_rule(PG_GETARG_TEXT_PP(5));

	codes = ec_text_elems(codes_a, &ncodes, "parameter codes");
	bd = ec_timestamptz_elems(bounds_a, &nb, "unit bounds", &bnulls);
	if (nb < 2)
		return (Datum) 0;
	bms = ec_alloc(int64, nb);
	for (int i = 0; i < nb; i++)
	{
		TimestampTz b = bd[i];

		if (bnulls[i] || TIMESTAMP_NOT_FINITE(b) ||
			(i > 0 && (b >= 0 ? b / 1000 : -((-b + 999) / 1000)) <= bms[i - 1]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unit bounds must be finite and increasing"),
					 errdetail("Bound %d of the unit periods is NULL, infinite or not after the one before.",
							   i + 1)));
		bms[i] = b >= 0 ? b / 1000 : -((-b + 999) / 1000);
	}
	for (int i = 0; i < ncodes; i++)
	{
		text	   *c = DatumGetTextPP(codes[i]);

		if (VARSIZE_ANY_EXHDR(c) == 4 && memcmp(VARDATA_ANY(c), "flow", 4) == 0)
			flow_idx = i;
	}

	/*
	 * Check the state (keys this module wrote are integers below 2^53 naming
	 * a listed parameter; values are finite, flows not negative), count the
	 * records of each parameter and see whether they are parameter-major
	 * already (each parameter's records together, sorted), as
	 * _assess_collect's final function writes them.
	 */
	count = palloc0(sizeof(int) * (ncodes + 1));
	start = palloc0(sizeof(int) * (ncodes + 1));
	pt = palloc(sizeof(double) * s.n);
	pv = palloc(sizeof(double) * s.n);
	pc = palloc(s.n);
	src = sample_state_at(&s, 0);
	for (int i = 0; i < s.n; i++)
	{
		double		key = src[(Size) i * ASSESS_W];
		double		value = src[(Size) i * ASSESS_W + 1];
		int64		ms;
		int			par;
		bool		cens;

		if (!(fabs(key) < 9007199254740992.0) || key != floor(key) || !isfinite(value))
			sample_state_bad("_assess_rows",
							 "Record %d has key %g and value %g; keys are integers below 2^53, values finite.",
							 i + 1, key, value);
		ec_key_split(key, &ms, &par, &cens);
		if (par >= ncodes || (par == flow_idx && value < 0))
			sample_state_bad("_assess_rows",
							 "Record %d names parameter %d of %d with value %g; flows are not negative.",
							 i + 1, par + 1, ncodes, value);
		if (grouped && i > 0 &&
			(par < prev_par ||
			 (par == prev_par && ec_record_cmp(src + (Size) (i - 1) * ASSESS_W,
											   src + (Size) i * ASSESS_W, ASSESS_W) > 0)))
			grouped = false;
		prev_par = par;
		count[par]++;
		/* in the same pass, the series as they are if this order holds */
		pt[i] = (double) ms;
		pv[i] = ec_nd_value(value, cens, rule);
		pc[i] = cens ? 1 : 0;
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int i = 1; i <= ncodes; i++)
		start[i] = start[i - 1] + count[i - 1];

	/*
	 * Otherwise (a state from elsewhere, or concatenated by hand): the
	 * records of each parameter together, then sorted, and the series again.
	 * Equal records are equal, so either way each parameter's series is the
	 * same.
	 */
	if (!grouped)
	{
		double	   *rec = palloc((Size) s.n * ASSESS_W * sizeof(double));

		memset(count, 0, sizeof(int) * (ncodes + 1));
		for (int i = 0; i < s.n; i++)
		{
			const double *r = src + (Size) i * ASSESS_W;
			int64		ms;
			int			par;
			bool		cens;
			double	   *to;

			ec_key_split(r[0], &ms, &par, &cens);
			to = rec + (Size) (start[par] + count[par]++) * ASSESS_W;
			to[0] = r[0];
			to[1] = r[1];
		}
		for (int par = 0; par < ncodes; par++)
			sample_state_sort(rec + (Size) start[par] * ASSESS_W, count[par], ASSESS_W);
		for (int i = 0; i < s.n; i++)
		{
			const double *rr = rec + (Size) i * ASSESS_W;
			int64		ms;
			int			p;
			bool		cens;

			ec_key_split(rr[0], &ms, &p, &cens);
			pt[i] = (double) ms;
			pv[i] = ec_nd_value(rr[1], cens, rule);
			pc[i] = cens ? 1 : 0;
			if ((i & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		pfree(rec);
	}

	/* flow samples per unit, seconds after the unit's start */
	fstart = palloc0(sizeof(int) * (nb + 1));
	ft = palloc(sizeof(double) * Max(1, flow_idx >= 0 ? count[flow_idx] : 0));
	fq = palloc(sizeof(double) * Max(1, flow_idx >= 0 ? count[flow_idx] : 0));
	if (flow_idx >= 0)
	{
		int			u = 0;
		int			k = 0;

		for (int i = start[flow_idx]; i < start[flow_idx] + count[flow_idx]; i++)
		{
			while (u < nb - 1 && pt[i] >= (double) bms[u + 1])
				fstart[++u] = k;
			if (pt[i] < (double) bms[0] || u >= nb - 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("observation outside the unit periods"),
						 errdetail("The state holds an observation before the first or after the last unit bound.")));
			ft[k] = (pt[i] - (double) bms[u]) / 1000.0;
			fq[k++] = pv[i];
		}
		while (u < nb - 1)
			fstart[++u] = k;
	}
	scratch = palloc(sizeof(double) * (2 * (Size) s.n + Max(1, flow_idx >= 0 ? count[flow_idx] : 0) + 1));
	tsec = palloc(sizeof(double) * s.n);

	for (int par = 0; par < ncodes; par++)
	{
		int			i = start[par];
		int			end = start[par] + count[par];
		text	   *code = DatumGetTextPP(codes[par]);
		int			pidx = ec_param_index(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code));
		const ec_param *p = pidx >= 0 ? &ec_params[pidx] : NULL;

		while (i < end)
		{
			int			u;
			int			j;
			int64		ncens = 0;
			ec_assess_row row;
			Datum		values[ASSESS_ROW_COLS];
			bool		nulls[ASSESS_ROW_COLS];
			int			nf;

			CHECK_FOR_INTERRUPTS();
			if (pt[i] < (double) bms[0] || pt[i] >= (double) bms[nb - 1])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("observation outside the unit periods"),
						 errdetail("The state holds an observation before the first or after the last unit bound.")));
			for (u = 0; pt[i] >= (double) bms[u + 1]; u++)
				;
			for (j = i; j < end && pt[j] < (double) bms[u + 1]; j++)
			{
				tsec[j - i] = (pt[j] - (double) bms[u]) / 1000.0;
				ncens += pc[j];
			}
			nf = flow_idx >= 0 ? fstart[u + 1] - fstart[u] : 0;
			ec_assess(p, wb, target, tsec, pv + i, j - i, ncens,
					  ft + (nf > 0 ? fstart[u] : 0), fq + (nf > 0 ? fstart[u] : 0), nf,
					  0.0, (double) (bms[u + 1] - bms[u]) / 1000.0, scratch, &row);
			if (row.status != EC_OK)
				ec_report_status(row.status, p, row.mean);

			memset(nulls, 0, sizeof(nulls));
			values[0] = PointerGetDatum(code);
			values[1] = Int32GetDatum(u + 1);
			values[2] = Int64GetDatum(row.samples);
			values[3] = Int64GetDatum(row.censored);
			values[4] = Float8GetDatum(row.mean);
			if (row.mean_class > 0)
				values[5] = ec_wq_class_datum(fcinfo, row.mean_class);
			else
				nulls[5] = true;
			values[6] = ec_float8_or_null(row.target_limit, &nulls[6]);
			values[7] = BoolGetDatum(row.meets_target == 1);
			nulls[7] = row.meets_target < 0;
			values[8] = ec_float8_or_null(row.exceedance_multiple, &nulls[8]);
			values[9] = Int64GetDatum(row.samples_meeting);
			nulls[9] = row.samples_meeting < 0;
			values[10] = ec_float8_or_null(row.flow_mean, &nulls[10]);
			values[11] = ec_float8_or_null(row.volume_m3, &nulls[11]);
			values[12] = ec_float8_or_null(row.load_kg, &nulls[12]);
			values[13] = ec_float8_or_null(row.exceedance_load_kg, &nulls[13]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			i = j;
		}
	}
	return (Datum) 0;
}

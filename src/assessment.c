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

Datum
ecocomp_assess_collect(PG_FUNCTION_ARGS)
{
	sample_state	s;
	code_dict  *dict;
	text	   *par;
	int			pi;
	TimestampTz t;
	double		value;
	double		key;
	double	   *r;
	int64		ms;

	/* Its state lives in the aggregate's memory: a direct call has none. */
	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("_assess_collect_accum can only run as the transition function of _assess_collect"),
				 errdetail("It was called directly, outside an aggregate.")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4) ||
		PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("observation with a NULL time, parameter, value or censored flag"),
				 errdetail("Every observation the assessment reads must be complete.")));
	if (PG_ARGISNULL(0) ||
		!sample_state_open(PG_GETARG_ARRAYTYPE_P(0), ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, &s,
				  "_assess_collect"))
		sample_state_new(ASSESS_MAGIC, ASSESS_HDR, ASSESS_W, 64, &s);

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
	sample_state_reserve(&s, 1);
	r = sample_state_at(&s, s.n);
	r[0] = key;
	r[1] = value;
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
#define MERGE_RUNS 16			/* more sorted runs than this: sort instead of merging */

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
	double	   *rec = NULL;
	const double *src;
	int		   *runs;
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
	 * a listed parameter; values are finite, flows not negative) and count
	 * the records of each parameter.
	 */
	count = palloc0(sizeof(int) * (ncodes + 1));
	start = palloc0(sizeof(int) * (ncodes + 1));
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
		count[par]++;
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int i = 1; i <= ncodes; i++)
		start[i] = start[i - 1] + count[i - 1];

	/*
	 * The records of each parameter together, in the state's order.  Rows
	 * read in time order leave one sorted run per parameter in each partial
	 * state (the parameters of one time arrive in any order, so the state as
	 * a whole is not sorted): per parameter there is one run per process
	 * that took part.
	 */
	rec = palloc((Size) s.n * ASSESS_W * sizeof(double));
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
	pt = palloc(sizeof(double) * s.n);
	pv = palloc(sizeof(double) * s.n);
	pc = palloc(s.n);
	runs = palloc(sizeof(int) * (MERGE_RUNS + 1));

	/*
	 * Per parameter, merge its sorted runs straight into its time-ordered
	 * series (ties between runs take the earlier run, and equal records are
	 * equal, so the result is the order's own); more runs than MERGE_RUNS
	 * (rows that came out of time order) are sorted first.
	 */
	for (int par = 0; par < ncodes; par++)
	{
		double	   *seg = rec + (Size) start[par] * ASSESS_W;
		int			m = count[par];
		int			nruns = 0;
		int			head[MERGE_RUNS];

		if (m == 0)
			continue;
		for (int i = 0; i < m; i++)
			if (i == 0 || ec_record_cmp(seg + (Size) (i - 1) * ASSESS_W, seg + (Size) i * ASSESS_W,
										ASSESS_W) > 0)
			{
				if (nruns < MERGE_RUNS)
					runs[nruns] = i;
				nruns++;
			}
		if (nruns > MERGE_RUNS)
		{
			sample_state_sort(seg, m, ASSESS_W);
			nruns = 1;
			runs[0] = 0;
		}
		runs[nruns] = m;
		for (int r = 0; r < nruns; r++)
			head[r] = runs[r];
		for (int i = 0; i < m; i++)
		{
			int			best = -1;
			const double *rr;
			int64		ms;
			int			p;
			bool		cens;
			int			at = start[par] + i;

			for (int r = 0; r < nruns; r++)
				if (head[r] < runs[r + 1] &&
					(best < 0 || ec_record_cmp(seg + (Size) head[r] * ASSESS_W,
											   seg + (Size) head[best] * ASSESS_W,
											   ASSESS_W) < 0))
					best = r;
			rr = seg + (Size) head[best]++ * ASSESS_W;
			ec_key_split(rr[0], &ms, &p, &cens);
			pt[at] = (double) ms;
			pv[at] = ec_nd_value(rr[1], cens, rule);
			pc[at] = cens ? 1 : 0;
			if ((i & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	pfree(rec);

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

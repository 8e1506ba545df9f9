/* Array, row and argument helpers shared by all glue (see glue.h). */
#include "glue.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"

/* The elements of a 1-D array; a NULL element is an error unless nulls_ok. */
static Datum *
elements(ArrayType *a, Oid type, int len, bool byval, char align,
		 int *n, bool **nulls, const char *what, bool nulls_ok)
{
	Datum	   *d;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", what),
				 errdetail("The array has %d dimensions.", ARR_NDIM(a))));
	if (ARR_NDIM(a) == 1 && ARR_DIMS(a)[0] > EC_MAX_ELEMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s has too many elements", what),
				 errdetail("The array has %d elements; at most %d are accepted.",
						   ARR_DIMS(a)[0], EC_MAX_ELEMS)));
	deconstruct_array(a, type, len, byval, align, &d, nulls, n);
	for (int i = 0; i < *n && !nulls_ok; i++)
		if ((*nulls)[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain NULL", what),
					 errdetail("Element %d of %s is NULL.", i + 1, what)));
	return d;
}

double *
ec_float8_elems(ArrayType *a, int *n, const char *what, bool **nulls)
{
	bool	   *isnull;
	Datum	   *d = elements(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, n, &isnull, what,
								 nulls != NULL);
	double	   *out = ec_alloc(double, *n);

	for (int i = 0; i < *n; i++)
		out[i] = isnull[i] ? NAN : DatumGetFloat8(d[i]);
	if (nulls)
		*nulls = isnull;
	return out;
}

double *
ec_float8_elems_or_nan(ArrayType *a, int *n, const char *what)
{
	bool	   *nulls;

	return ec_float8_elems(a, n, what, &nulls);
}

int32 *
ec_int4_elems(ArrayType *a, int *n, const char *what, const int32 *null_value)
{
	bool	   *isnull;
	Datum	   *d = elements(a, INT4OID, 4, true, TYPALIGN_INT, n, &isnull, what, null_value != NULL);
	int32	   *out = ec_alloc(int32, *n);

	for (int i = 0; i < *n; i++)
		out[i] = isnull[i] ? *null_value : DatumGetInt32(d[i]);
	return out;
}

int64 *
ec_int8_elems(ArrayType *a, int *n, const char *what)
{
	bool	   *isnull;
	Datum	   *d = elements(a, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, n, &isnull, what, false);
	int64	   *out = ec_alloc(int64, *n);

	for (int i = 0; i < *n; i++)
		out[i] = DatumGetInt64(d[i]);
	return out;
}

Datum *
ec_text_elems(ArrayType *a, int *n, const char *what)
{
	bool	   *isnull;
	return elements(a, TEXTOID, -1, false, TYPALIGN_INT, n, &isnull, what, false);
}

TimestampTz *
ec_timestamptz_elems(ArrayType *a, int *n, const char *what, bool **nulls)
{
	Datum	   *d = elements(a, TIMESTAMPTZOID, sizeof(TimestampTz), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
							 n, nulls, what, true);
	TimestampTz *out = ec_alloc(TimestampTz, *n);

	for (int i = 0; i < *n; i++)
		out[i] = (*nulls)[i] ? 0 : DatumGetTimestampTz(d[i]);
	return out;
}

bool *
ec_bool_elems(ArrayType *a, int *n, const char *what, bool null_value)
{
	bool	   *isnull;
	Datum	   *d = elements(a, BOOLOID, 1, true, TYPALIGN_CHAR, n, &isnull, what, true);
	bool	   *out = ec_alloc(bool, *n);

	for (int i = 0; i < *n; i++)
		out[i] = isnull[i] ? null_value : DatumGetBool(d[i]);
	return out;
}

ArrayType *
ec_float8_result(const double *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * (n + 1));
	bool	   *nulls = palloc(sizeof(bool) * (n + 1));
	int			dims[1] = {n};
	int			lbs[1] = {1};

	for (int i = 0; i < n; i++)
	{
		nulls[i] = isnan(v[i]);
		d[i] = Float8GetDatum(nulls[i] ? 0 : v[i]);
	}
	return construct_md_array(d, nulls, 1, dims, lbs, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

ArrayType *
ec_int8_result(const int64 *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * (n + 1));

	for (int i = 0; i < n; i++)
		d[i] = Int64GetDatum(v[i]);
	return construct_array(d, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

ArrayType *
ec_text_result(const char *const *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * (n + 1));

	for (int i = 0; i < n; i++)
		d[i] = CStringGetTextDatum(v[i]);
	return construct_array(d, n, TEXTOID, -1, false, TYPALIGN_INT);
}

ArrayType *
ec_int4_result(const int32 *v, int n, int base)
{
	Datum	   *d = palloc(sizeof(Datum) * (n + 1));
	bool	   *nulls = palloc(sizeof(bool) * (n + 1));
	int			dims[1] = {n};
	int			lbs[1] = {1};

	for (int i = 0; i < n; i++)
	{
		nulls[i] = v[i] < 0;
		d[i] = Int32GetDatum(v[i] + base);
	}
	return construct_md_array(d, nulls, 1, dims, lbs, INT4OID, 4, true, TYPALIGN_INT);
}

TupleDesc
ec_result_desc(FunctionCallInfo fcinfo)
{
	TupleDesc	desc;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning a record called in a context that cannot accept it")));
	return BlessTupleDesc(desc);
}

void
ec_bad_word(text *word, const char *what, const char *detail, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s \"%s\"", what, text_to_cstring(word)),
			 errdetail("%s", detail),
			 hint ? errhint("%s", hint) : 0));
}

Datum
ec_state_unchanged(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

Portal
ec_spi_cursor(const char *query, int nargs, Oid *types, Datum *args)
{
	SPIPlanPtr	plan = SPI_prepare(query, nargs, types);

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	return SPI_cursor_open(NULL, plan, args, NULL, true);
}

uint64
ec_spi_fetch(Portal portal, long n)
{
	CHECK_FOR_INTERRUPTS();
	SPI_cursor_fetch(portal, true, n);
	return SPI_processed;
}

Datum
ec_row(FunctionCallInfo fcinfo, const Datum *values, int n)
{
	TupleDesc	desc = ec_result_desc(fcinfo);
	bool	   *nulls = palloc0(sizeof(bool) * (n + 1));

	if (desc->natts != n)
		elog(ERROR, "result row has %d columns, %d values given", desc->natts, n);
	return HeapTupleGetDatum(heap_form_tuple(desc, (Datum *) values, nulls));
}

void
ec_same_length(int a, int b, const char *what)
{
	if (a != b)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s differ in length", what),
				 errdetail("One has %d elements, the other %d.", a, b)));
}

void
ec_same_length_product(int got, int rows, int cols, const char *what)
{
	int64		want = (int64) rows * (int64) cols;

	if (rows < 0 || cols < 0 || want > EC_MAX_ELEMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s describe too many items", what),
				 errdetail("%d × %d items; at most %d are accepted.", rows, cols, EC_MAX_ELEMS)));
	if (want != got)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s differ in length", what),
				 errdetail("Expected %d × %d = %lld elements, got %d.",
						   rows, cols, (long long) want, got)));
}

int
ec_size_arg(int32 n, int32 max, const char *what)
{
	if (n < 0 || n > max)
		ereport(ERROR,
				(errcode(n < 0 ? ERRCODE_INVALID_PARAMETER_VALUE : ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s is out of range", what),
				 errdetail("%s is %d; expected 0 to %d.", what, n, max)));
	return n;
}

void
ec_require_args(FunctionCallInfo fcinfo, const char *fn, const char *const *names, int nnames)
{
	for (int i = 0; i < nnames && i < PG_NARGS(); i++)
		if (names[i] != NULL && PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s: %s must not be NULL", fn, names[i]),
					 errdetail("Argument %d (%s) of %s is NULL.", i + 1, names[i], fn)));
}

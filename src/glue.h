/*
 * What every piece of fmgr glue shares: one-dimensional SQL arrays <-> C
 * arrays, result rows, argument and length checks with a hard bound on
 * sizes, SPI cursors, the error of an unknown word, and ec_raise(), the one
 * place where a kernel status becomes an SQL error.  Element arrays are
 * palloc'd with one spare slot, so n = 0 is safe.
 */
#ifndef EC_GLUE_H
#define EC_GLUE_H

#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "access/tupdesc.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/timestamp.h"

#include "core/status.h"

/*
 * The most elements an array argument may have, and the most items a
 * product of sizes (sections × parties) may describe: kernels run in
 * memory without interrupt checks, so their input is bounded.
 */
#define EC_MAX_ELEMS	(1 << 20)
/* Bands are compared pairwise: fewer. */
#define EC_MAX_BANDS	1000

/*
 * float8[] as doubles.  With nulls == NULL a NULL element is an error;
 * otherwise *nulls receives one flag per element and NULLs read as NaN.
 */
double	   *ec_float8_elems(ArrayType *a, int *n, const char *what, bool **nulls);
/* float8[] as doubles, NULL elements read as NaN (missing, for the kernel to judge). */
double	   *ec_float8_elems_or_nan(ArrayType *a, int *n, const char *what);
/* int[] as int32; NULL elements read as *null_value, or are an error when it is NULL. */
int32	   *ec_int4_elems(ArrayType *a, int *n, const char *what, const int32 *null_value);
/* bigint[] as int64; NULL elements are an error. */
int64	   *ec_int8_elems(ArrayType *a, int *n, const char *what);
/* text[] as text Datums; NULL elements are an error. */
Datum	   *ec_text_elems(ArrayType *a, int *n, const char *what);
/* timestamptz[] as TimestampTz; *nulls receives one flag per element (NULL reads as 0). */
TimestampTz *ec_timestamptz_elems(ArrayType *a, int *n, const char *what, bool **nulls);
/* boolean[] as bool; NULL elements read as null_value. */
bool	   *ec_bool_elems(ArrayType *a, int *n, const char *what, bool null_value);

/* A float8 Datum; *isnull is set when v is NaN (missing). */
static inline Datum
ec_float8_or_null(double v, bool *isnull)
{
	*isnull = isnan(v);
	return Float8GetDatum(*isnull ? 0 : v);
}

/* float8[] of n values; NaN becomes NULL. */
ArrayType  *ec_float8_result(const double *v, int n);
/* bigint[] of n values. */
ArrayType  *ec_int8_result(const int64 *v, int n);
/* int[] of v + base (1 for 1-based indices); negative values (none) become NULL. */
ArrayType  *ec_int4_result(const int32 *v, int n, int base);
/* text[] of n C strings. */
ArrayType  *ec_text_result(const char *const *v, int n);

/*
 * Error 22023 for a word that names nothing known (a parameter, a
 * pollutant, a rule): errmsg "<what> \"<word>\"", then the detail (a full
 * sentence) and the hint (NULL for none).
 */
void		ec_bad_word(text *word, const char *what, const char *detail, const char *hint) pg_attribute_noreturn();
/* A transition function skipping its input: the state unchanged, NULL if none yet. */
Datum		ec_state_unchanged(FunctionCallInfo fcinfo);

/* A read-only cursor over a query with nargs parameters (SPI connected). */
Portal		ec_spi_cursor(const char *query, int nargs, Oid *types, Datum *args);
/* Fetches the next at most n rows into SPI_tuptable: their number, 0 at the end. */
uint64		ec_spi_fetch(Portal portal, long n);

/* The blessed row type of a function returning a record. */
TupleDesc	ec_result_desc(FunctionCallInfo fcinfo);
/* The function's result row of n values, none NULL. */
Datum		ec_row(FunctionCallInfo fcinfo, const Datum *values, int n);
/* Returns the row of the listed values (ec_row), from a V1 function. */
#define EC_RETURN_ROW(...) \
	PG_RETURN_DATUM(ec_row(fcinfo, (Datum[]) {__VA_ARGS__}, \
						   sizeof((Datum[]) {__VA_ARGS__}) / sizeof(Datum)))

/* Room for n elements of a type and one spare, so that n = 0 is safe. */
#define ec_alloc(type, n) ((type *) palloc(sizeof(type) * ((Size) (n) + 1)))
/* Error unless two arrays that go together have the same length. */
void		ec_same_length(int a, int b, const char *what);
/* Error unless got = rows × cols, computed without overflow and within EC_MAX_ELEMS. */
void		ec_same_length_product(int got, int rows, int cols, const char *what);
/* Error unless 0 <= n <= max: a size argument the caller controls. */
int			ec_size_arg(int32 n, int32 max, const char *what);

/*
 * Error 22004 naming the first of the listed arguments that is NULL, for
 * functions that are not STRICT because some arguments may be NULL.  names
 * has one entry per argument: the argument's name when it is required,
 * NULL when it may be NULL.
 */
void		ec_require_args(FunctionCallInfo fcinfo, const char *fn,
							const char *const *names, int nnames);

/*
 * The names a kernel's statuses refer to in messages: the function or
 * method, its values (e.g. "means"), targets ("baselines"), weights and the
 * scalar weight (e.g. "k0").  NULL fields fall back to generic words.  The
 * statuses of whole structures add a second item (`other`: the reach a
 * reach flows into, a count) and a listing (the reaches on a cycle, the
 * ledger entry, the time of a clash).
 */
typedef struct ec_names
{
	const char *kernel;
	const char *values;
	const char *targets;
	const char *weights;
	const char *scalar;
	int64		other;
	const char *listing;
} ec_names;

/*
 * Raises the SQL error of a kernel status (nothing for EC_OK and
 * EC_NO_VALUE): a specific SQLSTATE (22003 out of range, 22012 division by
 * zero, 23xxx for a river network that breaks its own rules, 22023
 * otherwise), a message naming the subject and a detail naming the item
 * (0-based, -1 for none; a reach id for a network) and its value.
 */
void		ec_raise(ec_status st, const ec_names *names, int64 item, double value);

#endif

/*
 * Helpers shared by the glue of the compensation kernels (src/rules_*.c,
 * src/money.c): one-dimensional SQL arrays <-> C arrays, result rows and
 * length checks.  Element arrays are palloc'd with one spare slot, so n = 0
 * is safe.
 */
#ifndef EC_KERNEL_GLUE_H
#define EC_KERNEL_GLUE_H

#include "postgres.h"
#include "fmgr.h"
#include "access/tupdesc.h"
#include "utils/array.h"

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
/* boolean[] as bool; NULL elements read as null_value. */
bool	   *ec_bool_elems(ArrayType *a, int *n, const char *what, bool null_value);

/* float8[] of n values; NaN becomes NULL. */
ArrayType  *ec_float8_result(const double *v, int n);
/* bigint[] of n values. */
ArrayType  *ec_int8_result(const int64 *v, int n);
/* int[] of v + base (1 for 1-based indices); negative values (none) become NULL. */
ArrayType  *ec_int4_result(const int32 *v, int n, int base);

/* The blessed row type of a function returning a record. */
TupleDesc	ec_result_desc(FunctionCallInfo fcinfo);
/* Error unless two arrays that go together have the same length. */
void		ec_same_length(int a, int b, const char *what);

#endif

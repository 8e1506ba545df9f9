/*
 * Glue shared by the compensation methods' kernels (src/method_<m>.c):
 * bands passed as parallel arrays, caps, 1e-9 fixed point back to double,
 * and the error of a failed kernel.
 */
#ifndef EC_METHOD_COMMON_H
#define EC_METHOD_COMMON_H

#include "ecocomp.h"
#include "glue.h"

#include "core/rule_common.h"

/* float8[] of v[i] / 1e9: the kernels' fixed point back to double. */
Datum		ec_nano_result(const int64 *v, int n);

/*
 * Bands from parallel array arguments starting at `first`: min and max
 * (NULL = unbounded), min_inclusive and max_inclusive (NULL = false / true)
 * and, with_amounts, amount_fen and times_one_plus_m (NULL = false).  At
 * most EC_MAX_BANDS bands.
 */
ec_band    *ec_bands_from_args(FunctionCallInfo fcinfo, int first, bool with_amounts, int *nb);

/* A cap in fen from argument arg: -1 (none) when NULL; an error when negative. */
ec_fen		ec_cap_arg(FunctionCallInfo fcinfo, int arg);

/* The error of a method kernel's status, naming the method and the item. */
void		ec_method_raise(ec_status st, const char *method, int item, double value);

#endif

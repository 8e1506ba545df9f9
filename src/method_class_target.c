/*
 * Glue of the class_target kernel (src/core/rule_class_target.c); the SQL
 * side is sql/install/52_method_class_target.sql.
 */
#include "method_common.h"

#include "core/rule_class_target.h"

PG_FUNCTION_INFO_V1(ecocomp_class_target_kernel);

/*
 * _class_target_kernel(classes int[] (1..6, NULL = no data), amounts bigint[6],
 *                      cap bigint (NULL = none))
 *   -> (unit_fen bigint[], uncapped bigint, total bigint, capped bool)
 */
Datum
ecocomp_class_target_kernel(PG_FUNCTION_ARGS)
{
	static const char *const args[] = {"classes", "amounts", NULL};
	int			n,
				na;
	ec_class_target_in in;
	ec_class_target_out out;
	ec_fen	   *units;

	ec_require_args(fcinfo, "_class_target_kernel", args, 3);
	in.classes = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "classes", &(int32) {0});
	in.amounts = ec_int8_elems(PG_GETARG_ARRAYTYPE_P(1), &na, "amounts");
	if (na != 6)
		ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						errmsg("class_target needs six amounts, one per class"),
						errdetail("Got %d amounts.", na)));
	in.nunits = n;
	in.has_cap = !PG_ARGISNULL(2);
	in.cap = in.has_cap ? PG_GETARG_INT64(2) : 0;
	units = ec_alloc(ec_fen, n);
	ec_method_raise(ec_class_target(&in, &out, units), "class_target", -1, 0);
	EC_RETURN_ROW(PointerGetDatum(ec_int8_result(units, n)), Int64GetDatum(out.uncapped),
				  Int64GetDatum(out.total), BoolGetDatum(out.capped));
}

/*
 * Glue of the class_target kernel (src/core/rule_class_target.c); the SQL
 * side is sql/install/52_method_class_target.sql.
 */
#include "method_common.h"

#include "access/htup_details.h"
#include "funcapi.h"

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
	int32	   *classes;
	int64	   *amounts;
	ec_fen	   *units;
	ec_class_target_in in;
	ec_class_target_out out;
	ec_status	st;
	TupleDesc	desc;
	Datum		values[4];
	bool		nulls[4] = {0};

	ec_require_args(fcinfo, "_class_target_kernel", args, 3);
	classes = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "classes", &(int32) {0});
	amounts = ec_int8_elems(PG_GETARG_ARRAYTYPE_P(1), &na, "amounts");
	desc = ec_result_desc(fcinfo);
	if (na != 6)
		ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						errmsg("class_target needs six amounts, one per class"),
						errdetail("Got %d amounts.", na)));
	units = palloc(sizeof(ec_fen) * (n + 1));
	in.nunits = n;
	in.classes = classes;
	in.amounts = amounts;
	in.has_cap = !PG_ARGISNULL(2);
	in.cap = in.has_cap ? PG_GETARG_INT64(2) : 0;
	st = ec_class_target(&in, &out, units);
	if (st != EC_OK)
		ec_method_raise(st, "class_target", -1, 0);
	values[0] = PointerGetDatum(ec_int8_result(units, n));
	values[1] = Int64GetDatum(out.uncapped);
	values[2] = Int64GetDatum(out.total);
	values[3] = BoolGetDatum(out.capped);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * Glue of the compliance_rate kernel (src/core/rule_compliance_rate.c); the
 * SQL side is sql/install/53_method_compliance_rate.sql.
 */
#include "method_common.h"

#include "access/htup_details.h"
#include "funcapi.h"

#include "core/rule_compliance_rate.h"

PG_FUNCTION_INFO_V1(ecocomp_compliance_rate_kernel);

/*
 * _compliance_rate_kernel(months_met int[], months_assessed int[],
 *                         annual_ok int[] (1, 0, NULL or -1 = not required),
 *                         shares float8[] (NULL = one item), threshold float8,
 *                         amount_met bigint, amount_missed bigint)
 *   -> (verdicts text[], rates float8[], met_part bigint, missed_part bigint, amount_fen bigint)
 */
Datum
ecocomp_compliance_rate_kernel(PG_FUNCTION_ARGS)
{
	static const char *const args[] = {
		"months_met", "months_assessed", "annual_ok", NULL, "threshold", "amount_met", "amount_missed"
	};
	int			n,
				n2,
				n3,
				ns = 0;
	int32	   *met;
	int32	   *assessed;
	int32	   *annual;
	double	   *shares = NULL;
	ec_compliance_rate_in in;
	ec_compliance_rate_out out;
	ec_compliance_verdict *verdicts;
	double	   *rates;
	const char **vt;
	ec_status	st;
	TupleDesc	desc;
	Datum		values[5];
	bool		nulls[5] = {0};

	ec_require_args(fcinfo, "_compliance_rate_kernel", args, 7);
	met = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "months_met", NULL);
	assessed = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "months_assessed", NULL);
	annual = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(2), &n3, "annual_ok", &(int32) {-1});
	desc = ec_result_desc(fcinfo);
	ec_same_length(n, n2, "months_met and months_assessed");
	ec_same_length(n, n3, "months_met and annual_ok");
	if (!PG_ARGISNULL(3))
	{
		shares = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(3), &ns, "shares", NULL);
		ec_same_length(n, ns, "months_met and shares");
	}
	verdicts = palloc(sizeof(ec_compliance_verdict) * (n + 1));
	rates = palloc(sizeof(double) * (n + 1));
	vt = palloc(sizeof(char *) * (n + 1));
	in.nitems = n;
	in.months_met = met;
	in.months_assessed = assessed;
	in.annual_ok = annual;
	in.shares = shares;
	in.threshold = PG_GETARG_FLOAT8(4);
	in.amount_met = PG_GETARG_INT64(5);
	in.amount_missed = PG_GETARG_INT64(6);
	st = ec_compliance_rate(&in, &out, verdicts, rates);
	if (st != EC_OK)
	{
		ec_names	names = {"compliance_rate", "month counts", "the threshold", "inflow shares", "the threshold"};

		ec_raise(st, &names, -1, in.threshold);
	}
	for (int i = 0; i < n; i++)
		vt[i] = verdicts[i] == EC_CR_MET ? "met" : verdicts[i] == EC_CR_MISSED ? "missed" : "no data";
	values[0] = PointerGetDatum(ec_text_result(vt, n));
	values[1] = PointerGetDatum(ec_float8_result(rates, n));
	values[2] = Int64GetDatum(out.met_part);
	values[3] = Int64GetDatum(out.missed_part);
	values[4] = Int64GetDatum(out.amount);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

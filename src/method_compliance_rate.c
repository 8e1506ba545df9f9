/*
 * Glue of the compliance_rate kernel (src/core/rule_compliance_rate.c); the
 * SQL side is sql/install/53_method_compliance_rate.sql.
 */
#include "method_common.h"

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
	ec_compliance_rate_in in = {.shares = NULL};
	ec_compliance_rate_out out;
	ec_compliance_verdict *verdicts;
	double	   *rates;
	const char **vt;
	ec_status	st;

	ec_require_args(fcinfo, "_compliance_rate_kernel", args, 7);
	in.months_met = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "months_met", NULL);
	in.months_assessed = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(1), &n2, "months_assessed", NULL);
	in.annual_ok = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(2), &n3, "annual_ok", &(int32) {-1});
	ec_same_length(n, n2, "months_met and months_assessed");
	ec_same_length(n, n3, "months_met and annual_ok");
	if (!PG_ARGISNULL(3))
	{
		in.shares = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(3), &ns, "shares", NULL);
		ec_same_length(n, ns, "months_met and shares");
	}
	in.nitems = n;
	in.threshold = PG_GETARG_FLOAT8(4);
	in.amount_met = PG_GETARG_INT64(5);
	in.amount_missed = PG_GETARG_INT64(6);
	verdicts = ec_alloc(ec_compliance_verdict, n);
	rates = ec_alloc(double, n);
	st = ec_compliance_rate(&in, &out, verdicts, rates);
	if (st != EC_OK)
	{
		ec_names	names = {"compliance_rate", "month counts", "the threshold", "inflow shares", "the threshold"};

		ec_raise(st, &names, -1, in.threshold);
	}
	vt = ec_alloc(const char *, n);
	for (int i = 0; i < n; i++)
		vt[i] = verdicts[i] == EC_CR_MET ? "met" : verdicts[i] == EC_CR_MISSED ? "missed" : "no data";
	EC_RETURN_ROW(PointerGetDatum(ec_text_result(vt, n)), PointerGetDatum(ec_float8_result(rates, n)),
				  Int64GetDatum(out.met_part), Int64GetDatum(out.missed_part), Int64GetDatum(out.amount));
}

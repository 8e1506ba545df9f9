/*
 * Glue of the pool kernel (src/core/rule_pool.c); the SQL side is
 * sql/install/85_method_pool.sql.
 */
#include "method_common.h"

#include "core/rule_pool.h"

PG_FUNCTION_INFO_V1(ecocomp_pool_kernel);

/*
 * _pool_kernel(total_fen, contributions float8[], allocations float8[],
 *     responsible int[] (1-based party), failed bool[],
 *     deduction_to float8[] (nsections × nparties, row-major))
 *   -> (contribution_fen bigint[], allocation_fen bigint[], stake_fen bigint[],
 *       deducted_fen bigint[], final_fen bigint[], net_fen bigint[],
 *       transfer_from int[], transfer_to int[], transfer_fen bigint[])
 * STRICT.  nsections × nparties is computed in 64 bits and bounded.
 */
Datum
ecocomp_pool_kernel(PG_FUNCTION_ARGS)
{
	int			np,
				np2,
				ns,
				ns2,
				nd;
	int32	   *resp;
	int		   *r0;
	ec_pool_input in = {.total = PG_GETARG_INT64(0)};
	ec_pool_output out;
	ec_status	st;

	in.contribution = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &np, "contributions", NULL);
	in.allocation = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(2), &np2, "allocations", NULL);
	resp = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(3), &ns, "responsible", NULL);
	in.failed = ec_bool_elems(PG_GETARG_ARRAYTYPE_P(4), &ns2, "failed", false);
	in.deduction_to = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(5), &nd, "deduction_to", NULL);
	ec_same_length(np, np2, "contributions and allocations");
	ec_same_length(ns, ns2, "responsible and failed");
	ec_same_length_product(nd, ns, np, "deduction_to and sections × parties");
	r0 = ec_alloc(int, ns);
	for (int i = 0; i < ns; i++)
		r0[i] = resp[i] - 1;
	in.nparties = np;
	in.nsections = ns;
	in.responsible = r0;
	out = (ec_pool_output) {
		.contribution = ec_alloc(ec_fen, np), .allocation = ec_alloc(ec_fen, np),
		.stake = ec_alloc(ec_fen, ns), .deducted = ec_alloc(ec_fen, ns),
		.final_allocation = ec_alloc(ec_fen, np), .net = ec_alloc(ec_fen, np),
		.from = ec_alloc(int, np), .to = ec_alloc(int, np), .amount = ec_alloc(ec_fen, np)
	};
	st = ec_pool(&in, &out);
	if (st != EC_OK)
		ec_raise(st, &(ec_names) {"pool", NULL, NULL, "shares"}, out.bad, 0);
	EC_RETURN_ROW(PointerGetDatum(ec_int8_result(out.contribution, np)),
				  PointerGetDatum(ec_int8_result(out.allocation, np)),
				  PointerGetDatum(ec_int8_result(out.stake, ns)),
				  PointerGetDatum(ec_int8_result(out.deducted, ns)),
				  PointerGetDatum(ec_int8_result(out.final_allocation, np)),
				  PointerGetDatum(ec_int8_result(out.net, np)),
				  PointerGetDatum(ec_int4_result(out.from, out.ntransfers, 1)),
				  PointerGetDatum(ec_int4_result(out.to, out.ntransfers, 1)),
				  PointerGetDatum(ec_int8_result(out.amount, out.ntransfers)));
}

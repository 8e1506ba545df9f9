/*
 * Glue of the pool kernel (src/core/rule_pool.c); the SQL side is
 * sql/install/58_method_pool.sql.
 */
#include "method_common.h"

#include "access/htup_details.h"
#include "funcapi.h"

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
	double	   *contrib = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &np, "contributions", NULL);
	double	   *alloc = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(2), &np2, "allocations", NULL);
	int32	   *resp = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(3), &ns, "responsible", NULL);
	bool	   *failed = ec_bool_elems(PG_GETARG_ARRAYTYPE_P(4), &ns2, "failed", false);
	double	   *ded = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(5), &nd, "deduction_to", NULL);
	int		   *r0;
	ec_pool_input in;
	ec_pool_output out;
	ec_status	st;
	TupleDesc	desc = ec_result_desc(fcinfo);
	Datum		values[9];
	bool		nulls[9] = {0};

	ec_same_length(np, np2, "contributions and allocations");
	ec_same_length(ns, ns2, "responsible and failed");
	ec_same_length_product(nd, ns, np, "deduction_to and sections × parties");
	r0 = palloc(sizeof(int) * (ns + 1));
	for (int i = 0; i < ns; i++)
		r0[i] = resp[i] - 1;
	in.nparties = np;
	in.total = PG_GETARG_INT64(0);
	in.contribution = contrib;
	in.allocation = alloc;
	in.nsections = ns;
	in.responsible = r0;
	in.failed = failed;
	in.deduction_to = ded;
	out.contribution = palloc(sizeof(ec_fen) * (np + 1));
	out.allocation = palloc(sizeof(ec_fen) * (np + 1));
	out.stake = palloc(sizeof(ec_fen) * (ns + 1));
	out.deducted = palloc(sizeof(ec_fen) * (ns + 1));
	out.final_allocation = palloc(sizeof(ec_fen) * (np + 1));
	out.net = palloc(sizeof(ec_fen) * (np + 1));
	out.from = palloc(sizeof(int) * (np + 1));
	out.to = palloc(sizeof(int) * (np + 1));
	out.amount = palloc(sizeof(ec_fen) * (np + 1));
	st = ec_pool(&in, &out);
	if (st != EC_OK)
	{
		ec_names	names = {"pool", NULL, NULL, "shares", NULL};

		ec_raise(st, &names, out.bad, 0);
	}
	values[0] = PointerGetDatum(ec_int8_result(out.contribution, np));
	values[1] = PointerGetDatum(ec_int8_result(out.allocation, np));
	values[2] = PointerGetDatum(ec_int8_result(out.stake, ns));
	values[3] = PointerGetDatum(ec_int8_result(out.deducted, ns));
	values[4] = PointerGetDatum(ec_int8_result(out.final_allocation, np));
	values[5] = PointerGetDatum(ec_int8_result(out.net, np));
	values[6] = PointerGetDatum(ec_int4_result(out.from, out.ntransfers, 1));
	values[7] = PointerGetDatum(ec_int4_result(out.to, out.ntransfers, 1));
	values[8] = PointerGetDatum(ec_int8_result(out.amount, out.ntransfers));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* pool: contributions, allocations, deductions and transfers. */
#include "fuzz_input.h"
#include "rule_pool.h"

FUZZ_TARGET(f)
{
	ec_pool_input in = {0};
	ec_pool_output out = {0};
	int			np = fz_int(f, 0, 12);
	int			ns = fz_int(f, 0, 12);
	bool	   *failed;

	in.nparties = np;
	in.nsections = ns;
	in.contribution = fz_doubles(f, np);
	in.allocation = fz_doubles(f, np);
	in.responsible = fz_ints(f, ns, -1, np);
	in.failed = failed = FZ_OUT(bool, ns);
	in.deduction_to = fz_doubles(f, ns * np);
	for (int i = 0; i < ns; i++)
		failed[i] = fz_bool(f);
	in.total = fz_int64(f);
	/* per party, or per section (stake, deducted) */
	out.contribution = FZ_OUT(ec_fen, np);
	out.allocation = FZ_OUT(ec_fen, np);
	out.stake = FZ_OUT(ec_fen, ns);
	out.deducted = FZ_OUT(ec_fen, ns);
	out.final_allocation = FZ_OUT(ec_fen, np);
	out.net = FZ_OUT(ec_fen, np);
	out.from = FZ_OUT(int, np);
	out.to = FZ_OUT(int, np);
	out.amount = FZ_OUT(ec_fen, np);
	(void) ec_pool(&in, &out);
}

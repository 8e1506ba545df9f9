/* factor_allocation: weighted factor shares of a budget. */
#include "fuzz_input.h"
#include "rule_factor_allocation.h"

FUZZ_TARGET(f)
{
	ec_fa_input in = {0};
	ec_fa_output out = {0};

	in.nfactors = fz_int(f, 0, 10);
	in.nparties = fz_int(f, 0, 12);
	in.weight = fz_doubles(f, in.nfactors);
	in.value = fz_doubles(f, in.nfactors * in.nparties);
	in.budget = fz_int64(f);
	out.share = FZ_OUT(double, in.nparties);
	out.amount = FZ_OUT(ec_fen, in.nparties);
	(void) ec_factor_allocation(&in, &out);
}

/* pool: contributions, allocations, deductions and transfers. */
#include "fuzz_input.h"
#include "rule_pool.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz			f = {data, size};
	ec_pool_input in;
	ec_pool_output out = {0};
	int			np = fz_int(&f, 0, 12);
	int			ns = fz_int(&f, 0, 12);
	double	   *contrib = fz_doubles(&f, np);
	double	   *alloc = fz_doubles(&f, np);
	int		   *resp = fz_ints(&f, ns, -1, np);
	bool	   *failed = FZ_OUT(bool, ns);
	double	   *ded = fz_doubles(&f, ns * np);

	for (int i = 0; i < ns; i++)
		failed[i] = fz_bool(&f);
	in.nparties = np;
	in.total = fz_int64(&f);
	in.contribution = contrib;
	in.allocation = alloc;
	in.nsections = ns;
	in.responsible = resp;
	in.failed = failed;
	in.deduction_to = ded;
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
	free(contrib);
	free(alloc);
	free(resp);
	free(failed);
	free(ded);
	free(out.contribution);
	free(out.allocation);
	free(out.stake);
	free(out.deducted);
	free(out.final_allocation);
	free(out.net);
	free(out.from);
	free(out.to);
	free(out.amount);
	return 0;
}

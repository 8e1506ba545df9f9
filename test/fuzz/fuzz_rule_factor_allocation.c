/* factor_allocation: weighted factor shares of a budget. */
#include "fuzz_input.h"
#include "rule_factor_allocation.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz			f = {data, size};
	ec_fa_input in;
	ec_fa_output out = {0};
	int			nf = fz_int(&f, 0, 10);
	int			np = fz_int(&f, 0, 12);
	double	   *w = fz_doubles(&f, nf);
	double	   *v = fz_doubles(&f, nf * np);

	in.nfactors = nf;
	in.nparties = np;
	in.weight = w;
	in.value = v;
	in.budget = fz_int64(&f);
	out.share = FZ_OUT(double, np);
	out.amount = FZ_OUT(ec_fen, np);
	(void) ec_factor_allocation(&in, &out);
	free(w);
	free(v);
	free(out.share);
	free(out.amount);
	return 0;
}

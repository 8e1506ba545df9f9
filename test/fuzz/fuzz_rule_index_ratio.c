/* index_ratio: the P index against a threshold. */
#include "fuzz_input.h"
#include "rule_index_ratio.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz			f = {data, size};
	ec_index_ratio_in in;
	ec_index_ratio_out out = {0};
	int			n = fz_int(&f, 0, 40);
	double	   *means = fz_doubles(&f, n);
	double	   *base = fz_doubles(&f, n);
	double	   *w = fz_doubles(&f, n);
	double	   *terms = FZ_OUT(double, n);

	in.n = n;
	in.means = means;
	in.baselines = base;
	in.weights = w;
	in.k0 = fz_double(&f);
	in.threshold = fz_double(&f);
	in.inclusive = fz_bool(&f);
	in.amount = fz_int64(&f);
	in.amount_if_worse = fz_int64(&f);
	(void) ec_index_ratio(&in, &out, terms);
	free(means);
	free(base);
	free(w);
	free(terms);
	return 0;
}

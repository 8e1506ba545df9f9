/* index_ratio: the P index against a threshold. */
#include "fuzz_input.h"
#include "rule_index_ratio.h"

FUZZ_TARGET(f)
{
	ec_index_ratio_in in = {0};
	ec_index_ratio_out out = {0};

	in.n = fz_int(f, 0, 40);
	in.means = fz_doubles(f, in.n);
	in.baselines = fz_doubles(f, in.n);
	in.weights = fz_doubles(f, in.n);
	in.k0 = fz_double(f);
	in.threshold = fz_double(f);
	in.inclusive = fz_bool(f);
	in.amount = fz_int64(f);
	in.amount_if_worse = fz_int64(f);
	(void) ec_index_ratio(&in, &out, FZ_OUT(double, in.n));
}

/* linear: signed terms per unit of concentration, capped. */
#include "fuzz_input.h"
#include "rule_linear.h"

FUZZ_TARGET(f)
{
	ec_linear_input in = {0};
	ec_linear_output out = {0};

	in.n = fz_int(f, 0, 40);
	in.mean = fz_doubles(f, in.n);
	in.target = fz_doubles(f, in.n);
	in.coefficient = fz_int64s(f, in.n);
	in.cap = fz_int64(f);
	out.diff_nano = FZ_OUT(int64_t, in.n);
	out.term = FZ_OUT(ec_fen, in.n);
	(void) ec_linear(&in, &out);
}

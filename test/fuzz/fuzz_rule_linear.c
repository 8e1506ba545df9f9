/* linear: signed terms per unit of concentration, capped. */
#include "fuzz_input.h"
#include "rule_linear.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz			f = {data, size};
	ec_linear_input in;
	ec_linear_output out = {0};
	int			n = fz_int(&f, 0, 40);
	double	   *mean = fz_doubles(&f, n);
	double	   *target = fz_doubles(&f, n);
	int64_t    *coef = fz_int64s(&f, n);

	in.n = n;
	in.mean = mean;
	in.target = target;
	in.coefficient = coef;
	in.cap = fz_int64(&f);
	out.diff_nano = FZ_OUT(int64_t, n);
	out.term = FZ_OUT(ec_fen, n);
	(void) ec_linear(&in, &out);
	free(mean);
	free(target);
	free(coef);
	free(out.diff_nano);
	free(out.term);
	return 0;
}

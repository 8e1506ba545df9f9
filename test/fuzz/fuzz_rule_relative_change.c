/* relative_change: bands or an amount per point of improvement. */
#include "fuzz_bands.h"
#include "rule_relative_change.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz			f = {data, size};
	ec_rc_input in;
	ec_rc_output out = {0};
	int			n = fz_int(&f, 0, 40);
	int			nb = fz_int(&f, 0, 10);
	double	   *index = fz_doubles(&f, n);
	double	   *ref = fz_doubles(&f, n);
	ec_band    *bands = fz_bands(&f, nb);

	in.n = n;
	in.index = index;
	in.reference = ref;
	in.use_per_point = fz_bool(&f);
	in.bands = in.use_per_point ? NULL : bands;
	in.nbands = in.use_per_point ? 0 : nb;
	in.per_point = fz_int64(&f);
	in.cap = fz_int64(&f);
	out.r_nano = FZ_OUT(int64_t, n);
	out.band = FZ_OUT(int, n);
	out.amount = FZ_OUT(ec_fen, n);
	(void) ec_relative_change(&in, &out);
	free(index);
	free(ref);
	free(bands);
	free(out.r_nano);
	free(out.band);
	free(out.amount);
	return 0;
}

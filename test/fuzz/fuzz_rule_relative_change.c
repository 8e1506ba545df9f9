/* relative_change: bands or an amount per point of improvement. */
#include "fuzz_bands.h"
#include "rule_relative_change.h"

FUZZ_TARGET(f)
{
	ec_rc_input in = {0};
	ec_rc_output out = {0};
	int			nb;
	ec_band    *bands;

	in.n = fz_int(f, 0, 40);
	nb = fz_int(f, 0, 10);
	in.index = fz_doubles(f, in.n);
	in.reference = fz_doubles(f, in.n);
	bands = fz_bands(f, nb);
	in.use_per_point = fz_bool(f);
	in.bands = in.use_per_point ? NULL : bands;
	in.nbands = in.use_per_point ? 0 : nb;
	in.per_point = fz_int64(f);
	in.cap = fz_int64(f);
	out.r_nano = FZ_OUT(int64_t, in.n);
	out.band = FZ_OUT(int, in.n);
	out.amount = FZ_OUT(ec_fen, in.n);
	(void) ec_relative_change(&in, &out);
}

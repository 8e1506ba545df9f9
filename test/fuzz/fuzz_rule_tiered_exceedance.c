/* tiered_exceedance: banded penalties per group of factors, capped. */
#include "fuzz_bands.h"
#include "rule_tiered_exceedance.h"

FUZZ_TARGET(f)
{
	ec_te_input in = {0};
	ec_te_output out = {0};

	in.n = fz_int(f, 0, 40);
	in.ngroups = fz_int(f, 0, 8);
	in.nbands = fz_int(f, 0, 10);
	in.group = fz_ints(f, in.n, -1, in.ngroups);
	in.mean = fz_doubles(f, in.n);
	in.target = fz_doubles(f, in.n);
	in.bands = fz_bands(f, in.nbands);
	in.cap_per_factor = fz_int64(f);
	in.cap = fz_int64(f);
	out.m_nano = FZ_OUT(int64_t, in.n);
	out.band = FZ_OUT(int, in.n);
	out.penalty = FZ_OUT(ec_fen, in.n);
	out.group_total = FZ_OUT(ec_fen, in.ngroups);
	(void) ec_tiered_exceedance(&in, &out);
}

/* tiered_exceedance: banded penalties per group of factors, capped. */
#include "fuzz_bands.h"
#include "rule_tiered_exceedance.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz			f = {data, size};
	ec_te_input in;
	ec_te_output out = {0};
	int			n = fz_int(&f, 0, 40);
	int			ng = fz_int(&f, 0, 8);
	int			nb = fz_int(&f, 0, 10);
	int		   *group = fz_ints(&f, n, -1, ng);
	double	   *mean = fz_doubles(&f, n);
	double	   *target = fz_doubles(&f, n);
	ec_band    *bands = fz_bands(&f, nb);

	in.n = n;
	in.group = group;
	in.mean = mean;
	in.target = target;
	in.ngroups = ng;
	in.bands = bands;
	in.nbands = nb;
	in.cap_per_factor = fz_int64(&f);
	in.cap = fz_int64(&f);
	out.m_nano = FZ_OUT(int64_t, n);
	out.band = FZ_OUT(int, n);
	out.penalty = FZ_OUT(ec_fen, n);
	out.group_total = FZ_OUT(ec_fen, ng);
	(void) ec_tiered_exceedance(&in, &out);
	free(group);
	free(mean);
	free(target);
	free(bands);
	free(out.m_nano);
	free(out.band);
	free(out.penalty);
	free(out.group_total);
	return 0;
}

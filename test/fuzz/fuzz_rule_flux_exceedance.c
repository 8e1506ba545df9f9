/* flux_exceedance: tonnes above or below the target, priced. */
#include "fuzz_input.h"
#include "rule_flux_exceedance.h"

FUZZ_TARGET(f)
{
	int			n = fz_int(f, 0, 32);
	ec_flux_item *items = FZ_OUT(ec_flux_item, n);
	ec_fen		total;
	int			bad = -1;

	for (int i = 0; i < n; i++)
	{
		items[i].conc = fz_double(f);
		items[i].target = fz_double(f);
		items[i].volume_m3 = fz_double(f);
		items[i].rate = fz_double(f);
	}
	(void) ec_flux_exceedance(items, n, fz_bool(f), FZ_OUT(ec_flux_result, n), &total, &bad);
}

/* Shared rule pieces: band checks and lookups, P index, pollution index. */
#include "fuzz_bands.h"
#include "gb3838.h"
#include "status.h"

FUZZ_TARGET(f)
{
	int			nb = fz_int(f, 0, 12);
	ec_band    *bands = fz_bands(f, nb);
	int			n = fz_int(f, 0, 40);
	double	   *means = fz_doubles(f, n);
	double	   *base = fz_doubles(f, n);
	double	   *w = fz_doubles(f, n);
	int		   *params = fz_ints(f, n, -2, EC_NPARAMS + 2);
	int			bad = -1,
				other = -1;
	double		p;

	if (ec_bands_check(bands, nb, &bad, &other) == EC_OK)
		(void) ec_band_find(bands, nb, fz_int64(f));
	(void) ec_status_text((ec_status) fz_int(f, 0, 40));
	(void) ec_p_index(n, means, base, w, fz_double(f), &p, &bad);
	(void) ec_pollution_index(n, params, means, fz_bool(f), &p, &bad);
}

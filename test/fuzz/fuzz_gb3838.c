/* GB 3838 kernels: parameter codes from any bytes, classes, limits and CWQI
 * of any double, and hand-made section aggregate states. */
#include <math.h>

#include "fuzz_input.h"
#include "gb3838.h"

FUZZ_TARGET(f)
{
	int			len = fz_int(f, 0, 16);
	char		code[17];
	int			param = fz_int(f, 0, EC_NPARAMS - 1);
	ec_waterbody wb = fz_bool(f) ? EC_LAKE : EC_RIVER;
	double		v = fz_double(f);
	double		out;
	int			cls,
				bad;
	double		state[EC_MEANS_STATE_LEN],
				other[EC_MEANS_STATE_LEN];

	fz_bytes(f, code, (size_t) len);
	(void) ec_param_index(code, len);

	if (ec_class(&ec_params[param], v, wb, &cls) == EC_OK && (cls < 1 || cls > EC_NCLASSES))
		abort();
	(void) ec_limit(&ec_params[param], fz_int(f, -1, 7), wb, &out);
	if (ec_cwqi(&ec_params[param], v, wb, &out) == EC_OK && !isfinite(out))
		abort();				/* a sub-index is finite or an error */
	(void) ec_class_label(fz_int(f, -1, 7), fz_bool(f));

	/* A state built by adding values, then one made of raw doubles. */
	ec_means_init(state);
	for (int i = fz_int(f, 0, 40); i > 0; i--)
	{
		int			p = fz_int(f, 0, EC_NPARAMS - 1);
		double		x = fz_double(f);

		if (ec_check_value(&ec_params[p], x) == EC_OK)
			(void) ec_means_add(state, p, x, wb);
	}
	for (int i = 0; i < EC_MEANS_STATE_LEN; i++)
		other[i] = fz_bool(f) ? fz_double(f) : 0;
	(void) ec_means_combine(state, other);
	bad = -1;
	if (ec_means_class(state, &cls, &bad) == EC_OK && (cls < 1 || cls > EC_NCLASSES))
		abort();
	bad = -1;
	if (ec_means_cwqi(state, &out, &bad) == EC_OK && !isfinite(out))
		abort();
}

/* Load and assessment kernels: non-detect rules from any text, sorting of
 * any records (NaN, infinities, ties), series checks, weights, loads, Beale,
 * observation keys and the per-period assessment. */
#include <math.h>

#include "fuzz_input.h"
#include "gb3838.h"
#include "loads.h"

static int
by_time(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

FUZZ_TARGET(f)
{
	int			len = fz_int(f, 0, 8);
	char		rule_text[9];
	ec_nd_rule	rule;
	int			n = fz_int(f, 0, 64);
	int			width = fz_int(f, 1, 4);
	double	   *rec = fz_doubles(f, n * width);
	double	   *scratch = FZ_OUT(double, n * width + 3 * n + 8);
	double	   *t,
			   *c,
			   *q;
	double		kg;
	int			at,
				hint = 0;
	int64_t		ms;
	int			param;
	bool		censored;
	ec_assess_row row;

	fz_bytes(f, rule_text, (size_t) len);
	if (ec_nd_rule_parse(rule_text, len, &rule))
		(void) ec_nd_value(fz_double(f), fz_bool(f), rule);

	ec_sort_records(rec, n, width, scratch, NULL);
	for (int i = 1; i < n; i++)		/* sorted by the first double, NaN last */
		if (!isnan(rec[i * width]) && (isnan(rec[(i - 1) * width]) || rec[(i - 1) * width] > rec[i * width]))
			abort();
	if (width == 3)
		(void) ec_series_check(rec, n, &at);

	/* Series with finite, sorted times, as the glue hands them over. */
	t = fz_doubles(f, n);
	c = fz_doubles(f, n);
	q = fz_doubles(f, n);
	for (int i = 0; i < n; i++)
		if (!isfinite(t[i]))
			t[i] = i;
	qsort(t, (size_t) n, sizeof(double), by_time);
	(void) ec_interval_load_kg(t, c, q, n, fz_bool(f) ? NAN : fz_double(f),
							   fz_bool(f) ? NAN : fz_double(f), fz_double(f), scratch);
	(void) ec_time_weighted_mean(t, c, n, NAN, NAN, scratch);
	if (n > 0)
		(void) ec_interpolate(t, q, n, fz_double(f), &hint);
	(void) ec_beale_load_kg(c, q, n, fz_double(f), fz_double(f), &kg);

	if (ec_key_make(fz_int64(f), fz_int(f, -1, EC_KEY_PARAMS), fz_bool(f), &kg))
		ec_key_split(kg, &ms, &param, &censored);

	for (int i = 0; i < n; i++)
		c[i] = fabs(c[i]);
	ec_assess(&ec_params[fz_int(f, 0, EC_NPARAMS - 1)], fz_bool(f) ? EC_LAKE : EC_RIVER,
			  fz_int(f, 0, 6), t, c, n, fz_int(f, 0, n), t, q, n,
			  fz_bool(f) ? NAN : fz_double(f), fz_bool(f) ? NAN : fz_double(f), scratch, &row);
}

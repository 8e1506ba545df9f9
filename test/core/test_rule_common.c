/* Bands on a ratio, the P index and the composite pollution index. */
#include "band.h"
#include "check.h"
#include "gb3838.h"

/* (min, max] bands without an amount */
static ec_band
band(bool has_min, double min, bool has_max, double max)
{
	return test_band(has_min, min, false, has_max, max, true, 0, false);
}

void
test_rule_common(void)
{
	int			bad,
				other;

	/* Zhoukou's five bands: (0.1,0.5] (0.5,1] (1,1.5] (1.5,2] (2,∞) */
	{
		ec_band		b[5] = {band(true, 0.1, true, 0.5), band(true, 0.5, true, 1.0),
			band(true, 1.0, true, 1.5), band(true, 1.5, true, 2.0), band(true, 2.0, false, 0)};

		CHECK(ec_bands_check(b, 5, &bad, &other) == EC_OK);
		CHECK_INT(ec_band_find(b, 5, 100000000), -1);	/* m = 0.1 exactly */
		CHECK_INT(ec_band_find(b, 5, 100000001), 0);
		CHECK_INT(ec_band_find(b, 5, 500000000), 0);	/* m = 0.5: upper edge */
		CHECK_INT(ec_band_find(b, 5, 500000001), 1);
		CHECK_INT(ec_band_find(b, 5, 2000000000), 3);
		CHECK_INT(ec_band_find(b, 5, INT64_C(2000000001)), 4);
		CHECK_INT(ec_band_find(b, 5, INT64_C(900000000000)), 4);
		CHECK_INT(ec_band_find(b, 5, -5), -1);
	}
	/* Inclusive lower edges: Wuhan's [-0.1, 0] and (-∞, -0.1). */
	{
		ec_band		b[2] = {band(true, -0.1, true, 0), band(false, 0, true, -0.1)};

		b[0].min_inclusive = true;
		b[1].max_inclusive = false;
		CHECK(ec_bands_check(b, 2, &bad, &other) == EC_OK);
		CHECK_INT(ec_band_find(b, 2, -100000000), 0);
		CHECK_INT(ec_band_find(b, 2, -100000001), 1);
		CHECK_INT(ec_band_find(b, 2, 0), 0);
		CHECK_INT(ec_band_find(b, 2, 1), -1);
		/* both closed at -0.1: they share that point */
		b[1].max_inclusive = true;
		CHECK(ec_bands_check(b, 2, &bad, &other) == EC_ERR_OVERLAP);
		CHECK_INT(bad, 0);
		CHECK_INT(other, 1);
	}
	/* Overlaps, empty bands, bad bounds. */
	{
		ec_band		b[3] = {band(true, 0, true, 1), band(true, 0.5, true, 2), band(false, 0, false, 0)};
		ec_band		point = band(true, 0.5, true, 0.5);

		CHECK(ec_bands_check(b, 2, &bad, &other) == EC_ERR_OVERLAP);
		CHECK(ec_bands_check(b + 1, 2, &bad, &other) == EC_ERR_OVERLAP);	/* unbounded */
		CHECK(ec_bands_check(b + 2, 1, &bad, &other) == EC_OK);
		CHECK(ec_bands_check(&point, 1, &bad, &other) == EC_ERR_BAD_BAND);	/* (0.5, 0.5] */
		point.min_inclusive = true;
		CHECK(ec_bands_check(&point, 1, &bad, &other) == EC_OK);	/* [0.5, 0.5] */
		CHECK_INT(ec_band_find(&point, 1, 500000000), 0);
		b[0].min = 2;
		CHECK(ec_bands_check(b, 1, &bad, &other) == EC_ERR_BAD_BAND);	/* min > max */
		b[0].min = NAN;
		CHECK(ec_bands_check(b, 1, &bad, &other) == EC_ERR_BAD_BAND);
		CHECK_INT(bad, 0);
		CHECK(ec_bands_check(b, 0, &bad, &other) == EC_OK);
	}

	/* P index: 0.85 × 0.25 × (3/3 + 0.3/0.3 + 1.2/1.5 + 0.04/0.05) = 0.765 */
	{
		double		c[4] = {3.0, 0.3, 1.2, 0.04};
		double		c0[4] = {3.0, 0.3, 1.5, 0.05};
		double		w[4] = {0.25, 0.25, 0.25, 0.25};
		double		p = 0;

		CHECK(ec_p_index(4, c, c0, w, 0.85, &p, &bad) == EC_OK);
		CHECK_NEAR(p, 0.765, 1e-12);
		c0[2] = 0;
		CHECK(ec_p_index(4, c, c0, w, 0.85, &p, &bad) == EC_ERR_BAD_TARGET);
		CHECK_INT(bad, 2);
		c0[2] = -1;
		CHECK(ec_p_index(4, c, c0, w, 0.85, &p, &bad) == EC_ERR_BAD_TARGET);
		c0[2] = 1.5;
		c[1] = -0.1;
		CHECK(ec_p_index(4, c, c0, w, 0.85, &p, &bad) == EC_ERR_BAD_VALUE);
		CHECK_INT(bad, 1);
		c[1] = 0.3;
		w[3] = NAN;
		CHECK(ec_p_index(4, c, c0, w, 0.85, &p, &bad) == EC_ERR_BAD_WEIGHT);
		CHECK_INT(bad, 3);
		w[3] = 0.25;
		CHECK(ec_p_index(4, c, c0, w, 0, &p, &bad) == EC_ERR_BAD_WEIGHT);
		CHECK_INT(bad, -1);
		CHECK(ec_p_index(0, c, c0, w, 0.85, &p, &bad) == EC_ERR_EMPTY);
	}

	/* Σ C/S: COD 20/20 + NH3-N 0.5/1.0 + TP 0.1/0.2 = 2; DO 5/2.5 = 2;
	 * pH 8 -> 0.5; TP 0.1 in a lake: 0.1/0.05 = 2. */
	{
		int			p[4] = {ec_param_index("COD", 3), ec_param_index("NH3-N", 5),
			ec_param_index("TP", 2), ec_param_index("DO", 2)};
		double		c[4] = {20, 0.5, 0.1, 2.5};
		int			ph = ec_param_index("pH", 2);
		int			tp = ec_param_index("TP", 2);
		int			wt = ec_param_index("water_temp", 10);
		int			flow = ec_param_index("flow", 4);
		double		ph8 = 8,
					tp01 = 0.1,
					x = 0;

		CHECK(ec_pollution_index(3, p, c, false, &x, &bad) == EC_OK);
		CHECK_NEAR(x, 2.0, 1e-12);
		CHECK(ec_pollution_index(4, p, c, false, &x, &bad) == EC_OK);
		CHECK_NEAR(x, 4.0, 1e-12);
		CHECK(ec_pollution_index(1, &ph, &ph8, false, &x, &bad) == EC_OK);
		CHECK_NEAR(x, 0.5, 1e-12);
		CHECK(ec_pollution_index(1, &tp, &tp01, true, &x, &bad) == EC_OK);
		CHECK_NEAR(x, 2.0, 1e-12);
		CHECK(ec_pollution_index(1, &wt, &tp01, false, &x, &bad) == EC_ERR_NO_LIMIT);
		CHECK(ec_pollution_index(1, &flow, &tp01, false, &x, &bad) == EC_ERR_NO_LIMIT);
		c[3] = 0;
		CHECK(ec_pollution_index(4, p, c, false, &x, &bad) == EC_ERR_BAD_VALUE);
		CHECK_INT(bad, 3);
		c[0] = -1;
		CHECK(ec_pollution_index(1, p, c, false, &x, &bad) == EC_ERR_BAD_VALUE);
		CHECK(ec_pollution_index(0, p, c, false, &x, &bad) == EC_ERR_EMPTY);
	}
	CHECK_STR(ec_status_text(EC_ERR_OVERLAP), "two bands overlap");
}

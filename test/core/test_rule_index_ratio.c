/* index_ratio kernel: P = k0·Σ kᵢ·Cᵢ/Cᵢ₀ against a threshold.  Expected
 * values computed by hand (see docs/methods/index_ratio.md). */
#include "check.h"
#include "rule_index_ratio.h"

#include <math.h>

#define YI INT64_C(10000000000)	/* 1 亿元 in fen */

void
test_rule_index_ratio(void)
{
	ec_index_ratio_out out;
	double		terms[4];

	/* Xin'an round 1 style: k0 0.85, four indicators at their baseline:
	 * P = 0.85 → better → Zhejiang pays Anhui 1 亿. */
	{
		double		c[4] = {2.5, 0.125, 1.0, 0.025};
		double		w[4] = {0.25, 0.25, 0.25, 0.25};
		ec_index_ratio_in in = {4, c, c, w, 0.85, 1.0, true, YI, YI};

		CHECK_INT(ec_index_ratio(&in, &out, terms), EC_OK);
		CHECK_NEAR(out.p, 0.85, 1e-12);
		CHECK(out.better);
		CHECK(!out.at_threshold);
		CHECK_INT(out.amount, YI);
		CHECK_NEAR(terms[0], 0.2125, 1e-12);
	}

	/* Round 3 weights 0.2/0.2/0.3/0.3, k0 0.9; ratios 0.8, 0.8, 1.0, 1.2:
	 * Σ = 0.16 + 0.16 + 0.30 + 0.36 = 0.98, P = 0.882 → better. */
	{
		double		c[4] = {2.0, 0.1, 1.0, 0.03};
		double		b[4] = {2.5, 0.125, 1.0, 0.025};
		double		w[4] = {0.2, 0.2, 0.3, 0.3};
		ec_index_ratio_in in = {4, c, b, w, 0.9, 1.0, true, 2 * YI, 2 * YI};

		CHECK_INT(ec_index_ratio(&in, &out, terms), EC_OK);
		CHECK_NEAR(out.p, 0.882, 1e-12);
		CHECK_INT(out.amount, 2 * YI);
		CHECK_NEAR(terms[3], 0.9 * 0.36, 1e-12);
	}

	/* P exactly 1 (k0 1, every ratio 1): inclusive → better, strict → worse. */
	{
		double		c[4] = {3.0, 0.5, 1.5, 0.1};
		double		w[4] = {0.25, 0.25, 0.25, 0.25};
		ec_index_ratio_in in = {4, c, c, w, 1.0, 1.0, true, YI, YI / 2};

		CHECK_INT(ec_index_ratio(&in, &out, NULL), EC_OK);
		CHECK(out.at_threshold);
		CHECK_INT(out.amount, YI);
		in.inclusive = false;
		CHECK_INT(ec_index_ratio(&in, &out, NULL), EC_OK);
		CHECK(out.at_threshold);
		CHECK(!out.better);
		CHECK_INT(out.amount, -YI / 2);
	}

	/* P = 0.85 × 2.0 / 1.7 = 1 exactly in decimal arithmetic (1.0000000000000002
	 * in binary): a tie, decided by `inclusive`. */
	{
		double		c[1] = {2.0};
		double		b[1] = {1.7};
		double		w[1] = {1.0};
		ec_index_ratio_in in = {1, c, b, w, 0.85, 1.0, true, 100, 200};

		CHECK_INT(ec_index_ratio(&in, &out, NULL), EC_OK);
		CHECK(out.at_threshold);
		CHECK_INT(out.amount, 100);
		in.inclusive = false;
		CHECK_INT(ec_index_ratio(&in, &out, NULL), EC_OK);
		CHECK_INT(out.amount, -200);
		/* just above the threshold: worse either way */
		c[0] = 2.0001;
		in.inclusive = true;
		CHECK_INT(ec_index_ratio(&in, &out, NULL), EC_OK);
		CHECK(!out.at_threshold);
		CHECK_INT(out.amount, -200);
		/* threshold 0.9 instead of 1 */
		c[0] = 1.8;
		in.threshold = 0.9;
		CHECK_INT(ec_index_ratio(&in, &out, NULL), EC_OK);
		CHECK(out.at_threshold);
		CHECK_INT(out.amount, 100);
	}

	/* Missing data and bad input. */
	{
		double		c[2] = {1.0, NAN};
		double		b[2] = {1.0, 1.0};
		double		w[2] = {0.5, 0.5};
		ec_index_ratio_in in = {2, c, b, w, 1.0, 1.0, true, 100, 100};

		CHECK_INT(ec_index_ratio(&in, &out, NULL), EC_ERR_MISSING_MEAN);
		CHECK_INT(out.bad_index, 1);
		CHECK_INT(out.amount, 0);
		c[1] = 1.0;
		b[0] = 0;
		CHECK_INT(ec_index_ratio(&in, &out, NULL), EC_ERR_BAD_TARGET);
		CHECK_INT(out.bad_index, 0);
		b[0] = NAN;
		CHECK_INT(ec_index_ratio(&in, &out, NULL), EC_ERR_BAD_TARGET);
		b[0] = 1.0;
		w[1] = -0.5;
		CHECK_INT(ec_index_ratio(&in, &out, NULL), EC_ERR_BAD_WEIGHT);
		w[1] = 0.5;
		in.amount = -1;
		CHECK_INT(ec_index_ratio(&in, &out, NULL), EC_ERR_BAD_AMOUNT);
		in.amount = 1;
		in.n = 0;
		CHECK_INT(ec_index_ratio(&in, &out, NULL), EC_ERR_EMPTY);
	}
}

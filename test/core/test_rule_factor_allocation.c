/* factor_allocation: a Jiangxi-style split (hand-computed). */
#include "check.h"
#include "rule_factor_allocation.h"

void
test_rule_factor_allocation(void)
{
	/* 1 亿 to counties A, B, C.  Water quality (0.7): 90, 80, 70 of 240;
	 * forest (0.2): 100, 300, 100 of 500; water management (0.1): 1, 1, 2.
	 * A = 0.7·0.375 + 0.2·0.2 + 0.1·0.25 = 0.3275        -> 32 750 000.00
	 * B = 0.7/3 + 0.2·0.6 + 0.1·0.25 = 0.378333...       -> 37 833 333.33
	 * C = 0.7·0.291666... + 0.2·0.2 + 0.1·0.5 = 0.294166... -> 29 416 666.67
	 * (the last fen goes to C, remainder .67 against B's .33) */
	double		w[3] = {0.7, 0.2, 0.1};
	double		v[9] = {90, 80, 70, 100, 300, 100, 1, 1, 2};
	double		share[11];
	ec_fen		amount[11];
	ec_fa_input in = {3, 3, w, v, INT64_C(10000000000)};
	ec_fa_output out = {share, amount, 0, 0};

	CHECK(ec_factor_allocation(&in, &out) == EC_OK);
	CHECK_NEAR(share[0], 0.3275, 1e-12);
	CHECK_NEAR(share[1], 0.378333333333333, 1e-12);
	CHECK_INT(amount[0], INT64_C(3275000000));
	CHECK_INT(amount[1], INT64_C(3783333333));
	CHECK_INT(amount[2], INT64_C(2941666667));
	CHECK_INT(amount[0] + amount[1] + amount[2], INT64_C(10000000000));

	/* weights 70 : 20 : 10 give the same split */
	w[0] = 70;
	w[1] = 20;
	w[2] = 10;
	CHECK(ec_factor_allocation(&in, &out) == EC_OK);
	CHECK_INT(amount[1], INT64_C(3783333333));
	CHECK_NEAR(share[0], 0.3275, 1e-12);

	/* 0.01 yuan eleven ways: one fen to the first */
	{
		double		w1 = 1;
		double		v1[11] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
		ec_fa_input in1 = {1, 11, &w1, v1, 1};
		ec_fen		s = 0;

		CHECK(ec_factor_allocation(&in1, &out) == EC_OK);
		CHECK_INT(amount[0], 1);
		for (int i = 0; i < 11; i++)
			s += amount[i];
		CHECK_INT(s, 1);
	}

	/* a factor with weight 0 may have all-zero values; one with a weight
	 * may not */
	v[6] = v[7] = v[8] = 0;
	CHECK(ec_factor_allocation(&in, &out) == EC_ERR_BAD_FACTOR);
	CHECK_INT(out.bad, 2);
	w[2] = 0;
	CHECK(ec_factor_allocation(&in, &out) == EC_OK);
	/* A = (0.7·0.375 + 0.2·0.2) / 0.9 = 0.302.../0.9 = 0.3361111... */
	CHECK_NEAR(share[0], 0.3025 / 0.9, 1e-12);
	v[4] = -1;
	CHECK(ec_factor_allocation(&in, &out) == EC_ERR_BAD_FACTOR);
	CHECK_INT(out.bad, 1);
	CHECK_INT(out.bad_party, 1);
	v[4] = 300;
	w[0] = w[1] = 0;
	CHECK(ec_factor_allocation(&in, &out) == EC_ERR_BAD_WEIGHT);
	w[0] = -1;
	CHECK(ec_factor_allocation(&in, &out) == EC_ERR_BAD_WEIGHT);
	CHECK_INT(out.bad, 0);
	in.nfactors = 0;
	CHECK(ec_factor_allocation(&in, &out) == EC_ERR_EMPTY);
}

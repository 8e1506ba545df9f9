/* linear: Heze (2014), signs, rounding, caps. */
#include "band.h"
#include "check.h"
#include "rule_linear.h"

void
test_rule_linear(void)
{
	/* Heze: (30 − C_COD) × 2万 + (1.5 − C_NH3N) × 30万 */
	double		mean[2] = {20, 1.0};
	double		target[2] = {30, 1.5};
	ec_fen		coef[2] = {WAN(2), WAN(30)};
	int64_t		diff[2];
	ec_fen		term[2];
	ec_linear_input in = {2, mean, target, coef, -1};
	ec_linear_output out = {diff, term, 0, 0, 0};

	/* COD 20, NH3-N 1.0: 20万 + 15万 = 35万 (the source prints 45万, which
	 * its own formula does not give) */
	CHECK(ec_linear(&in, &out) == EC_OK);
	CHECK_INT(diff[0], INT64_C(10000000000));
	CHECK_INT(term[0], WAN(20));
	CHECK_INT(term[1], WAN(15));
	CHECK_INT(out.total, WAN(35));
	/* cap 30万 */
	in.cap = WAN(30);
	CHECK(ec_linear(&in, &out) == EC_OK);
	CHECK_INT(out.uncapped, WAN(35));
	CHECK_INT(out.total, WAN(30));
	in.cap = -1;

	/* COD 35, NH3-N 2.0: −10万 − 15万 = −25万: the county pays */
	mean[0] = 35;
	mean[1] = 2.0;
	CHECK(ec_linear(&in, &out) == EC_OK);
	CHECK_INT(term[0], -WAN(10));
	CHECK_INT(term[1], -WAN(15));
	CHECK_INT(out.total, -WAN(25));
	in.cap = WAN(20);
	CHECK(ec_linear(&in, &out) == EC_OK);
	CHECK_INT(out.total, -WAN(20));
	in.cap = -1;

	/* exactly on target: 0; 1.5 − 1.4 = 0.1 (0.10000000000000009 in binary)
	 * -> exactly 3万 */
	mean[0] = 30;
	mean[1] = 1.4;
	CHECK(ec_linear(&in, &out) == EC_OK);
	CHECK_INT(term[0], 0);
	CHECK_INT(term[1], WAN(3));

	/* half a fen rounds away from zero: 3 fen × ±0.5 = ±2 fen */
	{
		double		m2[2] = {1.0, 2.0};
		double		t2[2] = {1.5, 1.5};
		ec_fen		c2[2] = {3, 3};
		ec_linear_input in2 = {2, m2, t2, c2, -1};

		CHECK(ec_linear(&in2, &out) == EC_OK);
		CHECK_INT(term[0], 2);
		CHECK_INT(term[1], -2);
		CHECK_INT(out.total, 0);
	}

	/* errors */
	mean[1] = -0.1;
	CHECK(ec_linear(&in, &out) == EC_ERR_BAD_VALUE);
	CHECK_INT(out.bad, 1);
	mean[1] = 1;
	target[0] = INFINITY;
	CHECK(ec_linear(&in, &out) == EC_ERR_BAD_TARGET);
	target[0] = 30;
	coef[0] = EC_FEN_MAX;
	mean[0] = 10;
	CHECK(ec_linear(&in, &out) == EC_ERR_OVERFLOW);
}

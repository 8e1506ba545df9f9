/* class_target kernel: amount per unit by class, netted, capped. */
#include "check.h"
#include "rule_class_target.h"

#define WAN INT64_C(1000000)	/* 1 万元 in fen */

void
test_rule_class_target(void)
{
	ec_class_target_out out;
	ec_fen		units[12];

	/* Lushui: Class III or better +100 万 a month, worse −100 万.  Classes
	 * II III III IV III II V III III III 劣V III: 9 good, 3 bad months →
	 * net (9 − 3) × 100 万 = +600 万. */
	{
		int			cls[12] = {2, 3, 3, 4, 3, 2, 5, 3, 3, 3, 6, 3};
		ec_fen		amt[6] = {100 * WAN, 100 * WAN, 100 * WAN, -100 * WAN, -100 * WAN, -100 * WAN};
		ec_class_target_in in = {12, cls, amt, false, 0};

		CHECK(ec_class_target(&in, &out, units) == EC_OK);
		CHECK_INT(out.total, 600 * WAN);
		CHECK_INT(out.uncapped, 600 * WAN);
		CHECK(!out.capped);
		CHECK_INT(out.missing, 0);
		CHECK_INT(units[3], -100 * WAN);
		CHECK_INT(units[10], -100 * WAN);

		/* A month without data (0) contributes nothing: 8 good, 3 bad → +500 万. */
		cls[0] = 0;
		CHECK(ec_class_target(&in, &out, units) == EC_OK);
		CHECK_INT(out.total, 500 * WAN);
		CHECK_INT(out.missing, 1);
		CHECK_INT(units[0], 0);

		/* Cap 300 万: +500 万 is cut to +300 万; a cap of exactly 500 万 is
		 * reached but does not cut. */
		in.has_cap = true;
		in.cap = 300 * WAN;
		CHECK(ec_class_target(&in, &out, NULL) == EC_OK);
		CHECK_INT(out.total, 300 * WAN);
		CHECK_INT(out.uncapped, 500 * WAN);
		CHECK(out.capped);
		in.cap = 500 * WAN;
		CHECK(ec_class_target(&in, &out, NULL) == EC_OK);
		CHECK_INT(out.total, 500 * WAN);
		CHECK(!out.capped);
	}

	/* Yellow River (Liuzhuang), annual: I +12000 万, II +6000 万, III 0,
	 * IV −6000 万, V −12000 万, 劣V −18000 万.  Class IV → −6000 万; with a
	 * cap of 4000 万 → −4000 万. */
	{
		int			cls[1] = {4};
		ec_fen		amt[6] = {12000 * WAN, 6000 * WAN, 0, -6000 * WAN, -12000 * WAN, -18000 * WAN};
		ec_class_target_in in = {1, cls, amt, false, 0};

		CHECK(ec_class_target(&in, &out, NULL) == EC_OK);
		CHECK_INT(out.total, -6000 * WAN);
		cls[0] = 3;
		CHECK(ec_class_target(&in, &out, NULL) == EC_OK);
		CHECK_INT(out.total, 0);
		cls[0] = 4;
		in.has_cap = true;
		in.cap = 4000 * WAN;
		CHECK(ec_class_target(&in, &out, NULL) == EC_OK);
		CHECK_INT(out.total, -4000 * WAN);
		CHECK(out.capped);
	}

	/* Invalid input. */
	{
		int			cls[1] = {7};
		ec_fen		amt[6] = {1, 1, 1, 1, 1, 1};
		ec_class_target_in in = {1, cls, amt, false, 0};

		CHECK(ec_class_target(&in, &out, NULL) != EC_OK);
		cls[0] = 1;
		in.has_cap = true;
		in.cap = -1;
		CHECK(ec_class_target(&in, &out, NULL) != EC_OK);
		in.cap = 0;
		amt[0] = EC_FEN_MAX + 1;
		CHECK(ec_class_target(&in, &out, NULL) != EC_OK);
	}
}

/* compliance_rate kernel: share of months meeting the target vs a threshold. */
#include "check.h"
#include "rule_compliance_rate.h"

#include <math.h>

#define YI INT64_C(10000000000)	/* 1 亿元 in fen */

void
test_rule_compliance_rate(void)
{
	ec_compliance_rate_out out;
	ec_compliance_verdict v[3];
	double		r[3];

	/* Jiuzhou River 2019: threshold 83 %, annual Class III required. */
	{
		int			met[1] = {10}, n[1] = {12}, ok[1] = {1};
		ec_compliance_rate_in in = {1, met, n, ok, NULL, 0.83, YI, YI};

		/* 10 / 12 = 0.833 >= 0.83 → +1 亿 */
		CHECK(ec_compliance_rate(&in, &out, v, r) == EC_OK);
		CHECK_INT(v[0], EC_CR_MET);
		CHECK_NEAR(r[0], 10.0 / 12, 1e-15);
		CHECK_INT(out.amount, YI);
		/* 9 / 12 = 0.75 < 0.83 → −1 亿 */
		met[0] = 9;
		CHECK(ec_compliance_rate(&in, &out, v, r) == EC_OK);
		CHECK_INT(v[0], EC_CR_MISSED);
		CHECK_INT(out.amount, -YI);
		/* 2018 threshold 75 %: 9 / 12 is exactly on it → met */
		in.threshold = 0.75;
		CHECK(ec_compliance_rate(&in, &out, v, r) == EC_OK);
		CHECK_INT(out.amount, YI);
		/* annual class missed: missed whatever the monthly rate */
		met[0] = 12;
		ok[0] = 0;
		CHECK(ec_compliance_rate(&in, &out, v, r) == EC_OK);
		CHECK_INT(out.amount, -YI);
		/* annual class not required */
		ok[0] = -1;
		CHECK(ec_compliance_rate(&in, &out, v, r) == EC_OK);
		CHECK_INT(out.amount, YI);
		/* 2020 threshold 100 %: 11 / 12 misses */
		in.threshold = 1.0;
		met[0] = 11;
		CHECK(ec_compliance_rate(&in, &out, v, r) == EC_OK);
		CHECK_INT(out.amount, -YI);
		/* different amounts each way */
		in.amount_missed = YI / 2;
		CHECK(ec_compliance_rate(&in, &out, v, r) == EC_OK);
		CHECK_INT(out.amount, -YI / 2);
		/* no month with data: not judged, nothing paid */
		met[0] = 0;
		n[0] = 0;
		CHECK(ec_compliance_rate(&in, &out, v, r) == EC_OK);
		CHECK_INT(v[0], EC_CR_NO_DATA);
		CHECK(isnan(r[0]));
		CHECK_INT(out.no_data, 1);
		CHECK_INT(out.amount, 0);
	}

	/* Tingjiang: inflow shares 0.7 (compliant) and 0.3 (not): amount_met
	 * 1 亿 × 0.7 = 7000 万 to upstream, amount_missed 1 亿 × 0.3 = 3000 万 to
	 * downstream; net +4000 万. */
	{
		int			met[2] = {12, 6}, n[2] = {12, 12}, ok[2] = {-1, -1};
		double		sh[2] = {0.7, 0.3};
		ec_compliance_rate_in in = {2, met, n, ok, sh, 1.0, YI, YI};

		CHECK(ec_compliance_rate(&in, &out, v, r) == EC_OK);
		CHECK_INT(v[0], EC_CR_MET);
		CHECK_INT(v[1], EC_CR_MISSED);
		CHECK_INT(out.met_part, 7 * YI / 10);
		CHECK_INT(out.missed_part, 3 * YI / 10);
		CHECK_INT(out.amount, 4 * YI / 10);
	}

	/* Three inflows 1/3 each of 100.00 yuan, one without data: met part
	 * 33.34 (largest remainder, ties to the first), missed 33.33. */
	{
		int			met[3] = {12, 0, 1}, n[3] = {12, 0, 12}, ok[3] = {-1, -1, -1};
		double		sh[3] = {1, 1, 1};
		ec_compliance_rate_in in = {3, met, n, ok, sh, 0.5, 10000, 10000};

		CHECK(ec_compliance_rate(&in, &out, v, r) == EC_OK);
		CHECK_INT(out.met_part, 3334);
		CHECK_INT(out.missed_part, 3333);
		CHECK_INT(out.amount, 1);
		CHECK_INT(out.no_data, 1);
	}

	/* Invalid input. */
	{
		int			met[1] = {13}, n[1] = {12}, ok[1] = {1};
		ec_compliance_rate_in in = {1, met, n, ok, NULL, 0.5, 1, 1};

		CHECK(ec_compliance_rate(&in, &out, NULL, NULL) != EC_OK);
		met[0] = 1;
		in.threshold = 1.5;
		CHECK(ec_compliance_rate(&in, &out, NULL, NULL) != EC_OK);
		in.threshold = 0.5;
		in.amount_met = -1;
		CHECK(ec_compliance_rate(&in, &out, NULL, NULL) != EC_OK);
	}
}

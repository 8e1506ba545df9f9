/* relative_change: Wuhan bands, Yellow River per point, caps. */
#include "band.h"
#include "check.h"
#include "rule_relative_change.h"

/* (min, max] bands with each inclusivity given, no (1 + m) factor */
static ec_band
rb(bool has_min, double min, bool min_incl, bool has_max, double max, bool max_incl, ec_fen amount)
{
	return test_band(has_min, min, min_incl, has_max, max, max_incl, amount, false);
}

void
test_rule_relative_change(void)
{
	/* Wuhan (武政办〔2017〕127号): down > 10% +100万; flat or down <= 10%
	 * +50万; up <= 10% −100万; up > 10% −200万. */
	ec_band		b[4] = {
		rb(false, 0, false, true, -0.1, false, WAN(100)),
		rb(true, -0.1, true, true, 0, true, WAN(50)),
		rb(true, 0, false, true, 0.1, true, -WAN(100)),
		rb(true, 0.1, false, false, 0, false, -WAN(200))};
	double		idx[5] = {0.9, 0.89, 1.0, 1.1, 1.2};
	double		ref[5] = {1.0, 1.0, 1.0, 1.0, 1.0};
	int64_t		r[5];
	int			band[5];
	ec_fen		amount[5];
	ec_rc_input in = {5, idx, ref, b, 4, false, 0, -1};
	ec_rc_output out = {r, band, amount, 0, 0, 0, 0};

	CHECK(ec_relative_change(&in, &out) == EC_OK);
	/* index 0.9 vs 1.0: down exactly 10% -> +50万 */
	CHECK_INT(r[0], -100000000);
	CHECK_INT(band[0], 1);
	CHECK_INT(amount[0], WAN(50));
	/* down 11% -> +100万 */
	CHECK_INT(band[1], 0);
	CHECK_INT(amount[1], WAN(100));
	/* flat -> +50万 */
	CHECK_INT(r[2], 0);
	CHECK_INT(amount[2], WAN(50));
	/* up exactly 10% (1.1 − 1.0 is 0.10000000000000009) -> −100万 */
	CHECK_INT(r[3], 100000000);
	CHECK_INT(amount[3], -WAN(100));
	/* up 20% -> −200万 */
	CHECK_INT(amount[4], -WAN(200));
	CHECK_INT(out.total, -WAN(100));
	in.cap = WAN(50);
	CHECK(ec_relative_change(&in, &out) == EC_OK);
	CHECK_INT(out.uncapped, -WAN(100));
	CHECK_INT(out.total, -WAN(50));

	/* Yellow River index part: 100万 per point, cap 4000万 */
	{
		double		i2[4] = {2.7, 3.3, 1.5, 2.985};
		double		r2[4] = {3.0, 3.0, 3.0, 3.0};
		ec_rc_input pin = {4, i2, r2, NULL, 0, true, WAN(100), WAN(4000)};

		CHECK(ec_relative_change(&pin, &out) == EC_OK);
		CHECK_INT(amount[0], WAN(1000));	/* 10 points better */
		CHECK_INT(amount[1], -WAN(1000));	/* 10 points worse */
		CHECK_INT(amount[2], WAN(5000));	/* 50 points better */
		CHECK_INT(amount[3], WAN(50));	/* half a point */
		CHECK_INT(out.uncapped, WAN(5050));
		CHECK_INT(out.total, WAN(4000));
		CHECK_INT(band[0], -1);
	}

	/* errors */
	ref[2] = 0;
	CHECK(ec_relative_change(&in, &out) == EC_ERR_BAD_TARGET);
	CHECK_INT(out.bad, 2);
	ref[2] = 1;
	idx[0] = NAN;
	CHECK(ec_relative_change(&in, &out) == EC_ERR_BAD_VALUE);
	idx[0] = 0.9;
	b[1].min_inclusive = false;
	b[0].max_inclusive = true;
	CHECK(ec_relative_change(&in, &out) == EC_OK);
	CHECK_INT(amount[0], WAN(100));	/* −10% now in the first band */
	b[1].min_inclusive = true;
	CHECK(ec_relative_change(&in, &out) == EC_ERR_OVERLAP);
}

/* tiered_exceedance: Zhoukou's bands, edges, caps (hand-computed). */
#include "band.h"
#include "check.h"
#include "rule_tiered_exceedance.h"

/* Zhoukou's bands: (min, max], amount × (1 + m) */
static ec_band
zb(double min, bool has_max, double max, ec_fen amount)
{
	return test_band(true, min, false, has_max, max, true, amount, true);
}

void
test_rule_tiered_exceedance(void)
{
	/* Zhoukou: 0.1<m<=0.5 10万×(1+m); <=1.0 25万; <=1.5 50万; <=2.0 100万;
	 * m>2 200万, all × (1+m).  Targets COD 40, NH3-N 2.0. */
	ec_band		b[5] = {zb(0.1, true, 0.5, WAN(10)), zb(0.5, true, 1.0, WAN(25)),
		zb(1.0, true, 1.5, WAN(50)), zb(1.5, true, 2.0, WAN(100)), zb(2.0, false, 0, WAN(200))};
	/* group 0 = COD, 1 = NH3-N */
	int			group[9] = {0, 0, 0, 0, 0, 0, 1, 1, 1};
	double		mean[9] = {30, 44, 44.4, 60, 60.4, 80, 5.0, 7.0, 6.0};
	double		target[9] = {40, 40, 40, 40, 40, 40, 2.0, 2.0, 2.0};
	int64_t		m[9];
	int			band[9];
	ec_fen		pen[9],
				gt[2];
	ec_te_input in = {9, group, mean, target, 2, b, 5, -1, -1};
	ec_te_output out = {m, band, pen, gt, 0, 0, 0};

	CHECK(ec_tiered_exceedance(&in, &out) == EC_OK);
	/* COD 30: m = -0.25, no band */
	CHECK_INT(m[0], -250000000);
	CHECK_INT(band[0], -1);
	CHECK_INT(pen[0], 0);
	/* COD 44: m = 0.1 exactly, on the open lower edge: nothing */
	CHECK_INT(m[1], 100000000);
	CHECK_INT(band[1], -1);
	CHECK_INT(pen[1], 0);
	/* COD 44.4: m = 0.11 -> 10万 × 1.11 = 11.1万 */
	CHECK_INT(band[2], 0);
	CHECK_INT(pen[2], 11100000);
	/* COD 60: m = 0.5, on the closed upper edge of band 0: 10万 × 1.5 */
	CHECK_INT(band[3], 0);
	CHECK_INT(pen[3], WAN(15));
	/* COD 60.4: m = 0.51 -> 25万 × 1.51 = 37.75万 */
	CHECK_INT(band[4], 1);
	CHECK_INT(pen[4], 37750000);
	/* COD 80: m = 1.0 -> 25万 × 2 = 50万 */
	CHECK_INT(band[5], 1);
	CHECK_INT(pen[5], WAN(50));
	/* NH3-N 5.0: m = 1.5 -> 50万 × 2.5 = 125万 */
	CHECK_INT(band[6], 2);
	CHECK_INT(pen[6], WAN(125));
	/* NH3-N 7.0: m = 2.5 -> 200万 × 3.5 = 700万 */
	CHECK_INT(band[7], 4);
	CHECK_INT(pen[7], WAN(700));
	/* NH3-N 6.0: m = 2.0 exactly -> band 3: 100万 × 3 = 300万 */
	CHECK_INT(band[8], 3);
	CHECK_INT(pen[8], WAN(300));
	/* COD 113.85万, NH3-N 1125万; upstream pays 1238.85万 */
	CHECK_INT(gt[0], 113850000);
	CHECK_INT(gt[1], WAN(1125));
	CHECK_INT(out.total, -1238850000);

	/* cap_per_factor 100万: 100万 + 100万 */
	in.cap_per_factor = WAN(100);
	CHECK(ec_tiered_exceedance(&in, &out) == EC_OK);
	CHECK_INT(gt[0], WAN(100));
	CHECK_INT(gt[1], WAN(100));
	CHECK_INT(out.total, -WAN(200));
	/* a cap exactly reached changes nothing */
	in.cap_per_factor = 113850000;
	CHECK(ec_tiered_exceedance(&in, &out) == EC_OK);
	CHECK_INT(gt[0], 113850000);
	CHECK_INT(gt[1], 113850000);
	/* total cap 500万 */
	in.cap_per_factor = -1;
	in.cap = WAN(500);
	CHECK(ec_tiered_exceedance(&in, &out) == EC_OK);
	CHECK_INT(out.total, -WAN(500));
	in.cap = -1;

	/* fixed amounts (Hebei style): 10万 per event below 0.5×, 50万 up to 1× */
	{
		ec_band		h[2] = {zb(0, true, 0.5, WAN(10)), zb(0.5, true, 1.0, WAN(50))};
		ec_te_input hin = {9, group, mean, target, 2, h, 2, -1, -1};

		h[0].times_one_plus_m = h[1].times_one_plus_m = false;
		h[0].max_inclusive = false;
		h[1].min_inclusive = true;
		CHECK(ec_tiered_exceedance(&hin, &out) == EC_OK);
		CHECK_INT(pen[1], WAN(10));	/* m 0.1 */
		CHECK_INT(pen[2], WAN(10));	/* m 0.11 */
		CHECK_INT(pen[3], WAN(50));	/* m 0.5: closed lower edge of band 1 */
		CHECK_INT(pen[5], WAN(50));	/* m 1.0 */
		CHECK_INT(pen[6], 0);		/* m 1.5: beyond every band */
		CHECK_INT(out.total, -WAN(170));
	}

	/* errors */
	target[2] = 0;
	CHECK(ec_tiered_exceedance(&in, &out) == EC_ERR_BAD_TARGET);
	CHECK_INT(out.bad, 2);
	target[2] = 40;
	mean[4] = -1;
	CHECK(ec_tiered_exceedance(&in, &out) == EC_ERR_BAD_VALUE);
	CHECK_INT(out.bad, 4);
	mean[4] = NAN;
	CHECK(ec_tiered_exceedance(&in, &out) == EC_ERR_BAD_VALUE);
	mean[4] = 60.4;
	group[0] = 2;
	CHECK(ec_tiered_exceedance(&in, &out) == EC_ERR_BAD_INDEX);
	group[0] = 0;
	b[1].min = 0.4;
	CHECK(ec_tiered_exceedance(&in, &out) == EC_ERR_OVERLAP);
	CHECK_INT(out.bad, 0);
	CHECK_INT(out.other, 1);
	b[1].min = 0.5;
	b[2].amount = -1;
	CHECK(ec_tiered_exceedance(&in, &out) == EC_ERR_BAD_BAND);
	CHECK_INT(out.bad, 2);
	b[2].amount = EC_FEN_MAX;
	CHECK(ec_tiered_exceedance(&in, &out) == EC_ERR_OVERFLOW);
	b[2].amount = WAN(50);
	CHECK(ec_tiered_exceedance(&in, &out) == EC_OK);
}

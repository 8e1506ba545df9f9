/* flux_exceedance kernel: the Jiangsu formula as published by Zhenjiang. */
#include "check.h"
#include "rule_flux_exceedance.h"

#include <math.h>

void
test_rule_flux_exceedance(void)
{
	/* 10 m³/s × 86 400 s × 30 d = 25 920 000 m³ */
	double		v = 10.0 * 86400 * 30;
	ec_flux_item it[3] = {
		{1.30, 1.0, v, 100000},		/* NH3-N: 7.776 t × 10 万/t = 77.76 万 */
		{0.25, 0.2, v, 100000},		/* TP: 1.296 t × 10 万/t = 12.96 万 */
		{5.0, 6.0, v, 15000},		/* CODMn: below target → 0 */
	};
	ec_flux_result res[3];
	ec_fen		total;
	int			bad;

	CHECK_NEAR(v, 25920000.0, 0);
	CHECK(ec_flux_exceedance(it, 3, false, res, &total, &bad) == EC_OK);
	CHECK_NEAR(res[0].tonnes, 7.776, 1e-9);
	CHECK_INT(res[0].amount, -77760000);
	CHECK_NEAR(res[1].tonnes, 1.296, 1e-9);
	CHECK_INT(res[1].amount, -12960000);
	CHECK_NEAR(res[2].tonnes, 0, 0);
	CHECK_INT(res[2].amount, 0);
	CHECK_INT(total, -90720000);	/* 90.72 万元, upstream pays */

	/* Zhenjiang split (丹阳 84.45 % of NH3-N, 88.07 % of TP; 丹徒 the rest):
	 * 丹阳 pays 656 683.20 + 114 138.72 = 770 821.92 yuan (77.08 万). */
	{
		double		nh3[2] = {0.8445, 0.1555};
		double		tp[2] = {0.8807, 0.1193};
		ec_fen		p1[2], p2[2];

		CHECK(ec_allocate(res[0].amount, nh3, 2, p1));
		CHECK(ec_allocate(res[1].amount, tp, 2, p2));
		CHECK_INT(p1[0], -65668320);
		CHECK_INT(p2[0], -11413872);
		CHECK_INT(p1[0] + p2[0], -77082192);
		CHECK_INT(p1[1] + p2[1], -13637808);
	}

	/* Two-way: CODMn 1.0 mg/L below target → 25.92 t × 1.5 万/t = +38.88 万. */
	CHECK(ec_flux_exceedance(it, 3, true, res, &total, &bad) == EC_OK);
	CHECK_NEAR(res[2].tonnes, -25.92, 1e-9);
	CHECK_INT(res[2].amount, 38880000);
	CHECK_INT(total, -90720000 + 38880000);

	/* Exactly at the target: nothing either way. */
	{
		ec_flux_item at[1] = {{1.0, 1.0, v, 100000}};

		CHECK(ec_flux_exceedance(at, 1, true, res, &total, &bad) == EC_OK);
		CHECK_INT(res[0].amount, 0);
		CHECK_INT(total, 0);
	}

	/* Rounding half up to the fen: 0.000005 mg/L × 1 000 m³ = 5e-9 t ×
	 * 1 000 000 yuan/t = 0.005 yuan → 0.01 yuan (1 fen). */
	{
		ec_flux_item h[1] = {{1.000005, 1.0, 1000, 1000000}};

		CHECK(ec_flux_exceedance(h, 1, false, res, &total, &bad) == EC_OK);
		CHECK_INT(res[0].amount, -1);
	}

	/* Missing data: the item contributes nothing and says why. */
	{
		ec_flux_item m[2] = {{NAN, 1.0, v, 100000}, {1.3, 1.0, NAN, 100000}};

		CHECK(ec_flux_exceedance(m, 2, false, res, &total, &bad) == EC_OK);
		CHECK_INT(res[0].status, EC_FLUX_NO_CONC);
		CHECK_INT(res[1].status, EC_FLUX_NO_VOLUME);
		CHECK_INT(total, 0);
	}

	/* Invalid input. */
	{
		ec_flux_item b[1] = {{1.3, 1.0, v, -1}};

		CHECK(ec_flux_exceedance(b, 1, false, res, &total, &bad) != EC_OK);
		b[0].rate = 1;
		b[0].volume_m3 = -5;
		CHECK(ec_flux_exceedance(b, 1, false, res, &total, &bad) != EC_OK);
		b[0].volume_m3 = 1e300;
		b[0].rate = 1e300;
		CHECK(ec_flux_exceedance(b, 1, false, res, &total, &bad) != EC_OK);
	}
}

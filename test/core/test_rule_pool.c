/* pool: Chishui (Xinhua 2018-03-25), failures and deductions. */
#include "band.h"
#include "check.h"
#include "rule_pool.h"

void
test_rule_pool(void)
{
	/* Yunnan, Guizhou, Sichuan; 2 亿; contributions 1:5:4, allocations
	 * 3:4:3.  清水铺: Yunnan responsible, deduction 50/50 to Guizhou and
	 * Sichuan; 鲢鱼溪: Guizhou responsible, deduction to Sichuan. */
	double		contrib[3] = {1, 5, 4};
	double		alloc[3] = {3, 4, 3};
	int			resp[2] = {0, 1};
	bool		failed[2] = {false, false};
	double		ded[6] = {0, 0.5, 0.5, 0, 0, 1};
	ec_fen		c[3],
				a[3],
				stake[2],
				deducted[2],
				fin[3],
				net[3],
				amount[3];
	int			from[3],
				to[3];
	ec_pool_input in = {3, WAN(20000), contrib, alloc, 2, resp, failed, ded};
	ec_pool_output out = {c, a, stake, deducted, fin, net, 0, from, to, amount, 0};

	/* WE-5, all compliant: Guizhou and Sichuan each pay Yunnan 2000万 */
	CHECK(ec_pool(&in, &out) == EC_OK);
	CHECK_INT(c[0], WAN(2000));
	CHECK_INT(c[1], WAN(10000));
	CHECK_INT(c[2], WAN(8000));
	CHECK_INT(a[0], WAN(6000));
	CHECK_INT(a[1], WAN(8000));
	CHECK_INT(a[2], WAN(6000));
	CHECK_INT(net[0], WAN(4000));
	CHECK_INT(net[1], -WAN(2000));
	CHECK_INT(net[2], -WAN(2000));
	CHECK_INT(out.ntransfers, 2);
	CHECK(from[0] == 1 && to[0] == 0 && amount[0] == WAN(2000));
	CHECK(from[1] == 2 && to[1] == 0 && amount[1] == WAN(2000));
	CHECK_INT(stake[0], WAN(6000));
	CHECK_INT(stake[1], WAN(8000));

	/* 清水铺 fails: Yunnan's 6000万 goes 3000万 each to Guizhou and
	 * Sichuan; nets −2000万, +1000万, +1000万 */
	failed[0] = true;
	CHECK(ec_pool(&in, &out) == EC_OK);
	CHECK_INT(deducted[0], WAN(6000));
	CHECK_INT(fin[0], 0);
	CHECK_INT(fin[1], WAN(11000));
	CHECK_INT(fin[2], WAN(9000));
	CHECK_INT(out.ntransfers, 2);
	CHECK(from[0] == 0 && to[0] == 1 && amount[0] == WAN(1000));
	CHECK(from[1] == 0 && to[1] == 2 && amount[1] == WAN(1000));

	/* 鲢鱼溪 fails: Guizhou's 8000万 goes to Sichuan; nets +4000万,
	 * −10000万, +6000万 */
	failed[0] = false;
	failed[1] = true;
	CHECK(ec_pool(&in, &out) == EC_OK);
	CHECK_INT(net[0], WAN(4000));
	CHECK_INT(net[1], -WAN(10000));
	CHECK_INT(net[2], WAN(6000));
	CHECK_INT(out.ntransfers, 2);
	CHECK(from[0] == 1 && to[0] == 0 && amount[0] == WAN(4000));
	CHECK(from[1] == 1 && to[1] == 2 && amount[1] == WAN(6000));

	/* both fail: finals 0, 3000万, 17000万; nets −2000, −7000, +9000 */
	failed[0] = true;
	CHECK(ec_pool(&in, &out) == EC_OK);
	CHECK_INT(fin[1], WAN(3000));
	CHECK_INT(fin[2], WAN(17000));
	CHECK_INT(out.ntransfers, 2);
	CHECK(from[0] == 0 && to[0] == 2 && amount[0] == WAN(2000));
	CHECK(from[1] == 1 && to[1] == 2 && amount[1] == WAN(7000));

	/* Awkward fen: 1.00 yuan, equal shares, Guizhou answers for two
	 * sections; its 33 fen (34:33:33 allocation gives it 33) are split
	 * 17 + 16 over them; the failing one's 16 fen go half and half:
	 * 8 fen each to Yunnan and Sichuan. */
	{
		double		ones[3] = {1, 1, 1};
		int			r2[2] = {1, 1};
		bool		f2[2] = {false, true};
		double		d2[6] = {0, 0, 1, 0.5, 0, 0.5};
		ec_pool_input in2 = {3, 100, ones, ones, 2, r2, f2, d2};

		CHECK(ec_pool(&in2, &out) == EC_OK);
		CHECK_INT(a[0], 34);
		CHECK_INT(a[1], 33);
		CHECK_INT(stake[0], 17);
		CHECK_INT(stake[1], 16);
		CHECK_INT(fin[0], 42);
		CHECK_INT(fin[1], 17);
		CHECK_INT(fin[2], 41);
		CHECK_INT(fin[0] + fin[1] + fin[2], 100);
		/* nets: +8, −16, +8: Guizhou pays 8 to each */
		CHECK_INT(out.ntransfers, 2);
		CHECK(from[0] == 1 && to[0] == 0 && amount[0] == 8);
		CHECK(from[1] == 1 && to[1] == 2 && amount[1] == 8);
	}

	/* errors */
	ded[0] = 0.5;				/* a deduction back to the responsible party */
	CHECK(ec_pool(&in, &out) == EC_ERR_BAD_WEIGHT);
	CHECK_INT(out.bad, 0);
	ded[0] = 0;
	resp[1] = 3;
	CHECK(ec_pool(&in, &out) == EC_ERR_BAD_INDEX);
	resp[1] = 1;
	contrib[1] = -5;
	CHECK(ec_pool(&in, &out) == EC_ERR_BAD_WEIGHT);
	contrib[1] = 5;
	in.total = -1;
	CHECK(ec_pool(&in, &out) == EC_ERR_OVERFLOW);
}

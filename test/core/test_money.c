/* Exact money: rounding to the fen and largest-remainder splits. */
#include "check.h"
#include "money.h"

static ec_fen
sum(const ec_fen *p, int n)
{
	ec_fen		s = 0;

	for (int i = 0; i < n; i++)
		s += p[i];
	return s;
}

void
test_money(void)
{
	ec_fen		f = 0;
	ec_fen		parts[11];

	CHECK(ec_yuan_to_fen(777600.0, &f) && f == 77760000);
	CHECK(ec_yuan_to_fen(0.125, &f) && f == 13);
	CHECK(ec_yuan_to_fen(-0.125, &f) && f == -13);
	CHECK(ec_yuan_to_fen(0.1 + 0.2, &f) && f == 30);
	CHECK(!ec_yuan_to_fen(NAN, &f));
	CHECK(!ec_yuan_to_fen(1e30, &f));

	/* 100 000 000 yuan three ways: 33 333 333.34 + 33 333 333.33 × 2. */
	{
		double		w[3] = {1, 1, 1};

		CHECK(ec_allocate(INT64_C(10000000000), w, 3, parts));
		CHECK_INT(parts[0], INT64_C(3333333334));
		CHECK_INT(parts[1], INT64_C(3333333333));
		CHECK_INT(parts[2], INT64_C(3333333333));
	}
	/* 0.01 yuan eleven ways: one fen to the first, zero to the rest. */
	{
		double		w[11] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

		CHECK(ec_allocate(1, w, 11, parts));
		CHECK_INT(parts[0], 1);
		CHECK_INT(sum(parts, 11), 1);
	}
	/* Chishui allocation 3:4:3 of 2 亿 is 6000 万 : 8000 万 : 6000 万. */
	{
		double		w[3] = {3, 4, 3};

		CHECK(ec_allocate(INT64_C(20000000000), w, 3, parts));
		CHECK_INT(parts[0], INT64_C(6000000000));
		CHECK_INT(parts[1], INT64_C(8000000000));
		CHECK_INT(parts[2], INT64_C(6000000000));
	}
	/* 100 fen by 1:1:1:0 -> 34, 33, 33, 0; negative totals mirror. */
	{
		double		w[4] = {1, 1, 1, 0};

		CHECK(ec_allocate(-100, w, 4, parts));
		CHECK_INT(parts[0], -34);
		CHECK_INT(parts[1], -33);
		CHECK_INT(parts[3], 0);
		CHECK_INT(sum(parts, 4), -100);
	}
	{
		double		bad[2] = {1, -1};
		double		zero[2] = {0, 0};

		CHECK(!ec_allocate(100, bad, 2, parts));
		CHECK(!ec_allocate(100, zero, 2, parts));
		CHECK(!ec_allocate(100, zero, 0, parts));
	}
}

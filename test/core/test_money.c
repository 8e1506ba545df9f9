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

	/* Decimal weights that are not exact in binary still split exactly:
	 * 0.1 : 0.2 : 0.7 of 1.00 yuan is 0.10 + 0.20 + 0.70. */
	{
		double		w[3] = {0.1, 0.2, 0.7};

		CHECK(ec_allocate(100, w, 3, parts));
		CHECK_INT(parts[0], 10);
		CHECK_INT(parts[1], 20);
		CHECK_INT(parts[2], 70);
	}
	/* Ties in the remainder go to the lower index: 5 fen two ways. */
	{
		double		w[2] = {1, 1};

		CHECK(ec_allocate(5, w, 2, parts));
		CHECK_INT(parts[0], 3);
		CHECK_INT(parts[1], 2);
	}
	/* The largest total, 10^18 - 1 fen, seven ways: 142857142857142857
	 * each, remainder 0; one fen less is 7 × 142857142857142856 + 6, so
	 * six parts get one fen more, the last does not. */
	{
		double		w[7] = {1, 1, 1, 1, 1, 1, 1};

		CHECK(ec_allocate(EC_FEN_MAX, w, 7, parts));
		CHECK_INT(parts[0], INT64_C(142857142857142857));
		CHECK_INT(parts[6], INT64_C(142857142857142857));
		CHECK_INT(sum(parts, 7), EC_FEN_MAX);
		CHECK(ec_allocate(EC_FEN_MAX - 1, w, 7, parts));
		CHECK_INT(parts[0], INT64_C(142857142857142857));
		CHECK_INT(parts[5], INT64_C(142857142857142857));
		CHECK_INT(parts[6], INT64_C(142857142857142856));
		CHECK(!ec_allocate(EC_FEN_MAX + 1, w, 7, parts));
		CHECK(!ec_allocate(-EC_FEN_MAX - 1, w, 7, parts));
	}
	/* Awkward splits always add up: 1..997 fen by weights 1..11. */
	{
		double		w[11];
		int			bad = 0;

		for (int i = 0; i < 11; i++)
			w[i] = i + 1;
		for (ec_fen t = -997; t <= 997; t++)
		{
			if (!ec_allocate(t, w, 11, parts) || sum(parts, 11) != t)
				bad++;
			for (int i = 1; i < 11; i++)
				if ((t >= 0 && parts[i] < parts[i - 1]) || (t < 0 && parts[i] > parts[i - 1]))
					bad++;
		}
		CHECK_INT(bad, 0);
	}
	{
		double		inf[2] = {1, INFINITY};
		double		nan[2] = {NAN, 1};

		CHECK(!ec_allocate(100, inf, 2, parts));
		CHECK(!ec_allocate(100, nan, 2, parts));
	}

	/* Ratios in nano units and exact products with money. */
	{
		int64_t		nano = 0;

		CHECK(ec_to_nano(0.5, &nano) && nano == 500000000);
		/* (0.3 - 0.2) / 0.2 is 0.49999999999999994 in binary: it becomes
		 * exactly 0.5 at 1e-9 resolution. */
		CHECK(ec_to_nano((0.3 - 0.2) / 0.2, &nano) && nano == 500000000);
		CHECK(ec_to_nano(-1.25, &nano) && nano == -1250000000);
		CHECK(ec_to_nano(2.5e-10, &nano) && nano == 0);
		CHECK(ec_to_nano(5e-10, &nano) && nano == 1);
		CHECK(!ec_to_nano(NAN, &nano));
		CHECK(!ec_to_nano(1e10, &nano));

		/* 10 万 × (1 + 0.25) = 12.5 万 */
		CHECK(ec_fen_mul_nano(10000000, 1250000000, &f) && f == 12500000);
		/* 0.05 yuan × 0.5 = 0.025 -> 0.03 (half up), and -0.03 mirrored */
		CHECK(ec_fen_mul_nano(5, 500000000, &f) && f == 3);
		CHECK(ec_fen_mul_nano(5, -500000000, &f) && f == -3);
		CHECK(ec_fen_mul_nano(-5, 500000000, &f) && f == -3);
		CHECK(ec_fen_mul_nano(EC_FEN_MAX, EC_NANO, &f) && f == EC_FEN_MAX);
		CHECK(!ec_fen_mul_nano(EC_FEN_MAX, 2 * EC_NANO, &f));

		f = EC_FEN_MAX - 1;
		CHECK(ec_fen_add(&f, 1) && f == EC_FEN_MAX);
		CHECK(!ec_fen_add(&f, 1) && f == EC_FEN_MAX);
		CHECK_INT(ec_fen_cap(500, 300), 300);
		CHECK_INT(ec_fen_cap(-500, 300), -300);
		CHECK_INT(ec_fen_cap(300, 300), 300);
		CHECK_INT(ec_fen_cap(-500, -1), -500);
	}
}

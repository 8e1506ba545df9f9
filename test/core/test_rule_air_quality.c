/*
 * air_quality kernel: Shandong, Anhui, Henan peer-mean and Henan 2016
 * cumulative settlements worked out by hand (amounts in fen; 1 万元 =
 * 1 000 000 fen).
 */
#include "check.h"
#include "rule_air_quality.h"

#define MAXC 16

static double nobound[2] = {NAN, NAN};

typedef struct run
{
	int64_t		score[MAXC];
	ec_fen		pol[MAXC],
				gd[MAXC],
				unit[MAXC],
				unc[MAXC],
				tot[MAXC];
	ec_aq_output out;
} run;

static void
prepare(run *r)
{
	r->out.score_nano = r->score;
	r->out.pollutant = r->pol;
	r->out.good_day = r->gd;
	r->out.unit_total = r->unit;
	r->out.uncapped = r->unc;
	r->out.total = r->tot;
}

static void
test_shandong(void)
{
	/*
	 * Shandong 2014: weights PM2.5 0.6, PM10 0.15, SO2 0.15, NO2 0.1;
	 * 20 万 per µg/m³; coastal city A at 1.5.
	 * A: last year 50, 90, 20, 40, now 45, 80, 18, 38:
	 *    S = 0.6·5 + 0.15·10 + 0.15·2 + 0.1·2 = 5.0;
	 *    5 × 200 000 × 1.5 = 1 500 000 yuan, fund → A.
	 * B: last year 60, 100, 25, 35, now 62, 104, 24, 36:
	 *    S = −1.2 − 0.6 + 0.15 − 0.1 = −1.75; −350 000 yuan, B → fund.
	 * Good days at 20 万 per point: A 70 % → 75 % (+1 000 000),
	 * B 60 % → 55 % (−1 000 000).
	 */
	double		w[4] = {0.6, 0.15, 0.15, 0.1};
	double		now[8] = {45, 80, 18, 38, 62, 104, 24, 36};
	double		base[8] = {50, 90, 20, 40, 60, 100, 25, 35};
	bool		valid[2] = {true, true};
	double		bmin[1] = {0};
	ec_fen		rate[1] = {20000000};
	double		coef[2] = {1.5, 1.0};
	double		gdd[2] = {0.75 - 0.70, 0.55 - 0.60};
	ec_aq_input in = {2, 1, 4, w, now, base, valid, false, 0, NULL, 1, bmin, nobound, rate, coef,
	NULL, NULL, 0, NULL, -1};
	run			r;

	prepare(&r);
	CHECK(ec_air_quality(&in, &r.out) == EC_OK);
	CHECK_INT(r.score[0], INT64_C(5000000000));
	CHECK_INT(r.score[1], -INT64_C(1750000000));
	CHECK_INT(r.tot[0], INT64_C(150000000));
	CHECK_INT(r.tot[1], -INT64_C(35000000));
	/* the fund pays 1 500 000 and collects 350 000: it is 1 150 000 down */
	CHECK_INT(r.tot[0] + r.tot[1], INT64_C(115000000));

	in.good_day_delta = gdd;
	in.good_day_rate = 20000000;
	CHECK(ec_air_quality(&in, &r.out) == EC_OK);
	CHECK_INT(r.gd[0], INT64_C(100000000));
	CHECK_INT(r.gd[1], -INT64_C(100000000));
	/* A 1 500 000 + 1 000 000; B −350 000 − 1 000 000 */
	CHECK_INT(r.tot[0], INT64_C(250000000));
	CHECK_INT(r.tot[1], -INT64_C(135000000));

	/* cap 2 000 000 yuan per party: A capped, B within */
	in.cap = INT64_C(200000000);
	CHECK(ec_air_quality(&in, &r.out) == EC_OK);
	CHECK_INT(r.unc[0], INT64_C(250000000));
	CHECK_INT(r.tot[0], INT64_C(200000000));
	CHECK_INT(r.tot[1], -INT64_C(135000000));
}

static void
test_anhui(void)
{
	/*
	 * Anhui 2018: PM2.5 0.75, PM10 0.25, here 50 万 per µg/m³.
	 * X met its target:            S = 0.75·6 + 0.25·4 = 5.5 -> 2 750 000 × 1
	 * Y missed, better than avg:   S = 0.75·4 + 0          = 3   -> 1 500 000 × 0.5 = 750 000
	 * Z missed, worse than avg:    S = 0.75·1 − 0.25·1     = 0.5 -> 250 000 × 0.2 = 50 000
	 * W worsened (class "worse"):  S = −0.75·2             = −1.5 -> −750 000 at 1
	 */
	double		w[2] = {0.75, 0.25};
	double		base[8] = {50, 80, 60, 90, 55, 85, 40, 70};
	double		now[8] = {44, 76, 56, 90, 54, 86, 42, 70};
	bool		valid[4] = {true, true, true, true};
	double		bmin[1] = {0};
	ec_fen		rate[1] = {50000000};
	double		coef[4] = {1, 1, 1, 1};
	int64_t		tc[4] = {EC_NANO, EC_NANO / 2, EC_NANO / 5, EC_NANO / 5};
	ec_aq_input in = {4, 1, 2, w, now, base, valid, false, 0, NULL, 1, bmin, nobound, rate, coef,
	tc, NULL, 0, NULL, -1};
	run			r;

	prepare(&r);
	CHECK(ec_air_quality(&in, &r.out) == EC_OK);
	CHECK_INT(r.tot[0], INT64_C(275000000));
	CHECK_INT(r.tot[1], INT64_C(75000000));
	CHECK_INT(r.tot[2], INT64_C(5000000));
	CHECK_INT(r.tot[3], -INT64_C(75000000));
}

static void
test_henan_peer_mean(void)
{
	/*
	 * Henan 2020: PM2.5 only, base = the mean over the cities; ladder
	 * 0–5 at 10 万, above 5 at 20 万.  Cities 40, 45, 50 and 38:
	 * mean (40 + 45 + 50 + 38)/4 = 43.25 is not what we want for edges, so
	 * three cities 40, 45, 50: mean 45, S = +5, 0, −5 exactly on the edge:
	 * 5 × 100 000 = 500 000 (band 2 adds nothing), 0, −500 000.
	 * A fourth case, S = 7: 500 000 + 2 × 200 000 = 900 000.
	 */
	double		w[1] = {1};
	double		now[4] = {40, 45, 50, 38};
	double		base[4] = {45, 45, 45, 45};
	bool		valid[4] = {true, true, true, true};
	double		bmin[2] = {0, 5};
	double		bmax[2] = {5, NAN};
	ec_fen		rate[2] = {10000000, 20000000};
	double		coef[4] = {1, 1, 1, 1};
	ec_aq_input in = {4, 1, 1, w, now, base, valid, false, 0, NULL, 2, bmin, bmax, rate, coef,
	NULL, NULL, 0, NULL, -1};
	run			r;

	prepare(&r);
	CHECK(ec_air_quality(&in, &r.out) == EC_OK);
	CHECK_INT(r.tot[0], INT64_C(50000000));
	CHECK_INT(r.score[1], 0);
	CHECK_INT(r.tot[1], 0);
	CHECK_INT(r.tot[2], -INT64_C(50000000));
	CHECK_INT(r.tot[3], INT64_C(90000000));

	/* S = 5.000000001 is 1e-9 into band 2: +0.0002 yuan, rounds to 500 000.00 */
	{
		ec_fen		f = 0;

		CHECK(ec_aq_amount(INT64_C(5000000001), 2, bmin, bmax, rate, EC_NANO, EC_NANO, &f));
		CHECK_INT(f, INT64_C(50000000));
		/* S = 5.5: 500 000 + 0.5 × 200 000 = 600 000 */
		CHECK(ec_aq_amount(INT64_C(5500000000), 2, bmin, bmax, rate, EC_NANO, EC_NANO, &f));
		CHECK_INT(f, INT64_C(60000000));
	}
	/* overlapping bands are refused */
	{
		double		omin[2] = {0, 4};

		in.band_min = omin;
		CHECK(ec_air_quality(&in, &r.out) == EC_ERR_OVERLAP);
	}
}

static void
test_henan_cumulative(void)
{
	/*
	 * Henan 2016: target PM2.5 60, rate 100 000.01 yuan (10 000 001 fen)
	 * per µg/m³; year-to-date means through Jan, Feb, Mar: 70.3, 66.7, 62.1.
	 * F(S) = round(S × 10 000 001 fen):
	 *   S_Jan = −10.3 -> −103 000 010.3 -> −103 000 010
	 *   S_Feb = −6.7  ->  −67 000 006.7 ->  −67 000 007
	 *   S_Mar = −2.1  ->  −21 000 002.1 ->  −21 000 002
	 * Units: −103 000 010, +36 000 003, +46 000 005; sum −21 000 002 = F(S_Mar),
	 * the year's amount against target, to the fen.
	 */
	double		w[1] = {1};
	double		now[3] = {70.3, 66.7, 62.1};
	double		base[3] = {60, 60, 60};
	bool		valid[3] = {true, true, true};
	double		bmin[1] = {0};
	ec_fen		rate[1] = {10000001};
	double		coef[1] = {1};
	ec_aq_input in = {1, 3, 1, w, now, base, valid, true, 0, NULL, 1, bmin, nobound, rate, coef,
	NULL, NULL, 0, NULL, -1};
	run			r;

	prepare(&r);
	CHECK(ec_air_quality(&in, &r.out) == EC_OK);
	CHECK_INT(r.pol[0], -INT64_C(103000010));
	CHECK_INT(r.pol[1], INT64_C(36000003));
	CHECK_INT(r.pol[2], INT64_C(46000005));
	CHECK_INT(r.tot[0], -INT64_C(21000002));

	/* February missing: March pays F(Mar) − F(Jan); the sum still holds */
	valid[1] = false;
	CHECK(ec_air_quality(&in, &r.out) == EC_OK);
	CHECK_INT(r.pol[1], 0);
	CHECK_INT(r.pol[2], INT64_C(82000008));
	CHECK_INT(r.tot[0], -INT64_C(21000002));

	/* March settled alone: January and February carry, March pays
	 * F(Mar) − F(Feb) = −21 000 002 + 67 000 007 = 46 000 005 */
	valid[1] = true;
	in.paid_from = 2;
	CHECK(ec_air_quality(&in, &r.out) == EC_OK);
	CHECK_INT(r.pol[0], 0);
	CHECK_INT(r.pol[1], 0);
	CHECK_INT(r.pol[2], INT64_C(46000005));
	CHECK_INT(r.tot[0], INT64_C(46000005));
	/* a new year at March: it pays F(Mar) from 0 */
	{
		bool		resets[3] = {false, false, true};

		in.paid_from = 0;
		in.resets = resets;
		CHECK(ec_air_quality(&in, &r.out) == EC_OK);
		CHECK_INT(r.pol[2], -INT64_C(21000002));
	}
}

static void
test_errors(void)
{
	double		w[1] = {1};
	double		now[1] = {-1};
	double		base[1] = {45};
	bool		valid[1] = {true};
	double		bmin[1] = {0};
	ec_fen		rate[1] = {100};
	double		coef[1] = {1};
	ec_aq_input in = {1, 1, 1, w, now, base, valid, false, 0, NULL, 1, bmin, nobound, rate, coef,
	NULL, NULL, 0, NULL, -1};
	run			r;

	prepare(&r);
	CHECK(ec_air_quality(&in, &r.out) == EC_ERR_BAD_VALUE);
	now[0] = 40;
	coef[0] = 0;
	CHECK(ec_air_quality(&in, &r.out) == EC_ERR_BAD_WEIGHT);
	coef[0] = 1;
	w[0] = 0;
	CHECK(ec_air_quality(&in, &r.out) == EC_ERR_BAD_WEIGHT);
	w[0] = 1;
	base[0] = NAN;
	CHECK(ec_air_quality(&in, &r.out) == EC_ERR_BAD_TARGET);
	/* a missing cell is skipped, not a zero that pays */
	valid[0] = false;
	CHECK(ec_air_quality(&in, &r.out) == EC_OK);
	CHECK_INT(r.tot[0], 0);
	/* huge rate × score overflows cleanly */
	valid[0] = true;
	base[0] = 1e9;
	rate[0] = EC_FEN_MAX;
	CHECK(ec_air_quality(&in, &r.out) == EC_ERR_OVERFLOW);
}

/*
 * An amount whose coefficients push it past 128 bits is an overflow, not
 * the wrapped-around remainder (found by test/fuzz/fuzz_rule_air_quality.c).
 * S = 9e9 µg/m³ at 4 755 400 fen per µg/m³ is 4.27986e25 fen·1e-9; the
 * coefficient 2.65 makes it 1.1341629e26; times the target coefficient
 * 3000.295344884 it is 3.40282366925e29 > 2^128 / 1e9 = 3.4028236692e29:
 * the 128-bit product wraps to 7.5e16, which used to pay 752 968.97 yuan.
 */
static void
test_amount_overflow(void)
{
	double		bmin[1] = {0},
				bmax[1] = {NAN};
	ec_fen		rate[1] = {4755400};
	ec_fen		f = 12345;

	CHECK(!ec_aq_amount(-INT64_C(9000000000000000000), 1, bmin, bmax, rate,
						INT64_C(2650000000), INT64_C(3000295344884), &f));
	CHECK_INT(f, 12345);
	/* the same with a coefficient of 2.65 and no multiplier fits: 1.134e17 fen */
	CHECK(ec_aq_amount(-INT64_C(9000000000000000000), 1, bmin, bmax, rate,
					   INT64_C(2650000000), EC_NANO, &f));
	CHECK_INT(f, -INT64_C(113416290000000000));
	/* negative coefficients are refused, not read as huge unsigned ones */
	CHECK(!ec_aq_amount(INT64_C(1000000000), 1, bmin, bmax, rate, -EC_NANO, EC_NANO, &f));
	CHECK(!ec_aq_amount(INT64_C(1000000000), 1, bmin, bmax, rate, EC_NANO, -EC_NANO, &f));
}

void
test_rule_air_quality(void)
{
	test_shandong();
	test_anhui();
	test_henan_peer_mean();
	test_henan_cumulative();
	test_errors();
	test_amount_overflow();
}

/*
 * Loads, interval weights, interpolation, Beale's estimator and the
 * assessment of one unit period.  Expected values are worked out by hand in
 * the comments (times in days unless stated; D = 86 400 s).
 */
#include <stdlib.h>

#include "check.h"
#include "loads.h"

#define D EC_SECONDS_PER_DAY

static const ec_param *
param(const char *code)
{
	int			i = ec_param_index(code, (int) strlen(code));

	return i < 0 ? NULL : &ec_params[i];
}

static void
test_nd_and_weights(void)
{
	ec_nd_rule	r = EC_ND_LIMIT;
	double		t[5] = {2, 4, 6, 20, 24};
	double		w[5];

	CHECK(ec_nd_rule_parse("half", 4, &r) && r == EC_ND_HALF);
	CHECK(ec_nd_rule_parse("limit", 5, &r) && r == EC_ND_LIMIT);
	CHECK(ec_nd_rule_parse("zero", 4, &r) && r == EC_ND_ZERO);
	CHECK(!ec_nd_rule_parse("halfx", 5, &r));
	CHECK(!ec_nd_rule_parse("Half", 4, &r));
	CHECK(!ec_nd_rule_parse("", 0, &r));
	CHECK_NEAR(ec_nd_value(0.2, true, EC_ND_HALF), 0.1, 0);
	CHECK_NEAR(ec_nd_value(0.2, true, EC_ND_LIMIT), 0.2, 0);
	CHECK_NEAR(ec_nd_value(0.2, true, EC_ND_ZERO), 0.0, 0);
	CHECK_NEAR(ec_nd_value(0.2, false, EC_ND_ZERO), 0.2, 0);

	/* Month [0, 30]: [0,3] [3,5] [5,13] [13,22] [22,30]. */
	ec_interval_weights(t, 5, 0, 30, w);
	CHECK_NEAR(w[0], 3, 1e-12);
	CHECK_NEAR(w[1], 2, 1e-12);
	CHECK_NEAR(w[2], 8, 1e-12);
	CHECK_NEAR(w[3], 9, 1e-12);
	CHECK_NEAR(w[4], 8, 1e-12);
	/* Without bounds: from the first to the last sample, [2,3] ... [22,24]. */
	ec_interval_weights(t, 5, NAN, NAN, w);
	CHECK_NEAR(w[0], 1, 1e-12);
	CHECK_NEAR(w[4], 2, 1e-12);
	CHECK_NEAR(w[0] + w[1] + w[2] + w[3] + w[4], 22, 1e-12);
	/* One sample: the whole period, or nothing without bounds. */
	ec_interval_weights(t, 1, 0, 30, w);
	CHECK_NEAR(w[0], 30, 0);
	ec_interval_weights(t, 1, NAN, NAN, w);
	CHECK_NEAR(w[0], 0, 0);
}

static void
test_interpolation(void)
{
	double		tf[3] = {0, 10, 25};
	double		qf[3] = {10, 20, 10};
	double		tq[6] = {-1, 2, 10, 20, 24, 31};
	double		want[6] = {10, 12, 20, 20 - 10.0 * 10 / 15, 20 - 10.0 * 14 / 15, 10};
	int			hint = 0;
	double		one_t = 5;
	double		one_q = 7;
	double		dup_t[3] = {0, 10, 10};
	double		dup_q[3] = {1, 2, 3};

	for (int i = 0; i < 6; i++)
		CHECK_NEAR(ec_interpolate(tf, qf, 3, tq[i], &hint), want[i], 1e-12);
	/* without a hint, and out of order */
	CHECK_NEAR(ec_interpolate(tf, qf, 3, 4, NULL), 14, 1e-12);
	hint = 2;
	CHECK_NEAR(ec_interpolate(tf, qf, 3, 6, &hint), 16, 1e-12);
	/* a single flow sample holds for all times */
	CHECK_NEAR(ec_interpolate(&one_t, &one_q, 1, -100, NULL), 7, 0);
	CHECK_NEAR(ec_interpolate(&one_t, &one_q, 1, 100, NULL), 7, 0);
	/* a time shared by two samples: the first of them */
	CHECK_NEAR(ec_interpolate(dup_t, dup_q, 3, 10, NULL), 2, 0);
	CHECK_NEAR(ec_interpolate(dup_t, dup_q, 3, 5, NULL), 1.5, 1e-12);
}

/*
 * Section A1 of test/sql/assessment.sql, in seconds: flows at days 0, 10
 * and 25, NH3-N samples at days 2, 4, 6, 20 and 24.
 */
static const double a1_tf[3] = {0, 10 * D, 25 * D};
static const double a1_qf[3] = {10, 20, 10};
static const double a1_t[5] = {2 * D, 4 * D, 6 * D, 20 * D, 24 * D};
static const double a1_c[5] = {0.8, 1.2, 1.0, 2.0, 0.1};

static void
test_load_integrals(void)
{
	const double *tf = a1_tf, *qf = a1_qf, *t = a1_t, *c = a1_c;
	double		q[5];
	double		w[5];
	int			hint = 0;

	for (int i = 0; i < 5; i++)
		q[i] = ec_interpolate(tf, qf, 3, t[i], &hint);
	/* flow: 10·5 + 20·12.5 + 10·12.5 = 425 m³/s·d over 30 d */
	CHECK_NEAR(ec_time_weighted_mean(tf, qf, 3, 0, 30 * D, w), 425.0 / 30, 1e-12);
	/* (0.8·12·3 + 1.2·14·2 + 1·16·8 + 2·13.33·9 + 0.1·10.67·8) = 438.9333 g/s·d
	 * × 86.4 kg/(g/s·d) = 37 923.84 kg */
	CHECK_NEAR(ec_interval_load_kg(t, c, q, 5, 0, 30 * D, NAN, w), 37923.84, 1e-7);
	/* above 1.0: (0.2·14·2 + 1.0·13.33·9) = 125.6 g/s·d → 10 851.84 kg */
	CHECK_NEAR(ec_interval_load_kg(t, c, q, 5, 0, 30 * D, 1.0, w), 10851.84, 1e-7);
	/* Without bounds (day 2 to day 24): weights 1 2 8 9 2:
	 * 0.8·12·1 + 1.2·14·2 + 16·8 + 26.667·9 + 1.0667·2 = 9.6 + 33.6 + 128 + 240
	 * + 2.1333 = 413.3333 g/s·d → 35 712 kg */
	CHECK_NEAR(ec_interval_load_kg(t, c, q, 5, NAN, NAN, NAN, w), 35712.0, 1e-7);
	/* 1 mg/L at 1 m³/s for one day is 86.4 kg */
	{
		double		t1 = 0.5 * D;
		double		one = 1.0;

		CHECK_NEAR(ec_interval_load_kg(&t1, &one, &one, 1, 0, D, NAN, w), 86.4, 1e-12);
		CHECK_NEAR(ec_interval_load_kg(&t1, &one, &one, 1, 0, D, 1.0, w), 0.0, 0);
		CHECK_NEAR(ec_interval_load_kg(&t1, &one, &one, 0, 0, D, NAN, w), 0.0, 0);
	}
}

static void
test_beale(void)
{
	double		c[2] = {1, 2};
	double		q[2] = {10, 30};
	double		zero[2] = {0, 0};
	double		kg = -1;

	/* l = {10, 60}, l̄ = 35, q̄ = 20, S_lq = 500, S_qq = 200, N = 10 d,
	 * θ = 1/2 - 1/10 = 0.4, μq = 20:
	 * 20·(35/20)·(1 + 0.4·500/700) / (1 + 0.4·200/400) = 37.5 g/s,
	 * × 10 d × 86.4 = 32 400 kg. */
	CHECK(ec_beale_load_kg(c, q, 2, 20, 10 * D, &kg));
	CHECK_NEAR(kg, 32400, 1e-8);
	/* one sample, one day: θ = 0, 20·(20/10) = 40 g/s → 3 456 kg */
	CHECK(ec_beale_load_kg(c + 1, q, 1, 20, D, &kg));
	CHECK_NEAR(kg, 3456, 1e-9);
	/* constant flow: the plain ratio, μq·l̄/q̄ = mean concentration × flow:
	 * c = {1, 2} at 10 m³/s, μq 10, 30 d: 1.5·10·30·86.4 = 38 880 kg */
	{
		double		q10[2] = {10, 10};

		CHECK(ec_beale_load_kg(c, q10, 2, 10, 30 * D, &kg));
		CHECK_NEAR(kg, 38880, 1e-8);
	}
	CHECK(!ec_beale_load_kg(c, q, 0, 20, D, &kg));
	CHECK(!ec_beale_load_kg(c, zero, 2, 20, D, &kg));
}

static int	sort_ticks;

static void
count_tick(void)
{
	sort_ticks++;
}

static void
test_series_check(void)
{
	/* (t, c, q) sorted: a concentration row and a flow row at t = 0 are one sample */
	double		ok[9] = {0, 1.0, NAN, 0, NAN, 10, 2, 1.0, 10};
	/* two concentrations at t = 0: two sections; (t0, 1.0, 10), (t0, 3.0, 10) */
	double		two_c[9] = {0, 1.0, 10, 0, 3.0, 10, 2, 1.0, 10};
	/* flows 10 and 12 at t = 2 */
	double		two_q[9] = {0, 1.0, 10, 2, 1.0, 10, 2, NAN, 12};
	/* the same flow twice at t = 2 is one flow */
	double		same_q[9] = {0, 1.0, 10, 2, 1.0, 10, 2, NAN, 10};
	int			at = -1;

	CHECK(ec_series_check(ok, 3, &at) == EC_OK);
	CHECK(ec_series_check(same_q, 3, &at) == EC_OK);
	CHECK(ec_series_check(two_c, 3, &at) == EC_ERR_SERIES_TWO_CONCENTRATIONS);
	CHECK_INT(at, 1);
	CHECK(ec_series_check(two_q, 3, &at) == EC_ERR_SERIES_TWO_FLOWS);
	CHECK_INT(at, 2);
	CHECK(ec_series_check(ok, 0, &at) == EC_OK);
}

static void
test_sort_and_keys(void)
{
	double		r[10] = {5, 50, 1, 10, 4, 40, 1, 11, 3, 30};
	double		s[10];
	double		big[2 * 1000];
	double		bigs[2 * 1000];
	double		sum = 0;
	double		sum2 = 0;
	bool		sorted = true;
	double		key;
	int64_t		ms;
	int			par;
	bool		cens;

	ec_sort_records(r, 5, 2, s, NULL);
	CHECK(r[0] == 1 && r[1] == 10 && r[2] == 1 && r[3] == 11);	/* stable */
	CHECK(r[4] == 3 && r[6] == 4 && r[8] == 5 && r[9] == 50);
	/* sorted runs as combined partial states give: 0..499 twice, interleaved */
	for (int i = 0; i < 1000; i++)
	{
		big[2 * i] = (i < 500) ? 2 * i : 2 * (i - 500) + 1;
		big[2 * i + 1] = big[2 * i] * 3;
	}
	ec_sort_records(big, 1000, 2, bigs, NULL);
	for (int i = 0; i < 1000; i++)
		if (big[2 * i] != i || big[2 * i + 1] != 3 * i)
			sorted = false;
	CHECK(sorted);
	/* random keys */
	srand(7);
	for (int i = 0; i < 1000; i++)
	{
		big[2 * i] = rand() % 300;
		big[2 * i + 1] = i;
		sum += big[2 * i] * 1000 + i;
	}
	ec_sort_records(big, 1000, 2, bigs, NULL);
	sorted = true;
	for (int i = 0; i < 1000; i++)
	{
		sum2 += big[2 * i] * 1000 + big[2 * i + 1];
		if (i > 0 && (big[2 * i] < big[2 * i - 2] ||
					  (big[2 * i] == big[2 * i - 2] && big[2 * i + 1] < big[2 * i - 1])))
			sorted = false;
	}
	CHECK(sorted);
	CHECK_NEAR(sum2, sum, 0);
	ec_sort_records(big, 0, 2, bigs, NULL);
	ec_sort_records(big, 1, 2, bigs, NULL);
	/* the whole record decides ties: the same order whatever came first */
	{
		double		x[6] = {1, 3.0, 1, 1.0, 0, 9};
		double		y[6] = {1, 1.0, 0, 9, 1, 3.0};
		double		xs[6];

		ec_sort_records(x, 3, 2, xs, NULL);
		ec_sort_records(y, 3, 2, xs, NULL);
		CHECK(memcmp(x, y, sizeof(x)) == 0);
		CHECK(x[0] == 0 && x[1] == 9 && x[2] == 1 && x[3] == 1.0 && x[5] == 3.0);
	}
	/* NaN sorts last and the sort ends (it looped forever on a NaN time) */
	{
		double		x[8] = {NAN, 1, 3, 2, NAN, 3, 1, 4};
		double		xs[8];

		sort_ticks = 0;
		ec_sort_records(x, 4, 2, xs, count_tick);
		CHECK(x[0] == 1 && x[2] == 3 && isnan(x[4]) && isnan(x[6]));
		CHECK(sort_ticks > 0 && sort_ticks < 20);
	}

	/* keys */
	CHECK(ec_key_make(788918400000LL, 7, true, &key));	/* 2025-01-01 */
	ec_key_split(key, &ms, &par, &cens);
	CHECK(ms == 788918400000LL && par == 7 && cens);
	CHECK(ec_key_make(-946684800000LL, 0, false, &key));	/* 1970-01-01 */
	ec_key_split(key, &ms, &par, &cens);
	CHECK(ms == -946684800000LL && par == 0 && !cens);
	CHECK(ec_key_make(-1, EC_KEY_PARAMS - 1, true, &key));
	ec_key_split(key, &ms, &par, &cens);
	CHECK(ms == -1 && par == EC_KEY_PARAMS - 1 && cens);
	CHECK(ec_key_make(EC_KEY_MS_MAX, 3, true, &key));
	ec_key_split(key, &ms, &par, &cens);
	CHECK(ms == EC_KEY_MS_MAX && par == 3 && cens);
	CHECK(!ec_key_make(EC_KEY_MS_MAX + 1, 0, false, &key));
	CHECK(!ec_key_make(0, EC_KEY_PARAMS, false, &key));
	CHECK(!ec_key_make(0, -1, false, &key));
	/* a later time sorts after an earlier one whatever the codes */
	{
		double		k1;
		double		k2;

		CHECK(ec_key_make(1000, EC_KEY_PARAMS - 1, true, &k1));
		CHECK(ec_key_make(1001, 0, false, &k2));
		CHECK(k1 < k2);
	}
}

static void
test_assess_rows(void)
{
	const double *tf = a1_tf, *qf = a1_qf, *t = a1_t, *v = a1_c;
	double		scratch[64];
	ec_assess_row r;

	/* A1: NH3-N, river, target III: mean 1.02 (IV), multiple 0.02, 3 samples
	 * meet, flow mean 425/30, volume 36 720 000 m³, loads as above. */
	ec_assess(param("NH3-N"), EC_RIVER, 3, t, v, 5, 1, tf, qf, 3, 0, 30 * D, scratch, &r);
	CHECK_INT(r.status, EC_OK);
	CHECK_INT(r.samples, 5);
	CHECK_INT(r.censored, 1);
	CHECK_NEAR(r.mean, 1.02, 1e-12);
	CHECK_INT(r.mean_class, 4);
	CHECK_NEAR(r.target_limit, 1.0, 0);
	CHECK_INT(r.meets_target, 0);
	CHECK_NEAR(r.exceedance_multiple, 0.02, 1e-12);
	CHECK_INT(r.samples_meeting, 3);
	CHECK_NEAR(r.flow_mean, 425.0 / 30, 1e-12);
	CHECK_NEAR(r.volume_m3, 36720000, 1e-6);
	CHECK_NEAR(r.load_kg, 37923.84, 1e-7);
	CHECK_NEAR(r.exceedance_load_kg, 10851.84, 1e-7);

	/* The same without flow: no flow, volume or loads. */
	ec_assess(param("NH3-N"), EC_RIVER, 3, t, v, 5, 1, tf, qf, 0, 0, 30 * D, scratch, &r);
	CHECK(isnan(r.flow_mean) && isnan(r.volume_m3) && isnan(r.load_kg) &&
		  isnan(r.exceedance_load_kg));
	CHECK_INT(r.mean_class, 4);

	/* No target: no limit, compliance or exceedance. */
	ec_assess(param("NH3-N"), EC_RIVER, 0, t, v, 5, 1, tf, qf, 3, 0, 30 * D, scratch, &r);
	CHECK(isnan(r.target_limit) && r.meets_target == -1 && isnan(r.exceedance_multiple) &&
		  r.samples_meeting == -1 && isnan(r.exceedance_load_kg));
	CHECK_NEAR(r.load_kg, 37923.84, 1e-7);

	/* WE-3: 10 samples every 3 days from day 1.5 (NH3-N 1.2/1.4), constant
	 * 10 m³/s: volume 25 920 000 m³, load 33 696 kg, above 1.0: 7 776 kg. */
	{
		double		tw[10];
		double		vw[10];
		double		tq = 0;
		double		q10 = 10;
		double		sc[64];

		for (int i = 0; i < 10; i++)
		{
			tw[i] = (1.5 + 3 * i) * D;
			vw[i] = i % 2 ? 1.4 : 1.2;
		}
		ec_assess(param("NH3-N"), EC_RIVER, 3, tw, vw, 10, 0, &tq, &q10, 1, 0, 30 * D, sc, &r);
		CHECK_NEAR(r.mean, 1.3, 1e-12);
		CHECK_NEAR(r.volume_m3, 25920000, 1e-6);
		CHECK_NEAR(r.load_kg, 33696, 1e-7);
		CHECK_NEAR(r.exceedance_load_kg, 7776, 1e-7);
		CHECK_NEAR((r.mean - r.target_limit) * r.volume_m3 / 1e6, 7.776, 1e-9);
	}

	/* Lake TP, target II (0.025): 0.04 is class III, multiple 0.6. */
	{
		double		tt = 0;
		double		vt = 0.04;

		ec_assess(param("TP"), EC_LAKE, 2, &tt, &vt, 1, 0, NULL, NULL, 0, 0, D, scratch, &r);
		CHECK_INT(r.mean_class, 3);
		CHECK_INT(r.meets_target, 0);
		CHECK_NEAR(r.target_limit, 0.025, 0);
		CHECK_NEAR(r.exceedance_multiple, 0.6, 1e-12);
		CHECK_INT(r.samples_meeting, 0);
	}
	/* DO (lower limit): classes and compliance, but no exceedance multiple or
	 * load above a limit. DO 5.5 and 6.5: mean 6.0, class II. */
	{
		double		vd[2] = {5.5, 6.5};

		ec_assess(param("DO"), EC_RIVER, 3, t, vd, 2, 0, tf, qf, 3, 0, 30 * D, scratch, &r);
		CHECK_INT(r.mean_class, 2);
		CHECK_INT(r.meets_target, 1);
		CHECK_NEAR(r.target_limit, 5, 0);
		CHECK(isnan(r.exceedance_multiple));
		CHECK_INT(r.samples_meeting, 2);
		CHECK(!isnan(r.load_kg) && isnan(r.exceedance_load_kg));
	}
	/* flow itself, pH (not a mass), water temperature, parameters outside the
	 * catalogue: no load */
	ec_assess(param("flow"), EC_RIVER, 3, tf, qf, 3, 0, tf, qf, 3, 0, 30 * D, scratch, &r);
	CHECK(isnan(r.load_kg) && r.mean_class == 0 && r.samples_meeting == -1);
	CHECK_NEAR(r.mean, 40.0 / 3, 1e-12);
	CHECK_NEAR(r.flow_mean, 425.0 / 30, 1e-12);
	{
		double		vph[2] = {7, 8};

		ec_assess(param("pH"), EC_RIVER, 3, t, vph, 2, 0, tf, qf, 3, 0, 30 * D, scratch, &r);
		CHECK(isnan(r.load_kg) && isnan(r.exceedance_multiple) && r.mean_class == 1);
	}
	ec_assess(param("water_temp"), EC_RIVER, 3, t, v, 5, 0, tf, qf, 3, 0, 30 * D, scratch, &r);
	CHECK(isnan(r.load_kg) && r.mean_class == 0 && isnan(r.target_limit));
	ec_assess(NULL, EC_RIVER, 3, t, v, 5, 0, tf, qf, 3, 0, 30 * D, scratch, &r);
	CHECK(isnan(r.load_kg) && r.mean_class == 0 && r.samples_meeting == -1);
	CHECK_NEAR(r.mean, 1.02, 1e-12);
	/* Table 2 items: one limit, no classes */
	{
		double		vs = 300;

		ec_assess(param("SO4"), EC_RIVER, 3, t, &vs, 1, 0, tf, qf, 3, 0, 30 * D, scratch, &r);
		CHECK_NEAR(r.target_limit, 250, 0);
		CHECK_NEAR(r.exceedance_multiple, 0.2, 1e-12);
		CHECK(r.mean_class == 0 && r.meets_target == -1);
	}
}

void
test_loads(void)
{
	test_nd_and_weights();
	test_interpolation();
	test_load_integrals();
	test_beale();
	test_sort_and_keys();
	test_series_check();
	test_assess_rows();
}

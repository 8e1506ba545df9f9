/*
 * HJ 633-2012 indices, GB 3095-2012 daily validity and HJ 663-2013
 * percentiles.  The breakpoints below are typed from HJ 633-2012 Table 1
 * (not copied from the kernel), and every other expected value is worked
 * out by hand in its comment.
 */
#include <stdlib.h>

#include "air.h"
#include "check.h"

static int
poll(const char *code)
{
	return ec_air_pollutant_find(code, (int) strlen(code));
}

static double
iaqi(const char *code, ec_air_averaging avg, double c)
{
	double		x = -1;

	if (ec_iaqi(poll(code), avg, c, &x) != EC_IAQI_OK)
		return -1;
	return x;
}

/* HJ 633-2012 Table 1, row by row. */
static const struct
{
	const char *code;
	ec_air_averaging avg;
	int			n;
	double		bp[8];
} table1[] = {
	{"SO2", EC_AIR_24H, 8, {0, 50, 150, 475, 800, 1600, 2100, 2620}},
	{"SO2", EC_AIR_1H, 5, {0, 150, 500, 650, 800}},
	{"NO2", EC_AIR_24H, 8, {0, 40, 80, 180, 280, 565, 750, 940}},
	{"NO2", EC_AIR_1H, 8, {0, 100, 200, 700, 1200, 2340, 3090, 3840}},
	{"PM10", EC_AIR_24H, 8, {0, 50, 150, 250, 350, 420, 500, 600}},
	{"CO", EC_AIR_24H, 8, {0, 2, 4, 14, 24, 36, 48, 60}},
	{"CO", EC_AIR_1H, 8, {0, 5, 10, 35, 60, 90, 120, 150}},
	{"O3", EC_AIR_1H, 8, {0, 160, 200, 300, 400, 800, 1000, 1200}},
	{"O3", EC_AIR_8H, 6, {0, 100, 160, 215, 265, 800}},
	{"PM2.5", EC_AIR_24H, 8, {0, 35, 75, 115, 150, 250, 350, 500}},
};
static const double levels[8] = {0, 50, 100, 150, 200, 300, 400, 500};
/* The index halfway between two levels: 25, 75, 125, 175, 250, 350, 450. */
static const double halfway[7] = {25, 75, 125, 175, 250, 350, 450};

static void
test_breakpoints(void)
{
	for (size_t r = 0; r < sizeof(table1) / sizeof(table1[0]); r++)
	{
		for (int i = 0; i < table1[r].n; i++)
			CHECK_NEAR(iaqi(table1[r].code, table1[r].avg, table1[r].bp[i]), levels[i], 0);
		/* midway between two breakpoints the line gives the midway level */
		for (int i = 0; i + 1 < table1[r].n; i++)
			CHECK_NEAR(iaqi(table1[r].code, table1[r].avg,
							(table1[r].bp[i] + table1[r].bp[i + 1]) / 2), halfway[i], 0);
	}
}

static void
test_between(void)
{
	double		x;

	/* PM2.5 35.1: 50 + (100 − 50)/(75 − 35)·0.1 = 50.125, carried up to 51 */
	CHECK_NEAR(iaqi("PM2.5", EC_AIR_24H, 35.1), 51, 0);
	/* PM2.5 35.8: 50 + 1.25·0.8 = 51 exactly (0.8 is inexact in binary) */
	CHECK_NEAR(iaqi("PM2.5", EC_AIR_24H, 35.8), 51, 0);
	/* PM2.5 36: 50 + 1.25 = 51.25 -> 52 */
	CHECK_NEAR(iaqi("PM2.5", EC_AIR_24H, 36), 52, 0);
	/* PM2.5 74.9: 50 + 1.25·39.9 = 99.875 -> 100; 75.1: 100 + 50/40·0.1 = 100.125 -> 101 */
	CHECK_NEAR(iaqi("PM2.5", EC_AIR_24H, 74.9), 100, 0);
	CHECK_NEAR(iaqi("PM2.5", EC_AIR_24H, 75.1), 101, 0);
	/* PM10 151: 100 + 50/100·1 = 100.5 -> 101 */
	CHECK_NEAR(iaqi("PM10", EC_AIR_24H, 151), 101, 0);
	/* CO 2.1 mg/m³: 50 + 50/2·0.1 = 52.5 -> 53 */
	CHECK_NEAR(iaqi("CO", EC_AIR_24H, 2.1), 53, 0);
	/* SO2 24 h 10: 0 + 50/50·10 = 10 */
	CHECK_NEAR(iaqi("SO2", EC_AIR_24H, 10), 10, 0);
	/* NO2 24 h 41: 50 + 50/40·1 = 51.25 -> 52 */
	CHECK_NEAR(iaqi("NO2", EC_AIR_24H, 41), 52, 0);
	/* O3 8 h 161: 100 + 50/55·1 = 100.909 -> 101 */
	CHECK_NEAR(iaqi("O3", EC_AIR_8H, 161), 101, 0);
	/* O3 1 h 180: 50 + 50/40·20 = 75 */
	CHECK_NEAR(iaqi("O3", EC_AIR_1H, 180), 75, 0);
	/* a breakpoint plus a hair is above it: PM2.5 75.0000001 -> 101 */
	CHECK_NEAR(iaqi("PM2.5", EC_AIR_24H, 75.0000001), 101, 0);
	/* zero is index 0 */
	CHECK_NEAR(iaqi("PM10", EC_AIR_24H, 0), 0, 0);

	/* above the top: indexed 500, except SO2 1 h and O3 8 h (not indexed) */
	CHECK_NEAR(iaqi("PM2.5", EC_AIR_24H, 501), 500, 0);
	CHECK_NEAR(iaqi("PM10", EC_AIR_24H, 1000), 500, 0);
	CHECK_NEAR(iaqi("O3", EC_AIR_1H, 1300), 500, 0);
	CHECK(ec_iaqi(poll("SO2"), EC_AIR_1H, 800.5, &x) == EC_IAQI_NOT_INDEXED);
	CHECK(ec_iaqi(poll("O3"), EC_AIR_8H, 801, &x) == EC_IAQI_NOT_INDEXED);
	CHECK_NEAR(iaqi("O3", EC_AIR_8H, 800), 300, 0);
	CHECK_NEAR(iaqi("SO2", EC_AIR_1H, 800), 200, 0);

	/* rows that do not exist, bad values */
	CHECK(ec_iaqi(poll("PM2.5"), EC_AIR_1H, 10, &x) == EC_IAQI_NO_ROW);
	CHECK(ec_iaqi(poll("PM10"), EC_AIR_8H, 10, &x) == EC_IAQI_NO_ROW);
	CHECK(ec_iaqi(poll("O3"), EC_AIR_24H, 10, &x) == EC_IAQI_NO_ROW);
	CHECK(ec_iaqi(-1, EC_AIR_24H, 10, &x) == EC_IAQI_NO_ROW);
	CHECK(ec_iaqi(poll("PM10"), EC_AIR_24H, -0.1, &x) == EC_IAQI_BAD_VALUE);
	CHECK(ec_iaqi(poll("PM10"), EC_AIR_24H, NAN, &x) == EC_IAQI_BAD_VALUE);
	CHECK(ec_iaqi(poll("PM10"), EC_AIR_24H, INFINITY, &x) == EC_IAQI_BAD_VALUE);
}

static void
test_names(void)
{
	ec_air_averaging a = EC_AIR_1H;

	CHECK_INT(poll("PM2.5"), EC_AIR_PM25);
	CHECK_INT(poll("O3"), EC_AIR_O3);
	CHECK_INT(poll("pm2.5"), -1);
	CHECK_INT(poll("O3_8h"), -1);
	CHECK_STR(ec_air_pollutant_code(EC_AIR_CO), "CO");
	CHECK(ec_air_pollutant_code(EC_AIR_NPOLLUTANTS) == NULL);
	CHECK(ec_air_averaging_parse("24h", 3, &a) && a == EC_AIR_24H);
	CHECK(ec_air_averaging_parse("8h", 2, &a) && a == EC_AIR_8H);
	CHECK(ec_air_averaging_parse("1h", 2, &a) && a == EC_AIR_1H);
	CHECK(!ec_air_averaging_parse("24", 2, &a));
	CHECK(!ec_air_averaging_parse("", 0, &a));

	/* HJ 633 Table 2 bands, edges inclusive at the top: {AQI, category} */
	{
		static const int bands[][2] = {{0, 1}, {50, 1}, {51, 2}, {100, 2}, {101, 3}, {150, 3}, {151, 4},
									   {200, 4}, {201, 5}, {300, 5}, {301, 6}, {5000, 6}, {-1, 0}};

		for (size_t i = 0; i < sizeof bands / sizeof bands[0]; i++)
			CHECK_INT(ec_aqi_category(bands[i][0]), bands[i][1]);
	}
	CHECK_STR(ec_aqi_category_name(1, "zh", 2), "优");
	CHECK_STR(ec_aqi_category_name(3, "zh", 2), "轻度污染");
	CHECK_STR(ec_aqi_category_name(6, "zh", 2), "严重污染");
	CHECK_STR(ec_aqi_category_name(2, "en", 2), "good");
	CHECK_STR(ec_aqi_category_name(5, "en", 2), "heavily polluted");
	CHECK(ec_aqi_category_name(0, "zh", 2) == NULL);
	CHECK(ec_aqi_category_name(1, "fr", 2) == NULL);
}

static void
test_day_mean(void)
{
	/* 20 hourly values of 40 and 50 alternating: 900/20 = 45; 19: none */
	CHECK_NEAR(ec_air_day_mean(900, 20), 45, 0);
	CHECK(isnan(ec_air_day_mean(19 * 45.0, 19)));
	CHECK_NEAR(ec_air_day_mean(24 * 12.5, 24), 12.5, 0);
	CHECK(isnan(ec_air_day_mean(0, 0)));
}

static void
test_o3_day(void)
{
	double		s[24];
	double		m1,
				m8;
	int			nh,
				nw;

	/* flat 100 all day: 24 hours, 17 windows, both maxima 100 */
	for (int h = 0; h < 24; h++)
		s[h] = 100;
	ec_air_o3_day(s, &nh, &m1, &nw, &m8);
	CHECK_INT(nh, 24);
	CHECK_INT(nw, 17);
	CHECK_NEAR(m1, 100, 0);
	CHECK_NEAR(m8, 100, 1e-12);

	/* slot h = 10·h: max 230; the last window (slots 16..23) 1560/8 = 195 */
	for (int h = 0; h < 24; h++)
		s[h] = 10.0 * h;
	ec_air_o3_day(s, &nh, &m1, &nw, &m8);
	CHECK_NEAR(m1, 230, 0);
	CHECK_NEAR(m8, 195, 1e-12);

	/*
	 * Hours 20..23 missing (the last four): 20 hourly values, so the
	 * 1-hour maximum 190 stands.  Window e covers slots e−8..e−1: e = 24
	 * keeps 4 values, e = 23 keeps 5 (both invalid), e = 22 keeps 6:
	 * 15 valid windows >= 14.  Max: e = 22, (140+…+190)/6 = 990/6 = 165
	 * (e = 21: (130+…+190)/7 = 160).
	 */
	for (int h = 20; h < 24; h++)
		s[h] = NAN;
	ec_air_o3_day(s, &nh, &m1, &nw, &m8);
	CHECK_INT(nh, 20);
	CHECK_NEAR(m1, 190, 0);
	CHECK_INT(nw, 15);
	CHECK_NEAR(m8, 165, 1e-12);

	/*
	 * Hour 19 missing too: 19 values, no valid 1-hour maximum.  Window
	 * e = 21 (slots 13..20) keeps 13..18, 6 values: valid; e = 22, 23, 24
	 * keep 5, 4, 3: invalid.  17 − 3 = 14 windows: still valid.
	 * Max: e = 21, (130+…+180)/6 = 930/6 = 155 (e = 20: 1050/7 = 150).
	 */
	s[19] = NAN;
	ec_air_o3_day(s, &nh, &m1, &nw, &m8);
	CHECK_INT(nh, 19);
	CHECK(isnan(m1));
	CHECK_INT(nw, 14);
	CHECK_NEAR(m8, 155, 1e-12);

	/*
	 * Slot 12 missing as well (missing: 12, 19..23).  e = 8..12 do not
	 * reach slot 12 (5 windows); e = 13..19 miss only slot 12 (7 values);
	 * e = 20 (12..19) and e = 21 (13..20) keep 6; e = 22..24 are invalid.
	 * 5 + 7 + 2 = 14 windows: valid.
	 */
	s[12] = NAN;
	ec_air_o3_day(s, &nh, &m1, &nw, &m8);
	CHECK_INT(nw, 14);
	/*
	 * Slot 16 missing too (12, 16, 19..23): e = 8..12 valid (5); e = 13..16
	 * miss only 12 (4); e = 17..19 miss 12 and 16 and keep 6 (3); e = 20
	 * (12..19) keeps 5 and e = 21 (13..20) keeps 5: invalid.  12 windows,
	 * fewer than 14: no daily maximum 8-hour value.
	 */
	s[16] = NAN;
	ec_air_o3_day(s, &nh, &m1, &nw, &m8);
	CHECK_INT(nw, 12);
	CHECK(isnan(m8));

	/* three hours missing in the middle (slots 8..10): windows e = 11..16
	 * hold all three and keep 5 -> invalid; 11 valid windows: no value,
	 * while 21 hourly values still give the 1-hour maximum */
	for (int h = 0; h < 24; h++)
		s[h] = 10.0 * h;
	s[8] = s[9] = s[10] = NAN;
	ec_air_o3_day(s, &nh, &m1, &nw, &m8);
	CHECK_INT(nh, 21);
	CHECK_NEAR(m1, 230, 0);
	CHECK_INT(nw, 11);
	CHECK(isnan(m8));

	/* an empty day */
	for (int h = 0; h < 24; h++)
		s[h] = NAN;
	ec_air_o3_day(s, &nh, &m1, &nw, &m8);
	CHECK_INT(nh, 0);
	CHECK_INT(nw, 0);
	CHECK(isnan(m1) && isnan(m8));
}

static void
test_percentile(void)
{
	double		v[10];
	double		w[5] = {5, 1, 4, 2, 3};
	double		one[1] = {42};

	/* 1..10, p = 0.9: k = 1 + 9·0.9 = 9.1, X(9) + 0.1·(X(10) − X(9)) = 9.1 */
	for (int i = 0; i < 10; i++)
		v[i] = 10 - i;
	CHECK_NEAR(ec_hj663_percentile(v, 10, 0.9), 9.1, 1e-12);
	/* p = 0.95: k = 9.55 -> 9.55 */
	CHECK_NEAR(ec_hj663_percentile(v, 10, 0.95), 9.55, 1e-12);
	/* p = 0.5: k = 5.5 -> 5.5; p = 0 -> min, p = 1 -> max */
	CHECK_NEAR(ec_hj663_percentile(v, 10, 0.5), 5.5, 1e-12);
	CHECK_NEAR(ec_hj663_percentile(v, 10, 0), 1, 0);
	CHECK_NEAR(ec_hj663_percentile(v, 10, 1), 10, 0);
	/* unsorted {5,1,4,2,3}, p = 0.9: k = 1 + 4·0.9 = 4.6 -> 4 + 0.6 = 4.6 */
	CHECK_NEAR(ec_hj663_percentile(w, 5, 0.9), 4.6, 1e-12);
	/* 30 O3 days 101..130: k = 1 + 29·0.9 = 27.1 -> 127 + 0.1 = 127.1 */
	{
		double		m[30];

		for (int i = 0; i < 30; i++)
			m[i] = 130 - i;
		CHECK_NEAR(ec_hj663_percentile(m, 30, 0.9), 127.1, 1e-9);
	}
	CHECK_NEAR(ec_hj663_percentile(one, 1, 0.95), 42, 0);
	CHECK(isnan(ec_hj663_percentile(one, 0, 0.9)));
	CHECK(isnan(ec_hj663_percentile(one, 1, 1.5)));
	CHECK(isnan(ec_hj663_percentile(one, 1, NAN)));
}

void
test_air(void)
{
	test_breakpoints();
	test_between();
	test_names();
	test_day_mean();
	test_o3_day();
	test_percentile();
}

/*
 * HJ 633-2012 indices, GB 3095-2012 daily validity and HJ 663-2013
 * percentiles.  Declarations and units: air.h; sources: docs/air.md.
 */
#include "air.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const double ec_iaqi_levels[8] = {0, 50, 100, 150, 200, 300, 400, 500};

/*
 * HJ 633-2012 Table 1, one row per pollutant and averaging time.  The
 * 1-hour SO2 row stops at 800 and the 8-hour O3 row at 800 (the table's
 * notes 2 and 3); PM10 and PM2.5 have 24-hour rows only, CO and NO2 both.
 */
typedef struct iaqi_row
{
	int			pollutant;
	ec_air_averaging avg;
	int			n;
	bool		indexed_above;	/* false: above the top is not indexed */
	double		bp[8];
} iaqi_row;

static const iaqi_row rows[] = {
	{EC_AIR_SO2, EC_AIR_24H, 8, true, {0, 50, 150, 475, 800, 1600, 2100, 2620}},
	{EC_AIR_SO2, EC_AIR_1H, 5, false, {0, 150, 500, 650, 800}},
	{EC_AIR_NO2, EC_AIR_24H, 8, true, {0, 40, 80, 180, 280, 565, 750, 940}},
	{EC_AIR_NO2, EC_AIR_1H, 8, true, {0, 100, 200, 700, 1200, 2340, 3090, 3840}},
	{EC_AIR_PM10, EC_AIR_24H, 8, true, {0, 50, 150, 250, 350, 420, 500, 600}},
	{EC_AIR_CO, EC_AIR_24H, 8, true, {0, 2, 4, 14, 24, 36, 48, 60}},
	{EC_AIR_CO, EC_AIR_1H, 8, true, {0, 5, 10, 35, 60, 90, 120, 150}},
	{EC_AIR_O3, EC_AIR_1H, 8, true, {0, 160, 200, 300, 400, 800, 1000, 1200}},
	{EC_AIR_O3, EC_AIR_8H, 6, false, {0, 100, 160, 215, 265, 800}},
	{EC_AIR_PM25, EC_AIR_24H, 8, true, {0, 35, 75, 115, 150, 250, 350, 500}},
};

static const char *const codes[EC_AIR_NPOLLUTANTS] = {
	"SO2", "NO2", "PM10", "CO", "O3", "PM2.5"
};

int
ec_air_pollutant_find(const char *code, int len)
{
	for (int i = 0; i < EC_AIR_NPOLLUTANTS; i++)
		if ((int) strlen(codes[i]) == len && memcmp(codes[i], code, len) == 0)
			return i;
	return -1;
}

const char *
ec_air_pollutant_code(int pollutant)
{
	return pollutant >= 0 && pollutant < EC_AIR_NPOLLUTANTS ? codes[pollutant] : NULL;
}

bool
ec_air_averaging_parse(const char *s, int len, ec_air_averaging *avg)
{
	static const struct
	{
		const char *word;
		ec_air_averaging avg;
	}			words[] = {{"24h", EC_AIR_24H}, {"1h", EC_AIR_1H}, {"8h", EC_AIR_8H}};

	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if ((size_t) len == strlen(words[k].word) && memcmp(s, words[k].word, len) == 0)
		{
			*avg = words[k].avg;
			return true;
		}
	return false;
}

static const iaqi_row *
find_row(int pollutant, ec_air_averaging avg)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (rows[i].pollutant == pollutant && rows[i].avg == avg)
			return &rows[i];
	return NULL;
}

const double *
ec_iaqi_breakpoints(int pollutant, ec_air_averaging avg, int *n)
{
	const iaqi_row *r = find_row(pollutant, avg);

	*n = r ? r->n : 0;
	return r ? r->bp : NULL;
}

ec_iaqi_status
ec_iaqi(int pollutant, ec_air_averaging avg, double c, double *iaqi)
{
	const iaqi_row *r = find_row(pollutant, avg);
	double		x;
	double		k;
	int			i;

	if (r == NULL)
		return EC_IAQI_NO_ROW;
	if (!isfinite(c) || c < 0)
		return EC_IAQI_BAD_VALUE;
	if (c > r->bp[r->n - 1])
	{
		if (!r->indexed_above)
			return EC_IAQI_NOT_INDEXED;
		*iaqi = ec_iaqi_levels[r->n - 1];
		return EC_IAQI_OK;
	}
	/* the segment [bp[i], bp[i+1]] holding c; a breakpoint is exact */
	for (i = 0; i + 2 < r->n && c > r->bp[i + 1]; i++)
		;
	if (c == r->bp[i + 1])
	{
		*iaqi = ec_iaqi_levels[i + 1];
		return EC_IAQI_OK;
	}
	x = (ec_iaqi_levels[i + 1] - ec_iaqi_levels[i]) / (r->bp[i + 1] - r->bp[i]) *
		(c - r->bp[i]) + ec_iaqi_levels[i];
	/*
	 * Round up, but a result that is a whole number in decimal arithmetic
	 * (e.g. 51 for PM2.5 35.8) must not become 52 through a binary
	 * representation error of 1e-14.
	 */
	k = nearbyint(x);
	*iaqi = fabs(x - k) < 1e-9 ? k : ceil(x);
	return EC_IAQI_OK;
}

int
ec_aqi_category(int64_t aqi)
{
	if (aqi < 0)
		return 0;
	if (aqi <= 50)
		return 1;
	if (aqi <= 100)
		return 2;
	if (aqi <= 150)
		return 3;
	if (aqi <= 200)
		return 4;
	if (aqi <= 300)
		return 5;
	return 6;
}

static const char *const names_zh[7] = {
	NULL, "优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"
};
static const char *const names_en[7] = {
	NULL, "excellent", "good", "lightly polluted", "moderately polluted",
	"heavily polluted", "severely polluted"
};

const char *
ec_aqi_category_name(int category, const char *lang, int lang_len)
{
	if (category < 1 || category > 6)
		return NULL;
	if (lang_len == 2 && memcmp(lang, "zh", 2) == 0)
		return names_zh[category];
	if (lang_len == 2 && memcmp(lang, "en", 2) == 0)
		return names_en[category];
	return NULL;
}

double
ec_air_day_mean(double sum, int64_t n)
{
	return n >= EC_AIR_DAY_MIN_HOURS ? sum / (double) n : NAN;
}

void
ec_air_o3_day(const double slots[24], int *n_hours, double *max_1h,
			  int *n_windows, double *max_8h)
{
	double		m1 = -INFINITY;
	double		m8 = -INFINITY;
	int			nh = 0;
	int			nw = 0;

	for (int h = 0; h < 24; h++)
		if (!isnan(slots[h]))
		{
			nh++;
			if (slots[h] > m1)
				m1 = slots[h];
		}
	/* windows ending at 08:00 .. 24:00 cover slots e-8 .. e-1 */
	for (int e = EC_AIR_WINDOW_HOURS; e <= 24; e++)
	{
		double		sum = 0.0;
		int			n = 0;

		for (int h = e - EC_AIR_WINDOW_HOURS; h < e; h++)
			if (!isnan(slots[h]))
			{
				sum += slots[h];
				n++;
			}
		if (n >= EC_AIR_WINDOW_MIN_HOURS)
		{
			nw++;
			if (sum / n > m8)
				m8 = sum / n;
		}
	}
	*n_hours = nh;
	*max_1h = nh >= EC_AIR_DAY_MIN_HOURS ? m1 : NAN;
	*n_windows = nw;
	*max_8h = nw >= EC_AIR_DAY_MIN_WINDOWS ? m8 : NAN;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

double
ec_hj663_percentile(double *v, int64_t n, double p)
{
	double		k;
	int64_t		s;

	if (n <= 0 || !(p >= 0.0 && p <= 1.0))
		return NAN;
	qsort(v, (size_t) n, sizeof(double), cmp_double);
	k = 1.0 + (double) (n - 1) * p;
	s = (int64_t) floor(k);
	if (s >= n)
		return v[n - 1];
	/* 1-based X(s) is v[s - 1] */
	return v[s - 1] + (v[s] - v[s - 1]) * (k - (double) s);
}

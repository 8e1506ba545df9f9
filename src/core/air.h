/*
 * Ambient air quality: individual air quality indices and the AQI of
 * HJ 633-2012, the daily values and their validity of GB 3095-2012, and the
 * percentiles of HJ 663-2013.  Pure C: no PostgreSQL headers.  Formulas,
 * units and sources: docs/air.md.
 *
 * Units: µg/m³ for every pollutant but CO, which is in mg/m³.
 */
#ifndef EC_AIR_H
#define EC_AIR_H

#include <stdbool.h>
#include <stdint.h>

/* The six pollutants of GB 3095-2012 Table 1 that HJ 633 indexes. */
typedef enum ec_air_pollutant
{
	EC_AIR_SO2 = 0,
	EC_AIR_NO2,
	EC_AIR_PM10,
	EC_AIR_CO,
	EC_AIR_O3,
	EC_AIR_PM25,
	EC_AIR_NPOLLUTANTS
} ec_air_pollutant;

/* Averaging times of HJ 633 Table 1. */
typedef enum ec_air_averaging
{
	EC_AIR_24H = 0,
	EC_AIR_1H,
	EC_AIR_8H
} ec_air_averaging;

/* The pollutant with this code ("PM2.5", "PM10", "SO2", "NO2", "O3", "CO"), or -1. */
int			ec_air_pollutant_find(const char *code, int len);
const char *ec_air_pollutant_code(int pollutant);

/* Parses "24h", "1h" or "8h"; false for anything else. */
bool		ec_air_averaging_parse(const char *s, int len, ec_air_averaging *avg);

typedef enum ec_iaqi_status
{
	EC_IAQI_OK = 0,
	EC_IAQI_NO_ROW,				/* HJ 633 has no row for this pollutant and averaging */
	EC_IAQI_NOT_INDEXED,		/* above the row's top where HJ 633 stops indexing */
	EC_IAQI_BAD_VALUE			/* negative or not finite */
} ec_iaqi_status;

/*
 * Individual AQI of a concentration (HJ 633-2012 formula (1)):
 *   IAQI = (IAQI_hi − IAQI_lo)/(BP_hi − BP_lo) · (C − BP_lo) + IAQI_lo
 * between the breakpoints of Table 1 around C, rounded UP to a whole number
 * (HJ 633 reports indices as integers, carrying any fraction).  A
 * concentration on a breakpoint gets that breakpoint's index exactly.
 * Above the top of the row: SO2 1-hour above 800 µg/m³ and O3 8-hour above
 * 800 µg/m³ are not indexed (HJ 633 Table 1 notes 2 and 3: the 24-hour SO2
 * and the 1-hour O3 index are reported instead); every other row ends at
 * index 500, which such a concentration gets.
 */
ec_iaqi_status ec_iaqi(int pollutant, ec_air_averaging avg, double c, double *iaqi);

/* The breakpoints of a row (NULL when there is none) and their number. */
const double *ec_iaqi_breakpoints(int pollutant, ec_air_averaging avg, int *n);
/* The IAQI levels 0, 50, 100, 150, 200, 300, 400, 500. */
extern const double ec_iaqi_levels[8];

/*
 * AQI category of HJ 633 Table 2: 1 优 (0–50), 2 良 (51–100), 3 轻度污染
 * (101–150), 4 中度污染 (151–200), 5 重度污染 (201–300), 6 严重污染 (> 300);
 * 0 for a negative AQI.
 */
int			ec_aqi_category(int64_t aqi);
/* Name of a category 1..6 in "zh" or "en"; NULL for anything else. */
const char *ec_aqi_category_name(int category, const char *lang, int lang_len);

/* GB 3095-2012 Table 4 data validity, as ecocomp applies it (docs/air.md). */
#define EC_AIR_DAY_MIN_HOURS    20	/* a 24-hour mean needs 20 hourly values */
#define EC_AIR_WINDOW_HOURS     8
#define EC_AIR_WINDOW_MIN_HOURS 6	/* an 8-hour mean needs 6 of its hours */
#define EC_AIR_DAY_MIN_WINDOWS  14	/* the daily maximum 8-hour mean needs 14 windows */

/*
 * The 24-hour mean of a local day from the sum and number of its hourly
 * values: sum / n, or NAN when n < EC_AIR_DAY_MIN_HOURS.
 */
double		ec_air_day_mean(double sum, int64_t n);

/*
 * The ozone values of one local day from its 24 hourly values: slot h
 * (0..23) holds the mean of the hour ENDING at h + 1 o'clock, NAN when
 * missing.  *n_hours counts the values; *max_1h is the largest (NAN when
 * fewer than EC_AIR_DAY_MIN_HOURS).  The 8-hour moving means whose windows
 * end at 08:00 .. 24:00 (17 windows, slots e−8 .. e−1) are the means of the
 * values present when at least 6 are; *n_windows counts them and *max_8h is
 * the largest (NAN when fewer than 14).
 */
void		ec_air_o3_day(const double slots[24], int *n_hours, double *max_1h,
						  int *n_windows, double *max_8h);

/*
 * Percentile of HJ 663-2013 (section 5.3): over the n values sorted
 * ascending X(1) <= ... <= X(n), k = 1 + (n − 1)·p, s = floor(k),
 *   m_p = X(s) + (X(s + 1) − X(s))·(k − s).
 * p in [0, 1]; sorts v in place; NAN when n = 0 or p is out of range.
 */
double		ec_hj663_percentile(double *v, int64_t n, double p);

#endif

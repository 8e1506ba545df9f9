/*
 * Pollutant loads, time-weighted means and the per-period assessment of a
 * section (means, classes, compliance, volumes, loads).  Pure C: no
 * PostgreSQL headers.  Formulas, units and sources: docs/assessment.md.
 *
 * Units: concentrations in mg/L (= g/m³), flows in m³/s, times in seconds.
 * A concentration times a flow is a flux in g/s; integrated over seconds it
 * is grams; EC_KG_PER_G converts to kg.  So 1 mg/L × 1 m³/s for one day is
 * 86 400 g = 86.4 kg.
 */
#ifndef EC_LOADS_H
#define EC_LOADS_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "gb3838.h"
#include "status.h"

#define EC_KG_PER_G        1e-3
#define EC_SECONDS_PER_DAY 86400.0

/* Non-detects: which value stands for a value below the detection limit. */
typedef enum ec_nd_rule
{
	EC_ND_HALF,				/* half the detection limit (default) */
	EC_ND_LIMIT,			/* the detection limit */
	EC_ND_ZERO				/* zero */
} ec_nd_rule;

/* Parses "half", "limit" or "zero"; false for anything else. */
bool		ec_nd_rule_parse(const char *s, int len, ec_nd_rule *rule);
/* The value used in means and loads (value = the detection limit if censored). */
double		ec_nd_value(double value, bool censored, ec_nd_rule rule);

/*
 * Interval method.  Sample i (times t sorted ascending) stands for the time
 * from halfway to its previous sample to halfway to its next one; the first
 * sample reaches back to t0 and the last one forward to t1.  Pass NAN for t0
 * (t1) to start (end) at the first (last) sample instead.  The weights sum to
 * t1 - t0, and Σ w_i·x_i is the trapezoid-rule integral of the straight lines
 * through the samples, held constant beyond the first and last one.
 */
void		ec_interval_weights(const double *t, int n, double t0, double t1, double *w);

/*
 * Linear interpolation at time t of a series (tf sorted ascending, nf >= 1);
 * the first (last) value before the first (after the last) sample.  At a
 * time shared by several samples, the first of them.  *hint is a search
 * start that callers querying ascending times keep between calls (start 0).
 */
double		ec_interpolate(const double *tf, const double *qf, int nf, double t, int *hint);

/* Time-weighted mean of a series over [t0, t1] (interval method); NAN if n = 0
 * or the weights sum to 0. */
double		ec_time_weighted_mean(const double *t, const double *v, int n,
								  double t0, double t1, double *w_scratch);

/*
 * Load in kg of a concentration series c (mg/L) with flows q (m³/s) at the
 * same times, by the interval method over [t0, t1] (seconds; NAN as in
 * ec_interval_weights): Σ c_i·q_i·w_i × EC_KG_PER_G.  With a limit (not NAN)
 * only the part above it counts: Σ max(c_i - limit, 0)·q_i·w_i.
 */
double		ec_interval_load_kg(const double *t, const double *c, const double *q, int n,
								double t0, double t1, double limit, double *w_scratch);

/*
 * Beale's bias-corrected ratio estimator of the load over a period of
 * `seconds` seconds (Beale 1962; Dolan, Yui & Geist 1981; Richards 1998):
 *   l_i = c_i·q_i (g/s) on the n sampled occasions, q_i their flows,
 *   L = μ_q · (l̄ / q̄) · (1 + θ·S_lq / (l̄·q̄)) / (1 + θ·S_qq / q̄²),
 *   θ = 1/n − 1/N, N = the number of days in the period (at least n),
 *   S_lq, S_qq sample covariance and variance (divisor n − 1; 0 when n = 1),
 * μ_q the mean flow of the whole period from the full flow record, and the
 * load is L × seconds × EC_KG_PER_G.  Returns false (no estimate) when n = 0
 * or q̄ = 0.
 */
bool		ec_beale_load_kg(const double *c, const double *q, int n, double mean_flow,
							 double seconds, double *kg);

/*
 * Sorts n records of `width` doubles ascending by the whole record (first
 * double, then the second, ...; NaN after every number), stable.  A total
 * order, so the result does not depend on the order the records came in,
 * and the sort ends after at most ceil(log2 n) + 1 passes whatever the
 * values.  A natural merge sort: linear on sorted input, O(n log r) on r
 * sorted runs, which is what combining partial aggregate states gives.
 * scratch holds n·width doubles.  tick (may be NULL) is called between
 * runs so that a caller can stop a long sort (it may not return).
 */
void		ec_sort_records(double *rec, int n, int width, double *scratch,
							void (*tick) (void));

/* The order ec_sort_records sorts by: < 0, 0 or > 0. */
static inline int
ec_record_cmp(const double *a, const double *b, int width)
{
	for (int k = 0; k < width; k++)
	{
		if (a[k] < b[k])
			return -1;
		if (a[k] > b[k])
			return 1;
		if (isnan(a[k]) != isnan(b[k]))
			return isnan(a[k]) ? 1 : -1;
	}
	return 0;
}

/*
 * Samples of one series at one time.  rec holds n (time, concentration,
 * flow) records sorted by ec_sort_records, NaN for a missing value.  A
 * series has at most one concentration at a time and one flow (a flow
 * repeated with the same value is the same sample).  Returns EC_OK, or
 * EC_ERR_SERIES_TWO_CONCENTRATIONS / _TWO_FLOWS with *at the index of the
 * second sample of the clash: samples of several series (sections) sharing
 * a time, whose order would decide the load.
 */
ec_status	ec_series_check(const double *rec, int n, int *at);

/*
 * Observation keys of the assessment state: time and parameter code in one
 * double, so that a point is (key, value) and sorting by key sorts by time.
 *   key = ms·EC_KEY_CODES + code,  code = 2·parameter index + censored,
 * ms = milliseconds since 2000-01-01 00:00 UTC (PostgreSQL's epoch).  Exact
 * while |key| < 2^53, i.e. |ms| < EC_KEY_MS_MAX (about ±139 years).
 */
#define EC_KEY_CODES   2048
#define EC_KEY_PARAMS  (EC_KEY_CODES / 2)
#define EC_KEY_MS_MAX  INT64_C(4398046511103)	/* 2^53 / 2048 - 1 */

bool		ec_key_make(int64_t ms, int param, bool censored, double *key);

/* The inverse of ec_key_make (inline: it runs once per observation). */
static inline void
ec_key_split(double key, int64_t *ms, int *param, bool *censored)
{
	int64_t		k = (int64_t) key;
	int64_t		m = k / EC_KEY_CODES;
	int64_t		code = k - m * EC_KEY_CODES;

	if (code < 0)
	{
		/* C division truncates toward zero; keys before 2000 need floor */
		code += EC_KEY_CODES;
		m -= 1;
	}
	*ms = m;
	*param = (int) (code / 2);
	*censored = (code % 2) != 0;
}

/* One row of the assessment: a section, a parameter and a unit period. */
typedef struct ec_assess_row
{
	int64_t		samples;
	int64_t		censored;
	double		mean;				/* non-detects substituted */
	int			mean_class;			/* 1..6, 0 = none */
	double		target_limit;		/* NAN = none */
	int			meets_target;		/* 1, 0, -1 = unknown */
	double		exceedance_multiple;	/* NAN = not applicable */
	int64_t		samples_meeting;	/* -1 = not applicable */
	double		flow_mean;			/* m³/s, NAN = no flow */
	double		volume_m3;			/* NAN = no flow */
	double		load_kg;			/* NAN = not applicable */
	double		exceedance_load_kg;	/* NAN = not applicable */
	ec_status	status;				/* EC_OK, or the error a value raised */
} ec_assess_row;

/*
 * Assesses one parameter (p: NULL when not in the catalogue, then there are
 * no classes, limits or loads) of one section over one unit period
 * [t0, t1) in seconds: samples at t[] with values v[] (already substituted
 * for non-detects; ncensored of them were non-detects), and the section's
 * flow samples (tf, qf, nf; nf = 0 without flow) in the same unit.
 * target_class 0 means none.  scratch holds 2·n + nf doubles.
 */
void		ec_assess(const ec_param *p, ec_waterbody wb, int target_class,
					  const double *t, const double *v, int n, int64_t ncensored,
					  const double *tf, const double *qf, int nf,
					  double t0, double t1, double *scratch, ec_assess_row *out);

#endif

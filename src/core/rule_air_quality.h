/*
 * air_quality (Shandong 2014, Anhui 2018, Henan 2016 and 2020, Hubei): a
 * fund (the province) pays cities whose air improved and collects from
 * cities whose air worsened.  For each city (party) p and period unit u:
 *
 *   S = Σ wⱼ·(baseⱼ − nowⱼ)                 weighted improvement, µg/m³
 *   A = sign(S) · L(|S|) · c_p · m            pollutant term, fen
 *       L(x) = Σ_b rate_b · (min(x, max_b) − min_b)⁺   (one band [0, ∞)
 *              at `rate` without a ladder: L(x) = rate · x)
 *       c_p the party's coefficient (Shandong coastal 1.5)
 *       m   the Anhui target coefficient when S > 0 (met 1, missed but
 *           better than the average 0.5, worse 0.2), else 1
 *   G = 100·(ratio_now − ratio_base) · good_day_rate   good-day term, fen
 *   unit amount = A + G + awards
 *
 * Cumulative (Henan 2016): `now` holds the year-to-date value through the
 * unit and `base` the target; the unit pays F(S_u) − F(S_prev), F the
 * rounded pollutant term of a cumulative score, so the units of a year add
 * up to F(S of the year) to the fen, also when the months are settled one
 * at a time (a leading carry unit holds the year to date before them).  A party's total over the units is
 * capped.  Positive: the fund pays the city.  Pure C, money in fen.
 */
#ifndef EC_RULE_AIR_QUALITY_H
#define EC_RULE_AIR_QUALITY_H

#include "rule_common.h"

typedef struct ec_aq_input
{
	int			nparties;
	int			nunits;
	int			nind;
	const double *weights;		/* [nind], >= 0, not all 0 */
	/* cell c = p·nunits + u; value [c·nind + j] */
	const double *now;
	const double *base;
	const bool *valid;			/* [cells]: false = not assessed (missing data) */
	bool		cumulative;
	/* cumulative: units [0, paid_from) only carry F into the next unit
	 * (the year to date before the settled period); resets[u] starts a
	 * new year at unit u (F of the previous unit counts as 0).  NULL: none */
	int			paid_from;
	const bool *resets;
	/* ladder: nbands bands (min < max or no max), rates in fen per µg/m³ */
	int			nbands;
	const double *band_min;		/* >= 0 */
	const double *band_max;		/* NAN = unbounded */
	const ec_fen *band_rate;
	const double *coefficient;	/* [nparties], > 0 */
	const int64_t *target_coef_nano;	/* NULL, or [cells] multiplier for S > 0 */
	const double *good_day_delta;	/* NULL, or [cells] ratio_now − ratio_base (NAN: none) */
	ec_fen		good_day_rate;	/* fen per percentage point */
	const ec_fen *award;		/* NULL, or [cells] */
	ec_fen		cap;			/* bound on |party total|; < 0: none */
} ec_aq_input;

typedef struct ec_aq_output
{
	int64_t    *score_nano;		/* [cells] S in 1e-9 µg/m³ (cumulative: S of the year to date) */
	ec_fen	   *pollutant;		/* [cells] A (cumulative: F(S_u) − F(S_prev)) */
	ec_fen	   *good_day;		/* [cells] G */
	ec_fen	   *unit_total;		/* [cells] A + G + awards */
	ec_fen	   *uncapped;		/* [nparties] */
	ec_fen	   *total;			/* [nparties] */
	int			bad;			/* offending cell, band or party */
} ec_aq_output;

ec_status ec_air_quality(const ec_aq_input *in, ec_aq_output *out);

/*
 * The pollutant term of one score: sign(S)·L(|S|)·coef·mult rounded half
 * up to the fen (coef and mult in 1e-9 units).  False on overflow.
 */
bool		ec_aq_amount(int64_t score_nano, int nbands, const double *band_min,
						 const double *band_max, const ec_fen *band_rate,
						 int64_t coef_nano, int64_t mult_nano, ec_fen *out);

#endif

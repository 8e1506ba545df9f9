/*
 * Exact money in fen (0.01 yuan) as int64: rounding half up (四舍五入),
 * products of money and measured ratios in integer arithmetic, and splitting
 * a total by weights with the largest-remainder method, so that the parts
 * always add up to the total.  Pure C.
 */
#ifndef EC_MONEY_H
#define EC_MONEY_H

#include <stdbool.h>
#include <stdint.h>

typedef int64_t ec_fen;

/* Largest amount handled: numeric(20,2) holds 10^18 - 1 fen. */
#define EC_FEN_MAX INT64_C(999999999999999999)

/* Measured ratios (exceedance multiples, concentration differences,
 * relative changes) enter money arithmetic rounded to 1e-9: "nano" units. */
#define EC_NANO INT64_C(1000000000)
/* Largest magnitude accepted by ec_to_nano: 9e9, i.e. 9e18 nano. */
#define EC_NANO_MAX_INPUT 9e9

/*
 * Rounds a yuan amount given as a double to fen, half away from zero.  Only
 * for amounts computed from concentrations or flows (e.g. rate × tonnes);
 * amounts given as money never pass through floating point.  Returns false
 * when the result is not finite or out of range.
 */
bool		ec_yuan_to_fen(double yuan, ec_fen *out);

/*
 * Rounds x to a whole number of 1e-9 units, half away from zero.  Returns
 * false when x is not finite or |x| > EC_NANO_MAX_INPUT.
 */
bool		ec_to_nano(double x, int64_t *out);

/*
 * fen × nano / 10^9, rounded half away from zero, computed exactly in 128-bit
 * integers.  Returns false when the result exceeds EC_FEN_MAX.
 */
bool		ec_fen_mul_nano(ec_fen fen, int64_t nano, ec_fen *out);

/* Adds b to *acc; false (and *acc unchanged) when |result| > EC_FEN_MAX. */
bool		ec_fen_add(ec_fen *acc, ec_fen b);

/* Bounds x to [-cap, cap]; cap < 0 means no cap. */
ec_fen		ec_fen_cap(ec_fen x, ec_fen cap);

/*
 * Splits total (fen, |total| <= EC_FEN_MAX, may be negative) into n parts
 * proportional to weights (all finite and >= 0, sum > 0).  The weights are
 * first scaled to 53-bit integers relative to the largest one (exactly the
 * precision of a double), so the split itself is exact integer arithmetic and
 * gives the same fen on every platform.  Each part is floor(|total|·qᵢ/Σq);
 * the fen left over go one each to the largest remainders, ties to the lower
 * index; negative totals mirror positive ones.  Returns false for invalid
 * weights or total.
 */
bool		ec_allocate(ec_fen total, const double *weights, int n, ec_fen *parts);

#endif

/*
 * Exact money in fen (0.01 yuan) as int64: rounding half up (四舍五入) and
 * splitting a total by weights with the largest-remainder method, so that the
 * parts always add up to the total.  Pure C.
 */
#ifndef EC_MONEY_H
#define EC_MONEY_H

#include <stdbool.h>
#include <stdint.h>

typedef int64_t ec_fen;

/* Largest amount handled: numeric(20,2) holds 10^18 - 1 fen. */
#define EC_FEN_MAX INT64_C(999999999999999999)

/*
 * Rounds a yuan amount given as a double to fen, half away from zero.  Only
 * for amounts computed from concentrations or flows (e.g. rate × tonnes);
 * amounts given as money never pass through floating point.  Returns false
 * when the result is not finite or out of range.
 */
bool		ec_yuan_to_fen(double yuan, ec_fen *out);

/*
 * Splits total (fen, may be negative) into n parts proportional to weights
 * (all finite and >= 0, sum > 0).  Each part is floor(total·wᵢ/Σw); the fen
 * left over go one each to the largest remainders, ties to the lower index.
 * Returns false for invalid weights.
 */
bool		ec_allocate(ec_fen total, const double *weights, int n, ec_fen *parts);

#endif

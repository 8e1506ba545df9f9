/*
 * linear: Σ (targetᵢ − C̄ᵢ) × coefficientᵢ over factors, sections and period
 * units (Heze).  Positive: downstream pays upstream; negative: the reverse.
 * The difference enters the product at 1e-9 resolution, the product is
 * exact in fen.  Pure C.
 */
#ifndef EC_RULE_LINEAR_H
#define EC_RULE_LINEAR_H

#include "rule_common.h"

typedef struct ec_linear_input
{
	int			n;				/* terms */
	const double *mean;			/* period-unit mean concentration (>= 0) */
	const double *target;		/* target concentration (finite) */
	const ec_fen *coefficient;	/* fen per unit of concentration */
	ec_fen		cap;			/* bound on |total|; < 0: none */
} ec_linear_input;

typedef struct ec_linear_output
{
	int64_t    *diff_nano;		/* [n] (target − mean) in 1e-9 units */
	ec_fen	   *term;			/* [n] signed fen */
	ec_fen		uncapped;		/* Σ terms */
	ec_fen		total;			/* after cap */
	int			bad;
} ec_linear_output;

ec_status ec_linear(const ec_linear_input *in, ec_linear_output *out);

#endif

/*
 * Crossing bookkeeping: from where each reach lies inside, or within the
 * tolerance of, each jurisdiction of one level (intervals along the reach,
 * computed by PostGIS) to the border crossings in flow direction and the
 * boundary stretches where a river runs along a border.
 *
 * Along a reach, the "near set" at a point is the set of jurisdictions
 * within the tolerance of it.  Runs of equal near sets are either units
 * (one jurisdiction, or a border run at least EC_CX_STRETCH_MIN tolerances
 * long: a boundary stretch) or short zones around a border crossing; a
 * short excursion into one side between two runs along the same border is
 * part of that border run; runs with an
 * empty near set (sea, unclaimed water, data without boundaries) are
 * transparent.  Between two consecutive units U1 -> U2 (inside a reach, or
 * across a junction into the downstream reach), every jurisdiction that
 * leaves (a in U1, not in U2) passes its water to every member b of U2: one
 * crossing a -> b.  So a line wandering across a border it runs along gives
 * one stretch, not a chain of crossings; entering a stretch is no crossing;
 * leaving it into one side is.  See docs/geography.md.
 *
 * Pure C: no PostgreSQL headers.
 */
#ifndef EC_GEOGRAPHY_H
#define EC_GEOGRAPHY_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* At most this many jurisdictions may be within the tolerance of one point. */
#define EC_CX_MAX_NEAR 6
/* Hard bounds on the input sizes. */
#define EC_CX_MAX_REACHES 50000000
#define EC_CX_MAX_INTERVALS 200000000

typedef enum ec_cx_kind
{
	EC_CX_IN = 0,				/* the reach lies inside the jurisdiction */
	EC_CX_NEAR = 1				/* the reach lies within the tolerance of it */
} ec_cx_kind;

typedef struct ec_cx_interval
{
	int32_t		reach;			/* index into the reaches, 0..n_reaches-1 */
	int32_t		code;			/* jurisdiction index, >= 0 */
	int32_t		kind;			/* ec_cx_kind */
	double		from;			/* fractions along the reach, 0 <= from <= to <= 1 */
	double		to;
} ec_cx_interval;

typedef struct ec_cx_input
{
	size_t		n_reaches;
	const int32_t *down;		/* index of the main downstream reach, -1 at an outlet */
	const double *length_m;		/* reach lengths in metres (>= 0) */
	size_t		n_intervals;
	const ec_cx_interval *iv;
	double		tolerance_m;	/* the buffer the near intervals were computed with */
} ec_cx_input;

/*
 * A border run at least this many tolerances long is a boundary stretch:
 * a straight line crossing a border at 30 degrees stays within the
 * tolerance of both sides for 4 tolerances.
 */
#define EC_CX_STRETCH_MIN 5.0
/*
 * A run inside one side, between two runs along the same border, that is
 * shorter than this many tolerances belongs to the stretch: a centre line
 * wandering across the border it runs along (Natural Earth's Yangtze strays
 * 1-4 km from the border for up to 20 km at a time).
 */
#define EC_CX_EXCURSION_MAX 25.0

typedef struct ec_cx_crossing
{
	int32_t		reach;
	int32_t		from_code;
	int32_t		to_code;
	double		position;		/* fraction along the reach */
} ec_cx_crossing;

typedef struct ec_cx_stretch
{
	int32_t		reach;
	int32_t		code_a;			/* code_a < code_b */
	int32_t		code_b;
	double		from;
	double		to;
} ec_cx_stretch;

typedef struct ec_cx_result
{
	ec_status status;
	size_t		err_index;
	size_t		n_crossings;
	ec_cx_crossing *crossings;	/* sorted by reach, position, from_code, to_code */
	size_t		n_stretches;
	ec_cx_stretch *stretches;	/* sorted by reach, from, code_a, code_b */
} ec_cx_result;

/* Computes crossings and stretches; check result->status.  Free with ec_cx_free. */
ec_cx_result *ec_crossings(const ec_cx_input *in);
void		ec_cx_free(ec_cx_result *r);

#endif

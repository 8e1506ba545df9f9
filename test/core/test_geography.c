/*
 * Crossing bookkeeping.  Reaches are 10 000 m long and the tolerance is
 * 100 m, so a border run is a stretch from 500 m (0.05 of the reach) and an
 * excursion between two runs along the same border joins them below
 * 2 500 m (0.25).  Jurisdictions: A = 0, B = 1, C = 2.  Expected values are
 * worked out by hand in the comments.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "geography.h"

enum { A = 0, B = 1, C = 2 };

#define IN(r, c, f, t)   {(r), (c), EC_CX_IN, (f), (t)}
#define NEAR(r, c, f, t) {(r), (c), EC_CX_NEAR, (f), (t)}

static ec_cx_result *
run(size_t n_reaches, const int32_t *down, const ec_cx_interval *iv, size_t n_iv)
{
	double		len[8];
	ec_cx_input in;

	for (size_t i = 0; i < 8; i++)
		len[i] = 10000;
	in.n_reaches = n_reaches;
	in.down = down;
	in.length_m = len;
	in.n_intervals = n_iv;
	in.iv = iv;
	in.tolerance_m = 100;
	return ec_crossings(&in);
}

static int
has_crossing(const ec_cx_result *r, int32_t reach, int32_t a, int32_t b, double pos)
{
	for (size_t k = 0; k < r->n_crossings; k++)
		if (r->crossings[k].reach == reach && r->crossings[k].from_code == a &&
			r->crossings[k].to_code == b && fabs(r->crossings[k].position - pos) < 1e-12)
			return 1;
	return 0;
}

/* A river crossing three squares: A [0, 1/3], B [1/3, 2/3], C [2/3, 1]; near
 * sets reach 100 m = 0.01 beyond each border.  Runs: {A}, {A,B} 200 m (a
 * zone), {B}, {B,C} 200 m, {C}: A -> B at 1/3 and B -> C at 2/3, where the
 * line enters B and C. */
static void
test_three_squares(void)
{
	int32_t		down[1] = {-1};
	ec_cx_interval iv[] = {
		IN(0, A, 0, 1.0 / 3), IN(0, B, 1.0 / 3, 2.0 / 3), IN(0, C, 2.0 / 3, 1),
		NEAR(0, A, 0, 1.0 / 3 + 0.01), NEAR(0, B, 1.0 / 3 - 0.01, 2.0 / 3 + 0.01),
		NEAR(0, C, 2.0 / 3 - 0.01, 1),
	};
	ec_cx_result *r = run(1, down, iv, sizeof iv / sizeof iv[0]);

	CHECK_INT(r->status, EC_OK);
	CHECK_INT(r->n_crossings, 2);
	CHECK_INT(r->n_stretches, 0);
	CHECK(has_crossing(r, 0, A, B, 1.0 / 3));
	CHECK(has_crossing(r, 0, B, C, 2.0 / 3));
	ec_cx_free(r);
}

/* Along a border: in A to 0.2, then along the A|B border (the line wanders
 * into B at [0.3, 0.35] and [0.5, 0.6], never further than 100 m from it) to
 * 0.8, then into B.  The border run [0.2, 0.8] is 6 000 m: a stretch.
 * Entering it is no crossing; leaving it into B, A passes its water to B:
 * A -> B at 0.8, the first point in B from the end of the stretch on. */
static void
test_along_border(void)
{
	int32_t		down[1] = {-1};
	ec_cx_interval iv[] = {
		IN(0, A, 0, 0.3), IN(0, B, 0.3, 0.35), IN(0, A, 0.35, 0.5), IN(0, B, 0.5, 0.6),
		IN(0, A, 0.6, 0.79), IN(0, B, 0.79, 1),
		NEAR(0, A, 0, 0.8), NEAR(0, B, 0.2, 1),
	};
	ec_cx_result *r = run(1, down, iv, sizeof iv / sizeof iv[0]);

	CHECK_INT(r->status, EC_OK);
	CHECK_INT(r->n_crossings, 1);
	CHECK(has_crossing(r, 0, A, B, 0.8));
	CHECK_INT(r->n_stretches, 1);
	if (r->n_stretches == 1)
	{
		CHECK_INT(r->stretches[0].code_a, A);
		CHECK_INT(r->stretches[0].code_b, B);
		CHECK_NEAR(r->stretches[0].from, 0.2, 1e-12);
		CHECK_NEAR(r->stretches[0].to, 0.8, 1e-12);
	}
	ec_cx_free(r);
}

/* Leaves A for B over [0.3, 0.7] (4 000 m, longer than an excursion) and
 * comes back: A -> B at 0.3, B -> A at 0.7.  With the stay in B only
 * [0.45, 0.55], the run in B [0.46, 0.54] (800 m) is an excursion between
 * two A|B runs: one border run [0.44, 0.56] of 1 200 m, a stretch, entered
 * from A and left into A: no crossing at all. */
static void
test_leave_and_reenter(void)
{
	int32_t		down[1] = {-1};
	ec_cx_interval iv[] = {
		IN(0, A, 0, 0.3), IN(0, B, 0.3, 0.7), IN(0, A, 0.7, 1),
		NEAR(0, A, 0, 0.31), NEAR(0, A, 0.69, 1), NEAR(0, B, 0.29, 0.71),
	};
	ec_cx_interval iv2[] = {
		IN(0, A, 0, 0.45), IN(0, B, 0.45, 0.55), IN(0, A, 0.55, 1),
		NEAR(0, A, 0, 0.46), NEAR(0, A, 0.54, 1), NEAR(0, B, 0.44, 0.56),
	};
	ec_cx_result *r = run(1, down, iv, sizeof iv / sizeof iv[0]);

	CHECK_INT(r->status, EC_OK);
	CHECK_INT(r->n_crossings, 2);
	CHECK(has_crossing(r, 0, A, B, 0.3));
	CHECK(has_crossing(r, 0, B, A, 0.7));
	ec_cx_free(r);
	r = run(1, down, iv2, sizeof iv2 / sizeof iv2[0]);
	CHECK_INT(r->n_crossings, 0);
	CHECK_INT(r->n_stretches, 1);
	ec_cx_free(r);
}

/* A centre line wandering along the A|B border, coming from A: stretch
 * [0.1, 0.4], an excursion 2 000 m into B [0.4, 0.6] (shorter than
 * 2 500 m), stretch [0.6, 0.9], then A again.  One stretch [0.1, 0.9],
 * entered from A and left into A: no crossing.  With the excursion 3 000 m
 * long ([0.35, 0.65]) it is a stay in B: two stretches; leaving the first
 * into B, A passes its water to B (first point in B from 0.35: 0.35);
 * entering the second is nothing; leaving it into A, B (where it came from)
 * passes its water to A (first point in A from 0.9: 0.9). */
static void
test_wander(void)
{
	int32_t		down[1] = {-1};
	ec_cx_interval iv[] = {
		IN(0, A, 0, 0.2), IN(0, B, 0.2, 0.25), IN(0, A, 0.25, 0.4), IN(0, B, 0.4, 0.6),
		IN(0, A, 0.6, 0.7), IN(0, B, 0.7, 0.85), IN(0, A, 0.85, 1),
		NEAR(0, A, 0, 0.4), NEAR(0, A, 0.6, 1), NEAR(0, B, 0.1, 0.9),
	};
	ec_cx_interval iv2[] = {
		IN(0, A, 0, 0.35), IN(0, B, 0.35, 0.65), IN(0, A, 0.65, 0.85), IN(0, A, 0.85, 1),
		NEAR(0, A, 0, 0.35), NEAR(0, A, 0.65, 1), NEAR(0, B, 0.1, 0.9),
	};
	ec_cx_result *r = run(1, down, iv, sizeof iv / sizeof iv[0]);

	CHECK_INT(r->status, EC_OK);
	CHECK_INT(r->n_stretches, 1);
	if (r->n_stretches == 1)
	{
		CHECK_NEAR(r->stretches[0].from, 0.1, 1e-12);
		CHECK_NEAR(r->stretches[0].to, 0.9, 1e-12);
	}
	CHECK_INT(r->n_crossings, 0);
	ec_cx_free(r);

	r = run(1, down, iv2, sizeof iv2 / sizeof iv2[0]);
	CHECK_INT(r->n_stretches, 2);
	CHECK_INT(r->n_crossings, 2);
	CHECK(has_crossing(r, 0, A, B, 0.35));
	CHECK(has_crossing(r, 0, B, A, 0.9));
	ec_cx_free(r);
}

/* A gap wider than two tolerances between A (to 0.45) and B (from 0.55):
 * the empty run between is transparent, A -> B once, where the line enters
 * B (0.55).  A sliver where A and B overlap on [0.49, 0.51] is a zone: one
 * crossing, at the first point in B (0.49). */
static void
test_gap_and_sliver(void)
{
	int32_t		down[1] = {-1};
	ec_cx_interval gap[] = {
		IN(0, A, 0, 0.45), IN(0, B, 0.55, 1), NEAR(0, A, 0, 0.46), NEAR(0, B, 0.54, 1),
	};
	ec_cx_interval sliver[] = {
		IN(0, A, 0, 0.51), IN(0, B, 0.49, 1), NEAR(0, A, 0, 0.52), NEAR(0, B, 0.48, 1),
	};
	ec_cx_result *r = run(1, down, gap, sizeof gap / sizeof gap[0]);

	CHECK_INT(r->status, EC_OK);
	CHECK_INT(r->n_crossings, 1);
	CHECK(has_crossing(r, 0, A, B, 0.55));
	ec_cx_free(r);
	r = run(1, down, sliver, sizeof sliver / sizeof sliver[0]);
	CHECK_INT(r->n_crossings, 1);
	CHECK(has_crossing(r, 0, A, B, 0.49));
	CHECK_INT(r->n_stretches, 0);
	ec_cx_free(r);
}

/* Junctions.  Reach 0 (all in A) and reach 1 (all in C) flow into reach 2
 * (all in B): A -> B and C -> B on reach 2 at 0.  Reach 3 (in A) flows into
 * reach 4, a short reach all in an A|B zone (no unit), which flows into
 * reach 5 (in B from 0.02): A -> B on reach 5 at 0.02 (first point in B).
 * The same upstream handed down twice gives one crossing. */
static void
test_junctions(void)
{
	int32_t		down[6] = {2, 2, -1, 4, 5, -1};
	double		len[6] = {10000, 10000, 10000, 10000, 150, 10000};
	ec_cx_interval iv[] = {
		IN(0, A, 0, 1), NEAR(0, A, 0, 1), IN(1, C, 0, 1), NEAR(1, C, 0, 1),
		IN(2, B, 0, 1), NEAR(2, B, 0, 1),
		IN(3, A, 0, 1), NEAR(3, A, 0, 1),
		IN(4, A, 0, 1), NEAR(4, A, 0, 1), NEAR(4, B, 0, 1),
		NEAR(5, A, 0, 0.01), NEAR(5, B, 0, 1), IN(5, B, 0.02, 1),
	};
	ec_cx_input in = {6, down, len, sizeof iv / sizeof iv[0], iv, 100};
	ec_cx_result *r = ec_crossings(&in);

	CHECK_INT(r->status, EC_OK);
	CHECK_INT(r->n_crossings, 3);
	CHECK(has_crossing(r, 2, A, B, 0));
	CHECK(has_crossing(r, 2, C, B, 0));
	CHECK(has_crossing(r, 5, A, B, 0.02));
	ec_cx_free(r);
}

/* The Yangtze at Jiujiang, in miniature: in H to 0.1, along H|J [0.1, 0.4],
 * along J|N (Anhui) [0.4, 0.7] after a 3-way zone [0.39, 0.41], then in N.
 * At the change of stretch H leaves: H -> J and H -> N; leaving the second
 * stretch into N, J -> N.  Never back. */
static void
test_three_way(void)
{
	int32_t		down[1] = {-1};
	enum { H = 0, J = 1, N = 2 };
	ec_cx_interval iv[] = {
		IN(0, H, 0, 0.2), IN(0, J, 0.2, 0.3), IN(0, H, 0.3, 0.4), IN(0, J, 0.4, 0.5),
		IN(0, N, 0.5, 1),
		NEAR(0, H, 0, 0.41), NEAR(0, J, 0.1, 0.7), NEAR(0, N, 0.39, 1),
	};
	ec_cx_result *r = run(1, down, iv, sizeof iv / sizeof iv[0]);

	CHECK_INT(r->status, EC_OK);
	CHECK_INT(r->n_stretches, 2);
	CHECK_INT(r->n_crossings, 3);
	/* first point of J from 0.39 on: 0.4; of N from 0.39: 0.5; of N from 0.7: 0.7 */
	CHECK(has_crossing(r, 0, H, J, 0.4));
	CHECK(has_crossing(r, 0, H, N, 0.5));
	CHECK(has_crossing(r, 0, J, N, 0.7));
	ec_cx_free(r);
}

/* r has status want; freed */
static void
expect_status(ec_cx_result *r, ec_status want)
{
	CHECK_INT(r->status, want);
	ec_cx_free(r);
}

static void
test_errors(void)
{
	int32_t		loop[2] = {1, 0};
	int32_t		self[1] = {0};
	int32_t		one[1] = {-1};
	ec_cx_interval ok[] = {IN(0, A, 0, 1)};
	ec_cx_interval bad_reach[] = {IN(3, A, 0, 1)};
	ec_cx_interval bad_pos[] = {IN(0, A, 0.5, 0.4)};
	ec_cx_interval nan_pos[] = {IN(0, A, NAN, 0.4)};
	ec_cx_interval bad_code[] = {IN(0, -1, 0, 1)};
	ec_cx_interval crowd[] = {
		NEAR(0, 0, 0, 1), NEAR(0, 1, 0, 1), NEAR(0, 2, 0, 1), NEAR(0, 3, 0, 1),
		NEAR(0, 4, 0, 1), NEAR(0, 5, 0, 1), NEAR(0, 6, 0, 1),
	};
	ec_cx_result *r;
	double		len[1] = {-1};
	ec_cx_input in = {1, one, len, 1, ok, 100};

	expect_status(run(2, loop, ok, 1), EC_ERR_CX_CYCLE);
	expect_status(run(1, self, ok, 1), EC_ERR_CX_BAD_DOWN);
	expect_status(run(1, one, bad_reach, 1), EC_ERR_CX_BAD_REACH);
	expect_status(run(1, one, bad_pos, 1), EC_ERR_CX_BAD_POSITION);
	expect_status(run(1, one, nan_pos, 1), EC_ERR_CX_BAD_POSITION);
	expect_status(run(1, one, bad_code, 1), EC_ERR_CX_BAD_CODE);
	expect_status(run(1, one, crowd, 7), EC_ERR_CX_TOO_MANY_NEAR);
	expect_status(ec_crossings(&in), EC_ERR_CX_BAD_LENGTH);
	len[0] = 1;
	in.tolerance_m = NAN;
	expect_status(ec_crossings(&in), EC_ERR_CX_BAD_TOLERANCE);
	/* no reaches, no intervals: nothing, no error */
	in.n_reaches = 0;
	in.n_intervals = 0;
	in.tolerance_m = 100;
	r = ec_crossings(&in);
	CHECK_INT(r->status, EC_OK);
	CHECK_INT(r->n_crossings + r->n_stretches, 0);
	ec_cx_free(r);
	CHECK_STR(ec_status_text(EC_ERR_CX_CYCLE), "the next_down links form a cycle");
}

void
test_geography(void)
{
	test_three_squares();
	test_along_border();
	test_leave_and_reenter();
	test_wander();
	test_gap_and_sliver();
	test_junctions();
	test_three_way();
	test_errors();
}

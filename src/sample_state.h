/*
 * The sample container of the aggregates that keep their samples (the load
 * aggregates, src/loads.c, and the assessment, src/assessment.c).
 *
 * A state is a plain float8[], so that it survives the text round trip
 * that parallel query and Citus workers rely on (docs/assessment.md).
 * Layout: [0] a magic number naming the aggregate, [1] the number of
 * records in use, then `hdr - 2` more header values, then records of
 * `width` doubles, then zero padding: spare room that the transition
 * functions fill in place.  The padding is part of the array's value, so
 * copies of the state keep it.
 */
#ifndef EC_SAMPLE_STATE_H
#define EC_SAMPLE_STATE_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/array.h"

typedef struct sample_state
{
	ArrayType  *a;
	double	   *d;
	int			len;			/* array length */
	int			hdr;
	int			width;
	int			n;				/* records in use */
	int			cap;			/* records that fit */
} sample_state;

/*
 * Error 22P03 (invalid_binary_representation): the array is not a state this
 * aggregate wrote.  States reach the functions from SQL (a direct call, a
 * hand-made array), so this is bad input, not corruption; the detail is a
 * printf-style sentence naming the bad value.
 */
#define sample_state_bad(caller, ...) \
	ereport(ERROR, \
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION), \
			 errmsg("%s: invalid aggregate state", (caller)), \
			 errdetail(__VA_ARGS__)))

/* The float8 elements of a one-dimensional array without NULLs. */
double	   *sample_state_data(ArrayType *a, int *n, const char *caller);

/*
 * Opens a state written by sample_state_new with this magic, header and
 * width; false for an empty array (no state yet).
 */
bool		sample_state_open(ArrayType *a, double magic, int hdr, int width,
							  sample_state *s, const char *caller);

/*
 * A new state with room for cap records, in the current (per-call) memory
 * context: when a transition or combine function returns a new array, the
 * aggregate node copies it into its own context and frees the old state.
 */
void		sample_state_new(double magic, int hdr, int width, int cap, sample_state *s);

/* Makes room for `more` records, moving to a larger array if needed. */
void		sample_state_reserve(sample_state *s, int more);

/* A copy with room for `more` records (outside an aggregate the input must not change). */
void		sample_state_copy(sample_state *s, int more);

/*
 * Appends the records of b to a (both open); returns the resulting array.
 * Outside an aggregate a is copied first.
 */
ArrayType  *sample_state_append(FunctionCallInfo fcinfo, sample_state *a, sample_state *b);

static inline double *
sample_state_at(sample_state *s, int i)
{
	return s->d + s->hdr + (Size) i * s->width;
}

/* Sorts the n records at rec (ec_sort_records) so that a cancel stops it. */
void		sample_state_sort(double *rec, int n, int width);

#endif

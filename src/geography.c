/*
 * SQL glue of the crossing bookkeeping (src/core/geography.c):
 * ecocomp._crossing_sweep(), called by refresh_crossings() with the reach
 * graph of one level and the intervals PostGIS computed, as arrays.
 */
#include "ecocomp.h"
#include "glue.h"

#include "core/geography.h"

#include <math.h>

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(ecocomp_crossing_sweep);

/* One row (kind, reach, code_a, code_b, from_pos, to_pos) of the result; NaN to_pos is NULL. */
static void
put_piece(ReturnSetInfo *rsinfo, const char *kind, int32 reach, int32 code_a, int32 code_b,
		  double from, double to)
{
	Datum		v[6] = {CStringGetTextDatum(kind), Int32GetDatum(reach + 1), Int32GetDatum(code_a + 1),
	Int32GetDatum(code_b + 1), Float8GetDatum(from), Float8GetDatum(isnan(to) ? 0 : to)};
	bool		nul[6] = {false, false, false, false, false, isnan(to)};

	CHECK_FOR_INTERRUPTS();
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nul);
}

/*
 * _crossing_sweep(down int[], length_m float8[], iv_reach int[], iv_code int[],
 *                 iv_near bool[], iv_from float8[], iv_to float8[], tolerance_m float8)
 * RETURNS TABLE(kind text, reach int, code_a int, code_b int, pos_from float8, pos_to float8)
 *
 * Reaches are numbered 1..n by their place in down[]; down[i] is the
 * number of reach i's next_down (NULL at an outlet).  Jurisdictions are
 * numbered by the caller (code >= 1).
 */
Datum
ecocomp_crossing_sweep(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int32		zero = 0;
	int			n_down,
				n_len,
				n_r,
				n_c,
				n_k,
				n_f,
				n_t;
	int32	   *down,
			   *ivr,
			   *ivc;
	double	   *len,
			   *ivf,
			   *ivt;
	bool	   *ivk;
	double		tolerance = PG_GETARG_FLOAT8(7);
	ec_cx_interval *iv;
	ec_cx_input in;
	ec_cx_result *r;
	size_t		nx,
				ns;
	ec_cx_crossing *xs;
	ec_cx_stretch *ss;

	down = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(0), &n_down, "down", &zero);
	len = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n_len, "length_m", NULL);
	ivr = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(2), &n_r, "iv_reach", NULL);
	ivc = ec_int4_elems(PG_GETARG_ARRAYTYPE_P(3), &n_c, "iv_code", NULL);
	ivk = ec_bool_elems(PG_GETARG_ARRAYTYPE_P(4), &n_k, "iv_near", false);
	ivf = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(5), &n_f, "iv_from", NULL);
	ivt = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(6), &n_t, "iv_to", NULL);
	ec_same_length(n_down, n_len, "down and length_m");
	ec_same_length(n_r, n_c, "iv_reach and iv_code");
	ec_same_length(n_r, n_k, "iv_reach and iv_near");
	ec_same_length(n_r, n_f, "iv_reach and iv_from");
	ec_same_length(n_r, n_t, "iv_reach and iv_to");
	if (!(tolerance >= 0) || !isfinite(tolerance))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("tolerance_m must be a finite number of metres, at least 0"),
				errdetail("The tolerance given was %g.", tolerance));

	for (int i = 0; i < n_down; i++)
		down[i] -= 1;			/* 1-based, 0 for none -> 0-based, -1 for none */
	iv = palloc(sizeof(ec_cx_interval) * ((Size) n_r + 1));
	for (int k = 0; k < n_r; k++)
	{
		iv[k].reach = ivr[k] - 1;
		iv[k].code = ivc[k] - 1;
		iv[k].kind = ivk[k] ? EC_CX_NEAR : EC_CX_IN;
		/* ST_LineLocatePoint can return a hair outside [0, 1] by rounding */
		iv[k].from = ivf[k] < 0 && ivf[k] > -1e-9 ? 0 : ivf[k];
		iv[k].to = ivt[k] > 1 && ivt[k] < 1 + 1e-9 ? 1 : ivt[k];
	}
	in.n_reaches = (size_t) n_down;
	in.down = down;
	in.length_m = len;
	in.n_intervals = (size_t) n_r;
	in.iv = iv;
	in.tolerance_m = tolerance;

	r = ec_crossings(&in);
	if (r == NULL || r->status != EC_OK)
	{
		ec_status	st = r ? r->status : EC_ERR_NOMEM;
		size_t		at = r ? r->err_index : 0;
		ec_names	names = {"computing crossings"};

		ec_cx_free(r);
		ec_raise(st, &names, (int64) at, 0);
	}

	/* copy out of malloc'd memory first, so an error below cannot leak it */
	nx = r->n_crossings;
	ns = r->n_stretches;
	xs = palloc(sizeof(ec_cx_crossing) * (nx + 1));
	ss = palloc(sizeof(ec_cx_stretch) * (ns + 1));
	if (nx > 0)
		memcpy(xs, r->crossings, sizeof(ec_cx_crossing) * nx);
	if (ns > 0)
		memcpy(ss, r->stretches, sizeof(ec_cx_stretch) * ns);
	ec_cx_free(r);

	InitMaterializedSRF(fcinfo, 0);
	for (size_t k = 0; k < nx; k++)
		put_piece(rsinfo, "crossing", xs[k].reach, xs[k].from_code, xs[k].to_code, xs[k].position, NAN);
	for (size_t k = 0; k < ns; k++)
		put_piece(rsinfo, "stretch", ss[k].reach, ss[k].code_a, ss[k].code_b, ss[k].from, ss[k].to);
	return (Datum) 0;
}

/*
 * SQL glue of the money kernel (src/core/money.c) and of the P index:
 * allocate(total numeric, weights float8[]) and p_index(...), plus the
 * numeric <-> fen conversions the compensation glue shares.
 */
#include "ecocomp.h"
#include "money_glue.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/builtins.h"

#include "core/rule_common.h"

PG_FUNCTION_INFO_V1(ecocomp_allocate);
PG_FUNCTION_INFO_V1(ecocomp_p_index);
PG_FUNCTION_INFO_V1(ecocomp_allocate_fen);

/*
 * Parses the decimal text of a numeric: exact, with no detour through
 * binary floating point.  numeric_out never uses an exponent.
 */
ec_fen
ec_numeric_to_fen(Numeric n, const char *what)
{
	char	   *s;
	const char *p;
	bool		neg = false;
	int			intdigits = 0;
	ec_fen		fen = 0;

	if (numeric_is_nan(n) || numeric_is_inf(n))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite amount", what),
				 errdetail("The %s is %s.", what,
						   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n))))));
	s = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n)));
	p = s;
	if (*p == '-')
	{
		neg = true;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++)
	{
		if (intdigits > 0 || *p != '0')
			intdigits++;
		if (intdigits > 16)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s is out of range", what),
					 errdetail("The %s is %s yuan; amounts must be below 10^16 yuan.", what, s)));
		fen = fen * 10 + (*p - '0');
	}
	fen *= 100;
	if (*p == '.')
	{
		p++;
		for (int k = 0; *p; p++, k++)
		{
			if (k < 2)
				fen += (*p - '0') * (k == 0 ? 10 : 1);
			else if (*p != '0')
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s is not a whole number of fen", what),
						 errdetail("The %s is %s yuan; amounts have at most two decimals (fen).", what, s)));
		}
	}
	return neg ? -fen : fen;
}

Numeric
ec_fen_to_numeric(ec_fen fen)
{
	return int64_div_fast_to_numeric(fen, 2);
}

Datum
ecocomp_allocate(PG_FUNCTION_ARGS)
{
	ec_fen		total = ec_numeric_to_fen(PG_GETARG_NUMERIC(0), "total");
	int			n;
	double	   *w = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n, "weights", NULL);
	ec_fen	   *parts;
	Datum	   *d;
	bool		any = false;

	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must not be empty"),
				 errdetail("There must be one weight for each part.")));
	for (int i = 0; i < n; i++)
	{
		if (!isfinite(w[i]) || w[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weights must be finite and non-negative"),
					 errdetail("Weight %d is %g.", i + 1, w[i])));
		if (w[i] > 0)
			any = true;
	}
	if (!any)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must not all be zero"),
				 errdetail("All %d weights are zero, so no share can be computed.", n)));
	parts = palloc(sizeof(ec_fen) * n);
	if (!ec_allocate(total, w, n, parts))
		elog(ERROR, "ec_allocate rejected checked input");
	d = palloc(sizeof(Datum) * n);
	for (int i = 0; i < n; i++)
		d[i] = NumericGetDatum(ec_fen_to_numeric(parts[i]));
	PG_RETURN_ARRAYTYPE_P(construct_array(d, n, NUMERICOID, -1, false, TYPALIGN_INT));
}

Datum
ecocomp_p_index(PG_FUNCTION_ARGS)
{
	int			n,
				nb,
				nw,
				bad;
	double	   *means = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(0), &n, "means", NULL);
	double	   *base = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &nb, "baselines", NULL);
	double	   *w = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(2), &nw, "weights", NULL);
	double		k0 = PG_GETARG_FLOAT8(3);
	double		p = 0;
	ec_status st;

	if (n != nb || n != nw)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("means, baselines and weights differ in length"),
				 errdetail("There are %d means, %d baselines and %d weights; each indicator needs one of each.",
						   n, nb, nw)));
	st = ec_p_index(n, means, base, w, k0, &p, &bad);
	if (st != EC_OK)
	{
		ec_names	names = {"p_index", "means", "baselines", "weights", "k0"};

		ec_raise(st, &names, bad,
				 bad < 0 ? k0 : st == EC_ERR_BAD_TARGET ? base[bad] :
				 st == EC_ERR_BAD_WEIGHT ? w[bad] : means[bad]);
	}
	PG_RETURN_FLOAT8(p);
}

/*
 * _allocate_fen(total bigint, weights float8[]) -> bigint[]: the
 * largest-remainder split in fen, for the compensation methods.
 */
Datum
ecocomp_allocate_fen(PG_FUNCTION_ARGS)
{
	int64		total = PG_GETARG_INT64(0);
	int			n;
	double	   *w = ec_float8_elems(PG_GETARG_ARRAYTYPE_P(1), &n, "weights", NULL);
	ec_fen	   *parts = palloc(sizeof(ec_fen) * (n + 1));

	if (!ec_allocate(total, w, n, parts))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("cannot split an amount by these weights"),
						errdetail("Weights must be finite and >= 0 with a positive sum, and the amount within numeric(20,2); got %d weights for %lld fen.",
								  n, (long long) total)));
	PG_RETURN_ARRAYTYPE_P(ec_int8_result(parts, n));
}

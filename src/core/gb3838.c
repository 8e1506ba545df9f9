/*
 * GB 3838-2002 limits and evaluation rules.  Sources and the rules chosen
 * where the standard is silent are in docs/evaluation.md.
 */
#include "gb3838.h"

#include <math.h>
#include <string.h>

/*
 * Limits are compared with a relative tolerance so that a mean such as
 * (0.1 + 0.2 + 0.3) / 3, which is 0.20000000000000004 in binary floating
 * point, still meets a limit of 0.2.  Reported values carry at most a few
 * significant digits, far coarser than this.
 */
#define EC_REL_TOL 1e-9

#define NOLIM {0, 0, 0, 0, 0}
#define UPPER(code, item, evaluated, a, b, c, d, e) \
	{code, "mg/L", 1, item, EC_LIMIT_UPPER, true, evaluated, false, {a, b, c, d, e}, NOLIM, false}
#define TABLE2(code, item, lim) \
	{code, "mg/L", 2, item, EC_LIMIT_UPPER, false, false, false, {lim, lim, lim, lim, lim}, NOLIM, false}
#define OTHER(code, unit) \
	{code, unit, 0, 0, EC_LIMIT_NONE, false, false, false, NOLIM, NOLIM, false}

const ec_param ec_params[EC_NPARAMS] = {
	/* GB 3838-2002 Table 1 (basic items) */
	{"water_temp", "°C", 1, 1, EC_LIMIT_NONE, false, false, true, NOLIM, NOLIM, false},
	{"pH", "1", 1, 2, EC_LIMIT_RANGE, true, true, false,
	 {EC_PH_UPPER, EC_PH_UPPER, EC_PH_UPPER, EC_PH_UPPER, EC_PH_UPPER}, NOLIM, false},
	/* Class I of DO is "90% saturation (or 7.5)": the concentration is used. */
	{"DO", "mg/L", 1, 3, EC_LIMIT_LOWER, true, true, false, {7.5, 6, 5, 3, 2}, NOLIM, false},
	UPPER("CODMn", 4, true, 2, 4, 6, 10, 15),
	UPPER("COD", 5, true, 15, 15, 20, 30, 40),
	UPPER("BOD5", 6, true, 3, 3, 4, 6, 10),
	UPPER("NH3-N", 7, true, 0.15, 0.5, 1.0, 1.5, 2.0),
	{"TP", "mg/L", 1, 8, EC_LIMIT_UPPER, true, true, false,
	 {0.02, 0.1, 0.2, 0.3, 0.4}, {0.01, 0.025, 0.05, 0.1, 0.2}, true},
	/* TN is a reference item: classed and reported, not decisive. */
	UPPER("TN", 9, false, 0.2, 0.5, 1.0, 1.5, 2.0),
	UPPER("Cu", 10, true, 0.01, 1.0, 1.0, 1.0, 1.0),
	UPPER("Zn", 11, true, 0.05, 1.0, 1.0, 2.0, 2.0),
	UPPER("F", 12, true, 1.0, 1.0, 1.0, 1.5, 1.5),
	UPPER("Se", 13, true, 0.01, 0.01, 0.01, 0.02, 0.02),
	UPPER("As", 14, true, 0.05, 0.05, 0.05, 0.1, 0.1),
	UPPER("Hg", 15, true, 0.00005, 0.00005, 0.0001, 0.001, 0.001),
	UPPER("Cd", 16, true, 0.001, 0.005, 0.005, 0.005, 0.01),
	UPPER("Cr6", 17, true, 0.01, 0.05, 0.05, 0.05, 0.1),
	UPPER("Pb", 18, true, 0.01, 0.01, 0.05, 0.05, 0.1),
	UPPER("CN", 19, true, 0.005, 0.05, 0.2, 0.2, 0.2),
	UPPER("phenol", 20, true, 0.002, 0.002, 0.005, 0.01, 0.1),
	UPPER("petroleum", 21, true, 0.05, 0.05, 0.05, 0.5, 1.0),
	UPPER("LAS", 22, true, 0.2, 0.2, 0.2, 0.3, 0.3),
	UPPER("sulfide", 23, true, 0.05, 0.1, 0.2, 0.5, 1.0),
	{"fecal_coliform", "count/L", 1, 24, EC_LIMIT_UPPER, true, false, false,
	 {200, 2000, 10000, 20000, 40000}, NOLIM, false},
	/* Table 2: supplementary items for centralised drinking-water sources */
	TABLE2("SO4", 1, 250),
	TABLE2("Cl", 2, 250),
	TABLE2("NO3-N", 3, 10),
	TABLE2("Fe", 4, 0.3),
	TABLE2("Mn", 5, 0.1),
	/* Other monitored quantities */
	OTHER("flow", "m3/s"),
	OTHER("conductivity", "uS/cm"),
	OTHER("turbidity", "NTU"),
	OTHER("chla", "mg/L"),
};

int
ec_param_index(const char *code, int len)
{
	for (int i = 0; i < EC_NPARAMS; i++)
	{
		const char *c = ec_params[i].code;

		if ((int) strlen(c) == len && memcmp(c, code, (size_t) len) == 0)
			return i;
	}
	return -1;
}

ec_status
ec_check_value(const ec_param *p, double value)
{
	if (!isfinite(value))
		return EC_ERR_NONFINITE;
	if (value < 0 && !p->may_be_negative)
		return EC_ERR_NEGATIVE;
	if (p->kind == EC_LIMIT_RANGE && value > 14.0)
		return EC_ERR_OUT_OF_RANGE;
	return EC_OK;
}

static const double *
limits_for(const ec_param *p, ec_waterbody wb)
{
	return (wb == EC_LAKE && p->has_lake_limit) ? p->lake_limit : p->limit;
}

static bool
meets(const ec_param *p, double value, double limit)
{
	switch (p->kind)
	{
		case EC_LIMIT_UPPER:
			return value <= limit * (1 + EC_REL_TOL);
		case EC_LIMIT_LOWER:
			return value >= limit * (1 - EC_REL_TOL);
		case EC_LIMIT_RANGE:
			return value >= EC_PH_LOWER * (1 - EC_REL_TOL) &&
				value <= EC_PH_UPPER * (1 + EC_REL_TOL);
		case EC_LIMIT_NONE:
			break;
	}
	return false;
}

ec_status
ec_class(const ec_param *p, double value, ec_waterbody wb, int *cls)
{
	ec_status	st = ec_check_value(p, value);
	const double *lim;

	if (st != EC_OK)
		return st;
	if (!p->classed)
		return EC_NO_VALUE;
	lim = limits_for(p, wb);
	/* Scanning from Class I gives the better class where adjacent limits are equal. */
	for (int c = 0; c < 5; c++)
	{
		if (meets(p, value, lim[c]))
		{
			*cls = c + 1;
			return EC_OK;
		}
	}
	*cls = EC_CLASS_INFERIOR;
	return EC_OK;
}

ec_status
ec_limit(const ec_param *p, int cls, ec_waterbody wb, double *limit)
{
	if (p->kind == EC_LIMIT_NONE || cls < 1 || cls > 5)
		return EC_NO_VALUE;
	*limit = limits_for(p, wb)[cls - 1];
	return EC_OK;
}

ec_status
ec_cwqi(const ec_param *p, double value, ec_waterbody wb, double *index)
{
	ec_status	st = ec_check_value(p, value);

	if (st != EC_OK)
		return st;
	if (!p->evaluated)
		return EC_NO_VALUE;
	switch (p->kind)
	{
		case EC_LIMIT_RANGE:
			*index = value <= 7.0 ? (7.0 - value) / (7.0 - EC_PH_LOWER)
				: (value - 7.0) / (EC_PH_UPPER - 7.0);
			break;
		case EC_LIMIT_LOWER:
			if (value == 0)
				return EC_ERR_ZERO_DO;
			*index = limits_for(p, wb)[EC_CLASS_III - 1] / value;
			break;
		case EC_LIMIT_UPPER:
			*index = value / limits_for(p, wb)[EC_CLASS_III - 1];
			break;
		case EC_LIMIT_NONE:
			return EC_NO_VALUE;
	}
	/* 5 / 5e-324 (a denormal DO) or 1e308 / 0.0001 overflow to infinity. */
	if (!isfinite(*index))
		return EC_ERR_RESULT_NONFINITE;
	return EC_OK;
}

const char *
ec_class_label(int cls, bool chinese)
{
	static const char *const zh[] = {"Ⅰ类", "Ⅱ类", "Ⅲ类", "Ⅳ类", "Ⅴ类", "劣Ⅴ类"};
	static const char *const en[] = {"Class I", "Class II", "Class III",
	"Class IV", "Class V", "Worse than Class V"};

	if (cls < 1 || cls > EC_NCLASSES)
		return NULL;
	return chinese ? zh[cls - 1] : en[cls - 1];
}

void
ec_means_init(double *state)
{
	for (int i = 0; i < EC_MEANS_STATE_LEN; i++)
		state[i] = 0;
}

bool
ec_means_add(double *state, int param, double value, ec_waterbody wb)
{
	if (state[0] != 0 && state[0] != (double) wb)
		return false;
	state[0] = (double) wb;
	state[1 + 2 * param] += 1;
	state[2 + 2 * param] += value;
	return true;
}

bool
ec_means_combine(double *into, const double *from)
{
	if (into[0] != 0 && from[0] != 0 && into[0] != from[0])
		return false;
	if (into[0] == 0)
		into[0] = from[0];
	for (int i = 1; i < EC_MEANS_STATE_LEN; i++)
		into[i] += from[i];
	return true;
}

/* The mean of an evaluated parameter; false when it has no samples. */
static bool
evaluated_mean(const double *state, int param, double *mean)
{
	double		n = state[1 + 2 * param];

	if (!ec_params[param].evaluated || n <= 0)
		return false;
	*mean = state[2 + 2 * param] / n;
	return true;
}

/* A mean of finite samples that is not finite overflowed while summing. */
static ec_status
mean_status(ec_status st)
{
	return st == EC_ERR_NONFINITE ? EC_ERR_RESULT_NONFINITE : st;
}

static ec_status
failed_at(int *bad_param, int param, ec_status st)
{
	*bad_param = param;
	return st;
}

ec_status
ec_means_class(const double *state, int *cls, int *bad_param)
{
	int			worst = 0;
	ec_waterbody wb = state[0] == EC_LAKE ? EC_LAKE : EC_RIVER;

	for (int i = 0; i < EC_NPARAMS; i++)
	{
		double		mean;
		int			c;
		ec_status	st;

		if (!evaluated_mean(state, i, &mean))
			continue;
		st = mean_status(ec_class(&ec_params[i], mean, wb, &c));
		if (st != EC_OK)
			return failed_at(bad_param, i, st);
		if (c > worst)
			worst = c;
	}
	if (worst == 0)
		return EC_NO_VALUE;
	*cls = worst;
	return EC_OK;
}

ec_status
ec_means_cwqi(const double *state, double *sum, int *bad_param)
{
	double		total = 0;
	bool		any = false;
	ec_waterbody wb = state[0] == EC_LAKE ? EC_LAKE : EC_RIVER;

	for (int i = 0; i < EC_NPARAMS; i++)
	{
		double		mean,
					sub;
		ec_status	st;

		if (!evaluated_mean(state, i, &mean))
			continue;
		st = mean_status(ec_cwqi(&ec_params[i], mean, wb, &sub));
		if (st == EC_OK && !isfinite(total + sub))
			st = EC_ERR_RESULT_NONFINITE;
		if (st != EC_OK)
			return failed_at(bad_param, i, st);
		total += sub;
		any = true;
	}
	if (!any)
		return EC_NO_VALUE;
	*sum = total;
	return EC_OK;
}

/*
 * GB 3838-2002 surface water quality standard: the parameter catalogue, class
 * limits and the evaluation rules of the 2011 national evaluation method
 * (环办[2011]22号).  Pure C: no PostgreSQL headers.
 */
#ifndef EC_GB3838_H
#define EC_GB3838_H

#include <stdbool.h>

#include "status.h"

/* Water quality classes I..V and worse than V, numbered 1..6 (best first). */
#define EC_CLASS_I        1
#define EC_CLASS_III      3
#define EC_CLASS_V        5
#define EC_CLASS_INFERIOR 6
#define EC_NCLASSES       6

/* Parameters in the catalogue (GB 3838 Tables 1 and 2, and four others). */
#define EC_NPARAMS        33

typedef enum ec_waterbody
{
	EC_RIVER = 1,
	EC_LAKE = 2				/* lakes and reservoirs */
} ec_waterbody;

typedef enum ec_limit_kind
{
	EC_LIMIT_NONE,			/* no limit: water temperature, flow, ... */
	EC_LIMIT_UPPER,			/* value <= limit meets the class */
	EC_LIMIT_LOWER,			/* value >= limit meets the class (DO) */
	EC_LIMIT_RANGE			/* lower <= value <= upper (pH) */
} ec_limit_kind;

typedef struct ec_param
{
	const char *code;		/* parameter code, as in ecocomp.parameter */
	const char *unit;		/* canonical unit */
	int			gb_table;	/* 1 or 2 (GB 3838-2002 table), 0 if not in it */
	int			gb_item;	/* item number within the table, 0 if none */
	ec_limit_kind kind;
	bool		classed;	/* has class limits I..V */
	bool		evaluated;	/* one of the 21 items of the single-factor method */
	bool		may_be_negative;	/* water temperature */
	double		limit[5];	/* river (and default) limits for classes I..V */
	double		lake_limit[5];	/* lake/reservoir limits, where they differ */
	bool		has_lake_limit;
} ec_param;

extern const ec_param ec_params[EC_NPARAMS];

/* Index into ec_params of a parameter code, or -1.  Case-sensitive. */
int			ec_param_index(const char *code, int len);

/* Checks that a value is plausible for the parameter. */
ec_status	ec_check_value(const ec_param *p, double value);

/* Class (1..6) of one value; EC_NO_VALUE for parameters without classes. */
ec_status	ec_class(const ec_param *p, double value, ec_waterbody wb, int *cls);

/*
 * Limit of a class (1..5).  For the lower end of the pH range see
 * ec_ph_lower_limit.  Table 2 items have one limit, returned for every class.
 * Class 6 (worse than V) has no limit: EC_NO_VALUE.
 */
ec_status	ec_limit(const ec_param *p, int cls, ec_waterbody wb, double *limit);

#define EC_PH_LOWER 6.0
#define EC_PH_UPPER 9.0

/* CWQI sub-index of one value (城市地表水环境质量排名技术规定, 2017). */
ec_status	ec_cwqi(const ec_param *p, double value, ec_waterbody wb, double *index);

/* Label of a class in Chinese ("劣Ⅴ类") or English ("Class III"). */
const char *ec_class_label(int cls, bool chinese);

/*
 * Per-parameter means for the section aggregates (section_class, cwqi_sum).
 * The state is a flat array of doubles so that it survives a text round trip:
 * [0] waterbody (0 = not yet known), then (count, sum) for each parameter.
 */
#define EC_MEANS_STATE_LEN (1 + 2 * EC_NPARAMS)

void		ec_means_init(double *state);
/* Returns false when the waterbody differs from earlier rows. */
bool		ec_means_add(double *state, int param, double value, ec_waterbody wb);
bool		ec_means_combine(double *into, const double *from);
/*
 * Worst class over the evaluated items with data; EC_NO_VALUE if none.  A
 * mean that is not finite (a sum that overflowed, or a corrupt state) is an
 * error naming the item in *bad_param, never a silently skipped item.
 */
ec_status	ec_means_class(const double *state, int *cls, int *bad_param);
/* Sum of CWQI sub-indices over the evaluated items with data. */
ec_status	ec_means_cwqi(const double *state, double *sum, int *bad_param);

#endif

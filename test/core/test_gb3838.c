/*
 * GB 3838-2002 Table 1 limits at, just below and just above every class
 * boundary.  The limits and expected classes below were typed from the
 * standard (reference table in docs/evaluation.md), independently of the
 * kernel's own table: "at" is the class of a value equal to the limit of
 * classes I..V, "above" the class of a value just above it.  Where adjacent
 * classes share a limit the better class applies, so e.g. COD = 15 is I.
 */
#include "check.h"
#include "gb3838.h"

typedef struct
{
	const char *code;
	int			lake;
	double		lim[5];
	const char *at;
	const char *above;
} boundary_case;

static const boundary_case upper_cases[] = {
	{"CODMn", 0, {2, 4, 6, 10, 15}, "12345", "23456"},
	{"COD", 0, {15, 15, 20, 30, 40}, "11345", "33456"},
	{"BOD5", 0, {3, 3, 4, 6, 10}, "11345", "33456"},
	{"NH3-N", 0, {0.15, 0.5, 1.0, 1.5, 2.0}, "12345", "23456"},
	{"TP", 0, {0.02, 0.1, 0.2, 0.3, 0.4}, "12345", "23456"},
	{"TP", 1, {0.01, 0.025, 0.05, 0.1, 0.2}, "12345", "23456"},
	{"TN", 0, {0.2, 0.5, 1.0, 1.5, 2.0}, "12345", "23456"},
	{"TN", 1, {0.2, 0.5, 1.0, 1.5, 2.0}, "12345", "23456"},
	{"Cu", 0, {0.01, 1.0, 1.0, 1.0, 1.0}, "12222", "26666"},
	{"Zn", 0, {0.05, 1.0, 1.0, 2.0, 2.0}, "12244", "24466"},
	{"F", 0, {1.0, 1.0, 1.0, 1.5, 1.5}, "11144", "44466"},
	{"Se", 0, {0.01, 0.01, 0.01, 0.02, 0.02}, "11144", "44466"},
	{"As", 0, {0.05, 0.05, 0.05, 0.1, 0.1}, "11144", "44466"},
	{"Hg", 0, {0.00005, 0.00005, 0.0001, 0.001, 0.001}, "11344", "33466"},
	{"Cd", 0, {0.001, 0.005, 0.005, 0.005, 0.01}, "12225", "25556"},
	{"Cr6", 0, {0.01, 0.05, 0.05, 0.05, 0.1}, "12225", "25556"},
	{"Pb", 0, {0.01, 0.01, 0.05, 0.05, 0.1}, "11335", "33556"},
	{"CN", 0, {0.005, 0.05, 0.2, 0.2, 0.2}, "12333", "23666"},
	{"phenol", 0, {0.002, 0.002, 0.005, 0.01, 0.1}, "11345", "33456"},
	{"petroleum", 0, {0.05, 0.05, 0.05, 0.5, 1.0}, "11145", "44456"},
	{"LAS", 0, {0.2, 0.2, 0.2, 0.3, 0.3}, "11144", "44466"},
	{"sulfide", 0, {0.05, 0.1, 0.2, 0.5, 1.0}, "12345", "23456"},
	{"fecal_coliform", 0, {200, 2000, 10000, 20000, 40000}, "12345", "23456"},
};

static const ec_param *
param(const char *code)
{
	int			i = ec_param_index(code, (int) strlen(code));

	return i < 0 ? NULL : &ec_params[i];
}

static int
class_of(const char *code, double v, ec_waterbody wb)
{
	int			c = -1;
	const ec_param *p = param(code);

	if (p == NULL || ec_class(p, v, wb, &c) != EC_OK)
		return -1;
	return c;
}

static void
test_upper_limits(void)
{
	for (size_t i = 0; i < sizeof(upper_cases) / sizeof(upper_cases[0]); i++)
	{
		const boundary_case *t = &upper_cases[i];
		ec_waterbody wb = t->lake ? EC_LAKE : EC_RIVER;

		for (int c = 0; c < 5; c++)
		{
			double		l = t->lim[c];
			double		lim = -1;

			CHECK_INT(class_of(t->code, l, wb), t->at[c] - '0');
			CHECK_INT(class_of(t->code, l * (1 - 1e-6), wb), t->at[c] - '0');
			CHECK_INT(class_of(t->code, l * (1 + 1e-6), wb), t->above[c] - '0');
			CHECK(ec_limit(param(t->code), c + 1, wb, &lim) == EC_OK);
			CHECK_NEAR(lim, l, 0);
		}
		CHECK_INT(class_of(t->code, 0, wb), 1);
	}
}

static void
test_do_and_ph(void)
{
	/* DO is a lower limit: 7.5, 6, 5, 3, 2 mg/L. */
	static const double lim[5] = {7.5, 6, 5, 3, 2};

	for (int c = 0; c < 5; c++)
	{
		CHECK_INT(class_of("DO", lim[c], EC_RIVER), c + 1);
		CHECK_INT(class_of("DO", lim[c] * (1 + 1e-6), EC_RIVER), c + 1);
		CHECK_INT(class_of("DO", lim[c] * (1 - 1e-6), EC_RIVER), c + 2);
	}
	CHECK_INT(class_of("DO", 12.0, EC_RIVER), 1);
	CHECK_INT(class_of("DO", 0.0, EC_LAKE), 6);

	/* pH: 6-9 is Class I for every class, outside it worse than V. */
	CHECK_INT(class_of("pH", 6.0, EC_RIVER), 1);
	CHECK_INT(class_of("pH", 9.0, EC_RIVER), 1);
	CHECK_INT(class_of("pH", 7.4, EC_LAKE), 1);
	CHECK_INT(class_of("pH", 5.99, EC_RIVER), 6);
	CHECK_INT(class_of("pH", 9.01, EC_RIVER), 6);
}

static void
test_unclassed_and_errors(void)
{
	int			c;
	double		x;

	CHECK(ec_param_index("nonsense", 8) < 0);
	CHECK(ec_param_index("tp", 2) < 0);		/* codes are case-sensitive */
	CHECK(ec_class(param("water_temp"), 25, EC_RIVER, &c) == EC_NO_VALUE);
	CHECK(ec_class(param("water_temp"), -1.5, EC_RIVER, &c) == EC_NO_VALUE);
	CHECK(ec_class(param("flow"), 100, EC_RIVER, &c) == EC_NO_VALUE);
	CHECK(ec_class(param("SO4"), 100, EC_RIVER, &c) == EC_NO_VALUE);
	CHECK(ec_class(param("TP"), -0.1, EC_RIVER, &c) == EC_ERR_NEGATIVE);
	CHECK(ec_class(param("TP"), NAN, EC_RIVER, &c) == EC_ERR_NONFINITE);
	CHECK(ec_class(param("TP"), INFINITY, EC_RIVER, &c) == EC_ERR_NONFINITE);
	CHECK(ec_class(param("pH"), 14.5, EC_RIVER, &c) == EC_ERR_OUT_OF_RANGE);
	CHECK(ec_limit(param("SO4"), 3, EC_RIVER, &x) == EC_OK && x == 250);
	CHECK(ec_limit(param("Mn"), 1, EC_LAKE, &x) == EC_OK && x == 0.1);
	CHECK(ec_limit(param("TP"), 6, EC_RIVER, &x) == EC_NO_VALUE);
	CHECK(ec_limit(param("water_temp"), 3, EC_RIVER, &x) == EC_NO_VALUE);
	CHECK(ec_params[ec_param_index("fecal_coliform", 14)].evaluated == 0);

	int			evaluated = 0;

	for (int i = 0; i < EC_NPARAMS; i++)
		evaluated += ec_params[i].evaluated;
	CHECK_INT(evaluated, 21);
}

/* The CWQI of the means in state is not finite, blamed on parameter want. */
static void
check_cwqi_nonfinite(const double *state, int want)
{
	double		sum;
	int			bad = -1;

	CHECK(ec_means_cwqi(state, &sum, &bad) == EC_ERR_RESULT_NONFINITE);
	CHECK_INT(bad, want);
}

/* CWQI = C / Class III limit; DO = 5 / C; pH by its own formula. */
typedef struct
{
	const char *code;
	double		value;
	ec_waterbody wb;
	double		want;
	double		tol;
} cwqi_case;

static const cwqi_case cwqi_cases[] = {
	{"CODMn", 3.0, EC_RIVER, 0.5, 1e-12},
	{"TP", 0.1, EC_RIVER, 0.5, 1e-12},
	{"TP", 0.1, EC_LAKE, 2.0, 1e-12},
	{"DO", 8.0, EC_RIVER, 0.625, 1e-12},
	{"pH", 6.5, EC_RIVER, 0.5, 1e-12},
	{"pH", 8.0, EC_RIVER, 0.5, 1e-12},
	{"pH", 7.0, EC_RIVER, 0.0, 0},
};

static void
test_cwqi(void)
{
	double		x = -1;
	int			bad = -1;

	for (size_t i = 0; i < sizeof(cwqi_cases) / sizeof(cwqi_cases[0]); i++)
	{
		const cwqi_case *t = &cwqi_cases[i];

		CHECK(ec_cwqi(param(t->code), t->value, t->wb, &x) == EC_OK);
		CHECK_NEAR(x, t->want, t->tol);
	}
	CHECK(ec_cwqi(param("DO"), 0.0, EC_RIVER, &x) == EC_ERR_ZERO_DO);
	/* 5 / 5e-324 (the smallest denormal) is infinite, not a sub-index. */
	CHECK(ec_cwqi(param("DO"), 5e-324, EC_RIVER, &x) == EC_ERR_RESULT_NONFINITE);
	/* 1e308 / 0.0001 (Hg Class III) overflows too. */
	CHECK(ec_cwqi(param("Hg"), 1e308, EC_RIVER, &x) == EC_ERR_RESULT_NONFINITE);
	CHECK(ec_cwqi(param("TN"), 1.0, EC_RIVER, &x) == EC_NO_VALUE);
	CHECK(ec_cwqi(param("fecal_coliform"), 1.0, EC_RIVER, &x) == EC_NO_VALUE);

	/* Means first, then sub-indices: CODMn (2 + 4) / 2 = 3 -> 0.5,
	 * NH3-N 0.5 -> 0.5, DO 10 -> 0.5, TN ignored: sum 1.5, class III (CODMn). */
	double		st[EC_MEANS_STATE_LEN];
	double		sum = 0;
	int			cls = 0;

	ec_means_init(st);
	CHECK(ec_means_add(st, ec_param_index("CODMn", 5), 2.0, EC_RIVER));
	CHECK(ec_means_add(st, ec_param_index("CODMn", 5), 4.0, EC_RIVER));
	CHECK(ec_means_add(st, ec_param_index("NH3-N", 5), 0.5, EC_RIVER));
	CHECK(ec_means_add(st, ec_param_index("DO", 2), 10.0, EC_RIVER));
	CHECK(ec_means_add(st, ec_param_index("TN", 2), 9.0, EC_RIVER));
	CHECK(!ec_means_add(st, ec_param_index("TN", 2), 9.0, EC_LAKE));
	CHECK(ec_means_cwqi(st, &sum, &bad) == EC_OK);
	CHECK_NEAR(sum, 1.5, 1e-12);
	CHECK(ec_means_class(st, &cls, &bad) == EC_OK);
	CHECK_INT(cls, 2);

	/* Combining two halves gives the same as one pass. */
	double		a[EC_MEANS_STATE_LEN],
				b[EC_MEANS_STATE_LEN];

	ec_means_init(a);
	ec_means_init(b);
	ec_means_add(a, ec_param_index("CODMn", 5), 2.0, EC_RIVER);
	ec_means_add(b, ec_param_index("CODMn", 5), 4.0, EC_RIVER);
	ec_means_add(b, ec_param_index("NH3-N", 5), 0.5, EC_RIVER);
	ec_means_add(b, ec_param_index("DO", 2), 10.0, EC_RIVER);
	CHECK(ec_means_combine(a, b));
	CHECK(ec_means_cwqi(a, &sum, &bad) == EC_OK);
	CHECK_NEAR(sum, 1.5, 1e-12);

	/* Only reference items: no class. */
	ec_means_init(a);
	ec_means_add(a, ec_param_index("TN", 2), 1.0, EC_RIVER);
	CHECK(ec_means_class(a, &cls, &bad) == EC_NO_VALUE);

	/*
	 * 1e308 + 1e308 overflows to infinity: the TP mean is not finite.  It
	 * used to be skipped, leaving COD's class I as the section class.
	 */
	ec_means_init(a);
	ec_means_add(a, ec_param_index("COD", 3), 10.0, EC_RIVER);
	ec_means_add(a, ec_param_index("TP", 2), 1e308, EC_RIVER);
	ec_means_add(a, ec_param_index("TP", 2), 1e308, EC_RIVER);
	bad = -1;
	CHECK(ec_means_class(a, &cls, &bad) == EC_ERR_RESULT_NONFINITE);
	CHECK_INT(bad, ec_param_index("TP", 2));
	check_cwqi_nonfinite(a, ec_param_index("TP", 2));

	/* A finite mean whose sub-index overflows: Hg 1e305 / 0.0001 = 1e309. */
	ec_means_init(a);
	ec_means_add(a, ec_param_index("COD", 3), 10.0, EC_RIVER);
	ec_means_add(a, ec_param_index("Hg", 2), 1e305, EC_RIVER);
	check_cwqi_nonfinite(a, ec_param_index("Hg", 2));

	/* Finite sub-indices whose sum overflows: Se 1.7e306 / 0.01 = 1.7e308,
	 * Hg 1.7e304 / 0.0001 = 1.7e308, together 3.4e308 > DBL_MAX (1.8e308). */
	ec_means_init(a);
	ec_means_add(a, ec_param_index("Se", 2), 1.7e306, EC_RIVER);
	ec_means_add(a, ec_param_index("Hg", 2), 1.7e304, EC_RIVER);
	check_cwqi_nonfinite(a, ec_param_index("Hg", 2));
}

static void
test_labels(void)
{
	CHECK_STR(ec_class_label(6, true), "劣Ⅴ类");
	CHECK_STR(ec_class_label(3, false), "Class III");
	CHECK_STR(ec_class_label(1, true), "Ⅰ类");
	CHECK(ec_class_label(0, true) == NULL);
}

void
test_gb3838(void)
{
	test_upper_limits();
	test_do_and_ph();
	test_unclassed_and_errors();
	test_cwqi();
	test_labels();
}

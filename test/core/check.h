/* A minimal unit-test harness for the src/core kernels. */
#ifndef EC_CHECK_H
#define EC_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

extern int	ec_tests_passed;
extern int	ec_tests_failed;

#define CHECK(cond) \
	do { \
		if (cond) ec_tests_passed++; \
		else { ec_tests_failed++; \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } \
	} while (0)

#define CHECK_INT(got, want) \
	do { \
		long long g_ = (long long) (got), w_ = (long long) (want); \
		if (g_ == w_) ec_tests_passed++; \
		else { ec_tests_failed++; \
			fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); } \
	} while (0)

#define CHECK_NEAR(got, want, tol) \
	do { \
		double g_ = (got), w_ = (want); \
		if (fabs(g_ - w_) <= (tol)) ec_tests_passed++; \
		else { ec_tests_failed++; \
			fprintf(stderr, "%s:%d: %s = %.17g, want %.17g\n", __FILE__, __LINE__, #got, g_, w_); } \
	} while (0)

#define CHECK_STR(got, want) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		if (g_ && w_ && strcmp(g_, w_) == 0) ec_tests_passed++; \
		else { ec_tests_failed++; \
			fprintf(stderr, "%s:%d: %s = \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_); } \
	} while (0)

/* Each test file defines one suite function and lists it in run_core_tests.c. */
typedef void (*ec_suite_fn) (void);

#endif

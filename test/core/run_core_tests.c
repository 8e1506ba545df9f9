/*
 * Runner of the C unit tests.  Suites register themselves in the table
 * below; the last line printed is "N passed, N failed".
 */
#include "check.h"

int			ec_tests_passed = 0;
int			ec_tests_failed = 0;

#define SUITE(name) void name(void);
#include "suites.h"
#undef SUITE

static const struct { const char *name; ec_suite_fn fn; } suites[] = {
#define SUITE(name) {#name, name},
#include "suites.h"
#undef SUITE
};

int
main(void)
{
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
	{
		int			before = ec_tests_failed;

		suites[i].fn();
		printf("%-32s %s\n", suites[i].name, ec_tests_failed == before ? "ok" : "FAILED");
	}
	printf("%d passed, %d failed\n", ec_tests_passed, ec_tests_failed);
	return ec_tests_failed == 0 ? 0 : 1;
}

/* Pfafstetter rule: test vectors of Verdin & Verdin (1999), HydroCode and Vogt et al. (2007). */
#include "check.h"
#include "pfafstetter.h"

#include <string.h>

static int
up(const char *a, const char *b)
{
	size_t		pos = 0;
	char		which = 0;

	return ec_pfaf_is_upstream(a, strlen(a), b, strlen(b), &pos, &which);
}

void
test_pfafstetter(void)
{
	size_t		pos = 99;
	char		which = 0;

	/* cran/HydroCode man/is.upstream.Rd */
	CHECK_INT(up("8835", "8833"), 1);
	CHECK_INT(up("8835", "8811"), 1);
	CHECK_INT(up("8835", "8832"), 0);
	CHECK_INT(up("8835", "8821"), 0);
	CHECK_INT(up("8835", "9135"), 0);

	/* Verdin & Verdin p.10: 8885 against the main-stem basins below it */
	CHECK_INT(up("8885", "8883"), 1);
	CHECK_INT(up("8885", "8881"), 1);
	CHECK_INT(up("8885", "8879"), 1);
	CHECK_INT(up("8885", "8851"), 1);
	CHECK_INT(up("8885", "8811"), 1);
	CHECK_INT(up("8885", "8884"), 0);
	CHECK_INT(up("8885", "8882"), 0);
	CHECK_INT(up("8885", "8886"), 0);
	CHECK_INT(up("8885", "8887"), 0);
	CHECK_INT(up("8885", "8888"), 0);
	CHECK_INT(up("8885", "8889"), 0);
	/* ... and the reverse: downstream basins are not upstream */
	CHECK_INT(up("8883", "8885"), 0);
	CHECK_INT(up("8885", "8885"), 0);

	/* Vogt et al. 2007, codes of mixed levels, source 464 */
	CHECK_INT(up("464", "465"), 0);
	CHECK_INT(up("464", "466"), 0);
	CHECK_INT(up("464", "467"), 0);
	CHECK_INT(up("464", "47"), 0);
	CHECK_INT(up("464", "48"), 0);
	CHECK_INT(up("464", "49"), 0);
	CHECK_INT(up("464", "463"), 1);
	CHECK_INT(up("464", "461"), 1);
	CHECK_INT(up("464", "41"), 1);
	CHECK_INT(up("464", "43"), 1);
	CHECK_INT(up("464", "45"), 1);
	CHECK_INT(up("464", "452"), 0);
	CHECK_INT(up("464", "454"), 0);
	/* truncated to the same level, a basin is not upstream of itself */
	CHECK_INT(up("46", "464"), 0);

	/* HydroBASINS: 0 (not subdivided) counts as odd */
	CHECK_INT(up("8815", "8805"), 1);
	CHECK_INT(up("8815", "8800"), 1);
	CHECK_INT(up("8815", "8820"), 0);

	/* bad codes */
	CHECK_INT(ec_pfaf_is_upstream("88a5", 4, "8811", 4, &pos, &which), -1);
	CHECK_INT(pos, 2);
	CHECK_INT(which, 'a');
	CHECK_INT(ec_pfaf_is_upstream("8815", 4, "", 0, &pos, &which), -1);
	CHECK_INT(which, 'b');
	CHECK_INT(ec_pfaf_is_upstream("8815", 4, "88 1", 4, &pos, &which), -1);
	CHECK_INT(pos, 2);
}

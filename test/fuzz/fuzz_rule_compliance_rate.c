/* compliance_rate: share of months meeting the target, per inflow. */
#include "fuzz_input.h"
#include "rule_compliance_rate.h"

FUZZ_TARGET(f)
{
	ec_compliance_rate_in in = {0};
	ec_compliance_rate_out out = {0};
	double	   *shares;

	in.nitems = fz_int(f, 0, 16);
	in.months_met = fz_ints(f, in.nitems, -1, 13);
	in.months_assessed = fz_ints(f, in.nitems, -1, 13);
	in.annual_ok = fz_ints(f, in.nitems, -2, 2);
	shares = fz_doubles(f, in.nitems);
	in.shares = (in.nitems == 1 && fz_bool(f)) ? NULL : shares;
	in.threshold = fz_double(f);
	in.amount_met = fz_int64(f);
	in.amount_missed = fz_int64(f);
	(void) ec_compliance_rate(&in, &out, FZ_OUT(ec_compliance_verdict, in.nitems), FZ_OUT(double, in.nitems));
}

/* compliance_rate: share of months meeting the target, per inflow. */
#include "fuzz_input.h"
#include "rule_compliance_rate.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz			f = {data, size};
	ec_compliance_rate_in in;
	ec_compliance_rate_out out = {0};
	int			n = fz_int(&f, 0, 16);
	int		   *met = fz_ints(&f, n, -1, 13);
	int		   *assessed = fz_ints(&f, n, -1, 13);
	int		   *annual = fz_ints(&f, n, -2, 2);
	double	   *shares = fz_doubles(&f, n);
	ec_compliance_verdict *verdicts = FZ_OUT(ec_compliance_verdict, n);
	double	   *rates = FZ_OUT(double, n);

	in.nitems = n;
	in.months_met = met;
	in.months_assessed = assessed;
	in.annual_ok = annual;
	in.shares = (n == 1 && fz_bool(&f)) ? NULL : shares;
	in.threshold = fz_double(&f);
	in.amount_met = fz_int64(&f);
	in.amount_missed = fz_int64(&f);
	(void) ec_compliance_rate(&in, &out, verdicts, rates);
	free(met);
	free(assessed);
	free(annual);
	free(shares);
	free(verdicts);
	free(rates);
	return 0;
}

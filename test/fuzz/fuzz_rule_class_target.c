/* class_target: an amount per class and unit, capped. */
#include "fuzz_input.h"
#include "rule_class_target.h"

FUZZ_TARGET(f)
{
	ec_class_target_in in = {0};
	ec_class_target_out out = {0};

	in.nunits = fz_int(f, 0, 64);
	in.classes = fz_ints(f, in.nunits, -1, 7);
	in.amounts = fz_int64s(f, 6);
	in.has_cap = fz_bool(f);
	in.cap = fz_int64(f);
	(void) ec_class_target(&in, &out, FZ_OUT(ec_fen, in.nunits));
}

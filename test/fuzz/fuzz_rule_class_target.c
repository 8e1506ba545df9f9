/* class_target: an amount per class and unit, capped. */
#include "fuzz_input.h"
#include "rule_class_target.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz			f = {data, size};
	ec_class_target_in in;
	ec_class_target_out out = {0};
	int			n = fz_int(&f, 0, 64);
	int		   *classes = fz_ints(&f, n, -1, 7);
	int64_t    *amounts = fz_int64s(&f, 6);
	ec_fen	   *unit = FZ_OUT(ec_fen, n);

	in.nunits = n;
	in.classes = classes;
	in.amounts = amounts;
	in.has_cap = fz_bool(&f);
	in.cap = fz_int64(&f);
	(void) ec_class_target(&in, &out, unit);
	free(classes);
	free(amounts);
	free(unit);
	return 0;
}

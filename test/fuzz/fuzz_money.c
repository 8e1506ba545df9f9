/* Money kernels: yuan to fen, nano factors, sums, caps and the
 * largest-remainder split, with any doubles and int64s. */
#include "fuzz_input.h"
#include "money.h"

FUZZ_TARGET(f)
{
	ec_fen		a,
				b = fz_int64(f);
	int64_t		nano;
	int			n = fz_int(f, 0, 64);
	double	   *w;
	ec_fen	   *parts;
	ec_fen		total = fz_int64(f);

	(void) ec_yuan_to_fen(fz_double(f), &a);
	(void) ec_to_nano(fz_double(f), &nano);
	(void) ec_fen_mul_nano(fz_int64(f), fz_int64(f), &a);
	a = fz_int64(f);
	(void) ec_fen_add(&a, b);
	(void) ec_fen_cap(fz_int64(f), fz_int64(f));

	w = fz_doubles(f, n);
	parts = FZ_OUT(ec_fen, n);
	if (ec_allocate(total, w, n, parts))
	{
		ec_fen		sum = 0;

		for (int i = 0; i < n; i++)
			sum += parts[i];
		if (sum != total)
			abort();			/* parts always add up to the total */
	}
}

/*
 * libFuzzer target for the crossing bookkeeping (src/core/geography.c):
 * any small network and interval set -- cycles, self-loops, links and
 * intervals out of range, NaN and reversed positions, crowded near sets,
 * NaN lengths and tolerances.  Every call must return a status without
 * crashing; on EC_OK the output must be well formed: reaches in range,
 * from_code <> to_code, positions within [0, 1], stretches ordered.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/core -Itest/fuzz \
 *       test/fuzz/fuzz_geography.c src/core/geography.c -lm \
 *       -o fuzz_geography && ./fuzz_geography -max_total_time=60
 */
#include "fuzz_input.h"
#include "geography.h"

FUZZ_TARGET(f)
{
	size_t		n = (size_t) fz_int(f, 0, 24);
	size_t		m = (size_t) fz_int(f, 0, 96);
	int32_t    *down = FZ_OUT(int32_t, n);
	double	   *len = FZ_OUT(double, n);
	ec_cx_interval *iv = FZ_OUT(ec_cx_interval, m);
	ec_cx_input in = {0};
	ec_cx_result *r;

	for (size_t i = 0; i < n; i++)
	{
		down[i] = fz_int(f, -2, (int) n);
		len[i] = fz_bool(f) ? (double) fz_int(f, 0, 20000) : fz_double(f);
	}
	for (size_t k = 0; k < m; k++)
	{
		iv[k].reach = fz_int(f, -1, (int) n);
		iv[k].code = fz_int(f, -1, 8);
		iv[k].kind = fz_int(f, 0, 8) == 0 ? fz_int(f, -1, 3) : fz_int(f, 0, 1);
		if (fz_bool(f))
		{
			/* mostly well formed: grid positions, so ends often coincide */
			int			a = fz_int(f, 0, 20),
						b = fz_int(f, 0, 20);

			iv[k].from = (a < b ? a : b) / 20.0;
			iv[k].to = (a < b ? b : a) / 20.0;
		}
		else
		{
			iv[k].from = fz_double(f);
			iv[k].to = fz_double(f);
		}
	}
	in.n_reaches = n;
	in.down = down;
	in.length_m = len;
	in.n_intervals = m;
	in.iv = iv;
	in.tolerance_m = fz_bool(f) ? (double) fz_int(f, 0, 2000) : fz_double(f);
	r = ec_crossings(&in);
	if (r)
	{
		(void) ec_status_text(r->status);
		if (r->status == EC_OK)
		{
			for (size_t k = 0; k < r->n_crossings; k++)
			{
				const ec_cx_crossing *x = &r->crossings[k];

				if (x->reach < 0 || (size_t) x->reach >= n || x->from_code == x->to_code ||
					!(x->position >= 0 && x->position <= 1))
					abort();
			}
			for (size_t k = 0; k < r->n_stretches; k++)
			{
				const ec_cx_stretch *s = &r->stretches[k];

				if (s->reach < 0 || (size_t) s->reach >= n || !(s->code_a < s->code_b) ||
					!(s->from >= 0 && s->from <= s->to && s->to <= 1))
					abort();
			}
		}
	}
	ec_cx_free(r);
}

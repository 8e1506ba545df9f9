/*
 * libFuzzer target of the netting kernel (src/core/netting.c).  The input
 * bytes become a party count and a list of flows (payer, payee, signed
 * amount); the kernel must never crash, must reject what it should, and on
 * success its transfers must clear every position exactly, be positive and
 * number at most n - 1.  Any violation aborts.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/core -Itest/fuzz \
 *       test/fuzz/fuzz_netting.c src/core/netting.c src/core/money.c -lm -o fuzz_netting
 *   ./fuzz_netting -max_total_time=60
 */
#include "fuzz_input.h"
#include "netting.h"

/* The next `bytes` bytes as a big-endian number (zeros past the end). */
static uint64_t
take(fz *f, int bytes)
{
	uint64_t	v = 0;

	for (int i = 0; i < bytes; i++)
		v = (v << 8) | fz_byte(f);
	return v;
}

FUZZ_TARGET(f)
{
	int32_t		n = (int32_t) (take(f, 1) % 64);
	size_t		m = f->n / 10;
	ec_netting_flow *flow = FZ_OUT(ec_netting_flow, m);
	ec_fen	   *r = FZ_OUT(ec_fen, n);
	ec_fen	   *q = FZ_OUT(ec_fen, n);
	ec_fen	   *net = FZ_OUT(ec_fen, n);
	ec_netting_party *scratch = FZ_OUT(ec_netting_party, n);
	ec_netting_flow *out = FZ_OUT(ec_netting_flow, n);
	int32_t		nout = 0;
	size_t		bad = 0;
	ec_status st;

	for (size_t i = 0; i < m; i++)
	{
		/* indexes may fall outside 0..n-1 on purpose: the kernel must say so */
		flow[i].payer = (int32_t) (int8_t) take(f, 1);
		flow[i].payee = (int32_t) (int8_t) take(f, 1);
		flow[i].amount = (ec_fen) take(f, 8);
	}
	st = ec_netting_positions(n, flow, m, r, q, &bad);
	if (st == EC_OK)
	{
		for (int32_t i = 0; i < n; i++)
			net[i] = r[i] - q[i];
		st = ec_netting_transfers(n, net, scratch, out, &nout);
		if (st == EC_OK)
		{
			if (nout > (n > 1 ? n - 1 : 0))
				abort();
			for (int32_t k = 0; k < nout; k++)
			{
				if (out[k].amount <= 0 || out[k].payer == out[k].payee)
					abort();
				net[out[k].payer] += out[k].amount;
				net[out[k].payee] -= out[k].amount;
			}
			for (int32_t i = 0; i < n; i++)
				if (net[i] != 0)
					abort();
		}
		else if (st != EC_ERR_NETTING_OVERFLOW)
			abort();			/* positions of a valid ledger always sum to zero */
	}
	else if (bad >= m)
		abort();
}

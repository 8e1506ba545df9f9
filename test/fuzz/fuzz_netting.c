/*
 * libFuzzer target of the netting kernel (src/core/netting.c).  The input
 * bytes become a party count and a list of flows (payer, payee, signed
 * amount); the kernel must never crash, must reject what it should, and on
 * success its transfers must clear every position exactly, be positive and
 * number at most n - 1.  Any violation aborts.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/core \
 *       test/fuzz/fuzz_netting.c src/core/netting.c src/core/money.c -lm -o fuzz_netting
 *   ./fuzz_netting -max_total_time=60
 *
 * Without libFuzzer, build with -DEC_FUZZ_MAIN to replay files given on the
 * command line (or run a fixed pseudo-random corpus when none is given).
 */
#include "netting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t
take(const uint8_t **p, size_t *left, int bytes)
{
	uint64_t	v = 0;

	for (int i = 0; i < bytes; i++)
	{
		v <<= 8;
		if (*left > 0)
		{
			v |= **p;
			(*p)++;
			(*left)--;
		}
	}
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t		left = size;
	int32_t		n = (int32_t) (take(&p, &left, 1) % 64);
	size_t		m = left / 10;
	ec_netting_flow *f = malloc(sizeof(ec_netting_flow) * (m + 1));
	ec_fen	   *r = calloc(n + 1, sizeof(ec_fen));
	ec_fen	   *q = calloc(n + 1, sizeof(ec_fen));
	ec_fen	   *net = calloc(n + 1, sizeof(ec_fen));
	ec_netting_party *scratch = malloc(sizeof(ec_netting_party) * (n + 1));
	ec_netting_flow *out = malloc(sizeof(ec_netting_flow) * (n + 1));
	int32_t		nout = 0;
	size_t		bad = 0;
	ec_status st;

	for (size_t i = 0; i < m; i++)
	{
		/* indexes may fall outside 0..n-1 on purpose: the kernel must say so */
		f[i].payer = (int32_t) (int8_t) take(&p, &left, 1);
		f[i].payee = (int32_t) (int8_t) take(&p, &left, 1);
		f[i].amount = (ec_fen) take(&p, &left, 8);
	}
	st = ec_netting_positions(n, f, m, r, q, &bad);
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
	free(f);
	free(r);
	free(q);
	free(net);
	free(scratch);
	free(out);
	return 0;
}

#ifdef EC_FUZZ_MAIN
int
main(int argc, char **argv)
{
	uint8_t		buf[4096];

	if (argc > 1)
	{
		for (int a = 1; a < argc; a++)
		{
			FILE	   *fp = fopen(argv[a], "rb");
			size_t		len;

			if (!fp)
				continue;
			len = fread(buf, 1, sizeof(buf), fp);
			fclose(fp);
			LLVMFuzzerTestOneInput(buf, len);
		}
		return 0;
	}
	srand(11);
	for (int t = 0; t < 100000; t++)
	{
		size_t		len = (size_t) rand() % sizeof(buf);

		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t) rand();
		/* small amounts often, so that positions balance and transfers run */
		for (size_t i = 1; i + 10 <= len; i += 10)
			if (rand() % 2)
				memset(buf + i + 2, 0, 5);
		LLVMFuzzerTestOneInput(buf, len);
	}
	printf("netting fuzz replay: 100000 inputs ok\n");
	return 0;
}
#endif

/* Multilateral netting: positions, at most n - 1 clearing transfers, determinism. */
#include "check.h"
#include "netting.h"

#include <stdlib.h>

/* A small deterministic generator (64-bit LCG, high bits). */
static uint64_t rng_state;

static uint32_t
rng(void)
{
	rng_state = rng_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
	return (uint32_t) (rng_state >> 33);
}

static int
net_of(int32_t n, const ec_netting_flow *f, size_t m, ec_fen *net)
{
	ec_fen	   *r = calloc(n, sizeof(ec_fen)),
			   *p = calloc(n, sizeof(ec_fen));
	size_t		bad;
	int			ok = ec_netting_positions(n, f, m, r, p, &bad) == EC_OK;

	for (int32_t i = 0; i < n; i++)
		net[i] = r[i] - p[i];
	free(r);
	free(p);
	return ok;
}

static void
test_hand_examples(void)
{
	ec_netting_party scratch[4];
	ec_netting_flow out[3];
	int32_t		nout = -1;
	ec_fen		r[4] = {0},
				p[4] = {0},
				net[4];
	size_t		bad = 0;

	/*
	 * Chishui 2019 pool (parties Yunnan 0, Guizhou 1, Sichuan 2): Guizhou and
	 * Sichuan each pay Yunnan 20 000 000 yuan = 2 000 000 000 fen, so Yunnan
	 * is owed 2 × 20 000 000 = +40 000 000 and each payer owes -20 000 000.
	 */
	{
		ec_netting_flow f[2] = {{1, 0, INT64_C(2000000000)}, {2, 0, INT64_C(2000000000)}};

		CHECK(ec_netting_positions(3, f, 2, r, p, &bad) == EC_OK);
		CHECK_INT(r[0] - p[0], INT64_C(4000000000));
		CHECK_INT(r[1] - p[1], INT64_C(-2000000000));
		CHECK_INT(r[2] - p[2], INT64_C(-2000000000));
		for (int i = 0; i < 3; i++)
			net[i] = r[i] - p[i];
		CHECK(ec_netting_transfers(3, net, scratch, out, &nout) == EC_OK);
		/* Two debtors of equal size: the lower index (Guizhou) first. */
		CHECK_INT(nout, 2);
		CHECK(out[0].payer == 1 && out[0].payee == 0 && out[0].amount == INT64_C(2000000000));
		CHECK(out[1].payer == 2 && out[1].payee == 0 && out[1].amount == INT64_C(2000000000));
	}
	/* A owes B 100.00, B owes C 100.00: B is flat, one transfer A -> C 100.00. */
	{
		ec_netting_flow f[2] = {{0, 1, 10000}, {1, 2, 10000}};

		CHECK(net_of(3, f, 2, net));
		CHECK(ec_netting_transfers(3, net, scratch, out, &nout) == EC_OK);
		CHECK_INT(nout, 1);
		CHECK(out[0].payer == 0 && out[0].payee == 2 && out[0].amount == 10000);
	}
	/* A cycle A -> B -> C -> A of 0.50 each nets to nothing. */
	{
		ec_netting_flow f[3] = {{0, 1, 50}, {1, 2, 50}, {2, 0, 50}};

		CHECK(net_of(3, f, 3, net));
		CHECK(ec_netting_transfers(3, net, scratch, out, &nout) == EC_OK);
		CHECK_INT(nout, 0);
	}
	/*
	 * A charge of 300.00 A -> B, its reversal (-300.00, same direction), a
	 * new charge of 250.00 and a payment of 100.00 A -> B (a flow B -> A):
	 * A owes 300 - 300 + 250 - 100 = 150.00.
	 */
	{
		ec_netting_flow f[4] = {{0, 1, 30000}, {0, 1, -30000}, {0, 1, 25000}, {1, 0, 10000}};

		CHECK(net_of(2, f, 4, net));
		CHECK_INT(net[0], -15000);
		CHECK_INT(net[1], 15000);
		CHECK(ec_netting_transfers(2, net, scratch, out, &nout) == EC_OK);
		CHECK_INT(nout, 1);
		CHECK(out[0].payer == 0 && out[0].payee == 1 && out[0].amount == 15000);
	}
	/* Creditors +7, +3 and debtors -6, -4 (fen): largest first gives
	 * d0(6) -> c0(7) 6; d1(4) -> c0 1; d1 -> c1 3: three transfers = n - 1. */
	{
		ec_fen		n4[4] = {7, -6, 3, -4};

		CHECK(ec_netting_transfers(4, n4, scratch, out, &nout) == EC_OK);
		CHECK_INT(nout, 3);
		CHECK(out[0].payer == 1 && out[0].payee == 0 && out[0].amount == 6);
		CHECK(out[1].payer == 3 && out[1].payee == 0 && out[1].amount == 1);
		CHECK(out[2].payer == 3 && out[2].payee == 2 && out[2].amount == 3);
	}
	/* Errors. */
	{
		ec_netting_flow self[1] = {{1, 1, 5}};
		ec_netting_flow outside[2] = {{0, 1, 5}, {0, 4, 5}};
		ec_netting_flow huge[1] = {{0, 1, EC_FEN_MAX + 1}};
		ec_netting_flow twice[2] = {{0, 1, EC_FEN_MAX}, {0, 1, 1}};
		ec_fen		unbalanced[3] = {5, -4, 0};
		ec_fen		big[2] = {EC_FEN_MAX + 1, -EC_FEN_MAX - 1};

		for (int i = 0; i < 4; i++)
			r[i] = p[i] = 0;
		CHECK(ec_netting_positions(2, self, 1, r, p, &bad) == EC_ERR_NETTING_BAD_PARTY && bad == 0);
		CHECK(ec_netting_positions(2, outside, 2, r, p, &bad) == EC_ERR_NETTING_BAD_PARTY && bad == 1);
		CHECK(ec_netting_positions(2, huge, 1, r, p, &bad) == EC_ERR_NETTING_BAD_AMOUNT);
		for (int i = 0; i < 4; i++)
			r[i] = p[i] = 0;
		CHECK(ec_netting_positions(2, twice, 2, r, p, &bad) == EC_ERR_NETTING_OVERFLOW && bad == 1);
		CHECK(ec_netting_positions(-1, twice, 0, r, p, &bad) == EC_ERR_NETTING_TOO_MANY);
		CHECK(ec_netting_transfers(3, unbalanced, scratch, out, &nout) == EC_ERR_NETTING_UNBALANCED);
		CHECK(ec_netting_transfers(2, big, scratch, out, &nout) == EC_ERR_NETTING_OVERFLOW);
		CHECK(ec_netting_transfers(0, NULL, scratch, out, &nout) == EC_OK && nout == 0);
		CHECK(ec_status_text(EC_ERR_NETTING_UNBALANCED)[0] != '\0');
	}
}

/*
 * Property test: thousands of generated ledgers (charges, reversals of
 * earlier charges, payments) between up to 60 parties.  For each: positions
 * sum to zero and match a direct recomputation; there are at most n - 1
 * transfers, each positive, no party both pays and receives, and applying
 * them clears every position to the fen; shuffling the flows changes nothing.
 */
static void
test_random_ledgers(void)
{
	enum
	{
		LEDGERS = 5000, MAXN = 60, MAXM = 400
	};
	ec_netting_flow *f = malloc(sizeof(ec_netting_flow) * MAXM);
	ec_netting_flow *out = malloc(sizeof(ec_netting_flow) * MAXN);
	ec_netting_flow *out2 = malloc(sizeof(ec_netting_flow) * MAXN);
	ec_netting_party *scratch = malloc(sizeof(ec_netting_party) * MAXN);
	ec_fen		net[MAXN],
				net2[MAXN],
				direct[MAXN],
				left[MAXN];
	int			bad_sum = 0,
				bad_count = 0,
				bad_clear = 0,
				bad_dir = 0,
				bad_det = 0,
				bad_status = 0;

	rng_state = 20241231;
	for (int t = 0; t < LEDGERS; t++)
	{
		int32_t		n = 1 + (int32_t) (rng() % MAXN);
		size_t		m = n < 2 ? 0 : rng() % MAXM;
		int32_t		nout = 0,
					nout2 = 0;
		__int128	s = 0;
		int			pays[MAXN],
					gets[MAXN];

		for (size_t i = 0; i < m; i++)
		{
			uint32_t	kind = rng() % 10;

			if (kind < 2 && i > 0)
			{
				/* reversal of an earlier flow: same direction, negative */
				ec_netting_flow e = f[rng() % i];

				f[i] = (ec_netting_flow) {e.payer, e.payee, -e.amount};
				continue;
			}
			f[i].payer = (int32_t) (rng() % n);
			f[i].payee = (int32_t) ((f[i].payer + 1 + rng() % (n - 1)) % n);
			/* amounts from one fen to about 10^13 fen (10^11 yuan) */
			f[i].amount = 1 + (ec_fen) (((uint64_t) rng() << 11) ^ rng()) % (rng() % 3 == 0 ? 100 : INT64_C(10000000000000));
		}
		if (!net_of(n, f, m, net))
		{
			bad_status++;
			continue;
		}
		for (int32_t i = 0; i < n; i++)
		{
			s += net[i];
			direct[i] = 0;
			pays[i] = gets[i] = 0;
		}
		for (size_t i = 0; i < m; i++)
		{
			direct[f[i].payee] += f[i].amount;
			direct[f[i].payer] -= f[i].amount;
		}
		for (int32_t i = 0; i < n; i++)
			if (direct[i] != net[i])
				bad_sum++;
		if (s != 0)
			bad_sum++;
		if (ec_netting_transfers(n, net, scratch, out, &nout) != EC_OK)
		{
			bad_status++;
			continue;
		}
		if (nout > (n > 0 ? n - 1 : 0))
			bad_count++;
		for (int32_t i = 0; i < n; i++)
			left[i] = net[i];
		for (int32_t k = 0; k < nout; k++)
		{
			if (out[k].amount <= 0)
				bad_clear++;
			left[out[k].payer] += out[k].amount;
			left[out[k].payee] -= out[k].amount;
			pays[out[k].payer] = 1;
			gets[out[k].payee] = 1;
		}
		for (int32_t i = 0; i < n; i++)
		{
			if (left[i] != 0)
				bad_clear++;
			if (pays[i] && gets[i])
				bad_dir++;
		}
		/* Shuffle the flows (Fisher-Yates) and net again. */
		for (size_t i = m; i > 1; i--)
		{
			size_t		j = rng() % i;
			ec_netting_flow tmp = f[i - 1];

			f[i - 1] = f[j];
			f[j] = tmp;
		}
		if (!net_of(n, f, m, net2) ||
			ec_netting_transfers(n, net2, scratch, out2, &nout2) != EC_OK ||
			nout2 != nout)
			bad_det++;
		else
			for (int32_t k = 0; k < nout; k++)
				if (out[k].payer != out2[k].payer || out[k].payee != out2[k].payee ||
					out[k].amount != out2[k].amount)
					bad_det++;
	}
	CHECK_INT(bad_status, 0);
	CHECK_INT(bad_sum, 0);
	CHECK_INT(bad_count, 0);
	CHECK_INT(bad_clear, 0);
	CHECK_INT(bad_dir, 0);
	CHECK_INT(bad_det, 0);
	free(f);
	free(out);
	free(out2);
	free(scratch);
}

void
test_netting(void)
{
	test_hand_examples();
	test_random_ledgers();
}

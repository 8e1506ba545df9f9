/*
 * Multilateral netting: positions from flows, and greedy largest-first
 * matching of debtors and creditors (see netting.h).  Sorting makes the
 * result independent of the order of the flows and cheap: O(m + n log n).
 */
#include "netting.h"

#include <stdlib.h>

ec_status
ec_netting_positions(int32_t n, const ec_netting_flow *flows, size_t m,
				 ec_fen *receivable, ec_fen *payable, size_t *bad)
{
	if (n < 0 || n > EC_NETTING_MAX_PARTIES)
		return EC_ERR_NETTING_TOO_MANY;
	for (size_t i = 0; i < m; i++)
	{
		const ec_netting_flow *f = &flows[i];

		*bad = i;
		if (f->payer < 0 || f->payer >= n || f->payee < 0 || f->payee >= n ||
			f->payer == f->payee)
			return EC_ERR_NETTING_BAD_PARTY;
		if (f->amount > EC_FEN_MAX || f->amount < -EC_FEN_MAX)
			return EC_ERR_NETTING_BAD_AMOUNT;
		if (!ec_fen_add(&receivable[f->payee], f->amount) ||
			!ec_fen_add(&payable[f->payer], f->amount))
			return EC_ERR_NETTING_OVERFLOW;
	}
	return EC_OK;
}

/* Larger amounts first, then lower index: a total order, so qsort is deterministic. */
static int
cmp_party(const void *a, const void *b)
{
	const ec_netting_party *x = a,
			   *y = b;

	if (x->amount != y->amount)
		return x->amount > y->amount ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

ec_status
ec_netting_transfers(int32_t n, const ec_fen *net, ec_netting_party *scratch,
				 ec_netting_flow *out, int32_t *nout)
{
	int32_t		nc = 0,
				nd = 0,
				ic,
				id,
				k = 0;
	__int128	sum = 0;		/* n * 10^18 does not fit in 64 bits */
	ec_netting_party *cred = scratch;
	ec_netting_party *debt;

	*nout = 0;
	if (n < 0 || n > EC_NETTING_MAX_PARTIES)
		return EC_ERR_NETTING_TOO_MANY;
	for (int32_t i = 0; i < n; i++)
	{
		if (net[i] > EC_FEN_MAX || net[i] < -EC_FEN_MAX)
			return EC_ERR_NETTING_OVERFLOW;
		sum += net[i];
		if (net[i] > 0)
			nc++;
	}
	if (sum != 0)
		return EC_ERR_NETTING_UNBALANCED;

	/* Creditors at the front, debtors (as positive amounts) after them. */
	debt = scratch + nc;
	for (int32_t i = 0; i < n; i++)
	{
		if (net[i] > 0)
			cred[k++] = (ec_netting_party) {net[i], i};
		else if (net[i] < 0)
			debt[nd++] = (ec_netting_party) {-net[i], i};
	}
	qsort(cred, nc, sizeof(ec_netting_party), cmp_party);
	qsort(debt, nd, sizeof(ec_netting_party), cmp_party);

	ic = id = 0;
	k = 0;
	while (ic < nc && id < nd)
	{
		ec_fen		x = cred[ic].amount < debt[id].amount ? cred[ic].amount : debt[id].amount;

		out[k++] = (ec_netting_flow) {debt[id].index, cred[ic].index, x};
		cred[ic].amount -= x;
		debt[id].amount -= x;
		if (cred[ic].amount == 0)
			ic++;
		if (debt[id].amount == 0)
			id++;
	}
	*nout = k;
	return EC_OK;
}

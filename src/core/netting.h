/*
 * Multilateral netting of a ledger: each party's position (what it is owed
 * less what it owes) and a set of at most n - 1 transfers that clears every
 * position exactly to the fen.  Pure C: parties are indexes 0..n-1, money is
 * int64 fen, the caller provides every buffer.
 */
#ifndef EC_NETTING_H
#define EC_NETTING_H

#include <stddef.h>
#include <stdint.h>

#include "money.h"
#include "status.h"

/* Largest number of parties the kernel accepts (indexes are int32). */
#define EC_NETTING_MAX_PARTIES 10000000

/*
 * One movement payer -> payee.  A charge has amount > 0; the reversal of a
 * charge keeps its payer and payee and has amount < 0; a payment payer ->
 * payee settles debt, so it enters as a flow payee -> payer.
 */
typedef struct ec_netting_flow
{
	int32_t		payer;
	int32_t		payee;
	ec_fen		amount;
} ec_netting_flow;


/*
 * Adds m flows to receivable[] (payee side) and payable[] (payer side),
 * arrays of n that the caller has set (usually to zero).  A negative amount
 * subtracts.  On failure *bad is the index of the offending flow and the
 * arrays are partly updated.
 */
ec_status ec_netting_positions(int32_t n, const ec_netting_flow *flows, size_t m,
							   ec_fen *receivable, ec_fen *payable, size_t *bad);

/* Scratch space of ec_netting_transfers: one per party. */
typedef struct ec_netting_party
{
	ec_fen		amount;
	int32_t		index;
} ec_netting_party;

/*
 * Transfers that clear the positions net[0..n-1] (net > 0: receives; the
 * positions must sum to zero): creditors and debtors are each taken largest
 * first, ties to the lower index, and the largest debtor pays the largest
 * creditor as much as the smaller of the two still has, until both lists are
 * empty.  Every step clears at least one party and the last clears two, so
 * there are at most (creditors + debtors - 1) <= n - 1 transfers, each > 0.
 * The result depends only on net[] (deterministic).  out needs room for
 * n - 1 transfers (none when n < 2), scratch for n parties.
 */
ec_status ec_netting_transfers(int32_t n, const ec_fen *net, ec_netting_party *scratch,
							   ec_netting_flow *out, int32_t *nout);

#endif

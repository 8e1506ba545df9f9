#include "rule_pool.h"

#include <stdlib.h>

ec_status
ec_pool(const ec_pool_input *in, ec_pool_output *out)
{
	int			np = in->nparties;
	int		   *count;
	ec_fen	   *parts;
	int			i,
				j;

	out->ntransfers = 0;
	out->bad = -1;
	if (np <= 0)
		return EC_ERR_EMPTY;
	if (in->total < 0 || in->total > EC_FEN_MAX)
		return EC_ERR_OVERFLOW;
	if (!ec_allocate(in->total, in->contribution, np, out->contribution) ||
		!ec_allocate(in->total, in->allocation, np, out->allocation))
		return EC_ERR_BAD_WEIGHT;
	for (i = 0; i < in->nsections; i++)
		if (in->responsible[i] < 0 || in->responsible[i] >= np)
		{
			out->bad = i;
			return EC_ERR_BAD_INDEX;
		}

	count = calloc((size_t) np, sizeof(int));
	parts = malloc(sizeof(ec_fen) * (size_t) (np + in->nsections));
	if (count == NULL || parts == NULL)
	{
		free(count);
		free(parts);
		return EC_ERR_OVERFLOW;
	}
	for (i = 0; i < np; i++)
		out->final_allocation[i] = out->allocation[i];
	for (i = 0; i < in->nsections; i++)
		count[in->responsible[i]]++;

	/* Stakes: each party's allocation split evenly over its sections, in
	 * section order (largest remainder), computed once from the allocation
	 * before any deduction. */
	for (int p = 0; p < np; p++)
	{
		int			k = 0;
		double	   *ones;

		if (count[p] == 0)
			continue;
		ones = malloc(sizeof(double) * (size_t) count[p]);
		if (ones == NULL)
		{
			free(count);
			free(parts);
			return EC_ERR_OVERFLOW;
		}
		for (j = 0; j < count[p]; j++)
			ones[j] = 1;
		ec_allocate(out->allocation[p], ones, count[p], parts);
		free(ones);
		for (i = 0; i < in->nsections; i++)
			if (in->responsible[i] == p)
				out->stake[i] = parts[k++];
	}

	for (i = 0; i < in->nsections; i++)
	{
		const double *row = in->deduction_to + (size_t) i * (size_t) np;
		int			r = in->responsible[i];

		out->deducted[i] = 0;
		if (!in->failed[i])
			continue;
		out->bad = i;
		if (row[r] != 0 || !ec_allocate(out->stake[i], row, np, parts))
		{
			free(count);
			free(parts);
			return EC_ERR_BAD_WEIGHT;
		}
		out->deducted[i] = out->stake[i];
		out->final_allocation[r] -= out->stake[i];
		for (j = 0; j < np; j++)
			out->final_allocation[j] += parts[j];
	}
	out->bad = -1;
	free(count);
	free(parts);

	for (i = 0; i < np; i++)
		out->net[i] = out->final_allocation[i] - out->contribution[i];

	/* Match payers (net < 0) with receivers (net > 0), both in party
	 * order.  Each step clears one of them, so there are at most n − 1. */
	{
		ec_fen	   *owe = malloc(sizeof(ec_fen) * (size_t) np);

		if (owe == NULL)
			return EC_ERR_OVERFLOW;
		for (i = 0; i < np; i++)
			owe[i] = out->net[i];
		i = 0;
		j = 0;
		for (;;)
		{
			ec_fen		x;

			while (i < np && owe[i] >= 0)
				i++;
			while (j < np && owe[j] <= 0)
				j++;
			if (i >= np || j >= np)
				break;
			x = -owe[i] < owe[j] ? -owe[i] : owe[j];
			out->from[out->ntransfers] = i;
			out->to[out->ntransfers] = j;
			out->amount[out->ntransfers] = x;
			out->ntransfers++;
			owe[i] += x;
			owe[j] -= x;
		}
		free(owe);
	}
	return EC_OK;
}

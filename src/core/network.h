/*
 * River network labelling: from a reach graph (id, main downstream reach,
 * optional minor downstream reach at a divergence, length, local area) to
 * the NHDPlus-style attributes of every reach (hydroseq, terminal, level
 * path, Strahler and Shreve order, total upstream area, arbolate sum, path
 * length, nested-interval navigation labels, Pfafstetter code).
 *
 * Every pass is iterative and linear in the number of reaches (plus the
 * divergence bookkeeping described in docs/network.md); nothing recurses, so
 * basins millions of reaches deep are fine.  Pure C: no PostgreSQL headers.
 */
#ifndef EC_NETWORK_H
#define EC_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* reaches, and minor links, one labelling handles (int32 indexes inside) */
#define EC_NET_MAX ((size_t) 1 << 30)

typedef struct ec_net_input
{
	size_t		n;
	const int64_t *id;
	const int64_t *down;		/* next_down; read only where has_down[i] */
	const int64_t *minor;		/* next_down_minor; read only where has_minor[i] */
	const unsigned char *has_down;
	const unsigned char *has_minor;
	const double *length_km;	/* NaN = unknown: an error */
	const double *area_km2;		/* NaN = unknown: up_area_km2 unknown downstream */
	const char *const *name;	/* NULL entries (or a NULL array) = unnamed */
	int			pfaf_depth;		/* digits of Pfafstetter codes, 0..EC_PFAF_MAX_DEPTH */

	/*
	 * Further minor links (NHDPlus nodes that drain three or more ways):
	 * link_from[k] also drains into link_to[k].  Counted exactly like
	 * next_down_minor by every label.
	 */
	size_t		n_links;
	const int64_t *link_from;
	const int64_t *link_to;

	/*
	 * Polled now and then in every pass (NULL: never); returning nonzero
	 * stops the labelling with EC_ERR_CANCELLED after freeing everything, so
	 * the caller can then serve a query cancel without leaking.
	 */
	int			(*interrupted) (void);
} ec_net_input;

#define EC_NET_CYCLE_SHOWN 8

typedef struct ec_net_result
{
	ec_status status;
	int64_t		err_id;
	int64_t		err_id2;
	int64_t		cycle[EC_NET_CYCLE_SHOWN];	/* reaches on the cycle, from err_id */
	int			cycle_len;		/* its length (may exceed EC_NET_CYCLE_SHOWN) */

	size_t		bytes;			/* memory the kernel allocated (approximate peak) */

	size_t		n;
	int64_t    *hydroseq;		/* 1 at an outlet; larger upstream (both paths) */
	int64_t    *terminal_id;	/* id of the outlet reached along main paths */
	int64_t    *level_path_id;	/* id of the most downstream reach of the path */
	int32_t    *strahler;		/* NHDPlus StreamOrde rule */
	double	   *dendritic_km;	/* arbolate sum over the next_down tree only */
	int64_t    *shreve;			/* headwater reaches in the upstream closure */
	double	   *up_area_km2;	/* NaN when an upstream area is unknown */
	double	   *arbolate_km;
	double	   *path_km;		/* downstream end to the outlet, main paths */
	int64_t    *nav_lo;			/* preorder number in the main-path tree */
	int64_t    *nav_hi;			/* largest preorder number in the subtree */
	char	   *pfaf;			/* n rows of pfaf_stride bytes, NUL-terminated */
	int			pfaf_stride;

	/*
	 * Reaches whose upstream closure is more than their main-path subtree
	 * (water arrives through a minor divergence path): for each, the extra
	 * disjoint nav intervals [extra_lo, extra_hi].  Sorted by id, lo.
	 */
	size_t		n_extra;
	int64_t    *extra_id;
	int64_t    *extra_lo;
	int64_t    *extra_hi;
} ec_net_result;

/* Labels a network; check result->status.  Free with ec_net_free. */
ec_net_result *ec_net_label(const ec_net_input *in);
void		ec_net_free(ec_net_result *r);


/* qsort order of int32_t values (also build_network.c). */
int			ec_cmp_int32(const void *a, const void *b);

#endif

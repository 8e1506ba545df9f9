/*
 * The graph steps of build_network() (docs/build_network.md): which points
 * of the river lines become one node, and which way every piece between
 * nodes flows.  The geometry (crossings, distances, closest points, cutting
 * lines into pieces) is PostGIS's, in sql/install/31_build_network.sql; the
 * SQL hands the facts it measured to these kernels as plain arrays.
 *
 * Points are numbered 0..n-1: the two ends of every part, the outlets, the
 * crossings, then the split points the snapping adds.  A node is a cluster of
 * points, named by its smallest point number (its root), so the numbering
 * does not depend on the order of the joins.  Parts are 0..n_parts-1.
 *
 * Pure C.  The kernels never free: every allocation comes from env->alloc and
 * is released by the caller as a whole (a memory context, an arena), so
 * env->poll may leave a kernel by longjmp (a query cancel) without a leak.
 */
#ifndef EC_BUILD_NETWORK_H
#define EC_BUILD_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Bound on every count given to a kernel (points, parts, pairs, edges). */
#define EC_BN_MAX_ITEMS ((size_t) 1 << 26)

/* env->poll is called once every EC_BN_POLL_EVERY steps of a loop. */
#define EC_BN_POLL_EVERY 4096

/* A point that lies on no part (an outlet). */
#define EC_BN_NO_PART (-1)


typedef struct ec_bn_env
{
	void	   *(*alloc) (size_t bytes, void *ctx);	/* NULL on failure */
	void		(*poll) (void *ctx);	/* may be NULL */
	void	   *ctx;
} ec_bn_env;

typedef struct ec_bn_points
{
	size_t		n;
	size_t		n_parts;
	const int32_t *part;		/* part of each point, or EC_BN_NO_PART */
	const double *frac;			/* where on its part, 0..1; read only for snapping */

	/*
	 * Joins already made: link[i] <= i is a point of i's node (i itself when
	 * none).  NULL: every point is its own node.
	 */
	const int32_t *link;
} ec_bn_points;

/* Point pairs, in the order they are to be tried. */
typedef struct ec_bn_pairs
{
	size_t		n;
	const int32_t *a;
	const int32_t *b;
} ec_bn_pairs;

/*
 * Ends within the tolerance of each other become one node, in the order of
 * `near` (closest pairs first), unless the two nodes already share a part:
 * a short part is never collapsed into a point.  Then each pair of `ring`
 * (the two ends of a closed part) is joined unconditionally.  root[i]
 * receives the node of every point; *joined the joins made from `near`.
 * On failure *err_index names the offending element (or the count).
 */
ec_status ec_bn_join_ends(const ec_bn_env *env, const ec_bn_points *pts,
							 const ec_bn_pairs *near, const ec_bn_pairs *ring,
							 int32_t *root, int64_t *joined, int64_t *err_index);

/*
 * Candidate snaps of a node onto a part, nearest first.  For each: the point
 * (an end or an outlet), the part, the closest point of the part as a
 * fraction along it, the end of the part nearest to that closest point, and
 * whether that end lies within the tolerance of it.
 */
typedef struct ec_bn_snaps
{
	size_t		n;
	const int32_t *point;
	const int32_t *part;
	const double *frac;
	const int32_t *near_end;
	const bool *end_is_near;
} ec_bn_snaps;

typedef struct ec_bn_snapped
{
	size_t		n_new;			/* split points added: points n .. n + n_new - 1 */
	int32_t    *new_snap;		/* the candidate that made each one */
	int32_t    *node;			/* node of every point, old and new (n + n_new) */
	int64_t		snapped;		/* snaps made (joins to an end, and splits) */
	int64_t		splits;			/* of which splits */
} ec_bn_snapped;

/*
 * Snaps every node onto the nearest part that has no point in it, once per
 * node of pts->link (the nodes after ec_bn_join_ends, which pts->link must
 * hold): in candidate order, a candidate is skipped when its part already
 * has a point in the node or the node has snapped.  When the part's end is
 * near, the node is joined to that end (unless they share a part already);
 * otherwise a split point is added on the part at frac.  Then the points
 * that lie at the same fraction of the same part are one node (found on the
 * points sorted by part and fraction), and out->node is resolved for all.
 */
ec_status ec_bn_snap(const ec_bn_env *env, const ec_bn_points *pts,
						const ec_bn_snaps *snaps, ec_bn_snapped *out, int64_t *err_index);

/* Pieces between nodes: edge i joins node from[i] to node to[i]. */
typedef struct ec_bn_edges
{
	size_t		n;
	const int32_t *from;		/* node at the piece's first vertex (any value >= 0) */
	const int32_t *to;			/* node at its last vertex */
	const double *length;		/* >= 0, finite */
	size_t		n_outlets;
	const int32_t *outlet;		/* outlet nodes (need not lie on an edge; repeats allowed) */
} ec_bn_edges;

typedef struct ec_bn_flow
{
	/* per edge; next_down and minor are edge numbers or -1 */
	bool	   *reached;		/* an outlet is reachable from the edge */
	bool	   *reverse;		/* it flows from `to` to `from` */
	bool	   *tree;			/* on the shortest-path tree (else it closes a loop) */
	int32_t    *next_down;		/* the tree edge leaving its downstream node */
	int32_t    *minor;			/* the loop-closing edge leaving its downstream node */
	double	   *dist_down;		/* shortest distance from its downstream node to an outlet */

	int64_t		n_reached;
	int64_t		loops;			/* reached edges not on the tree */
	int64_t		junctions;		/* nodes where three or more reached edge ends meet */
	int64_t		n_unreached;
	double		unreached_length;
} ec_bn_flow;

/*
 * Orients every edge toward the outlets: a shortest-path tree (Dijkstra,
 * ties broken by node and edge number) is grown from the outlet nodes; a
 * tree edge flows from child to parent, another edge flows to its end nearer
 * an outlet (ties: the smaller node).  next_down is the tree edge leaving the
 * downstream node (none at an outlet); minor is, at a node where a
 * loop-closing edge leaves, the one with the shortest distance (then smallest
 * number), for every edge flowing into that node.
 */
ec_status ec_bn_orient(const ec_bn_env *env, const ec_bn_edges *in,
						  ec_bn_flow *out, int64_t *err_index);

#endif

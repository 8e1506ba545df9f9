/*
 * Pfafstetter basin codes (Verdin & Verdin 1999, J. Hydrol. 218:1-12):
 * the "is A upstream of B" rule on codes, and the assignment of codes to the
 * reaches of a main-path tree.  Pure C.
 */
#ifndef EC_PFAFSTETTER_H
#define EC_PFAFSTETTER_H

#include <stddef.h>
#include <stdint.h>

#define EC_PFAF_MAX_DEPTH 18

/*
 * Verdin & Verdin rule.  Both codes are cut to the shorter length; then a is
 * upstream of b iff they differ, at the first differing digit a's is larger,
 * and every digit of b from there to the end is odd (0 counts as odd, as in
 * HydroBASINS, where it means "not subdivided at this level").
 * Returns 1 (upstream), 0 (not), or -1 when a code is empty or has a
 * character other than 0-9 (*bad_pos gets its 0-based offset, *bad_which 'a'
 * or 'b').
 */
int			ec_pfaf_is_upstream(const char *a, size_t alen, const char *b, size_t blen,
								size_t *bad_pos, char *bad_which);

/*
 * A main-path forest laid out in preorder with every node's main (level
 * path) child visited last, so that any stretch of a level path together
 * with the tributaries joining it is a contiguous run of positions.
 */
typedef struct ec_pfaf_tree
{
	size_t		n;
	const int64_t *id;			/* tie-break between equal weights */
	const int32_t *main_child;	/* -1: none (headwater of its level path) */
	const int32_t *child_start; /* CSR: children of v are child[child_start[v] .. child_start[v+1]-1] */
	const int32_t *child;
	const int64_t *pos;			/* 0-based preorder position */
	const int64_t *size;		/* subtree size */
	const double *weight;		/* tributary size: upstream area (or length) */
	const int32_t *roots;		/* outlets */
	size_t		n_roots;
} ec_pfaf_tree;

/*
 * Writes codes of up to depth digits: codes[p * (depth + 1) ...] is the
 * NUL-terminated code of the reach at position p.  Each basin's main stem is
 * its level path; the four tributaries with the largest weight get 2, 4, 6, 8
 * in upstream order, the main-stem stretches between them 1, 3, 5, 7, 9;
 * each of these is subdivided the same way, level by level.  A basin with no
 * tributary cannot be subdivided: its further digits are 0 (as in
 * HydroBASINS), so every code has exactly depth digits.  Iterative, O(n) per
 * level.  Returns 0, or -1 when out of memory.
 */
int			ec_pfaf_assign(const ec_pfaf_tree *t, int depth, char *codes);

#endif

/*
 * SQL glue of the build_network graph kernels (src/core/build_network.c):
 * the internal functions _bn_join_ends, _bn_snap and _bn_orient that
 * build_network() (sql/install/31_build_network.sql) calls between its
 * PostGIS steps.  Arrays in, arrays out; SQL numbers points, parts and
 * pieces from 1, the kernels from 0.
 */
#include "ecocomp.h"
#include "glue.h"

#include "core/build_network.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(ecocomp_bn_join_ends);
PG_FUNCTION_INFO_V1(ecocomp_bn_snap);
PG_FUNCTION_INFO_V1(ecocomp_bn_orient);

/*
 * Kernel memory comes from the current memory context, so a query cancel
 * raised by the poll (a longjmp out of the kernel) leaks nothing.
 */
static void *
bn_alloc(size_t bytes, void *ctx)
{
	return MemoryContextAllocHuge(CurrentMemoryContext, bytes);
}

static void
bn_poll(void *ctx)
{
	CHECK_FOR_INTERRUPTS();
}

static const ec_bn_env bn_env = {bn_alloc, bn_poll, NULL};

/* item: the element (or the count, for EC_ERR_GRAPH_TOO_LARGE) of `what` */
static void
bn_raise(ec_status st, int64 item, const char *what)
{
	ec_names	names = {"build_network()", what};

	ec_raise(st, &names, item, 0);
}

/*
 * The array helpers refuse arrays longer than EC_MAX_ELEMS; say so in terms
 * of the network first.
 */
static ArrayType *
bn_array(FunctionCallInfo fcinfo, int arg)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(arg);

	if (ARR_NDIM(a) == 1 && ARR_DIMS(a)[0] > EC_MAX_ELEMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("river network is too large to build"),
				 errdetail("build_network() handles at most %d points, candidate snaps or pieces; "
						   "this network has %d.", EC_MAX_ELEMS, ARR_DIMS(a)[0]),
				 errhint("Build the basins one at a time.")));
	return a;
}

/* int[] of 1-based numbers as 0-based; 0 (allowed only when zero_ok) becomes -1 */
static int32 *
zero_based(ArrayType *a, int *n, const char *what, bool zero_ok)
{
	int32	   *v = ec_int4_elems(a, n, what, NULL);

	for (int i = 0; i < *n; i++)
	{
		if (v[i] < 0 || (v[i] == 0 && !zero_ok))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid %s for the river network graph", what),
					 errdetail("Element %d of the %s is %d; numbers start at 1.", i + 1, what, v[i])));
		v[i] -= 1;
	}
	return v;
}

static ArrayType *
bool_result(const bool *v, size_t n)
{
	Datum	   *d = palloc(sizeof(Datum) * (n + 1));

	for (size_t i = 0; i < n; i++)
		d[i] = BoolGetDatum(v[i]);
	return construct_array(d, (int) n, BOOLOID, 1, true, TYPALIGN_CHAR);
}

/* largest part number + 1 (parts are 0-based here, -1 = none) */
static size_t
count_parts(const int32 *part, int n)
{
	int32		m = -1;

	for (int i = 0; i < n; i++)
		m = Max(m, part[i]);
	return (size_t) m + 1;
}

/*
 * _bn_join_ends(part int[], link int[], near_a int[], near_b int[],
 *               ring_a int[], ring_b int[], OUT root int[], OUT joined bigint)
 * part: of each point, 0 for none (an outlet).
 */
Datum
ecocomp_bn_join_ends(PG_FUNCTION_ARGS)
{
	ec_status	st;
	static const char *const what[] = {
		"point parts", "point links", "near pairs", "near pairs", "ring pairs", "ring pairs"
	};
	int			len[6];
	int32	   *a[6];
	ec_bn_points pts;
	ec_bn_pairs near,
				ring;
	int32	   *root;
	int64		joined,
				err;

	for (int k = 0; k < 6; k++)
		a[k] = zero_based(bn_array(fcinfo, k), &len[k], what[k], k == 0);
	ec_same_length(len[0], len[1], "point parts and links");
	ec_same_length(len[2], len[3], "near pair arrays");
	ec_same_length(len[4], len[5], "ring pair arrays");
	pts = (ec_bn_points) {.n = len[0], .n_parts = count_parts(a[0], len[0]), .part = a[0], .link = a[1]};
	near = (ec_bn_pairs) {.n = len[2], .a = a[2], .b = a[3]};
	ring = (ec_bn_pairs) {.n = len[4], .a = a[4], .b = a[5]};
	root = ec_alloc(int32, len[0]);
	/* the status first: C leaves the order of argument evaluation open, so
	 * bn_raise(f(&err), err) could read err before f sets it */
	st = ec_bn_join_ends(&bn_env, &pts, &near, &ring, root, &joined, &err);
	bn_raise(st, err, "points");
	EC_RETURN_ROW(PointerGetDatum(ec_int4_result(root, len[0], 1)), Int64GetDatum(joined));
}

/*
 * _bn_snap(part int[], frac float8[], root int[], snap_point int[],
 *          snap_part int[], snap_frac float8[], snap_near_end int[],
 *          snap_end_is_near boolean[], OUT node int[], OUT new_snap int[],
 *          OUT snapped bigint, OUT splits bigint)
 * frac is read only for points on a part (an outlet's may be NULL); root is
 * _bn_join_ends's.  node has one element per point, then per new split
 * point; new_snap names the candidate of each new split point.
 */
Datum
ecocomp_bn_snap(PG_FUNCTION_ARGS)
{
	ec_status	st;
	int			len[8];			/* of each array argument */
	int32	   *part = zero_based(bn_array(fcinfo, 0), &len[0], "point parts", true);
	double	   *frac = ec_float8_elems_or_nan(bn_array(fcinfo, 1), &len[1], "point fractions");
	int32	   *root = zero_based(bn_array(fcinfo, 2), &len[2], "point roots", false);
	ec_bn_snaps snaps = {
		.point = zero_based(bn_array(fcinfo, 3), &len[3], "snap points", false),
		.part = zero_based(bn_array(fcinfo, 4), &len[4], "snap parts", false),
		.frac = ec_float8_elems(bn_array(fcinfo, 5), &len[5], "snap fractions", NULL),
		.near_end = zero_based(bn_array(fcinfo, 6), &len[6], "snap ends", false),
		.end_is_near = ec_bool_elems(bn_array(fcinfo, 7), &len[7], "snap flags", false)
	};
	int			n = len[0];
	ec_bn_points pts;
	ec_bn_snapped out;
	int64		err;

	ec_same_length(n, len[1], "point parts and fractions");
	ec_same_length(n, len[2], "point parts and roots");
	for (int k = 4; k < 8; k++)
		ec_same_length(len[3], len[k], "snap arrays");
	snaps.n = len[3];
	pts = (ec_bn_points) {.n = n, .n_parts = count_parts(part, n), .part = part, .frac = frac, .link = root};
	st = ec_bn_snap(&bn_env, &pts, &snaps, &out, &err);
	bn_raise(st, err, "points");
	EC_RETURN_ROW(PointerGetDatum(ec_int4_result(out.node, (int) (n + out.n_new), 1)),
				  PointerGetDatum(ec_int4_result(out.new_snap, (int) out.n_new, 1)),
				  Int64GetDatum(out.snapped), Int64GetDatum(out.splits));
}

/*
 * _bn_orient(node_from int[], node_to int[], length float8[], outlet int[],
 *            OUT reverse boolean[], OUT tree boolean[], OUT next_down int[],
 *            OUT next_down_minor int[], OUT dist_down float8[],
 *            OUT loops bigint, OUT junctions bigint, OUT unreached bigint,
 *            OUT unreached_length float8)
 * Per piece: NULL dist_down when no outlet can be reached from it;
 * next_down and next_down_minor are piece numbers or NULL.
 */
Datum
ecocomp_bn_orient(PG_FUNCTION_ARGS)
{
	ec_status	st;
	int			ne,
				ne_to,
				ne_len,
				no;
	int32	   *from = ec_int4_elems(bn_array(fcinfo, 0), &ne, "piece nodes", NULL);
	int32	   *to = ec_int4_elems(bn_array(fcinfo, 1), &ne_to, "piece nodes", NULL);
	double	   *len = ec_float8_elems(bn_array(fcinfo, 2), &ne_len, "piece lengths", NULL);
	int32	   *outlet = ec_int4_elems(bn_array(fcinfo, 3), &no, "outlet nodes", NULL);
	ec_bn_edges in;
	ec_bn_flow	out;
	int64		err;

	ec_same_length(ne, ne_to, "piece node arrays");
	ec_same_length(ne, ne_len, "piece nodes and lengths");
	in = (ec_bn_edges) {.n = ne, .from = from, .to = to, .length = len, .n_outlets = no, .outlet = outlet};
	st = ec_bn_orient(&bn_env, &in, &out, &err);
	bn_raise(st, err, "pieces");
	for (int e = 0; e < ne; e++)
		if (!out.reached[e])
			out.dist_down[e] = NAN;		/* NULL */
	EC_RETURN_ROW(PointerGetDatum(bool_result(out.reverse, ne)), PointerGetDatum(bool_result(out.tree, ne)),
				  PointerGetDatum(ec_int4_result(out.next_down, ne, 1)),
				  PointerGetDatum(ec_int4_result(out.minor, ne, 1)),
				  PointerGetDatum(ec_float8_result(out.dist_down, ne)),
				  Int64GetDatum(out.loops), Int64GetDatum(out.junctions),
				  Int64GetDatum(out.n_unreached), Float8GetDatum(out.unreached_length));
}

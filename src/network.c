/*
 * SQL glue of the river network kernels (src/core/network.c,
 * src/core/pfafstetter.c): refresh_network() and pfaf_is_upstream(); and
 * navigate() and is_upstream(), which answer from the labels with saved
 * plans.
 *
 * refresh_network reads the reach graph with one query (a cursor, in
 * batches) and the further minor links of ecocomp.reach_minor_link, labels
 * it in C, and writes the labels in bulk into the emptied spare table
 * ecocomp._reach_label_next, from which ecocomp._reach_label_replace()
 * updates the label columns of ecocomp.reach that changed before swapping
 * it with ecocomp._reach_label (navigation's copy); the divergence intervals go
 * into ecocomp._reach_nav_extra.  When the graph read has the digest the
 * current labels were derived from, nothing is labelled or written.  (A
 * database still on 0.1.0's SQL has no label table: the columns of
 * ecocomp.reach are updated directly.)  Its SPI queries run under a pinned search_path
 * (pg_catalog, ecocomp, pg_temp): operators and functions a caller has
 * planted in their own schemas are never picked up.
 */
#include "ecocomp.h"
#include "glue.h"

#include "core/network.h"
#include "core/pfafstetter.h"

#include <math.h>
#include <sys/resource.h>

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "executor/tstoreReceiver.h"
#include "nodes/params.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(ecocomp_refresh_network);
PG_FUNCTION_INFO_V1(ecocomp_pfaf_is_upstream);
PG_FUNCTION_INFO_V1(ecocomp_navigate);
PG_FUNCTION_INFO_V1(ecocomp_is_upstream);

#define FETCH_BATCH 50000

/*
 * The most reaches (and further minor links) one refresh labels: the
 * write-back passes each label as one SQL array, which must stay under
 * PostgreSQL's 1 GB allocation limit (NHDPlus V2 has 2.7 M flowlines).
 */
#define NET_MAX_REACHES 100000000

typedef struct graph
{
	size_t		n;
	size_t		cap;
	int64	   *id;
	int64	   *down;
	int64	   *minor;
	unsigned char *has_down;
	unsigned char *has_minor;
	double	   *len;
	double	   *area;
	char	  **name;
	bool	   *geom_null;
	/* further minor links (ecocomp.reach_minor_link) */
	size_t		n_links;
	int64	   *link_from;
	int64	   *link_to;
} graph;

static void *
grow(void *p, size_t elem, size_t cap)
{
	Size		sz = (Size) elem * cap;

	if (p == NULL)
		return MemoryContextAllocHuge(CurrentMemoryContext, sz);
	return repalloc_huge(p, sz);
}

static void
graph_reserve(graph *g, size_t need)
{
	size_t		cap;

	if (need <= g->cap)
		return;
	cap = g->cap ? g->cap * 2 : 1024;
	while (cap < need)
		cap *= 2;
	g->id = grow(g->id, sizeof(int64), cap);
	g->down = grow(g->down, sizeof(int64), cap);
	g->minor = grow(g->minor, sizeof(int64), cap);
	g->has_down = grow(g->has_down, 1, cap);
	g->has_minor = grow(g->has_minor, 1, cap);
	g->len = grow(g->len, sizeof(double), cap);
	g->area = grow(g->area, sizeof(double), cap);
	g->name = grow(g->name, sizeof(char *), cap);
	g->geom_null = grow(g->geom_null, sizeof(bool), cap);
	g->cap = cap;
}

/* Reads ecocomp.reach ordered by reach_id into g (in the current context). */
static void
read_graph(graph *g, MemoryContext target)
{
	Portal		portal;
	uint64		got;

	portal = ec_spi_cursor("SELECT reach_id, next_down, next_down_minor, length_km, "
						   "local_area_km2, name, geom IS NULL "
						   "FROM ecocomp.reach ORDER BY reach_id", 0, NULL, NULL);
	while ((got = ec_spi_fetch(portal, FETCH_BATCH)) > 0)
	{
		SPITupleTable *tt = SPI_tuptable;
		TupleDesc	td = tt->tupdesc;
		MemoryContext old;

		if (g->n + got > NET_MAX_REACHES)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("river network too big to label"),
					 errdetail("ecocomp.reach has more than %d reaches; at most %d can be labelled at once.",
							   NET_MAX_REACHES, NET_MAX_REACHES)));
		old = MemoryContextSwitchTo(target);
		graph_reserve(g, g->n + got);
		for (uint64 k = 0; k < got; k++)
		{
			HeapTuple	tup = tt->vals[k];
			size_t		i = g->n++;
			bool		isnull;
			Datum		d;

			g->id[i] = DatumGetInt64(SPI_getbinval(tup, td, 1, &isnull));
			d = SPI_getbinval(tup, td, 2, &isnull);
			g->has_down[i] = !isnull;
			g->down[i] = isnull ? 0 : DatumGetInt64(d);
			d = SPI_getbinval(tup, td, 3, &isnull);
			g->has_minor[i] = !isnull;
			g->minor[i] = isnull ? 0 : DatumGetInt64(d);
			d = SPI_getbinval(tup, td, 4, &isnull);
			g->len[i] = isnull ? NAN : DatumGetFloat8(d);
			d = SPI_getbinval(tup, td, 5, &isnull);
			g->area[i] = isnull ? NAN : DatumGetFloat8(d);
			d = SPI_getbinval(tup, td, 6, &isnull);
			g->name[i] = isnull ? NULL : TextDatumGetCString(d);
			g->geom_null[i] = DatumGetBool(SPI_getbinval(tup, td, 7, &isnull));
		}
		MemoryContextSwitchTo(old);
		SPI_freetuptable(tt);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
}

/* Reads ecocomp.reach_minor_link into g (in target). */
static void
read_links(graph *g, MemoryContext target)
{
	int			rc;
	uint64		got;
	MemoryContext old;

	rc = SPI_execute("SELECT reach_id, down_id FROM ecocomp.reach_minor_link "
					 "ORDER BY reach_id, down_id", true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "reading ecocomp.reach_minor_link failed: %s", SPI_result_code_string(rc));
	got = SPI_processed;
	if (got > (uint64) NET_MAX_REACHES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many minor links"),
				 errdetail("ecocomp.reach_minor_link has " UINT64_FORMAT " rows; at most %d can be labelled at once.",
						   got, NET_MAX_REACHES)));
	old = MemoryContextSwitchTo(target);
	g->n_links = (size_t) got;
	g->link_from = MemoryContextAllocHuge(target, (got + 1) * sizeof(int64));
	g->link_to = MemoryContextAllocHuge(target, (got + 1) * sizeof(int64));
	for (uint64 k = 0; k < got; k++)
	{
		bool		isnull;

		g->link_from[k] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull));
		g->link_to[k] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 2, &isnull));
	}
	MemoryContextSwitchTo(old);
	SPI_freetuptable(SPI_tuptable);
}

/*
 * CPU seconds this backend has used: beside the wall-clock times in the
 * DEBUG1 line, it tells work from waiting for a CPU on a busy machine.
 */
static double
cpu_seconds(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return NAN;
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/*
 * The kernel's cancel poll: stop for a pending cancel or terminate that
 * CHECK_FOR_INTERRUPTS() would act on now.  Other interrupts (barriers,
 * memory-context logging, ...) also set InterruptPending and end in no
 * error: they wait until the kernel is done.
 */
static int
interrupt_pending(void)
{
	return (QueryCancelPending || ProcDiePending) &&
		InterruptHoldoffCount == 0 && QueryCancelHoldoffCount == 0 && CritSectionCount == 0;
}

/* Raises the error of a failed labelling; frees r first. */
static void
report_failure(ec_net_result *r, const graph *g)
{
	ec_status	st = r->status;
	ec_names	names = {"the river network labelling"};
	int64		item = r->err_id;
	StringInfoData cyc;

	initStringInfo(&cyc);
	names.other = r->err_id2;
	if (st == EC_ERR_NET_CYCLE)
	{
		for (int k = 0; k < r->cycle_len && k < EC_NET_CYCLE_SHOWN; k++)
			appendStringInfo(&cyc, INT64_FORMAT " -> ", r->cycle[k]);
		if (r->cycle_len > EC_NET_CYCLE_SHOWN)
			appendStringInfoString(&cyc, "... -> ");
		appendStringInfo(&cyc, INT64_FORMAT, r->cycle[0]);
		names.other = r->cycle_len;
		names.listing = cyc.data;
	}
	else if (st == EC_ERR_NET_TOO_BIG)
	{
		item = (int64) g->n;
		names.other = (int64) g->n_links;
	}
	else if (st == EC_ERR_NET_BAD_LENGTH)
	{
		names.other = 0;		/* whether the reach lacks a geometry too */
		for (size_t i = 0; i < g->n; i++)
			if (g->id[i] == item)
				names.other = g->geom_null[i];
	}
	ec_net_free(r);
	ec_raise(st, &names, item, 0);
}

/* the codes as one C string per reach (the kernel stores them strided) */
static Datum
pfaf_array(const char *rows, int stride, size_t n)
{
	const char **v = palloc((n + 1) * sizeof(char *));

	for (size_t i = 0; i < n; i++)
		v[i] = rows + i * stride;
	return PointerGetDatum(ec_text_result(v, (int) n));
}

/*
 * What the labels depend on, as a digest: every reach's id, links, length,
 * area, name and whether it has a geometry (in reach_id order, as read), the
 * further minor links, the Pfafstetter depth and the labelling rules'
 * version (bump it when a rule changes, so old labels are not kept).
 */
#define NET_LABEL_RULES "ecocomp network labels 0.2.0"

static char *
graph_digest(const graph *g, int depth)
{
	uint64		h1 = hash_bytes_extended((const unsigned char *) NET_LABEL_RULES,
										 strlen(NET_LABEL_RULES), 1);
	uint64		h2 = hash_bytes_extended((const unsigned char *) NET_LABEL_RULES,
										 strlen(NET_LABEL_RULES), 2);

	h1 = hash_bytes_extended((const unsigned char *) &depth, sizeof(depth), h1);
	h2 = hash_bytes_extended((const unsigned char *) &depth, sizeof(depth), h2);
	for (size_t i = 0; i < g->n; i++)
	{
		struct
		{
			int64		id,
						down,
						minor;
			double		len,
						area;
			unsigned char has_down,
						has_minor,
						geom_null,
						has_name;
		}			row;

		memset(&row, 0, sizeof(row));	/* padding hashed as zeros */
		row.id = g->id[i];
		row.down = g->has_down[i] ? g->down[i] : 0;
		row.minor = g->has_minor[i] ? g->minor[i] : 0;
		row.len = g->len[i];
		row.area = g->area[i];
		row.has_down = g->has_down[i];
		row.has_minor = g->has_minor[i];
		row.geom_null = g->geom_null[i];
		row.has_name = g->name[i] != NULL;
		h1 = hash_bytes_extended((const unsigned char *) &row, sizeof(row), h1);
		h2 = hash_bytes_extended((const unsigned char *) &row, sizeof(row), h2);
		if (g->name[i] != NULL)
		{
			size_t		len = strlen(g->name[i]) + 1;

			h1 = hash_bytes_extended((const unsigned char *) g->name[i], len, h1);
			h2 = hash_bytes_extended((const unsigned char *) g->name[i], len, h2);
		}
		if ((i & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (size_t k = 0; k < g->n_links; k++)
	{
		int64		link[2] = {g->link_from[k], g->link_to[k]};

		h1 = hash_bytes_extended((const unsigned char *) link, sizeof(link), h1);
		h2 = hash_bytes_extended((const unsigned char *) link, sizeof(link), h2);
	}
	return psprintf("%016llx%016llx-%zu-%zu", (unsigned long long) h1, (unsigned long long) h2, g->n, g->n_links);
}

/*
 * Are the current labels those of this graph?  They are when the digest
 * recorded at the last swap matches and _reach_label still holds one row per
 * reach (a hand-made TRUNCATE, say, would otherwise go unnoticed).
 */
static bool
labels_current(const char *digest, int64 n)
{
	Oid			types[1] = {TEXTOID};
	Datum		vals[1] = {CStringGetTextDatum(digest)};
	int			rc;
	bool		isnull;

	rc = SPI_execute_with_args("SELECT s.reaches FROM ecocomp._reach_label_state s WHERE s.input_hash = $1",
							   1, types, vals, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "reading ecocomp._reach_label_state failed: %s", SPI_result_code_string(rc));
	if (SPI_processed != 1 ||
		DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)) != n)
		return false;
	rc = SPI_execute("SELECT count(*) FROM ecocomp._reach_label", true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "counting ecocomp._reach_label failed: %s", SPI_result_code_string(rc));
	return DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)) == n;
}

/* The labels as the twelve arrays both write paths take. */
static void
label_arrays(const graph *g, const ec_net_result *r, Datum *vals)
{
	vals[0] = PointerGetDatum(ec_int8_result(g->id, (int) g->n));
	vals[1] = PointerGetDatum(ec_int8_result(r->hydroseq, (int) g->n));
	vals[2] = PointerGetDatum(ec_int8_result(r->terminal_id, (int) g->n));
	vals[3] = PointerGetDatum(ec_int8_result(r->level_path_id, (int) g->n));
	vals[4] = PointerGetDatum(ec_int4_result(r->strahler, (int) g->n, 0));
	vals[5] = PointerGetDatum(ec_int8_result(r->shreve, (int) g->n));
	vals[6] = PointerGetDatum(ec_float8_result(r->up_area_km2, (int) g->n));
	vals[7] = PointerGetDatum(ec_float8_result(r->arbolate_km, (int) g->n));
	vals[8] = PointerGetDatum(ec_float8_result(r->path_km, (int) g->n));
	vals[9] = PointerGetDatum(ec_int8_result(r->nav_lo, (int) g->n));
	vals[10] = PointerGetDatum(ec_int8_result(r->nav_hi, (int) g->n));
	vals[11] = pfaf_array(r->pfaf, r->pfaf_stride, g->n);
}

static const Oid label_types[12] = {INT8ARRAYOID, INT8ARRAYOID, INT8ARRAYOID, INT8ARRAYOID,
	INT4ARRAYOID, INT8ARRAYOID, FLOAT8ARRAYOID, FLOAT8ARRAYOID, FLOAT8ARRAYOID,
INT8ARRAYOID, INT8ARRAYOID, TEXTARRAYOID};

/* The divergence intervals, replacing the old ones. */
static void
write_extra(const ec_net_result *r)
{
	int			rc;

	rc = SPI_execute("DELETE FROM ecocomp._reach_nav_extra", false, 0);
	if (rc != SPI_OK_DELETE)
		elog(ERROR, "clearing ecocomp._reach_nav_extra failed: %s", SPI_result_code_string(rc));
	if (r->n_extra > 0)
	{
		Oid			t3[3] = {INT8ARRAYOID, INT8ARRAYOID, INT8ARRAYOID};
		Datum		v3[3];

		v3[0] = PointerGetDatum(ec_int8_result(r->extra_id, (int) r->n_extra));
		v3[1] = PointerGetDatum(ec_int8_result(r->extra_lo, (int) r->n_extra));
		v3[2] = PointerGetDatum(ec_int8_result(r->extra_hi, (int) r->n_extra));
		rc = SPI_execute_with_args("INSERT INTO ecocomp._reach_nav_extra (reach_id, lo, hi) "
								   "SELECT * FROM unnest($1, $2, $3)",
								   3, t3, v3, NULL, false, 0);
		if (rc != SPI_OK_INSERT)
			elog(ERROR, "filling ecocomp._reach_nav_extra failed: %s", SPI_result_code_string(rc));
	}
}

/*
 * The labels, through ecocomp._reach_label_replace() (it fills the spare
 * label table, swaps it in and updates the columns of reach that changed),
 * and the divergence intervals.
 */
static void
write_labels(const graph *g, const ec_net_result *r, const char *digest)
{
	Oid			types[13];
	Datum		vals[13];
	int			rc;

	memcpy(types, label_types, sizeof(label_types));
	types[12] = TEXTOID;
	label_arrays(g, r, vals);
	vals[12] = CStringGetTextDatum(digest);
	rc = SPI_execute_with_args("SELECT ecocomp._reach_label_replace($1, $2, $3, $4, $5, $6, "
							   "  pg_catalog.array_replace($7, 'NaN'::float8, NULL), $8, $9, $10, $11, "
							   "  pg_catalog.array_replace($12, ''::text, NULL), $13)",
							   13, types, vals, NULL, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "writing the network labels failed: %s", SPI_result_code_string(rc));
	write_extra(r);
}

/* 0.1.0's storage: the labels are columns of ecocomp.reach. */
static void
write_back(const graph *g, const ec_net_result *r)
{
	Datum		vals[12];
	int			rc;

	label_arrays(g, r, vals);

	rc = SPI_execute_with_args(
							   "UPDATE ecocomp.reach AS r SET hydroseq = u.hydroseq, terminal_id = u.terminal_id, "
							   " level_path_id = u.level_path_id, strahler = u.strahler, shreve = u.shreve, "
							   " up_area_km2 = u.up_area_km2, arbolate_km = u.arbolate_km, path_km = u.path_km, "
							   " nav_lo = u.nav_lo, nav_hi = u.nav_hi, pfaf = u.pfaf "
							   "FROM (SELECT t.reach_id, t.hydroseq, t.terminal_id, t.level_path_id, t.strahler, "
							   "        t.shreve, NULLIF(t.up_area_km2, 'NaN') AS up_area_km2, t.arbolate_km, "
							   "        t.path_km, t.nav_lo, t.nav_hi, NULLIF(t.pfaf, '') AS pfaf "
							   "      FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
							   "        AS t(reach_id, hydroseq, terminal_id, level_path_id, strahler, shreve, "
							   "             up_area_km2, arbolate_km, path_km, nav_lo, nav_hi, pfaf)) AS u "
							   "WHERE r.reach_id = u.reach_id "
							   "  AND (r.hydroseq, r.terminal_id, r.level_path_id, r.strahler, r.shreve, "
							   "       r.up_area_km2, r.arbolate_km, r.path_km, r.nav_lo, r.nav_hi, r.pfaf) "
							   "      IS DISTINCT FROM "
							   "      (u.hydroseq, u.terminal_id, u.level_path_id, u.strahler, u.shreve, "
							   "       u.up_area_km2, u.arbolate_km, u.path_km, u.nav_lo, u.nav_hi, u.pfaf)",
							   12, (Oid *) label_types, vals, NULL, false, 0);
	if (rc != SPI_OK_UPDATE)
		elog(ERROR, "updating ecocomp.reach failed: %s", SPI_result_code_string(rc));
	write_extra(r);
}

Datum
ecocomp_refresh_network(PG_FUNCTION_ARGS)
{
	int32		depth = PG_ARGISNULL(0) ? -1 : PG_GETARG_INT32(0);
	MemoryContext work;
	MemoryContext old;
	graph		g = {0};
	ec_net_input in;
	ec_net_result *r;
	int64		n;
	int			rc;
	size_t		kernel_bytes;
	Size		glue_bytes;
	int			guc_level;
	bool		has_links;
	bool		has_label_table;
	char	   *volatile digest = NULL;
	instr_time	t0,
				t1,
				t2,
				t3;
	double		cpu[4];

	if (depth < 0 || depth > EC_PFAF_MAX_DEPTH)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid Pfafstetter depth"),
				 errdetail("pfaf_depth must be between 0 and %d digits, not %s.",
						   EC_PFAF_MAX_DEPTH, PG_ARGISNULL(0) ? "NULL" : psprintf("%d", depth))));

	work = AllocSetContextCreate(CurrentMemoryContext, "ecocomp network", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(work);

	/*
	 * Every query below resolves names, operators and functions with this
	 * search_path, whatever the caller's; restored when the function ends
	 * (and on error, by transaction abort).
	 */
	guc_level = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, ecocomp, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);

	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	/*
	 * No concurrent writes to the network while it is labelled.  A database
	 * still on 0.1.0's SQL (between installing this library and ALTER
	 * EXTENSION UPDATE) has no reach_minor_link: no further links then.
	 */
	has_links = OidIsValid(get_relname_relid("reach_minor_link", get_namespace_oid("ecocomp", false)));
	has_label_table = OidIsValid(get_relname_relid("_reach_label_next", get_namespace_oid("ecocomp", false)));
	rc = SPI_execute(has_links
					 ? "LOCK TABLE ecocomp.reach, ecocomp.reach_minor_link IN SHARE ROW EXCLUSIVE MODE"
					 : "LOCK TABLE ecocomp.reach IN SHARE ROW EXCLUSIVE MODE", false, 0);
	if (rc != SPI_OK_UTILITY)
		elog(ERROR, "locking ecocomp.reach failed: %s", SPI_result_code_string(rc));

	INSTR_TIME_SET_CURRENT(t0);
	cpu[0] = cpu_seconds();
	read_graph(&g, work);
	if (has_links)
		read_links(&g, work);
	if (has_label_table)
	{
		digest = graph_digest(&g, depth);
		if (labels_current(digest, (int64) g.n))
		{
			INSTR_TIME_SET_CURRENT(t1);
			INSTR_TIME_SUBTRACT(t1, t0);
			elog(DEBUG1, "refresh_network: %zu reaches: the labels are those of this network already "
				 "(read and compared in %.3f s, CPU of this backend %.3f s)",
				 g.n, INSTR_TIME_GET_DOUBLE(t1), cpu_seconds() - cpu[0]);
			n = (int64) g.n;
			SPI_finish();
			AtEOXact_GUC(true, guc_level);
			MemoryContextSwitchTo(old);
			MemoryContextDelete(work);
			PG_RETURN_INT64(n);
		}
	}
	INSTR_TIME_SET_CURRENT(t1);
	cpu[1] = cpu_seconds();

	in = (ec_net_input)
	{
		.n = g.n, .id = g.id, .down = g.down, .minor = g.minor,
		.has_down = g.has_down, .has_minor = g.has_minor,
		.length_km = g.len, .area_km2 = g.area, .name = (const char *const *) g.name,
		.pfaf_depth = depth, .n_links = g.n_links, .link_from = g.link_from, .link_to = g.link_to,
		.interrupted = interrupt_pending,
	};
	/*
	 * A stopped run raises the cancel here, after the kernel has freed its
	 * memory; if ProcessInterrupts decides not to (the cancel was for an
	 * earlier statement, say), label again.
	 */
	for (;;)
	{
		r = ec_net_label(&in);
		if (r == NULL || r->status != EC_ERR_CANCELLED)
			break;
		ec_net_free(r);
		CHECK_FOR_INTERRUPTS();
	}
	if (r == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory labelling the river network")));
	if (r->status != EC_OK)
		report_failure(r, &g);
	INSTR_TIME_SET_CURRENT(t2);
	cpu[2] = cpu_seconds();

	kernel_bytes = r->bytes;
	PG_TRY();
	{
		if (has_label_table)
			write_labels(&g, r, digest);
		else
			write_back(&g, r);
	}
	PG_CATCH();
	{
		ec_net_free(r);
		PG_RE_THROW();
	}
	PG_END_TRY();
	ec_net_free(r);
	n = (int64) g.n;
	glue_bytes = MemoryContextMemAllocated(work, true);
	INSTR_TIME_SET_CURRENT(t3);
	cpu[3] = cpu_seconds();
	INSTR_TIME_SUBTRACT(t3, t2);
	INSTR_TIME_SUBTRACT(t2, t1);
	INSTR_TIME_SUBTRACT(t1, t0);
	elog(DEBUG1, "refresh_network: " INT64_FORMAT " reaches: read %.3f s, label %.3f s, write %.3f s "
		 "(CPU of this backend: %.3f s, %.3f s, %.3f s); memory: kernel %.0f MB, graph as read %.0f MB",
		 n, INSTR_TIME_GET_DOUBLE(t1), INSTR_TIME_GET_DOUBLE(t2), INSTR_TIME_GET_DOUBLE(t3),
		 cpu[1] - cpu[0], cpu[2] - cpu[1], cpu[3] - cpu[2],
		 kernel_bytes / 1048576.0, glue_bytes / 1048576.0);

	SPI_finish();
	AtEOXact_GUC(true, guc_level);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(work);
	PG_RETURN_INT64(n);
}

Datum
ecocomp_pfaf_is_upstream(PG_FUNCTION_ARGS)
{
	text	   *a = PG_GETARG_TEXT_PP(0);
	text	   *b = PG_GETARG_TEXT_PP(1);
	size_t		bad_pos = 0;
	char		which = 0;
	int			res;

	res = ec_pfaf_is_upstream(VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a),
							  VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), &bad_pos, &which);
	if (res < 0)
	{
		text	   *bad = which == 'a' ? a : b;

		if (VARSIZE_ANY_EXHDR(bad) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid Pfafstetter code \"\""),
					 errdetail("A Pfafstetter code has at least one digit.")));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid Pfafstetter code \"%s\"", text_to_cstring(bad)),
				 errdetail("A Pfafstetter code is made of the digits 0-9 only; character %zu is not a digit.",
						   bad_pos + 1)));
	}
	PG_RETURN_BOOL(res == 1);
}

/*
 * navigate(start, mode, max_km).  UT, the common case, runs two saved
 * plans (the start's labels; its nav_lo range and the ranges reaching it
 * through minor paths, in one UNION ALL): a call costs an index range scan
 * and no parsing or planning, where an inlined SQL body was parsed and
 * planned again at every call.  UM, DM and DD, and every argument check
 * besides UT's, are ecocomp._navigate (PL/pgSQL), through a saved plan too.
 * Every name and operator in these queries is schema-qualified, so a
 * caller's search_path cannot redirect them.
 */
static SPIPlanPtr nav_start_plan = NULL;
static SPIPlanPtr nav_ut_plan = NULL;
static SPIPlanPtr nav_ut_all_plan = NULL;
static SPIPlanPtr nav_other_plan = NULL;

static SPIPlanPtr
nav_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types)
{
	if (*slot == NULL)
	{
		/*
		 * Generic plans: with custom ones PostgreSQL would plan again at
		 * every call (a custom plan of a small range looks cheaper than the
		 * generic one, which is the same index range scan).
		 */
		SPIPlanPtr	p = SPI_prepare_cursor(sql, nargs, types, CURSOR_OPT_GENERIC_PLAN);

		if (p == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (SPI_keepplan(p) != 0)
			elog(ERROR, "SPI_keepplan failed");
		*slot = p;
	}
	return *slot;
}

/*
 * Runs a saved plan straight into the result set (as PL/pgSQL's RETURN
 * QUERY does): no row is copied into SPI's tuple table on the way.
 */
static void
nav_collect(SPIPlanPtr plan, int nargs, const Oid *types, const Datum *args, const bool *nulls,
			Tuplestorestate *ts, MemoryContext ts_cxt)
{
	SPIExecuteOptions opts;
	ParamListInfo params = makeParamList(nargs);
	DestReceiver *dest = CreateDestReceiver(DestTuplestore);
	int			rc;

	for (int i = 0; i < nargs; i++)
	{
		params->params[i].value = args[i];
		params->params[i].isnull = nulls[i];
		params->params[i].pflags = PARAM_FLAG_CONST;
		params->params[i].ptype = types[i];
	}
	SetTuplestoreDestReceiverParams(dest, ts, ts_cxt, false, NULL, NULL);
	memset(&opts, 0, sizeof(opts));
	opts.params = params;
	opts.read_only = true;
	opts.dest = dest;
	rc = SPI_execute_plan_extended(plan, &opts);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "navigation query failed: %s", SPI_result_code_string(rc));
	dest->rDestroy(dest);
}

Datum
ecocomp_navigate(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bool		ut;
	Tuplestorestate *ts;
	TupleDesc	td;
	MemoryContext old;
	MemoryContext cxt;
	int			rc;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) || !(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("navigate() must be called where a set of rows is allowed"),
				 errdetail("Call it in FROM, as in SELECT * FROM ecocomp.navigate(1, 'UT').")));
	ut = !PG_ARGISNULL(1) && strcmp(text_to_cstring(PG_GETARG_TEXT_PP(1)), "UT") == 0;
	if (ut && !PG_ARGISNULL(2) && (PG_GETARG_FLOAT8(2) < 0 || isnan(PG_GETARG_FLOAT8(2))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid distance limit %s km", float8out_internal(PG_GETARG_FLOAT8(2))),
				 errdetail("max_km must be NULL (no limit) or a distance of 0 km or more.")));

	cxt = rsinfo->econtext->ecxt_per_query_memory;
	old = MemoryContextSwitchTo(cxt);
	td = CreateTemplateTupleDesc(1);
	TupleDescInitEntry(td, (AttrNumber) 1, "navigate", INT8OID, -1, 0);
	ts = tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0, false, work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = ts;
	rsinfo->setDesc = td;
	MemoryContextSwitchTo(old);

	if (ut && PG_ARGISNULL(0))
		return (Datum) 0;

	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	if (ut)
	{
		int64		start = PG_GETARG_INT64(0);
		Oid			t1[1] = {INT8OID};
		Oid			t4[4] = {INT8OID, INT8OID, FLOAT8OID, INT8OID};
		Oid			tut[3] = {INT8OID, INT8OID, INT8OID};
		Datum		a1[1] = {Int64GetDatum(start)};
		Datum		a4[4];
		bool		n4[4] = {false, false, false, false};
		bool		isnull;
		bool		lo_null;
		HeapTuple	tup;
		TupleDesc	std;

		rc = SPI_execute_plan(nav_plan(&nav_start_plan,
									   "SELECT l.nav_lo, l.nav_hi, l.path_km "
									   "FROM ecocomp.reach AS r LEFT JOIN ecocomp._reach_label AS l "
									   "ON l.reach_id OPERATOR(pg_catalog.=) r.reach_id "
									   "WHERE r.reach_id OPERATOR(pg_catalog.=) $1", 1, t1),
							  a1, NULL, true, 1);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "reading the start of a navigation failed: %s", SPI_result_code_string(rc));
		if (SPI_processed == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("reach " INT64_FORMAT " does not exist", start),
					 errdetail("There is no reach with reach_id " INT64_FORMAT " in ecocomp.reach.", start)));
		tup = SPI_tuptable->vals[0];
		std = SPI_tuptable->tupdesc;
		a4[0] = SPI_getbinval(tup, std, 1, &lo_null);
		if (lo_null)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("reach " INT64_FORMAT " has no network labels", start),
					 errdetail("Reach " INT64_FORMAT " was added after the last refresh_network().", start),
					 errhint("Run SELECT ecocomp.refresh_network(); after changing ecocomp.reach.")));
		a4[1] = SPI_getbinval(tup, std, 2, &isnull);
		if (!PG_ARGISNULL(2))
			a4[2] = Float8GetDatum(DatumGetFloat8(SPI_getbinval(tup, std, 3, &isnull)) + PG_GETARG_FLOAT8(2));
		a4[3] = Int64GetDatum(start);
		SPI_freetuptable(SPI_tuptable);
		if (PG_ARGISNULL(2))
		{
			/*
			 * No distance limit: a plan without the path_km filter, about
			 * an eighth faster on a 1 k set than comparing every path_km
			 * with infinity.
			 */
			Datum		a3[3] = {a4[0], a4[1], a4[3]};

			nav_collect(nav_plan(&nav_ut_all_plan,
								 "SELECT r.reach_id FROM ecocomp._reach_label AS r "
								 "WHERE r.nav_lo OPERATOR(pg_catalog.>=) $1 AND r.nav_lo OPERATOR(pg_catalog.<=) $2 "
								 "UNION ALL "
								 "SELECT r.reach_id FROM ecocomp._reach_nav_extra AS e "
								 "JOIN ecocomp._reach_label AS r ON r.nav_lo OPERATOR(pg_catalog.>=) e.lo "
								 "  AND r.nav_lo OPERATOR(pg_catalog.<=) e.hi "
								 "WHERE e.reach_id OPERATOR(pg_catalog.=) $3",
								 3, tut),
						3, tut, a3, n4, ts, cxt);
		}
		else
			nav_collect(nav_plan(&nav_ut_plan,
								 "SELECT r.reach_id FROM ecocomp._reach_label AS r "
								 "WHERE r.nav_lo OPERATOR(pg_catalog.>=) $1 AND r.nav_lo OPERATOR(pg_catalog.<=) $2 "
								 "  AND r.path_km OPERATOR(pg_catalog.<=) $3 "
								 "UNION ALL "
								 "SELECT r.reach_id FROM ecocomp._reach_nav_extra AS e "
								 "JOIN ecocomp._reach_label AS r ON r.nav_lo OPERATOR(pg_catalog.>=) e.lo "
								 "  AND r.nav_lo OPERATOR(pg_catalog.<=) e.hi "
								 "WHERE e.reach_id OPERATOR(pg_catalog.=) $4 AND r.path_km OPERATOR(pg_catalog.<=) $3",
								 4, t4),
						4, t4, a4, n4, ts, cxt);
	}
	else
	{
		Oid			t3[3] = {INT8OID, TEXTOID, FLOAT8OID};
		Datum		a3[3] = {PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), PG_GETARG_DATUM(2)};
		bool		n3[3] = {PG_ARGISNULL(0), PG_ARGISNULL(1), PG_ARGISNULL(2)};

		nav_collect(nav_plan(&nav_other_plan,
							 "SELECT n FROM ecocomp._navigate($1, $2, $3) AS n", 3, t3),
					3, t3, a3, n3, ts, cxt);
	}
	SPI_finish();
	return (Datum) 0;
}

/*
 * is_upstream(a, b): does water from reach a reach b?  a is in b's UT set
 * when a's nav_lo lies in b's interval or in one of the intervals that
 * reach b through minor paths.  C with saved plans, like navigate(): as a
 * PL/pgSQL function every call switched the pinned search_path, which cost
 * more than the two index lookups.  An unknown or unlabelled reach raises
 * _nav_start()'s error, so both functions word it the same way.
 */
static SPIPlanPtr upstream_labels_plan = NULL;
static SPIPlanPtr upstream_extra_plan = NULL;

Datum
ecocomp_is_upstream(PG_FUNCTION_ARGS)
{
	int64		a = PG_GETARG_INT64(0);
	int64		b = PG_GETARG_INT64(1);
	Oid			t2[2] = {INT8OID, INT8OID};
	Datum		args[2] = {Int64GetDatum(a), Int64GetDatum(b)};
	bool		found_a = false,
				found_b = false;
	int64		a_lo = 0,
				b_lo = 0,
				b_hi = 0;
	bool		result;
	int			rc;

	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	rc = SPI_execute_plan(nav_plan(&upstream_labels_plan,
								   "SELECT l.reach_id, l.nav_lo, l.nav_hi FROM ecocomp._reach_label AS l "
								   "WHERE l.reach_id OPERATOR(pg_catalog.=) ANY (ARRAY[$1, $2])", 2, t2),
						  args, NULL, true, 2);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "reading network labels failed: %s", SPI_result_code_string(rc));
	for (uint64 k = 0; k < SPI_processed; k++)
	{
		HeapTuple	tup = SPI_tuptable->vals[k];
		TupleDesc	td = SPI_tuptable->tupdesc;
		bool		isnull;
		int64		id = DatumGetInt64(SPI_getbinval(tup, td, 1, &isnull));

		if (id == a)
		{
			found_a = true;
			a_lo = DatumGetInt64(SPI_getbinval(tup, td, 2, &isnull));
		}
		if (id == b)
		{
			found_b = true;
			b_lo = DatumGetInt64(SPI_getbinval(tup, td, 2, &isnull));
			b_hi = DatumGetInt64(SPI_getbinval(tup, td, 3, &isnull));
		}
	}
	SPI_freetuptable(SPI_tuptable);
	if (!found_a || !found_b)
	{
		Oid			t1[1] = {INT8OID};

		for (int i = 0; i < 2; i++)
		{
			rc = SPI_execute_with_args("SELECT ecocomp._nav_start($1)", 1, t1, &args[i], NULL, true, 1);
			if (rc != SPI_OK_SELECT)
				elog(ERROR, "checking reach " INT64_FORMAT " failed: %s",
					 DatumGetInt64(args[i]), SPI_result_code_string(rc));
		}
		elog(ERROR, "reaches " INT64_FORMAT " and " INT64_FORMAT " have labels but were not read", a, b);
	}
	if (a == b)
		result = false;
	else if (a_lo >= b_lo && a_lo <= b_hi)
		result = true;
	else
	{
		Datum		extra_args[2] = {Int64GetDatum(b), Int64GetDatum(a_lo)};
		bool		isnull;

		rc = SPI_execute_plan(nav_plan(&upstream_extra_plan,
									   "SELECT EXISTS (SELECT FROM ecocomp._reach_nav_extra AS e "
									   "WHERE e.reach_id OPERATOR(pg_catalog.=) $1 "
									   "  AND $2 OPERATOR(pg_catalog.>=) e.lo AND $2 OPERATOR(pg_catalog.<=) e.hi)",
									   2, t2),
							  extra_args, NULL, true, 1);
		if (rc != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "reading minor-path intervals failed: %s", SPI_result_code_string(rc));
		result = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	}
	SPI_finish();
	PG_RETURN_BOOL(result);
}

/*
 * SQL glue of the netting kernel (src/core/netting.c):
 * ecocomp._netting_positions(period) and ecocomp._netting_transfers(period)
 * read the booked ledger of the period with SPI and net it in C.  They see
 * every row the caller may read; the public net_positions / net_transfers
 * (sql/install/61_netting.sql) call them as the extension owner and filter
 * the result for the caller.
 */
#include "ecocomp.h"
#include "money_glue.h"

#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "common/hashfn.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/rangetypes.h"
#include "utils/tuplestore.h"

#include "core/netting.h"

PG_FUNCTION_INFO_V1(ecocomp_netting_positions);
PG_FUNCTION_INFO_V1(ecocomp_netting_transfers);

#define FETCH_BATCH 10000

/*
 * The ledger of the period as flows: a charge payer -> payee, a payment
 * payer -> payee a flow payee -> payer (it settles debt), a reversal the
 * flow of the entry it cancels, negated.  A reversal repeats the cancelled
 * entry's obligation_id (the insert trigger checks it), so obligation_id
 * IS NULL tells payments and their reversals apart without a join.  Every
 * name is schema-qualified.
 */
static const char *flows_query =
"SELECT CASE WHEN l.obligation_id IS NULL THEN l.payee_code ELSE l.payer_code END, "
"       CASE WHEN l.obligation_id IS NULL THEN l.payer_code ELSE l.payee_code END, "
"       (l.amount OPERATOR(pg_catalog.*) 100)::pg_catalog.int8 "
"         OPERATOR(pg_catalog.*) CASE WHEN l.entry_kind OPERATOR(pg_catalog.=) 'reversal' THEN -1 ELSE 1 END "
"FROM ecocomp.ledger l "
"WHERE l.period OPERATOR(pg_catalog.<@) $1";

typedef struct code_entry
{
	char	   *code;			/* key: a pointer to the code's text */
	int32		index;
} code_entry;

static uint32
code_hash(const void *key, Size keysize)
{
	const char *s = *(char *const *) key;

	return hash_bytes((const unsigned char *) s, (int) strlen(s));
}

static int
code_match(const void *a, const void *b, Size keysize)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

typedef struct ledger_flows
{
	int32		n;				/* parties */
	char	  **codes;			/* index -> code, sorted (byte order) */
	ec_netting_flow *flows;
	size_t		m;
	ec_fen	   *net;
	ec_fen	   *receivable;
	ec_fen	   *payable;
} ledger_flows;

static int
cmp_code_ptr(const void *a, const void *b)
{
	return strcmp(**(char *const *const *) a, **(char *const *const *) b);
}

static int32
code_index(HTAB *h, char ***codes, int32 *n, int32 *cap, const char *code)
{
	bool		found;
	char	   *key = (char *) code;
	code_entry *e = hash_search(h, &key, HASH_ENTER, &found);

	if (!found)
	{
		if (*n >= EC_NETTING_MAX_PARTIES)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many jurisdictions to net"),
					 errdetail("The ledger names more than %d jurisdictions.", EC_NETTING_MAX_PARTIES)));
		e->code = pstrdup(code);
		e->index = (*n)++;
		if (*n > *cap)
		{
			*cap *= 2;
			*codes = repalloc(*codes, sizeof(char *) * *cap);
		}
		(*codes)[e->index] = e->code;
	}
	return e->index;
}

/* Reads and nets the ledger of the period (in the current memory context). */
static void
read_ledger(Datum period, ledger_flows *lf)
{
	HASHCTL		ctl;
	HTAB	   *h;
	Portal		portal;
	uint64		got;
	Oid			argtype = DATERANGEOID;
	Datum		args[1] = {period};
	int32		cap = 64;
	size_t		fcap = 1024;
	int32	   *remap;
	char	  ***order;
	MemoryContext target = CurrentMemoryContext;
	ec_status st;
	size_t		bad = 0;

	memset(lf, 0, sizeof(*lf));
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(char *);
	ctl.entrysize = sizeof(code_entry);
	ctl.hash = code_hash;
	ctl.match = code_match;
	ctl.hcxt = target;
	h = hash_create("ecocomp netting codes", 256, &ctl,
					HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
	lf->codes = palloc(sizeof(char *) * cap);
	lf->flows = palloc(sizeof(ec_netting_flow) * fcap);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	portal = ec_spi_cursor(flows_query, 1, &argtype, args);
	while ((got = ec_spi_fetch(portal, FETCH_BATCH)) > 0)
	{
		SPITupleTable *tt = SPI_tuptable;
		MemoryContext old = MemoryContextSwitchTo(target);

		if (lf->m + got > fcap)
		{
			while (lf->m + got > fcap)
				fcap *= 2;
			lf->flows = repalloc_huge(lf->flows, sizeof(ec_netting_flow) * fcap);
		}
		for (uint64 k = 0; k < got; k++)
		{
			bool		n1,
						n2,
						n3;
			Datum		from = SPI_getbinval(tt->vals[k], tt->tupdesc, 1, &n1);
			Datum		to = SPI_getbinval(tt->vals[k], tt->tupdesc, 2, &n2);
			Datum		fen = SPI_getbinval(tt->vals[k], tt->tupdesc, 3, &n3);
			ec_netting_flow *f = &lf->flows[lf->m++];

			/* the ledger's NOT NULL constraints make this unreachable */
			if (n1 || n2 || n3)
				elog(ERROR, "ledger entry with a NULL party or amount");
			f->payer = code_index(h, &lf->codes, &lf->n, &cap, TextDatumGetCString(from));
			f->payee = code_index(h, &lf->codes, &lf->n, &cap, TextDatumGetCString(to));
			f->amount = DatumGetInt64(fen);
		}
		MemoryContextSwitchTo(old);
		SPI_freetuptable(tt);
	}
	SPI_cursor_close(portal);
	SPI_finish();

	/* Parties in code order, so that the result never depends on row order. */
	order = palloc(sizeof(char **) * Max(lf->n, 1));
	for (int32 i = 0; i < lf->n; i++)
		order[i] = &lf->codes[i];
	qsort(order, lf->n, sizeof(char **), cmp_code_ptr);
	remap = palloc(sizeof(int32) * Max(lf->n, 1));
	{
		char	  **sorted = palloc(sizeof(char *) * Max(lf->n, 1));

		for (int32 i = 0; i < lf->n; i++)
		{
			remap[order[i] - lf->codes] = i;
			sorted[i] = *order[i];
		}
		lf->codes = sorted;
	}
	for (size_t i = 0; i < lf->m; i++)
	{
		lf->flows[i].payer = remap[lf->flows[i].payer];
		lf->flows[i].payee = remap[lf->flows[i].payee];
	}

	lf->receivable = palloc0(sizeof(ec_fen) * Max(lf->n, 1));
	lf->payable = palloc0(sizeof(ec_fen) * Max(lf->n, 1));
	lf->net = palloc0(sizeof(ec_fen) * Max(lf->n, 1));
	st = ec_netting_positions(lf->n, lf->flows, lf->m, lf->receivable, lf->payable, &bad);
	for (int32 i = 0; st == EC_OK && i < lf->n; i++)
	{
		lf->net[i] = lf->receivable[i] - lf->payable[i];
		if (lf->net[i] > EC_FEN_MAX || lf->net[i] < -EC_FEN_MAX)
			st = EC_ERR_NETTING_OVERFLOW;
	}
	if (st != EC_OK)
	{
		ec_names	names = {"netting"};

		names.listing = lf->m > 0 ? psprintf("at or after the entry between %s and %s",
											 lf->codes[lf->flows[bad].payer], lf->codes[lf->flows[bad].payee])
			: "no entries";
		ec_raise(st, &names, (int64) bad, 0);
	}
}

static void
check_period(FunctionCallInfo fcinfo)
{
	RangeType  *r = DatumGetRangeTypeP(PG_GETARG_DATUM(0));

	if (RangeIsEmpty(r))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the period is empty"),
				 errdetail("Netting needs a non-empty date range such as '[2024-01-01,2025-01-01)'.")));
}

Datum
ecocomp_netting_positions(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ledger_flows lf;

	check_period(fcinfo);
	InitMaterializedSRF(fcinfo, 0);
	read_ledger(PG_GETARG_DATUM(0), &lf);
	for (int32 i = 0; i < lf.n; i++)
	{
		Datum		v[4];
		bool		nulls[4] = {false, false, false, false};

		v[0] = CStringGetTextDatum(lf.codes[i]);
		v[1] = NumericGetDatum(ec_fen_to_numeric(lf.receivable[i]));
		v[2] = NumericGetDatum(ec_fen_to_numeric(lf.payable[i]));
		v[3] = NumericGetDatum(ec_fen_to_numeric(lf.net[i]));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
	}
	return (Datum) 0;
}

Datum
ecocomp_netting_transfers(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ledger_flows lf;
	ec_netting_party *scratch;
	ec_netting_flow *out;
	int32		nout = 0;
	ec_status st;

	check_period(fcinfo);
	InitMaterializedSRF(fcinfo, 0);
	read_ledger(PG_GETARG_DATUM(0), &lf);
	scratch = palloc(sizeof(ec_netting_party) * Max(lf.n, 1));
	out = palloc(sizeof(ec_netting_flow) * Max(lf.n, 1));
	st = ec_netting_transfers(lf.n, lf.net, scratch, out, &nout);
	if (st != EC_OK)
		ec_raise(st, &(ec_names) {"netting"}, -1, 0);
	for (int32 k = 0; k < nout; k++)
	{
		Datum		v[3];
		bool		nulls[3] = {false, false, false};

		v[0] = CStringGetTextDatum(lf.codes[out[k].payer]);
		v[1] = CStringGetTextDatum(lf.codes[out[k].payee]);
		v[2] = NumericGetDatum(ec_fen_to_numeric(out[k].amount));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
	}
	return (Datum) 0;
}

/*
 * The wq_class enum seen from C.  Enum values are OIDs assigned at
 * CREATE EXTENSION time, so each call site caches the six OIDs of its
 * function's wq_class type in fn_extra.
 */
#include "ecocomp.h"

#include "catalog/namespace.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

static const char *const class_names[EC_NCLASSES] = {
	"I", "II", "III", "IV", "V", "inferior_V"
};

typedef struct wq_class_cache
{
	Oid			labels[EC_NCLASSES];
} wq_class_cache;

static Oid
wq_class_type(void)
{
	Oid			nsp = get_namespace_oid("ecocomp", false);

	return GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
						   CStringGetDatum("wq_class"), ObjectIdGetDatum(nsp));
}

static wq_class_cache *
get_cache(FunctionCallInfo fcinfo)
{
	wq_class_cache *cache = (wq_class_cache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		Oid			typ = wq_class_type();

		if (!OidIsValid(typ))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("type ecocomp.wq_class does not exist"),
					 errdetail("The extension's schema lacks its class type; reinstall ecocomp.")));
		cache = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(wq_class_cache));
		for (int i = 0; i < EC_NCLASSES; i++)
		{
			cache->labels[i] = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
											   ObjectIdGetDatum(typ),
											   CStringGetDatum(class_names[i]));
			if (!OidIsValid(cache->labels[i]))
				ereport(ERROR,
						(errcode(ERRCODE_UNDEFINED_OBJECT),
						 errmsg("wq_class has no label \"%s\"", class_names[i]),
						 errdetail("The type ecocomp.wq_class was altered; reinstall ecocomp.")));
		}
		fcinfo->flinfo->fn_extra = cache;
	}
	return cache;
}

Datum
ec_wq_class_datum(FunctionCallInfo fcinfo, int cls)
{
	Assert(cls >= 1 && cls <= EC_NCLASSES);
	return ObjectIdGetDatum(get_cache(fcinfo)->labels[cls - 1]);
}

int
ec_wq_class_number(FunctionCallInfo fcinfo, Datum value)
{
	wq_class_cache *cache = get_cache(fcinfo);
	Oid			oid = DatumGetObjectId(value);

	for (int i = 0; i < EC_NCLASSES; i++)
		if (cache->labels[i] == oid)
			return i + 1;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid wq_class value %u", oid),
			 errdetail("OID %u is not one of the six labels of ecocomp.wq_class.", oid)));
	return 0;
}

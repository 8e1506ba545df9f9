/* Shared declarations of the PostgreSQL glue in src. */
#ifndef ECOCOMP_H
#define ECOCOMP_H

#include "postgres.h"
#include "fmgr.h"

#include "core/gb3838.h"
#include "core/loads.h"
#include "glue.h"

/* wq_class enum <-> class number 1..6 (src/wq_class.c). */
Datum		ec_wq_class_datum(FunctionCallInfo fcinfo, int cls);
int			ec_wq_class_number(FunctionCallInfo fcinfo, Datum value);

/* Parameter code and waterbody lookups that raise errors (src/evaluation.c). */
const ec_param *ec_lookup_param(text *code, int *index);
void		ec_unknown_param(text *code) pg_attribute_noreturn();
ec_waterbody ec_lookup_waterbody(text *waterbody);

/* A value's status, raised naming its parameter (ec_raise with p's code). */
static inline void
ec_report_status(ec_status st, const ec_param *p, double value)
{
	ec_names	names = {.kernel = p->code, .values = p->code};

	ec_raise(st, &names, -1, value);
}

/* Censored rule ("half", "limit", "zero") that raises an error otherwise (src/loads.c). */
ec_nd_rule	ec_lookup_nd_rule(text *rule);

#endif

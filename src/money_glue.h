/* Money and array helpers shared by the compensation glue (src/money.c). */
#ifndef EC_MONEY_GLUE_H
#define EC_MONEY_GLUE_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/numeric.h"

#include "core/money.h"

/* numeric yuan -> fen; errors unless a whole number of fen below 10^16 yuan. */
ec_fen		ec_numeric_to_fen(Numeric n, const char *what);
/* fen -> numeric yuan with two decimals. */
Numeric		ec_fen_to_numeric(ec_fen fen);

#endif

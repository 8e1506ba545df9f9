# ecocomp: PGXS build.  Targets: all install installcheck prove test demo bench
# deps coretest memcheck upgrade-script.  See README.md.

EXTENSION   = ecocomp
EXTVERSION  = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" ecocomp.control)
MODULE_big  = ecocomp

CORE_SRCS   = $(sort $(wildcard src/core/*.c))
GLUE_SRCS   = $(sort $(wildcard src/*.c))
OBJS        = $(CORE_SRCS:.c=.o) $(GLUE_SRCS:.c=.o)

# Install-script pieces, in the order they run.  Every piece is re-runnable
# (CREATE OR REPLACE, IF NOT EXISTS): the upgrade script re-runs them all.
SQL_PIECES  = sql/install/00_header.sql \
              sql/install/01_types.sql \
              sql/install/02_parameter.sql \
              sql/install/03_tables.sql \
              sql/install/10_evaluation.sql \
              sql/install/20_import.sql \
              sql/install/30_network.sql \
              sql/install/31_build_network.sql \
              sql/install/35_geography.sql \
              sql/install/40_assessment.sql \
              sql/install/45_air.sql \
              sql/install/49_money.sql \
              sql/install/50_agreement.sql \
              sql/install/50_assessment_cache.sql \
              sql/install/50_method_common.sql \
              sql/install/50_method_explain.sql \
              sql/install/50_method_params.sql \
              sql/install/50_method_registry.sql \
              sql/install/51_method_index_ratio.sql \
              sql/install/52_method_class_target.sql \
              sql/install/53_method_compliance_rate.sql \
              sql/install/54_method_flux_exceedance.sql \
              sql/install/55_method_tiered_exceedance.sql \
              sql/install/56_method_linear.sql \
              sql/install/57_method_relative_change.sql \
              sql/install/59_settle.sql \
              sql/install/60_ledger.sql \
              sql/install/61_jurisdiction_member.sql \
              sql/install/62_netting.sql \
              sql/install/63_settlement_report.sql \
              sql/install/64_settlement_map.sql \
              sql/install/80_waste_transfer.sql \
              sql/install/81_protected_area.sql \
              sql/install/82_incident.sql \
              sql/install/83_method_transfer_fee.sql \
              sql/install/84_method_protected_area.sql \
              sql/install/85_method_pool.sql \
              sql/install/86_method_factor_allocation.sql \
              sql/install/87_method_air_quality.sql \
              sql/install/90_scale.sql \
              sql/install/97_search_path.sql \
              sql/install/98_network_inline.sql \
              sql/install/99_roles.sql

# The upgrade script from the last release to the version in development,
# built like the install script: the hand-written deltas (sql/upgrade/),
# then every piece.  At a release it is committed as it stands and never
# edited again; the scripts of earlier upgrades are those committed files.
UPGRADE_FROM = 0.1.0
UPGRADE_SCRIPT = sql/$(EXTENSION)--$(UPGRADE_FROM)--$(EXTVERSION).sql
UPGRADE_DELTAS = $(sort $(wildcard sql/upgrade/$(UPGRADE_FROM)--$(EXTVERSION)/*.sql))
DATA_built  = sql/$(EXTENSION)--$(EXTVERSION).sql $(UPGRADE_SCRIPT)
DATA        = $(filter-out $(UPGRADE_SCRIPT),$(wildcard sql/$(EXTENSION)--*--*.sql))

REGRESS      = $(patsubst test/sql/%.sql,%,$(sort $(wildcard test/sql/*.sql)))
REGRESS_OPTS = --inputdir=test --load-extension=postgis --load-extension=$(EXTENSION)

PG_CFLAGS   = -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare $(EXTRA_CFLAGS)
SHLIB_LINK  = -lm
EXTRA_CLEAN = test/fuzz/out test/core/run_core_tests test/core/suites.h results regression.diffs regression.out

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

sql/$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PIECES)
	cat $^ > $@

$(UPGRADE_SCRIPT): scripts/upgrade_script.sh $(UPGRADE_DELTAS) $(SQL_PIECES)
	sh scripts/upgrade_script.sh $(UPGRADE_FROM) $(EXTVERSION) "$(UPGRADE_DELTAS)" "$(filter-out sql/install/00_header.sql,$(SQL_PIECES))" >$@.tmp
	mv $@.tmp $@

# C unit tests of the PostgreSQL-free kernels.
CORE_TEST_SRCS = $(sort $(wildcard test/core/*.c))
# Every test/core/test_NAME.c defines void test_NAME(void); the runner calls
# them all (suites.h is written here: PGXS marks every target .SECONDARY).
test/core/run_core_tests: $(CORE_TEST_SRCS) $(CORE_SRCS) $(wildcard src/core/*.h) $(wildcard test/core/*.h)
	for f in $(filter test/core/test_%,$(CORE_TEST_SRCS)); do \
	    echo "SUITE($$(basename $$f .c))"; done > test/core/suites.h
	$(CC) -std=c11 -O1 -g -Wall -Wextra -Werror -Isrc/core $(CORE_TEST_FLAGS) \
	    -o $@ $(CORE_TEST_SRCS) $(CORE_SRCS) -lm

coretest: test/core/run_core_tests
	./test/core/run_core_tests

prove:
	pg_prove --ext .sql -d "$${ECOCOMP_TEST_DB:-contrib_regression}" $(sort $(wildcard test/pgtap/*.sql))

deps:
	sh scripts/deps.sh

# Builds the upgrade script alone (make all builds it too).
upgrade-script: $(UPGRADE_SCRIPT)

test: deps
	sh scripts/test.sh

demo: deps
	sh scripts/demo.sh

bench: deps
	sh scripts/bench.sh

# The C unit tests under AddressSanitizer/UBSan, the SQL suites under valgrind.
memcheck: deps
	sh scripts/memcheck.sh

# Fuzzing of the kernels (test/fuzz/fuzz_*.c, one file per target):
# `make fuzz` runs each for FUZZ_SECONDS (part of `make test`), `make
# fuzz-long` for FUZZ_LONG_SECONDS.
FUZZ_SECONDS ?= 3
FUZZ_LONG_SECONDS ?= 600
fuzz:
	sh scripts/fuzz.sh $(FUZZ_SECONDS)

fuzz-long:
	sh scripts/fuzz.sh $(FUZZ_LONG_SECONDS)

# ecocomp on a three-node Citus cluster on loopback (needs Citus installed in
# PG_CONFIG's PostgreSQL; prints a skip line otherwise).  docs/scale.md.
citus-test:
	PG_CONFIG=$(PG_CONFIG) sh test/citus/run.sh

.PHONY: fuzz fuzz-long coretest prove deps test demo bench memcheck upgrade-script citus-test

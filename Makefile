# ecocomp: PGXS build.  Targets: all install installcheck prove test demo bench
# deps coretest memcheck.  See README.md.

EXTENSION   = ecocomp
EXTVERSION  = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" ecocomp.control)
MODULE_big  = ecocomp

CORE_SRCS   = $(sort $(wildcard src/core/*.c))
GLUE_SRCS   = $(sort $(wildcard src/*.c))
OBJS        = $(CORE_SRCS:.c=.o) $(GLUE_SRCS:.c=.o)

SQL_PIECES  = $(sort $(wildcard sql/install/*.sql))
DATA_built  = sql/$(EXTENSION)--$(EXTVERSION).sql
DATA        = $(wildcard sql/$(EXTENSION)--*--*.sql)

REGRESS      = $(patsubst test/sql/%.sql,%,$(sort $(wildcard test/sql/*.sql)))
REGRESS_OPTS = --inputdir=test --load-extension=postgis --load-extension=$(EXTENSION)

PG_CFLAGS   = -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare $(EXTRA_CFLAGS)
SHLIB_LINK  = -lm
EXTRA_CLEAN = test/core/run_core_tests test/core/suites.h results regression.diffs regression.out sql/$(EXTENSION)--$(EXTVERSION).sql

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

sql/$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PIECES)
	cat $^ > $@

# C unit tests of the PostgreSQL-free kernels.
CORE_TEST_SRCS = $(sort $(wildcard test/core/*.c))
# Every test/core/test_NAME.c defines void test_NAME(void); the runner calls
# them all (suites.h is written here: PGXS marks every target .SECONDARY).
test/core/run_core_tests: $(CORE_TEST_SRCS) $(CORE_SRCS) $(wildcard src/core/*.h) test/core/check.h
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

test: deps
	sh scripts/test.sh

demo: deps
	sh scripts/demo.sh

bench: deps
	sh scripts/bench.sh

# The C unit tests under AddressSanitizer/UBSan, the SQL suites under valgrind.
memcheck: deps
	sh scripts/memcheck.sh

.PHONY: coretest prove deps test demo bench memcheck

# feedback - a PostgreSQL extension for feedback ingestion
#
#   make && make install     build and install into the PostgreSQL of pg_config
#   make demo                set up everything and run the quick start
#   make test                install dependencies and run every test layer
#   make valgrind            the pg_regress suites in backends under valgrind (slow)

MODULE_big = feedback
EXTENSION  = feedback
DATA       = feedback--0.1.0.sql
PGFILEDESC = "feedback - feedback ingestion inside PostgreSQL"

CORE_SRCS  = $(sort $(wildcard src/core/*.c))
GLUE_SRCS  = $(sort $(wildcard src/pg/*.c))
OBJS       = $(CORE_SRCS:.c=.o) $(GLUE_SRCS:.c=.o)

JSONC_CFLAGS := $(shell pkg-config --cflags json-c 2>/dev/null)
JSONC_LIBS   := $(shell pkg-config --libs json-c 2>/dev/null || echo -ljson-c)

PG_CPPFLAGS = -I$(srcdir)/src/core $(JSONC_CFLAGS)
PG_CFLAGS   = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare \
              -Wno-missing-field-initializers
SHLIB_LINK  = $(JSONC_LIBS)

REGRESS      = setup schema sources people records coercion errors dedup tenant security http readme
REGRESS_OPTS = --load-extension=feedback

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS does not track headers: rebuild every object when any header changes.
$(OBJS): $(wildcard src/core/*.h src/pg/*.h)

# ---------------------------------------------------------------------------
# Project targets (see README.md)

.PHONY: deps unit readme-check regress tap test demo bench

# Debian packages the build and the tests need (installed only when missing).
deps:
	@test/deps.sh

# C unit tests of the pure core, plain and under ASan/UBSan.
unit:
	$(MAKE) -C test/unit check
	$(MAKE) -C test/unit check SANITIZE=1

# Every SQL example of the README is run by sql/readme.sql.
readme-check:
	@perl test/readme-check.pl

# pg_regress suites in a throw-away cluster (pg_virtualenv).
regress: install
	test/regress.sh

# TAP cluster tests (PostgreSQL::Test::Cluster), as the postgres OS user.
tap: install
	test/tap.sh

# PostgREST contract tests: the SQL PostgREST sends, replayed against a
# throw-away cluster, answers mapped to HTTP as PostgREST maps them.
.PHONY: contract
contract: install
	test/contract/run.sh

# The nginx gateway (deploy/nginx.conf) in a real nginx, before a test upstream.
.PHONY: gateway
gateway:
	test/gateway/run.sh

# libFuzzer targets of the pure core under ASan/UBSan (test/fuzz/run.sh):
# a bounded run (about two minutes) for `make test`, a longer one by hand.
.PHONY: fuzz fuzz-long
fuzz:
	test/fuzz/run.sh

fuzz-long:
	FUZZ_SECONDS=$${FUZZ_SECONDS:-600} test/fuzz/run.sh

# The pg_regress suites against a server whose every process runs under
# valgrind memcheck (test/valgrind/run.sh); fails on any error or definite
# leak in our code, prints a summary, keeps the logs in test/valgrind/out.
# The server runs this tree's build from a private installation in a scratch
# folder (no `make install` needed).  Slow (about 2.5 minutes on 2 cores),
# so not part of `make test`; bounded by VALGRIND_TIMEOUT for pg_regress and
# 30 minutes in all.
.PHONY: valgrind
valgrind:
	@test/deps.sh valgrind
	$(MAKE) all
	REGRESS="$(REGRESS)" REGRESS_OPTS="$(REGRESS_OPTS)" timeout 1800 test/valgrind/run.sh

test: deps
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) fuzz
	$(MAKE) readme-check
	$(MAKE) regress
	$(MAKE) tap
	$(MAKE) contract
	$(MAKE) gateway

demo: deps
	$(MAKE) all
	$(MAKE) install
	test/demo.sh

bench: deps
	$(MAKE) all
	$(MAKE) install
	test/bench/run.sh
	test/bench/authenticate.sh
	test/bench/memory.sh

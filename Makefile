# SPDX-License-Identifier: GPL-2.0
#
# memdesc: find and convert the code that blocks shrinking struct page.
#
#   make              build ./memdesc
#   make scan         scan a kernel tree (KDIR=<tree>, default: Debian's 6.12
#                     source, unpacked under .cache/; SCOPE="mm fs" or M=dir;
#                     KCONFIG=allmodconfig; DB=memdesc.db; SCAN_FLAGS=...)
#   make test         run the test suite (TAP through prove), also under ASan/UBSan
#   make check        the same as make test
#   make fixture F=tests/fixtures/<rule>/x.c   run the named fixture(s) only
#   make bench        time a scan beside ripgrep (a benchmark, not a test)
#   make V=1          show the commands
#
# Personal settings go in local.mk (not tracked).

VERSION := 0.1.0

LLVM_DIR ?= $(shell llvm-config --prefix 2>/dev/null || ls -d /usr/lib/llvm-* 2>/dev/null | sort -V | tail -n 1)
CC ?= gcc
CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror
MD_CFLAGS := -std=gnu11 -D_GNU_SOURCE $(WARNINGS) -I$(LLVM_DIR)/include -DMEMDESC_VERSION='"$(VERSION)"' -MMD -MP
MD_LDLIBS := -L$(LLVM_DIR)/lib -Wl,-rpath,$(LLVM_DIR)/lib -lclang -lsqlite3 -ljansson -lxxhash
SANITIZE := -DMD_TEST_HOOKS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

# The kernel tree `make scan` looks at, and what part of it.
KVERSION ?= 6.12
CACHE ?= $(CURDIR)/.cache
SCOPE ?= mm fs
KCONFIG ?= defconfig
DB ?= memdesc.db
SCAN_FLAGS ?=

-include local.mk

ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-8s %s\n'
endif

OBJS := \
	analyzer/engine.o \
	analyzer/rules.o \
	analyzer/rules/bh-page.o \
	analyzer/rules/compound-head.o \
	analyzer/rules/folio-page.o \
	analyzer/rules/page-lru.o \
	analyzer/rules/page-mapping.o \
	analyzer/scan.o \
	cli/cmd-check.o \
	cli/cmd-import.o \
	cli/cmd-list-rules.o \
	cli/cmd-merge.o \
	cli/cmd-report.o \
	cli/cmd-scan.o \
	cli/memdesc.o \
	cli/options.o \
	cli/scan-run.o \
	db/db.o \
	db/finding.o \
	db/ingest.o \
	db/migrate.o \
	db/query.o \
	kbuild/borrow.o \
	kbuild/cache.o \
	kbuild/cmdfile.o \
	kbuild/compdb.o \
	kbuild/files.o \
	kbuild/flags.o \
	kbuild/make.o \
	kbuild/rawset.o \
	kbuild/scope.o \
	kbuild/shell.o \
	kbuild/tree.o \
	kbuild/tu.o \
	kbuild/tulist.o \
	lib/error.o \
	lib/parse.o \
	lib/path.o \
	lib/strv.o \
	lib/xalloc.o \
	reports/json.o \
	reports/render.o \
	reports/summary.o \
	reports/text.o

UNIT_TESTS := \
	tests/kbuild/kbuild \
	tests/unit/db \
	tests/unit/fingerprint \
	tests/unit/ingest \
	tests/unit/rules

BUILD := build
ASAN := $(BUILD)/asan

all: memdesc

memdesc: $(addprefix $(BUILD)/,$(OBJS))
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(MD_LDLIBS)

$(ASAN)/memdesc: $(addprefix $(ASAN)/,$(OBJS))
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(SANITIZE) -o $@ $^ $(MD_LDLIBS)

$(BUILD)/%.o: %.c
	$(quiet) CC $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(MD_CFLAGS) -I$(BUILD)/db -c -o $@ $<

$(ASAN)/%.o: %.c
	$(quiet) CC $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(SANITIZE) $(MD_CFLAGS) -I$(BUILD)/db -c -o $@ $<

# The schema is compiled in, from the one documented file.
$(BUILD)/db/schema.sql.h: db/schema.sql
	$(quiet) GEN $@
	@mkdir -p $(dir $@)
	$(Q)sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@

$(BUILD)/db/db.o $(ASAN)/db/db.o: $(BUILD)/db/schema.sql.h

# Unit tests link the library objects (not cli/) and the TAP library
# under the sanitizers.
LIB_OBJS := $(filter-out cli/%,$(OBJS))

$(ASAN)/tests/%: tests/%.c $(ASAN)/tests/tap.o $(addprefix $(ASAN)/,$(LIB_OBJS))
	$(quiet) CC $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(SANITIZE) $(MD_CFLAGS) -I. -o $@ $(filter %.c %.o,$^) $(MD_LDLIBS)

deps:
	$(Q)scripts/install-deps.sh build

# --- scanning a kernel tree ---

ifdef M
SCOPE := $(M)
endif

# Dependencies first, in their own step, so a fresh machine can build at all.
scan:
	$(Q)scripts/install-deps.sh build scan
	$(Q)$(MAKE) --no-print-directory scan-run

scan-run: memdesc
	$(Q)set -e; \
	tree="$(KDIR)"; \
	if [ -z "$$tree" ]; then tree=$$(scripts/kernel-tree.sh $(KVERSION) $(CACHE)); fi; \
	./memdesc scan --db $(DB) --cache $(CACHE)/build --config $(KCONFIG) $(SCAN_FLAGS) \
		"$$tree" $(SCOPE) \
		|| [ $$? -eq 1 ]

# A benchmark, not a test: memdesc beside ripgrep on the same scope.
bench:
	$(Q)scripts/install-deps.sh build scan bench
	$(Q)$(MAKE) --no-print-directory memdesc
	$(Q)tree="$(KDIR)"; \
	if [ -z "$$tree" ]; then tree=$$(scripts/kernel-tree.sh $(KVERSION) $(CACHE)); fi; \
	MEMDESC_CACHE=$(CACHE) scripts/bench.sh "$$tree" $(SCOPE)

# --- tests ---

TEST_ENV := MEMDESC=$(CURDIR)/memdesc MEMDESC_ASAN=$(CURDIR)/$(ASAN)/memdesc \
	MEMDESC_CACHE=$(CACHE) ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

test:
	$(Q)scripts/install-deps.sh build test
	$(Q)$(MAKE) --no-print-directory test-run

test-run: memdesc $(ASAN)/memdesc $(addprefix $(ASAN)/,$(UNIT_TESTS))
	$(Q)$(TEST_ENV) prove $(if $(V),-v) tests/*.t tests/kbuild/*.t $(addprefix $(ASAN)/,$(UNIT_TESTS))
	$(Q)$(MAKE) --no-print-directory rt-check

check: test

# Rewrite the expected-output blocks of the fixtures from what memdesc prints now.
fixtures-update: memdesc
	$(Q)MEMDESC=$(CURDIR)/memdesc FIXTURE_UPDATE=1 prove tests/fixtures.t

# Run some fixtures only, with both builds: make fixture F="a.c b.c".
fixture: memdesc $(ASAN)/memdesc
	$(Q)if [ -z "$(F)" ]; then echo "usage: make fixture F=tests/fixtures/<rule>/<name>.c" >&2; exit 2; fi
	$(Q)$(TEST_ENV) prove -v tests/fixtures.t :: $(F)

clean:
	$(Q)rm -rf $(BUILD) memdesc

.PHONY: all bench deps scan scan-run test test-run check fixture fixtures-update clean

include runtime/runtime.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

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
#   make install      PREFIX=/usr/local DESTDIR=: the binary and memdesc(1)
#   make help         every target and variable
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

# V=1 shows the commands; the one place V is read (runtime.mk uses $(Q) too).
ifeq ($(V),1)
Q :=
quiet = @:
PROVE_FLAGS := -v
else
Q := @
quiet = @printf '  %-8s %s\n'
PROVE_FLAGS :=
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

# The parts, each a static library, linked from the top down: a part that
# reaches up to a part linked before it fails to link (the include-level
# rules are checked by scripts/check-layering.sh).
PARTS := analyzer kbuild reports db lib
CLI_OBJS := $(filter cli/%,$(OBJS))
part_objs = $(filter $(1)/%,$(OBJS))

all: memdesc

# build_variant DIR, FLAGS: the one compile recipe, the part libraries and
# the binary of one build (the plain one in $(BUILD), the sanitizer one with
# the test hooks in $(ASAN)).
define build_variant
$(1)/%.o: %.c
	$$(quiet) CC $$@
	@mkdir -p $$(dir $$@)
	$$(Q)$$(CC) $$(CFLAGS) $(2) $$(MD_CFLAGS) -I$$(BUILD)/db -c -o $$@ $$<

$(1)/lib%.a:
	$$(quiet) AR $$@
	@mkdir -p $$(dir $$@)
	$$(Q)rm -f $$@ && $$(AR) rcs $$@ $$^

$(foreach p,$(PARTS),$(1)/lib$(p).a: $(addprefix $(1)/,$(call part_objs,$(p)))
)
$(1)/db/db.o: $$(BUILD)/db/schema.sql.h

$(1)/memdesc: $(addprefix $(1)/,$(CLI_OBJS)) $(foreach p,$(PARTS),$(1)/lib$(p).a)
	$$(quiet) LD $$@
	$$(Q)$$(CC) $$(CFLAGS) $(2) -o $$@ $$^ $$(MD_LDLIBS)
endef

$(eval $(call build_variant,$(BUILD),))
$(eval $(call build_variant,$(ASAN),$(SANITIZE)))

memdesc: $(BUILD)/memdesc
	$(Q)cp $< $@.tmp && mv -f $@.tmp $@

# The schema is compiled in, from the one documented file.
$(BUILD)/db/schema.sql.h: db/schema.sql
	$(quiet) GEN $@
	@mkdir -p $(dir $@)
	$(Q)sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@

# Unit tests link the part libraries (not cli/) and the TAP library, under
# the sanitizers.
$(ASAN)/tests/%: tests/%.c $(ASAN)/tests/tap.o $(foreach p,$(PARTS),$(ASAN)/lib$(p).a)
	$(quiet) CC $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(SANITIZE) $(MD_CFLAGS) -I. -o $@ $(filter %.c %.o %.a,$^) $(MD_LDLIBS)

.SECONDARY: $(ASAN)/tests/tap.o

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
	$(Q)$(TEST_ENV) prove $(PROVE_FLAGS) tests/*.t tests/kbuild/*.t $(addprefix $(ASAN)/,$(UNIT_TESTS))
	$(Q)$(MAKE) --no-print-directory rt-check

check: test

# Rewrite the expected-output blocks of the fixtures from what memdesc prints now.
fixtures-update: memdesc
	$(Q)MEMDESC=$(CURDIR)/memdesc FIXTURE_UPDATE=1 prove tests/fixtures.t

# Run some fixtures only, with both builds: make fixture F="a.c b.c".
fixture: memdesc $(ASAN)/memdesc
	$(Q)if [ -z "$(F)" ]; then echo "usage: make fixture F=tests/fixtures/<rule>/<name>.c" >&2; exit 2; fi
	$(Q)$(TEST_ENV) prove -v tests/fixtures.t :: $(F)

# --- installing ---

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

# Everything memdesc needs at run time is in the binary (the schema is
# compiled in); the man page goes beside it.
install: memdesc
	$(quiet) INSTALL $(DESTDIR)$(BINDIR)/memdesc
	$(Q)install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(Q)install -m 755 memdesc $(DESTDIR)$(BINDIR)/memdesc
	$(Q)install -m 644 doc/memdesc.1 $(DESTDIR)$(MANDIR)/man1/memdesc.1

uninstall:
	$(Q)rm -f $(DESTDIR)$(BINDIR)/memdesc $(DESTDIR)$(MANDIR)/man1/memdesc.1

help:
	@echo 'Targets:'
	@echo '  all (default)  build ./memdesc'
	@echo '  scan           scan a kernel tree: KDIR=<tree> (default: Debian'"'"'s $(KVERSION) source'
	@echo '                 under $(CACHE)), SCOPE="$(SCOPE)" or M=dir, KCONFIG=$(KCONFIG),'
	@echo '                 DB=$(DB), SCAN_FLAGS=...'
	@echo '  test, check    the test suite (TAP through prove), also under ASan/UBSan'
	@echo '  fixture F=...  run the named fixture(s) only'
	@echo '  fixtures-update  rewrite the fixtures'"'"' expected output from the current one'
	@echo '  bench          time a scan beside its peers (a benchmark, not a test)'
	@echo '  rt-check, rt-fuzz, rt-bench   the runtime model (runtime/README.md)'
	@echo '  install        PREFIX=$(PREFIX) DESTDIR=: the binary and memdesc(1)'
	@echo '  uninstall, clean, deps'
	@echo 'Variables: V=1 shows the commands; CC, CFLAGS, LLVM_DIR; local.mk for your own.'

clean:
	$(Q)rm -rf $(BUILD) memdesc

.PHONY: all bench deps scan scan-run test test-run check fixture fixtures-update clean \
	install uninstall help

include runtime/runtime.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# SPDX-License-Identifier: GPL-2.0
#
# memdesc: find and convert the code that blocks shrinking struct page.
#
#   make              build ./memdesc
#   make scan         scan a kernel tree (KDIR=<tree>, default: Debian's 6.12
#                     source, unpacked under .cache/; the whole tree, or SCOPE="mm fs" or M=dir;
#                     KCONFIG=allmodconfig; DB=memdesc.db; SCAN_FLAGS=...)
#   make test         run the test suite (TAP through prove), also under ASan/UBSan
#   make check        the same as make test
#   make fixture F=tests/fixtures/<rule>/x.c   run the named fixture(s) only
#   make patch        conversion patches for the scanned findings (PATCH_DIR=patches)
#   make bench        time a scan beside ripgrep, spatch and clang-query (a benchmark,
#                     not a test; SCOPE=mm for a quick run, FORMAT=json, BENCH_SKIP=rows)
#   make progress     scan Debian's 6.1 and 6.12 trees into one database and write
#                     the dashboard (PROGRESS_SCOPE="mm fs", PROGRESS_DIR=build/progress)
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
# before MD_CFLAGS, which expands it at once
COCCI_DIR := $(CURDIR)/cocci
MD_CFLAGS := -std=gnu11 -D_GNU_SOURCE $(WARNINGS) -I$(LLVM_DIR)/include -DMEMDESC_VERSION='"$(VERSION)"' \
	     -DMEMDESC_COCCI_DIR='"$(COCCI_DIR)"' -MMD -MP
MD_LDLIBS := -L$(LLVM_DIR)/lib -Wl,-rpath,$(LLVM_DIR)/lib -lclang -lsqlite3 -ljansson -lxxhash
SANITIZE := -DMD_TEST_HOOKS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

# The kernel tree `make scan` looks at, and what part of it.
KVERSION ?= 6.12
CACHE ?= $(CURDIR)/.cache
SCOPE ?=
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
	analyzer/coverage.o \
	analyzer/engine.o \
	analyzer/inputs.o \
	analyzer/pch.o \
	analyzer/prefilter.o \
	analyzer/rules.o \
	analyzer/rules/bh-page.o \
	analyzer/rules/compound-head.o \
	analyzer/rules/folio-page.o \
	analyzer/rules/page-lru.o \
	analyzer/rules/page-mapping.o \
	analyzer/rules/page-pool.o \
	analyzer/rules/page-memcg.o \
	analyzer/rules/page-flag.o \
	analyzer/rules/page-index.o \
	analyzer/rules/page-private.o \
	analyzer/rules/folio-null.o \
	analyzer/scan.o \
	cli/cmd-baseline.o \
	cli/cmd-check.o \
	cli/cmd-compdb.o \
	cli/cmd-coverage.o \
	cli/cmd-gate.o \
	cli/cmd-import.o \
	cli/cmd-list-rules.o \
	cli/cmd-merge.o \
	cli/cmd-patch.o \
	cli/cmd-report.o \
	cli/cmd-scan.o \
	cli/memdesc.o \
	cli/options.o \
	cli/patch-check.o \
	cli/scan-fallback.o \
	cli/scan-prefilter.o \
	cli/scan-run.o \
	cli/scan-since.o \
	cocci/missing.o \
	cocci/report.o \
	cocci/run.o \
	convert/compile.o \
	convert/diff.o \
	convert/git.o \
	convert/mbox.o \
	convert/run.o \
	convert/series.o \
	convert/text.o \
	convert/validate.o \
	db/baseline.o \
	db/db.o \
	db/finding.o \
	db/history.o \
	db/ingest.o \
	db/inputs.o \
	db/migrate.o \
	db/patches.o \
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
	lib/ctoken.o \
	lib/error.o \
	lib/file.o \
	lib/maintainers.o \
	lib/parse.o \
	lib/path.o \
	lib/proc.o \
	lib/progress.o \
	lib/strv.o \
	lib/suppress.o \
	lib/xalloc.o \
	reports/codeclimate.o \
	reports/html.o \
	reports/json.o \
	reports/render.o \
	reports/sarif.o \
	reports/summary.o \
	reports/table.o \
	reports/text.o

UNIT_TESTS := \
	tests/kbuild/kbuild \
	tests/unit/cocci \
	tests/unit/coverage \
	tests/unit/db \
	tests/unit/fingerprint \
	tests/unit/ingest \
	tests/unit/maintainers \
	tests/unit/overlay \
	tests/unit/prefilter \
	tests/unit/rules \
	tests/unit/series \
	tests/unit/validate

BUILD := build
ASAN := $(BUILD)/asan

# The parts, each a static library, linked from the top down: a part that
# reaches up to a part linked before it fails to link (the include-level
# rules are checked by scripts/check-layering.sh).
PARTS := convert cocci analyzer kbuild reports db lib
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
$(1)/db/migrate.o: $$(BUILD)/db/views.sql.h

$(1)/memdesc: $(addprefix $(1)/,$(CLI_OBJS)) $(foreach p,$(PARTS),$(1)/lib$(p).a)
	$$(quiet) LD $$@
	$$(Q)$$(CC) $$(CFLAGS) $(2) -o $$@ $$^ $$(MD_LDLIBS)
endef

$(eval $(call build_variant,$(BUILD),))
$(eval $(call build_variant,$(ASAN),$(SANITIZE)))

memdesc: $(BUILD)/memdesc
	$(Q)cp $< $@.tmp && mv -f $@.tmp $@

# The schema is compiled in, from the one documented file.
$(BUILD)/db/%.sql.h: db/%.sql
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

# Conversion patches for the findings of the last `make scan` (same KDIR, DB):
# a checked series per MAINTAINERS section in PATCH_DIR.
PATCH_DIR ?= patches
PATCH_FLAGS ?=

patch:
	$(Q)scripts/install-deps.sh build scan patch
	$(Q)$(MAKE) --no-print-directory patch-run

patch-run: memdesc
	$(Q)set -e; \
	tree="$(KDIR)"; \
	if [ -z "$$tree" ]; then tree=$$(scripts/kernel-tree.sh $(KVERSION) $(CACHE)); fi; \
	./memdesc patch --db $(DB) --cache $(CACHE)/build -o $(PATCH_DIR) $(PATCH_FLAGS) \
		"$$tree" $(SCOPE) \
		|| [ $$? -eq 3 ]

# A benchmark, not a test: memdesc beside ripgrep, spatch and clang-query on
# the same copy of the tree and the same files (scripts/bench.sh); FORMAT=json.
FORMAT ?= $(if $(BENCH_FORMAT),$(BENCH_FORMAT),text)

bench:
	$(Q)scripts/install-deps.sh build scan bench >&2
	$(Q)$(MAKE) --no-print-directory memdesc >&2
	$(Q)tree="$(KDIR)"; \
	if [ -z "$$tree" ]; then tree=$$(scripts/kernel-tree.sh $(KVERSION) $(CACHE)); fi; \
	MEMDESC=$(CURDIR)/memdesc MEMDESC_CACHE=$(CACHE) BENCH_FORMAT=$(FORMAT) \
		scripts/bench.sh "$$tree" $(SCOPE)

# The dashboard over scans of several kernel versions (scripts/progress.sh).
PROGRESS_SCOPE ?= mm fs
PROGRESS_DIR ?= $(if $(DIR),$(DIR),$(BUILD)/progress)
PROGRESS_VERSIONS ?= 6.1 6.12

progress:
	$(Q)scripts/install-deps.sh build scan progress
	$(Q)$(MAKE) --no-print-directory progress-run

progress-run: memdesc
	$(Q)MEMDESC=$(CURDIR)/memdesc CACHE=$(CACHE) KCONFIG=$(KCONFIG) \
		PROGRESS_SCOPE="$(PROGRESS_SCOPE)" PROGRESS_DIR="$(PROGRESS_DIR)" \
		PROGRESS_VERSIONS="$(PROGRESS_VERSIONS)" scripts/progress.sh

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
	$(Q)$(MAKE) --no-print-directory fuzz-check
	$(Q)$(MAKE) --no-print-directory rt-check

check: test

# The semantic patches of cocci/ are written from the rewrite table by a host
# tool; tests/cocci.t fails when the committed files differ from its output.
$(BUILD)/cocci-generate: cocci/generate.c runtime/include/rt_rewrites.def
	@mkdir -p $(@D)
	$(quiet) HOSTCC $@
	$(Q)$(CC) -std=gnu11 $(WARNINGS) -Iruntime/include $< -o $@

cocci-generate: $(BUILD)/cocci-generate
	$(Q)$(BUILD)/cocci-generate cocci

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
DATADIR ?= $(PREFIX)/share/memdesc
DESTDIR ?=

# The schema is compiled in; the semantic patches go to DATADIR/cocci, where
# memdesc looks for them beside its bin/ (the build tree's cocci/ otherwise).
install: memdesc
	$(quiet) INSTALL $(DESTDIR)$(BINDIR)/memdesc
	$(Q)install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/cocci
	$(Q)install -m 755 memdesc $(DESTDIR)$(BINDIR)/memdesc
	$(Q)install -m 644 doc/memdesc.1 $(DESTDIR)$(MANDIR)/man1/memdesc.1
	$(Q)install -m 644 cocci/*.cocci $(DESTDIR)$(DATADIR)/cocci/

uninstall:
	$(Q)rm -f $(DESTDIR)$(BINDIR)/memdesc $(DESTDIR)$(MANDIR)/man1/memdesc.1
	$(Q)rm -rf $(DESTDIR)$(DATADIR)

help:
	@echo 'Targets:'
	@echo '  all (default)  build ./memdesc'
	@echo '  scan           scan a kernel tree: KDIR=<tree> (default: Debian'"'"'s $(KVERSION) source'
	@echo '                 under $(CACHE)), SCOPE="$(SCOPE)" or M=dir, KCONFIG=$(KCONFIG),'
	@echo '                 DB=$(DB), SCAN_FLAGS=...'
	@echo '  test, check    the test suite (TAP through prove), also under ASan/UBSan'
	@echo '  fixture F=...  run the named fixture(s) only'
	@echo '  fixtures-update  rewrite the fixtures'"'"' expected output from the current one'
	@echo '  patch          a checked conversion series for the last scan'"'"'s findings, one patch per'
	@echo '                 MAINTAINERS section, in PATCH_DIR=$(PATCH_DIR) (KDIR, SCOPE, DB as for scan;'
	@echo '                 PATCH_FLAGS=--signoff ...)'
	@echo '  bench          time a scan beside its peers (a benchmark, not a test)'
	@echo '  progress       scan Debian'"'"'s $(PROGRESS_VERSIONS) trees (PROGRESS_SCOPE="$(PROGRESS_SCOPE)") into'
	@echo '                 one database and write the dashboard to PROGRESS_DIR=$(PROGRESS_DIR)'
	@echo '  fuzz FUZZ_TIME=60, fuzz-check   the libFuzzer targets of the parsers (fuzz/)'
	@echo '  rt-check, rt-fuzz, rt-bench   the runtime model (runtime/README.md)'
	@echo '  cocci-generate  rewrite cocci/*.cocci from runtime/include/rt_rewrites.def'
	@echo '  install        PREFIX=$(PREFIX) DESTDIR=: the binary and memdesc(1)'
	@echo '  uninstall, clean, deps'
	@echo 'Variables: V=1 shows the commands; CC, CFLAGS, LLVM_DIR; local.mk for your own.'

clean:
	$(Q)rm -rf $(BUILD) memdesc

.PHONY: all bench deps progress progress-run scan scan-run test test-run check fixture fixtures-update clean cocci-generate \
	install uninstall help

include runtime/runtime.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# --- fuzzing ---
#
# One libFuzzer target per parser, fuzz/fuzz-<name>.c, linked with the
# project sources it needs, compiled with clang under the fuzzer's
# instrumentation and the sanitizers into $(FUZZ_OUT)/obj (never mixed with
# the objects of $(BUILD) or $(ASAN)).  Seed inputs are in fuzz/corpus/<name>/
# and stay as committed: new inputs go to $(FUZZ_OUT)/corpus-<name>/.
#
#   make fuzz FUZZ_TIME=60   each target for FUZZ_TIME seconds, over a copy of its corpus
#   make fuzz-check          each target over its corpus and $(FUZZ_CHECK_TIME) seconds more

FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_CHECK_TIME ?= 3
FUZZ_OUT := $(BUILD)/fuzz
FUZZ_TARGETS := compdb cmdfile ingest options
FUZZ_BINS := $(addprefix $(FUZZ_OUT)/fuzz-,$(FUZZ_TARGETS))
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS := -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(MD_CFLAGS) -I. -I$(BUILD)/db

FUZZ_LIB := lib/error.c lib/path.c lib/strv.c lib/xalloc.c
FUZZ_SRCS_compdb := kbuild/compdb.c kbuild/shell.c kbuild/rawset.c kbuild/files.c $(FUZZ_LIB)
FUZZ_SRCS_cmdfile := kbuild/cmdfile.c kbuild/shell.c kbuild/rawset.c kbuild/files.c $(FUZZ_LIB)
FUZZ_SRCS_ingest := db/ingest.c db/finding.c db/db.c db/migrate.c db/inputs.c $(FUZZ_LIB)
FUZZ_SRCS_options := cli/options.c lib/parse.c $(FUZZ_LIB)

# options.c exits on --help and on a usage error: its fuzz target jumps back instead.
FUZZ_DEFS_cli/options := -Dexit=fuzz_exit

$(FUZZ_OUT)/obj/%.o: %.c
	$(quiet) FUZZCC $@
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_DEFS_$*) -c -o $@ $<

$(FUZZ_OUT)/obj/db/db.o: $(BUILD)/db/schema.sql.h
$(FUZZ_OUT)/obj/db/migrate.o: $(BUILD)/db/views.sql.h

define fuzz_target
$(FUZZ_OUT)/fuzz-$(1): $(FUZZ_OUT)/obj/fuzz/fuzz-$(1).o $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(FUZZ_SRCS_$(1)))
	$$(quiet) LD $$@
	$$(Q)$$(FUZZ_CC) $$(FUZZ_SAN) -fsanitize=fuzzer -o $$@ $$^ $$(MD_LDLIBS)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_target,$(t))))

FUZZ_ENV := ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	$(Q)for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_OUT)/corpus-$$t && cp -n fuzz/corpus/$$t/* $(FUZZ_OUT)/corpus-$$t/ && \
		$(FUZZ_ENV) fuzz/run.sh fuzz-$$t $(FUZZ_OUT)/fuzz-$$t $(FUZZ_TIME) \
			$(FUZZ_OUT)/run-$$t $(FUZZ_OUT)/corpus-$$t || exit 1; \
	done

fuzz-check: $(FUZZ_BINS)
	$(Q)for t in $(FUZZ_TARGETS); do \
		rm -rf $(FUZZ_OUT)/check-$$t/corpus && \
		$(FUZZ_ENV) fuzz/run.sh fuzz-$$t $(FUZZ_OUT)/fuzz-$$t $(FUZZ_CHECK_TIME) \
			$(FUZZ_OUT)/check-$$t $(FUZZ_OUT)/check-$$t/corpus fuzz/corpus/$$t || exit 1; \
	done

.PHONY: fuzz fuzz-build fuzz-check

# SPDX-License-Identifier: GPL-2.0
# runtime.mk - build, test, fuzz and benchmark the runtime model of the memdesc layouts.
#
# Included from the top-level Makefile (paths are relative to the repository
# root), or run alone:  make -f runtime/runtime.mk rt-check
#
#   rt-check  the TAP tests of every layout under ASan/UBSan, through prove
#   rt-fuzz   the libFuzzer target of every layout, RT_FUZZ_TIME seconds each
#   rt-bench  the indirection benchmark, -O2, no sanitizers (RT_BENCH_PAGES,
#             RT_BENCH_ROUNDS)
#
# Only RT_-prefixed variables are defined here; CC may be gcc or clang, the
# fuzzer always uses RT_CLANG.

RT_SAVED_GOAL	:= $(.DEFAULT_GOAL)
RT_INCLUDED	:= $(filter-out $(lastword $(MAKEFILE_LIST)),$(MAKEFILE_LIST))
RT_DIR		:= runtime
RT_OUT		:= build/runtime
RT_LAYOUTS	:= legacy memdesc page16
RT_TESTS	:= t-layout t-api t-checks t-rewrites t-compound t-hvo
RT_LIB		:= check mm
RT_TAP		:= tests/tap.c
RT_CLANG	?= clang
RT_FUZZ_TIME	?= 60
RT_FUZZ_CHECK_SECONDS ?= 3
RT_PROVE	?= prove
RT_PROVE_FLAGS	?=
RT_BENCH_PAGES	?= 1048576
RT_BENCH_ROUNDS	?= 3

RT_WARN		:= -std=gnu11 -Wall -Wextra -Werror
RT_INC		:= -I$(RT_DIR)/include -I$(RT_DIR)/src -I$(RT_DIR)/t
RT_SAN		:= -fsanitize=address,undefined -fno-sanitize-recover=undefined
RT_CFLAGS	:= $(RT_WARN) -O1 -g $(RT_SAN) $(RT_INC) -MMD -MP
RT_BENCH_CFLAGS	:= $(RT_WARN) -O2 -g $(RT_INC) -MMD -MP
RT_FUZZ_CFLAGS	:= $(RT_WARN) -O1 -g -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=undefined $(RT_INC)

# Quiet by default, V=1 shows the commands.
RT_Q		= $(if $(filter 1,$(V)),,@)
RT_ECHO		= $(if $(filter 1,$(V)),@:,@printf '  %-7s %s\n')

RT_LAYOUT_DEF_legacy	:= -DRT_LAYOUT_LEGACY
RT_LAYOUT_DEF_memdesc	:= -DRT_LAYOUT_MEMDESC
RT_LAYOUT_DEF_page16	:= -DRT_LAYOUT_PAGE16
RT_LAYOUT_SRC_legacy	:= layout_legacy
RT_LAYOUT_SRC_memdesc	:= layout_memdesc
RT_LAYOUT_SRC_page16	:= layout_memdesc

RT_TEST_BINS	:= $(foreach l,$(RT_LAYOUTS),$(addprefix $(RT_OUT)/$(l)/,$(RT_TESTS)))
RT_FUZZ_BINS	:= $(foreach l,$(RT_LAYOUTS),$(RT_OUT)/$(l)/fuzz-ops)
RT_BENCH_BINS	:= $(foreach l,$(RT_LAYOUTS),$(RT_OUT)/$(l)/rt-bench)
RT_SH_TESTS	:= $(RT_OUT)/t-compile-blockers $(RT_OUT)/t-fuzz $(RT_OUT)/t-fuzz-build
RT_HDRS		:= $(wildcard $(RT_DIR)/include/*.h $(RT_DIR)/include/*.def $(RT_DIR)/src/*.h)

RT_OBJS		:= $(foreach l,$(RT_LAYOUTS),$(addprefix $(RT_OUT)/$(l)/,\
		   $(addsuffix .o,$(RT_TESTS) tests-tap $(RT_LIB) $(RT_LAYOUT_SRC_$(l))) \
		   $(addprefix bench/,$(addsuffix .o,rt-bench $(RT_LIB) $(RT_LAYOUT_SRC_$(l))))))

.PHONY: rt-check rt-fuzz rt-bench rt-clean
.SECONDARY: $(RT_OBJS)

# rt_layout_rules(layout): objects, tests and the benchmark of one layout.
define rt_layout_rules
$(RT_OUT)/$(1)/%.o: $(RT_DIR)/src/%.c
	@mkdir -p $$(@D)
	$(RT_ECHO) CC $$@
	$(RT_Q)$$(CC) $(RT_CFLAGS) $(RT_LAYOUT_DEF_$(1)) -c $$< -o $$@

$(RT_OUT)/$(1)/%.o: $(RT_DIR)/t/%.c
	@mkdir -p $$(@D)
	$(RT_ECHO) CC $$@
	$(RT_Q)$$(CC) $(RT_CFLAGS) $(RT_LAYOUT_DEF_$(1)) -c $$< -o $$@

# The tests' TAP library is the project's one, tests/tap.c.
$(RT_OUT)/$(1)/tests-tap.o: $(RT_TAP)
	@mkdir -p $$(@D)
	$(RT_ECHO) CC $$@
	$(RT_Q)$$(CC) $(RT_CFLAGS) -c $$< -o $$@

$(RT_OUT)/$(1)/t-%: $(RT_OUT)/$(1)/t-%.o $(RT_OUT)/$(1)/tests-tap.o \
		$(addprefix $(RT_OUT)/$(1)/,$(addsuffix .o,$(RT_LIB) $(RT_LAYOUT_SRC_$(1))))
	$(RT_ECHO) LD $$@
	$(RT_Q)$$(CC) $(RT_CFLAGS) $$^ -o $$@

$(RT_OUT)/$(1)/bench/%.o: $(RT_DIR)/src/%.c
	@mkdir -p $$(@D)
	$(RT_ECHO) CC $$@
	$(RT_Q)$$(CC) $(RT_BENCH_CFLAGS) $(RT_LAYOUT_DEF_$(1)) -c $$< -o $$@

$(RT_OUT)/$(1)/bench/%.o: $(RT_DIR)/bench/%.c
	@mkdir -p $$(@D)
	$(RT_ECHO) CC $$@
	$(RT_Q)$$(CC) $(RT_BENCH_CFLAGS) $(RT_LAYOUT_DEF_$(1)) -c $$< -o $$@

$(RT_OUT)/$(1)/rt-bench: $(addprefix $(RT_OUT)/$(1)/bench/,rt-bench.o \
		$(addsuffix .o,$(RT_LIB) $(RT_LAYOUT_SRC_$(1))))
	$(RT_ECHO) LD $$@
	$(RT_Q)$$(CC) $(RT_BENCH_CFLAGS) $$^ -o $$@

$(RT_OUT)/$(1)/fuzz-ops: $(RT_DIR)/fuzz/fuzz-ops.c \
		$(addprefix $(RT_DIR)/src/,$(addsuffix .c,$(RT_LIB) $(RT_LAYOUT_SRC_$(1)))) $(RT_HDRS)
	@mkdir -p $$(@D)
	$(RT_ECHO) FUZZ $$@
	@rm -f $$@
	$(RT_Q)$(RT_CLANG) $(RT_FUZZ_CFLAGS) $(RT_LAYOUT_DEF_$(1)) $$(filter %.c,$$^) -o $$@
endef
$(foreach l,$(RT_LAYOUTS),$(eval $(call rt_layout_rules,$(l))))

# Shell tests run from build/: prove executes them directly.
$(RT_OUT)/t-%: $(RT_DIR)/t/t-%.sh
	@mkdir -p $(@D)
	$(RT_Q)cp $< $@ && chmod +x $@

# The fuzz targets need clang and its libFuzzer runtime: without them (an
# empty target does not link) t-fuzz skips.  With them, a target that does
# not build fails rt-check, and no binary of an earlier build is left to run
# (each is removed before it is rebuilt from its sources).
RT_FUZZ_PROBE	= printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' | \
		  $(RT_CLANG) -fsanitize=fuzzer -x c - -o $(RT_OUT)/fuzz-probe

rt-check: $(RT_TEST_BINS) $(RT_SH_TESTS)
	$(RT_Q)if $(RT_FUZZ_PROBE) >$(RT_OUT)/fuzz-probe.log 2>&1; then \
		fuzz=1; \
		$(MAKE) --no-print-directory -f $(RT_DIR)/runtime.mk $(RT_FUZZ_BINS) \
			>$(RT_OUT)/fuzz-build.log 2>&1 || { \
			sed 's/^/  /' $(RT_OUT)/fuzz-build.log | tail -30; \
			echo "rt-check: the fuzz targets do not build (log: $(RT_OUT)/fuzz-build.log)"; \
			exit 1; }; \
	else \
		fuzz=0; rm -f $(RT_FUZZ_BINS); \
		echo "  clang with libFuzzer not available (see $(RT_OUT)/fuzz-probe.log): t-fuzz will skip"; \
	fi; \
	RT_FUZZ_AVAILABLE=$$fuzz \
	RT_CC="$(CC)" RT_DIR=$(RT_DIR) RT_LIST=$(RT_OUT)/legacy/t-rewrites \
	RT_COMPILE_LAYOUTS="$(foreach l,$(RT_LAYOUTS),$(RT_LAYOUT_DEF_$(l)))" \
	RT_TMP=$(RT_OUT) RT_FUZZ_DIR=$(RT_OUT) RT_CORPUS=$(RT_DIR)/fuzz/corpus \
	RT_FUZZ_SECONDS=$(RT_FUZZ_CHECK_SECONDS) RT_LAYOUTS="$(RT_LAYOUTS)" \
		$(RT_PROVE) --exec '' $(RT_PROVE_FLAGS) $(RT_TEST_BINS) $(RT_SH_TESTS)

rt-fuzz: $(RT_FUZZ_BINS)
	$(RT_Q)for l in $(RT_LAYOUTS); do \
		mkdir -p $(RT_OUT)/$$l/corpus && \
		echo "fuzzing the $$l layout for $(RT_FUZZ_TIME) s" && \
		$(RT_OUT)/$$l/fuzz-ops -max_total_time=$(RT_FUZZ_TIME) -print_final_stats=1 \
			$(RT_OUT)/$$l/corpus $(RT_DIR)/fuzz/corpus || exit 1; \
	done

rt-bench: $(RT_BENCH_BINS)
	$(RT_Q)for r in $$(seq $(RT_BENCH_ROUNDS)); do for l in $(RT_LAYOUTS); do \
		$(RT_OUT)/$$l/rt-bench $(RT_BENCH_PAGES) || exit 1; \
	done; done >$(RT_OUT)/bench.raw
	$(RT_Q)awk -f $(RT_DIR)/bench/report.awk $(RT_OUT)/bench.raw

rt-clean:
	rm -rf $(RT_OUT)

-include $(wildcard $(RT_OUT)/*/*.d $(RT_OUT)/*/bench/*.d)

# Alone, rt-check is the default goal; included, the includer's goal stays.
ifneq ($(RT_INCLUDED),)
.DEFAULT_GOAL := $(RT_SAVED_GOAL)
else
.DEFAULT_GOAL := rt-check
endif

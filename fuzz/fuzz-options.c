// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-options.c - libFuzzer target: option parsing against a table of every
 * option type, and the strict numbers of lib/parse.c.
 *
 * cli/options.c is compiled for this target with -Dexit=fuzz_exit, so its
 * exits (--help, a usage error) jump back here instead of ending the fuzzer.
 */
#include <setjmp.h>

#include "fuzz.h"
#include "../cli/options.h"
#include "../lib/parse.h"

static jmp_buf fuzz_jmp;
static int fuzz_exit_status;
static FILE *devnull;

void fuzz_exit(int status) __attribute__((noreturn));

void fuzz_exit(int status)
{
	fuzz_exit_status = status;
	longjmp(fuzz_jmp, 1);
}

static int flag_q, flag_v, int_j, int_t, cb_calls, cb_fail;
static const char *str_db, *str_format;
static unsigned long long size_m;

static int cb_list(const struct md_option *opt, const char *arg)
{
	FUZZ_CHECK(opt->value == &cb_calls && arg);
	cb_calls++;
	return cb_fail && !strcmp(arg, "bad");
}

static const struct md_option opts[] = {
	MD_OPT_GROUP("Options"),
	MD_OPT_FLAG('q', "quiet", &flag_q, "no summary"),
	MD_OPT_FLAG(0, "verbose", &flag_v, "more"),
	MD_OPT_STRING(0, "db", &str_db, "PATH", "database"),
	MD_OPT_STRING('f', "format", &str_format, "FMT", "text or json"),
	MD_OPT_INT('j', "jobs", &int_j, 1, 4096, "N", "workers"),
	MD_OPT_INT(0, "timeout", &int_t, -5, 86400, "S", "seconds"),
	MD_OPT_GROUP("Limits"),
	MD_OPT_SIZE('m', "memory", &size_m, "SIZE", "per worker"),
	MD_OPT_CALLBACK('e', "enable", &cb_calls, "IDS", "rules", cb_list),
	MD_OPT_END(),
};

static const struct md_usage usage = { "fuzz", "[options] FILE...", "About.\n" };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_silence();
	devnull = fopen("/dev/null", "w");
	FUZZ_CHECK(devnull != NULL);
	/* usage errors and --help print through stdio: to nowhere */
	stdout = devnull;
	stderr = devnull;
	return 0;
}

static void numbers(const char *s)
{
	unsigned long long size;
	long v;

	if (!md_parse_long(s, -100, 100, &v))
		FUZZ_CHECK(v >= -100 && v <= 100 && *s);
	if (!md_parse_long(s, 0, 0, &v))
		FUZZ_CHECK(v == 0);
	if (!md_parse_size(s, &size)) {
		FUZZ_CHECK(*s >= '0' && *s <= '9');
		if (!strchr(s, 'K') && !strchr(s, 'k') && !strchr(s, 'M') && !strchr(s, 'm') &&
		    !strchr(s, 'G') && !strchr(s, 'g') && !strchr(s, 'T') && !strchr(s, 't'))
			FUZZ_CHECK(size == strtoull(s, NULL, 10));
	}
}

/*
 * The input: a flags byte (bit 0: keep unknown options, bit 1: the callback
 * fails on "bad"), then the arguments separated by NUL bytes.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int flags;
	char **argv, **orig, *buf;
	volatile int argc = 1;
	int n, i, k;
	size_t pos;

	if (!size)
		return 0;
	flags = data[0] & 1 ? MD_PARSE_KEEP_UNKNOWN : 0;
	cb_fail = data[0] & 2;
	buf = xmalloc(size);
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	for (pos = 0; pos < size - 1; pos++)
		argc += !buf[pos];
	argc += size > 1 && buf[size - 2];
	argv = xcalloc(argc + 1, sizeof(*argv));
	orig = xcalloc(argc + 1, sizeof(*orig));
	argv[0] = "fuzz";
	for (i = 1, pos = 0; i < argc; i++) {
		argv[i] = buf + pos;
		pos += strlen(buf + pos) + 1;
		numbers(argv[i]);
	}
	memcpy(orig, argv, (argc + 1) * sizeof(*argv));

	flag_q = flag_v = cb_calls = 0;
	int_j = int_t = -1000;
	size_m = 0;
	str_db = str_format = NULL;
	if (setjmp(fuzz_jmp)) {
		/* an exit: --help (0) or a usage error (2) */
		FUZZ_CHECK(fuzz_exit_status == 0 || fuzz_exit_status == MD_EXIT_ERROR);
		goto out;
	}
	n = md_parse_options(argc, argv, opts, &usage, flags);
	FUZZ_CHECK(n >= 0 && n < argc && !argv[n]);
	/* the operands are arguments of the input, in their order */
	for (i = 0, k = 1; i < n; i++, k++) {
		while (k < argc && orig[k] != argv[i])
			k++;
		FUZZ_CHECK(k < argc);
	}
	FUZZ_CHECK(int_j == -1000 || (int_j >= 1 && int_j <= 4096));
	FUZZ_CHECK(int_t == -1000 || (int_t >= -5 && int_t <= 86400));
	md_print_usage(devnull, opts, &usage);
out:
	free(orig);
	free(argv);
	free(buf);
	return 0;
}

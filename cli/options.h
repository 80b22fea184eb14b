/* SPDX-License-Identifier: GPL-2.0 */
/*
 * options.h - one declarative option table per command, as git's
 * parse-options: the table drives parsing, the strict checking of every
 * value and the command's --help, so they cannot disagree.
 *
 *   static const struct md_option opts[] = {
 *       MD_OPT_STRING(0, "db", &db_path, "PATH", "database (default memdesc.db)"),
 *       MD_OPT_INT('j', "jobs", &jobs, 1, 4096, "N", "parallel workers"),
 *       MD_OPT_END(),
 *   };
 *   argc = md_parse_options(argc, argv, opts, &usage, 0);
 *
 * Values are checked whole: "--jobs 4x" and "--timeout abc" are errors.
 * After parsing, argv[0 .. argc-1] holds the operands in order.
 */
#ifndef MEMDESC_CLI_OPTIONS_H
#define MEMDESC_CLI_OPTIONS_H

#include <stdio.h>

enum md_option_type {
	MD_OPTION_END,
	MD_OPTION_FLAG,	    /* int, set to 1 */
	MD_OPTION_STRING,   /* const char *, the last one wins */
	MD_OPTION_INT,	    /* int in [min, max] */
	MD_OPTION_SIZE,	    /* unsigned long long bytes, K/M/G suffixes */
	MD_OPTION_CALLBACK, /* int cb(const struct md_option *, const char *arg) */
	MD_OPTION_GROUP,    /* a heading in --help */
};

struct md_option {
	enum md_option_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh; /* the value's name in --help; NULL: takes no value */
	const char *help;
	long min, max;
	int (*cb)(const struct md_option *opt, const char *arg);
};

#define MD_OPT_END() { .type = MD_OPTION_END }
#define MD_OPT_GROUP(h) { .type = MD_OPTION_GROUP, .help = (h) }
#define MD_OPT_FLAG(s, l, v, h) \
	{ .type = MD_OPTION_FLAG, .short_name = (s), .long_name = (l), .value = (v), .help = (h) }
#define MD_OPT_STRING(s, l, v, a, h) \
	{ .type = MD_OPTION_STRING, .short_name = (s), .long_name = (l), .value = (v), \
	  .argh = (a), .help = (h) }
#define MD_OPT_INT(s, l, v, lo, hi, a, h) \
	{ .type = MD_OPTION_INT, .short_name = (s), .long_name = (l), .value = (v), \
	  .argh = (a), .help = (h), .min = (lo), .max = (hi) }
#define MD_OPT_SIZE(s, l, v, a, h) \
	{ .type = MD_OPTION_SIZE, .short_name = (s), .long_name = (l), .value = (v), \
	  .argh = (a), .help = (h) }
#define MD_OPT_CALLBACK(s, l, v, a, h, f) \
	{ .type = MD_OPTION_CALLBACK, .short_name = (s), .long_name = (l), .value = (v), \
	  .argh = (a), .help = (h), .cb = (f) }

/* What a command says about itself in its --help. */
struct md_usage {
	const char *command;  /* "scan" */
	const char *synopsis; /* "[options] TREE [SCOPE...]" */
	const char *about;    /* a paragraph after the options, or NULL */
};

enum {
	MD_PARSE_KEEP_UNKNOWN = 1, /* leave unknown options among the operands (check) */
};

/*
 * md_parse_options - parse @argv (argv[0] is the command's name) against
 * @opts.  "--help"/"-h" print the usage on stdout and exit 0; an error
 * prints "memdesc CMD: ..." and a hint on stderr and exits 2.  Options
 * and operands may mix; "--" ends the options.  Returns the operand count,
 * the operands moved to argv[0 ...].
 */
int md_parse_options(int argc, char **argv, const struct md_option *opts,
		     const struct md_usage *usage, unsigned int flags);

/* md_print_usage - the --help text of a command. */
void md_print_usage(FILE *out, const struct md_option *opts, const struct md_usage *usage);

/* md_usage_error - "memdesc CMD: <message>" and the hint, then exit 2. */
void md_usage_error(const struct md_usage *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#endif

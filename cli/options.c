// SPDX-License-Identifier: GPL-2.0
/* options.c - parse a command's options from its table, print its --help. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/error.h"
#include "../lib/parse.h"
#include "options.h"

void md_usage_error(const struct md_usage *usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "memdesc %s: ", usage->command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see memdesc %s --help)\n", usage->command);
	exit(MD_EXIT_ERROR);
}

void md_print_usage(FILE *out, const struct md_option *opts, const struct md_usage *usage)
{
	const struct md_option *o;
	char spec[80];

	fprintf(out, "usage: memdesc %s %s\n\n", usage->command, usage->synopsis);
	for (o = opts; o->type != MD_OPTION_END; o++) {
		if (o->type == MD_OPTION_GROUP) {
			fprintf(out, "%s%s\n", o == opts ? "" : "\n", o->help);
			continue;
		}
		snprintf(spec, sizeof(spec), "%s%c%s--%s%s%s", o->short_name ? "-" : "",
			 o->short_name ? o->short_name : ' ', o->short_name ? ", " : " ",
			 o->long_name, o->argh ? " " : "", o->argh ? o->argh : "");
		if (!o->short_name)
			memmove(spec, spec + 2, strlen(spec + 2) + 1);
		fprintf(out, "  %-26s %s\n", spec, o->help);
	}
	fprintf(out, "  %-26s %s\n", "-h, --help", "this text");
	if (usage->about)
		fprintf(out, "\n%s", usage->about);
}

static void bad_value(const struct md_usage *usage, const struct md_option *o, const char *arg)
{
	if (o->type == MD_OPTION_INT)
		md_usage_error(usage, "--%s: '%s' is not a whole number from %ld to %ld",
			       o->long_name, arg, o->min, o->max);
	md_usage_error(usage, "--%s: '%s' is not a size (a number, optionally K, M or G)",
		       o->long_name, arg);
}

/* apply - give option @o its value @arg (NULL for a flag). */
static void apply(const struct md_usage *usage, const struct md_option *o, const char *arg)
{
	unsigned long long size;
	long v;

	switch (o->type) {
	case MD_OPTION_FLAG:
		*(int *)o->value = 1;
		break;
	case MD_OPTION_STRING:
		*(const char **)o->value = arg;
		break;
	case MD_OPTION_INT:
		if (md_parse_long(arg, o->min, o->max, &v))
			bad_value(usage, o, arg);
		*(int *)o->value = (int)v;
		break;
	case MD_OPTION_SIZE:
		if (md_parse_size(arg, &size))
			bad_value(usage, o, arg);
		*(unsigned long long *)o->value = size;
		break;
	case MD_OPTION_CALLBACK:
		if (o->cb(o, arg))
			exit(MD_EXIT_ERROR);
		break;
	default:
		BUG("option --%s of type %d", o->long_name, o->type);
	}
}

static const struct md_option *find_long(const struct md_option *opts, const char *name, size_t len)
{
	for (; opts->type != MD_OPTION_END; opts++)
		if (opts->long_name && strlen(opts->long_name) == len &&
		    !strncmp(opts->long_name, name, len))
			return opts;
	return NULL;
}

static const struct md_option *find_short(const struct md_option *opts, int c)
{
	for (; opts->type != MD_OPTION_END; opts++)
		if (opts->type != MD_OPTION_GROUP && opts->short_name == c)
			return opts;
	return NULL;
}

/* parse_long - "--name", "--name=value" or "--name value"; returns args used, 0 if unknown. */
static int parse_long(int argc, char **argv, int i, const struct md_option *opts,
		      const struct md_usage *usage)
{
	const char *arg = argv[i] + 2, *eq = strchr(arg, '=');
	const struct md_option *o = find_long(opts, arg, eq ? (size_t)(eq - arg) : strlen(arg));

	if (!o)
		return 0;
	if (!o->argh) {
		if (eq)
			md_usage_error(usage, "--%s takes no value", o->long_name);
		apply(usage, o, NULL);
		return 1;
	}
	if (eq) {
		apply(usage, o, eq + 1);
		return 1;
	}
	if (i + 1 >= argc)
		md_usage_error(usage, "--%s needs a value (%s)", o->long_name, o->argh);
	apply(usage, o, argv[i + 1]);
	return 2;
}

/* parse_short - "-j4", "-j 4", "-q"; returns args used, 0 if unknown. */
static int parse_short(int argc, char **argv, int i, const struct md_option *opts,
		       const struct md_usage *usage)
{
	const struct md_option *o = find_short(opts, argv[i][1]);

	if (!o)
		return 0;
	if (!o->argh) {
		if (argv[i][2])
			md_usage_error(usage, "-%c takes no value", o->short_name);
		apply(usage, o, NULL);
		return 1;
	}
	if (argv[i][2]) {
		apply(usage, o, argv[i] + 2);
		return 1;
	}
	if (i + 1 >= argc)
		md_usage_error(usage, "-%c needs a value (%s)", o->short_name, o->argh);
	apply(usage, o, argv[i + 1]);
	return 2;
}

int md_parse_options(int argc, char **argv, const struct md_option *opts,
		     const struct md_usage *usage, unsigned int flags)
{
	int i, used, nout = 0, only_operands = 0;

	for (i = 1; i < argc; i += used) {
		const char *a = argv[i];

		used = 1;
		if (only_operands || a[0] != '-' || !a[1]) {
			argv[nout++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			if (flags & MD_PARSE_KEEP_UNKNOWN)
				argv[nout++] = argv[i];
			only_operands = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			md_print_usage(stdout, opts, usage);
			exit(0);
		}
		used = a[1] == '-' ? parse_long(argc, argv, i, opts, usage)
				   : parse_short(argc, argv, i, opts, usage);
		if (used)
			continue;
		if (!(flags & MD_PARSE_KEEP_UNKNOWN))
			md_usage_error(usage, "unknown option '%s'", a);
		argv[nout++] = argv[i];
		used = 1;
	}
	argv[nout] = NULL;
	return nout;
}

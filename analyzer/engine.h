/* SPDX-License-Identifier: GPL-2.0 */
/*
 * engine.h - parse one translation unit with libclang and run the enabled
 * rules over the files it reports on.
 */
#ifndef MEMDESC_ENGINE_H
#define MEMDESC_ENGINE_H

#include <stddef.h>

#include "../db/finding.h"
#include "inputs.h"
#include "rule.h"
#include "../kbuild/tu.h"

struct md_prefilter;

/*
 * The text a file is parsed with instead of what is on disk (a rewrite
 * being rescanned before it is written anywhere).  @path is absolute, as
 * the TU's arguments or its includes name the file; @text need not be
 * NUL-terminated.
 */
struct md_unsaved_file {
	const char *path;
	const char *text;
	size_t len;
};

struct md_engine_cfg {
	const char *srcdir;	   /* canonical tree root; paths are reported relative to it */
	const char *const *scope;  /* relative dirs or files reported on; NULL/0: whole tree */
	size_t nscope;
	int include_headers;	   /* also report in tree headers outside the scope */
	const struct md_rule *const *rules; /* enabled rules */
	size_t nrules;
	int census;		   /* also list what was looked at: see struct md_note */
	int skipped;		   /* also list the skipped ranges (notes "skipped"), census or not */
	/* without census: only the skipped ranges whose lines this matches */
	struct md_prefilter *skipped_filter;
	const struct md_unsaved_file *unsaved; /* files parsed with these texts instead */
	size_t nunsaved;
};

/*
 * A census note, for checking the analyzer against a textual search: a
 * member access of a field name an enabled rule declares (whatever record
 * declares the member accessed) with that record ("member"), a call a rule
 * declares MD_MATCH_CENSUS_MACRO (_compound_head()) with the identifier
 * written in the file there ("macro"), a cast to a pointer to a record a
 * rule's casts name, with the operand's type ("cast"), a variable, a
 * parameter or an enumerator named like a declared field ("variable"),
 * a rule's token in a macro argument the macro's definition does not use,
 * with the macro ("dropped"), or a line range of a reported file the
 * preprocessor skipped ("skipped").
 */
struct md_note {
	const char *kind;      /* "member", "macro", "cast", "variable", "dropped", "skipped" */
	char *path;
	unsigned int line, col;
	unsigned int end_line; /* skipped ranges: last line; else 0 */
	char *token;	       /* field, identifier or cast's record; NULL for skipped ranges */
	char *record;	       /* a member's declaring record; a cast's operand type */
};

/* A file the TU reported on: the TU itself or a header with findings. */
struct md_seen_file {
	char *path; /* relative to the tree root */
	char hash[MD_FINGERPRINT_LEN + 1]; /* XXH3-64 of the parsed bytes */
	int is_tu;
};

struct md_tu_result {
	struct md_finding *findings; /* deduplicated, fingerprinted, in file order */
	size_t nfindings;
	struct md_seen_file *files;
	size_t nfiles;
	struct md_note *notes; /* with cfg->census only */
	size_t nnotes;
	int errors;	   /* error diagnostics from clang */
	char *first_error; /* "path:line:col: message" of the first one */
	int failed;	   /* libclang produced no AST at all */
	struct md_inputs inputs; /* every file the TU read (analyzer/inputs.h) */
	char *pch_report;	 /* parsed with a PCH: the report of its headers' findings */
};

/*
 * md_engine_build_pch - parse @header (a generated list of includes, with
 * the flags of the TUs that share it), save it as the precompiled header
 * @pch_path and its inputs (but those under @skip_dir) beside it
 * ("<pch>.inputs"), and collect what the rules find in its headers into
 * @res, once for every TU that is parsed with it.  0, or -1 when it did
 * not parse without errors or could not be written.
 */
int md_engine_build_pch(const struct md_tu *header, const char *pch_path,
			const struct md_engine_cfg *cfg, const char *skip_dir,
			struct md_tu_result *res);

/*
 * md_engine_run - parse @tu (relative paths in its arguments resolve from
 * the current directory: the caller chdirs to tu->directory) and collect
 * the findings of @cfg's rules.  Returns 0 with @res filled (even for a TU
 * with errors: its partial AST is still searched).
 */
int md_engine_run(const struct md_tu *tu, const struct md_engine_cfg *cfg,
		  struct md_tu_result *res);

void md_tu_result_release(struct md_tu_result *res);

#endif

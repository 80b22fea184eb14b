// SPDX-License-Identifier: GPL-2.0
/* engine.c - walk one libclang translation unit and dispatch to the rules. */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <xxhash.h>

#include "../lib/file.h"
#include "../lib/path.h"
#include "../lib/strv.h"
#include "../lib/xalloc.h"
#include "engine.h"
#include "pch.h"
#include "prefilter.h"
#include "rules.h"

/* Longest matched expression kept for the fingerprint, after normalizing. */
#define MATCHED_MAX 256

/* Files whose findings are the page/folio bridging layer itself. */
static const char *const core_wrapper_paths[] = {
	"include/linux/mm_types.h",
	"include/linux/page-flags.h",
	"include/linux/highmem.h",
	"include/linux/pagemap.h",
	"mm/folio-compat.c",
};

/* What the engine knows about one file of the TU, cached by CXFile. */
struct file_info {
	CXFile file;
	char *rel;	      /* path relative to the tree root, NULL outside it */
	int reportable;	      /* findings here are reported */
	int is_main;
	int has_findings;
	const char *contents; /* owned by the TU */
	size_t size;
};

struct md_visit {
	CXTranslationUnit tu;
	CXFile main_file;
	const struct md_engine_cfg *cfg;
	const char *function;
	struct file_info *files; /* open-addressed hash table keyed by CXFile */
	size_t files_cap;
	size_t files_used;
	struct md_finding *found;
	size_t nfound, found_cap;
	struct md_note *notes;
	size_t nnotes, notes_cap;
	void **rule_state; /* what each enabled rule's tu_begin stored */
	char macro[128];
};

static void grow_files(struct md_visit *v);

static struct file_info *file_slot(struct md_visit *v, CXFile file)
{
	size_t mask = v->files_cap - 1;
	size_t i = ((uintptr_t)file >> 4) * 0x9E3779B97F4A7C15ull & mask;

	while (v->files[i].file && v->files[i].file != file)
		i = (i + 1) & mask;
	return &v->files[i];
}

static void describe_file(struct md_visit *v, struct file_info *fi, CXFile file)
{
	CXString name = clang_getFileName(file);

	fi->file = file;
	fi->rel = md_path_relative(v->cfg->srcdir, clang_getCString(name));
	clang_disposeString(name);
	fi->is_main = v->main_file && clang_File_isEqual(v->main_file, file);
	fi->reportable = fi->rel && (fi->is_main || v->cfg->include_headers ||
				     md_path_in_scope(fi->rel, v->cfg->scope, v->cfg->nscope));
	fi->contents = clang_getFileContents(v->tu, file, &fi->size);
	v->files_used++;
}

/* file_info - the cached description of @file, computed on first sight. */
static struct file_info *file_info(struct md_visit *v, CXFile file)
{
	struct file_info *fi;

	if (!file)
		return NULL;
	if (2 * (v->files_used + 1) > v->files_cap)
		grow_files(v);
	fi = file_slot(v, file);
	if (!fi->file)
		describe_file(v, fi, file);
	return fi;
}

static void grow_files(struct md_visit *v)
{
	struct file_info *old = v->files;
	size_t i, old_cap = v->files_cap;

	v->files_cap = old_cap ? 2 * old_cap : 1024;
	v->files = xcalloc(v->files_cap, sizeof(*v->files));
	for (i = 0; i < old_cap; i++) {
		if (old[i].file)
			*file_slot(v, old[i].file) = old[i];
	}
	free(old);
}

static int is_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* ident_at - copy the identifier starting at @offset of @fi into @buf. */
static const char *ident_at(const struct file_info *fi, unsigned int offset,
			    char *buf, size_t len)
{
	size_t n = 0;

	while (offset + n < fi->size && n + 1 < len && is_ident_char(fi->contents[offset + n]))
		n++;
	memcpy(buf, fi->contents + offset, n);
	buf[n] = '\0';
	return buf;
}

/* body_has - the tokens of @def's body include identifier @ident, and no
 * member access "-> member" or ". member" of their own. */
static int body_has(struct md_visit *v, CXCursor def, const char *ident, const char *member)
{
	CXToken *tokens = NULL;
	unsigned int i, n = 0;
	int has = 0, direct = 0;

	clang_tokenize(v->tu, clang_getCursorExtent(def), &tokens, &n);
	for (i = 1; i < n; i++) {	/* token 0 is the macro's own name */
		CXString t = clang_getTokenSpelling(v->tu, tokens[i]);
		const char *s = clang_getCString(t);

		if (clang_getTokenKind(tokens[i]) == CXToken_Identifier && !strcmp(s, ident))
			has = 1;
		if (clang_getTokenKind(tokens[i]) == CXToken_Punctuation &&
		    (!strcmp(s, "->") || !strcmp(s, ".")) && i + 1 < n) {
			CXString next = clang_getTokenSpelling(v->tu, tokens[i + 1]);

			direct |= !strcmp(clang_getCString(next), member);
			clang_disposeString(next);
		}
		clang_disposeString(t);
	}
	clang_disposeTokens(v->tu, tokens, n);
	return has && !direct;
}

int md_macro_wraps(struct md_visit *v, CXCursor cursor, const char *token, const char *wrapper)
{
	CXSourceLocation loc = clang_getCursorLocation(cursor);
	unsigned int line, col;
	CXCursor expansion, def;
	CXFile file;

	clang_getFileLocation(loc, &file, &line, &col, NULL);
	expansion = clang_getCursor(v->tu, clang_getLocation(v->tu, file, line, col));
	if (clang_getCursorKind(expansion) != CXCursor_MacroExpansion)
		return 0;
	def = clang_getCursorReferenced(expansion);
	if (clang_getCursorKind(def) != CXCursor_MacroDefinition)
		return 0;
	return body_has(v, def, wrapper, token);
}

const char *md_macro_at(struct md_visit *v, CXCursor cursor, const char *token)
{
	CXSourceLocation loc = clang_getCursorLocation(cursor);
	unsigned int off, exp_off;
	CXFile file, exp_file;
	struct file_info *fi;

	clang_getFileLocation(loc, &file, NULL, NULL, &off);
	fi = file_info(v, file);
	if (!fi || !fi->contents)
		return NULL;
	ident_at(fi, off, v->macro, sizeof(v->macro));
	if (v->macro[0] && strcmp(v->macro, token))
		return v->macro;	/* the token comes from this macro's body */
	clang_getExpansionLocation(loc, &exp_file, NULL, NULL, &exp_off);
	if (exp_file == file && exp_off == off)
		return NULL;		/* written out in the file */
	fi = file_info(v, exp_file);
	if (!fi || !fi->contents)
		return NULL;
	ident_at(fi, exp_off, v->macro, sizeof(v->macro));
	return v->macro[0] ? v->macro : NULL; /* an argument of this macro */
}

/* line_text - the line around @offset, every byte of it (NULs too); length in @len. */
static char *line_text(const struct file_info *fi, unsigned int offset, size_t *len)
{
	size_t start = offset, end = offset;
	char *line;

	while (start > 0 && fi->contents[start - 1] != '\n')
		start--;
	while (end < fi->size && fi->contents[end] != '\n')
		end++;
	*len = end - start;
	line = xmalloc(*len + 1);
	memcpy(line, fi->contents + start, *len);
	line[*len] = '\0';
	return line;
}

/*
 * matched_text - the cursor's source text in the file, whitespace removed;
 * the matched token when the extent does not map to one stretch of it.
 */
static char *matched_text(CXCursor cursor, const struct file_info *fi, const char *token)
{
	CXSourceRange r = clang_getCursorExtent(cursor);
	unsigned int begin, end;
	CXFile fb, fe;

	clang_getFileLocation(clang_getRangeStart(r), &fb, NULL, NULL, &begin);
	clang_getFileLocation(clang_getRangeEnd(r), &fe, NULL, NULL, &end);
	if (fb != fi->file || fe != fi->file || end <= begin || end > fi->size ||
	    end - begin > 4 * MATCHED_MAX)
		return xstrdup(token);
	return md_normalize(fi->contents + begin, end - begin, MATCHED_MAX);
}

static const char *finding_class(const char *rel)
{
	size_t i;

	for (i = 0; i < sizeof(core_wrapper_paths) / sizeof(core_wrapper_paths[0]); i++) {
		if (!strcmp(rel, core_wrapper_paths[i]))
			return "core-wrapper";
	}
	return NULL;
}

static struct md_finding *new_finding(struct md_visit *v)
{
	ALLOC_GROW(v->found, v->nfound + 1, v->found_cap);
	memset(&v->found[v->nfound], 0, sizeof(v->found[0]));
	return &v->found[v->nfound++];
}

static void report(struct md_visit *v, const struct md_rule *rule, CXCursor cursor,
		   const char *token, const char *class, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

static void report(struct md_visit *v, const struct md_rule *rule, CXCursor cursor,
		   const char *token, const char *class, const char *fmt, va_list ap)
{
	CXSourceLocation loc = clang_getCursorLocation(cursor);
	unsigned int line, col, off;
	struct file_info *fi;
	struct md_finding *f;
	const char *macro;
	char message[512];
	CXFile file;

	clang_getFileLocation(loc, &file, &line, &col, &off);
	fi = file_info(v, file);
	if (!fi || !fi->reportable || !fi->contents)
		return;
	macro = md_macro_at(v, cursor, token);
	vsnprintf(message, sizeof(message), fmt, ap);
	f = new_finding(v);
	fi->has_findings = 1;
	f->rule = xstrdup(rule->id);
	f->engine = xstrdup("libclang");
	f->certainty = xstrdup("exact");
	f->path = xstrdup(fi->rel);
	f->line = line;
	f->col = col;
	f->function = xstrdup(v->function ? v->function : "");
	f->macro = xstrdup_or_null(macro);
	f->matched = matched_text(cursor, fi, token);
	f->message = xstrdup(message);
	f->source_line = line_text(fi, off, &f->source_line_len);
	f->class = xstrdup_or_null(class ? class : finding_class(fi->rel));
}

void md_report(struct md_visit *v, const struct md_rule *rule, CXCursor cursor,
	       const char *token, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(v, rule, cursor, token, NULL, fmt, ap);
	va_end(ap);
}

void md_report_class(struct md_visit *v, const struct md_rule *rule, CXCursor cursor,
		     const char *token, const char *class, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(v, rule, cursor, token, class, fmt, ap);
	va_end(ap);
}

const char *md_file_of(struct md_visit *v, CXCursor cursor)
{
	struct file_info *fi;
	CXFile file;

	clang_getExpansionLocation(clang_getCursorLocation(cursor), &file, NULL, NULL, NULL);
	fi = file_info(v, file);
	return fi ? fi->rel : NULL;
}

const char *md_ident_at(struct md_visit *v, CXCursor cursor)
{
	CXSourceRange r = clang_getCursorExtent(cursor);
	struct file_info *fi;
	unsigned int off;
	CXFile file;

	v->macro[0] = '\0';
	/* a macro's argument as written, a macro's body at its expansion */
	clang_getFileLocation(clang_getRangeStart(r), &file, NULL, NULL, &off);
	fi = file_info(v, file);
	if (fi && fi->contents && off < fi->size)
		ident_at(fi, off, v->macro, sizeof(v->macro));
	return v->macro;
}

CXTranslationUnit md_visit_tu(struct md_visit *v)
{
	return v->tu;
}

static struct md_note *new_note(struct md_visit *v)
{
	ALLOC_GROW(v->notes, v->nnotes + 1, v->notes_cap);
	memset(&v->notes[v->nnotes], 0, sizeof(v->notes[0]));
	return &v->notes[v->nnotes++];
}

/* note_at - a census entry of @kind at the file location of @loc. */
static void note_at(struct md_visit *v, const char *kind, CXSourceLocation loc, const char *token,
		    const char *record)
{
	unsigned int line, col, off;
	struct file_info *fi;
	struct md_note *n;
	CXFile file;

	clang_getFileLocation(loc, &file, &line, &col, &off);
	fi = file_info(v, file);
	if (!fi || !fi->reportable)
		return;
	n = new_note(v);
	n->kind = kind;
	n->path = xstrdup(fi->rel);
	n->line = line;
	n->col = col;
	n->token = xstrdup(token);
	/* a record without a tag (typedef struct { ... } x_t) is still another record */
	n->record = record && !*record ? xstrdup("(unnamed)") : xstrdup_or_null(record);
}

/* note - a census entry of @kind at the file location of @cursor. */
static void note(struct md_visit *v, const char *kind, CXCursor cursor, const char *token,
		 const char *record)
{
	note_at(v, kind, clang_getCursorLocation(cursor), token, record);
}

static int token_is(CXTranslationUnit tu, CXToken t, const char *s)
{
	CXString sp = clang_getTokenSpelling(tu, t);
	int eq = !strcmp(clang_getCString(sp), s);

	clang_disposeString(sp);
	return eq;
}

/* rule_token - token @i of @t is a declared field after -> or ., or a declared callee before (. */
static int rule_token(struct md_visit *v, const CXToken *t, unsigned int n, unsigned int i)
{
	int member = i && (token_is(v->tu, t[i - 1], "->") || token_is(v->tu, t[i - 1], "."));
	int call = i + 1 < n && token_is(v->tu, t[i + 1], "(");
	CXString sp;
	size_t r;
	int hit = 0;

	if (clang_getTokenKind(t[i]) != CXToken_Identifier || (!member && !call))
		return 0;
	sp = clang_getTokenSpelling(v->tu, t[i]);
	for (r = 0; !hit && r < v->cfg->nrules; r++)
		hit = (member && md_rule_match(v->cfg->rules[r], MD_MATCH_FIELD, NULL,
					       clang_getCString(sp))) ||
		      (call && md_rule_match(v->cfg->rules[r], MD_MATCH_CALL, NULL,
					     clang_getCString(sp)));
	clang_disposeString(sp);
	return hit;
}

#define MACRO_PARAMS 64

/*
 * unused_params - which parameters of the function-like macro @def its body
 * does not use (bit k: parameter k; the variadic one last); 0 when all are
 * used or @def is not function-like.
 */
static unsigned long long unused_params(struct md_visit *v, CXCursor def, unsigned int *nparams)
{
	CXToken *t = NULL;
	unsigned int n = 0, i, k, np = 0;
	CXString names[MACRO_PARAMS];
	unsigned long long unused = 0;

	*nparams = 0;
	if (!clang_Cursor_isMacroFunctionLike(def))
		return 0;
	clang_tokenize(v->tu, clang_getCursorExtent(def), &t, &n);
	/* name ( params ) body */
	for (i = 2; i < n && !token_is(v->tu, t[i], ")"); i++) {
		if (token_is(v->tu, t[i], ","))
			continue;
		if (np == MACRO_PARAMS)
			goto out;
		names[np++] = clang_getTokenSpelling(v->tu, t[i]);
		if (i + 1 < n && token_is(v->tu, t[i + 1], "..."))
			i++;	/* a named variadic parameter, "args..." */
	}
	if (i >= n)
		goto out;
	for (k = 0; k < np; k++) {
		const char *name = clang_getCString(names[k]);
		int used = 0;

		if (!strcmp(name, "..."))
			name = "__VA_ARGS__";
		for (unsigned int j = i + 1; !used && j < n; j++)
			used = token_is(v->tu, t[j], name);
		if (!used)
			unused |= 1ULL << k;
	}
	*nparams = np;
out:
	for (k = 0; k < np; k++)
		clang_disposeString(names[k]);
	clang_disposeTokens(v->tu, t, n);
	return unused;
}

/*
 * census_dropped - note each rule token (a declared field after -> or ., a
 * declared callee before () in an argument of the function-like macro
 * expansion @expansion that the macro's definition does not use: the
 * preprocessor drops it (VM_BUG_ON_PAGE(cond, page) without DEBUG_VM).
 */
static void census_dropped(struct md_visit *v, CXCursor expansion)
{
	CXCursor def = clang_getCursorReferenced(expansion);
	unsigned long long unused;
	unsigned int np, n = 0, i, arg = 0, depth = 0;
	CXString name;
	CXToken *t = NULL;

	if (clang_getCursorKind(def) != CXCursor_MacroDefinition)
		return;
	unused = unused_params(v, def, &np);
	if (!unused)
		return;
	name = clang_getCursorSpelling(expansion);
	clang_tokenize(v->tu, clang_getCursorExtent(expansion), &t, &n);
	for (i = 1; i < n; i++) {
		if (token_is(v->tu, t[i], "(") && ++depth == 1)
			continue;
		if (token_is(v->tu, t[i], ")") && !--depth)
			break;
		if (depth == 1 && token_is(v->tu, t[i], ",")) {
			arg += arg + 1 < np;	/* the variadic parameter takes the rest */
			continue;
		}
		if (depth && (unused >> arg & 1) && rule_token(v, t, n, i))
			note_at(v, "dropped", clang_getTokenLocation(v->tu, t[i]),
				clang_getCString(name), NULL);
	}
	clang_disposeTokens(v->tu, t, n);
	clang_disposeString(name);
}

/*
 * census_member - note an access of a field name some enabled rule
 * declares, whatever record declares the member accessed.
 */
static void census_member(struct md_visit *v, CXCursor cursor, const char *field,
			  const char *record)
{
	size_t i;

	for (i = 0; i < v->cfg->nrules; i++) {
		if (md_rule_match(v->cfg->rules[i], MD_MATCH_FIELD, NULL, field)) {
			note(v, "member", cursor, field, record);
			return;
		}
	}
}

/* census_call - note a call an enabled rule declares MD_MATCH_CENSUS_MACRO. */
static void census_call(struct md_visit *v, CXCursor cursor, const char *callee)
{
	const struct md_match *m;
	const char *macro;
	size_t i;

	for (i = 0; i < v->cfg->nrules; i++) {
		m = md_rule_match(v->cfg->rules[i], MD_MATCH_CALL, NULL, callee);
		if (m && (m->flags & MD_MATCH_CENSUS_MACRO)) {
			macro = md_macro_at(v, cursor, callee);
			note(v, "macro", cursor, macro ? macro : callee, NULL);
			return;
		}
	}
}

/*
 * last_argument - the identifier at @off of @fi stands as a call's last
 * argument, "(, | line start) name )": the shape in which a macro takes a
 * member name (list_for_each_entry(page, head, lru)).
 */
static int last_argument(const struct file_info *fi, unsigned int off)
{
	size_t end = off, begin = off;

	while (end < fi->size && is_ident_char(fi->contents[end]))
		end++;
	while (end < fi->size && (fi->contents[end] == ' ' || fi->contents[end] == '\t'))
		end++;
	while (begin > 0 && (fi->contents[begin - 1] == ' ' || fi->contents[begin - 1] == '\t'))
		begin--;
	return end < fi->size && fi->contents[end] == ')' &&
	       (begin == 0 || fi->contents[begin - 1] == ',' || fi->contents[begin - 1] == '\n');
}

/*
 * census_variable - note a variable, parameter or enumerator named like a
 * field some enabled rule declares, where it stands as a call's last
 * argument: "lru" there is then no member name.
 */
static void census_variable(struct md_visit *v, CXCursor cursor)
{
	CXCursor decl = clang_getCursorReferenced(cursor);
	enum CXCursorKind kind = clang_getCursorKind(decl);
	struct file_info *fi;
	unsigned int off;
	CXString name;
	CXFile file;
	size_t i;

	if (kind != CXCursor_VarDecl && kind != CXCursor_ParmDecl &&
	    kind != CXCursor_EnumConstantDecl)
		return;
	clang_getFileLocation(clang_getCursorLocation(cursor), &file, NULL, NULL, &off);
	fi = file_info(v, file);
	if (!fi || !fi->reportable || !fi->contents || off >= fi->size || !last_argument(fi, off))
		return;
	name = clang_getCursorSpelling(decl);
	for (i = 0; i < v->cfg->nrules; i++) {
		if (md_rule_match(v->cfg->rules[i], MD_MATCH_FIELD, NULL, clang_getCString(name))) {
			note(v, "variable", cursor, clang_getCString(name), NULL);
			break;
		}
	}
	clang_disposeString(name);
}

/*
 * lines_can_hold_finding - lines @first..@last of @fi match the skipped
 * filter (always, in a census: it accounts for every range).
 */
static int lines_can_hold_finding(const struct md_visit *v, const struct file_info *fi,
				  unsigned int first, unsigned int last)
{
	const char *lines;
	size_t n;

	if (v->cfg->census || !v->cfg->skipped_filter)
		return 1;
	if (!fi->contents)
		return 0;
	lines = md_text_lines(fi->contents, fi->size, first, last, &n);
	return md_prefilter_match_text(v->cfg->skipped_filter, lines, n);
}

/* census_skipped_in - the ranges of @fi the preprocessor skipped. */
static void census_skipped_in(struct md_visit *v, const struct file_info *fi)
{
	CXSourceRangeList *ranges = clang_getSkippedRanges(v->tu, fi->file);
	unsigned int i, first, last, col;

	for (i = 0; ranges && i < ranges->count; i++) {
		struct md_note *n;

		clang_getFileLocation(clang_getRangeStart(ranges->ranges[i]), NULL, &first, &col,
				      NULL);
		clang_getFileLocation(clang_getRangeEnd(ranges->ranges[i]), NULL, &last, NULL, NULL);
		if (!lines_can_hold_finding(v, fi, first, last))
			continue;
		n = new_note(v);
		n->kind = "skipped";
		n->path = xstrdup(fi->rel);
		n->line = first;
		n->col = col;
		n->end_line = last;
	}
	clang_disposeSourceRangeList(ranges);
}

/* census_skipped - the ranges the preprocessor skipped, of the main file and every reported file. */
static void census_skipped(struct md_visit *v)
{
	struct file_info *main = file_info(v, v->main_file);
	size_t i;

	if (main && main->rel)
		census_skipped_in(v, main);
	for (i = 0; i < v->files_cap; i++) {
		const struct file_info *fi = &v->files[i];

		if (fi->file && fi != main && fi->rel && fi->reportable)
			census_skipped_in(v, fi);
	}
}

/* record_name - the name of the named record declaring @decl's member. */
static CXString owner_record(CXCursor field)
{
	CXCursor parent = clang_getCursorSemanticParent(field);

	while (clang_Cursor_isAnonymousRecordDecl(parent))
		parent = clang_getCursorSemanticParent(parent);
	return clang_getCursorSpelling(parent);
}

/* spelled_in_macro - @c was written as a macro's argument or in its body. */
static int spelled_in_macro(CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	unsigned int exp, file;

	clang_getExpansionLocation(loc, NULL, NULL, NULL, &exp);
	clang_getFileLocation(loc, NULL, NULL, NULL, &file);
	return exp != file;
}

/*
 * census_field - note a field some enabled rule declares, as a member of
 * its record, where a macro declares it (a trace event's __field(int,
 * lru)): its name there looks like a macro's member argument.
 */
static void census_field(struct md_visit *v, CXCursor field)
{
	CXString name, record;

	if (!spelled_in_macro(field))
		return;
	name = clang_getCursorSpelling(field);
	record = owner_record(field);
	census_member(v, field, clang_getCString(name), clang_getCString(record));
	clang_disposeString(record);
	clang_disposeString(name);
}

static void dispatch_member(struct md_visit *v, CXCursor cursor)
{
	CXCursor field = clang_getCursorReferenced(cursor);
	CXString name, record;
	struct md_member m;
	size_t i;

	if (clang_getCursorKind(field) != CXCursor_FieldDecl)
		return;
	name = clang_getCursorSpelling(field);
	m.field = clang_getCString(name);
	if (m.field[0]) {
		record = owner_record(field);
		m.cursor = cursor;
		m.record = clang_getCString(record);
		m.is_offsetof = clang_getCursorKind(cursor) == CXCursor_MemberRef;
		if (v->cfg->census)
			census_member(v, cursor, m.field, m.record);
		for (i = 0; i < v->cfg->nrules; i++) {
			if (v->cfg->rules[i]->member)
				v->cfg->rules[i]->member(v, v->cfg->rules[i], &m);
		}
		clang_disposeString(record);
	}
	clang_disposeString(name);
}

/*
 * md_folio_flag_accessor - the folio form of a page-flag accessor, following the
 * kernel's naming: PageDirty -> folio_test_dirty, SetPageLRU ->
 * folio_set_lru, __ClearPageX -> __folio_clear_x, TestSetPageX ->
 * folio_test_set_x.  Empty when @name is not a page-flag accessor.
 */
void md_folio_flag_accessor(const char *name, char *out, size_t len)
{
	static const struct {
		const char *page, *folio;
	} forms[] = {
		{ "TestSetPage", "folio_test_set_" }, { "TestClearPage", "folio_test_clear_" },
		{ "__SetPage", "__folio_set_" }, { "__ClearPage", "__folio_clear_" },
		{ "SetPage", "folio_set_" }, { "ClearPage", "folio_clear_" },
		{ "Page", "folio_test_" },
	};
	size_t i, n, k;

	out[0] = '\0';
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		n = strlen(forms[i].page);
		if (strncmp(name, forms[i].page, n) || !isupper((unsigned char)name[n]))
			continue;
		k = (size_t)snprintf(out, len, "%s", forms[i].folio);
		for (name += n; *name && k + 1 < len; name++)
			out[k++] = (char)tolower((unsigned char)*name);
		out[k] = '\0';
		return;
	}
}

int md_is_record_pointer(CXType t, const char *name)
{
	CXCursor decl;
	CXString s;
	int is;

	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Pointer)
		return 0;
	decl = clang_getTypeDeclaration(clang_getCanonicalType(clang_getPointeeType(t)));
	s = clang_getCursorSpelling(decl);
	is = md_streq(clang_getCString(s), name);
	clang_disposeString(s);
	return is;
}

int md_in_scanned_file(struct md_visit *v, CXCursor cursor)
{
	struct file_info *fi;
	CXFile file;

	clang_getFileLocation(clang_getCursorLocation(cursor), &file, NULL, NULL, NULL);
	fi = file_info(v, file);
	return fi && fi->reportable;
}

static void dispatch_call(struct md_visit *v, CXCursor cursor, CXCursor parent)
{
	CXCursor callee = clang_getCursorReferenced(cursor);
	struct md_call c;
	CXString name;
	size_t i;

	if (clang_getCursorKind(callee) != CXCursor_FunctionDecl)
		return;
	name = clang_getCursorSpelling(callee);
	c.cursor = cursor;
	c.parent = parent;
	c.callee = clang_getCString(name);
	if (v->cfg->census)
		census_call(v, cursor, c.callee);
	for (i = 0; i < v->cfg->nrules; i++) {
		if (v->cfg->rules[i]->call)
			v->cfg->rules[i]->call(v, v->cfg->rules[i], &c);
	}
	clang_disposeString(name);
}

/* pointee_record - the record a pointer type points to, or "" if none. */
static CXString pointee_record(CXType type)
{
	CXType canon = clang_getCanonicalType(type);
	CXCursor decl;

	if (canon.kind != CXType_Pointer)
		return clang_getCursorSpelling(clang_getNullCursor());
	decl = clang_getTypeDeclaration(clang_getCanonicalType(clang_getPointeeType(canon)));
	if (clang_getCursorKind(decl) != CXCursor_StructDecl)
		return clang_getCursorSpelling(clang_getNullCursor());
	return clang_getCursorSpelling(decl);
}

static enum CXChildVisitResult last_expr(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_isExpression(clang_getCursorKind(c)))
		*(CXCursor *)data = c;
	return CXChildVisit_Continue;
}

/* census_cast - note a cast to a pointer to a record some enabled rule's casts name. */
static void census_cast(struct md_visit *v, CXCursor cursor, const char *to, CXCursor operand)
{
	CXString type;
	size_t i;

	for (i = 0; i < v->cfg->nrules; i++) {
		if (md_rule_match(v->cfg->rules[i], MD_MATCH_CAST, NULL, to)) {
			type = clang_getTypeSpelling(
				clang_getCanonicalType(clang_getCursorType(operand)));
			note(v, "cast", cursor, to,
			     *clang_getCString(type) ? clang_getCString(type) : "?");
			clang_disposeString(type);
			return;
		}
	}
}

static void dispatch_cast(struct md_visit *v, CXCursor cursor)
{
	CXString to = pointee_record(clang_getCursorType(cursor)), from;
	CXCursor operand = clang_getNullCursor();
	struct md_cast c;
	size_t i;

	if (!clang_getCString(to)[0])
		goto out;
	clang_visitChildren(cursor, last_expr, &operand);
	from = pointee_record(clang_getCursorType(operand));
	if (v->cfg->census)
		census_cast(v, cursor, clang_getCString(to), operand);
	c.cursor = cursor;
	c.to_record = clang_getCString(to);
	c.from_record = clang_getCString(from);
	if (c.from_record[0] && strcmp(c.to_record, c.from_record)) {
		for (i = 0; i < v->cfg->nrules; i++) {
			if (v->cfg->rules[i]->cast)
				v->cfg->rules[i]->cast(v, v->cfg->rules[i], &c);
		}
	}
	clang_disposeString(from);
out:
	clang_disposeString(to);
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data);

static void visit_function(struct md_visit *v, CXCursor fn)
{
	const char *outer = v->function;
	CXString name = clang_getCursorSpelling(fn);
	size_t i;

	v->function = clang_getCString(name);
	for (i = 0; i < v->cfg->nrules; i++) {
		if (v->cfg->rules[i]->function)
			v->cfg->rules[i]->function(v, v->cfg->rules[i], fn);
	}
	clang_visitChildren(fn, visit, v);
	v->function = outer;
	clang_disposeString(name);
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct md_visit *v = data;

	switch (clang_getCursorKind(c)) {
	case CXCursor_FunctionDecl:
		if (clang_isCursorDefinition(c)) {
			visit_function(v, c);
			return CXChildVisit_Continue;
		}
		break;
	case CXCursor_MemberRefExpr:
	case CXCursor_MemberRef:
		dispatch_member(v, c);
		break;
	case CXCursor_CallExpr:
		dispatch_call(v, c, parent);
		break;
	case CXCursor_CStyleCastExpr:
		dispatch_cast(v, c);
		break;
	case CXCursor_DeclRefExpr:
		if (v->cfg->census)
			census_variable(v, c);
		break;
	case CXCursor_FieldDecl:
		if (v->cfg->census)
			census_field(v, c);
		break;
	default:
		break;
	}
	return CXChildVisit_Recurse;
}

/*
 * visit_top - descend only into declarations of files we report on: the
 * bulk of a kernel TU is headers outside the scope, never searched.
 */
static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
	struct md_visit *v = data;
	struct file_info *fi;
	CXFile file;

	clang_getExpansionLocation(clang_getCursorLocation(c), &file, NULL, NULL, NULL);
	fi = file_info(v, file);
	if (!fi || !fi->reportable)
		return CXChildVisit_Continue;
	if (clang_getCursorKind(c) == CXCursor_MacroExpansion) {
		if (v->cfg->census)
			census_dropped(v, c);
		return CXChildVisit_Continue;
	}
	visit(c, parent, data);
	if (clang_getCursorKind(c) != CXCursor_FunctionDecl)
		clang_visitChildren(c, visit, v);
	return CXChildVisit_Continue;
}

static int cmp_position(const void *a, const void *b)
{
	const struct md_finding *x = a, *y = b;
	int d = strcmp(x->path, y->path);

	if (d)
		return d;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

static int same_site(const struct md_finding *a, const struct md_finding *b)
{
	return !strcmp(a->path, b->path) && a->line == b->line && a->col == b->col &&
	       !strcmp(a->rule, b->rule);
}

static int same_identity(const struct md_finding *a, const struct md_finding *b)
{
	return !strcmp(a->rule, b->rule) && !strcmp(a->path, b->path) &&
	       !strcmp(a->function, b->function) && !strcmp(a->matched, b->matched);
}

/*
 * finalize - sort by position, drop the repeats one macro expansion
 * produces at one site, number the occurrences of each identity in file
 * order and fingerprint them.
 */
static void finalize(struct md_visit *v)
{
	size_t i, j, n = 0;

	if (v->nfound)
		qsort(v->found, v->nfound, sizeof(*v->found), cmp_position);
	for (i = 0; i < v->nfound; i++) {
		if (n && same_site(&v->found[n - 1], &v->found[i])) {
			md_finding_release(&v->found[i]);
			continue;
		}
		v->found[n++] = v->found[i];
	}
	v->nfound = n;
	for (i = 0; i < n; i++) {
		struct md_finding *f = &v->found[i];

		f->occurrence = 0;
		for (j = i; j-- > 0;) {
			if (strcmp(v->found[j].path, f->path))
				break;
			if (same_identity(&v->found[j], f)) {
				f->occurrence = v->found[j].occurrence + 1;
				break;
			}
		}
		md_finding_fingerprint(f);
	}
}

static void hash_hex(const char *data, size_t len, char *out)
{
	snprintf(out, MD_FINGERPRINT_LEN + 1, "%016llx",
		 (unsigned long long)XXH3_64bits(data, len));
}

static void add_seen(struct md_tu_result *res, const struct file_info *fi)
{
	struct md_seen_file *s;

	res->files = xrealloc(res->files, (res->nfiles + 1) * sizeof(*s));
	s = &res->files[res->nfiles++];
	s->path = xstrdup(fi->rel);
	s->is_tu = fi->is_main;
	hash_hex(fi->contents ? fi->contents : "", fi->contents ? fi->size : 0, s->hash);
}

/* collect_files - the TU's own file and every file holding a finding. */
static void collect_files(struct md_visit *v, struct md_tu_result *res)
{
	size_t i;

	for (i = 0; i < v->files_cap; i++) {
		struct file_info *fi = &v->files[i];

		if (fi->file && fi->rel && (fi->is_main || fi->has_findings))
			add_seen(res, fi);
	}
}

/* diagnostic_text - "path:line:col: error: message", the path relative to the tree. */
static char *diagnostic_text(const struct md_engine_cfg *cfg, CXDiagnostic d)
{
	CXString msg = clang_getDiagnosticSpelling(d), name;
	unsigned int line, col;
	char *rel = NULL, *text;
	const char *path;
	CXFile file;
	size_t len;

	/* driver errors (an unknown flag) have no file */
	clang_getFileLocation(clang_getDiagnosticLocation(d), &file, &line, &col, NULL);
	name = clang_getFileName(file);
	path = clang_getCString(name);
	if (file && path)
		rel = md_path_relative(cfg->srcdir, path);
	if (rel)
		path = rel;
	len = strlen(clang_getCString(msg)) + (path ? strlen(path) : 0) + 64;
	text = xmalloc(len);
	if (file && path)
		snprintf(text, len, "%s:%u:%u: error: %s", path, line, col, clang_getCString(msg));
	else
		snprintf(text, len, "error: %s", clang_getCString(msg));
	free(rel);
	clang_disposeString(name);
	clang_disposeString(msg);
	return text;
}

static void count_errors(CXTranslationUnit tu, const struct md_engine_cfg *cfg,
			 struct md_tu_result *res)
{
	unsigned int i, n = clang_getNumDiagnostics(tu);

	for (i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error && !res->errors++)
			res->first_error = diagnostic_text(cfg, d);
		clang_disposeDiagnostic(d);
	}
}

static int has_errors(CXTranslationUnit tu)
{
	unsigned int i, n = clang_getNumDiagnostics(tu);
	int errors = 0;

	for (i = 0; i < n && !errors; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);

		errors = clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
		clang_disposeDiagnostic(d);
	}
	return errors;
}

void *md_rule_state(struct md_visit *v, const struct md_rule *rule)
{
	size_t i;

	for (i = 0; v->rule_state && i < v->cfg->nrules; i++) {
		if (v->cfg->rules[i] == rule)
			return v->rule_state[i];
	}
	return NULL;
}

/* rules_tu_begin - every enabled rule's tu_begin. */
static void rules_tu_begin(struct md_visit *v)
{
	const struct md_rule *r;
	size_t i;

	v->rule_state = xcalloc(v->cfg->nrules ? v->cfg->nrules : 1, sizeof(*v->rule_state));
	for (i = 0; i < v->cfg->nrules; i++) {
		r = v->cfg->rules[i];
		if (r->tu_begin)
			v->rule_state[i] = r->tu_begin(v, r);
	}
}

/* rules_tu_end - every enabled rule's tu_end. */
static void rules_tu_end(struct md_visit *v)
{
	const struct md_rule *r;
	size_t i;

	for (i = 0; v->rule_state && i < v->cfg->nrules; i++) {
		r = v->cfg->rules[i];
		if (r->tu_end)
			r->tu_end(v, r, v->rule_state[i]);
	}
	free(v->rule_state);
	v->rule_state = NULL;
}

static void release_visit(struct md_visit *v)
{
	size_t i;

	for (i = 0; i < v->files_cap; i++)
		free(v->files[i].rel);
	free(v->files);
}

/* unsaved_files - @cfg's overlay in libclang's form; NULL when there is none. */
static struct CXUnsavedFile *unsaved_files(const struct md_engine_cfg *cfg)
{
	struct CXUnsavedFile *u;
	size_t i;

	if (!cfg->nunsaved)
		return NULL;
	u = xcalloc(cfg->nunsaved, sizeof(*u));
	for (i = 0; i < cfg->nunsaved; i++) {
		u[i].Filename = cfg->unsaved[i].path;
		u[i].Contents = cfg->unsaved[i].text;
		u[i].Length = cfg->unsaved[i].len;
	}
	return u;
}

static const unsigned int parse_options =
	CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles |
	/* the detailed record (macro definitions, skipped ranges) costs ~2% */
	CXTranslationUnit_DetailedPreprocessingRecord;

/* examine - run the rules over @v->tu, parsed from @tu, into @res. */
static void examine(struct md_visit *v, const struct md_tu *tu, struct md_tu_result *res)
{
	count_errors(v->tu, v->cfg, res);
	v->main_file = clang_getFile(v->tu, tu->file);
	rules_tu_begin(v);
	grow_files(v);
	clang_visitChildren(clang_getTranslationUnitCursor(v->tu), visit_top, v);
	rules_tu_end(v);
	if (v->cfg->census || v->cfg->skipped)
		census_skipped(v);
	finalize(v);
	collect_files(v, res);
	res->findings = v->found;
	res->nfindings = v->nfound;
	res->notes = v->notes;
	res->nnotes = v->nnotes;
	release_visit(v);
}

static void parse_failed(struct md_tu_result *res, enum CXErrorCode rc)
{
	char msg[128];

	snprintf(msg, sizeof(msg), "error: libclang could not parse the file (error %d)", rc);
	res->failed = 1;
	res->errors = 1;
	res->first_error = xstrdup(msg);
}

/*
 * run_with_pch - md_engine_run() with the TU's PCH: the index leaves the
 * PCH's declarations out of the walk (what its headers hold was found
 * once, when it was built: the worker adds that report, res->pch_report)
 * and the PCH's inputs are added to the TU's own.  0, or -1 when the parse
 * with the PCH failed or reported an error: then nothing is kept.
 */
static int run_with_pch(const struct md_tu *tu, const struct md_engine_cfg *cfg,
			struct md_tu_result *res)
{
	struct md_visit v = { .cfg = cfg };
	CXIndex index = clang_createIndex(1, 0);
	char *saved = xasprintf("%s.inputs", tu->pch), *dir = xstrdup(tu->pch);
	int argc, rc = -1;
	char **argv = md_pch_argv(tu, &argc);

	*strrchr(dir, '/') = '\0';
	if (clang_parseTranslationUnit2(index, tu->file, (const char *const *)argv, argc, NULL, 0,
					parse_options, &v.tu) == CXError_Success &&
	    v.tu && !has_errors(v.tu) && !access(saved, R_OK)) {
		examine(&v, tu, res);
		if (md_inputs_of_tu_with(v.tu, cfg->srcdir, saved, dir, &res->inputs))
			md_inputs_release(&res->inputs); /* not reusable next time: parsed again */
		res->pch_report = xasprintf("%s.report", tu->pch);
		rc = 0;
	}
	if (v.tu)
		clang_disposeTranslationUnit(v.tu);
	clang_disposeIndex(index);
	strv_free(argv);
	free(saved);
	free(dir);
	return rc;
}

int md_engine_run(const struct md_tu *tu, const struct md_engine_cfg *cfg,
		  struct md_tu_result *res)
{
	struct CXUnsavedFile *unsaved;
	struct md_visit v = { .cfg = cfg };
	enum CXErrorCode rc;
	CXIndex index;

	memset(res, 0, sizeof(*res));
	/* an overlaid file would not be seen in a PCH; an error may be the PCH's */
	if (tu->pch && !cfg->nunsaved && !run_with_pch(tu, cfg, res))
		return 0;
	md_tu_result_release(res);
	unsaved = unsaved_files(cfg);
	index = clang_createIndex(0, 0);
	rc = clang_parseTranslationUnit2(index, tu->file, (const char *const *)tu->argv, tu->argc,
					 unsaved, (unsigned int)cfg->nunsaved, parse_options,
					 &v.tu);
	free(unsaved);
	if (rc != CXError_Success || !v.tu) {
		parse_failed(res, rc);
		clang_disposeIndex(index);
		return 0;
	}
	examine(&v, tu, res);
	md_inputs_of_tu(v.tu, cfg->srcdir, &res->inputs);
	clang_disposeTranslationUnit(v.tu);
	clang_disposeIndex(index);
	return 0;
}

int md_engine_build_pch(const struct md_tu *header, const char *pch_path,
			const struct md_engine_cfg *cfg, const char *skip_dir,
			struct md_tu_result *res)
{
	struct md_visit v = { .cfg = cfg };
	CXIndex index = clang_createIndex(0, 0);
	char *saved = xasprintf("%s.inputs", pch_path);
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (clang_parseTranslationUnit2(index, header->file, (const char *const *)header->argv,
					header->argc, NULL, 0,
					parse_options | CXTranslationUnit_ForSerialization |
					CXTranslationUnit_Incomplete, &v.tu) == CXError_Success &&
	    v.tu && !has_errors(v.tu) &&
	    clang_saveTranslationUnit(v.tu, pch_path, clang_defaultSaveOptions(v.tu)) ==
		    CXSaveError_None &&
	    !md_inputs_save(v.tu, cfg->srcdir, skip_dir, saved)) {
		examine(&v, header, res);
		rc = 0;
	}
	if (v.tu)
		clang_disposeTranslationUnit(v.tu);
	clang_disposeIndex(index);
	free(saved);
	return rc;
}

void md_tu_result_release(struct md_tu_result *res)
{
	size_t i;

	for (i = 0; i < res->nfindings; i++)
		md_finding_release(&res->findings[i]);
	free(res->findings);
	for (i = 0; i < res->nfiles; i++)
		free(res->files[i].path);
	free(res->files);
	for (i = 0; i < res->nnotes; i++) {
		free(res->notes[i].path);
		free(res->notes[i].token);
		free(res->notes[i].record);
	}
	free(res->notes);
	free(res->first_error);
	free(res->pch_report);
	md_inputs_release(&res->inputs);
	memset(res, 0, sizeof(*res));
}

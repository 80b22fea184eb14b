// SPDX-License-Identifier: GPL-2.0
/* prefilter.c - which files can hold a finding, from their text alone. */
#include <ftw.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

#include "../lib/ctoken.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/path.h"
#include "../lib/strv.h"
#include "../lib/xalloc.h"
#include "prefilter.h"
#include "rules.h"

/*
 * A token shape: what must stand before and after the identifier.  An
 * identifier's shapes are a bit set, one bit per (before, after) pair.
 */
enum before { BEFORE_ANY, BEFORE_MEMBER, BEFORE_ARG, BEFORE_CAST, BEFORES };
enum after { AFTER_ANY, AFTER_CALL, AFTER_ARG, AFTER_CAST, AFTERS };
#define SHAPE(b, a) (1u << ((b) * AFTERS + (a)))
#define SHAPE_ANYWHERE SHAPE(BEFORE_ANY, AFTER_ANY)

struct ident {
	const char *name; /* in the arena */
	uint32_t len;
	uint32_t shapes;
	int named_checked; /* the regex-named patterns were tried */
	int macro;	   /* some header #defines it */
};

struct named_pattern {
	regex_t re;
	uint32_t shape;
};

struct macro {
	uint32_t name;	      /* ident index */
	uint32_t body, nbody; /* its identifiers, in pf->body */
};

struct md_prefilter {
	struct ident *ids;
	size_t nids, ids_cap;
	uint32_t *slots; /* open addressing: ident index + 1, 0 empty */
	size_t nslots;
	struct strv arena;

	struct named_pattern *named;
	size_t nnamed;

	struct macro *macros;
	size_t nmacros, macros_cap;
	uint32_t *body;
	size_t nbody, body_cap;
	size_t interesting;

	struct md_ctok *toks;
	size_t ntoks, toks_cap;
};

/* --- identifiers --- */

static void grow_slots(struct md_prefilter *pf)
{
	size_t i, n = pf->nslots ? pf->nslots * 2 : 1 << 16;

	free(pf->slots);
	pf->slots = xcalloc(n, sizeof(*pf->slots));
	pf->nslots = n;
	for (i = 0; i < pf->nids; i++) {
		size_t s = XXH3_64bits(pf->ids[i].name, pf->ids[i].len) & (n - 1);

		while (pf->slots[s])
			s = (s + 1) & (n - 1);
		pf->slots[s] = (uint32_t)i + 1;
	}
}

/* intern - the identifier @name[0..len), added when new. */
static struct ident *intern(struct md_prefilter *pf, const char *name, size_t len)
{
	size_t s;
	struct ident *id;

	if (pf->nids * 2 >= pf->nslots)
		grow_slots(pf);
	s = XXH3_64bits(name, len) & (pf->nslots - 1);
	for (; pf->slots[s]; s = (s + 1) & (pf->nslots - 1)) {
		id = &pf->ids[pf->slots[s] - 1];
		if (id->len == len && !memcmp(id->name, name, len))
			return id;
	}
	if (pf->nids == pf->ids_cap) {
		pf->ids_cap = pf->ids_cap ? pf->ids_cap * 2 : 1 << 15;
		pf->ids = xrealloc(pf->ids, pf->ids_cap * sizeof(*pf->ids));
	}
	strv_push_owned(&pf->arena, xstrndup(name, len));
	id = &pf->ids[pf->nids];
	*id = (struct ident){ .name = pf->arena.v[pf->arena.n - 1], .len = (uint32_t)len };
	pf->slots[s] = (uint32_t)++pf->nids;
	return id;
}

/* shapes_of - every shape identifier @id is a token in. */
static uint32_t shapes_of(struct md_prefilter *pf, struct ident *id)
{
	size_t i;

	if (!id->named_checked) {
		for (i = 0; i < pf->nnamed; i++)
			if (!regexec(&pf->named[i].re, id->name, 0, NULL, 0))
				id->shapes |= pf->named[i].shape;
		id->named_checked = 1;
	}
	return id->shapes;
}

/* --- patterns --- */

static const struct { const char *text; enum before shape; } befores[] = {
	{ "(?:->|\\.)\\s*", BEFORE_MEMBER },
	{ "(?:,|^)\\s*", BEFORE_ARG },
	{ "\\(\\s*struct\\s+", BEFORE_CAST },
	{ "\\b", BEFORE_ANY },
	{ "", BEFORE_ANY },
};

static const struct { const char *text; enum after shape; } afters[] = {
	{ "\\s*\\*\\s*\\)", AFTER_CAST },
	{ "\\s*\\(", AFTER_CALL },
	{ "\\s*\\)", AFTER_ARG },
	{ "\\b", AFTER_ANY },
	{ "", AFTER_ANY },
};

/* group_end - the ')' closing the group that opens at @p, or NULL. */
static const char *group_end(const char *p)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && !--depth)
			return p;
	}
	return NULL;
}

/* add_literals - "a|b|c" as identifiers with @shape. */
static void add_literals(struct md_prefilter *pf, const char *group, size_t len, uint32_t shape)
{
	const char *p = group, *end = group + len;

	while (p < end) {
		size_t n = strcspn(p, "|");

		if (n > (size_t)(end - p))
			n = (size_t)(end - p);
		intern(pf, p, n)->shapes |= shape;
		p += n + 1;
	}
}

/* add_named - a group that is a regular expression of identifiers, e.g. "PG_\w+". */
static int add_named(struct md_prefilter *pf, const char *group, size_t len, uint32_t shape)
{
	struct strbuf { char *v; size_t n; } ere = { xmalloc(len * 12 + 8), 0 };
	const char *p, *end = group + len;
	int rc;

	ere.n = (size_t)sprintf(ere.v, "^(");
	for (p = group; p < end; p++) {
		if (p[0] == '(' && p[1] == '?' && p[2] == ':') {
			ere.v[ere.n++] = '(';
			p += 2;
		} else if (p[0] == '\\' && p[1] == 'w') {
			ere.n += (size_t)sprintf(ere.v + ere.n, "[A-Za-z0-9_]");
			p++;
		} else if (strchr("\\.^$", *p)) {
			free(ere.v);
			return -1;
		} else {
			ere.v[ere.n++] = *p;
		}
	}
	strcpy(ere.v + ere.n, ")$");
	pf->named = xrealloc(pf->named, (pf->nnamed + 1) * sizeof(*pf->named));
	rc = regcomp(&pf->named[pf->nnamed].re, ere.v, REG_EXTENDED | REG_NOSUB);
	free(ere.v);
	if (rc)
		return -1;
	pf->named[pf->nnamed++].shape = shape;
	return 0;
}

int md_prefilter_add_pattern(struct md_prefilter *pf, const char *pattern)
{
	const char *open = NULL, *close;
	size_t i, k, glen;
	uint32_t shape;

	for (i = 0; i < sizeof(befores) / sizeof(*befores); i++) {
		size_t n = strlen(befores[i].text);

		if (!strncmp(pattern, befores[i].text, n) && pattern[n] == '(') {
			open = pattern + n;
			break;
		}
	}
	close = open ? group_end(open) : NULL;
	if (!close)
		return md_error("prefilter: cannot read the token pattern '%s'", pattern);
	for (k = 0; k < sizeof(afters) / sizeof(*afters); k++)
		if (!strcmp(close + 1, afters[k].text))
			break;
	if (k == sizeof(afters) / sizeof(*afters))
		return md_error("prefilter: cannot read the token pattern '%s'", pattern);
	shape = SHAPE(befores[i].shape, afters[k].shape);
	glen = (size_t)(close - open - 1);
	if (strspn(open + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_|") >= glen)
		add_literals(pf, open + 1, glen, shape);
	else if (add_named(pf, open + 1, glen, shape))
		return md_error("prefilter: cannot read the identifiers of '%s'", pattern);
	return 0;
}

static int add_rule_patterns(struct md_prefilter *pf, json_t *rule)
{
	static const char *const lists[] = { "tokens", "hidden" };
	size_t i, k;
	json_t *p;

	for (k = 0; k < 2; k++)
		json_array_foreach(json_object_get(rule, lists[k]), i, p)
			if (md_prefilter_add_pattern(pf, json_string_value(p)))
				return -1;
	return 0;
}

struct md_prefilter *md_prefilter_new(const struct md_rule *const *rules, size_t nrules)
{
	struct md_prefilter *pf = xcalloc(1, sizeof(*pf));
	json_t *all = md_rules_to_json(), *rule;
	size_t i, k;
	int rc = all ? 0 : md_error("prefilter: out of memory");

	json_array_foreach(all, i, rule)
		for (k = 0; !rc && k < nrules; k++)
			if (!strcmp(rules[k]->id, json_string_value(json_object_get(rule, "id"))))
				rc = add_rule_patterns(pf, rule);
	json_decref(all);
	if (rc) {
		md_prefilter_free(pf);
		return NULL;
	}
	return pf;
}

/* --- matching --- */

/* tokenize - every token of @text into pf->toks. */
static void tokenize(struct md_prefilter *pf, const char *text, size_t len)
{
	struct md_clexer lx;

	md_clexer_init(&lx, text, len);
	pf->ntoks = 0;
	for (;;) {
		if (pf->ntoks == pf->toks_cap) {
			pf->toks_cap = pf->toks_cap ? pf->toks_cap * 2 : 4096;
			pf->toks = xrealloc(pf->toks, pf->toks_cap * sizeof(*pf->toks));
		}
		if (!md_clex(&lx, &pf->toks[pf->ntoks]))
			break;
		pf->ntoks++;
	}
}

static int tok_is(const struct md_prefilter *pf, size_t i, const char *s)
{
	return i < pf->ntoks && md_ctok_is(&pf->toks[i], s);
}

static int at_is(const struct md_ctok *toks, size_t n, size_t i, const char *s)
{
	return i < n && md_ctok_is(&toks[i], s);
}

/* shapes_here - which shapes the identifier at token @i of @toks stands in. */
static uint32_t shapes_here(const struct md_ctok *toks, size_t n, size_t i)
{
	uint32_t before = 1u << BEFORE_ANY, after = 1u << AFTER_ANY, out = 0;
	size_t b, a;

	if (i && (at_is(toks, n, i - 1, "->") || at_is(toks, n, i - 1, ".")))
		before |= 1u << BEFORE_MEMBER;
	/* "^" of the pattern: first on its line, after whitespace and comments */
	if (!i || at_is(toks, n, i - 1, ",") || toks[i - 1].line < toks[i].line)
		before |= 1u << BEFORE_ARG;
	if (i > 1 && at_is(toks, n, i - 2, "(") && at_is(toks, n, i - 1, "struct"))
		before |= 1u << BEFORE_CAST;
	if (at_is(toks, n, i + 1, "("))
		after |= 1u << AFTER_CALL;
	if (at_is(toks, n, i + 1, ")"))
		after |= 1u << AFTER_ARG;
	if (at_is(toks, n, i + 1, "*") && at_is(toks, n, i + 2, ")"))
		after |= 1u << AFTER_CAST;
	for (b = 0; b < BEFORES; b++)
		for (a = 0; a < AFTERS; a++)
			if ((before >> b & 1) && (after >> a & 1))
				out |= SHAPE(b, a);
	return out;
}

/* token_matches - the identifier at @i is a token of some rule, or an interesting macro. */
static int token_matches(struct md_prefilter *pf, const struct md_ctok *toks, size_t n, size_t i)
{
	const struct md_ctok *t = &toks[i];
	uint32_t shapes;

	if (t->kind != MD_CTOK_IDENT)
		return 0;
	shapes = shapes_of(pf, intern(pf, t->text, t->len));
	return shapes && (shapes & shapes_here(toks, n, i));
}

int md_prefilter_is_token(struct md_prefilter *pf, const struct md_ctok *toks, size_t ntoks,
			  size_t i)
{
	return i < ntoks && token_matches(pf, toks, ntoks, i);
}

static int range_matches(struct md_prefilter *pf, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		if (token_matches(pf, pf->toks, pf->ntoks, i))
			return 1;
	return 0;
}

int md_prefilter_match_text(struct md_prefilter *pf, const char *text, size_t len)
{
	tokenize(pf, text, len);
	return range_matches(pf, 0, pf->ntoks);
}

/*
 * included_text - the "x.c" files @text includes, into @out; after a
 * "#define CREATE_TRACE_POINTS", the "x.h" ones too: a trace header's
 * TP_fast_assign() and TP_printk() arguments are compiled only there.
 */
static void included_text(struct md_prefilter *pf, struct strv *out)
{
	int trace = 0;
	size_t i;

	for (i = 0; i + 2 < pf->ntoks; i++) {
		const struct md_ctok *q = &pf->toks[i + 2];

		if (!pf->toks[i].bol || !tok_is(pf, i, "#"))
			continue;
		if (tok_is(pf, i + 1, "define") && tok_is(pf, i + 2, "CREATE_TRACE_POINTS"))
			trace = 1;
		if (tok_is(pf, i + 1, "include") && q->kind == MD_CTOK_LITERAL && q->len > 4 &&
		    q->text[0] == '"' &&
		    (!memcmp(q->text + q->len - 3, ".c\"", 3) ||
		     (trace && !memcmp(q->text + q->len - 3, ".h\"", 3))))
			strv_push_owned(out, xstrndup(q->text + 1, q->len - 2));
	}
}

/* match_file - @path or a .c file it includes matches; @depth guards include loops. */
static int match_file(struct md_prefilter *pf, const char *path, int depth)
{
	struct strv inc = STRV_INIT;
	size_t len, i;
	char *text = md_read_text(path, &len), *dir;
	int rc;

	if (!text)
		return -1;
	rc = md_prefilter_match_text(pf, text, len);
	if (!rc && depth < 8)
		included_text(pf, &inc);
	free(text);
	dir = xstrdup(path);
	*(strrchr(dir, '/') ? strrchr(dir, '/') : dir) = '\0';
	for (i = 0; !rc && i < inc.n; i++) {
		char *sub = md_path_join(dir, inc.v[i]);

		rc = match_file(pf, sub, depth + 1);
		rc = rc < 0 ? 0 : rc;	/* an include that is not there: the compiler says so */
		free(sub);
	}
	free(dir);
	strv_release(&inc);
	return rc;
}

int md_prefilter_match_file(struct md_prefilter *pf, const char *path)
{
	return match_file(pf, path, 0);
}

/* --- macros --- */

static void add_macro(struct md_prefilter *pf, size_t name, size_t from, size_t to)
{
	struct macro *m;
	size_t i;

	if (pf->nmacros == pf->macros_cap) {
		pf->macros_cap = pf->macros_cap ? pf->macros_cap * 2 : 4096;
		pf->macros = xrealloc(pf->macros, pf->macros_cap * sizeof(*pf->macros));
	}
	m = &pf->macros[pf->nmacros++];
	m->name = (uint32_t)(intern(pf, pf->toks[name].text, pf->toks[name].len) - pf->ids);
	m->body = (uint32_t)pf->nbody;
	pf->ids[m->name].macro = 1;
	/* a body that matches a token needs no closure: mark it at once */
	if (range_matches(pf, from, to)) {
		pf->ids[m->name].shapes |= SHAPE_ANYWHERE;
		m->nbody = 0;
		return;
	}
	for (i = from; i < to; i++) {
		if (pf->toks[i].kind != MD_CTOK_IDENT)
			continue;
		if (pf->nbody == pf->body_cap) {
			pf->body_cap = pf->body_cap ? pf->body_cap * 2 : 1 << 16;
			pf->body = xrealloc(pf->body, pf->body_cap * sizeof(*pf->body));
		}
		pf->body[pf->nbody++] =
			(uint32_t)(intern(pf, pf->toks[i].text, pf->toks[i].len) - pf->ids);
	}
	m->nbody = (uint32_t)(pf->nbody - m->body);
}

/* params_end - the token after the parameter list of a function-like macro at @name. */
static size_t params_end(const struct md_prefilter *pf, size_t name)
{
	const struct md_ctok *n = &pf->toks[name], *open = &pf->toks[name + 1];
	size_t i;

	if (name + 1 >= pf->ntoks || open->bol || !md_ctok_is(open, "(") ||
	    open->text != n->text + n->len)
		return name + 1;	/* object-like */
	for (i = name + 2; i < pf->ntoks && !pf->toks[i].bol; i++)
		if (md_ctok_is(&pf->toks[i], ")"))
			return i + 1;
	return i;
}

void md_prefilter_learn_macros(struct md_prefilter *pf, const char *text, size_t len)
{
	size_t i, body, end;

	tokenize(pf, text, len);
	for (i = 0; i + 2 < pf->ntoks; i++) {
		if (!pf->toks[i].bol || !tok_is(pf, i, "#") || !tok_is(pf, i + 1, "define") ||
		    pf->toks[i + 2].kind != MD_CTOK_IDENT)
			continue;
		body = params_end(pf, i + 2);
		for (end = body; end < pf->ntoks && !pf->toks[end].bol; end++)
			;
		add_macro(pf, i + 2, body, end);
		i = end - 1;
	}
}

static struct md_prefilter *learning;
static const char *learning_arch;
static long learned;

/* other_arch - @path (at depth @level) is arch/<x>/ for an architecture other than the one learnt. */
static int other_arch(const char *path, int base, int level)
{
	return learning_arch && level == 2 && base >= 5 && !strncmp(path + base - 5, "arch/", 5) &&
	       strcmp(path + base, learning_arch);
}

static int learn_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t len;
	char *text;

	(void)st;
	if (type == FTW_D && ((ftw->level == 1 && !strcmp(path + ftw->base, "tools")) ||
			      other_arch(path, ftw->base, ftw->level)))
		return FTW_SKIP_SUBTREE;
	if (type != FTW_F || !md_path_has_suffix(path, ".h"))
		return FTW_CONTINUE;
	text = md_read_text(path, &len);
	if (text) {
		md_prefilter_learn_macros(learning, text, len);
		learned++;
	}
	free(text);
	return FTW_CONTINUE;
}

long md_prefilter_learn_tree(struct md_prefilter *pf, const char *dir, const char *arch)
{
	learning = pf;
	learning_arch = arch;
	learned = 0;
	nftw(dir, learn_one, 64, FTW_PHYS | FTW_ACTIONRETVAL);
	learning = NULL;
	return learned;
}

void md_prefilter_close(struct md_prefilter *pf)
{
	size_t i, k;
	int changed = 1;

	while (changed) {
		changed = 0;
		for (i = 0; i < pf->nmacros; i++) {
			struct macro *m = &pf->macros[i];

			if (pf->ids[m->name].shapes & SHAPE_ANYWHERE)
				continue;
			for (k = 0; k < m->nbody; k++) {
				if (shapes_of(pf, &pf->ids[pf->body[m->body + k]]) & SHAPE_ANYWHERE) {
					pf->ids[m->name].shapes |= SHAPE_ANYWHERE;
					changed = 1;
					break;
				}
			}
		}
	}
	pf->interesting = 0;
	for (i = 0; i < pf->nids; i++)
		pf->interesting += pf->ids[i].macro && (pf->ids[i].shapes & SHAPE_ANYWHERE);
}

void md_prefilter_mark_macro(struct md_prefilter *pf, const char *name)
{
	struct ident *id = intern(pf, name, strlen(name));

	id->macro = 1;
	id->shapes |= SHAPE_ANYWHERE;
	pf->interesting++;
}

void md_prefilter_macro_names(const struct md_prefilter *pf, struct strv *out)
{
	for (size_t i = 0; i < pf->nids; i++)
		if (pf->ids[i].macro && (pf->ids[i].shapes & SHAPE_ANYWHERE))
			strv_push(out, pf->ids[i].name);
}

static XXH3_state_t *keying;

static int key_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (type == FTW_D && ((ftw->level == 1 && !strcmp(path + ftw->base, "tools")) ||
			      other_arch(path, ftw->base, ftw->level)))
		return FTW_SKIP_SUBTREE;
	if (type != FTW_F || !md_path_has_suffix(path, ".h"))
		return FTW_CONTINUE;
	XXH3_64bits_update(keying, path, strlen(path) + 1);
	XXH3_64bits_update(keying, &st->st_size, sizeof(st->st_size));
	XXH3_64bits_update(keying, &st->st_mtim, sizeof(st->st_mtim));
	XXH3_64bits_update(keying, &st->st_ino, sizeof(st->st_ino));
	return FTW_CONTINUE;
}

unsigned long long md_prefilter_headers_key(const char *const *dirs, size_t ndirs,
					    const char *arch, const char *salt)
{
	XXH3_state_t state;
	unsigned long long key;

	keying = &state;
	XXH3_64bits_reset(keying);
	XXH3_64bits_update(keying, salt, strlen(salt) + 1);
	learning_arch = arch;
	for (size_t i = 0; i < ndirs; i++) {
		XXH3_64bits_update(keying, dirs[i], strlen(dirs[i]) + 1);
		nftw(dirs[i], key_one, 64, FTW_PHYS | FTW_ACTIONRETVAL);
	}
	key = XXH3_64bits_digest(keying);
	keying = NULL;
	return key;
}

size_t md_prefilter_macros(const struct md_prefilter *pf)
{
	return pf->interesting;
}

void md_prefilter_free(struct md_prefilter *pf)
{
	size_t i;

	if (!pf)
		return;
	for (i = 0; i < pf->nnamed; i++)
		regfree(&pf->named[i].re);
	free(pf->named);
	free(pf->ids);
	free(pf->slots);
	strv_release(&pf->arena);
	free(pf->macros);
	free(pf->body);
	free(pf->toks);
	free(pf);
}

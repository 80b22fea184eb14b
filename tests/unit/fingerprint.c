// SPDX-License-Identifier: GPL-2.0
/*
 * fingerprint.c - fingerprints identify a finding across scans: they must
 * survive line shifts and re-indentation and differ between sites.
 */
#include <stdlib.h>
#include <string.h>

#include "db/finding.h"
#include "tests/tap.h"

static void fp(const char *rule, const char *path, const char *fn, const char *matched,
	       unsigned int occurrence, char *out)
{
	md_fingerprint(rule, path, fn, matched, occurrence, out);
}

static void test_format(void)
{
	char a[MD_FINGERPRINT_LEN + 1];
	size_t i;
	int hex = 1;

	fp("page-lru", "mm/a.c", "f", "page->lru", 0, a);
	for (i = 0; i < MD_FINGERPRINT_LEN; i++)
		hex &= !!strchr("0123456789abcdef", a[i]);
	is_uint(strlen(a), MD_FINGERPRINT_LEN, "fingerprint is %d characters: %s",
		MD_FINGERPRINT_LEN, a);
	ok(hex, "fingerprint is hex digits: %s", a);
}

static void test_stable(void)
{
	char a[MD_FINGERPRINT_LEN + 1], b[MD_FINGERPRINT_LEN + 1];

	fp("page-lru", "mm/a.c", "f", "page->lru", 0, a);
	fp("page-lru", "mm/a.c", "f", "page->lru", 0, b);
	is_str(a, b, "same identity, same fingerprint");
}

/* Every component of the identity changes the fingerprint. */
static void test_components(void)
{
	static const struct {
		const char *rule, *path, *fn, *matched;
		unsigned int occ;
		const char *what;
	} variants[] = {
		{ "page-mapping", "mm/a.c", "f", "page->lru", 0, "rule" },
		{ "page-lru", "mm/b.c", "f", "page->lru", 0, "path" },
		{ "page-lru", "mm/a.c", "g", "page->lru", 0, "function" },
		{ "page-lru", "mm/a.c", "f", "p->lru", 0, "matched text" },
		{ "page-lru", "mm/a.c", "f", "page->lru", 1, "occurrence" },
	};
	char base[MD_FINGERPRINT_LEN + 1], other[MD_FINGERPRINT_LEN + 1];
	size_t i;

	fp("page-lru", "mm/a.c", "f", "page->lru", 0, base);
	for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		fp(variants[i].rule, variants[i].path, variants[i].fn, variants[i].matched,
		   variants[i].occ, other);
		ok(strcmp(base, other) != 0, "a different %s gives a different fingerprint",
		   variants[i].what);
	}
}

/* Field boundaries are part of the hash: "ab"+"c" is not "a"+"bc". */
static void test_boundaries(void)
{
	char a[MD_FINGERPRINT_LEN + 1], b[MD_FINGERPRINT_LEN + 1];

	fp("r", "ab", "c", "x", 0, a);
	fp("r", "a", "bc", "x", 0, b);
	ok(strcmp(a, b) != 0, "moving a character between fields changes the fingerprint");
	fp("r", "p", "f", "x", 1, a);
	fp("r", "p", "f", "x1", 0, b);
	ok(strcmp(a, b) != 0, "occurrence index is not confused with the matched text");
}

static void test_normalize(void)
{
	const char *spaced = "page ->\n\t lru . next";
	char *n = md_normalize(spaced, strlen(spaced), 256);
	char *cut = md_normalize("abcdef", 6, 3);

	is_str(n, "page->lru.next", "normalize drops whitespace");
	is_str(cut, "abc", "normalize caps the length");
	free(n);
	free(cut);
}

int main(void)
{
	test_format();
	test_stable();
	test_components();
	test_boundaries();
	test_normalize();
	return done_testing();
}

// SPDX-License-Identifier: GPL-2.0
/* shell.c - shell command lines split into words, as sh would before expansion. */
#include <stdlib.h>
#include <string.h>

#include "../lib/xalloc.h"
#include "internal.h"

/*
 * split - the words of @s, quotes and backslashes removed; with @operators,
 * ; & | ( ) and newlines end a simple command (@fn is called on its words)
 * and # starts a comment, else they are letters and @fn sees one command.
 */
static void split(const char *s, int operators, void (*fn)(struct strv *, void *), void *ctx)
{
	const char *breaks = operators ? " \t;&|()\n" : " \t\n";
	struct strv words = STRV_INIT;
	char *w = xmalloc(strlen(s) + 1);
	size_t n = 0;
	int in_word = 0;

	for (;; s++) {
		char c = *s;

		if (c == '\'') {
			const char *e = strchr(s + 1, '\'');

			if (!e)
				e = s + strlen(s);
			memcpy(w + n, s + 1, e - s - 1);
			n += e - s - 1;
			in_word = 1;
			s = *e ? e : e - 1;
			continue;
		}
		if (c == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && s[1] && strchr("$`\"\\\n", s[1]))
					s++;
				w[n++] = *s;
			}
			in_word = 1;
			if (!*s)
				s--;
			continue;
		}
		if (c == '\\' && s[1]) {
			if (s[1] != '\n')
				w[n++] = s[1], in_word = 1;
			s++;
			continue;
		}
		if (operators && c == '#' && !in_word) {
			while (s[1] && s[1] != '\n')
				s++;
			continue;
		}
		if (c && !strchr(breaks, c)) {
			w[n++] = c;
			in_word = 1;
			continue;
		}
		if (in_word) {
			strv_push_owned(&words, xstrndup(w, n));
			n = 0;
			in_word = 0;
		}
		if (c == ' ' || c == '\t' || (!operators && c))
			continue;
		if (words.n)
			fn(&words, ctx);
		strv_release(&words);
		if (!c)
			break;
	}
	free(w);
}

void kb_shell_commands(const char *s, void (*fn)(struct strv *, void *), void *ctx)
{
	split(s, 1, fn, ctx);
}

static void take_words(struct strv *words, void *data)
{
	struct strv *out = data;
	size_t i;

	for (i = 0; i < words->n; i++) {
		strv_push_owned(out, words->v[i]);
		words->v[i] = NULL;
	}
	words->n = 0;
}

void kb_shell_words(const char *s, struct strv *out)
{
	split(s, 0, take_words, out);
}

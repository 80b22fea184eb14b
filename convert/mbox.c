// SPDX-License-Identifier: GPL-2.0
/*
 * mbox.c - write a series as `git format-patch --cover-letter --thread`
 * does: one mail a file, headers folded as RFC 5322 allows, non-ASCII
 * names RFC 2047-encoded, the 8-bit body declared.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "internal.h"
#include "series.h"

#ifndef MEMDESC_VERSION
#define MEMDESC_VERSION "0"
#endif

#define HEADER_WIDTH 78
#define STAT_WIDTH 72	     /* git's MAIL_DEFAULT_WRAP */
#define PATCH_NAME_MAX 64    /* git's format.filenameMaxLength */
#define ZERO_HASH "0000000000000000000000000000000000000000"

/* What every mail of one series shares. */
struct mail_ctx {
	const struct md_series *s;
	const char *author;
	const char *date;
	int signoff;
	char *msgid_stem; /* "<stem>.<n>@<domain>" */
	char *domain;
};

static int is_8bit(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* RFC 2047 Q-encoding of @phrase when it is not ASCII, as git's add_rfc2047(). */
static void add_phrase(struct mdbuf *sb, const char *phrase, size_t n)
{
	int plain = 1;

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)phrase[i] >= 0x80)
			plain = 0;
	if (plain) {
		mdbuf_add(sb, phrase, n);
		return;
	}
	mdbuf_adds(sb, "=?UTF-8?q?");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = phrase[i];

		if (c == ' ')
			mdbuf_addch(sb, '_');
		else if (c >= 0x80 || c < 0x20 || strchr("=?_\"()<>@,;:\\.[]", c))
			mdbuf_addf(sb, "=%02X", c);
		else
			mdbuf_addch(sb, c);
	}
	mdbuf_adds(sb, "?=");
}

/* "Name <mail>" with the name encoded when it must be. */
static void add_address(struct mdbuf *sb, const char *addr)
{
	const char *lt = strrchr(addr, '<');
	size_t n;

	if (!lt || lt == addr) {
		mdbuf_adds(sb, addr);
		return;
	}
	n = lt - addr;
	while (n && addr[n - 1] == ' ')
		n--;
	if (n >= 2 && addr[0] == '"' && addr[n - 1] == '"' && is_8bit(addr)) {
		add_phrase(sb, addr + 1, n - 2);
	} else {
		add_phrase(sb, addr, n);
	}
	mdbuf_addch(sb, ' ');
	mdbuf_adds(sb, lt);
}

/* "Name: value", folded at spaces so that no line passes HEADER_WIDTH when it can. */
static void add_folded(struct mdbuf *sb, const char *name, const char *value)
{
	int col = strlen(name) + 1, words = 0;

	mdbuf_addf(sb, "%s:", name);
	for (const char *p = value; *p;) {
		int n;

		p += strspn(p, " ");
		if (!*p)
			break;
		n = strcspn(p, " ");
		if (words && col + 1 + n > HEADER_WIDTH) {
			mdbuf_addch(sb, '\n');
			col = 0;
		}
		mdbuf_addch(sb, ' ');
		mdbuf_add(sb, p, n);
		col += 1 + n;
		words++;
		p += n;
	}
	mdbuf_addch(sb, '\n');
}

/* "To: a,\n    b\n", as git format-patch writes --to lists. */
static void add_address_list(struct mdbuf *sb, const char *name, const struct strv *v,
			     const struct strv *skip)
{
	int first = 1;

	for (size_t i = 0; i < v->n; i++) {
		int dup = 0;

		for (size_t k = 0; skip && k < skip->n; k++)
			dup |= !strcmp(skip->v[k], v->v[i]);
		for (size_t k = 0; k < i; k++)
			dup |= !strcmp(v->v[k], v->v[i]);
		if (dup)
			continue;
		mdbuf_adds(sb, first ? name : ",\n    ");
		if (first)
			mdbuf_adds(sb, ": ");
		add_address(sb, v->v[i]);
		first = 0;
	}
	if (!first)
		mdbuf_addch(sb, '\n');
}

static void add_headers(struct mdbuf *sb, const struct mail_ctx *m, size_t nr,
			const char *subject, const struct strv *to, const struct strv *cc,
			int eight_bit)
{
	size_t total = m->s->n;
	char *tagged = xasprintf("[PATCH %0*zu/%zu] %s", (int)snprintf(NULL, 0, "%zu", total),
				 nr, total, subject);

	mdbuf_addf(sb, "From " ZERO_HASH " Mon Sep 17 00:00:00 2001\n");
	mdbuf_adds(sb, "From: ");
	add_address(sb, m->author);
	mdbuf_addf(sb, "\nDate: %s\n", m->date);
	add_folded(sb, "Subject", tagged);
	add_address_list(sb, "To", to, NULL);
	add_address_list(sb, "Cc", cc, to);
	mdbuf_addf(sb, "Message-ID: <%s.%zu@%s>\n", m->msgid_stem, nr, m->domain);
	if (nr)
		mdbuf_addf(sb, "In-Reply-To: <%s.0@%s>\nReferences: <%s.0@%s>\n", m->msgid_stem,
			   m->domain, m->msgid_stem, m->domain);
	if (eight_bit)
		mdbuf_adds(sb, "MIME-Version: 1.0\n"
			       "Content-Type: text/plain; charset=UTF-8\n"
			       "Content-Transfer-Encoding: 8bit\n");
	mdbuf_addch(sb, '\n');
	free(tagged);
}

static void add_signature(struct mdbuf *sb)
{
	mdbuf_adds(sb, "-- \nmemdesc " MEMDESC_VERSION "\n\n");
}

static char *patch_mail(const struct mail_ctx *m, size_t i)
{
	const struct md_patch *p = &m->s->v[i];
	struct mdbuf sb = MDBUF_INIT, text = MDBUF_INIT;

	mdbuf_adds(&text, p->body);
	if (m->signoff)
		mdbuf_addf(&text, "\nSigned-off-by: %s\n", m->author);
	mdbuf_adds(&text, "---\n");
	md_diffstat(&text, p->diff, STAT_WIDTH);
	mdbuf_addch(&text, '\n');
	mdbuf_adds(&text, p->diff);
	add_signature(&text);
	add_headers(&sb, m, i + 1, p->subject, &p->to, &p->cc,
		    is_8bit(text.buf) || is_8bit(p->subject));
	mdbuf_adds(&sb, text.buf);
	mdbuf_release(&text);
	return mdbuf_detach(&sb);
}

/* --- the cover letter --- */

struct rule_total {
	char *rules; /* "a" or "a, b" when a change resolved findings of both */
	long resolved;
};

static void add_rule_totals(struct mdbuf *sb, const struct md_series *s)
{
	struct rule_total *t = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->v[i].nchanges; k++) {
			const struct md_file_change *c = &s->v[i].changes[k];
			struct mdbuf key = MDBUF_INIT;
			size_t j;

			for (size_t r = 0; r < c->rules.n; r++)
				mdbuf_addf(&key, "%s%s", r ? ", " : "", c->rules.v[r]);
			if (!key.len)
				mdbuf_adds(&key, "(no rule)");
			for (j = 0; j < n && strcmp(t[j].rules, key.buf); j++)
				;
			if (j == n) {
				ALLOC_GROW(t, n + 1, alloc);
				t[n++] = (struct rule_total){ mdbuf_detach(&key), 0 };
			} else {
				mdbuf_release(&key);
			}
			t[j].resolved += c->resolved;
		}
	for (size_t j = 0; j < n; j++) {
		mdbuf_addf(sb, "  %-24s %6ld\n", t[j].rules, t[j].resolved);
		free(t[j].rules);
	}
	free(t);
}

static char *cover_subject(const struct md_series *s)
{
	const char *what = NULL;

	/* One family everywhere: name it; else the general form. */
	for (size_t i = 0; i < s->n; i++) {
		const char *p = strstr(s->v[i].subject, ": Convert ");
		const char *w = p ? p + 10 : "";

		if (!what)
			what = w;
		else if (strcmp(what, w))
			what = "";
	}
	if (what && *what)
		return xasprintf("Convert %s", what);
	return xstrdup("Convert page uses to the folio API");
}

static char *cover_mail(const struct mail_ctx *m)
{
	const struct md_series *s = m->s;
	struct strv to = STRV_INIT, cc = STRV_INIT;
	struct mdbuf sb = MDBUF_INIT, text = MDBUF_INIT, diff = MDBUF_INIT, intro = MDBUF_INIT;
	size_t files = 0;
	long resolved = 0;
	char *subject = cover_subject(s), *name;

	for (size_t i = 0; i < s->n; i++) {
		for (size_t k = 0; k < s->v[i].to.n; k++)
			strv_push(&to, s->v[i].to.v[k]);
		for (size_t k = 0; k < s->v[i].cc.n; k++)
			strv_push(&cc, s->v[i].cc.v[k]);
		files += s->v[i].nchanges;
		resolved += s->v[i].resolved;
		mdbuf_adds(&diff, s->v[i].diff);
	}
	mdbuf_addf(&intro, "This series converts code that reaches a folio through its "
		   "struct page to the folio API, one patch per MAINTAINERS section.  "
		   "Every rewrite is exact: there is no functional change.  The motivation is the memdesc work: "
		   "struct page is to shrink to 32 and then 16 bytes, with the folio "
		   "state moving to separately allocated memory descriptors.");
	mdbuf_add_wrapped(&text, intro.buf, 72, 0, 0);
	mdbuf_addf(&text, "\n%zu patch%s, %zu file%s, %ld finding%s resolved:\n", s->n,
		   s->n == 1 ? "" : "es", files, files == 1 ? "" : "s", resolved,
		   resolved == 1 ? "" : "s");
	add_rule_totals(&text, s);
	name = xstrndup(m->author, strcspn(m->author, "<"));
	while (*name && name[strlen(name) - 1] == ' ')
		name[strlen(name) - 1] = '\0';
	mdbuf_addf(&text, "\n%s (%zu):\n", name, s->n);
	for (size_t i = 0; i < s->n; i++)
		mdbuf_add_wrapped(&text, s->v[i].subject, 72, 2, 4);
	mdbuf_addch(&text, '\n');
	md_diffstat(&text, diff.buf ? diff.buf : "", STAT_WIDTH);
	mdbuf_addch(&text, '\n');
	add_signature(&text);
	add_headers(&sb, m, 0, subject, &to, &cc, is_8bit(text.buf));
	mdbuf_adds(&sb, text.buf);
	free(name);
	free(subject);
	mdbuf_release(&text);
	mdbuf_release(&diff);
	mdbuf_release(&intro);
	strv_release(&to);
	strv_release(&cc);
	return mdbuf_detach(&sb);
}

/* --- file names and the series --- */

static int is_title_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_';
}

/* "NNNN-<subject>.patch" as git's fmt_output_subject() spells it. */
static char *patch_file_name(size_t nr, const char *subject)
{
	struct mdbuf sb = MDBUF_INIT;
	int space = 2;
	size_t max;

	mdbuf_addf(&sb, "%04zu-", nr);
	max = PATCH_NAME_MAX - (strlen(".patch") + 1);
	{
		size_t start = sb.len;

		for (const char *p = subject; *p; p++) {
			if (is_title_char(*p)) {
				if (space == 1)
					mdbuf_addch(&sb, '-');
				space = 0;
				mdbuf_addch(&sb, *p);
				if (*p == '.')
					while (p[1] == '.')
						p++;
			} else {
				space |= 1;
			}
		}
		while (sb.len > start && (sb.buf[sb.len - 1] == '.' || sb.buf[sb.len - 1] == '-'))
			sb.buf[--sb.len] = '\0';
	}
	if (sb.len > max)
		sb.buf[sb.len = max] = '\0';
	mdbuf_adds(&sb, ".patch");
	return mdbuf_detach(&sb);
}

static int write_file(const char *dir, const char *name, const char *text)
{
	char *path = md_path_join(dir, name);
	size_t len = strlen(text);
	FILE *f = fopen(path, "w");
	int ret = 0;

	if (!f)
		ret = md_error_errno("%s: cannot create", path);
	else if ((fwrite(text, 1, len, f) != len) | fclose(f))
		ret = md_error_errno("%s: cannot write", path);
	free(path);
	return ret;
}

static char *now_rfc2822(void)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char zone[8];
	time_t t = time(NULL);
	struct tm tm;

	/* Names in English whatever the locale, the day unpadded: as git writes it. */
	localtime_r(&t, &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	return xasprintf("%s, %d %s %d %02d:%02d:%02d %s", days[tm.tm_wday], tm.tm_mday,
			 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
			 zone);
}

/* FNV-1a over every subject and diff: Message-IDs differ between series. */
static unsigned long long series_hash(const struct md_series *s, const char *date)
{
	unsigned long long h = 1469598103934665603ULL;
	const char *parts[2];

	for (size_t i = 0; i <= s->n; i++) {
		parts[0] = i < s->n ? s->v[i].subject : date;
		parts[1] = i < s->n ? s->v[i].diff : "";
		for (int k = 0; k < 2; k++)
			for (const char *p = parts[k]; *p; p++)
				h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	}
	return h;
}

static void mail_ctx_init(struct mail_ctx *m, const struct md_series *s,
			  const struct md_series_opts *o, char *date)
{
	const char *at = strrchr(o->author, '@');

	m->s = s;
	m->author = o->author;
	m->date = date;
	m->signoff = o->signoff;
	m->msgid_stem = xasprintf("memdesc-%016llx", series_hash(s, date));
	m->domain = at ? xstrndup(at + 1, strcspn(at + 1, ">")) : xstrdup("localhost");
}

int md_series_write(const struct md_series *s, const struct md_series_opts *o,
		    const char *dir)
{
	struct mail_ctx m;
	char *date, *mail;
	int ret;

	if (!o->author || !strchr(o->author, '<'))
		return md_error("no author for the series: want \"Name <mail>\"");
	if (mkdir(dir, 0777) && errno != EEXIST)
		return md_error_errno("%s: cannot make the directory", dir);
	date = o->date ? xstrdup(o->date) : now_rfc2822();
	mail_ctx_init(&m, s, o, date);
	mail = cover_mail(&m);
	ret = write_file(dir, "0000-cover-letter.patch", mail);
	free(mail);
	for (size_t i = 0; !ret && i < s->n; i++) {
		char *name = patch_file_name(i + 1, s->v[i].subject);

		mail = patch_mail(&m, i);
		ret = write_file(dir, name, mail);
		free(mail);
		free(name);
	}
	free(m.msgid_stem);
	free(m.domain);
	free(date);
	return ret;
}

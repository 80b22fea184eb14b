// SPDX-License-Identifier: GPL-2.0
/* finding.c - fingerprints and normalized text of findings. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "finding.h"

/* Field separator inside the hashed string: cannot occur in C source. */
#define FIELD_SEP '\x1f'

void md_fingerprint(const char *rule, const char *path, const char *function,
		    const char *matched, unsigned int occurrence, char *out)
{
	XXH3_state_t *state = XXH3_createState();
	const char *fields[] = { rule, path, function, matched };
	char sep = FIELD_SEP, index[16];
	size_t i;

	XXH3_64bits_reset(state);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *s = fields[i] ? fields[i] : "";

		XXH3_64bits_update(state, s, strlen(s));
		XXH3_64bits_update(state, &sep, 1);
	}
	snprintf(index, sizeof(index), "%u", occurrence);
	XXH3_64bits_update(state, index, strlen(index));
	snprintf(out, MD_FINGERPRINT_LEN + 1, "%016llx",
		 (unsigned long long)XXH3_64bits_digest(state));
	XXH3_freeState(state);
}

char *md_normalize(const char *text, size_t len, size_t max)
{
	char *out = malloc(max + 1);
	size_t i, n = 0;

	if (!out)
		return NULL;
	for (i = 0; i < len && n < max; i++) {
		if (!isspace((unsigned char)text[i]))
			out[n++] = text[i];
	}
	out[n] = '\0';
	return out;
}

void md_finding_release(struct md_finding *f)
{
	free(f->path);
	free(f->function);
	free(f->macro);
	free(f->matched);
	free(f->message);
	free(f->source_line);
	free(f->class);
	memset(f, 0, sizeof(*f));
}

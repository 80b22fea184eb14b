/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ingest.h - the one path by which findings enter the database, whatever
 * engine made them: JSON lines in the format of db/README.md (a "finding",
 * "file", "run" or "end" record per line).  The libclang workers write it,
 * `memdesc import` reads it from files made elsewhere (Coccinelle, a
 * textual engine, another machine).
 *
 * Every field of every record is checked.  A malformed line is rejected
 * with its line number and the reason, counted, and never stored; the
 * lines around it are.  Transactions are the caller's: md_ingest_line()
 * writes inside whatever transaction is open, md_ingest_file() wraps a
 * whole file in one.
 */
#ifndef MEMDESC_INGEST_H
#define MEMDESC_INGEST_H

#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

#include "db.h"

struct md_ingest_opts {
	const char *source;    /* name for messages: a file name, "-", a TU */
	const char *engine;    /* for findings that name none; NULL: "libclang" */
	const char *origin;    /* the TU the findings are attributed to; NULL: their own path */
	/* store "note" records (the analyzer's census) with md_db_add_census() */
	int census;
	/* store the "skipped" notes as the lines the origin TU skipped (md_db_add_skipped) */
	int skipped;
	/* records of a type the store does not own, and notes (also when stored) */
	void (*other)(void *data, const char *type, json_t *record);
	/* each file record as stored (the scan driver logs a failed TU) */
	void (*file)(void *data, const struct md_file_record *rec);
	void *data;
};

struct md_ingest_stats {
	long lines;	 /* lines read, blank ones included */
	long findings;	 /* stored */
	long duplicates; /* already in the scan (a header seen twice) */
	long files;	 /* file records stored */
	long rejected;	 /* malformed lines, reported and skipped */
	long notes;	 /* census notes stored (opts.census) */
	int ended;	 /* an "end" record was read */
};

struct md_ingest;

/* md_ingest_new - ingest into scan @scan of @db (opened for writing). */
struct md_ingest *md_ingest_new(struct md_db *db, int64_t scan, const struct md_ingest_opts *opts);

/*
 * md_ingest_line - one line (without its newline; @len bytes, which may
 * hold a NUL: that is a malformed line).  Returns 0 when the line was
 * stored or rejected (see the stats), -1 when the database failed.
 */
int md_ingest_line(struct md_ingest *in, const char *line, size_t len);

/*
 * md_ingest_file - every line of @f in one transaction.  Returns 0, or -1
 * when the database failed (then nothing of @f is kept).
 */
int md_ingest_file(struct md_ingest *in, FILE *f);

const struct md_ingest_stats *md_ingest_stats(const struct md_ingest *in);

void md_ingest_free(struct md_ingest *in);

/* md_file_record_to_json - @rec as a "file" record: a new object. */
json_t *md_file_record_to_json(const struct md_file_record *rec);

#endif

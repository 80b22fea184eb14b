/* SPDX-License-Identifier: GPL-2.0 */
/*
 * db.h - the memdesc SQLite database: open it (creating, checking or
 * migrating the schema), record scans, the files they parsed and the
 * findings they made.  Reading is db/query.h; findings from any engine
 * arrive through db/ingest.h.
 *
 * A database opened with MD_DB_READ is never written: not its pages, not
 * its journal mode, not the status of a dead scan.  A database of an older
 * schema opened for reading is migrated in a private in-memory copy.
 *
 * Writes happen in explicit transactions (md_db_begin/md_db_commit), one
 * per translation unit, so an interrupted scan leaves every committed TU
 * intact and its scan row 'running' until an open for writing finds the
 * scanning process gone and marks it 'incomplete'.
 *
 * Errors are reported with md_error() (lib/error.h), naming the database;
 * functions return -1 (or NULL) after reporting.
 */
#ifndef MEMDESC_DB_H
#define MEMDESC_DB_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"

#define MD_DB_SCHEMA_VERSION 6

enum md_db_mode {
	MD_DB_READ,  /* an existing database, read-only */
	MD_DB_WRITE, /* created when missing or empty, migrated when older */
};

struct md_db;

struct md_scan_row {
	const char *tree;
	const char *kernel_version;
	const char *config;
	const char *build_dir;
	const char *scope;
	const char *engine;
	const char *tool_version;
	const char *rules;
	const char *shard;	/* "k/n", or NULL */
	int tus_total;
	int scope_c_files; /* -1: not counted */
	int census;	   /* the scan stores its census (md_db_add_census()) */
	int fallback;	   /* the coccinelle fallback runs too */
};

/* What a scan did with one file: a TU it parsed or a header it reported in. */
struct md_file_record {
	const char *path;    /* relative to the tree root */
	const char *role;    /* "tu" or "header" */
	const char *hash;    /* XXH3-64 hex of the bytes parsed, or NULL */
	const char *status;  /* "ok", "parse-error", "crashed", "timeout", "failed" */
	const char *message; /* first error or how the worker died, or NULL */
	int borrowed;	     /* flags of another object were used */
	int64_t duration_ms; /* -1: unknown */
	/*
	 * A TU's inputs, so a later scan can reuse what this one found while
	 * they are unchanged (analyzer/inputs.h); NULL hashes: not recorded.
	 */
	const char *flags_hash, *inputs_hash;
	const char *const *inputs;
	size_t ninputs;
};

/*
 * A census entry of a scan with --census: a member access of a field name
 * a rule declares, with its declaring record; a call followed into the
 * macro @name written there; a cast to a record pointer a rule's casts
 * name, with its operand's type; a variable named like a declared field;
 * lines of a reported file the preprocessor skipped; such lines that went
 * through the fallback; or a rule's token in a macro argument that the
 * macro's definition does not use (the preprocessor drops it).
 */
enum md_census_kind {
	MD_CENSUS_MEMBER,   /* @name of struct @record */
	MD_CENSUS_MACRO,    /* a followed call, through the macro @name */
	MD_CENSUS_CAST,	    /* a cast to struct @name *, of a value of type @record */
	MD_CENSUS_VARIABLE, /* a variable, parameter or enumerator @name */
	MD_CENSUS_SKIPPED,  /* lines @line..@end_line */
	MD_CENSUS_FALLBACK, /* lines @line..@end_line, skipped, went through the fallback */
	MD_CENSUS_DROPPED,  /* a rule's token in an argument the macro @name does not use */
};

struct md_census {
	const char *path; /* relative to the tree root */
	unsigned int line, col, end_line;
	enum md_census_kind kind;
	const char *name;   /* member or macro: the field or identifier; else NULL */
	const char *record; /* member: the declaring record; else NULL */
};

/*
 * md_db_open - open the database at @path.  Refuses, naming the reason, a
 * file that is not SQLite, a SQLite database of another application, or
 * one written by a newer schema; such a file is left byte for byte as it
 * was.  Returns the handle, or NULL after reporting.
 */
struct md_db *md_db_open(const char *path, enum md_db_mode mode);
void md_db_close(struct md_db *db);

/* md_db_path - the path the database was opened from. */
const char *md_db_path(const struct md_db *db);

/* md_db_schema_version - the schema version of the file as found at open. */
int md_db_schema_version(const struct md_db *db);

int md_db_begin(struct md_db *db);
int md_db_commit(struct md_db *db);
int md_db_rollback(struct md_db *db);

/* md_db_put_rule - record a rule id and its summary (insert or update). */
int md_db_put_rule(struct md_db *db, const char *id, const char *summary);

/* md_db_rule_known - @id is in the rules table. */
int md_db_rule_known(struct md_db *db, const char *id);

/* md_db_scan_begin - insert a 'running' scan; returns its id, or -1. */
int64_t md_db_scan_begin(struct md_db *db, const struct md_scan_row *row);

/*
 * md_db_scan_finish - set the scan's status and end time.  How many TUs it
 * parsed and how many failed is in the scan_progress view.
 */
int md_db_scan_finish(struct md_db *db, int64_t scan, const char *status);

/* md_db_scan_add_tus - @n more TUs the scan sets out to read (another engine's files). */
int md_db_scan_add_tus(struct md_db *db, int64_t scan, int n);

/*
 * md_db_add_scan_file - record what scan @scan did with a file; a second
 * record of the same file in a scan is ignored.
 */
int md_db_add_scan_file(struct md_db *db, int64_t scan, const struct md_file_record *rec);

/*
 * md_db_add_finding - store @f in @scan, reported while processing
 * @origin (the TU's path, or NULL).  Returns 1 when stored, 0 when the
 * scan already holds that fingerprint for that engine (a header seen from
 * another TU), -1 on error.
 */
/* md_db_add_census - @c in @scan, once (a header seen by many TUs); 0 or -1. */
int md_db_add_census(struct md_db *db, int64_t scan, const struct md_census *c);

int md_db_add_finding(struct md_db *db, int64_t scan, const struct md_finding *f,
		      const char *origin);

/*
 * md_db_carry_findings - scan @scan could not scan the TU @origin (it
 * crashed, timed out or failed): copy the findings that TU reported in the
 * newest earlier scan of the same tree into @scan, marked carried_from, so
 * they read as unknown rather than fixed.  Returns how many, or -1.
 */
long md_db_carry_findings(struct md_db *db, int64_t scan, const char *origin);

/*
 * md_db_link_renames - after scan @scan: a finding in a file the previous
 * complete scan of the tree did not have takes the lineage of that scan's
 * finding in a file that is gone from the tree, when it has the fingerprint
 * it would have had there (the file was renamed or moved).  Returns how
 * many were linked, or -1.
 */
long md_db_link_renames(struct md_db *db, int64_t scan);

/*
 * md_db_reuse_tu - scan @scan did not parse the TU @path because its flags
 * and inputs are those it had in scan @from: copy that scan's record of it
 * (marked reused_from), its inputs, its skipped lines and the findings it
 * reported, into @scan.  Returns how many findings, or -1.
 */
long md_db_reuse_tu(struct md_db *db, int64_t scan, int64_t from, const char *path);

/*
 * md_db_add_skipped - lines @first..@last of @path, which TU @tu's
 * preprocessor skipped (and the fallback reads).  0, or -1.
 */
int md_db_add_skipped(struct md_db *db, int64_t scan, const char *tu, const char *path,
		      unsigned int first, unsigned int last);

/*
 * md_db_reuse_skipped_findings - the fallback need not read the skipped
 * lines of @path again (md_query_skipped_unchanged): copy what it found on
 * @path in scan @from into @scan.  Returns how many findings, or -1.
 */
long md_db_reuse_skipped_findings(struct md_db *db, int64_t scan, int64_t from, const char *path);

/*
 * md_db_prune_inputs - drop the recorded inputs of @tree's scans before
 * @scan: only the newest scan's are needed to reuse from.  Returns 0 or -1.
 */
int md_db_prune_inputs(struct md_db *db, int64_t scan);

/* A conversion patch to record: an emitted one (seq > 0) or a rejected change (seq 0). */
struct md_patch_row {
	int64_t run;
	const char *series;	 /* MAINTAINERS section */
	const char *maintainers; /* its M: lines, or NULL */
	int seq;
	const char *subject;
	const char *cocci;	 /* semantic patches, space-separated */
	const char *files;	 /* paths, one per line */
	const char *diff;
	const char *status;	 /* "clean", "failed", "unvalidated", ... */
	const char *failed_step; /* "spatch", "apply", "compile", "checkpatch", "rescan", NULL */
	const char *reason;	 /* why, or NULL */
	const char *const *fingerprints; /* findings it resolves */
	size_t nfingerprints;
};

/*
 * md_db_patch_run_begin - record a 'running' patch run over the findings
 * of @scan; returns its id, or -1.
 */
int64_t md_db_patch_run_begin(struct md_db *db, int64_t scan, const char *tree,
			      const char *command, const char *output_dir);

/* md_db_patch_run_finish - its status ("complete" or "incomplete") and end time. */
int md_db_patch_run_finish(struct md_db *db, int64_t run, const char *status);

/*
 * md_db_add_patch - store @row and the fingerprints it resolves, in one
 * transaction; returns the patch id, or -1.
 */
int64_t md_db_add_patch(struct md_db *db, const struct md_patch_row *row);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * internal.h - what the files of db/ share: the connection and its
 * prepared statements.  Nothing outside db/ includes this.
 */
#ifndef MEMDESC_DB_INTERNAL_H
#define MEMDESC_DB_INTERNAL_H

#include <sqlite3.h>

#include "db.h"

enum stmt_id {
	ST_FILE_INSERT,
	ST_FILE_ID,
	ST_SCAN_FILE,
	ST_FINDING,
	ST_CENSUS,
	ST_COUNT
};

/* How many statements cached_stmt() keeps prepared. */
#define STMT_CACHE_SIZE 16

struct md_db {
	sqlite3 *sql;
	char *path;
	enum md_db_mode mode;
	int found_version; /* user_version when opened */
	sqlite3_stmt *stmt[ST_COUNT];
	struct {
		const char *sql; /* a static string: the key is its address */
		sqlite3_stmt *st;
	} cache[STMT_CACHE_SIZE];
	int ncache;
};

/*
 * cached_stmt - @sql (a string that lives as long as the program) prepared
 * once for the connection, reset and unbound; NULL when it cannot be
 * prepared.  For the statements a scan runs per file.
 */
sqlite3_stmt *cached_stmt(struct md_db *db, const char *sql);

/* db_fail - report the connection's last error for @what; returns -1. */
int db_fail(struct md_db *db, const char *what);

/* bind_text - bind @s, or NULL. */
void bind_text(sqlite3_stmt *st, int i, const char *s);

/* column_text - column @i as a C string, NULL for SQL NULL. */
const char *column_text(sqlite3_stmt *st, int i);

/* column_strdup - column @i as a new string, NULL for SQL NULL. */
char *column_strdup(sqlite3_stmt *st, int i);

/* md_db_create_views - (re)create every view of views.sql. */
int md_db_create_views(struct md_db *db);

/* md_db_migrate - bring a database of an older schema to this one. */
int md_db_migrate(struct md_db *db, int from_version);

/* require_writable - BUG() unless @db was opened with MD_DB_WRITE. */
void require_writable(const struct md_db *db);

/* now_utc - the time as stored: "2026-12-01T10:00:00.000Z". */
void now_utc(char *buf, size_t len);

/* file_id - the id of @path in the files table, added when new; -1 on error. */
int64_t file_id(struct md_db *db, const char *path);

/* md_db_add_tu_inputs - the inputs of TU @fid in @scan, from @rec (inputs.c). */
int md_db_add_tu_inputs(struct md_db *db, int64_t scan, int64_t fid,
			const struct md_file_record *rec);

/* pid_alive - the process @pid of this host still runs. */
int pid_alive(int pid);

#endif

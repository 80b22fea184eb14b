// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-merge.c - memdesc merge: fold the scans of shard databases (one
 * scan of part of a tree each, e.g. from --shard K/N on other machines)
 * into one scan.  Each shard's files and findings travel as ingest records
 * through the one ingest path, so a merged scan holds exactly what one scan
 * of all the shards' scopes would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/ingest.h"
#include "../db/query.h"
#include "../lib/error.h"
#include "../lib/xalloc.h"
#include "cli.h"

static const struct md_usage usage = {
	.command = "merge",
	.synopsis = "[options] SHARD.db...",
	.about =
		"Takes the newest complete scan of each shard; all must be of the same tree,\n"
		"kernel version and configuration.  The merged scan is complete when every\n"
		"shard's scan is.\n"
		"Exit status: 0 merged, 2 error.\n",
};

static const char *db_path = "memdesc.db";

static const struct md_option options[] = {
	MD_OPT_STRING(0, "db", &db_path, "PATH", "the database to merge into (default memdesc.db)"),
	MD_OPT_END(),
};

struct shard {
	const char *path;
	struct md_db *db;
	struct md_scan_info scan;
};

static int open_shard(struct shard *sh)
{
	int64_t id;

	sh->db = md_db_open(sh->path, MD_DB_READ);
	if (!sh->db)
		return -1;
	id = md_query_complete_before(sh->db, 0);
	if (id < 0)
		return -1;
	if (!id)
		return md_error("%s: no complete scan to merge", sh->path);
	return md_query_scan(sh->db, id, &sh->scan) ? -1 : 0;
}

static int same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static int check_compatible(const struct shard *first, const struct shard *sh)
{
	if (!same(first->scan.tree, sh->scan.tree) ||
	    !same(first->scan.kernel_version, sh->scan.kernel_version) ||
	    !same(first->scan.config, sh->scan.config))
		return md_error("%s: scan %lld is of %s (linux %s, %s), %s of %s (linux %s, %s)",
				sh->path, (long long)sh->scan.id, sh->scan.tree,
				sh->scan.kernel_version, sh->scan.config, first->path,
				first->scan.tree, first->scan.kernel_version, first->scan.config);
	if (first->scan.fingerprint_version != sh->scan.fingerprint_version)
		return md_error("%s: fingerprints of recipe %d, %s has recipe %d", sh->path,
				sh->scan.fingerprint_version, first->path,
				first->scan.fingerprint_version);
	return 0;
}

/* A shard being copied: its records go through the ingest path. */
struct copy {
	struct md_ingest *in;
	int failed;
};

static int feed(struct copy *c, json_t *rec)
{
	char *line = json_dumps(rec, JSON_COMPACT);

	json_decref(rec);
	if (!line || md_ingest_line(c->in, line, strlen(line)))
		c->failed = 1;
	free(line);
	return c->failed;
}

static int copy_file(void *data, const struct md_file_record *rec)
{
	return feed(data, md_file_record_to_json(rec));
}

static int copy_finding(void *data, const struct md_finding *f)
{
	return feed(data, md_finding_to_json(f));
}

static int copy_shard(struct md_db *out, int64_t scan, struct shard *sh, long *rejected)
{
	struct md_ingest_opts io = { .source = sh->path, .engine = sh->scan.engine };
	struct copy c = { .in = md_ingest_new(out, scan, &io) };
	int rc;

	rc = md_db_begin(out);
	if (!rc && (md_query_files(sh->db, sh->scan.id, copy_file, &c) ||
		    md_query_findings(sh->db, sh->scan.id, NULL, copy_finding, &c) < 0))
		rc = -1;
	if (!rc && (c.failed || md_ingest_stats(c.in)->rejected))
		rc = md_error("%s: %ld records could not be merged", sh->path,
			      md_ingest_stats(c.in)->rejected);
	if (!rc)
		rc = md_db_commit(out);
	else
		md_db_rollback(out);
	if (!rc)
		fprintf(stderr, "%s: scan %lld, %ld files, %ld findings (%ld already there)\n",
			sh->path, (long long)sh->scan.id, md_ingest_stats(c.in)->files,
			md_ingest_stats(c.in)->findings, md_ingest_stats(c.in)->duplicates);
	*rejected += md_ingest_stats(c.in)->rejected;
	md_ingest_free(c.in);
	return rc;
}

/* parse_shard - "K/N" into @k and @n; 0, or -1 when @text is not one. */
static int parse_shard(const char *text, int *k, int *n)
{
	return text && sscanf(text, "%d/%d", k, n) == 2 && *k >= 1 && *k <= *n ? 0 : -1;
}

/*
 * check_shards - scans made with --shard K/N must all be of the same N,
 * the same scope and every K once: a missing part would read as its
 * findings fixed.  Returns 1 when the shards are such parts, 0 when none
 * was made with --shard, -1 (reported) otherwise.
 */
static int check_shards(const struct shard *sh, int n)
{
	int k, total, sharded = 0;
	char *seen;

	for (int i = 0; i < n; i++)
		sharded += sh[i].scan.shard != NULL && *sh[i].scan.shard;
	if (!sharded)
		return 0;
	if (sharded != n || parse_shard(sh[0].scan.shard, &k, &total))
		return md_error("cannot merge parts of a split scan with other scans");
	seen = xcalloc((size_t)total + 1, 1);
	for (int i = 0; i < n; i++) {
		int ki, ni;

		if (parse_shard(sh[i].scan.shard, &ki, &ni) || ni != total ||
		    !same(sh[i].scan.scope, sh[0].scan.scope) || seen[ki]) {
			free(seen);
			return md_error("%s: shard %s does not fit with %s's shard %s (scope '%s')",
					sh[i].path, sh[i].scan.shard, sh[0].path, sh[0].scan.shard,
					sh[0].scan.scope);
		}
		seen[ki] = 1;
	}
	for (k = 1; k <= total; k++) {
		if (!seen[k]) {
			free(seen);
			return md_error("shard %d/%d is missing: a merge without it would read as "
					"its findings fixed", k, total);
		}
	}
	free(seen);
	return 1;
}

/* merged_row - the merged scan: the shards' tree, their scopes and TU counts added up. */
static int64_t begin_merged(struct md_db *out, struct shard *sh, int n, int parts)
{
	const char **scopes = xcalloc((size_t)n, sizeof(*scopes));
	struct md_scan_row row = {
		.tree = sh[0].scan.tree, .kernel_version = sh[0].scan.kernel_version,
		.config = sh[0].scan.config, .build_dir = sh[0].scan.build_dir,
		.engine = sh[0].scan.engine, .tool_version = MEMDESC_VERSION,
		.rules = sh[0].scan.rules, .scope_c_files = 0, .fallback = 1,
	};
	int whole = 0;
	char *scope;
	int64_t id;

	for (int i = 0; i < n; i++) {
		scopes[i] = sh[i].scan.scope;
		whole |= !sh[i].scan.scope[0];
		row.tus_total += sh[i].scan.tus_total;
		row.fallback &= sh[i].scan.fallback;	/* where one did not look, none did */
		if (sh[i].scan.scope_c_files < 0 || row.scope_c_files < 0)
			row.scope_c_files = -1;
		else
			row.scope_c_files += sh[i].scan.scope_c_files;
	}
	/* the parts of one split scan share its scope */
	if (parts) {
		row.scope_c_files = sh[0].scan.scope_c_files;
		n = 1;
	}
	scope = whole ? xstrdup("") : join_words(scopes, (size_t)n);
	row.scope = scope;
	id = md_db_scan_begin(out, &row);
	free(scope);
	free(scopes);
	return id;
}

int cmd_merge(int argc, char **argv)
{
	struct shard *sh;
	struct md_db *out = NULL;
	long rejected = 0;
	int64_t scan = -1;
	int n, rc = 0, parts = 0;

	n = md_parse_options(argc, argv, options, &usage, 0);
	if (n < 1)
		md_usage_error(&usage, "which shard databases? (memdesc merge --db OUT SHARD.db...)");
	sh = xcalloc((size_t)n, sizeof(*sh));
	for (int i = 0; !rc && i < n; i++) {
		sh[i].path = argv[i];
		rc = open_shard(&sh[i]) || (i && check_compatible(&sh[0], &sh[i]));
	}
	if (!rc && (parts = check_shards(sh, n)) < 0)
		rc = 1;
	if (!rc)
		out = open_scan_db(db_path);
	if (out)
		scan = begin_merged(out, sh, n, parts);
	rc = rc || scan < 0;
	for (int i = 0; !rc && i < n; i++)
		rc = copy_shard(out, scan, &sh[i], &rejected);
	if (scan > 0)
		rc |= md_db_scan_finish(out, scan, rc ? "incomplete" : "complete");
	if (!rc)
		fprintf(stderr, "merged %d shards into scan %lld of %s\n", n, (long long)scan,
			db_path);
	for (int i = 0; i < n; i++) {
		md_scan_info_release(&sh[i].scan);
		md_db_close(sh[i].db);
	}
	free(sh);
	md_db_close(out);
	return rc ? EXIT_ERROR : EXIT_CLEAN;
}

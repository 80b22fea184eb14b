-- SPDX-License-Identifier: GPL-2.0
--
-- schema.sql - the memdesc database: every scan of every tree, what each
-- scan looked at and what it found, plus the tables that later stages
-- (conversion patches, suppressions, sharded scans) fill in.
--
-- Conventions: STRICT tables; times are UTC ISO-8601 text; paths are
-- relative to the scanned tree's root; a finding's identity across scans
-- is its fingerprint (rule, path, function, normalized matched text,
-- occurrence index within the function), which survives line shifts.
-- PRAGMA user_version carries the schema version and is checked at open.

PRAGMA application_id = 1296319811; -- 0x4d44_4443, "MDDC"
PRAGMA user_version = 6;

-- The rules known to the tool that wrote the database (from its table).
CREATE TABLE rules (
	id		TEXT PRIMARY KEY,	-- 'page-lru', 'compound-head', ...
	summary		TEXT NOT NULL
) STRICT;

-- One row per run of an engine over a tree (or one shard of it).
CREATE TABLE scans (
	id		INTEGER PRIMARY KEY,
	tree		TEXT NOT NULL,		-- absolute path of the tree root
	kernel_version	TEXT NOT NULL,		-- from the tree's Makefile, e.g. '6.12.117'
	config		TEXT NOT NULL,		-- 'defconfig', 'allmodconfig', 'in-tree', 'compdb'
	build_dir	TEXT,			-- where the tree was configured
	scope		TEXT NOT NULL DEFAULT '',	-- space-separated paths; '' = whole tree
	engine		TEXT NOT NULL DEFAULT 'libclang'
			CHECK (engine IN ('libclang', 'coccinelle', 'text')),
	tool_version	TEXT NOT NULL,
	rules		TEXT NOT NULL,		-- space-separated ids of the enabled rules
	started_at	TEXT NOT NULL,
	finished_at	TEXT,
	status		TEXT NOT NULL DEFAULT 'running'
			CHECK (status IN ('running', 'complete', 'incomplete')),
	host		TEXT,
	pid		INTEGER,		-- lets a later open mark a dead 'running' scan incomplete
	shard		TEXT,			-- 'k/n' when this scan is one shard of a larger one
	merged_into	INTEGER REFERENCES scans(id) ON DELETE SET NULL,
	tus_total	INTEGER NOT NULL DEFAULT 0,	-- TUs the scan set out to parse
	scope_c_files	INTEGER,		-- .c files under the scope, built or not
	fingerprint_version INTEGER NOT NULL DEFAULT 1,	-- recipe of the findings' fingerprints
	census		INTEGER NOT NULL DEFAULT 0,	-- 1: scanned with --census (the census table)
	-- 1: the coccinelle fallback ran too (what no TU read, the lines the
	-- preprocessor skipped): only such a scan can find its findings gone
	fallback	INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Every path ever seen, once; findings and scan_files refer to it.
CREATE TABLE files (
	id		INTEGER PRIMARY KEY,
	path		TEXT NOT NULL UNIQUE
) STRICT;

-- What a scan did with a file: a translation unit it parsed, or a header
-- in which it reported findings.  A file an earlier scan had that is gone
-- from the tree is recorded as a 'header', status 'ok', message 'gone from
-- the tree': the scan covered it and found nothing there.
CREATE TABLE scan_files (
	scan_id		INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
	file_id		INTEGER NOT NULL REFERENCES files(id),
	role		TEXT NOT NULL CHECK (role IN ('tu', 'header')),
	content_hash	TEXT,			-- XXH3-64 of the bytes parsed, hex
	status		TEXT NOT NULL DEFAULT 'ok'
			CHECK (status IN ('ok', 'parse-error', 'crashed', 'timeout', 'failed')),
	message		TEXT,			-- first error, or how the worker died
	borrowed_flags	INTEGER NOT NULL DEFAULT 0,	-- 1: flags of another object were used
	duration_ms	INTEGER,
	reused_from	INTEGER,		-- not parsed: flags and inputs as in this scan
	PRIMARY KEY (scan_id, file_id)
) STRICT;

-- What a TU read (its .c file and every header, in the tree or not) and
-- with which flags, so the next scan can reuse its findings while both are
-- unchanged.  Only the newest scan of a tree keeps its rows.
CREATE TABLE tu_inputs (
	scan_id		INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
	file_id		INTEGER NOT NULL REFERENCES files(id),
	flags_hash	TEXT NOT NULL,		-- XXH3-64 of the directory and arguments
	inputs_hash	TEXT NOT NULL,		-- XXH3-64 of every input's path and contents
	inputs		TEXT NOT NULL,		-- the inputs' file ids, comma-separated
	PRIMARY KEY (scan_id, file_id)
) STRICT;

-- The lines of its files a TU's preprocessor skipped that can hold a finding
-- (the other side of an #ifdef), which the coccinelle fallback reads: kept
-- with the TU so that a scan reusing the TU still reads them.  Only the
-- newest scan of a tree keeps its rows, as for tu_inputs.
CREATE TABLE tu_skipped (
	scan_id		INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
	tu_id		INTEGER NOT NULL REFERENCES files(id),	-- the TU
	file_id		INTEGER NOT NULL REFERENCES files(id),	-- the file the lines are in
	first_line	INTEGER NOT NULL,
	last_line	INTEGER NOT NULL,
	PRIMARY KEY (scan_id, tu_id, file_id, first_line, last_line)
) STRICT;
CREATE INDEX tu_skipped_by_file ON tu_skipped(scan_id, file_id);

-- What a scan with --census looked at besides its findings, so that
-- `memdesc coverage` can account for every textual candidate of a rule:
-- each access of a field name some rule declares, with the record that
-- declares the member accessed ('member'); each call the census follows
-- into a macro, with the identifier written there ('macro'); each cast to
-- a pointer to a record some rule's casts name, with the operand's type
-- ('cast'); each variable, parameter or enumerator named like a declared
-- field ('variable'); each range of lines of a reported file the
-- preprocessor skipped ('skipped'), each such range the fallback read
-- ('fallback'), and each token of a rule in a macro argument that the
-- macro's definition does not use ('dropped', with the macro).  A header's
-- entries are stored once however many TUs include it.
CREATE TABLE census (
	scan_id		INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
	file_id		INTEGER NOT NULL REFERENCES files(id),
	line		INTEGER NOT NULL,	-- 1-based; a range of lines: its first
	col		INTEGER NOT NULL,	-- 1-based, in bytes
	kind		TEXT NOT NULL
			CHECK (kind IN ('member', 'macro', 'cast', 'variable', 'skipped', 'fallback',
			'dropped')),
	name		TEXT NOT NULL DEFAULT '',	-- the field, the macro, the cast's record, the variable
	record		TEXT NOT NULL DEFAULT '',	-- a member's declaring record; a cast's operand type
	end_line	INTEGER NOT NULL DEFAULT 0,	-- a range of lines: its last
	UNIQUE (scan_id, file_id, line, col, kind, name, record, end_line)
) STRICT;

CREATE TABLE findings (
	id		INTEGER PRIMARY KEY,
	scan_id		INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
	rule		TEXT NOT NULL,
	file_id		INTEGER NOT NULL REFERENCES files(id),
	line		INTEGER NOT NULL,
	col		INTEGER NOT NULL,
	function	TEXT NOT NULL DEFAULT '',	-- '' at file scope
	macro		TEXT,			-- the macro the match was expanded from
	matched		TEXT NOT NULL,		-- normalized text of the matched expression
	message		TEXT NOT NULL,
	source_line	TEXT NOT NULL,
	fingerprint	TEXT NOT NULL,		-- 16 hex digits, stable across line shifts
	engine		TEXT NOT NULL DEFAULT 'libclang'
			CHECK (engine IN ('libclang', 'coccinelle', 'text')),
	certainty	TEXT NOT NULL DEFAULT 'exact'
			CHECK (certainty IN ('exact', 'typed', 'textual')),
	class		TEXT,			-- e.g. 'core-wrapper' for the bridging layer itself
	occurrence	INTEGER NOT NULL DEFAULT 0,	-- index among same rule, path, function, matched
	origin_file_id	INTEGER REFERENCES files(id),	-- the TU (or imported file) that reported it
	spelling_file_id INTEGER REFERENCES files(id),	-- where a macro spelled the token
	spelling_line	INTEGER,
	spelling_col	INTEGER,
	-- set when the file could not be scanned this time (crashed, timed out,
	-- failed): the finding is carried over from that earlier scan, unknown
	-- rather than fixed
	carried_from	INTEGER,
	-- the fingerprint this finding had when first seen, when its file has
	-- since been renamed or moved (NULL: its own fingerprint)
	lineage		TEXT,
	UNIQUE (scan_id, engine, fingerprint)
) STRICT;
CREATE INDEX findings_by_fingerprint ON findings (fingerprint);
CREATE INDEX findings_by_file ON findings (file_id);
CREATE INDEX findings_by_origin ON findings (scan_id, origin_file_id);

-- A finding judged not worth converting, by fingerprint, with the reason.
CREATE TABLE suppressions (
	fingerprint	TEXT PRIMARY KEY,
	rule		TEXT NOT NULL,
	path		TEXT NOT NULL,
	reason		TEXT NOT NULL CHECK (length(reason) > 0),
	author		TEXT,
	created_at	TEXT NOT NULL
) STRICT;

-- One run of `memdesc patch`: which scan its findings came from, and how it ended.
CREATE TABLE patch_runs (
	id		INTEGER PRIMARY KEY,
	scan_id		INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
	tree		TEXT NOT NULL,
	command		TEXT NOT NULL,		-- the command line, for the record
	output_dir	TEXT,			-- where the series went; NULL: --dry-run
	started_at	TEXT NOT NULL,
	finished_at	TEXT,
	status		TEXT NOT NULL DEFAULT 'running'
			CHECK (status IN ('running', 'complete', 'incomplete'))
) STRICT;

-- Conversion patches: each emitted patch of a series (seq > 0, status
-- 'clean': it applied, compiled, passed checkpatch and the rescan), and
-- each rejected change (seq 0) with the step it failed and why.
CREATE TABLE patches (
	id		INTEGER PRIMARY KEY,
	scan_id		INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
	run_id		INTEGER REFERENCES patch_runs(id) ON DELETE CASCADE,
	series		TEXT NOT NULL,		-- the MAINTAINERS section
	maintainers	TEXT,			-- its M: lines
	seq		INTEGER NOT NULL,	-- position in the series, 0: not emitted
	subject		TEXT NOT NULL,
	cocci		TEXT,			-- semantic patches that produced it
	files		TEXT NOT NULL DEFAULT '', -- the paths it touches, one per line
	diff		TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'generated'
			CHECK (status IN ('generated', 'applies', 'builds', 'clean', 'failed',
					  'unvalidated')),
	failed_step	TEXT CHECK (failed_step IS NULL OR
				    failed_step IN ('spatch', 'apply', 'compile', 'checkpatch', 'rescan')),
	reason		TEXT,			-- why it failed, or was not validated
	created_at	TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX patches_by_seq ON patches (run_id, seq) WHERE seq > 0;

-- Which findings (by fingerprint) a patch resolves.
CREATE TABLE patch_findings (
	patch_id	INTEGER NOT NULL REFERENCES patches(id) ON DELETE CASCADE,
	fingerprint	TEXT NOT NULL,
	PRIMARY KEY (patch_id, fingerprint)
) STRICT;

-- The views (scan_progress, latest_findings, fingerprint_history,
-- finding_history) are in views.sql: created with the tables, and again
-- after each migration.

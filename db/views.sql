-- SPDX-License-Identifier: GPL-2.0
--
-- views.sql - the views of the memdesc database: derived from the tables,
-- so a new database gets them after schema.sql and a migrated one gets
-- them again (dropped and created) after its last migration step.

-- How far each scan got, from what it recorded per TU (live while it runs).
-- A complete scan with tus_failed > 0 is partial: the findings of its
-- failed TUs are carried from an earlier scan (findings.carried_from).
CREATE VIEW scan_progress AS
SELECT s.id AS scan_id, s.status, s.tus_total,
       count(f.file_id) AS tus_done,
       coalesce(sum(f.status IN ('crashed', 'timeout', 'failed')), 0) AS tus_failed,
       coalesce(sum(f.status = 'parse-error'), 0) AS tus_parse_errors
FROM scans s
LEFT JOIN scan_files f ON f.scan_id = s.id AND f.role = 'tu'
GROUP BY s.id;

-- The findings as they stand now, per file: for each file, those of the
-- newest complete scan of its tree that scanned the TU that reports it (a
-- scan of mm/ leaves the findings of fs/ as the last scan of fs/ had them).
-- Findings of a TU no scan recorded (imported ones) stand with their scan
-- when it is the newest complete one of its tree and engine.  The
-- fallback's findings (engine coccinelle in a libclang scan) stand until a
-- scan that ran the fallback too: a --no-fallback scan did not look.
CREATE VIEW latest_findings AS
SELECT f.*, p.path AS path, s.tree AS tree, s.kernel_version AS kernel_version
FROM findings f
JOIN files p ON p.id = f.file_id
JOIN scans s ON s.id = f.scan_id AND s.status = 'complete'
WHERE f.scan_id = coalesce(
	(SELECT max(sf.scan_id) FROM scan_files sf JOIN scans s2 ON s2.id = sf.scan_id
	 WHERE sf.file_id = coalesce(f.origin_file_id, f.file_id) AND s2.tree = s.tree
	   AND s2.engine = s.engine AND s2.status = 'complete'
	   AND (f.engine = s.engine OR s2.fallback)),
	(SELECT max(s3.id) FROM scans s3
	 WHERE s3.tree = s.tree AND s3.engine = s.engine AND s3.status = 'complete'));

-- History of each fingerprint over the complete scans of a tree and
-- scope: when it was first and last seen, and the first later complete
-- scan of the same tree and scope in which it was gone ("fixed").
CREATE VIEW fingerprint_history AS
WITH seen AS (
	SELECT f.fingerprint, f.rule, p.path, s.tree, s.scope, s.engine,
	       min(s.id) AS first_scan, max(s.id) AS last_scan, count(*) AS times_seen
	FROM findings f
	JOIN scans s ON s.id = f.scan_id AND s.status = 'complete'
	JOIN files p ON p.id = f.file_id
	GROUP BY f.fingerprint, s.tree, s.scope, s.engine
)
SELECT seen.*,
       (SELECT min(s3.id) FROM scans s3
	WHERE s3.tree = seen.tree AND s3.scope = seen.scope AND s3.engine = seen.engine
	  AND s3.status = 'complete' AND s3.id > seen.last_scan) AS fixed_in_scan
FROM seen;

-- The life of each finding across the complete scans of a database, keyed
-- by lineage (the fingerprint it was first seen with: a renamed file keeps
-- its findings' lineage): the first and the last scan it was seen in, and
-- the first later complete scan of the same tree that scanned the file it
-- was reported from (a TU parsed, not crashed, timed out or failed) without
-- finding it: the scan it was fixed in.  A scan that covered only some
-- files fixes findings in those files only, one made the same way (the
-- same engine; for the fallback's findings, the fallback ran) only.
CREATE VIEW finding_history AS
WITH seen AS (
	SELECT coalesce(f.lineage, f.fingerprint) AS lineage, f.engine,
	       min(f.scan_id) AS first_scan, max(f.scan_id) AS last_scan, count(*) AS times_seen
	FROM findings f
	JOIN scans s ON s.id = f.scan_id AND s.status = 'complete'
	GROUP BY 1, 2
), last AS (
	SELECT seen.*, f.rule, f.fingerprint, p.path, s.tree, s.engine AS scan_engine,
	       coalesce(f.origin_file_id, f.file_id) AS origin_id
	FROM seen
	JOIN findings f ON f.scan_id = seen.last_scan AND f.engine = seen.engine
	 AND coalesce(f.lineage, f.fingerprint) = seen.lineage
	JOIN files p ON p.id = f.file_id
	JOIN scans s ON s.id = f.scan_id
)
SELECT lineage, fingerprint, rule, path, engine, tree, first_scan, last_scan, times_seen,
       (SELECT min(sf.scan_id) FROM scan_files sf
	JOIN scans s2 ON s2.id = sf.scan_id
	WHERE sf.file_id = last.origin_id AND sf.scan_id > last.last_scan
	  AND s2.status = 'complete' AND s2.engine = last.scan_engine AND s2.tree = last.tree
	  AND (last.engine = last.scan_engine OR s2.fallback)
	  AND sf.status IN ('ok', 'parse-error')) AS fixed_in_scan
FROM last;

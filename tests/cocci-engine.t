#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# cocci-engine.t - scan --engine coccinelle on a small kernel-like tree:
# cocci/blockers.cocci reports code the libclang engine cannot see (an
# #if 0 branch, the other side of an #ifdef, a file no Makefile builds),
# and its findings reach the database through the ingest path with
# engine=coccinelle and certainty=typed, as the sqlite3 program reads them;
# --enable selects rules, a semantic patch spatch cannot use makes the scan
# partial with each file's failure recorded, and an unknown engine is a
# usage error.  Skips without spatch.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(write_file run sql);

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC_ASAN} || $ENV{MEMDESC} || "$root/memdesc";
my $cocci = "$root/cocci/blockers.cocci";

plan skip_all => 'spatch is not installed' if system('spatch --version >/dev/null 2>&1') != 0;

my $work = tempdir(CLEANUP => 1);
my $tree = "$work/linux";
write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\n");
write_file("$tree/mm/Makefile", "obj-y += a.o\n");
write_file("$tree/mm/a.c", <<'C');
struct page;
struct folio;

void seen(struct page *page)
{
	put(page->mapping);
}

#if 0
void disabled(struct page *page)
{
	list_del(&page->lru);
}
#endif

#ifdef CONFIG_NEVER_SET
void other_side(struct folio *folio)
{
	lock_page(&folio->page);
}
#endif
C
write_file("$tree/drivers/unbuilt/x.c", <<'C');
struct buffer_head;

int unbuilt(struct buffer_head *bh)
{
	return use(bh->b_page);
}
C

my $db = "$work/m.db";
my ($status, $out, $err) = run($memdesc, 'scan', '--engine', 'coccinelle', '--cocci', $cocci,
			       '--db', $db, $tree, 'mm', 'drivers');
is($status, 1, 'scan --engine coccinelle exits 1 with findings') or diag($err);
like($out, qr{^mm/a\.c:12:\d+: warning: page->lru: .* \[page-lru\]$}m,
     'the finding in #if 0 is printed');

my $scan = sql($db, "SELECT id FROM scans WHERE engine = 'coccinelle' AND status = 'complete'");
is($scan, '1', 'one complete scan, engine coccinelle');

my $q = "SELECT f.rule, fi.path, f.line, f.function, f.matched, f.engine, f.certainty " .
	"FROM findings f JOIN files fi ON fi.id = f.file_id WHERE f.scan_id = 1 ORDER BY fi.path, f.line";
my @rows = split /\n/, sql($db, $q);
is_deeply(\@rows, [
	'bh-page|drivers/unbuilt/x.c|5|unbuilt|bh->b_page|coccinelle|typed',
	'page-mapping|mm/a.c|6|seen|page->mapping|coccinelle|typed',
	'page-lru|mm/a.c|12|disabled|page->lru|coccinelle|typed',
	'folio-page|mm/a.c|19|other_side|folio->page|coccinelle|typed',
], 'the #if 0 branch, the #ifdef branch and the unbuilt file, typed findings of coccinelle')
	or diag(join("\n", @rows));
is(sql($db, "SELECT message FROM findings WHERE rule = 'bh-page'"),
   'bh->b_page: use bh->b_folio and the folio API', 'the message, without its rule id');
is(sql($db, "SELECT count(*) FROM findings WHERE length(fingerprint) = 16"), '4', 'fingerprinted');
is(sql($db, "SELECT group_concat(fi.path || ':' || sf.status, ' ') FROM scan_files sf " .
	    "JOIN files fi ON fi.id = sf.file_id WHERE sf.scan_id = 1 ORDER BY fi.path"),
   'drivers/unbuilt/x.c:ok mm/a.c:ok', 'a file record for each file');

($status, $out, $err) = run($memdesc, 'scan', '--engine', 'coccinelle', '--cocci', $cocci,
			    '--enable', 'bh-page', '--db', $db, $tree);
is($status, 1, '--enable bh-page: findings');
is(sql($db, "SELECT group_concat(DISTINCT rule) FROM findings WHERE scan_id = 2"), 'bh-page',
   'only the enabled rule is stored');

write_file("$work/bad.cocci", "virtual report\n\@r\@\n\@\@\n- (((\n");
($status, $out, $err) = run($memdesc, 'scan', '--engine', 'coccinelle', '--cocci', "$work/bad.cocci",
			    '--db', $db, $tree, 'mm');
is($status, 3, 'a semantic patch spatch refuses: the scan is partial');
like($err, qr{mm/a\.c: bad\.cocci: spatch exited}, 'each failed file is named with the reason');
is(sql($db, "SELECT sf.status FROM scan_files sf WHERE sf.scan_id = 3"), 'failed',
   'and recorded as failed');

($status, $out, $err) = run($memdesc, 'scan', '--engine', 'grep', '--db', $db, $tree);
is($status, 2, '--engine grep is a usage error');

done_testing();

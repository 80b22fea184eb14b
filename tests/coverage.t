#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# coverage.t - memdesc coverage on a small fake tree with one candidate of
# each class in mm/: a finding, a member of another record, a macro
# definition, a candidate in a file only the fallback read (spatch found
# nothing there), an argument VM_BUG_ON_PAGE() drops, a function
# declaration, a cast of an integer, and one the scan does not explain (a
# line the preprocessor skipped in a parsed file).  The counts, the listed
# line and the exit status; JSON; a scan without --census is refused;
# reading never writes; a scope operand narrows the files.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use JSON::PP ();
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(write_file run sql);

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC_ASAN} || $ENV{MEMDESC} || "$root/memdesc";

plan skip_all => 'spatch is not installed (apt-get install coccinelle)'
	unless system('sh', '-c', 'command -v spatch >/dev/null') == 0;

my $tree = tempdir(CLEANUP => 1);
write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 99\nEXTRAVERSION = -test\n");
system('cp', '-r', "$root/tests/fixtures/include", "$tree/include") == 0 or die "cp failed";
# as mmdebug.h has it without CONFIG_DEBUG_VM: the page argument is dropped
write_file("$tree/include/linux/mmdebug.h",
	   "#define VM_BUG_ON_PAGE(cond, page) ((void)sizeof((long)(cond)))\n");
write_file("$tree/mm/a.c", <<'EOF');
#include <linux/mm.h>
#include <linux/mmdebug.h>
/* page->lru in a comment, "page->lru" in a string: no candidates */
struct other { struct list_head lru; };
struct address_space *page_mapping(struct page *page);
#define NEXT(p) ((p)->lru.next)
int f(struct page *page, struct other *o, unsigned long addr)
{
	VM_BUG_ON_PAGE(addr == 0, page->mapping);
#ifdef CONFIG_NOPE
	return page->mapping != 0;
#endif
	return page->lru.next != 0 && o->lru.next != 0 && (struct page *)addr != 0;
}
EOF
write_file("$tree/mm/unbuilt.c", <<'EOF');
struct tree { void *mapping; };
void *unbuilt(struct tree *t)
{
	return t->mapping;
}
EOF

my $build = tempdir(CLEANUP => 1);
write_file("$build/compile_commands.json",
	   qq([{"directory": "$tree", "file": "mm/a.c", "arguments": ["gcc", "-nostdinc", "-I./include", "-std=gnu11", "-c", "mm/a.c"]}]\n));

my $work = tempdir(CLEANUP => 1);
$ENV{MEMDESC_CACHE} = "$work/cache";
my $db = "$work/cov.db";

my ($status, $out, $err) = run($memdesc, 'scan', '--census', '--db', $db, '--compdb', $build, $tree);
is($status, 1, 'scan --census: findings, exit 1') or diag($err);
is(sql($db, 'SELECT census FROM scans'), '1', 'the scan records that it has a census');
is(sql($db, "SELECT count(*) FROM census JOIN files ON files.id = file_id"
	    . " WHERE path = 'mm/a.c' AND kind = 'skipped' AND line = 10 AND end_line = 12"), '1',
   'the skipped lines are stored');
is(sql($db, "SELECT record FROM census JOIN files ON files.id = file_id"
	    . " WHERE path = 'mm/a.c' AND kind = 'member' AND line = 13 AND col = 35"), 'other',
   'the member of another record is stored with its record');

my @before = stat($db);
my $mtime = -M $db;
($status, $out, $err) = run($memdesc, 'coverage', '--db', $db, '--format', 'json', 'mm');
is($status, 1, 'coverage: unexplained candidates, exit 1') or diag($err);
my $cov = eval { JSON::PP->new->decode($out) } // {};
my $mm = $cov->{directories}{mm} // {};
my %want = (
	'finding' => 1,
	'member of another record' => 1,
	'macro definition' => 1,
	'read by the fallback only, no typed finding' => 1,
	'argument of VM_BUG_ON/VM_WARN_ON (CONFIG_DEBUG_VM off)' => 1,
	'function definition or declaration' => 1,
	'cast of a value that is not a struct pointer' => 1,
	'unexplained' => 1,
	'preprocessor-disabled, covered by the fallback' => 0,
);
for my $class (sort keys %want) {
	is($mm->{$class}, $want{$class}, "mm: $class: $want{$class}");
}
is($mm->{total}, 8, 'mm: 8 candidates, comments and strings left out');
is($cov->{unexplained}, 1, 'one unexplained candidate');
is_deeply([map { "$_->{path}:$_->{line}:$_->{column} $_->{rule} $_->{token}" } @{$cov->{unexplained_candidates}}],
	  ['mm/a.c:11:15 page-mapping mapping'], 'the unexplained one is the skipped line');
is($cov->{rules}{'page-lru'}{finding}, 1, 'page-lru: the finding of mm/a.c');
is((stat($db))[9], $before[9], 'reading never writes the database');

($status, $out, $err) = run($memdesc, 'coverage', '--db', $db, 'mm');
is($status, 1, 'text: exit 1');
like($out, qr/^coverage of scan 1 \(.*\): \d+ candidates in \d+ files, 1 unexplained$/m, 'text: the headline');
like($out, qr/^mm +1 +1 +1 +0 +1 +1 +1 +1 +1 +8$/m, 'text: the mm row, class by class');
like($out, qr/^mm\/a\.c:11:15: note: page-mapping candidate 'mapping' unexplained \(skipped by the preprocessor, and the fallback did not read the file\) \[coverage\]$/m,
     'text: the unexplained candidate, as a note');

($status, $out, $err) = run($memdesc, 'coverage', '--db', $db, '--list-unexplained', 'mm/unbuilt.c');
is($status, 0, 'a scope with every candidate explained: exit 0') or diag($err);
is($out, '', '--list-unexplained: nothing to list');

($status, $out, $err) = run($memdesc, 'coverage', '--db', $db, '--list-unexplained', 'mm');
is($out, "mm/a.c:11:15: note: page-mapping candidate 'mapping' unexplained (skipped by the preprocessor, and the fallback did not read the file) [coverage]\n",
   '--list-unexplained: the list alone');

($status, $out, $err) = run($memdesc, 'scan', '--db', "$work/plain.db", '--compdb', $build, $tree);
($status, $out, $err) = run($memdesc, 'coverage', '--db', "$work/plain.db");
is($status, 2, 'a scan without census: exit 2');
like($err, qr/scan 1 has no census: rescan with --census/, 'a scan without census: the error says what to do');

($status, $out, $err) = run($memdesc, 'scan', '--census', '--incremental', '--db', "$work/plain.db",
			    '--compdb', $build, $tree);
is($status, 2, '--census with --incremental is refused');

done_testing();

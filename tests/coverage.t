#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# coverage.t - memdesc coverage on a small fake tree with one candidate of
# each class in mm/: a finding, a member of another record, a macro
# definition, a candidate in a file only the fallback read (spatch found
# nothing there), lines the preprocessor skipped that the fallback read,
# an argument VM_BUG_ON_PAGE() drops (its definition does not use it), a function declaration, a cast of an
# integer, "(struct page *)" in sizeof and in a prototype, a parameter
# named lru as a call's last argument, a field a trace event's __field() declares
# (kernel/ev.c), and one the scan does not explain (a
# call through a function pointer member named like a callee).  The counts, the listed
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
struct ops { struct address_space *(*page_mapping)(struct page *); };
struct address_space *page_mapping(struct page *page);
#define NEXT(p) ((p)->lru.next)
int g(unsigned long size, int lru);
int f(struct page *page, struct other *o, unsigned long addr, int lru, struct ops *ops)
{
	VM_BUG_ON_PAGE(addr == 0, page->mapping);
#ifdef CONFIG_NOPE
	return o->lru.next != 0;
#endif
	if (ops->page_mapping(page))
		return 1;
	return page->lru.next != 0 && o->lru.next != 0 && (struct page *)addr != 0 &&
	       g(sizeof(struct page *), lru);
}
#if 0
struct address_space *g0(struct page *page) { return page->mapping; }
#endif
EOF
write_file("$tree/mm/unbuilt.c", <<'EOF');
struct tree { void *mapping; };
void *unbuilt(struct tree *t)
{
	return t->mapping;
}
EOF

# as a trace event declares its fields: a member a macro declares, of another record
write_file("$tree/kernel/ev.c", <<'EOF');
#define __field(type, item) type item;
#define EVENT(name, fields) struct trace_event_raw_##name { fields };
EVENT(mm_lru, __field(int, lru))
#if 0
int nothing_to_find;
#endif
EOF

my $build = tempdir(CLEANUP => 1);
write_file("$build/compile_commands.json", "[" . join(",\n", map {
	qq({"directory": "$tree", "file": "$_", "arguments": ["gcc", "-nostdinc", "-I./include", "-std=gnu11", "-c", "$_"]})
} qw(mm/a.c kernel/ev.c)) . "]\n");

my $work = tempdir(CLEANUP => 1);
$ENV{MEMDESC_CACHE} = "$work/cache";
my $db = "$work/cov.db";

my ($status, $out, $err) = run($memdesc, 'scan', '--census', '--db', $db, '--compdb', $build, $tree);
is($status, 1, 'scan --census: findings, exit 1') or diag($err);
is(sql($db, 'SELECT census FROM scans'), '1', 'the scan records that it has a census');
is(sql($db, "SELECT count(*) FROM census JOIN files ON files.id = file_id"
	    . " WHERE path = 'mm/a.c' AND kind = 'skipped' AND line = 12 AND end_line = 14"), '1',
   'the skipped lines are stored');
is(sql($db, "SELECT name FROM census JOIN files ON files.id = file_id"
	    . " WHERE path = 'mm/a.c' AND kind = 'dropped' AND line = 11 AND col = 34"), 'VM_BUG_ON_PAGE',
   'the token in the argument VM_BUG_ON_PAGE() does not use is stored with the macro');
is(sql($db, "SELECT record FROM census JOIN files ON files.id = file_id"
	    . " WHERE path = 'mm/a.c' AND kind = 'cast' AND line = 17"), 'unsigned long',
   'the cast is stored with the type of its operand');
is(sql($db, "SELECT count(*) FROM census JOIN files ON files.id = file_id"
	    . " WHERE path = 'mm/a.c' AND kind = 'variable' AND name = 'lru' AND line = 18"), '1',
   'the parameter named like a field is stored');
is(sql($db, "SELECT record FROM census JOIN files ON files.id = file_id"
	    . " WHERE path = 'mm/a.c' AND kind = 'member' AND line = 17 AND col = 35"), 'other',
   'the member of another record is stored with its record');

is(sql($db, "SELECT group_concat(line || ' ' || rule, ', ') FROM findings JOIN files ON files.id = file_id"
	    . " WHERE path = 'mm/a.c' AND engine = 'coccinelle'"), '21 page-mapping',
   'the fallback reads the lines the preprocessor skipped in a parsed file, and keeps only what it finds there');
is(sql($db, "SELECT group_concat(kind || ' ' || line, ', ') FROM census JOIN files ON files.id = file_id"
	    . " WHERE path = 'kernel/ev.c' AND kind IN ('skipped', 'fallback')"), 'skipped 4',
   'skipped lines without a token are in the census, but the fallback does not read them');
my @before = stat($db);
my $mtime = -M $db;
($status, $out, $err) = run($memdesc, 'coverage', '--db', $db, '--format', 'json', 'mm');
is($status, 1, 'coverage: unexplained candidates, exit 1') or diag($err);
my $cov = eval { JSON::PP->new->decode($out) } // {};
my $mm = $cov->{directories}{mm} // {};
my %want = (
	'finding' => 2,
	'member of another record' => 1,
	'macro definition' => 1,
	'read by the fallback only, no typed finding' => 1,
	'argument the macro drops in this configuration' => 1,
	'argument of VM_BUG_ON/VM_WARN_ON (CONFIG_DEBUG_VM off)' => 0,
	'function definition or declaration' => 1,
	'cast of a value of another type' => 1,
	'type name, not a cast (sizeof, a prototype)' => 2,
	'variable, not a member name' => 1,
	'unexplained' => 1,
	'preprocessor-disabled, read by the fallback, no typed finding' => 1,
);
for my $class (sort keys %want) {
	is($mm->{$class}, $want{$class}, "mm: $class: $want{$class}");
}
is($mm->{total}, 13, 'mm: 13 candidates, comments and strings left out');
is($cov->{unexplained}, 1, 'one unexplained candidate');
is_deeply([map { "$_->{path}:$_->{line}:$_->{column} $_->{rule} $_->{token}" } @{$cov->{unexplained_candidates}}],
	  ['mm/a.c:15:11 page-mapping page_mapping'], 'the unexplained one is the call through a member');
is($cov->{rules}{'page-lru'}{finding}, 1, 'page-lru: the finding of mm/a.c');
is((stat($db))[9], $before[9], 'reading never writes the database');

($status, $out, $err) = run($memdesc, 'coverage', '--db', $db, 'mm');
is($status, 1, 'text: exit 1');
like($out, qr/^coverage of scan 1 \(.*\): \d+ candidates in \d+ files, 1 unexplained$/m, 'text: the headline');
like($out, qr/^mm +2 +1 +1 +1 +1 +0 +1 +1 +2 +1 +1 +1 +13$/m, 'text: the mm row, class by class');
like($out, qr/^mm\/a\.c:15:11: note: page-mapping candidate 'page_mapping' unexplained \(the census has nothing here\) \[coverage\]$/m,
     'text: the unexplained candidate, as a note');

($status, $out, $err) = run($memdesc, 'coverage', '--db', $db, '--format', 'json', 'kernel');
$cov = eval { JSON::PP->new->decode($out) } // {};
is($status, 0, 'kernel: every candidate explained, exit 0') or diag($out . $err);
is($cov->{directories}{kernel}{'member of another record'}, 1,
   'a field a macro declares (a trace event\'s) is a member of its record');

($status, $out, $err) = run($memdesc, 'coverage', '--db', $db, '--list-unexplained', 'mm/unbuilt.c');
is($status, 0, 'a scope with every candidate explained: exit 0') or diag($err);
is($out, '', '--list-unexplained: nothing to list');

($status, $out, $err) = run($memdesc, 'coverage', '--db', $db, '--list-unexplained', 'mm');
is($out, "mm/a.c:15:11: note: page-mapping candidate 'page_mapping' unexplained (the census has nothing here) [coverage]\n",
   '--list-unexplained: the list alone');

($status, $out, $err) = run($memdesc, 'scan', '--db', "$work/plain.db", '--compdb', $build, $tree);
($status, $out, $err) = run($memdesc, 'coverage', '--db', "$work/plain.db");
is($status, 2, 'a scan without census: exit 2');
like($err, qr/scan 1 has no census: rescan with --census/, 'a scan without census: the error says what to do');

($status, $out, $err) = run($memdesc, 'scan', '--census', '--incremental', '--db', "$work/plain.db",
			    '--compdb', $build, $tree);
is($status, 2, '--census with --incremental is refused');

# a member of a record without a tag is still the member of another record
{
	my $anon = tempdir(CLEANUP => 1);
	write_file("$anon/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 99\nEXTRAVERSION = -test\n");
	system('cp', '-r', "$root/tests/fixtures/include", "$anon/include") == 0 or die "cp failed";
	write_file("$anon/mm/anon.c", "typedef struct { void *mapping; } anon_t;\n"
		   . "void *anon(anon_t *a)\n{\n\treturn a->mapping;\n}\n");
	my $anon_build = tempdir(CLEANUP => 1);
	write_file("$anon_build/compile_commands.json",
		   qq([{"directory": "$anon", "file": "mm/anon.c", "arguments": ["gcc", "-std=gnu11", "-c", "mm/anon.c"]}]\n));
	($status, $out, $err) = run($memdesc, 'scan', '--census', '--no-fallback', '--db', "$work/anon.db",
				    '--compdb', $anon_build, $anon);
	is($status, 0, 'a member of an untagged record: no finding, exit 0') or diag($err);
	unlike($err, qr/rejected/, 'and its census note is not rejected');
	is(sql("$work/anon.db", "SELECT record FROM census WHERE kind = 'member'"), '(unnamed)',
	   'it is stored as a member of an unnamed record');
	($status, $out, $err) = run($memdesc, 'coverage', '--db', "$work/anon.db", 'mm');
	is($status, 0, 'coverage: explained') or diag($out, $err);
	like($out, qr/^mm +0 +1 +(0 +)+1$/m, 'coverage: as a member of another record');
}

done_testing();

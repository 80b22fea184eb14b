#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# prefilter.t - which files a scan parses and which go to the fallback, on
# a small fake tree: a TU whose text has no token of a rule (and uses no
# header macro that reaches one) is not parsed, and the findings are the
# same without the prefilter; a TU that reaches a token only through a
# header macro is parsed; a .c file the configuration does not build and
# a header no parsed file reads go through spatch into the same scan, with
# engine coccinelle, but not tools/ and not with --no-fallback; without
# spatch they are counted as not scanned (exit 3).
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(write_file slurp run sql);

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC_ASAN} || $ENV{MEMDESC} || "$root/memdesc";

my $tree = tempdir(CLEANUP => 1);
write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 99\nEXTRAVERSION = -test\n");
system('cp', '-r', "$root/tests/fixtures/include", "$tree/include") == 0 or die "cp failed";
write_file("$tree/include/linux/extra.h",
	   "#include <linux/mm.h>\n#define lru_next_of(p) ((p)->lru.next)\n#define next_of(p) lru_next_of(p)\n");
write_file("$tree/include/linux/lonely.h",
	   "#include <linux/mm.h>\nstatic inline struct address_space *lonely(struct page *page)\n{\n\treturn page->mapping;\n}\n");
write_file("$tree/mm/hit.c", "#include <linux/mm.h>\nint hit(struct page *page) { return page->lru.next != 0; }\n");
write_file("$tree/mm/plain.c",
	   "#include <linux/mm.h>\n/* page->lru in a comment */\nint plain(int lru) { return lru + 1; }\n");
write_file("$tree/mm/viamacro.c",
	   "#include <linux/extra.h>\nint viamacro(struct page *page) { return next_of(page) != 0; }\n");
write_file("$tree/mm/unbuilt.c",
	   "#include <linux/mm.h>\nstruct address_space *unbuilt(struct page *page)\n{\n\treturn page->mapping;\n}\n");
write_file("$tree/tools/user.c",
	   "struct page { void *mapping; };\nvoid *user(struct page *page) { return page->mapping; }\n");

my @built = qw(mm/hit.c mm/plain.c mm/viamacro.c);
# compdb TREE FILES... - a build directory whose compile_commands.json builds FILES of TREE
sub compdb {
	my ($dir, @files) = @_;
	my $build = tempdir(CLEANUP => 1);
	write_file("$build/compile_commands.json", "[\n" . join(",\n", map {
		qq({"directory": "$dir", "file": "$_", "arguments": ["gcc", "-nostdinc", "-I./include", "-std=gnu11", "-c", "$_"]})
	} @files) . "\n]\n");
	return $build;
}
my $build = compdb($tree, @built);
# small_tree - a new tree with the Makefile and the headers of the first one
sub small_tree {
	my $dir = tempdir(CLEANUP => 1);
	system('cp', '-r', "$tree/Makefile", "$tree/include", $dir) == 0 or die "cp failed";
	return $dir;
}

my $work = tempdir(CLEANUP => 1);
$ENV{MEMDESC_CACHE} = "$work/cache";	# the cached macro closure
sub scan {
	my ($db, @flags) = @_;
	return run($memdesc, 'scan', '--db', "$work/$db", '--compdb', $build, '-j', '2', @flags, $tree);
}
sub fingerprints {
	my ($db, $engine) = @_;
	return sql("$work/$db", "SELECT path || ' ' || rule || ' ' || fingerprint FROM findings"
		   . " JOIN files ON files.id = file_id WHERE engine = '$engine' ORDER BY 1");
}
sub parsed {
	my ($db) = @_;
	return sql("$work/$db", "SELECT group_concat(path, ' ') FROM (SELECT path FROM scan_files"
		   . " JOIN files ON files.id = file_id WHERE role = 'tu' ORDER BY path)");
}

my $have_spatch = system('sh', '-c', 'command -v spatch >/dev/null') == 0;

# 1. the prefilter alone
{
	my ($status, $out, $err) = scan('pre.db', '--no-fallback');
	is($status, 1, 'findings: exit 1') or diag($err);
	like($err, qr/^prefilter: 2 of 3 files can hold a finding/m, 'two of three TUs can hold a finding');
	is(parsed('pre.db'), 'mm/hit.c mm/viamacro.c', 'the TU without a token is not parsed, the one with a macro is');
	like($out, qr{^mm/viamacro\.c:2:\d+: warning: page->lru: .*\[page-lru\]$}m,
	     'the finding through a header macro that reaches the token');

	($status, $out, $err) = scan('all.db', '--no-fallback', '--no-prefilter');
	is($status, 1, '--no-prefilter: exit 1') or diag($err);
	unlike($err, qr/^prefilter:/m, '--no-prefilter: no prefilter');
	is(parsed('all.db'), 'mm/hit.c mm/plain.c mm/viamacro.c', '--no-prefilter parses every TU');
	isnt(fingerprints('all.db', 'libclang'), '', 'findings to compare');
	is(fingerprints('pre.db', 'libclang'), fingerprints('all.db', 'libclang'),
	   'the same findings with and without the prefilter');
	unlike($out . $err, qr/lonely|unbuilt/, '--no-fallback: no fallback');

	# the macro closure is cached while no header changes
	($status, $out, $err) = scan('cached.db', '--no-fallback');
	like($err, qr/^prefilter: 2 of 3 .*\(\d+ macros cached reach a token\)/m, 'the next scan reads the cached closure');
	is(parsed('cached.db'), parsed('pre.db'), 'and parses the same TUs');
	write_file("$tree/include/linux/extra.h", `cat $tree/include/linux/extra.h` . "#define plain(l) lru_next_of(l)\n");
	($status, $out, $err) = scan('changed.db', '--no-fallback');
	like($err, qr/^prefilter: 3 of 3 files can hold a finding \(\d+ macros of \d+  headers reach a token\)/m,
	     'a changed header: learnt again, and a new macro reaching a token keeps the TU that uses it')
		or diag($err);
	write_file("$tree/include/linux/extra.h",
		   "#include <linux/mm.h>\n#define lru_next_of(p) ((p)->lru.next)\n#define next_of(p) lru_next_of(p)\n");
}

# 2. the fallback
SKIP: {
	skip 'spatch is not installed (apt-get install coccinelle)', 17 unless $have_spatch;
	my ($status, $out, $err) = scan('fb.db');
	is($status, 1, 'with the fallback: exit 1') or diag($err);
	# lonely.h, and the stand-in headers mm.h does not include
	like($err, qr/^fallback: 1 \.c files and [1-9]\d* headers no parsed file read can hold a finding/m,
	     'the fallback names what it covers');
	my ($done, $total) = $err =~ /: (\d+) of (\d+) files scanned/;
	ok(defined $total && $done == $total && $total == 3, 'the summary counts the fallback .c file as scanned')
		or diag($err);
	my $cocci = fingerprints('fb.db', 'coccinelle');
	like($cocci, qr{^include/linux/lonely\.h page-mapping }m, 'the header no TU reads');
	like($cocci, qr{^mm/unbuilt\.c page-mapping }m, 'the .c file the configuration does not build');
	unlike($cocci, qr{tools/}, 'not tools/');
	like($out, qr{^mm/unbuilt\.c:4:\d+: warning: .*\[page-mapping\]$}m, 'its findings are printed');
	is(fingerprints('fb.db', 'libclang'), fingerprints('pre.db', 'libclang'),
	   'the libclang findings are those of the scan without the fallback');
	is(sql("$work/fb.db", "SELECT DISTINCT certainty FROM findings WHERE engine = 'coccinelle'"), 'typed',
	   'fallback findings are typed');

	# --incremental: a file spatch read is read again only when its contents changed
	my $fb_findings = sql("$work/fb.db", "SELECT rule || ' ' || fingerprint FROM findings WHERE scan_id = 1"
			      . " AND engine = 'coccinelle' ORDER BY 1");
	($status, $out, $err) = scan('fb.db', '--incremental');
	like($err, qr/^fallback: (\d+) unchanged files reused from scan 1, 0 to spatch$/m,
	     '--incremental: every fallback file unchanged, none to spatch') or diag($err);
	is(sql("$work/fb.db", "SELECT rule || ' ' || fingerprint FROM findings WHERE scan_id = 2"
	       . " AND engine = 'coccinelle' ORDER BY 1"), $fb_findings, 'and the same fallback findings');
	write_file("$tree/mm/unbuilt.c", "/* a new first line */\n" . `cat $tree/mm/unbuilt.c`);
	($status, $out, $err) = scan('fb.db', '--incremental');
	like($err, qr/^fallback: \d+ unchanged files reused from scan 2, 1 to spatch$/m,
	     'the changed file goes to spatch again') or diag($err);
	like($out, qr{^mm/unbuilt\.c:5:\d+: warning: .*\[page-mapping\]$}m, 'found on its new line');
	is(sql("$work/fb.db", "SELECT rule || ' ' || fingerprint FROM findings WHERE scan_id = 3"
	       . " AND engine = 'coccinelle' ORDER BY 1"), $fb_findings, 'with the same fingerprints');

	# the walk remembers the prefilter's answers by size, mtime and inode
	my @seen = glob("$work/cache/prefilter/*.files");
	is(scalar(@seen), 1, 'the fallback walk keeps its answers in the cache directory');
	write_file("$tree/mm/later.c", "int later(int x) { return x; }\n");
	($status, $out, $err) = scan('fb.db', '--incremental');
	unlike($out, qr{mm/later\.c}, 'a file without a token is not a fallback file');
	write_file("$tree/mm/later.c", "#include <linux/mm.h>\nvoid *later(struct page *page) { return page->mapping; }\n");
	($status, $out, $err) = scan('fb.db', '--incremental');
	like($out, qr{^mm/later\.c:2:\d+: warning: .*\[page-mapping\]$}m, 'and once it has one, it is');
	unlink("$tree/mm/later.c");
}

# 3. no spatch: the files are counted, not silently dropped
{
	local $ENV{SPATCH} = '/nonexistent/spatch';
	my ($status, $out, $err) = scan('nospatch.db');
	is($status, 3, 'without spatch the scan is partial: exit 3') or diag($err);
	my ($headers) = $err =~ /and (\d+) headers no parsed file read/;
	my $files = 1 + ($headers // 0);
	like($err, qr{fallback: /nonexistent/spatch not found .*: $files files not covered}, 'and says what is not covered');
}

# 4. a scan without the fallback did not look at what the fallback found:
# its findings (here on lines the preprocessor skipped in a parsed file)
# still stand, nothing reads as fixed, until a scan with the fallback
SKIP: {
	skip 'spatch is not installed (apt-get install coccinelle)', 11 unless $have_spatch;
	my $t2 = small_tree();
	my $body = "#include <linux/mm.h>\nint live(struct page *page) { return page->lru.next != 0; }\n";
	my $off = "#ifdef CONFIG_NOT_SET\nvoid *off(struct page *page) { return page->mapping; }\n#endif\n";
	write_file("$t2/mm/skip.c", $body . $off);
	my $b2 = compdb($t2, 'mm/skip.c');
	my $db = "$work/nofb.db";
	my @scan = ($memdesc, 'scan', '--db', $db, '--compdb', $b2, $t2);
	my $off_finding = "SELECT count(*) FROM latest_findings WHERE path = 'mm/skip.c' AND engine = 'coccinelle'";
	run(@scan);
	is(sql($db, $off_finding), '1', 'the fallback finds the skipped lines\' page->mapping');
	run(@scan, '--no-fallback');
	is(sql($db, 'SELECT group_concat(fallback) FROM scans'), '1,0', 'each scan records whether the fallback ran');
	is(sql($db, $off_finding), '1', 'after a --no-fallback scan the finding still stands');
	is(sql($db, "SELECT count(*) FROM finding_history WHERE fixed_in_scan IS NOT NULL"), '0',
	   'and nothing reads as fixed');
	my ($status, undef, $err) = run($memdesc, 'gate', '--db', $db, '--baseline', $db, '--rules', 'all');
	like($err, qr/^gate: 0 new, \d+ unchanged, 0 fixed/m, 'nor to the gate') or diag($err);
	run($memdesc, 'baseline', '--db', $db, '--scan', '1', '-o', "$work/fb.baseline");
	like(slurp("$work/fb.baseline"), qr/^# engine coccinelle.*\n[0-9a-f]{16} page-mapping mm\/skip\.c$/m,
	     'a baseline file marks the fallback\'s findings');
	($status, undef, $err) = run($memdesc, 'gate', '--db', $db, '--baseline', "$work/fb.baseline",
				     '--rules', 'all');
	like($err, qr/^gate: 0 new, \d+ unchanged, 0 fixed/m, 'and the gate against it counts none fixed')
		or diag($err);
	run(@scan, '--incremental', '--no-fallback');
	like(sql($db, "SELECT group_concat(fallback) FROM scans"), qr/^1,0,0$/, '--incremental: the same way');
	write_file("$t2/mm/skip.c", $body);
	run(@scan);
	is(sql($db, $off_finding), '0', 'a scan with the fallback that does not find it again');
	is(sql($db, "SELECT group_concat(rule || ' ' || engine || ' ' || fixed_in_scan) FROM finding_history"
	       . " WHERE fixed_in_scan IS NOT NULL"), 'page-mapping coccinelle 4', 'fixed it');
	($status, undef, $err) = run($memdesc, 'gate', '--db', $db, '--baseline', $db, '--baseline-scan', '1',
				     '--rules', 'all');
	like($err, qr/^gate: 0 new, \d+ unchanged, 1 fixed/m, 'and the gate says so') or diag($err);
}

# 5. --incremental keeps what the fallback found on a header's skipped lines
# while the TUs that skipped them are reused, and reads them again when the
# header changes
SKIP: {
	skip 'spatch is not installed (apt-get install coccinelle)', 7 unless $have_spatch;
	my $t3 = small_tree();
	my $off = "static inline void *off(struct page *page) { return page->mapping; }\n";
	my $off2 = "static inline void *off2(struct page *page) { return page->mapping; }\n";
	my $quiet = "#ifdef CONFIG_OTHER\nint nothing_to_find;\n#endif\n";
	write_file("$t3/include/linux/cond.h", "#include <linux/mm.h>\n#ifdef CONFIG_NOT_SET\n$off#endif\n$quiet");
	for my $tu (qw(a b c)) {	# c.c does not include the header
		write_file("$t3/mm/$tu.c", ($tu eq 'c' ? "#include <linux/mm.h>\n" : "#include <linux/cond.h>\n")
			   . "int $tu(struct page *page) { return page->lru.next != 0; }\n");
	}
	my $b3 = compdb($t3, map { "mm/$_.c" } qw(a b c));
	my $db = "$work/skipped.db";
	my @scan = ($memdesc, 'scan', '--db', $db, '--compdb', $b3, $t3);
	my $in_header = sub {
		sql($db, "SELECT count(*) FROM findings JOIN files ON files.id = file_id WHERE scan_id = $_[0]"
		    . " AND path = 'include/linux/cond.h' AND engine = 'coccinelle'");
	};
	run(@scan);
	is($in_header->(1), '1', 'the fallback reads the header\'s skipped lines');
	is(sql($db, "SELECT group_concat(DISTINCT first_line || '-' || last_line) FROM tu_skipped"
	       . " JOIN files ON files.id = file_id WHERE path = 'include/linux/cond.h'"), '2-4',
	   'the scan keeps the skipped lines that can hold a finding, not the others');
	write_file("$t3/mm/c.c", slurp("$t3/mm/c.c") . "/* edited */\n");
	my ($status, undef, $err) = run(@scan, '--incremental');
	like($err, qr/^2 unchanged files reused from scan 1, 1 parsed$/m, 'two TUs reused, one parsed')
		or diag($err);
	like($err, qr/^fallback: 1 of them skipped as in scan 1 and reused, 0 to spatch$/m,
	     'the header\'s skipped lines are those of scan 1') or diag($err);
	is($in_header->(2), '1', 'and what the fallback found on them stands');
	write_file("$t3/include/linux/cond.h", "#include <linux/mm.h>\n#ifdef CONFIG_NOT_SET\n$off$off2#endif\n$quiet");
	($status, undef, $err) = run(@scan, '--incremental');
	like($err, qr/^fallback: 1 parsed files have lines the preprocessor skipped/m,
	     'after an edit of the header, spatch reads it again') or diag($err);
	is($in_header->(3), '2', 'and finds what the edit added');
}

done_testing();

#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# scan.t - the scan pipeline end to end on a small fake kernel tree with a
# compile_commands.json: findings reach the database, fingerprints survive
# inserted lines, a broken, a crashing and a hanging TU are reported and
# counted without stopping the scan, an interrupted scan is marked
# incomplete, and the exit statuses are the documented ones.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC_ASAN} || $ENV{MEMDESC} || "$root/memdesc";
my $n = 0;

sub ok ($$@) {
	my ($pass, $name, @diag) = @_;
	$n++;
	print(($pass ? 'ok' : 'not ok') . " $n - $name\n");
	print map { "# $_\n" } map { split /\n/ } @diag if !$pass;
	return $pass;
}

sub write_file {
	my ($path, $text) = @_;
	make_path(dirname($path));
	open my $fh, '>', $path or die "$path: $!";
	print $fh $text;
	close $fh;
}

sub slurp {
	my ($path) = @_;
	open my $fh, '<', $path or return '';
	local $/;
	my $text = <$fh>;
	return $text // '';
}

# run - run a command, returning (exit status, stdout, stderr).
sub run {
	my (@cmd) = @_;
	my $dir = tempdir(CLEANUP => 1);
	my $pid = fork() // die "fork: $!";
	if (!$pid) {
		open STDOUT, '>', "$dir/out" or die;
		open STDERR, '>', "$dir/err" or die;
		exec @cmd or die "exec $cmd[0]: $!";
	}
	waitpid($pid, 0);
	return ($? >> 8, slurp("$dir/out"), slurp("$dir/err"));
}

sub sql {
	my ($db, $query) = @_;
	my ($status, $out, $err) = run('sqlite3', '-batch', '-noheader', $db, $query);
	die "sqlite3: $err" if $status;
	chomp $out;
	return $out;
}

# A fake tree: enough for memdesc to accept it, with the stand-in headers.
my $tree = tempdir(CLEANUP => 1);
write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 99\nEXTRAVERSION = -test\n");
system('cp', '-r', "$root/tests/fixtures/include", "$tree/include") == 0 or die "cp failed";
my $lru_body = <<'EOF';
#include <linux/mm.h>

int walk(struct list_head *head)
{
	struct page *page;
	int n = 0;

	list_for_each_entry(page, head, lru)
		n++;
	return n;
}

struct address_space *owner(struct page *page)
{
	return READ_ONCE(page->mapping);
}
EOF
write_file("$tree/mm/walk.c", $lru_body);
write_file("$tree/fs/clean.c", "#include <linux/mm.h>\nint clean(struct folio *f) { return f->lru.next != 0; }\n");
write_file("$tree/fs/broken.c", "#include <linux/mm.h>\nint broken(struct page *page) { int x = ; return page->mapping != 0; }\n");
write_file("$tree/fs/crash.c", "#include <linux/mm.h>\nint crash(struct page *page) { return page->lru.next != 0; }\n");
write_file("$tree/drivers/other.c", "#include <linux/mm.h>\nint other(struct page *page) { return page->lru.next != 0; }\n");

write_file("$tree/fs/badflag.c", "#include <linux/mm.h>\nint badflag(struct page *page) { return page->lru.next != 0; }\n");

my @files = qw(mm/walk.c fs/clean.c fs/broken.c fs/crash.c fs/badflag.c drivers/other.c);
my $compdb = "[\n" . join(",\n", map {
	(my $obj = $_) =~ s/\.c$/.o/;
	my $extra = m{badflag} ? '"-fno-such-flag-for-memdesc", ' : '';
	qq({"directory": "$tree", "file": "$_", "arguments": ["gcc", "-nostdinc", "-I./include", "-std=gnu11", "-mpreferred-stack-boundary=3", $extra"-c", "-o", "$obj", "$_"]})
} @files) . "\n]\n";
my $build = tempdir(CLEANUP => 1);
write_file("$build/compile_commands.json", $compdb);

my $work = tempdir(CLEANUP => 1);
my $db = "$work/m.db";
my @scan = ($memdesc, 'scan', '--db', $db, '--compdb', $build, '-j', '2');

# 1. a scan of mm and fs: findings, failures, summary, exit status 1
{
	local $ENV{MEMDESC_FAULT_CRASH} = 'fs/crash.c';
	my ($status, $out, $err) = run(@scan, $tree, 'mm', 'fs');
	ok($status == 1, 'scan with findings exits 1', "status $status", $err);
	ok($out =~ m{^mm/walk\.c:8:34: warning: page->lru: .*\(via list_for_each_entry\(\)\) \[page-lru\]$}m,
	   'compiler-style line for the iterator form', $out);
	ok($out =~ m{^mm/walk\.c:15:25: warning: page->mapping: .*\(via READ_ONCE\(\)\) \[page-mapping\]$}m,
	   'compiler-style line for READ_ONCE(page->mapping)', $out);
	ok($out !~ m{drivers/other\.c}, 'files outside the scope are not scanned', $out);
	ok($out !~ m{fs/clean\.c}, 'folio->lru is not a finding', $out);
	ok($err =~ m{fs/broken\.c:2:\d+: error: .*\[memdesc-tu-parse-error\]}, 'a broken TU is reported', $err);
	ok($err =~ m{fs/crash\.c: error: worker died .*\[memdesc-tu-crashed\]}, 'a crashing TU is reported', $err);
	ok($err =~ m{fs/badflag\.c: error: unknown argument: '-fno-such-flag-for-memdesc' \[memdesc-tu-parse-error\]},
	   'a flag clang rejects is reported with the file, not a crash', $err);
	ok($err =~ /^page-lru\s+2\s+2$/m && $err =~ /^page-mapping\s+\d+/m && $err =~ /^compound-head\s+0\s+0$/m,
	   'summary table has every rule with its count', $err);
	ok($err =~ /5 of 5 files scanned, 1 failed, 2 with parse errors/, 'summary counts files and failures', $err);
	ok(sql($db, "SELECT p.status, tus_done, tus_failed, kernel_version, scope FROM scans JOIN scan_progress p ON scan_id = id") eq
	   'complete|5|1|6.12.99-test|mm fs', 'scan row: complete, counters, version, scope');
	ok(sql($db, "SELECT status FROM scan_files JOIN files ON id = file_id WHERE path = 'fs/crash.c'") eq 'crashed',
	   'crashed TU recorded as crashed');
	ok(sql($db, "SELECT status FROM scan_files JOIN files ON id = file_id WHERE path = 'fs/broken.c'") eq 'parse-error',
	   'broken TU recorded with its parse error');
	ok(sql($db, "SELECT count(*) FROM findings f JOIN files p ON p.id = f.file_id WHERE p.path = 'fs/broken.c'") eq '1',
	   'the partial AST of a broken TU is still searched');
	ok(sql($db, "SELECT function || ',' || macro FROM findings WHERE rule = 'page-lru' AND macro IS NOT NULL") eq 'walk,list_for_each_entry',
	   'function and macro are stored');
}

# 2. fingerprints survive lines inserted above the findings
{
	my $before = sql($db, "SELECT group_concat(fingerprint, ' ') FROM (SELECT fingerprint FROM findings f JOIN files p ON p.id = f.file_id WHERE scan_id = 1 AND p.path = 'mm/walk.c' ORDER BY fingerprint)");
	my $lines_before = sql($db, "SELECT group_concat(line, ' ') FROM (SELECT line FROM findings f JOIN files p ON p.id = f.file_id WHERE scan_id = 1 AND p.path = 'mm/walk.c' ORDER BY line)");
	write_file("$tree/mm/walk.c", "\n\n\n/* a comment */\n\n" . $lru_body);
	my ($status, $out, $err) = run(@scan, $tree, 'mm');
	my $after = sql($db, "SELECT group_concat(fingerprint, ' ') FROM (SELECT fingerprint FROM findings WHERE scan_id = 2 ORDER BY fingerprint)");
	my $lines_after = sql($db, "SELECT group_concat(line, ' ') FROM (SELECT line FROM findings WHERE scan_id = 2 ORDER BY line)");
	ok($status == 1 && $before ne '' && $before eq $after, 'fingerprints unchanged after inserting lines',
	   "before: $before", "after:  $after");
	ok($lines_before eq '8 15' && $lines_after eq '13 20', 'while the lines moved', "$lines_before -> $lines_after");
	write_file("$tree/mm/walk.c", $lru_body);
}

# 3. a hanging TU times out; the scan goes on
{
	local $ENV{MEMDESC_FAULT_HANG} = 'fs/clean.c';
	my ($status, $out, $err) = run(@scan, '--timeout', '2', $tree, 'fs');
	ok($err =~ m{fs/clean\.c: error: no result after 2 s \[memdesc-tu-timeout\]}, 'a hanging TU times out', $err);
	ok(sql($db, "SELECT status FROM scans ORDER BY id DESC LIMIT 1") eq 'complete', 'and the scan completes');
}

# 4. an interrupted scan keeps what it committed and is marked incomplete
{
	local $ENV{MEMDESC_FAULT_HANG} = 'fs/clean.c';
	my $pid = fork() // die;
	if (!$pid) {
		open STDOUT, '>', '/dev/null';
		open STDERR, '>', "$work/int.err";
		exec(@scan, '-j', '1', $tree, 'mm', 'fs') or die;
	}
	my $id = sql($db, "SELECT max(id) FROM scans");
	for (1 .. 100) {
		select(undef, undef, undef, 0.1);
		last if sql($db, "SELECT count(*) FROM scan_progress WHERE scan_id > $id AND tus_done > 0") > 0;
	}
	kill 'INT', $pid;
	waitpid($pid, 0);
	my $status = $? >> 8;
	my $row = sql($db, "SELECT status, tus_done > 0 FROM scan_progress ORDER BY scan_id DESC LIMIT 1");
	ok($status == 2 && $row eq 'incomplete|1', 'SIGINT: exit 2, scan incomplete, finished TUs kept',
	   "status $status, row $row", slurp("$work/int.err"));
}

# 5. errors are clear and exit 2; nothing is lost
{
	my ($status, $out, $err) = run(@scan, "$work/no-such-tree");
	ok($status == 2 && $err =~ /no-such-tree/, 'a missing tree: exit 2 and its name', $err);
	($status, $out, $err) = run(@scan, $tree, 'no/such/dir');
	ok($status == 2 && $err =~ m{no/such/dir}, 'a missing scope path: exit 2 and its name', $err);
	write_file("$work/corrupt.db", "not a database at all " x 100);
	($status, $out, $err) = run($memdesc, 'scan', '--db', "$work/corrupt.db", '--compdb', $build, $tree, 'mm');
	ok($status == 2 && $err =~ /corrupt\.db/ && slurp("$work/corrupt.db") =~ /^not a database/,
	   'a corrupt database: exit 2, file untouched', $err);
	($status, $out, $err) = run($memdesc, 'scan', '--enable', 'page-lru,nonsense', $tree);
	ok($status == 2 && $err =~ /unknown rule 'nonsense'/, 'an unknown rule id is named', $err);
	($status, $out, $err) = run(@scan, $tree, 'fs/clean.c');
	ok($status == 0 && $out eq '', 'a clean scope exits 0 and prints nothing', $out, $err);
}

# 6. JSON lines, rule selection, report from the database
{
	my ($status, $out, $err) = run(@scan, '--format', 'json', '--enable', 'page-mapping', $tree, 'mm');
	my @lines = split /\n/, $out;
	ok(@lines == 1 && $lines[0] =~ /^\{.*"rule":"page-mapping".*"fingerprint":"[0-9a-f]{16}".*\}$/,
	   'json: one object per line, only the enabled rule', $out);
	($status, $out, $err) = run($memdesc, 'report', '--db', $db);
	ok($status == 1 && $out =~ /^mm\/walk\.c:15:25: warning: .*\[page-mapping\]$/m && $out !~ /page-lru/,
	   'report prints the newest scan from the database', $out);
	($status, $out) = run($memdesc, 'list-rules');
	my @ids = map { (split ' ')[0] } split /\n/, $out;
	ok("@ids" eq 'page-lru page-mapping folio-page bh-page compound-head', 'list-rules lists the five ids', $out);
}

print "1..$n\n";

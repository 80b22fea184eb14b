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
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(write_file slurp run sql);

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC_ASAN} || $ENV{MEMDESC} || "$root/memdesc";

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

# 1. a scan of mm and fs: findings, failures, summary, exit status 3 (partial)
{
	local $ENV{MEMDESC_FAULT_CRASH} = 'fs/crash.c';
	my ($status, $out, $err) = run(@scan, $tree, 'mm', 'fs');
	is($status, 3, 'a scan with a crashed file is partial: exit 3') or diag($err);
	like($err, qr/scan 1 is partial: 1 files could not be scanned/, 'and says so');
	like($out, qr{^mm/walk\.c:8:34: warning: page->lru: .*\(via list_for_each_entry\(\)\) \[page-lru\]$}m,
	     'compiler-style line for the iterator form');
	like($out, qr{^mm/walk\.c:15:25: warning: page->mapping: .*\(via READ_ONCE\(\)\) \[page-mapping\]$}m,
	     'compiler-style line for READ_ONCE(page->mapping)');
	unlike($out, qr{drivers/other\.c}, 'files outside the scope are not scanned');
	unlike($out, qr{fs/clean\.c}, 'folio->lru is not a finding');
	like($err, qr{fs/broken\.c:2:\d+: error: .*\[memdesc-tu-parse-error\]}, 'a broken TU is reported');
	like($err, qr{fs/crash\.c: error: worker (died|exited) .*\[memdesc-tu-crashed\]}, 'a crashing TU is reported');
	like($err, qr{fs/badflag\.c: error: unknown argument: '-fno-such-flag-for-memdesc' \[memdesc-tu-parse-error\]},
	     'a flag clang rejects is reported with the file, not a crash');
	like($err, qr/^page-lru\s+2\s+2$/m, 'summary table: page-lru with its count');
	like($err, qr/^page-mapping\s+\d+/m, 'summary table: page-mapping with its count');
	like($err, qr/^compound-head\s+0\s+0$/m, 'summary table: a rule without findings too');
	like($err, qr/5 of 5 files scanned, 1 failed, 2 with parse errors/, 'summary counts files and failures');
	is(sql($db, "SELECT p.status, tus_done, tus_failed, kernel_version, scope FROM scans JOIN scan_progress p ON scan_id = id"),
	   'complete|5|1|6.12.99-test|mm fs', 'scan row: complete, counters, version, scope');
	is(sql($db, "SELECT status FROM scan_files JOIN files ON id = file_id WHERE path = 'fs/crash.c'"), 'crashed',
	   'crashed TU recorded as crashed');
	is(sql($db, "SELECT status FROM scan_files JOIN files ON id = file_id WHERE path = 'fs/broken.c'"), 'parse-error',
	   'broken TU recorded with its parse error');
	is(sql($db, "SELECT count(*) FROM findings f JOIN files p ON p.id = f.file_id WHERE p.path = 'fs/broken.c'"), '1',
	   'the partial AST of a broken TU is still searched');
	is(sql($db, "SELECT function || ',' || macro FROM findings WHERE rule = 'page-lru' AND macro IS NOT NULL"), 'walk,list_for_each_entry',
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
	is($status, 1, 'the scan after inserting lines exits 1') or diag($err);
	like($before, qr/\S/, 'the first scan stored fingerprints for mm/walk.c');
	is($after, $before, 'fingerprints unchanged after inserting lines');
	is($lines_before, '8 15', 'the lines of the findings before');
	is($lines_after, '13 20', 'while the lines moved');
	write_file("$tree/mm/walk.c", $lru_body);
}

# 3. a hanging TU times out; the scan goes on
{
	local $ENV{MEMDESC_FAULT_HANG} = 'fs/clean.c';
	my ($status, $out, $err) = run(@scan, '--timeout', '2', $tree, 'fs');
	like($err, qr{fs/clean\.c: error: no result after 2 s \[memdesc-tu-timeout\]}, 'a hanging TU times out');
	is(sql($db, "SELECT status FROM scans ORDER BY id DESC LIMIT 1"), 'complete', 'and the scan completes');
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
	is($status, 2, 'SIGINT: exit 2') or diag(slurp("$work/int.err"));
	is($row, 'incomplete|1', 'SIGINT: scan incomplete, finished TUs kept');
}

# 5. errors are clear and exit 2; nothing is lost
{
	my ($status, $out, $err) = run(@scan, "$work/no-such-tree");
	is($status, 2, 'a missing tree: exit 2');
	like($err, qr/no-such-tree/, 'a missing tree: its name');
	($status, $out, $err) = run(@scan, $tree, 'no/such/dir');
	is($status, 2, 'a missing scope path: exit 2');
	like($err, qr{no/such/dir}, 'a missing scope path: its name');
	write_file("$work/corrupt.db", "not a database at all " x 100);
	($status, $out, $err) = run($memdesc, 'scan', '--db', "$work/corrupt.db", '--compdb', $build, $tree, 'mm');
	is($status, 2, 'a corrupt database: exit 2');
	like($err, qr/corrupt\.db/, 'a corrupt database: its name');
	like(slurp("$work/corrupt.db"), qr/^not a database/, 'a corrupt database: file untouched');
	($status, $out, $err) = run($memdesc, 'scan', '--enable', 'page-lru,nonsense', $tree);
	is($status, 2, 'an unknown rule id: exit 2');
	like($err, qr/unknown rule 'nonsense'/, 'an unknown rule id is named');
	($status, $out, $err) = run(@scan, $tree, 'fs/clean.c');
	is($status, 0, 'a clean scope exits 0') or diag($err);
	is($out, '', 'a clean scope prints nothing');
}

# 7. a file that fails in a later scan is not fixed: its findings are carried as unknown
{
	my $mydb = "$work/carry.db";
	my @s = ($memdesc, 'scan', '--db', $mydb, '--compdb', $build, '-j', '2');
	my ($status, $out, $err) = run(@s, $tree, 'fs/crash.c', 'mm');
	is($status, 1, 'a clean first scan of fs/crash.c and mm exits 1 (findings)') or diag($err);
	{
		local $ENV{MEMDESC_FAULT_CRASH} = 'fs/crash.c';
		($status, $out, $err) = run(@s, $tree, 'fs/crash.c', 'mm');
	}
	is($status, 3, 'the second scan, in which fs/crash.c crashes, exits 3 (partial)');
	like($err, qr{fs/crash\.c: note: 1 findings of an earlier scan carried as unknown}, 'the carried findings are announced');
	like($out, qr{^fs/crash\.c:2:\d+: warning: .*\(not rescanned: carried from scan 1\) \[page-lru\]$}m,
	     'and printed as carried');
	is(sql($mydb, "SELECT count(*) FROM findings WHERE scan_id = 2 AND carried_from = 1"), '1',
	   'the database marks the carried finding with the scan it comes from');
	is(sql($mydb, "SELECT count(*) FROM fingerprint_history WHERE fixed_in_scan IS NOT NULL"), '0',
	   'nothing reads as fixed');
	is(sql($mydb, "SELECT count(*) FROM latest_findings WHERE path = 'fs/crash.c'"), '1',
	   'latest_findings still holds it');
	like(sql($mydb, "SELECT message FROM scan_files sf JOIN files p ON p.id = sf.file_id WHERE scan_id = 2 AND p.path = 'fs/crash.c'"),
	   qr/^worker (died of (Segmentation fault|Aborted)|exited with status \d+ without a report)$/, 'the TU row says how the worker died');
	($status) = run($memdesc, 'report', '--db', $mydb, '-q');
	is($status, 3, 'report of the partial scan exits 3');
	($status) = run($memdesc, 'report', '--db', $mydb, '--scan', '1', '-q');
	is($status, 1, 'report of the complete one exits 1');
	($status, $out, $err) = run(@s, $tree, 'fs/crash.c', 'mm');
	is(sql($mydb, "SELECT count(*) FROM findings WHERE scan_id = 3 AND carried_from IS NULL AND rule = 'page-lru'"), '2',
	   'a third, clean scan finds it again itself');
}

# 8. limits the parent enforces: time (also on a stopped worker) and memory
{
	local $ENV{MEMDESC_FAULT_STOP} = 'fs/clean.c';
	my ($status, $out, $err) = run(@scan, '--timeout', '2', $tree, 'fs/clean.c');
	like($err, qr{fs/clean\.c: error: no result after 2 s \[memdesc-tu-timeout\]}, 'a stopped worker times out');
	is(sql($db, "SELECT sf.status || ': ' || sf.message FROM scan_files sf JOIN files p ON p.id = sf.file_id WHERE p.path = 'fs/clean.c' ORDER BY scan_id DESC LIMIT 1"),
	   'timeout: killed at the time limit', 'recorded as timeout, with how it died');
}
{
	local $ENV{MEMDESC_FAULT_BLOAT} = 'fs/clean.c';
	my ($status, $out, $err) = run(@scan, '--max-memory', '300M', '--timeout', '60', $tree, 'fs/clean.c');
	is($status, 3, 'a worker past --max-memory costs its TU: exit 3');
	is(sql($db, "SELECT sf.status || ': ' || sf.message FROM scan_files sf JOIN files p ON p.id = sf.file_id WHERE p.path = 'fs/clean.c' ORDER BY scan_id DESC LIMIT 1"),
	   'failed: killed at the memory limit of 300 MiB', 'recorded as failed, with the limit');
	($status, $out, $err) = run(@scan, '--max-memory', 'lots', $tree);
	is($status, 2, '--max-memory takes a size');
}

# 9. the shipped binary has no test hooks
SKIP: {
	skip 'no separate plain build', 1 unless $ENV{MEMDESC} && $ENV{MEMDESC_ASAN} && $ENV{MEMDESC} ne $ENV{MEMDESC_ASAN};
	local $ENV{MEMDESC_FAULT_CRASH} = 'mm/walk.c';
	my ($status, $out, $err) = run($ENV{MEMDESC}, 'scan', '--db', "$work/plain.db", '--compdb', $build, $tree, 'mm');
	is($status, 1, 'MEMDESC_FAULT_CRASH does nothing to ./memdesc') or diag($err);
}

# 10. a reader that goes away does not stop the scan
{
	my $pipedb = "$work/pipe.db";
	system("'$memdesc' scan --db '$pipedb' --compdb '$build' -j 1 '$tree' mm fs 2>/dev/null | head -c 1 >/dev/null");
	is(sql($pipedb, "SELECT status FROM scans"), 'complete', 'scan | head: the scan still completes');
	is(sql($pipedb, "SELECT count(*) FROM scan_files WHERE role = 'tu'"), '5', 'with every file');
}

# 11. bytes that are not text: a NUL and a byte that is not UTF-8 on a finding's line
{
	write_file("$tree/fs/bytes.c", "#include <linux/mm.h>\nint b(struct page *page) { return page->lru.next != 0; } /* \xff \0 tail */\n");
	my $bdb = "$work/bytes.db";
	write_file("$work/bbuild/compile_commands.json", qq([{"directory": "$tree", "file": "fs/bytes.c", "arguments": ["gcc", "-nostdinc", "-I./include", "-std=gnu11", "-c", "fs/bytes.c"]}]\n));
	my ($status, $out, $err) = run($memdesc, 'scan', '--db', $bdb, '--compdb', "$work/bbuild", '--format', 'json', $tree, 'fs/bytes.c');
	my ($line) = grep { /"rule":"page-lru"/ } split /\n/, $out;
	like($line // '', qr/"source_line":"[^"]*\\ufffd \\u0000 tail \*\/"/i, 'json keeps source_line, NUL escaped, the bad byte replaced');
	like($line // '', qr/"engine":"libclang".*"certainty":"exact"/, 'and the engine and certainty');
	is(sql($bdb, "SELECT length(CAST(source_line AS BLOB)) FROM findings"), length("int b(struct page *page) { return page->lru.next != 0; } /* \xff \0 tail */"),
	   'the database keeps every byte of the line');
	unlink "$tree/fs/bytes.c";
}

# 12. report names what it cannot show, and says when a scan is not complete
{
	my ($status, $out, $err) = run($memdesc, 'report', '--db', $db, '--scan', '999');
	is($status, 2, 'report --scan 999 (no such scan) exits 2');
	like($err, qr/no scan 999/, 'and says so');
	($status, $out, $err) = run($memdesc, 'report', '--db', $db, '--scan', '-1');
	is($status, 2, 'report --scan -1 exits 2');
	my $id = sql($db, "SELECT id FROM scans WHERE status = 'incomplete' LIMIT 1");
	($status, $out, $err) = run($memdesc, 'report', '--db', $db, '--scan', $id);
	is($status, 3, 'report of an incomplete scan exits 3');
	like($err, qr/scan $id is incomplete: its findings may be partial/, 'with a warning');
}

# 6. JSON lines, rule selection, report from the database
{
	my ($status, $out, $err) = run(@scan, '--format', 'json', '--enable', 'page-mapping', $tree, 'mm');
	my @lines = split /\n/, $out;
	is(scalar @lines, 1, 'json: one line for the one finding of the enabled rule') or diag($out);
	like($lines[0] // '', qr/^\{.*"rule":"page-mapping".*"fingerprint":"[0-9a-f]{16}".*\}$/,
	     'json: one object per line, only the enabled rule');
	($status, $out, $err) = run($memdesc, 'report', '--db', $db);
	is($status, 1, 'report exits 1 when the scan has findings') or diag($err);
	like($out, qr/^mm\/walk\.c:15:25: warning: .*\[page-mapping\]$/m,
	     'report prints the newest scan from the database');
	unlike($out, qr/page-lru/, 'report prints only the newest scan');
	($status, $out) = run($memdesc, 'list-rules');
	my @ids = map { (split ' ')[0] } split /\n/, $out;
	is("@ids", 'page-lru page-mapping folio-page bh-page compound-head page-pool page-memcg page-flag page-index page-private folio-null', 'list-rules lists the eleven ids');
	my @gates = map { (split ' ')[1] } split /\n/, $out;
	is("@gates", join(' ', ('gate') x 5, ('advisory') x 6),
	   'list-rules: the five first rules gate CI, the six others are advisory');
}

# 5. the progress bar: on a terminal (script(1) gives the scan a pseudo-terminal), not in a pipe
SKIP: {
	skip 'script(1) is not installed', 4 if system('script -V >/dev/null 2>&1') != 0;
	my $typescript = "$work/typescript";
	my $cmd = join(' ', map { "'$_'" } @scan, $tree, 'mm', 'fs/clean.c') . ' >/dev/null';
	local $ENV{TERM} = 'xterm';
	system('script', '-qec', $cmd, $typescript) ;
	my $screen = slurp($typescript);
	like($screen, qr{\r\e\[Kscan 2/2 ETA 0:00 \[#+\] }, 'on a terminal: the bar, the count and the ETA');
	like($screen, qr{\r\e\[K(?:\r\e\[K)*rule\s+findings}, 'the bar is erased before the summary');
	my ($status, $out, $err) = run(@scan, $tree, 'mm', 'fs/clean.c');
	is($status, 1, 'the same scan in a pipe') or diag($err);
	unlike($err, qr/ETA|\e\[K/, 'in a pipe: no bar and no terminal codes');
}

# 6. --incremental: an unchanged file (its flags and every input) is reused, not parsed again
{
	my $idb = "$work/inc.db";
	my @inc = ($memdesc, 'scan', '--db', $idb, '--compdb', $build, '-j', '2', '--incremental', $tree, 'mm', 'fs/clean.c');
	my $fps = sub { sql($idb, "SELECT group_concat(fingerprint, ' ') FROM (SELECT fingerprint FROM findings WHERE scan_id = $_[0] ORDER BY 1)") };
	my $parsed = sub { sql($idb, "SELECT count(*) FROM scan_files WHERE scan_id = $_[0] AND role = 'tu' AND reused_from IS NULL") };
	my ($status, $out, $err) = run(@inc);
	is($status, 1, 'incremental: the first scan parses everything') or diag($err);
	is($parsed->(1), 2, 'both files parsed');
	($status, my $out2, $err) = run(@inc);
	is($status, 1, 'incremental: the second scan exits as the first') or diag($err);
	like($err, qr/^2 unchanged files reused from scan 1, 0 parsed$/m, 'nothing changed: both reused');
	is($out2, $out, 'and prints the same findings');
	is($fps->(2), $fps->(1), 'with the same fingerprints');
	is(sql($idb, "SELECT count(DISTINCT scan_id) FROM tu_inputs"), '1', 'only the newest scan keeps its inputs');
	write_file("$tree/mm/walk.c", $lru_body . "\n/* touched */\n");
	($status, undef, $err) = run(@inc);
	like($err, qr/^1 unchanged files reused from scan 2, 1 parsed$/m, 'a touched .c file is parsed again, alone');
	is($fps->(3), $fps->(1), 'the same findings');
	my $header = slurp("$tree/include/linux/mm.h");
	write_file("$tree/include/linux/mm.h", $header . "\n/* touched */\n");
	($status, undef, $err) = run(@inc);
	like($err, qr/^0 unchanged files reused from scan 3, 2 parsed$/m, 'a touched header: every file that reads it');
	write_file("$tree/include/linux/mm.h", $header);
	write_file("$tree/mm/walk.c", $lru_body);
	($status, undef, $err) = run(@inc);
	($status, undef, $err) = run(@inc, '--timeout', '30');
	like($err, qr/^2 unchanged files reused/m, 'options that do not change a parse keep the reuse');
	(my $cdb = slurp("$build/compile_commands.json")) =~ s/"-std=gnu11"/"-std=gnu11", "-DTOUCHED"/g;
	my $build2 = "$work/build2";
	write_file("$build2/compile_commands.json", $cdb);
	($status, undef, $err) = run(map { $_ eq $build ? $build2 : $_ } @inc);
	unlike($err, qr/reused/, 'another build directory: nothing to reuse from');
	my @full = ($memdesc, 'scan', '--db', "$work/full.db", '--compdb', $build, $tree, 'mm', 'fs/clean.c');
	run(@full);
	is(sql("$work/full.db", "SELECT group_concat(fingerprint, ' ') FROM (SELECT fingerprint FROM findings ORDER BY 1)"),
	   $fps->(6), 'a reused scan has the fingerprints of a full one');
}

# 13. a scan ended by a signal leaves no scratch directory behind: not the
# PCHs' (a hangup while its workers parse: SIGINT and SIGTERM stop them in
# order), nor spatch's (killed while the coccinelle engine runs), and it
# dies of that signal
{
	my $tmp = tempdir(CLEANUP => 1);
	my $flag = "$tmp/spatch.pid";
	my $fake = "$tmp/fake-spatch";
	write_file($fake, "#!/bin/sh\ncase \"\$*\" in *--version*) echo 'spatch version 1.1.1'; exit 0;; esac\n"
		   . "echo \$\$ > '$flag.tmp'; mv '$flag.tmp' '$flag'; exec sleep 30\n");
	chmod(0755, $fake) or die;
	my $scratch = sub { opendir(my $d, $tmp) or die; my @s = grep { /^memdesc-/ } readdir($d); "@s" };
	my @cases = (
		['HUP', 'PCH', 'memdesc-pch', { MEMDESC_FAULT_HANG => 'fs/clean.c' },
		 [$memdesc, 'scan', '--db', "$tmp/pch.db", '--compdb', $build, '-j', '1', $tree, 'mm', 'fs']],
		['TERM', 'spatch', 'memdesc-spatch', { SPATCH => $fake },
		 [$memdesc, 'scan', '--engine', 'coccinelle', '--db', "$tmp/cocci.db", $tree, 'mm']],
	);
	for my $case (@cases) {
		my ($sig, $what, $prefix, $env, $cmd) = @$case;
		unlink($flag);
		my $pid = fork() // die;
		if (!$pid) {
			# as from a terminal: under nohup the scan would inherit SIGHUP ignored
			$SIG{$_} = 'DEFAULT' for qw(HUP TERM);
			$ENV{$_} = $env->{$_} for keys %$env;
			$ENV{TMPDIR} = $tmp;
			open STDOUT, '>', '/dev/null';
			open STDERR, '>', "$tmp/err";
			exec(@$cmd) or die;
		}
		my $started;
		for (1 .. 200) {
			select(undef, undef, undef, 0.05);
			last if ($started = $scratch->() =~ /\Q$prefix\E\./ && ($what ne 'spatch' || -e $flag));
		}
		ok($started, "$what: the scan made its scratch directory") or diag(slurp("$tmp/err"));
		select(undef, undef, undef, 0.3) if $what eq 'PCH';	# its workers parse
		my @kids = split ' ', `pgrep -P $pid`;
		kill $sig, $pid;
		waitpid($pid, 0);
		is($? & 127, $sig eq 'TERM' ? 15 : 1, "$what: SIG$sig ends the scan by that signal");
		is($scratch->(), '', "$what: SIG$sig leaves nothing in \$TMPDIR");
		if ($what eq 'PCH') {	# one of them hangs (MEMDESC_FAULT_HANG)
			my @left;
			for (1 .. 100) {
				@left = grep { kill(0, $_) && `ps -o stat= -p $_` !~ /Z/ } @kids;
				last if !@left;
				select(undef, undef, undef, 0.05);
			}
			ok(@kids && !@left, "$what: its workers die with it (" . scalar(@kids) . " were running)");
			kill 'KILL', @left if @left;
		}
		if (-e $flag) {
			kill 'KILL', 0 + slurp($flag);
		}
	}
}

done_testing();

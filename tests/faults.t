#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# faults.t - the scan and its database under faults: the scanning process
# killed at random moments, a worker killed or stopped, a write lock held
# by another process, concurrent scans creating one new database, a closed
# stdout, a full disk, and reads of files that must not change.  After
# each fault the database passes PRAGMA integrity_check, its scans table is
# consistent, and a rerun finds the fingerprints of a clean scan.
#
# Every loop is bounded in count and time; only local processes.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use POSIX qw(WNOHANG);
use Time::HiRes qw(time sleep);
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(write_file slurp sql);

my $root = abs_path(dirname(dirname(__FILE__)));
my $plain = $ENV{MEMDESC} || "$root/memdesc";
my $asan = $ENV{MEMDESC_ASAN} || "$root/build/asan/memdesc";
plan skip_all => "no sqlite3 program" if system('sqlite3 -version >/dev/null 2>&1');
srand($ENV{FAULTS_SEED} // $$);

my $scratch = tempdir(CLEANUP => 1);
my $nout = 0;

# start - run @cmd in the background, stdout and stderr to files.
sub start {
	my (@cmd) = @_;
	my $n = $nout++;
	my ($out, $err) = ("$scratch/$n.out", "$scratch/$n.err");
	my $pid = fork() // die "fork: $!";
	if (!$pid) {
		open STDOUT, '>', $out or die;
		open STDERR, '>', $err or die;
		exec @cmd or die "exec $cmd[0]: $!";
	}
	return { pid => $pid, out => $out, err => $err, t0 => time() };
}

# finish - wait for a started command, at most @limit seconds, then kill it.
sub finish {
	my ($job, $limit) = @_;
	my $deadline = time() + ($limit // 60);
	my $r;
	while (($r = waitpid($job->{pid}, WNOHANG)) == 0 && time() < $deadline) {
		sleep(0.02);
	}
	if ($r == 0) {
		kill 'KILL', $job->{pid};
		waitpid($job->{pid}, 0);
		$job->{hung} = 1;
	}
	$job->{status} = $? >> 8;
	$job->{signal} = $? & 127;
	$job->{secs} = time() - $job->{t0};
	$job->{stdout} = slurp($job->{out});
	$job->{stderr} = slurp($job->{err});
	return $job;
}

sub run {
	my (@cmd) = @_;
	my $j = finish(start(@cmd), 120);
	return ($j->{status}, $j->{stdout}, $j->{stderr});
}

sub cksum {
	my ($path) = @_;
	my (undef, $out) = run('cksum', $path);
	return (split ' ', $out)[0] . ' ' . -s $path;
}

# header_rw - bytes 18 and 19 of a SQLite header: 1 1 rollback, 2 2 WAL.
sub header_rw {
	my ($path) = @_;
	open my $fh, '<:raw', $path or return '';
	my $head = '';
	read($fh, $head, 20);
	return length($head) < 20 ? '' : join(' ', unpack('C2', substr($head, 18, 2)));
}

sub proc_state {
	my ($pid) = @_;
	return slurp("/proc/$pid/stat") =~ /^\d+ \(.*\) (\S)/ ? $1 : '';
}

sub alive {
	my ($pid) = @_;
	my $state = proc_state($pid);
	return $state ne '' && $state ne 'Z' && $state ne 'X';
}

# freeze - SIGSTOP @pid and see it stopped: a process already on its way
# out (its report written) does not stop, so a kill after this one lands
# in the middle of the worker's work.
sub freeze {
	my ($pid) = @_;
	return 0 if !alive($pid) || !kill('STOP', $pid);
	my $deadline = time() + 0.5;
	while (time() < $deadline) {
		return 1 if proc_state($pid) =~ /^[Tt]$/;
		return 0 if !alive($pid);
		sleep(0.005);
	}
	kill 'CONT', $pid;
	return 0;
}

sub children {
	my ($pid) = @_;
	my (undef, $out) = run('pgrep', '-P', $pid);
	return grep { alive($_) } split ' ', $out;
}

# wait_gone - the processes are gone (or zombies), at most 10 s.
sub wait_gone {
	my (@pids) = @_;
	my $deadline = time() + 10;
	sleep(0.02) while grep({ alive($_) } @pids) && time() < $deadline;
}

# A fake tree of 30 small TUs, each with one page-lru and one page-mapping
# finding, and a header of inline functions so each parse takes a moment
# (3,000 of them: libclang parses with -w, and 300 went by before a kill
# could land in a worker).
my $tree = tempdir(CLEANUP => 1);
chmod 0755, $tree;
write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 99\nEXTRAVERSION = -test\n");
system('cp', '-r', "$root/tests/fixtures/include", "$tree/include") == 0 or die "cp failed";
write_file("$tree/include/linux/bulk.h", join('', map {
	"static inline int bulk_$_(struct page *p, int x) { int y = x * $_; if (y > 3) y -= p->index; return y + $_; }\n"
} 0 .. 2999));
my @files;
for my $i (0 .. 29) {
	my $name = sprintf('%s/t%02d.c', $i % 2 ? 'fs' : 'mm', $i);
	push @files, $name;
	write_file("$tree/$name", "#include <linux/mm.h>\n#include <linux/bulk.h>\n" .
		   "int f$i(struct page *page) { return page->lru.next != 0; }\n" .
		   "struct address_space *g$i(struct page *page) { return READ_ONCE(page->mapping); }\n");
}
my $build = tempdir(CLEANUP => 1);
chmod 0755, $build;
write_file("$build/compile_commands.json", "[\n" . join(",\n", map {
	(my $obj = $_) =~ s/\.c$/.o/;
	qq({"directory": "$tree", "file": "$_", "arguments": ["gcc", "-nostdinc", "-I./include", "-std=gnu11", "-c", "-o", "$obj", "$_"]})
} @files) . "\n]\n");

my $work = tempdir(CLEANUP => 1);
chmod 0755, $work;
sub scan_cmd {
	my ($bin, $db, @rest) = @_;
	return ($bin, 'scan', '--db', $db, '--compdb', $build, '-j', '2', @rest);
}
my @scope = ($tree, 'mm', 'fs');
my @small = ($tree, 'mm/t00.c', 'mm/t02.c', 'fs/t01.c', 'fs/t03.c');

sub fingerprints {
	my ($db, $scan, $where) = @_;
	$where = $where ? "AND $where" : '';
	return sql($db, "SELECT group_concat(fingerprint, ' ') FROM (SELECT fingerprint FROM findings f"
		   . " JOIN files p ON p.id = f.file_id WHERE scan_id = $scan $where ORDER BY fingerprint)");
}

sub last_scan {
	my ($db) = @_;
	return sql($db, 'SELECT max(id) FROM scans');
}

# integrity - PRAGMA integrity_check of the file, by the sqlite3 program.
sub integrity {
	my ($db, $what) = @_;
	my $r = eval { sql($db, 'PRAGMA integrity_check') } // "sqlite3 failed: $@";
	return is($r, 'ok', "$what: integrity_check ok");
}

# consistent - after a writer reopened the file: no 'running' row of a dead
# process, no scan with more TUs done than it set out to parse, no finding
# of a scan that does not exist.
sub consistent {
	my ($db, $what) = @_;
	my @dead = grep { !kill(0, $_) } split ' ',
		sql($db, "SELECT group_concat(pid, ' ') FROM scans WHERE status = 'running'");
	is("@dead", '', "$what: no 'running' scan of a dead process");
	is(sql($db, 'SELECT count(*) FROM scan_progress WHERE tus_done > tus_total'), '0',
	   "$what: no scan has more TUs done than its total");
	is(sql($db, 'SELECT count(*) FROM findings WHERE scan_id NOT IN (SELECT id FROM scans)'), '0',
	   "$what: every finding's scan exists");
}

my %count = (kills => 0, worker_kills => 0, stops => 0, concurrent => 0, lock_waits => 0,
	     integrity => 0, reruns => 0);

# rerun - the same scan again into @db: complete, the reference fingerprints.
my $ref_fp;
sub rerun {
	my ($db, $what, $bin) = @_;
	my ($status, undef, $err) = run(scan_cmd($bin // $plain, $db, @scope));
	is($status, 1, "$what: the rerun exits 1") or diag($err);
	my $id = last_scan($db);
	is(sql($db, "SELECT status FROM scans WHERE id = $id"), 'complete', "$what: the rerun is complete");
	my $same = is(fingerprints($db, $id), $ref_fp, "$what: the rerun finds the reference fingerprints");
	$count{reruns} += $same ? 1 : 0;
	$count{integrity} += integrity($db, "$what, after the rerun") ? 1 : 0;
	consistent($db, $what);
}

# 0. the clean reference scan
my $ref = "$work/ref.db";
{
	my ($status, $out, $err) = run(scan_cmd($plain, $ref, @scope));
	is($status, 1, 'reference scan exits 1') or diag($err);
	$ref_fp = fingerprints($ref, 1);
	is(scalar(split ' ', $ref_fp), 60, 'reference: 60 fingerprints');
	BAIL_OUT("no reference scan: $err") if $status != 1;
}

# 1. kill -9 of the scanning process at random moments
for my $i (1 .. 8) {
	my $db = "$work/kill-" . ($i <= 4 ? $i : 5) . '.db';
	my $delay = 0.05 + rand(1.45);
	my $job = start(scan_cmd($plain, $db, @scope));
	sleep($delay);
	my @kids = children($job->{pid});
	kill 'KILL', $job->{pid};
	finish($job, 10);
	wait_gone(@kids);
	$count{kills}++;
	my $what = sprintf('kill -9 %d at %.2f s', $i, $delay);
	if (-s $db) {
		$count{integrity} += integrity($db, $what) ? 1 : 0;
		my $n = sql($db, "SELECT count(*) FROM scans WHERE status = 'running'");
		diag("$what: killed scan left " . ($n ? "its row 'running'" : 'no running row'));
	}
	rerun($db, $what);
}

# 2. a worker killed by SIGKILL: recorded crashed, how it died, the scan goes on
for my $i (1 .. 3) {
	my $db = "$work/worker-kill-$i.db";
	my $job = start(scan_cmd($asan, $db, '--no-pch', @scope));
	my ($victim, $deadline) = (0, time() + 10);
	while (!$victim && time() < $deadline && waitpid($job->{pid}, WNOHANG) == 0) {
		my @kids = children($job->{pid});
		$victim = $kids[int rand @kids] if @kids && time() - $job->{t0} > 0.3 + rand(0.5);
		$victim = 0 if $victim && !(freeze($victim) && kill('KILL', $victim));
		sleep(0.005) if !$victim;
	}
	finish($job, 60);
	my $what = "worker kill $i";
	ok($victim, "$what: a worker was killed") or next;
	$count{worker_kills}++;
	is($job->{status}, 3, "$what: the scan exits 3 (partial)") or diag($job->{stderr});
	is(sql($db, 'SELECT status FROM scans'), 'complete', "$what: the scan completes");
	my $row = sql($db, "SELECT p.path || '|' || coalesce(message, 'NULL') FROM scan_files s"
		      . " JOIN files p ON p.id = s.file_id WHERE status = 'crashed'");
	like($row, qr{^(mm|fs)/t\d\d\.c\|worker died of Killed$}, "$what: its TU recorded crashed, saying how");
	my ($path) = split /\|/, $row;
	is(sql($db, "SELECT count(*) FROM scan_files WHERE status <> 'ok'"), '1', "$what: only that TU failed");
	like($job->{stderr}, qr{\Q$path\E: error: worker died of Killed \[memdesc-tu-crashed\]},
	     "$what: reported on stderr");
	is(fingerprints($db, 1), fingerprints($ref, 1, "p.path <> '$path'"),
	   "$what: every other TU's findings stored");
	$count{integrity} += integrity($db, $what) ? 1 : 0;
	rerun($db, $what);
}

# 2b. a precompiled header's builder stopped (the first child of a cold
#     scan: the builders run before any worker): --timeout kills it, its
#     TUs parse without, and nothing is lost
{
	my $db = "$work/pch-stop.db";
	my $job = start(scan_cmd($asan, $db, '--timeout', '2', @scope));
	my ($victim, $deadline) = (0, time() + 10);
	while (!$victim && time() < $deadline && waitpid($job->{pid}, WNOHANG) == 0) {
		my @kids = children($job->{pid});
		$victim = $kids[0] if @kids;
		$victim = 0 if $victim && !freeze($victim);
		sleep(0.002) if !$victim;
	}
	finish($job, 60);
	ok($victim, 'PCH builder: stopped') or diag($job->{stderr});
	ok(!$job->{hung}, 'PCH builder stopped: the scan finishes');
	like($job->{stderr}, qr/^pch: .* did not build; its \d+ TUs parse without$/m,
	     'PCH builder stopped: its PCH did not build, said so');
	is($job->{status}, 1, 'PCH builder stopped: exit 1, findings and no failure') or diag($job->{stderr});
	ok(!alive($victim), 'PCH builder stopped: it is gone');
	is(fingerprints($db, 1), $ref_fp, 'PCH builder stopped: the findings of the reference');
}

# 3. a worker stopped by SIGSTOP: --timeout kills it, recorded 'timeout';
#    in the same scan a worker dying of SIGSEGV says so
for my $i (1 .. 2) {
	my $db = "$work/worker-stop-$i.db";
	local $ENV{MEMDESC_FAULT_CRASH} = 'mm/t28.c';
	# the signal kills the worker, not ASan's report of it
	local $ENV{ASAN_OPTIONS} = join(':', grep { defined } $ENV{ASAN_OPTIONS}, 'handle_segv=0');
	my $job = start(scan_cmd($asan, $db, '--no-pch', '--timeout', '2', @scope));
	my ($victim, $deadline) = (0, time() + 10);
	while (!$victim && time() < $deadline && waitpid($job->{pid}, WNOHANG) == 0) {
		my @kids = children($job->{pid});
		$victim = $kids[int rand @kids] if @kids && time() - $job->{t0} > 0.2 + rand(0.5);
		$victim = 0 if $victim && !freeze($victim);
		sleep(0.005) if !$victim;
	}
	finish($job, 60);
	my $what = "SIGSTOP $i";
	ok($victim, "$what: a worker was stopped") or next;
	$count{stops}++;
	ok(!$job->{hung}, "$what: the scan finishes");
	is($job->{status}, 3, "$what: the scan exits 3 (partial)") or diag($job->{stderr});
	ok(!alive($victim), "$what: the stopped worker is gone");
	is(sql($db, 'SELECT status FROM scans'), 'complete', "$what: the scan completes");
	my $row = sql($db, "SELECT p.path || '|' || coalesce(message, 'NULL') FROM scan_files s"
		      . " JOIN files p ON p.id = s.file_id WHERE status = 'timeout'");
	like($row, qr{^(mm|fs)/t\d\d\.c\|killed at the time limit$}, "$what: its TU recorded 'timeout', saying why");
	like($job->{stderr}, qr{: error: no result after 2 s \[memdesc-tu-timeout\]}, "$what: reported on stderr");
	is(sql($db, "SELECT coalesce(message, 'NULL') FROM scan_files s JOIN files p ON p.id = s.file_id"
	       . " WHERE p.path = 'mm/t28.c'"), 'worker died of Segmentation fault',
	   "$what: a worker killed by SIGSEGV says so");
	is(sql($db, "SELECT count(*) FROM scan_files WHERE message IS NULL AND status IN ('crashed', 'timeout')"),
	   '0', "$what: no dead worker without a message");
	$count{integrity} += integrity($db, $what) ? 1 : 0;
	rerun($db, $what);
}

# hold_lock - another process holds BEGIN IMMEDIATE on @db for @secs.  The
# holder waits out the probe's own brief lock (.timeout) rather than fail on it.
sub hold_lock {
	my ($db, $secs) = @_;
	my $job = start('sh', '-c', "(echo '.timeout 20000'; echo 'BEGIN IMMEDIATE;'; sleep $secs; echo 'COMMIT;')"
			. " | sqlite3 '$db'");
	my $deadline = time() + 20;
	while (time() < $deadline) {
		my ($status) = run('sqlite3', $db, 'BEGIN IMMEDIATE; ROLLBACK;');
		return $job if $status;
		sleep(0.05);
	}
	finish($job, 1);
	return;
}

# 4. a write lock held by another process for 12 s: the scan waits and completes
for my $mode ('wal', 'delete') {
	my $db = "$work/lock-$mode.db";
	my $secs = $mode eq 'wal' ? 12 : 4;
	my $what = "write lock held $secs s ($mode journal)";
	system('cp', $ref, $db) == 0 or die;
	sql($db, 'PRAGMA journal_mode = DELETE') if $mode eq 'delete';
	my $holder = hold_lock($db, $secs);
	ok($holder, "$what: the lock is held") or next;
	my $job = finish(start(scan_cmd($plain, $db, @scope)), 60);
	finish($holder, 10);
	is($job->{status}, 1, "$what: the scan exits 1") or diag($job->{stderr});
	unlike($job->{stderr}, qr/locked|busy/i, "$what: no 'database is locked'");
	cmp_ok($job->{secs}, '>=', $secs - 1, "$what: it waited for the lock");
	$count{lock_waits}++ if $job->{status} == 1;
	is(sql($db, 'SELECT group_concat(status) FROM scans'), 'complete,complete', "$what: both scans complete");
	is(fingerprints($db, 2), $ref_fp, "$what: the scan's fingerprints");
	$count{integrity} += integrity($db, $what) ? 1 : 0;
	consistent($db, $what);
}

# 5. concurrent scans creating one new database
my $small_fp = fingerprints($ref, 1, "p.path IN ('mm/t00.c', 'mm/t02.c', 'fs/t01.c', 'fs/t03.c')");
for my $trial ([2, 10], [4, 3]) {
	my ($n, $trials) = @$trial;
	my @bad;
	for my $t (1 .. $trials) {
		my $db = "$work/concurrent-$n-$t.db";
		my @jobs = map { start($plain, 'scan', '--db', $db, '--compdb', $build, '-j', '1', @small) } 1 .. $n;
		finish($_, 60) for @jobs;
		$count{concurrent} += $n;
		my @fail = grep { $_->{status} != 1 } @jobs;
		push @bad, map { "trial $t: exit $_->{status}: $_->{stderr}" } @fail;
		my $rows = sql($db, "SELECT count(*) || ' ' || sum(status = 'complete') FROM scans");
		push @bad, "trial $t: scans (rows, complete) $rows" if $rows ne "$n $n";
		for my $id (1 .. $n) {
			my $fp = fingerprints($db, $id);
			push @bad, "trial $t: scan $id: other findings" if $fp ne $small_fp;
		}
		my $ok = eval { sql($db, 'PRAGMA integrity_check') } // '';
		push @bad, "trial $t: integrity_check $ok" if $ok ne 'ok';
		$count{integrity} += $ok eq 'ok' ? 1 : 0;
	}
	is(scalar(@bad), 0, "$n concurrent scans into a new database, $trials trials: all complete, same findings")
		or diag(join("\n", @bad));
	unlike(join('', @bad), qr/already exists|database is locked/, "$n concurrent: no 'already exists', no 'locked'");
}

# 6. stdout closed early: memdesc scan | head -1
{
	my $db = "$work/pipe.db";
	my $job = finish(start('bash', '-c', 'set -o pipefail; "$@" | head -1; echo "status ${PIPESTATUS[0]}" >&2',
			       'sh', scan_cmd($plain, $db, @scope)), 60);
	my ($status) = $job->{stderr} =~ /^status (\d+)$/m;
	is(scalar(split /\n/, $job->{stdout}), 1, 'SIGPIPE: head printed one line');
	diag("SIGPIPE: memdesc scan | head -1: exit status " . ($status // '?')
	     . ', scan row ' . sql($db, 'SELECT status FROM scans'));
	isnt(sql($db, 'SELECT status FROM scans WHERE id = 1'), 'running',
	     "SIGPIPE: the scan's row is not left 'running'");
	$count{integrity} += integrity($db, 'SIGPIPE') ? 1 : 0;
	rerun($db, 'SIGPIPE');
}

# 7. a full disk under the database
SKIP: {
	my $mnt = "$work/tmpfs";
	make_path($mnt);
	skip 'cannot mount a tmpfs (not root?)', 14
		if $> != 0 || system('mount', '-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', $mnt);
	my $db = "$mnt/full.db";
	for my $free (0, 48) {
		my ($status, undef, $err) = run(scan_cmd($plain, $db, @scope));
		my $first = last_scan($db);
		is($status, 1, "disk full ($free KB left): the first scan completes") or diag($err);
		my $fill = "$mnt/fill";
		system("dd if=/dev/zero of='$fill' bs=4k 2>/dev/null");
		system('truncate', '-s', "-${free}K", $fill) if $free;
		my $job = finish(start(scan_cmd($plain, $db, @scope)), 60);
		unlink $fill;
		my $what = "disk full ($free KB left)";
		is($job->{status}, 2, "$what: the scan fails with exit 2") or diag($job->{stderr});
		like($job->{stderr}, qr{\Q$db\E: .*(disk is full|no space left)}i, "$what: a clear message");
		$count{integrity} += integrity($db, $what) ? 1 : 0;
		is(fingerprints($db, $first), $ref_fp, "$what: the committed scan intact");
		my $later = sql($db, "SELECT group_concat(status) FROM scans WHERE id > $first");
		diag("$what: the failed scan's row: " . ($later eq '' ? 'none' : $later));
		rerun($db, $what);
	}
	system('umount', $mnt);
}

# 8. reading never writes
{
	my $dir = "$work/read";
	make_path($dir);
	my $report = sub { run($plain, 'report', '--db', @_) };
	my @cases = (
		['empty file', sub { write_file($_[0], '') }, qr/empty file/],
		['1-byte file', sub { write_file($_[0], 'S') }, qr/not a SQLite database/],
		["another application's SQLite file", sub { sql($_[0], 'CREATE TABLE t(x); INSERT INTO t VALUES (1)') },
		 qr/not a memdesc database/],
		['a memdesc db of user_version + 1', sub {
			system('cp', $ref, $_[0]);
			my $newer = sql($_[0], 'PRAGMA user_version') + 1;
			sql($_[0], "PRAGMA journal_mode = DELETE; PRAGMA user_version = $newer");
		 }, qr/newer memdesc/],
		['a memdesc db in rollback-journal mode', sub {
			system('cp', $ref, $_[0]);
			sql($_[0], 'PRAGMA journal_mode = DELETE');
		 }, undef],
	);
	my $n = 0;
	for my $case (@cases) {
		my ($what, $make, $error) = @$case;
		my $db = "$dir/case-" . $n++ . '.db';
		$make->($db);
		my ($sum, $rw) = (cksum($db), header_rw($db));
		my ($status, $out, $err) = $report->($db);
		if ($error) {
			is($status, 2, "report on $what: exit 2");
			like($err, qr/\Q$db\E: .*$error/, "report on $what: a clear error") or diag($err);
		} else {
			is($status, 1, "report on $what: its findings") or diag($err);
		}
		is(cksum($db), $sum, "report on $what: the file is byte for byte unchanged");
		is(header_rw($db), $rw, "report on $what: header bytes 18, 19 unchanged ($rw)");
		ok(!-e "$db-wal" && !-e "$db-journal", "report on $what: no journal left beside it");
	}
}

# 9. a read-only database in a read-only directory, and a writable one there
SKIP: {
	my @nobody = ('setpriv', '--reuid=65534', '--regid=65534', '--clear-groups');
	skip 'needs root and setpriv to run as nobody', 12
		if $> != 0 || (run(@nobody, $plain, '--version'))[0] != 0;
	my $ro = "$work/ro dir %3F?#";	# the URI of an immutable open must escape it
	make_path($ro);
	system('cp', $ref, "$ro/m.db") == 0 or die;
	chmod 0444, "$ro/m.db";
	chmod 0555, $ro;
	my ($sum, $rw) = (cksum("$ro/m.db"), header_rw("$ro/m.db"));
	is($rw, '2 2', 'read-only: the database is in WAL mode');
	my ($status, $out, $err) = run(@nobody, $plain, 'report', '--db', "$ro/m.db");
	is($status, 1, 'report on a read-only db in a read-only directory works') or diag($err);
	is(scalar(split /\n/, $out), 60, 'read-only: every finding printed');
	is(cksum("$ro/m.db"), $sum, 'read-only: byte for byte unchanged');
	is(header_rw("$ro/m.db"), '2 2', 'read-only: header bytes 18, 19 unchanged');
	ok(!-e "$ro/m.db-shm" && !-e "$ro/m.db-wal", 'read-only: nothing created beside it');

	# a database the user may write, in a directory it may not: WAL needs the directory
	my $wdir = "$work/rodir";
	make_path($wdir);
	system('cp', $ref, "$wdir/m.db") == 0 or die;
	chown 65534, 65534, "$wdir/m.db";
	chmod 0555, $wdir;
	$sum = cksum("$wdir/m.db");
	($status, $out, $err) = run(@nobody, scan_cmd($plain, "$wdir/m.db", @scope));
	is($status, 2, 'a writable db in a read-only directory: exit 2');
	like($err, qr{\Q$wdir/m.db\E: .*directory.*writable}, 'a writable db in a read-only directory: says the directory must be writable')
		or diag($err);
	unlike($err, qr/attempt to write a readonly database/, "not just 'attempt to write a readonly database'");
	is(cksum("$wdir/m.db"), $sum, 'a writable db in a read-only directory: unchanged');
	($status, $out, $err) = run(@nobody, $plain, 'report', '--db', "$wdir/m.db");
	is($status, 1, 'and reading it works') or diag($err);
	is(cksum("$wdir/m.db"), $sum, 'and leaves it unchanged');
	chmod 0755, $ro, $wdir;
}

diag(join(', ', map { "$_ $count{$_}" } sort keys %count));
done_testing();

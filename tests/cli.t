#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# cli.t - the command line: every command has --help, every option of every
# command is in memdesc(1), numeric options are parsed strictly, operands
# and values are checked, and make install puts the binary and the man
# page under DESTDIR/PREFIX.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(slurp run);

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC} || "$root/memdesc";
my $work = tempdir(CLEANUP => 1);

my $man = slurp("$root/doc/memdesc.1");
(my $man_text = $man) =~ s/\\-/-/g;

my ($status, $out, $err) = run($memdesc, '--help');
is($status, 0, 'memdesc --help exits 0');
my @commands = $out =~ /^  ([a-z-]+)\s{2,}/mg;
ok(@commands >= 6, 'it lists the commands: ' . join(' ', @commands));

for my $cmd (@commands) {
	($status, $out, $err) = run($memdesc, $cmd, '--help');
	is($status, 0, "$cmd --help exits 0");
	like($out, qr/^usage: memdesc \Q$cmd\E /, "$cmd --help prints its usage");
	ok(scalar(split /\n/, $out) < 60, "$cmd --help is memdesc's own text, not a compiler's");
	like($man_text, qr/^\.SS \Q$cmd\E$/m, "memdesc(1) has a section for $cmd");
	my ($section) = $man_text =~ /^\.SS \Q$cmd\E\n(.*?)(?=^\.SS |^\.SH )/ms;
	$section //= '';
	for my $opt ($out =~ /(--[a-z][a-z-]*)/g) {
		next if $opt eq '--help';
		like($section, qr/\Q$opt\E\b/, "memdesc(1) documents $cmd $opt");
	}
	($status, $out, $err) = run($memdesc, 'help', $cmd);
	like($out, qr/^usage: memdesc \Q$cmd\E /, "memdesc help $cmd");
}

($status, $out, $err) = run($memdesc, 'nonsense');
is($status, 2, 'an unknown command exits 2');
like($err, qr/'nonsense' is not a memdesc command/, 'and says so');

# Strict values: the whole string must be a number in range.
for my $case (['-j', '4x'], ['-j', '0'], ['--jobs', '1000000'], ['--timeout', 'abc'],
	      ['--timeout', '0'], ['--timeout', '-1'], ['--timeout', '']) {
	my ($opt, $value) = @$case;
	($status, $out, $err) = run($memdesc, 'scan', $opt, $value, $work);
	is($status, 2, "scan $opt '$value' is an error");
	like($err, qr/'\Q$value\E' is not a whole number from \d+ to \d+/, 'naming the value and the range');
}
($status, $out, $err) = run($memdesc, 'scan', '-j4x', $work);
is($status, 2, 'scan -j4x is an error too');
($status, $out, $err) = run($memdesc, 'scan', $work, '--db');
is($status, 2, 'an option without its value is an error');
like($err, qr/--db needs a value/, 'that names the option');
($status, $out, $err) = run($memdesc, 'scan', '--no-such-option', $work);
like($err, qr/unknown option '--no-such-option'/, 'an unknown option is named');
($status, $out, $err) = run($memdesc, 'scan', '--quiet=yes', $work);
like($err, qr/--quiet takes no value/, 'a flag with a value is an error');
($status, $out, $err) = run($memdesc, 'scan');
is($status, 2, 'scan without a tree exits 2');
($status, $out, $err) = run($memdesc, 'report', '--scan', 'abc');
is($status, 2, 'report --scan abc is an error');
($status, $out, $err) = run($memdesc, 'report', '--db', "$work/none.db", 'extra');
like($err, qr/unexpected operand 'extra'/, 'report rejects extra operands');
($status, $out, $err) = run($memdesc, 'report', '--db', "$work/none.db");
is($status, 2, 'report on a missing database exits 2');
ok(!-e "$work/none.db", 'and creates nothing');
($status, $out, $err) = run($memdesc, 'list-rules', '--format', 'yaml');
is($status, 2, 'list-rules --format yaml is an error');
($status, $out, $err) = run($memdesc, 'import', '--engine', 'grep', '-');
is($status, 2, 'import --engine grep is an error');

# make install honours PREFIX and DESTDIR.
SKIP: {
	skip 'make is not installed', 3 unless -x '/usr/bin/make';
	my $dest = "$work/dest";
	($status, $out, $err) = run('make', '-s', '-C', $root, 'install', "DESTDIR=$dest", 'PREFIX=/opt/md');
	is($status, 0, 'make install DESTDIR=... PREFIX=/opt/md') or diag($err);
	ok(-x "$dest/opt/md/bin/memdesc", 'installs the binary');
	ok(-f "$dest/opt/md/share/man/man1/memdesc.1", 'and the man page');
}

# --config names a configuration memdesc can prepare, for scan and compdb alike
for my $cmd (qw(scan compdb)) {
	my ($status, undef, $err) = run($memdesc, $cmd, '--config', 'tinyconfig', '/nonexistent');
	is($status, 2, "$cmd --config tinyconfig: exit 2");
	like($err, qr/--config: 'tinyconfig' is neither defconfig nor allmodconfig/, "$cmd --config: says why");
}

done_testing();

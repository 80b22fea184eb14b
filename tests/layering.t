#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# layering.t - scripts/check-layering.sh finds one violation of each
# forbidden include edge in a small fake tree, and nothing else; passes a
# clean fake tree (with some parts absent); and the project itself keeps to
# the layering.
use strict;
use warnings;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(write_file);

my $root = dirname(dirname(abs_path(__FILE__)));
my $check = "$root/scripts/check-layering.sh";

# run_check - (exit status, output) of the check on a tree.
sub run_check {
	my ($tree) = @_;
	my $out = `'$check' '$tree' 2>&1`;
	return ($? >> 8, $out);
}

# tree - a fake tree from { path => [includes] }; every part has a header.
sub tree {
	my (%files) = @_;
	my $dir = tempdir(CLEANUP => 1);
	while (my ($path, $includes) = each %files) {
		write_file("$dir/$path", join('', map { "#include $_\n" } @$includes) .
				      "int x_$path;\n" =~ s/[^\w;\n ]/_/gr);
	}
	return $dir;
}

# The headers the includes below resolve to.
my %headers = map { $_ => [] } qw(
	lib/lib.h db/db.h kbuild/kbuild.h analyzer/engine.h analyzer/rules/rule.h
	reports/reports.h cli/cli.h tests/tap.h runtime/include/rt.h memdesc.h
);

# (a) one violation of every forbidden edge, each written from the part's
# folder: "../B/x.h" relative to the file, or "B/x.h" relative to the root.
my @forbidden = (
	[ 'lib/a.c',		'"../db/db.h"',			'db/db.h',		'lib', 'db' ],
	[ 'lib/b.c',		'"kbuild/kbuild.h"',		'kbuild/kbuild.h',	'lib', 'kbuild' ],
	[ 'lib/c.h',		'"../analyzer/engine.h"',	'analyzer/engine.h',	'lib', 'analyzer' ],
	[ 'lib/d.c',		'"reports/reports.h"',		'reports/reports.h',	'lib', 'reports' ],
	[ 'lib/e.c',		'"../cli/cli.h"',		'cli/cli.h',		'lib', 'cli' ],
	[ 'lib/f.c',		'<memdesc.h>',			'memdesc.h',		'lib', 'memdesc.h' ],
	[ 'db/a.c',		'"../analyzer/engine.h"',	'analyzer/engine.h',	'db', 'analyzer' ],
	[ 'db/b.c',		'"analyzer/rules/rule.h"',	'analyzer/rules/rule.h', 'db', 'analyzer/rules' ],
	[ 'db/c.h',		'"../kbuild/kbuild.h"',		'kbuild/kbuild.h',	'db', 'kbuild' ],
	[ 'db/d.c',		'"reports/reports.h"',		'reports/reports.h',	'db', 'reports' ],
	[ 'db/e.c',		'"../cli/cli.h"',		'cli/cli.h',		'db', 'cli' ],
	[ 'kbuild/a.c',		'"../analyzer/engine.h"',	'analyzer/engine.h',	'kbuild', 'analyzer' ],
	[ 'kbuild/b.c',		'"db/db.h"',			'db/db.h',		'kbuild', 'db' ],
	[ 'kbuild/c.c',		'"../reports/reports.h"',	'reports/reports.h',	'kbuild', 'reports' ],
	[ 'kbuild/d.c',		'"cli/cli.h"',			'cli/cli.h',		'kbuild', 'cli' ],
	[ 'analyzer/a.c',	'"../reports/reports.h"',	'reports/reports.h',	'analyzer', 'reports' ],
	[ 'analyzer/b.c',	'"cli/cli.h"',			'cli/cli.h',		'analyzer', 'cli' ],
	[ 'analyzer/rules/a.c',	'"../../db/db.h"',		'db/db.h',		'analyzer/rules', 'db' ],
	[ 'analyzer/rules/b.c',	'"reports/reports.h"',		'reports/reports.h',	'analyzer/rules', 'reports' ],
	[ 'reports/a.c',	'"../analyzer/engine.h"',	'analyzer/engine.h',	'reports', 'analyzer' ],
	[ 'reports/b.c',	'"analyzer/rules/rule.h"',	'analyzer/rules/rule.h', 'reports', 'analyzer/rules' ],
	[ 'reports/c.c',	'"../kbuild/kbuild.h"',		'kbuild/kbuild.h',	'reports', 'kbuild' ],
	[ 'reports/d.c',	'"cli/cli.h"',			'cli/cli.h',		'reports', 'cli' ],
	[ 'runtime/src/a.c',	'"../../tests/tap.h"',		'tests/tap.h',		'runtime', 'tests' ],
	[ 'runtime/include/a.h', '"lib/lib.h"',			'lib/lib.h',		'runtime', 'lib' ],
	[ 'runtime/fuzz/a.c',	'"../../db/db.h"',		'db/db.h',		'runtime', 'db' ],
	[ 'runtime/bench/a.c',	'<lib/lib.h>',			'lib/lib.h',		'runtime', 'lib' ],
);
# Allowed edges beside them, which must not be reported.
my %allowed = (
	'lib/ok.c'		=> [ '"lib.h"', '"../lib/lib.h"', '<../db/db.h>', '<stdio.h>' ],
	'db/ok.c'		=> [ '"db.h"', '"../lib/lib.h"', '<stdio.h>', '"schema.sql.h"' ],
	'kbuild/ok.c'		=> [ '"lib/lib.h"', '"kbuild.h"' ],
	'analyzer/ok.c'		=> [ '"../db/db.h"', '"kbuild/kbuild.h"', '"rules/rule.h"', '"lib/lib.h"' ],
	'analyzer/rules/ok.c'	=> [ '"../engine.h"', '"rule.h"', '"lib/lib.h"' ],
	'reports/ok.c'		=> [ '"../db/db.h"', '"lib/lib.h"' ],
	'cli/ok.c'		=> [ map { qq("$_") } sort keys %headers ],
	'tests/ok.c'		=> [ '"../analyzer/engine.h"', '"tests/tap.h"', '"reports/reports.h"' ],
	'runtime/t/ok.c'	=> [ '"../../tests/tap.h"', '"../include/rt.h"' ],
	'runtime/src/ok.c'	=> [ '"../include/rt.h"', '"rt.h"' ],
	'memdesc.c'		=> [ '"cli/cli.h"', '"db/db.h"' ],
);
my %bad = (%headers, %allowed, map { $_->[0] => [ $_->[1] ] } @forbidden);
my ($status, $out) = run_check(tree(%bad));
is($status, 1, 'a tree with violations: exit 1');
for my $v (@forbidden) {
	my ($file, $inc, $target, $from, $to) = @$v;
	like($out, qr{^\Q$file\E:1: error: includes \Q$target\E \(part \Q$from\E must not depend on part \Q$to\E\) \[layering\]$}m,
	     "$from -> $to is reported ($file includes $inc)");
}
my @lines = split /\n/, $out;
is(scalar @lines, scalar @forbidden, 'nothing else is reported') or diag($out);

# (b) a clean tree, without kbuild/ and cli/
my %clean = %headers;
delete @clean{grep { m{^(kbuild|cli)/} } keys %clean};
$clean{$_} = $allowed{$_} for grep { !m{^(kbuild|cli)/} } keys %allowed;
$clean{'analyzer/ok.c'} = [ '"../db/db.h"', '"rules/rule.h"', '"lib/lib.h"', '"kbuild/kbuild.h"' ];
($status, $out) = run_check(tree(%clean));
is($status, 0, 'a clean tree without kbuild/ and cli/: exit 0');
is($out, '', 'and nothing printed');

($status, $out) = run_check("$root/no/such/tree");
is($status, 2, 'a missing tree is a usage error');

# (c) the project itself
($status, $out) = run_check($root);
is($out, '', 'the project breaks no layering rule');
is($status, 0, 'the project keeps to the layering');

done_testing();

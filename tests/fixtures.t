#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# fixtures.t - run `memdesc check` on every rule fixture and compare what it
# prints on stderr (check's findings are diagnostics) with the expectations
# written in the fixture's trailing comment:
#
#   /*
#    * check-name: what the fixture shows
#    * check-flags: -DEXTRA (optional compiler flags)
#    * check-known-to-fail (optional: the output is known to differ)
#    *
#    * check-output-start
#   tests/fixtures/page-lru/x.c:7:9: warning: ... [page-lru]
#    * check-output-end
#    */
#
# An empty output block means "no findings": the file must then parse
# without errors and memdesc must exit 0.  Any other check- tag is an
# error.  Each fixture runs with the plain build ($MEMDESC) and the
# ASan/UBSan build ($MEMDESC_ASAN, if set).
#
# A failing fixture leaves what memdesc printed in NAME.c.got and the
# difference from the expected block in NAME.c.diff (diff -u), beside it; a
# passing one removes them.  A check-known-to-fail fixture that fails is a
# TODO test; one that passes fails the suite, so the tag gets removed.
#
# Only some fixtures:  prove tests/fixtures.t :: tests/fixtures/page-lru/x.c
# or FIXTURE="a.c b.c" prove tests/fixtures.t, or make fixture F=a.c.
# FIXTURE_UPDATE=1 rewrites the output blocks from the plain build.
use strict;
use warnings;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Find;
use File::Spec;
use File::Temp qw(tempfile);
use JSON::PP ();
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(slurp write_file);

# The fixtures named on the command line or in $FIXTURE, relative to the root.
my $root = dirname(dirname(abs_path(__FILE__)));
my @wanted = map { File::Spec->abs2rel(abs_path($_) // File::Spec->rel2abs($_), $root) }
	     (@ARGV, split(' ', $ENV{FIXTURE} // ''));
chdir $root or die "cannot chdir to $root: $!";
my @binaries = grep { defined && length } ($ENV{MEMDESC} // './memdesc', $ENV{MEMDESC_ASAN});
my $update = $ENV{FIXTURE_UPDATE};
# A fixture in tests/fixtures/<rule>/ runs with the rules that gate CI and,
# when <rule> is an advisory rule, that rule: the advisory rules show up
# only in their own fixtures.
my $declared = `$binaries[0] list-rules --format json`;
die "$binaries[0] list-rules --format json failed\n" if $?;
my @rules = @{JSON::PP->new->decode($declared)};
my @gating = map { $_->{id} } grep { $_->{gates_ci} } @rules;
my %advisory = map { $_->{id} => 1 } grep { !$_->{gates_ci} } @rules;

my %known_tags = map { $_ => 1 } qw(name flags known-to-fail output-start output-end);

my @fixtures;
if (@wanted) {
	for my $file (@wanted) {
		if (!-f $file || $file !~ m{^tests/fixtures/.*\.c$} || $file =~ m{/include/}) {
			BAIL_OUT("$file is not a fixture (tests/fixtures/<rule>/*.c)");
		}
		push @fixtures, $file;
	}
} else {
	find({ no_chdir => 1, wanted => sub {
		push @fixtures, $File::Find::name
			if /\.c$/ && $File::Find::name !~ m{/include/};
	} }, 'tests/fixtures');
	@fixtures = sort @fixtures;
}
plan skip_all => 'no fixtures' if !@fixtures;

for my $file (@fixtures) {
	my $spec = parse_fixture($file);
	if ($update) {
		my ($out) = run_check($binaries[0], $file, $spec);
		rewrite_expected($file, $out);
		remove_results($file);
		ok(1, "$file: updated");
		next;
	}
	my $failed;
	for my $bin (@binaries) {
		$failed = check_fixture($bin, $file, $spec, !$failed) || $failed;
	}
	remove_results($file) if !$failed;
}

done_testing();

sub parse_fixture {
	my ($file) = @_;
	my $text = slurp($file);
	my %spec = (flags => '', known_to_fail => 0, expected => undef, bad_tags => []);
	while ($text =~ /^\s*\*\s*check-([\w-]+)(?::[ \t]*(.*))?$/mg) {
		my ($tag, $value) = ($1, $2);
		if (!$known_tags{$tag}) {
			push @{$spec{bad_tags}}, "check-$tag";
		} elsif ($tag eq 'name') {
			$spec{name} = $value;
		} elsif ($tag eq 'flags') {
			$spec{flags} = $value;
		} elsif ($tag eq 'known-to-fail') {
			$spec{known_to_fail} = 1;
		}
	}
	if ($text =~ /^\s*\*\s*check-output-start\s*\n(.*?)^\s*\*\s*check-output-end/ms) {
		$spec{expected} = $1;
	}
	return \%spec;
}

# run_check - (what memdesc check printed on stderr, its exit status, its
# stdout): check's findings are diagnostics, printed on stderr as a
# compiler's warnings are; stdout must stay empty.
sub run_check {
	my ($bin, $file, $spec) = @_;
	my (undef, $outfile) = tempfile(UNLINK => 1);
	my ($dir) = $file =~ m{^tests/fixtures/([^/]+)/};
	my $enable = join(',', @gating, $advisory{$dir} ? ($dir) : ());
	my @cmd = ($bin, 'check', '--root', '.', "--enable=$enable", '-Itests/fixtures/include', '-std=gnu11',
		   split(' ', $spec->{flags}), $file);
	# stdout goes to a file, so the two streams are checked separately
	my $pid = open(my $err, '-|') // die "fork: $!";
	if (!$pid) {
		open STDERR, '>&', \*STDOUT or die "dup: $!";
		open STDOUT, '>', $outfile or die "$outfile: $!";
		exec @cmd or die "cannot run $bin: $!";
	}
	my $stderr = do { local $/; <$err> } // '';
	close $err;
	my $status = $? >> 8;
	return ($stderr, $status, slurp($outfile));
}

# unified_diff - `diff -u` of the expected block and what memdesc printed.
sub unified_diff {
	my ($file, $want, $got_file) = @_;
	my ($fh, $want_file) = tempfile(UNLINK => 1);
	print $fh $want;
	close $fh;
	open my $diff, '-|', 'diff', '-u', '--label', "$file (check-output)",
		'--label', $got_file, $want_file, $got_file or die "cannot run diff: $!";
	my $text = do { local $/; <$diff> } // '';
	close $diff;
	return $text;
}

# write_results - NAME.c.got and NAME.c.diff beside the fixture; the diff.
sub write_results {
	my ($file, $want, $got) = @_;
	write_file("$file.got", $got);
	my $diff = unified_diff($file, $want, "$file.got");
	write_file("$file.diff", $diff);
	return $diff;
}

sub remove_results {
	my ($file) = @_;
	for my $stale ("$file.got", "$file.diff") {
		unlink $stale or die "$stale: $!" if -e $stale;
	}
}

# check_fixture - one test point for one fixture with one binary; returns
# whether it failed.  The first failure of a fixture writes its results.
sub check_fixture {
	my ($bin, $file, $spec, $write) = @_;
	my $label = "$file: " . ($spec->{name} // '(no check-name)') .
		    ($bin eq $binaries[0] ? '' : ' [asan]');
	my @errors;
	push @errors, 'unknown tag(s): ' . join(', ', @{$spec->{bad_tags}}) if @{$spec->{bad_tags}};
	push @errors, 'no check-name' if !defined $spec->{name};
	push @errors, 'no check-output-start/check-output-end block' if !defined $spec->{expected};
	if (@errors) {
		ok(0, $label);
		diag("$file: $_") for @errors;
		return 1;
	}
	my ($stderr, $status, $stdout) = run_check($bin, $file, $spec);
	my $want_status = $spec->{expected} =~ /\S/ ? 1 : 0;
	my @problems;
	push @problems, 'the output differs from the check-output block'
		if $stderr ne $spec->{expected};
	push @problems, "exit status $status, expected $want_status" if $status != $want_status;
	push @problems, "stdout (check prints its findings on stderr):\n$stdout" if length $stdout;
	if (@problems) {
		if ($write) {
			my $diff = write_results($file, $spec->{expected}, $stderr);
			push @problems, "output in $file.got, difference in $file.diff" .
				(length $diff ? ":\n$diff" : ' (none)');
		} else {
			push @problems, "(see $file.got and $file.diff for the first failing build)";
		}
	}
	if ($spec->{known_to_fail}) {
		if (@problems) {
			our $TODO;
			local $TODO = 'check-known-to-fail';
			ok(0, $label);
			diag($_) for @problems;
		} else {
			ok(0, $label);
			diag("$file passes although marked check-known-to-fail: remove the tag");
			return 0;
		}
		return 1;
	}
	ok(!@problems, $label) or diag(join("\n", @problems));
	return !!@problems;
}

sub rewrite_expected {
	my ($file, $out) = @_;
	my $text = slurp($file);
	$text =~ s/(^\s*\*\s*check-output-start\s*\n).*?(^\s*\*\s*check-output-end)/$1$out$2/ms
		or die "$file: no check-output block to update\n";
	write_file($file, $text);
}

#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# fixtures.t - run `memdesc check` on every rule fixture and compare what it
# prints with the expectations written in the fixture's trailing comment:
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
# without errors and memdesc must exit 0.  Each fixture runs with the
# plain build ($MEMDESC) and the ASan/UBSan build ($MEMDESC_ASAN, if set).
# FIXTURE_UPDATE=1 rewrites the output blocks from the plain build.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Find;
use File::Temp qw(tempfile);

my $root = dirname(dirname(__FILE__));
chdir $root or die "cannot chdir to $root: $!";
my @binaries = grep { defined && length } ($ENV{MEMDESC} // './memdesc', $ENV{MEMDESC_ASAN});
my $update = $ENV{FIXTURE_UPDATE};
my %known_tags = map { $_ => 1 } qw(name flags known-to-fail output-start output-end);

my @fixtures;
find({ no_chdir => 1, wanted => sub {
	push @fixtures, $File::Find::name
		if /\.c$/ && $File::Find::name !~ m{/include/};
} }, 'tests/fixtures');
@fixtures = sort @fixtures;

my $planned = $update ? @fixtures : @fixtures * @binaries;
if (!@fixtures) {
	print "1..0 # SKIP no fixtures\n";
	exit 0;
}
print "1..$planned\n";

my $n = 0;
for my $file (@fixtures) {
	my $spec = parse_fixture($file);
	if ($update) {
		my ($out) = run_check($binaries[0], $file, $spec);
		rewrite_expected($file, $out);
		ok(1, "$file: updated");
		next;
	}
	for my $bin (@binaries) {
		check_fixture($bin, $file, $spec);
	}
}

sub ok {
	my ($pass, $name, @diag) = @_;
	$n++;
	print(($pass ? 'ok' : 'not ok') . " $n - $name\n");
	print map { "# $_\n" } map { split /\n/ } @diag;
}

sub parse_fixture {
	my ($file) = @_;
	open my $fh, '<', $file or die "$file: $!";
	my $text = do { local $/; <$fh> };
	close $fh;
	my %spec = (flags => '', known_to_fail => 0, expected => undef, bad_tags => []);
	while ($text =~ /^\s*\*\s*check-([\w-]+)(?::[ \t]*(.*))?$/mg) {
		my ($tag, $value) = ($1, $2);
		if (!$known_tags{$tag}) {
			push @{$spec{bad_tags}}, $tag;
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

sub run_check {
	my ($bin, $file, $spec) = @_;
	my (undef, $errfile) = tempfile(UNLINK => 1);
	my @cmd = ($bin, 'check', '--root', '.', '-Itests/fixtures/include', '-std=gnu11',
		   split(' ', $spec->{flags}), $file);
	# stderr goes to a file, so the two streams are checked separately
	my $pid = open(my $out, '-|') // die "fork: $!";
	if (!$pid) {
		open STDERR, '>', $errfile or die "$errfile: $!";
		exec @cmd or die "cannot run $bin: $!";
	}
	my $stdout = do { local $/; <$out> } // '';
	close $out;
	my $status = $? >> 8;
	open my $e, '<', $errfile or die "$errfile: $!";
	my $stderr = do { local $/; <$e> } // '';
	return ($stdout, $status, $stderr);
}

sub check_fixture {
	my ($bin, $file, $spec) = @_;
	my $label = "$file: " . ($spec->{name} // '(no check-name)') .
		    ($bin eq $binaries[0] ? '' : ' [asan]');
	if (!defined $spec->{name} || !defined $spec->{expected} || @{$spec->{bad_tags}}) {
		ok(0, $label, 'a fixture needs check-name and a check-output block; unknown tags: ' .
		   join(', ', @{$spec->{bad_tags}}));
		return;
	}
	my ($stdout, $status, $stderr) = run_check($bin, $file, $spec);
	my $want_status = $spec->{expected} =~ /\S/ ? 1 : 0;
	my @problems;
	push @problems, "output differs:\n" . diff($spec->{expected}, $stdout)
		if $stdout ne $spec->{expected};
	push @problems, "exit status $status, expected $want_status" if $status != $want_status;
	push @problems, "stderr:\n$stderr" if length $stderr;
	if ($spec->{known_to_fail}) {
		if (@problems) {
			ok(0, "$label # TODO known to fail", @problems);
		} else {
			ok(0, $label, 'passes although marked check-known-to-fail: remove the tag');
		}
		return;
	}
	ok(!@problems, $label, @problems);
}

sub diff {
	my ($want, $got) = @_;
	my %in_got = map { $_ => 1 } split /\n/, $got;
	my %in_want = map { $_ => 1 } split /\n/, $want;
	my @lines = (map({ "-$_" } grep { !$in_got{$_} } split /\n/, $want),
		     map({ "+$_" } grep { !$in_want{$_} } split /\n/, $got));
	return @lines ? join("\n", @lines) : '(same lines, different order or spacing)';
}

sub rewrite_expected {
	my ($file, $out) = @_;
	open my $fh, '<', $file or die "$file: $!";
	my $text = do { local $/; <$fh> };
	close $fh;
	$text =~ s/(^\s*\*\s*check-output-start\s*\n).*?(^\s*\*\s*check-output-end)/$1$out$2/ms
		or die "$file: no check-output block to update\n";
	open $fh, '>', $file or die "$file: $!";
	print $fh $text;
	close $fh;
}

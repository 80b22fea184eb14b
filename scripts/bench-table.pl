#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# bench-table.pl [--format text|json] [--meta KEY=VALUE]... ROWS - the table
# of make bench (scripts/bench.sh) from its rows, one a line, tab-separated:
# tool, status ("ok", "partial", "timeout", "not installed", "failed (exit
# N)", "skipped"), wall s, CPU s (user + sys), peak RSS in kB, findings, note.
# text: a header line and a table to paste into a mail; json: one object
# with the meta keys and the rows.  The ratio is each row's wall time over
# that of the "memdesc cold" row.
use strict;
use warnings;
use Getopt::Long;
use JSON::PP;

my $format = 'text';
my %meta;
GetOptions('format=s' => \$format, 'meta=s' => sub {
	my ($k, $v) = split /=/, $_[1], 2;
	$meta{$k} = $v // '';
}) or die "usage: bench-table.pl [--format text|json] [--meta KEY=VALUE]... ROWS\n";
die "bench-table.pl: --format: '$format' is neither text nor json\n"
	unless $format eq 'text' || $format eq 'json';

my @rows;
while (<>) {
	chomp;
	next if $_ eq '';
	my ($tool, $status, $wall, $cpu, $kb, $findings, $note) = split /\t/, $_, -1;
	push @rows, {
		tool => $tool, status => $status,
		wall_s => num($wall), cpu_s => num($cpu),
		peak_mb => length($kb // '') ? sprintf('%.0f', $kb / 1024) + 0 : undef,
		findings => num($findings), note => $note // '',
	};
}
my ($base) = grep { $_->{tool} eq 'memdesc cold' && $_->{wall_s} } @rows;
# A row stopped by the time limit took longer than it: its ratio is at least
# the limit's (ratio_at_least).
for my $r (@rows) {
	my $timeout = $r->{status} eq 'timeout';
	# the killed processes were never waited for: their time and memory are not known
	@$r{qw(cpu_s peak_mb)} = (undef, undef) if $timeout;
	my $wall = $timeout ? num($meta{timeout}) : $r->{wall_s};
	next unless $base && defined $wall;
	$r->{$timeout ? 'ratio_at_least' : 'ratio'} = sprintf('%.2f', $wall / $base->{wall_s}) + 0;
}

sub num {
	my ($v) = @_;
	return defined $v && $v =~ /^-?[0-9.]+$/ ? $v + 0 : undef;
}

if ($format eq 'json') {
	my $json = JSON::PP->new->canonical->pretty;
	print $json->encode({ %meta, rows => \@rows });
	exit 0;
}

my $scope = $meta{scope} // '';
printf "memdesc bench: linux %s (%s), scope %s: %s .c and %s .h files, %s TUs built, %s parsed;"
	. " %s cores (-j %s), %s\n",
	map { $_ // '?' } @meta{qw(version tree)}, $scope, @meta{qw(c_files h_files tus_built tus_parsed
	cores jobs cpu)};
printf "%s; %s; %s; %s\n", map { $_ // '?' } @meta{qw(memdesc spatch clang_query ripgrep)};
print "\n";
my $w = 6;
$w = length $_->{tool} > $w ? length $_->{tool} : $w for @rows;
my $fmt = "%-${w}s  %8s  %8s  %7s  %8s  %7s  %s\n";
printf $fmt, 'tool', 'wall s', 'CPU s', 'peak MB', 'findings', 'ratio', 'note';
for my $r (@rows) {
	if ($r->{status} eq 'not installed' || $r->{status} eq 'skipped') {
		printf "%-${w}s  %s%s\n", $r->{tool}, $r->{status}, $r->{note} ne '' ? " ($r->{note})" : '';
		next;
	}
	my $note = join '; ', grep { $_ ne '' && $_ ne 'ok' } $r->{status}, $r->{note};
	printf $fmt, $r->{tool},
		$r->{status} eq 'timeout' ? ">$meta{timeout}" : fmt('%.1f', $r->{wall_s}),
		fmt('%.1f', $r->{cpu_s}), fmt('%d', $r->{peak_mb}),
		$r->{status} eq 'timeout' ? 'timeout' : fmt('%d', $r->{findings}),
		defined $r->{ratio} ? sprintf('%.2fx', $r->{ratio})
		: defined $r->{ratio_at_least} ? sprintf('>%.2fx', $r->{ratio_at_least}) : '-', $note;
}
print "\nratio: the tool's wall time over memdesc cold's (>: at least that, the tool was stopped\n"
    . "at the time limit, and the CPU and memory of its killed processes are unknown); peak MB:\n"
    . "the largest resident set of one process (/usr/bin/time %M), not the sum over parallel\n"
    . "workers; findings: of the gate rules\n"
    . "(" . ($meta{gate_rules} // '') . "), once per place in the files of the set\n"
    . "(ripgrep: textual matches of every rule's tokens); memdesc runs every rule.\n";

sub fmt {
	my ($f, $v) = @_;
	return defined $v ? sprintf($f, $v) : '-';
}

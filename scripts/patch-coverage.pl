#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# patch-coverage.pl DB - of the findings the rewrite table converts exactly (folio-page:
# &folio->page passed to a page function with an EXACT row; bh-page: a form with an EXACT
# b_folio row), how many the newest `memdesc patch` run in DB resolved with an emitted patch.
# The folio API's own implementation (folio_nid() returning page_to_nid(&folio->page): the
# enclosing function is the rewrite's target) is counted apart, as "own": converting it
# would make it call itself.  Prints each such finding, then the counts.
use strict;
use warnings;
use File::Basename qw(dirname);

my ($db) = @ARGV;
die "usage: $0 DB\n" unless $db && -f $db;
my $table = dirname(__FILE__) . '/../runtime/include/rt_rewrites.def';
my $def = do { local $/; open my $f, '<', $table or die "$table: $!\n"; <$f> };
my (%after, @bh);
while ($def =~ /RT_REWRITE\((\w+),\s*"([^"]*)",(.*?)\)\n(?=RT_REWRITE|\z|#)/sg) {
	my ($rule, $rest) = ($2, $3);
	my @l = split /\n/, $rest;
	next unless join(' ', @l) =~ /,\s*(\w+),\s*EXACT,\s*"[^"]*"\s*$/;
	my ($before) = $l[2] =~ /^\s*(.*?),\s*$/;
	my ($aft) = $l[3] =~ /^\s*(.*?),\s*$/;
	if ($rule eq 'folio-page' && $before =~ /^(\w+)\(&F->page/) {
		my $from = $1; my ($to) = $aft =~ /^(\w+)/; $after{$from} = $to;
	}
	if ($rule eq 'bh-page') {
		(my $re = quotemeta $before) =~ s/BH/\\w+/g; $re =~ s/\\&F/&\\w+/g; push @bh, $re;
	}
}
my $run = `sqlite3 '$db' "SELECT max(id) FROM patch_runs"`; chomp $run;
my %resolved = map { chomp; $_ => 1 } `sqlite3 '$db' "SELECT fingerprint FROM patch_findings JOIN patches p ON p.id = patch_id WHERE p.run_id = $run AND p.status = 'clean'"`;
my (%n);
for (`sqlite3 -separator '\t' '$db' "SELECT f.rule, p.path, f.line, f.col, f.function, f.fingerprint, f.source_line FROM findings f JOIN files p ON p.id = f.file_id WHERE f.scan_id = (SELECT scan_id FROM patch_runs WHERE id = $run) AND f.rule IN ('folio-page', 'bh-page')"`) {
	chomp; my ($rule, $path, $line, $col, $fn, $fp, $src) = split /\t/, $_, 7;
	my $kind;
	if ($rule eq 'folio-page') {
		my ($callee) = grep { $after{$_} } $src =~ /\b(\w+)\(\s*&\s*\w+->page\b/g;
		next unless $callee;
		$kind = $fn eq $after{$callee} ? 'own' : 'exact';
	} else {
		next unless grep { $src =~ /$_/ } @bh;
		$kind = 'exact';
	}
	$n{"$rule $kind"}++;
	$n{"$rule $kind resolved"}++ if $resolved{$fp};
	print "  $rule $kind ", ($resolved{$fp} ? 'resolved' : 'open    '), " $path:$line $fn: ", $src =~ s/^\s+//r, "\n";
}
printf "%-30s %s\n", $_, $n{$_} for sort keys %n;

#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
# cocci.t - the semantic patches of cocci/ and the rewrite table they come
# from (runtime/include/rt_rewrites.def):
#   - the committed files are what cocci/generate.c writes from the table now;
#   - every -/+ rewrite in cocci/*.cocci is an EXACT or LOOKUP row of the
#     table, every such row is one, every row but MODEL ones is reported (parsed from the files, so
#     a hand edit is caught; a file without + lines is a report-only file);
#   - Coccinelle triples: tests/cocci/<family>[-<what>].c through
#     cocci/<family>.cocci gives <same>.res; tests/cocci/traps.c through every
#     semantic patch stays as it is;
#   - report mode names the memdesc rule of each finding; the version guard
#     turns a patch rule off.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use File::Temp qw(tempdir);
use File::Copy qw(copy);
use Test::More;
use Memdesc::Test qw(write_file slurp run);

my $root = "$FindBin::Bin/..";
my $work = tempdir(CLEANUP => 1);
my $def = "$root/runtime/include/rt_rewrites.def";
my $cc = $ENV{CC} || 'cc';
my @cocci = sort glob("$root/cocci/*.cocci");

sub norm { my $s = shift; $s =~ s/@\w+//g; $s =~ s/\s+/ /g; $s =~ s/^ | $//g; $s =~ s/ ?([()\[\],;]) ?/$1/g; return $s }
sub base { my $p = shift; $p =~ s{.*/}{}; return $p }

# The table, as the preprocessor reads it.
my $list = "$work/rows.c";
write_file($list, "#define RT_REWRITE(name, rule, d, b, c, o, s, cl, before, after, oracle, family, mode, guard) " .
	   "ROW name rule #before #after family mode guard\n#include \"$def\"\n");
my @rows = map {
	/^ROW (\w+) "([^"]*)" "((?:\\.|[^"\\])*)" "((?:\\.|[^"\\])*)" (\w+) (\w+) "(\w*)"$/
		? { name => $1, rule => $2, before => $3, after => $4, family => $5, mode => $6,
		    guard => $7 } : ()
} split /\n/, `$cc -E -P $list`;
ok(@rows >= 40, 'rt_rewrites.def: ' . @rows . ' rows read');

# 1. The committed files are the generator's output.
{
	my $gen = "$work/cocci-generate";
	my ($status, $out, $err) = run($cc, '-std=gnu11', '-Wall', '-Wextra', '-Werror',
				       "-I$root/runtime/include", "$root/cocci/generate.c", '-o', $gen);
	is($status, 0, 'cocci/generate.c builds') or diag($err);
	mkdir "$work/gen";
	($status, $out, $err) = run($gen, "$work/gen");
	is($status, 0, 'the generator runs') or diag($err);
	for my $file (sort glob("$work/gen/*.cocci")) {
		my $name = base($file);
		ok(-e "$root/cocci/$name" && slurp($file) eq slurp("$root/cocci/$name"),
		   "cocci/$name is up to date (make cocci-generate)");
	}
	for my $file (@cocci) {
		my $name = base($file);
		next if -e "$work/gen/$name";
		unlike(slurp($file), qr/^\+/m, "cocci/$name, not generated, is report-only (no + lines)");
	}
}

# 2. The files against the table, parsed from the files.
my (%pairs, %reported);		# "before\0after" -> file; norm(before) -> file
for my $file (@cocci) {
	my $text = slurp($file);
	my $name = base($file);
	for my $rule (split /^(?=@[^@\n]+@[ \t]*$)/m, $text) {
		my ($head, $body) = $rule =~ /\A(@[^\n]*@)\n.*?^@@\n(.*)\z/ms or next;
		next if $head =~ /^\@script:/;
		my (@minus, @plus, @star);
		for (split /\n/, $body) {
			push @minus, substr($_, 1) if /^-/;
			push @plus, substr($_, 1) if /^\+/;
			push @star, substr($_, 1) if /^\*/;
		}
		if (@plus || @minus) {
			$pairs{norm("@minus") . "\0" . norm("@plus")} = $name;
		} elsif (@star) {
			$reported{norm("@star")} = $name;
		}
	}
}
my %exact = map { (norm($_->{before}) . "\0" . norm($_->{after})) => $_ }
	    grep { $_->{mode} eq 'EXACT' || $_->{mode} eq 'LOOKUP' } @rows;
for my $pair (sort keys %pairs) {
	my ($before, $after) = split /\0/, $pair;
	ok($exact{$pair}, "cocci/$pairs{$pair}: $before -> $after is an EXACT or LOOKUP row of the table");
}
for my $r (@rows) {
	next if $r->{mode} eq 'MODEL';
	my $want = "$r->{family}.cocci";
	if ($r->{mode} eq 'EXACT' || $r->{mode} eq 'LOOKUP') {
		is($pairs{norm($r->{before}) . "\0" . norm($r->{after})}, $want,
		   "$r->{name}: rewritten by cocci/$want");
	}
	is($reported{norm($r->{before})}, $want, "$r->{name}: reported by cocci/$want");
	ok(length $r->{rule}, "$r->{name}: names the memdesc rule it resolves");
}

SKIP: {
	my $spatch = $ENV{SPATCH} || 'spatch';
	skip("$spatch is not installed", 1) unless `$spatch --version 2>/dev/null` =~ /spatch version/;

	# spatch_patch(in, out, cocci...) - apply each semantic patch in turn.
	my $spatch_patch = sub {
		my ($in, $out, @sp) = @_;
		my ($cur, $n) = ("$work/cur.c", 0);
		copy($in, $cur) or die "$in: $!";
		for my $sp (@sp) {
			my ($defines) = grep { ref } @sp;
			next if ref $sp;
			my $next = "$work/next" . $n++ . ".c";
			copy($cur, $next) or die;
			my ($status, $o, $err) = run($spatch, '--very-quiet', '--no-includes', '--sp-file', $sp,
						     '-D', 'patch', map({ ('-D', $_) } @{$defines || []}),
						     $cur, '-o', $next);
			# A report-only file in patch mode: "No rules apply", nothing written.
			diag("$sp: exit $status\n$err") if $status && $err !~ /No rules apply/;
			$cur = $next;
		}
		copy($cur, $out) or die;
	};

	# 3. Triples.
	for my $in (sort glob("$root/tests/cocci/*.c")) {
		(my $res = $in) =~ s/\.c$/.res/;
		my $name = base($in);
		my ($family) = $name =~ /^([a-z_]+)/;
		my @sp = $family eq 'traps' ? @cocci : ("$root/cocci/$family.cocci");
		ok(-e $sp[0] && -e $res, "$name: a semantic patch and an expected result") or next;
		$spatch_patch->($in, "$work/out.c", @sp);
		my $got = slurp("$work/out.c");
		is($got, slurp($res), "$name: " . join(' ', map { base($_) } @sp) . " gives " . base($res))
			or diag(`diff -u $res $work/out.c`);
		is($got, slurp($in), "$name: no trap is rewritten") if $family eq 'traps';
	}

	# 4. The version guard: with missing_b_folio no b_folio is written.
	$spatch_patch->("$root/tests/cocci/bh_folio.c", "$work/guarded.c", "$root/cocci/bh_folio.cocci",
			['missing_b_folio']);
	is(slurp("$work/guarded.c"), slurp("$root/tests/cocci/bh_folio.c"),
	   'bh_folio.cocci -D missing_b_folio: nothing rewritten');

	# 5. Report mode: one warning per before form, each naming its rule.
	my %rules = map { $_->{rule} => 1 } @rows;
	for my $family (qw(folio_page bh_folio compound_head page_flags)) {
		my ($status, $out, $err) = run($spatch, '--very-quiet', '--no-includes', '--sp-file',
					       "$root/cocci/$family.cocci", '-D', 'report',
					       "$root/tests/cocci/$family.c");
		my @w = grep { /: WARNING: / } split /\n/, $out;
		my ($want) = slurp("$root/tests/cocci/$family.c") =~ /Report mode: (\d+) warnings/;
		is(scalar @w, $want, "$family.cocci -D report: one warning per before form");
		my @bad = grep { !(/^\S+:\d+:\d+-\d+: WARNING: .* \[([a-z-]+)\]$/ && $rules{$1}) } @w;
		is("@bad", '', "$family.cocci -D report: every warning ends with a memdesc rule id");
	}
	my ($status, $out) = run($spatch, '--very-quiet', '--no-includes', '--sp-file',
				 "$root/cocci/page_flags.cocci", '-D', 'report', "$root/tests/cocci/traps.c");
	like($out, qr/traps\.c:\d+:\d+-\d+: WARNING: PageDirty\(page\) is folio_test_dirty\(page_folio\(page\)\) .*\[compound-head\]/,
	     'page_flags.cocci -D report: a bare PageDirty(page) is reported');
}

done_testing();

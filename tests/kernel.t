#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# kernel.t - scan a few real files of the Debian 6.12 tree (x86_64
# defconfig) and account for every textual occurrence of each rule's
# pattern outside comments and strings: it is a finding, or the census
# explains it (a member of another record, a line the preprocessor
# skipped), or it sits in a macro definition (reported where it is used).
# The other way round, every finding sits on a textual match of its
# rule's tokens or on an identifier the rule declares as hiding a match.
# The tokens, records and hidden identifiers are what the rules declare
# (memdesc list-rules --format json).  Skipped, with a reason, when the
# linux-source-6.12 package is not installed and no unpacked tree is in
# the cache.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use JSON::PP ();
use Test::More;

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC_ASAN} || $ENV{MEMDESC} || "$root/memdesc";
my $cache = $ENV{MEMDESC_CACHE} || "$root/.cache";

# Built by x86_64 defconfig, but binder_alloc.c (parsed with borrowed flags).
my @files = qw(
	mm/page_alloc.c
	mm/compaction.c
	mm/hugetlb_vmemmap.c
	mm/swapfile.c
	mm/memory.c
	fs/buffer.c
	fs/ext4/inode.c
	drivers/android/binder_alloc.c
);

# What each rule declares: its textual tokens (what a grep for the rule
# would find, the token in the first capture group), the identifiers that
# hide a match, the record declaring each field it looks for, its callees.
my $declared = `$memdesc list-rules --format json`;
die "memdesc list-rules --format json failed\n" if $?;
my (%patterns, %hidden, %record, %callee);
for my $r (@{JSON::PP->new->decode($declared)}) {
	$patterns{$r->{id}} = [map { qr/$_/ } @{$r->{tokens}}];
	$hidden{$r->{id}} = [map { qr/$_/ } @{$r->{hidden}}];
	$record{$r->{id}}{$_->{name}} = $_->{record} for @{$r->{fields}};
	$callee{$r->{id}}{$_} = 1 for @{$r->{callees}};
}

my $tree = $ENV{MEMDESC_KDIR};
if (!$tree) {
	plan skip_all => 'linux-source-6.12 is not installed (apt-get install linux-source-6.12)'
		if !-e '/usr/src/linux-source-6.12.tar.xz' && !-d "$cache/src/linux-source-6.12";
	$tree = `$root/scripts/kernel-tree.sh 6.12 $cache`;
	chomp $tree;
	die "cannot unpack the 6.12 tree\n" if $? || !-d $tree;
}

# check - ok(), with @diag shown as diagnostics on failure, as notes on success.
sub check {
	my ($pass, $name, @diag) = @_;
	ok($pass, $name);
	if (@diag) {
		$pass ? note(join "\n", @diag) : diag(join "\n", @diag);
	}
	return $pass;
}

my $work = tempdir(CLEANUP => 1);
my $db = "$work/kernel.db";
my @cmd = ($memdesc, 'scan', '--census', '--db', $db, '--cache', "$cache/build", $tree, @files);
my $out = `@cmd 2>$work/err`;
my $status = $? >> 8;
my $err = do { local $/; open my $fh, '<', "$work/err"; <$fh> } // '';
check($status == 1, "scan of " . @files . " files exits 1 (findings)", $status == 1 ? () : ($err));
check(scalar($err =~ / (\d+) of \1 files scanned, 0 failed, 0 with parse errors/),
   'every file parsed without errors', grep { /^scan |error/ } split /\n/, $err);

# What memdesc said, by file and line:column.
my (%finding, %via, %census, %skipped);
for (split /\n/, $out) {
	if (/^(\S+):(\d+):(\d+): warning: .*?(?: \(via (\w+)\(\)\))? \[([\w-]+)\]$/) {
		push @{$finding{$1}{"$2:$3"}}, $5;
		$via{$1}{"$2:$3"}{$5} = $4 if defined $4;
	} elsif (/^(\S+):(\d+):(\d+): note: member '(\w+)' of struct (\w+) \[census\]$/) {
		$census{$1}{"$2:$3"} = $5;
	} elsif (/^(\S+):(\d+):(\d+): note: _compound_head\(\) through '(\w+)' \[census\]$/) {
		$census{$1}{"$2:$3"} = "macro $4";
	} elsif (/^(\S+):(\d+)-(\d+): note: skipped by the preprocessor \[census\]$/) {
		push @{$skipped{$1}}, [$2, $3];
	}
}

# blank_comments_and_strings - same length and line breaks, code only.
sub blank_comments_and_strings {
	my ($text) = @_;
	$text =~ s{(/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')}
		  {my $m = $1; $m =~ s/[^\n]/ /g; $m}gse;
	return $text;
}

# macro_definition_lines - the lines of #define directives, continuations included.
sub macro_definition_lines {
	my (@lines) = @_;
	my (%in, $cont);
	for my $i (0 .. $#lines) {
		$in{$i + 1} = 1 if $cont || $lines[$i] =~ /^\s*#\s*define\b/;
		$cont = $in{$i + 1} && $lines[$i] =~ /\\\s*$/;
	}
	return %in;
}

# in_debug_macro - the position is inside the arguments of a VM_BUG_ON*() or
# VM_WARN_ON*() call, which drops its arguments unless CONFIG_DEBUG_VM=y.
sub in_debug_macro {
	my ($lines, $i, $col) = @_;
	my $first = $i >= 3 ? $i - 3 : 0;
	my $before = join("\n", @$lines[$first .. $i - 1], substr($lines->[$i], 0, $col - 1));
	return 0 unless $before =~ /\bVM_(?:BUG|WARN)_ON\w*\s*\(([^;]*)$/s;
	my $args = $1;
	my $depth = () = $args =~ /\(/g;
	my $closed = () = $args =~ /\)/g;
	return $depth >= $closed;
}

# function_declarator - the call token at @col of @line is the name of a
# function being defined or declared: kernel style puts the type at the
# start of the line, with nothing but type words before the name.
sub function_declarator {
	my ($line, $col) = @_;
	return substr($line, 0, $col - 1) =~ /^[A-Za-z_][\w \t*]*$/;
}

# struct_pointer_in_file - @name is declared somewhere in @text as a
# pointer to a struct: a cast of anything else is not a finding by type.
sub struct_pointer_in_file {
	my ($text, $name) = @_;
	return $text =~ /\bstruct\s+\w+\s*\*\s*(?:const\s+)?\Q$name\E\b/;
}

# macros_using - the macros #defined in @lines whose definition has a
# textual match of one of @patterns: their uses carry the findings.
sub macros_using {
	my ($lines, $in_define, $patterns) = @_;
	my (%uses, $name);
	for my $i (0 .. $#$lines) {
		if (!$in_define->{$i + 1}) {
			undef $name;
			next;
		}
		$name = $1 if $lines->[$i] =~ /^\s*#\s*define\s+(\w+)/;
		$uses{$name} = 1 if defined $name && grep { $lines->[$i] =~ $_ } @$patterns;
	}
	return %uses;
}

# header_macro_has_token - the definition of macro @name in the tree's
# headers has a textual match of one of @patterns.
my %header_macro;
sub header_macro_has_token {
	my ($name, $patterns) = @_;
	my $def = $header_macro{$name} //= do {
		my $text = '';
		for (`grep -rEn --include='*.h' '^\\s*#\\s*define\\s+$name\\b' $tree/include $tree/arch/x86/include`) {
			my ($path, $line) = /^(.*?):(\d+):/ or next;
			open my $h, '<', $path or next;
			my @h = <$h>;
			for (my $i = $line - 1; $i < @h; $i++) {
				$text .= $h[$i];
				last unless $h[$i] =~ /\\\s*$/;
			}
		}
		blank_comments_and_strings($text);
	};
	return grep { $def =~ $_ } @$patterns;
}

my %totals;
for my $file (@files) {
	open my $fh, '<', "$tree/$file" or die "$tree/$file: $!";
	my $text = blank_comments_and_strings(do { local $/; <$fh> });
	my @lines = split /\n/, $text, -1;
	my %in_define = macro_definition_lines(@lines);
	my (@unexplained, %why, %textual);
	for my $rule (sort keys %patterns) {
		my %seen;
		for my $i (0 .. $#lines) {
			my $line = $i + 1;
			for my $pattern (@{$patterns{$rule}}) {
				while ($lines[$i] =~ /$pattern/g) {
					my ($tok, $col, $start) = ($1, $-[1] + 1, $-[0] + 1);
					my $at = "$line:$col";
					my $rest = substr($lines[$i], $+[0]);
					# where a finding on this match may sit: the token, or the
					# start of the match (a cast is reported at its parenthesis)
					$textual{$rule}{$at} = $textual{$rule}{"$line:$start"} = 1;
					next if $seen{$at}++;
					my $class;
					if (grep { $_ eq $rule } map { @{$finding{$file}{$_} // []} } $at, "$line:$start") {
						$class = 'finding';
					} elsif (grep { $_->[0] <= $line && $line <= $_->[1] } @{$skipped{$file} // []}) {
						$class = 'skipped by the preprocessor';
					} elsif ($in_define{$line}) {
						$class = 'macro definition';
					} elsif (in_debug_macro(\@lines, $i, $col)) {
						$class = 'argument of a VM_BUG_ON/VM_WARN_ON (CONFIG_DEBUG_VM off)';
					} elsif (defined(my $c = $census{$file}{$at})) {
						my $want = $record{$rule}{$tok};
						$class = defined $want && $c eq $want ? undef : "member of struct $c";
						$class = $c if $c =~ /^macro /;
					} elsif ($callee{$rule}{$tok} && function_declarator($lines[$i], $col)) {
						$class = 'function definition or declaration';
					} elsif ("$pattern" =~ /struct/ && $rest =~ /^\s*(\w+)/ &&
						 !struct_pointer_in_file($text, $1)) {
						$class = 'cast of a value that is not a struct pointer';
					}
					if (defined $class) {
						$why{"$rule: $class"}++;
					} else {
						push @unexplained, "$file:$at: $rule: '$tok' is neither a finding nor explained";
					}
				}
			}
		}
	}
	$totals{$_} += $why{$_} for keys %why;
	check(!@unexplained, "$file: every textual occurrence is a finding or explained",
	      @unexplained ? @unexplained : map { "$_: $why{$_}" } sort keys %why);

	# ...and every finding sits on one: a token, an identifier the rule
	# declares as hiding a match, or a macro (of the file, or of a header
	# the finding says it came through) whose definition has a token.
	my (@unexpected, %how);
	for my $at (sort keys %{$finding{$file} // {}}) {
		my ($line, $col) = split /:/, $at;
		my $from = substr($lines[$line - 1] // '', $col - 1);
		for my $rule (@{$finding{$file}{$at}}) {
			my %macros = macros_using(\@lines, \%in_define, $patterns{$rule});
			my $how;
			if ($textual{$rule}{$at}) {
				$how = 'token';
			} elsif (grep { "$from " =~ /^$_/ && $-[1] == 0 } @{$hidden{$rule}}) {
				$how = 'hidden';
			} elsif ($from =~ /^(\w+)/ && $macros{$1}) {
				$how = 'macro of the file';
			} elsif (defined(my $m = $via{$file}{$at}{$rule})) {
				$how = 'macro of a header'
					if $from =~ /^\Q$m\E\b/ && header_macro_has_token($m, $patterns{$rule});
			}
			if ($how) {
				$how{"$rule: $how"}++;
			} else {
				push @unexpected, "$file:$at: [$rule] sits on '" . substr($from, 0, 40) .
					"', which is none of the rule's tokens or hidden identifiers";
			}
		}
	}
	check(!@unexpected, "$file: every finding is on a token or a declared hidden identifier",
	      @unexpected ? @unexpected : map { "$_: $how{$_}" } sort keys %how);
}

# The acceptance points of type-exactness, on the real files.
my @binder_lru = grep { $census{'drivers/android/binder_alloc.c'}{$_} eq 'binder_lru_page' }
		 keys %{$census{'drivers/android/binder_alloc.c'} // {}};
my @binder_findings = grep { grep { $_ eq 'page-lru' } @{$finding{'drivers/android/binder_alloc.c'}{$_}} }
		      keys %{$finding{'drivers/android/binder_alloc.c'} // {}};
check(@binder_lru > 0 && !@binder_findings,
   'binder_lru_page->lru is seen (' . @binder_lru . ' accesses) and not reported');
my @vmf_page = grep { $census{'mm/memory.c'}{$_} eq 'vm_fault' } keys %{$census{'mm/memory.c'} // {}};
my @vmf_reported = grep { $finding{'mm/memory.c'}{$_} } @vmf_page;
check(@vmf_page > 0 && !@vmf_reported, 'vmf->page is seen (' . @vmf_page . ' accesses) and not reported');
check(scalar($out !~ /i_mapping.*\[page-mapping\]/ && $out =~ /^fs\/ext4\/inode\.c:\d+:\d+: warning: bh->b_page/m),
   'inode->i_mapping is not reported; ext4 bh->b_page is');
check(scalar($out =~ /^mm\/swapfile\.c:\d+:\d+: warning: page->lru: .*\(via list_for_each_entry\(\)\) \[page-lru\]$/m),
   'list_for_each_entry(page, ..., lru) is reported');
check(scalar($out =~ /^mm\/hugetlb_vmemmap\.c:251:\d+: warning: page->lru: .*\(via list_first_entry\(\)\) \[page-lru\]$/m),
   'list_first_entry(..., struct page, lru), a container_of(), is reported');
check(scalar($out =~ /^mm\/compaction\.c:\d+:\d+: warning: compound_head\(\).*\[compound-head\]$/m),
   'compound_head() in mm/compaction.c is reported');
# Kbuild's checker hook gives the same findings as the scan, for one object
# built in our own build directory (never in the tree).  They are
# diagnostics, on stderr: make -s sends the checker's stdout to /dev/null.
my ($build) = `sqlite3 -batch -noheader $db "SELECT build_dir FROM scans"` =~ /^(\S+)/;
my @scan_lines = sort grep { m{^mm/compaction\.c:} } split /\n/, `$memdesc report --db $db 2>/dev/null`;
my $check_cmd = "$memdesc check --root $tree --exit-zero";
my @check_lines = sort grep { m{^mm/compaction\.c:.*warning:} }
	split /\n/, `make -s -C $tree O=$build C=2 CHECK="$check_cmd" mm/compaction.o 2>&1 >/dev/null`;
check(@scan_lines > 0 && "@check_lines" eq "@scan_lines",
   'make -s C=2 CHECK="memdesc check" prints on stderr what the scan found in mm/compaction.c',
   "scan: " . @scan_lines . " lines, check: " . @check_lines . " lines");

# The bridging layer's own definitions are findings of class core-wrapper:
# the real include/linux/pagemap.h, through --include-headers.
my @wrapper = grep { m{"path":"include/linux/pagemap\.h"} } split /\n/,
	`make -s -C $tree O=$build C=2 CHECK="$check_cmd --include-headers --format json" mm/compaction.o 2>&1 >/dev/null`;
check(@wrapper > 0 && !grep({ !/"class":"core-wrapper"/ } @wrapper),
   'findings in include/linux/pagemap.h (--include-headers) are of class core-wrapper',
   "pagemap.h findings: " . @wrapper, @wrapper ? $wrapper[0] : ());

note map { "total $_: $totals{$_}\n" } sort keys %totals;
done_testing();

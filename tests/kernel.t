#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# kernel.t - scan a few real files of the Debian 6.12 tree (x86_64
# defconfig) and account for every textual occurrence of each rule's
# pattern outside comments and strings: it is a finding, or the census
# explains it (a member of another record, a line the preprocessor
# skipped), or it sits in a macro definition (reported where it is used).
# Skipped, with a reason, when the linux-source-6.12 package is not
# installed and no unpacked tree is in the cache.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);

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

# Textual patterns: what a grep for each rule would find.
my %patterns = (
	'page-lru' => qr/(?:->|\.)\s*(lru|__filler|mlock_count)\b|,\s*(lru)\s*\)/,
	'page-mapping' => qr/(?:->|\.)\s*(mapping)\b/,
	'folio-page' => qr/(?:->|\.)\s*(page)\b/,
	'bh-page' => qr/(?:->|\.)\s*(b_page)\b/,
	'compound-head' => qr/\b(compound_head)\s*\(|(?:->|\.)\s*(compound_head)\b/,
);
# The record whose member each rule's pattern is about.
my %record = ('page-lru' => 'page', 'page-mapping' => 'page', 'folio-page' => 'folio',
	      'bh-page' => 'buffer_head', 'compound-head' => 'page');

my $tree = $ENV{MEMDESC_KDIR};
if (!$tree) {
	if (!-e '/usr/src/linux-source-6.12.tar.xz' && !-d "$cache/src/linux-source-6.12") {
		print "1..0 # SKIP linux-source-6.12 is not installed (apt-get install linux-source-6.12)\n";
		exit 0;
	}
	$tree = `$root/scripts/kernel-tree.sh 6.12 $cache`;
	chomp $tree;
	die "cannot unpack the 6.12 tree\n" if $? || !-d $tree;
}

my $n = 0;
sub ok ($$@) {
	my ($pass, $name, @diag) = @_;
	$n++;
	print(($pass ? 'ok' : 'not ok') . " $n - $name\n");
	print map { "# $_\n" } @diag;
	return $pass;
}

my $work = tempdir(CLEANUP => 1);
my $db = "$work/kernel.db";
my @cmd = ($memdesc, 'scan', '--census', '--db', $db, '--cache', "$cache/build", $tree, @files);
my $out = `@cmd 2>$work/err`;
my $status = $? >> 8;
my $err = do { local $/; open my $fh, '<', "$work/err"; <$fh> } // '';
ok($status == 1, "scan of " . @files . " files exits 1 (findings)", $status == 1 ? () : ($err));
ok(scalar($err =~ / (\d+) of \1 files scanned, 0 failed, 0 with parse errors/),
   'every file parsed without errors', grep { /^scan |error/ } split /\n/, $err);

# What memdesc said, by file and line:column.
my (%finding, %census, %skipped);
for (split /\n/, $out) {
	if (/^(\S+):(\d+):(\d+): warning: .* \[([\w-]+)\]$/) {
		push @{$finding{$1}{"$2:$3"}}, $4;
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

my %totals;
for my $file (@files) {
	open my $fh, '<', "$tree/$file" or die "$tree/$file: $!";
	my $text = blank_comments_and_strings(do { local $/; <$fh> });
	my @lines = split /\n/, $text, -1;
	my %in_define = macro_definition_lines(@lines);
	my (@unexplained, %why);
	for my $rule (sort keys %patterns) {
		for my $i (0 .. $#lines) {
			my $line = $i + 1;
			while ($lines[$i] =~ /$patterns{$rule}/g) {
				my $tok = defined $1 ? $1 : $2;
				my $col = $-[defined $1 ? 1 : 2] + 1;
				my $at = "$line:$col";
				my $class;
				if (grep { $_ eq $rule } @{$finding{$file}{$at} // []}) {
					$class = 'finding';
				} elsif (grep { $_->[0] <= $line && $line <= $_->[1] } @{$skipped{$file} // []}) {
					$class = 'skipped by the preprocessor';
				} elsif ($in_define{$line}) {
					$class = 'macro definition';
				} elsif (in_debug_macro(\@lines, $i, $col)) {
					$class = 'argument of a VM_BUG_ON/VM_WARN_ON (CONFIG_DEBUG_VM off)';
				} elsif (defined(my $c = $census{$file}{$at})) {
					$class = $c eq $record{$rule} ? undef : "member of struct $c";
					$class = $c if $c =~ /^macro /;
				}
				if (defined $class) {
					$why{"$rule: $class"}++;
				} else {
					push @unexplained, "$file:$at: $rule: '$tok' is neither a finding nor explained";
				}
			}
		}
	}
	$totals{$_} += $why{$_} for keys %why;
	ok(!@unexplained, "$file: every textual occurrence is a finding or explained",
	   @unexplained ? @unexplained : map { "$_: $why{$_}" } sort keys %why);
}

# The acceptance points of type-exactness, on the real files.
my @binder_lru = grep { $census{'drivers/android/binder_alloc.c'}{$_} eq 'binder_lru_page' }
		 keys %{$census{'drivers/android/binder_alloc.c'} // {}};
my @binder_findings = grep { grep { $_ eq 'page-lru' } @{$finding{'drivers/android/binder_alloc.c'}{$_}} }
		      keys %{$finding{'drivers/android/binder_alloc.c'} // {}};
ok(@binder_lru > 0 && !@binder_findings,
   'binder_lru_page->lru is seen (' . @binder_lru . ' accesses) and not reported');
my @vmf_page = grep { $census{'mm/memory.c'}{$_} eq 'vm_fault' } keys %{$census{'mm/memory.c'} // {}};
my @vmf_reported = grep { $finding{'mm/memory.c'}{$_} } @vmf_page;
ok(@vmf_page > 0 && !@vmf_reported, 'vmf->page is seen (' . @vmf_page . ' accesses) and not reported');
ok(scalar($out !~ /i_mapping.*\[page-mapping\]/ && $out =~ /^fs\/ext4\/inode\.c:\d+:\d+: warning: bh->b_page/m),
   'inode->i_mapping is not reported; ext4 bh->b_page is');
ok(scalar($out =~ /^mm\/swapfile\.c:\d+:\d+: warning: page->lru: .*\(via list_for_each_entry\(\)\) \[page-lru\]$/m),
   'list_for_each_entry(page, ..., lru) is reported');
ok(scalar($out =~ /^mm\/hugetlb_vmemmap\.c:251:\d+: warning: page->lru: .*\(via list_first_entry\(\)\) \[page-lru\]$/m),
   'list_first_entry(..., struct page, lru), a container_of(), is reported');
ok(scalar($out =~ /^mm\/compaction\.c:\d+:\d+: warning: compound_head\(\).*\[compound-head\]$/m),
   'compound_head() in mm/compaction.c is reported');
# Kbuild's checker hook gives the same findings as the scan, for one object
# built in our own build directory (never in the tree).
my ($build) = `sqlite3 -batch -noheader $db "SELECT build_dir FROM scans"` =~ /^(\S+)/;
my @scan_lines = sort grep { m{^mm/compaction\.c:} } split /\n/, `$memdesc report --db $db 2>/dev/null`;
my $check_cmd = "$memdesc check --root $tree --exit-zero";
my @check_lines = sort grep { m{^mm/compaction\.c:.*warning:} }
	split /\n/, `make -C $tree O=$build C=2 CHECK="$check_cmd" mm/compaction.o 2>&1`;
ok(@scan_lines > 0 && "@check_lines" eq "@scan_lines",
   'make C=2 CHECK="memdesc check" prints what the scan found in mm/compaction.c',
   "scan: " . @scan_lines . " lines, check: " . @check_lines . " lines");

print map { "# total $_: $totals{$_}\n" } sort keys %totals;
print "1..$n\n";

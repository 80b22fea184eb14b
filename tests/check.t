#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# check.t - `memdesc check`, the checker Kbuild's C=1 CHECK= hook runs, on a
# small fake tree: the tree root and paths outside it, compiler arguments
# libclang cannot use (an error with the compiler's own message, exit 2),
# findings on stderr (where Kbuild's make -s keeps them), empty rule ids,
# the engine and certainty of a finding, the core-wrapper class of the
# bridging layer, and --include-headers over a scan of two TUs.
use strict;
use warnings;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use POSIX ();
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(write_file slurp run_in run sql);

my $root = abs_path(dirname(dirname(__FILE__)));
my @binaries = map { abs_path($_) } grep { defined && length }
	       ($ENV{MEMDESC} || "$root/memdesc", $ENV{MEMDESC_ASAN});

# A fake tree: a Makefile, the stand-in headers, two files of mm/.
my $tree = tempdir(CLEANUP => 1);
write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION =\n");
system('cp', '-r', "$root/tests/fixtures/include", "$tree/include") == 0 or die "cp failed";
# a header outside the scope mm with a finding, and the bridging layer's pagemap.h
write_file("$tree/include/linux/extra.h", <<'EOF');
#include <linux/mm.h>
static inline void *extra_lru(struct page *page)
{
	return page->lru.next;
}
EOF
write_file("$tree/include/linux/pagemap.h", <<'EOF');
#include <linux/mm.h>
static inline void *pagemap_lru(struct page *page)
{
	return page->lru.prev;
}
EOF
write_file("$tree/mm/a.c", <<'EOF');
#include <linux/mm.h>
#include <linux/extra.h>

void *a(struct page *page)
{
	return page->lru.next;
}
EOF
write_file("$tree/mm/b.c", "#include <linux/mm.h>\n#include <linux/extra.h>\nint b(struct folio *f) { return f->lru.next != 0; }\n");
write_file("$tree/mm/clean.c", "#include <linux/mm.h>\nint clean(struct folio *f) { return f->lru.next != 0; }\n");
write_file("$tree/mm/wrap.c", "#include <linux/pagemap.h>\nint wrap(struct folio *f) { return f != 0; }\n");
write_file("$tree/mm/folio-compat.c", "#include <linux/mm.h>\nvoid *compat(struct page *page) { return page->lru.next; }\n");
# a sibling whose name starts with the tree's: not under it
my $sibling = "${tree}x";
write_file("$sibling/mm/a.c", slurp("$tree/mm/a.c"));
END { system('rm', '-rf', $sibling) if defined $sibling && -d $sibling }

my $work = tempdir(CLEANUP => 1);
my @inc = ("-I$tree/include", '-std=gnu11');

for my $bin (@binaries) {
	my $tag = $bin eq $binaries[0] ? '' : ' [asan]';
	my @check = ($bin, 'check', '--root', $tree, @inc);
	my ($status, $out, $err);

	# the tree root: files outside it are errors; a root that is no tree warns
	($status, $out, $err) = run(@check, "$sibling/mm/a.c");
	is($status, 2, "a file of a sibling directory ${tree}x is outside --root: exit 2$tag");
	like($err, qr/outside the tree root/, "... and says so$tag");
	($status, $out, $err) = run($bin, 'check', '--root', "$work", @inc, "$tree/mm/a.c");
	is($status, 2, "a file outside --root: exit 2$tag");
	($status, $out, $err) = run($bin, 'check', '--root', '/', @inc, "$tree/mm/clean.c");
	like($err, qr/warning: .*--root \/ holds no Makefile and no include\/linux/,
	     "--root / is not silently accepted: a warning$tag");
	my $build = tempdir(CLEANUP => 1);
	write_file("$build/Makefile", "include $tree/Makefile\n");
	make_path("$build/include/generated");
	($status, $out, $err) = run_in($build, $bin, 'check', @inc, "$tree/mm/a.c");
	is($status, 2, "the default --root . in an O= build directory: the file is outside, exit 2$tag");
	like($err, qr/outside the tree root \Q$build\E/, "... naming the build directory$tag");
	my $db = "$work/check$tag.db";
	unlink $db;
	($status, $out, $err) = run(@check, '--db', $db, "$tree/mm/a.c");
	is($status, 1, "a finding: exit 1$tag") or diag($err);
	is(sql($db, "SELECT group_concat(DISTINCT path) FROM files JOIN scan_files ON id = file_id"), 'mm/a.c',
	   "the stored path is relative to the root$tag");
	is(sql($db, "SELECT engine || ' ' || certainty FROM findings"), 'libclang exact',
	   "the stored finding: engine libclang, certainty exact$tag");
	is(sql($db, "SELECT group_concat(name || '=' || dflt_value, ' ') FROM pragma_table_info('findings') WHERE name IN ('engine', 'certainty')"),
	   "engine='libclang' certainty='exact'", "the schema's defaults: engine libclang, certainty exact$tag");

	# findings are diagnostics: on stderr, in every format; stdout stays empty
	is($out, '', "check prints nothing on stdout$tag");
	like($err, qr{^mm/a\.c:6:15: warning: page->lru: .* \[page-lru\]$}m, "the finding is on stderr$tag");
	($status, $out, $err) = run(@check, '--format', 'json', "$tree/mm/a.c");
	is($out, '', "--format json: nothing on stdout$tag");
	like($err, qr/^\{.*"engine":"libclang".*\}$/m, "--format json: \"engine\":\"libclang\"$tag");
	like($err, qr/^\{.*"certainty":"exact".*\}$/m, "--format json: \"certainty\":\"exact\"$tag");
	($status, $out, $err) = run($bin, 'check', '--help');
	is($status, 0, "check --help: exit 0$tag");
	like($out, qr/memdesc check .*FILE\.c/, "check --help prints memdesc's usage, not the compiler's$tag");

	# compiler arguments libclang cannot use: exit 2 with the compiler's message
	for my $case (['-x', 'foo', qr/language not recognized: 'foo'/],
		      ['-std=gnu99x', qr/invalid value 'gnu99x' in '-std=gnu99x'/],
		      ['--target=nonsense', qr/unknown target triple 'nonsense'/]) {
		my $want = pop @$case;
		($status, $out, $err) = run(@check, '--exit-zero', @$case, "$tree/mm/a.c");
		is($status, 2, "check @$case: exit 2, even with --exit-zero$tag");
		like($err, qr{^mm/a\.c: error: .*$want}m, "check @$case: the compiler's message$tag")
			or diag($err);
	}
	($status, $out, $err) = run(@check, "$tree/mm/b.c", "$tree/mm/a.c");
	is($status, 2, "two .c files: exit 2$tag");
	like($err, qr{error: .*\Q$tree\E/mm/b\.c.*\Q$tree\E/mm/a\.c}, "two .c files: both named$tag");

	# empty rule ids are errors wherever they stand
	for my $ids (',page-lru', 'page-lru,', 'page-lru,,bh-page', '') {
		($status, $out, $err) = run(@check, '--enable', $ids, "$tree/mm/a.c");
		is($status, 2, "--enable '$ids': exit 2$tag");
		like($err, qr/--enable: empty rule id in '\Q$ids\E'/, "--enable '$ids': the empty id$tag");
	}
	($status, $out, $err) = run(@check, '--disable', 'bh-page,', "$tree/mm/a.c");
	like($err, qr/--disable: empty rule id/, "--disable 'bh-page,': the empty id$tag");

	# the bridging layer's files get the class core-wrapper
	($status, $out, $err) = run(@check, '--format', 'json', '--include-headers', "$tree/mm/wrap.c");
	like($err, qr/^\{(?=.*"path":"include\/linux\/pagemap\.h")(?=.*"class":"core-wrapper").*\}$/m,
	     "a finding in include/linux/pagemap.h is core-wrapper$tag") or diag($err);
	($status, $out, $err) = run(@check, '--format', 'json', "$tree/mm/folio-compat.c");
	like($err, qr/^\{(?=.*"path":"mm\/folio-compat\.c")(?=.*"class":"core-wrapper").*\}$/m,
	     "a finding in mm/folio-compat.c is core-wrapper$tag") or diag($err);
	($status, $out, $err) = run(@check, '--format', 'json', "$tree/mm/a.c");
	unlike($err, qr/"class":"/, "a finding in mm/a.c has no class$tag");
}

# --include-headers: a header outside the scope, included by two TUs of it
my $compdb_dir = tempdir(CLEANUP => 1);
write_file("$compdb_dir/compile_commands.json", "[\n" . join(",\n", map {
	qq({"directory": "$tree", "file": "mm/$_.c", "arguments": ["gcc", "-nostdinc", "-I./include", "-std=gnu11", "-c", "-o", "mm/$_.o", "mm/$_.c"]})
} qw(a b)) . "\n]\n");
for my $bin (@binaries) {
	my $tag = $bin eq $binaries[0] ? '' : ' [asan]';
	my @scan = ($bin, 'scan', '--compdb', $compdb_dir, '-j', '2');
	my ($status, $out, $err) = run(@scan, '--db', "$work/h0$tag.db", $tree, 'mm/a.c', 'mm/b.c');
	is($status, 1, "scan of two TUs: exit 1$tag") or diag($err);
	unlike($out, qr{include/linux/extra\.h}, "without --include-headers: no finding in a header outside the scope$tag");
	($status, $out, $err) = run(@scan, '--db', "$work/h1$tag.db", '--include-headers', $tree, 'mm/a.c', 'mm/b.c');
	my @lines = grep { m{^include/linux/extra\.h:4:\d+: warning: .*\[page-lru\]$} } split /\n/, $out;
	is(scalar @lines, 1, "with --include-headers: the header's finding once, though two TUs include it$tag")
		or diag($out, $err);
	is(sql("$work/h1$tag.db", "SELECT count(*) FROM findings f JOIN files p ON p.id = f.file_id WHERE p.path = 'include/linux/extra.h'"),
	   '1', "with --include-headers: one row for it in the database$tag");
}

# scan and check agree that an empty id is no rule
{
	my @scan = ($binaries[0], 'scan', '--compdb', $compdb_dir, '--db', "$work/ids.db");
	my ($status, $out, $err) = run(@scan, '--enable', 'page-lru', $tree, 'mm/a.c');
	is($status, 1, "scan --enable page-lru: exit 1 (findings)") or diag($err);
	($status, $out, $err) = run(@scan, '--enable', 'page-lru,', $tree, 'mm/a.c');
	is($status, 2, "scan --enable 'page-lru,': exit 2, as ',page-lru'");
}

# The rule column of runtime/include/rt_rewrites.def: each before form is a
# finding of its rule, each after form is not; a pair without a rule has no
# finding either way.  The table is read through the C preprocessor, as the
# runtime model reads it, with the forms as written.
{
	my $def = "$root/runtime/include/rt_rewrites.def";
	my $gen = "$work/rewrites-list.c";
	write_file($gen, "#define RT_REWRITE(name, rule, d, b, c, o, s, cl, before, after, oracle, ...) " .
		   "REWRITE name rule #before #after\n#include \"$def\"\n");
	my @pairs = map { /^REWRITE (\w+) "([^"]*)" "((?:\\.|[^"\\])*)" "((?:\\.|[^"\\])*)"$/ ? [$1, $2, $3, $4] : () }
		    split /\n/, `cc -E -P $gen`;
	ok(@pairs >= 20, 'rt_rewrites.def: ' . @pairs . ' pairs read');
	my @check = ($binaries[0], 'check', '--root', $tree, @inc, "-I$root/tests/data/rewrites");
	my %rules = map { $_ => 1 } map { (split ' ')[0] } split /\n/, `$binaries[0] list-rules`;
	for my $p (@pairs) {
		my ($name, $rule, $before, $after) = @$p;
		s/\\(.)/$1/g for $before, $after;
		ok(!length $rule || $rules{$rule}, "$name: '$rule' is a rule of memdesc");
		my %got;
		for my $form (['before', $before], ['after', $after]) {
			my $file = "$tree/mm/rw-$name-$form->[0].c";
			write_file($file, "#include \"rewrites.h\"\n\n" .
				   "void f(struct page *P, struct folio *F, struct buffer_head *BH, struct list_head *L)\n" .
				   "{\n\t$form->[1];\n}\n");
			my ($status, $out, $err) = run(@check, '-Wno-unused-value', '-Wno-unused-comparison', $file);
			$got{$form->[0]} = [map { /\[([\w-]+)\]$/ ? $1 : () } grep { /^mm\/rw-.*: warning: / } split /\n/, $err];
			diag("$name $form->[0]: exit $status\n$err") if $status > 1;
		}
		if (length $rule) {
			ok(scalar(grep { $_ eq $rule } @{$got{before}}),
			   "$name: the before form '$before' is a finding of $rule") or diag("got: @{$got{before}}");
			ok(!grep({ $_ eq $rule } @{$got{after}}),
			   "$name: the after form '$after' is not a finding of $rule") or diag("got: @{$got{after}}");
		} else {
			is("@{$got{before}}", '', "$name: the before form '$before' is no finding (no rule)");
			is("@{$got{after}}", '', "$name: the after form '$after' is no finding");
		}
	}
}

done_testing();

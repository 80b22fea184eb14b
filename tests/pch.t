#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# pch.t - the precompiled headers a cold scan shares, on a small fake
# tree: the TUs of one group whose leading includes are all <...>
# headers take one PCH of the headers they share; a TU that defines a
# macro or includes a header of its own before them takes none; the
# findings (those of the PCH's headers too), the inputs each TU records
# and so the next --incremental scan are those of a scan without PCHs.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(write_file run sql);

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC_ASAN} || $ENV{MEMDESC} || "$root/memdesc";

my $tree = tempdir(CLEANUP => 1);
write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 99\nEXTRAVERSION = -test\n");
system('cp', '-r', "$root/tests/fixtures/include", "$tree/include") == 0 or die "cp failed";
my $helpers = "#ifndef HELPERS_H\n#define HELPERS_H\n#include <linux/mm.h>\n"
	    . "static inline struct address_space *helper_mapping(struct page *page)\n"
	    . "{\n\treturn page->mapping;\n}\n";
write_file("$tree/include/linux/helpers.h", "$helpers#endif\n");
# only the TUs that take the PCH read shared.h: its finding comes through the PCH alone
write_file("$tree/include/linux/shared.h", "#ifndef SHARED_H\n#define SHARED_H\n#include <linux/mm.h>\n"
	   . "static inline int shared_lru(struct page *page)\n{\n\treturn page->lru.next != 0;\n}\n#endif\n");
my $lead = "#include <linux/mm.h>\n#include <linux/helpers.h>\n";
my $shared = "$lead#include <linux/shared.h>\n";
for my $name (qw(a b c)) {
	write_file("$tree/mm/$name.c", "$shared\nint $name(struct page *page) { return page->lru.next != 0; }\n");
}
# pr_fmt changes only format strings: the TU still takes the PCH
write_file("$tree/mm/fmt.c", "#define pr_fmt(fmt) \"fmt: \" fmt\n$shared\n"
	   . "int fmt(struct page *page) { return page->lru.next != 0; }\n");
# a macro or a header of its own before the system headers could change
# them: local.c takes none; nor does defines.c, which leaves x.c and y.c
# (flags of their own: a group of their own) too few for a PCH
write_file("$tree/mm/local.h", "#define LOCAL 1\n");
write_file("$tree/mm/local.c", "#include \"local.h\"\n$lead\n"
	   . "int local(struct page *page) { return page->lru.next != 0; }\n");
write_file("$tree/mm/defines.c", "#define HELPERS_DEBUG 1\n$lead\n"
	   . "int defines(struct page *page) { return page->lru.next != 0; }\n");
for my $name (qw(x y)) {
	write_file("$tree/mm/$name.c", "$lead\nint $name(struct page *page) { return page->lru.next != 0; }\n");
}

my @built = qw(mm/a.c mm/b.c mm/c.c mm/fmt.c mm/local.c mm/defines.c mm/x.c mm/y.c);
my %other = map { $_ => 1 } qw(mm/defines.c mm/x.c mm/y.c);
my $build = tempdir(CLEANUP => 1);
write_file("$build/compile_commands.json", "[\n" . join(",\n", map {
	(my $base = $_) =~ s{.*/|\.c$}{}g;
	# a warning option changes no parse: b.c still shares the group's PCH
	my $flags = $other{$_} ? '"-DOTHER",' : $_ eq 'mm/b.c' ? '"-Wno-unused-variable",' : '';
	qq({"directory": "$tree", "file": "$_", "arguments": ["gcc", "-nostdinc", "-I./include", "-std=gnu11", $flags)
	. qq( "-DKBUILD_BASENAME=\\"$base\\"", "-DKBUILD_MODNAME=\\"$base\\"", "-c", "$_"]})
} @built) . "\n]\n");

my $work = tempdir(CLEANUP => 1);
$ENV{MEMDESC_CACHE} = "$work/cache";
sub scan {
	my ($db, @flags) = @_;
	return run($memdesc, 'scan', '--db', "$work/$db", '--compdb', $build, '-j', '2',
		   '--no-fallback', @flags, $tree);
}
sub fingerprints {
	my ($db) = @_;
	return sql("$work/$db", "SELECT path || ' ' || rule || ' ' || fingerprint FROM findings"
		   . " JOIN files ON files.id = file_id WHERE scan_id = (SELECT max(id) FROM scans)"
		   . " ORDER BY 1");
}
sub inputs {
	my ($db) = @_;
	return sql("$work/$db", "SELECT group_concat(path || ' ' || inputs_hash, ', ') FROM (SELECT"
		   . " path, inputs_hash FROM tu_inputs JOIN files ON files.id = file_id ORDER BY path)");
}
sub parsed {
	my ($db) = @_;
	return sql("$work/$db", "SELECT group_concat(path, ' ') FROM (SELECT path FROM scan_files"
		   . " JOIN files ON files.id = file_id WHERE role = 'tu' AND reused_from IS NULL"
		   . " AND scan_id = (SELECT max(id) FROM scans) ORDER BY path)");
}

my ($status, $out, $err) = scan('pch.db');
is($status, 1, 'findings: exit 1') or diag($err);
like($err, qr/^pch: 1 precompiled headers shared by 4 of 8 files/m,
     'a, b (another warning option), c and fmt.c share one PCH; local.c, defines.c, x.c and y.c'
     . ' take none') or diag($err);
like($err, qr/ 8 of 8 files scanned, 0 failed, 0 with parse errors/, 'every file parsed') or diag($err);
like($out, qr{^include/linux/helpers\.h:6:\d+: warning: page->mapping: .*\[page-mapping\]$}m,
     'the finding in a header of the PCH is reported');
like($out, qr{^include/linux/shared\.h:6:\d+: warning: page->lru: .*\[page-lru\]$}m,
     'also in one that only the TUs parsed with the PCH read');

my ($nstatus, $nout, $nerr) = scan('nopch.db', '--no-pch');
is($nstatus, 1, '--no-pch: exit 1') or diag($nerr);
unlike($nerr, qr/^pch:/m, '--no-pch builds none');
isnt(fingerprints('nopch.db'), '', 'findings to compare');
is(fingerprints('pch.db'), fingerprints('nopch.db'), 'the same fingerprints with and without the PCH');
is(join("\n", sort split /\n/, $out), join("\n", sort split /\n/, $nout), 'the same diagnostics');
is(inputs('pch.db'), inputs('nopch.db'), 'every TU records the same inputs, hashed the same');
like(sql("$work/pch.db", "SELECT count(*) FROM tu_inputs t JOIN files f ON f.id = t.file_id"
	 . " WHERE f.path = 'mm/a.c' AND (',' || t.inputs || ',') LIKE '%,' ||"
	 . " (SELECT id FROM files WHERE path = 'include/linux/helpers.h') || ',%'"),
     qr/^1$/, 'a TU parsed with the PCH lists the PCH\'s headers among its inputs');

# a header of the PCH changes: every TU that reads it is parsed again
my $edited = $helpers . "static inline void *helper_lru(struct page *page)\n{\n\treturn page->lru.next;\n}\n#endif\n";
write_file("$tree/include/linux/helpers.h.new", $edited);
rename("$tree/include/linux/helpers.h.new", "$tree/include/linux/helpers.h") or die;
($status, $out, $err) = scan('pch.db', '--incremental');
is($status, 1, '--incremental after a header edit: exit 1') or diag($err);
is(parsed('pch.db'), 'mm/a.c mm/b.c mm/c.c mm/defines.c mm/fmt.c mm/local.c mm/x.c mm/y.c',
   'every TU that reads the edited header is parsed again');
($status, $out, $err) = scan('fresh.db', '--no-pch');
is(fingerprints('pch.db'), fingerprints('fresh.db'), 'and finds what a fresh scan finds');
like(fingerprints('fresh.db'), qr{^include/linux/helpers\.h page-lru }m, 'the new header finding among them');

done_testing();

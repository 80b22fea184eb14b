#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# compdb.t - memdesc compdb on a small fake tree: a valid JSON array with
# an entry for each built file a scan would parse (not the one whose text
# cannot hold a finding, unless --no-prefilter), each with the directory,
# the file and the tree's -I/-D/-include as libclang gets them; clang
# -fsyntax-only and clang-query read it, and clang-query finds page->lru
# where the scan does.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use JSON::PP;
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(write_file slurp run run_in);

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC_ASAN} || $ENV{MEMDESC} || "$root/memdesc";

my $tree = tempdir(CLEANUP => 1);
write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 99\nEXTRAVERSION = -test\n");
system('cp', '-r', "$root/tests/fixtures/include", "$tree/include") == 0 or die "cp failed";
write_file("$tree/include/linux/kconfig.h", "#define CONFIG_BENCH 1\n");
write_file("$tree/mm/hit.c", "#include <linux/mm.h>\n#ifndef __KERNEL__\n#error no __KERNEL__\n#endif\n"
	   . "#if !CONFIG_BENCH\n#error no kconfig.h\n#endif\n"
	   . "int hit(struct page *page) { return page->lru.next != 0; }\n");
write_file("$tree/mm/plain.c", "#include <linux/mm.h>\nint plain(int lru) { return lru + 1; }\n");
write_file("$tree/fs/buf.c", "#include <linux/buffer_head.h>\n"
	   . "struct page *buf(struct buffer_head *bh) { return bh->b_page; }\n");

my @built = qw(mm/hit.c mm/plain.c fs/buf.c);
my $build = tempdir(CLEANUP => 1);
write_file("$build/compile_commands.json", "[\n" . join(",\n", map {
	qq({"directory": "$tree", "file": "$_", "arguments": ["gcc", "-nostdinc", "-I./include",)
	. qq( "-include", "./include/linux/kconfig.h", "-D__KERNEL__", "-std=gnu11",)
	. qq( "-fconserve-stack", "-c", "$_", "-o", "$_.o"]})
} @built) . "\n]\n");

my $work = tempdir(CLEANUP => 1);
$ENV{MEMDESC_CACHE} = "$work/cache";

sub compdb {
	my ($out, @flags) = @_;
	my ($status, $stdout, $err) = run($memdesc, 'compdb', '--compdb', $build, '-o', $out, @flags, $tree);
	return ($status, $stdout, $err);
}

sub entries {
	my ($path) = @_;
	my $db = eval { decode_json(slurp($path)) };
	return $db;
}

my ($status, $out, $err) = compdb("$work/compile_commands.json");
is($status, 0, 'compdb exits 0') or diag($err);
like($err, qr/^compdb: 2 files in \Q$work\E\/compile_commands\.json$/m, 'it says how many files it wrote');
my $db = entries("$work/compile_commands.json");
ok(ref $db eq 'ARRAY', 'the output is a JSON array') or diag(slurp("$work/compile_commands.json"));
$db = [] unless ref $db eq 'ARRAY';
my %by_file = map { $_->{file} => $_ } @$db;
is_deeply([sort keys %by_file], ["$tree/fs/buf.c", "$tree/mm/hit.c"],
	  'an entry for each built file that can hold a finding, with its absolute path');
my $hit = $by_file{"$tree/mm/hit.c"} // { arguments => [] };
my @args = @{$hit->{arguments}};
is($hit->{directory}, $tree, 'the directory is where the arguments are relative to');
is("@args[0 .. 6]", "clang -nostdinc -I$tree/include -include $tree/include/linux/kconfig.h"
   . " -D__KERNEL__ -std=gnu11", 'the compiler, then the flags in order, paths made absolute');
is_deeply([@args[-2, -1]], ['-c', "$tree/mm/hit.c"], 'the file comes last, after -c');
ok((grep { $_ eq "-I$tree/include" } @args), "the tree's -I, absolute") or diag("@args");
ok((grep { $_ eq '-D__KERNEL__' } @args), 'the -D');
my ($inc) = grep { $args[$_] eq '-include' } 0 .. $#args;
ok(defined $inc && $args[$inc + 1] =~ m{include/linux/kconfig\.h$}, 'the -include of kconfig.h');
ok(!(grep { $_ eq '-fconserve-stack' || $_ eq '-o' } @args),
   'no gcc-only flag and no -o: the arguments libclang gets');
ok(!(grep { $_->{arguments} && grep { $_ eq '-MD' } @{$_->{arguments}} } @$db), 'no dependency options');

($status, $out, $err) = compdb("$work/all.json", '--no-prefilter');
is($status, 0, '--no-prefilter exits 0') or diag($err);
is(scalar @{entries("$work/all.json") // []}, 3, '--no-prefilter: every built file');

($status, $out, $err) = compdb('-');
is($status, 0, '-o - exits 0') or diag($err);
is_deeply(eval { decode_json($out) }, $db, '-o - writes the same to standard output');

($status, $out, $err) = run($memdesc, 'compdb', '--compdb', $build, '-o', "$work/none.json", "$work/nowhere");
is($status, 2, 'no tree: exit 2');
ok(!-e "$work/none.json", 'no tree: nothing written');
($status, $out, $err) = run($memdesc, 'compdb');
is($status, 2, 'no operand: exit 2');

SKIP: {
	skip 'no clang', 1 unless system('sh', '-c', 'command -v clang >/dev/null') == 0;
	my @cmd = @args;
	splice(@cmd, -2, 0, '-fsyntax-only');
	($status, $out, $err) = run_in($hit->{directory}, @cmd);
	is($status, 0, 'clang -fsyntax-only with the entry\'s arguments parses the file') or diag($err);
}

SKIP: {
	skip 'no clang-query', 2 unless system('sh', '-c', 'command -v clang-query >/dev/null') == 0;
	my $q = 'match memberExpr(member(fieldDecl(hasName("lru"), hasAncestor(recordDecl(hasName("page"))))))';
	($status, $out, $err) = run('clang-query', '-p', $work, "$tree/mm/hit.c", '-c', $q);
	is($status, 0, 'clang-query reads the database') or diag($err);
	like($out, qr{^\Q$tree\E/mm/hit\.c:8:\d+: note: "root" binds here$}m,
	     'and finds the page->lru of mm/hit.c') or diag($out, $err);
}

done_testing();

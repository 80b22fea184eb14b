#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# since.t - scan --since REV on a small fake tree in git: only the TUs
# that read a file git says changed since REV (a .c file, a header, an
# untracked file, an ignored one modified after the last scan) are parsed
# again, the others are reused without being read, the fallback's files
# likewise, the findings are those of a full scan; and the errors: not a
# git work tree, a revision git cannot resolve, no scan to reuse from.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(write_file slurp run sql);

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC_ASAN} || $ENV{MEMDESC} || "$root/memdesc";

my $tree = tempdir(CLEANUP => 1);
write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 99\nEXTRAVERSION = -test\n");
system('cp', '-r', "$root/tests/fixtures/include", "$tree/include") == 0 or die "cp failed";
my $walk = "#include <linux/mm.h>\nstruct address_space *walk(struct page *page) { return page->mapping; }\n";
write_file("$tree/mm/walk.c", $walk);
write_file("$tree/fs/clean.c", "#include <linux/mm.h>\nint clean(struct page *page) { return page->lru.next != 0; }\n");
write_file("$tree/fs/bh.c", "#include <linux/buffer_head.h>\nvoid *bh(struct buffer_head *bh) { return bh->b_page->mapping; }\n");
write_file("$tree/mm/gen.c", "#include <generated/conf.h>\n#include <linux/mm.h>\nint gen(struct page *page) { return page->lru.next != 0; }\n");
write_file("$tree/mm/unbuilt.c", "#include <linux/mm.h>\nvoid *unbuilt(struct page *page) { return page->mapping; }\n");
# generated, and ignored by git as in an in-tree build; older than any scan
write_file("$tree/.gitignore", "/include/generated/\n");
write_file("$tree/include/generated/conf.h", "#define CONFIG_GEN 1\n");
utime(time - 3600, time - 3600, "$tree/include/generated/conf.h");

my $build = tempdir(CLEANUP => 1);
sub compdb {
	my (%extra) = @_;
	write_file("$build/compile_commands.json", "[\n" . join(",\n", map {
		my $d = $extra{$_} ? qq("$extra{$_}", ) : '';
		qq({"directory": "$tree", "file": "$_", "arguments": ["gcc", "-nostdinc", "-I./include", "-std=gnu11", $d"-c", "$_"]})
	} sort(qw(mm/walk.c fs/clean.c fs/bh.c mm/gen.c), @{$extra{files} // []})) . "\n]\n");
}
compdb();

sub git { system('git', '-C', $tree, '-c', 'user.name=t', '-c', 'user.email=t@t', @_) == 0 or die "git @_ failed" }
git('init', '-q');
git('add', '-A');
git('commit', '-q', '-m', 'base');

my $work = tempdir(CLEANUP => 1);
$ENV{MEMDESC_CACHE} = "$work/cache";
my $db = "$work/since.db";
sub scan {
	my ($d, @flags) = @_;
	return run($memdesc, 'scan', '--db', $d, '--compdb', $build, '-j', '2', @flags, $tree);
}
sub last_scan { sql($db, "SELECT max(id) FROM scans") }
# the TUs the newest scan parsed (not reused), sorted
sub parsed {
	my $s = last_scan();
	return sql($db, "SELECT group_concat(path, ' ') FROM (SELECT path FROM scan_files JOIN files"
		   . " ON files.id = file_id WHERE scan_id = $s AND role = 'tu' AND reused_from IS NULL"
		   . " AND path LIKE '%.c' ORDER BY path)");
}
sub fingerprints {
	my ($d, $s) = @_;
	return sql($d, "SELECT group_concat(x, ' ') FROM (SELECT path || ':' || rule || ':' || fingerprint AS x"
		   . " FROM findings JOIN files ON files.id = file_id WHERE scan_id = $s ORDER BY 1)");
}
sub full_scan_fingerprints {
	my $full = "$work/full" . last_scan() . ".db";
	my ($status, undef, $err) = scan($full);
	is($status, 1, 'the full scan to compare with') or diag($err);
	return fingerprints($full, 1);
}

# 1. no scan to reuse from: say so and scan everything
my ($status, $out, $err) = scan($db, '--since', 'HEAD');
is($status, 1, 'the first --since scan finds what a full scan finds') or diag($err);
like($err, qr/^since HEAD \([0-9a-f]{12}\): 0 files changed or untracked in /m, 'it names the commit');
like($err, qr/warning: --since HEAD: no earlier complete scan made the same way in .*; parsing every file/,
     'and says there was nothing to reuse');
is(parsed(), 'fs/bh.c fs/clean.c mm/gen.c mm/unbuilt.c mm/walk.c', 'every TU parsed, the unbuilt one by spatch');
like($err, qr/^fallback: 1 \.c files and \d+ headers/m, 'the fallback covers the unbuilt file');

# 2. nothing changed: everything reused, the fallback's files too
($status, $out, $err) = scan($db, '--since', 'HEAD');
is($status, 1, 'nothing changed: same exit status') or diag($err);
like($err, qr/^4 unchanged files reused from scan 1, 0 parsed$/m, 'every TU reused');
like($err, qr/^fallback: \d+ unchanged files reused from scan 1, 0 to spatch$/m, 'every fallback file reused');
is(fingerprints($db, 2), fingerprints($db, 1), 'with the same findings');

# 3. one .c file edited: only it is parsed
write_file("$tree/mm/walk.c", "/* a new first line */\n$walk");
($status, $out, $err) = scan($db, '--since', 'HEAD');
is(parsed(), 'mm/walk.c', 'an edited .c file is parsed again, alone') or diag($err);
like($err, qr/^since HEAD \(\w+\): 1 files changed/m, 'one file changed');
like($out, qr{^mm/walk\.c:3:\d+: warning: .*\[page-mapping\]$}m, 'its finding on its new line');
is(fingerprints($db, last_scan()), full_scan_fingerprints(), 'the findings of a full scan');
git('commit', '-q', '-a', '-m', 'walk');

# 4. a header edited: exactly the TUs that read it
my $bh = slurp("$tree/include/linux/buffer_head.h");
write_file("$tree/include/linux/buffer_head.h", "/* touched */\n$bh");
($status, $out, $err) = scan($db, '--since', 'HEAD');
is(parsed(), 'fs/bh.c', 'an edited header: only the TU that reads it') or diag($err);
my $mm = slurp("$tree/include/linux/mm.h");
write_file("$tree/include/linux/mm.h", "/* touched */\n$mm");
($status, $out, $err) = scan($db, '--since', 'HEAD');
is(parsed(), 'fs/bh.c fs/clean.c mm/gen.c mm/walk.c', 'a header every TU reads: all of them');
like($err, qr/^fallback: \d+ unchanged files reused from scan \d+, 0 to spatch$/m,
     'the fallback reads no header: its files are reused');
is(fingerprints($db, last_scan()), full_scan_fingerprints(), 'the findings of a full scan');
git('commit', '-q', '-a', '-m', 'headers');

# 5. a fallback file edited: it goes to spatch again, alone
write_file("$tree/mm/unbuilt.c", "/* a new first line */\n" . slurp("$tree/mm/unbuilt.c"));
($status, $out, $err) = scan($db, '--since', 'HEAD');
is(parsed(), 'mm/unbuilt.c', 'an edited fallback file: to spatch again') or diag($err);
like($err, qr/^fallback: \d+ unchanged files reused from scan \d+, 1 to spatch$/m, 'alone');
like($out, qr{^mm/unbuilt\.c:3:\d+: warning: .*\[page-mapping\]$}m, 'found on its new line');
git('commit', '-q', '-a', '-m', 'unbuilt');

# 6. an older REV: what changed since then
($status, $out, $err) = scan($db, '--since', 'HEAD~1');
is(parsed(), 'mm/unbuilt.c', '--since HEAD~1: what the last commit changed')
	or diag($err);

# 7. an untracked new .c file is parsed
write_file("$tree/mm/new.c", "#include <linux/mm.h>\nvoid *new(struct page *page) { return page->mapping; }\n");
compdb(files => ['mm/new.c']);
($status, $out, $err) = scan($db, '--since', 'HEAD');
is(parsed(), 'mm/new.c', 'an untracked new .c file is parsed, alone') or diag($err);
like($out, qr{^mm/new\.c:2:\d+: warning: .*\[page-mapping\]$}m, 'and its finding printed');
is(fingerprints($db, last_scan()), full_scan_fingerprints(), 'the findings of a full scan');

# 8. a file git does not know: changed when modified after the reused scan began
write_file("$tree/include/generated/conf.h", "#define CONFIG_GEN 2\n");
($status, $out, $err) = scan($db, '--since', 'HEAD');
is(parsed(), 'mm/gen.c mm/new.c', 'an ignored header modified since the last scan: the TU that reads it')
	or diag($err);
utime(time - 3600, time - 3600, "$tree/include/generated/conf.h");
($status, $out, $err) = scan($db, '--since', 'HEAD');
is(parsed(), 'mm/new.c', 'not modified since: only the untracked file, still untracked');

# 9. changed flags: that TU
compdb(files => ['mm/new.c'], 'fs/clean.c' => '-DTOUCHED');
($status, $out, $err) = scan($db, '--since', 'HEAD');
is(parsed(), 'fs/clean.c mm/new.c', 'changed flags: parsed again') or diag($err);

# 10. git's word is taken: a change git does not report is not read
git('add', 'mm/new.c');
git('commit', '-q', '-m', 'new');
git('update-index', '--assume-unchanged', 'include/linux/list.h');
write_file("$tree/include/linux/list.h", slurp("$tree/include/linux/list.h") . "/* unseen */\n");
($status, $out, $err) = scan($db, '--since', 'HEAD');
is(parsed(), '', '--since reads no input: a change git hides is not seen') or diag($err);
($status, $out, $err) = scan($db, '--incremental');
is(parsed(), 'fs/bh.c fs/clean.c mm/gen.c mm/new.c mm/walk.c', 'where --incremental hashes every input');
git('update-index', '--no-assume-unchanged', 'include/linux/list.h');
git('commit', '-q', '-a', '-m', 'list');

# 11. errors
($status, $out, $err) = scan($db, '--since', 'no-such-rev');
is($status, 2, 'a revision git cannot resolve: exit 2');
like($err, qr/^fatal: /m, 'git says why');
like($err, qr/error: --since no-such-rev: git cannot resolve it to a commit in /, 'and memdesc what');
my $plain = tempdir(CLEANUP => 1);
system('cp', '-r', "$tree/Makefile", "$tree/include", "$tree/mm", "$tree/fs", $plain) == 0 or die "cp failed";
($status, $out, $err) = run($memdesc, 'scan', '--db', "$work/plain.db", '--compdb', $build, '--since', 'HEAD', $plain);
is($status, 2, 'not a git work tree: exit 2');
like($err, qr/error: \Q$plain\E: not a git work tree/, 'and says so');
($status, $out, $err) = run($memdesc, 'scan', '--db', "$work/c.db", '--engine', 'coccinelle', '--since', 'HEAD', $tree);
is($status, 2, '--engine coccinelle takes no --since');
like($err, qr/no --incremental, --since/, 'and says so');
($status, $out, $err) = scan($db, '--since', '');
is($status, 2, 'an empty revision is refused');

done_testing();

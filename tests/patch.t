#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# patch.t - memdesc patch end to end on a small kernel-like tree in a git
# repository: a scan, the conversion with semantic patches written here (a
# good one and one whose rewrite does not compile), the series written one
# patch per MAINTAINERS section, the rejected change reported with its step,
# everything recorded in the database, the tree untouched; then `git am`
# applies the series in a clone and a rescan there finds the converted
# findings gone; --dry-run writes nothing and --apply converts the tree.
#
# Needs spatch, git, gcc and the tree's own scripts/checkpatch.pl (taken
# from Debian's 6.12 source when it is unpacked under .cache/): skips
# without them.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use JSON::PP;
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(write_file slurp run run_in sql);

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC_ASAN} || $ENV{MEMDESC} || "$root/memdesc";
my $cache = $ENV{MEMDESC_CACHE} || "$root/.cache";

plan skip_all => 'spatch is not installed' if system('spatch --version >/dev/null 2>&1') != 0;
plan skip_all => 'git is not installed' if system('git --version >/dev/null 2>&1') != 0;
# the tree's own checkpatch.pl, from Debian's 6.12 source (unpacked into the cache as kernel.t does)
plan skip_all => 'linux-source-6.12 is not installed (apt-get install linux-source-6.12)'
	if !-e '/usr/src/linux-source-6.12.tar.xz' && !-d "$cache/src/linux-source-6.12";
my $ktree = `$root/scripts/kernel-tree.sh 6.12 $cache`;
chomp $ktree;
my $checkpatch = "$ktree/scripts/checkpatch.pl";
plan skip_all => "cannot unpack the 6.12 tree into $cache" if $? || !-f $checkpatch;

my $work = tempdir(CLEANUP => 1);
my $tree = "$work/linux";

# The tree: stand-in headers, two MAINTAINERS sections, three files.
write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION =\n");
system('cp', '-r', "$root/tests/fixtures/include", "$tree/include") == 0 or die;
system('mkdir', '-p', "$tree/scripts") == 0 or die;
system('cp', $checkpatch, "$tree/scripts/checkpatch.pl") == 0 or die;
for my $f (qw(spelling.txt const_structs.checkpatch)) {
	system('cp', dirname($checkpatch) . "/$f", "$tree/scripts/$f") if -f dirname($checkpatch) . "/$f";
}
# what checkpatch.pl looks for to know it runs at the top of a kernel tree
write_file("$tree/$_", "\n") for qw(COPYING CREDITS Kbuild README);
system('mkdir', '-p', map { "$tree/$_" } qw(Documentation arch drivers init ipc kernel lib)) == 0 or die;
write_file("$tree/MAINTAINERS", <<'EOF');
List of maintainers
===================

Descriptions of section entries and preferred order
---------------------------------------------------

	M: *Mail* patches to: FullName <address@domain>

Maintainers List
----------------

EXT9 FILE SYSTEM
M:	Ed Nine <ed@example.org>
L:	linux-ext9@example.org
S:	Maintained
F:	fs/ext9/

MEMORY MANAGEMENT - CORE
M:	Mia Core <mia@example.org>
R:	Rae View <rae@example.org>
L:	linux-mm@example.org
S:	Maintained
F:	mm/
EOF
my $mm = <<'EOF';
#include <linux/mm.h>

void release(struct folio *folio)
{
	unlock_page(&folio->page);
	put_page(&folio->page);
}
EOF
my $ext9 = <<'EOF';
#include <linux/mm.h>

void ext9_lock(struct folio *folio)
{
	lock_page(&folio->page);
}
EOF
my $broken = <<'EOF';
#include <linux/mm.h>

void ext9_unlock(struct folio *folio)
{
	set_page_dirty(&folio->page);
}
EOF
# the folio API's own implementation: converting it would make it call itself
my $compat = <<'EOF';
#include <linux/mm.h>

void folio_unlock(struct folio *folio)
{
	unlock_page(&folio->page);
}
EOF
# a rewrite that changes the text of another finding (page-mapping's __PageMovable()) without
# adding one
my $movable = <<'EOF';
#include <linux/mm.h>

bool movable(struct folio *folio)
{
	return __PageMovable(&folio->page);
}
EOF
write_file("$tree/mm/movable.c", $movable);
write_file("$tree/mm/release.c", $mm);
write_file("$tree/mm/compat.c", $compat);
write_file("$tree/fs/ext9/lock.c", $ext9);
write_file("$tree/fs/ext9/dirty.c", $broken);

# Kbuild's traces: compile_commands.json for the scan, a .cmd file per object for the compile check.
my @objects = qw(mm/release mm/compat mm/movable fs/ext9/lock fs/ext9/dirty);
# (-Wno-infinite-recursion: so the rescan's own check of a self-call is what refuses mm/compat.c)
my @flags = ('-nostdinc', '-I./include', '-std=gnu11', '-Wall', '-Wno-infinite-recursion',
	     '-Werror=implicit-function-declaration');
write_file("$tree/compile_commands.json", encode_json([ map { { directory => $tree, file => "$_.c",
	arguments => [ 'gcc', @flags, '-c', '-o', "$_.o", "$_.c" ] } } @objects ]));
for my $o (@objects) {
	my ($dir, $base) = ($o =~ m{^(.*)/([^/]+)$});
	write_file("$tree/$dir/.$base.o.cmd", "savedcmd_$o.o := gcc -Wp,-MMD,$dir/.$base.o.d @flags -c -o $o.o $o.c\n");
}
write_file("$tree/.gitignore", "*.o\n.*.cmd\n*.d\ncompile_commands.json\n");
my $git = sub { run_in($tree, 'git', '-c', 'user.name=T', '-c', 'user.email=t@example.org', @_) };
$git->('init', '-q');
$git->('add', '.');
$git->('commit', '-qm', 'Initial tree');
write_file("$tree/fs/ext9/lock.c", $ext9 . "\n");
$git->('commit', '-qam', 'ext9: add a blank line');
write_file("$tree/fs/ext9/lock.c", $ext9);
$git->('commit', '-qam', 'ext9: remove it again');

# Two semantic patches: an exact rewrite, and one whose new name is not declared.
my $cocci = "$work/cocci";
write_file("$cocci/good.cocci", <<'EOF');
// SPDX-License-Identifier: GPL-2.0-only
/// Call the folio's own unlock, lock and put.  They do what the page
/// functions did to the folio's first page, without the detour.
// Confidence: High
// Options: --no-includes --include-headers
virtual patch
virtual report

@depends on patch@
struct folio *F;
@@
(
- unlock_page(&F->page)
+ folio_unlock(F)
|
- lock_page(&F->page)
+ folio_lock(F)
|
- put_page(&F->page)
+ folio_put(F)
|
- __PageMovable(&F->page)
+ __PageMovable(folio_page(F, 0))
)
EOF
write_file("$cocci/wrong.cocci", <<'EOF');
// SPDX-License-Identifier: GPL-2.0-only
/// A rewrite to a function no header declares, so the compile check fails.
// Confidence: Low
virtual patch

@depends on patch@
struct folio *F;
@@
- set_page_dirty(&F->page)
+ folio_mark_dirty_undeclared(F)
EOF

my $db = "$work/m.db";
my ($status, $out, $err) = run($memdesc, 'scan', '-q', '--db', $db, '--compdb', $tree, $tree);
is($status, 1, 'the scan finds the &folio->page uses') or diag($err);
my $findings = sql($db, "SELECT count(*) FROM findings WHERE rule = 'folio-page'");
is($findings, '6', 'six &folio->page findings');

my @patch = ($memdesc, 'patch', '--db', $db, '--compdb', $tree, '--cocci', $cocci,
	     '--author', 'A U Thor <author@example.org>', '--signoff', '-j', '2');

# 1. --dry-run: the verdicts, nothing written
($status, $out, $err) = run(@patch, '--dry-run', '-o', "$work/dry", $tree);
is($status, 3, '--dry-run with a rejected change exits 3') or diag($err);
ok(!-e "$work/dry", '--dry-run writes no series');
is(sql($db, 'SELECT count(*) FROM patch_runs'), '0', '--dry-run records nothing');
unlike($err, qr/ETA/, 'in a pipe: no progress bar');
SKIP: {
	skip 'script(1) is not installed', 2 if system('script -V >/dev/null 2>&1') != 0;
	local $ENV{TERM} = 'xterm';
	my $cmd = join(' ', map { "'$_'" } @patch, '--dry-run', $tree) . ' >/dev/null';
	system('script', '-qec', $cmd, "$work/typescript");
	my $screen = slurp("$work/typescript");
	like($screen, qr{\r\e\[Kspatch \d+/\d+ ETA }, 'on a terminal: the spatch phase has a bar');
	like($screen, qr{\r\e\[Kcheck \d+/\d+ ETA }, 'and so has the check phase');
}
($status, $out, $err) = run(@patch, '--dry-run', $tree, 'fs');
like($out, qr{^0001 ext9: Convert }m, 'a scope: the ext9 patch');
unlike($out . $err, qr{mm/}, 'and nothing of mm/');

# 2. the series
($status, $out, $err) = run(@patch, '-o', "$work/out", $tree);
is($status, 3, 'a run with a rejected change exits 3') or diag($err);
like($err, qr{^fs/ext9/dirty\.c: warning: not converted: compile check: .*folio_mark_dirty_undeclared.* \[memdesc-patch-rejected\]$}m,
     'the change that does not compile is reported with the step and the compiler\'s words');
like($err, qr{^mm/compat\.c: warning: not converted: rescan check: .*folio_unlock\(\) call itself.* \[memdesc-patch-rejected\]$}m,
     'a rewrite of the folio API\'s own implementation is refused') or diag($err);
my @mails = sort glob("$work/out/*.patch");
is(scalar @mails, 3, 'a cover letter and two patches') or diag(join(' ', @mails), $err);
my ($cover, $p1, $p2) = map { slurp($_) } @mails;
like($cover, qr/^Subject: \[PATCH 0\/2\] /m, 'the cover letter is patch 0 of 2');
like($p1, qr/^Subject: \[PATCH 1\/2\] ext9: Convert .* to the folio API$/m,
     'patch 1: the ext9 section, its prefix learned from the git log');
like($p1, qr/^To: Ed Nine <ed\@example\.org>$/m, 'To: the section\'s maintainer');
like($p1, qr/^Cc: .*linux-ext9\@example\.org/m, 'Cc: its list');
like($p1, qr/^Signed-off-by: A U Thor <author\@example\.org>$/m, 'signed off by the author');
like($p1, qr/without the detour/, 'the body says why, from the semantic patch');
unlike($p1, qr{dirty\.c}, 'the rejected change is not in the series');
like($p2, qr/^Subject: \[PATCH 2\/2\] mm\b.*: Convert .* to the folio API$/m, 'patch 2: mm');
like($p2, qr/^Cc: .*Rae View <rae\@example\.org>/m, 'Cc: the reviewer');
is((run_in($tree, 'git', 'status', '--porcelain'))[1], '', 'the tree is not written to');

# 3. the database
is(sql($db, "SELECT status FROM patch_runs"), 'complete', 'the run is recorded, complete');
is(sql($db, "SELECT group_concat(seq || ':' || status || ':' || coalesce(failed_step, '-'), ' ') FROM (SELECT * FROM patches ORDER BY seq DESC, failed_step)"),
   '2:clean:- 1:clean:- 0:failed:compile 0:failed:rescan', 'two clean patches and the two rejected changes');
is(sql($db, "SELECT count(*) FROM patch_findings"), '4', 'the patches resolve four findings');
is(sql($db, "SELECT count(*) FROM patch_findings JOIN findings USING (fingerprint) WHERE rule = 'folio-page'"), '4',
   'four folio-page findings of the scan: the page-mapping finding whose text changed is not counted');
like($p2, qr{^-\treturn __PageMovable\(&folio->page\);\n\+\treturn __PageMovable\(folio_page\(folio, 0\)\);}m,
     'a rewrite that changes the text of another finding goes in');

# 4. git am takes the series in a clone; a rescan there finds the converted ones gone
my $clone = "$work/clone";
system('git', 'clone', '-q', $tree, $clone) == 0 or die;
($status, $out, $err) = run_in($clone, 'git', '-c', 'user.name=T', '-c', 'user.email=t@example.org', 'am', '-q', @mails[1, 2]);
is($status, 0, 'git am applies the series') or diag($err);
is(slurp("$clone/mm/release.c"), $mm =~ s/unlock_page\(&folio->page\)/folio_unlock(folio)/r =~ s/put_page\(&folio->page\)/folio_put(folio)/r,
   'mm/release.c converted');
is(slurp("$clone/fs/ext9/dirty.c"), $broken, 'the rejected file is unchanged');
is((run_in($clone, 'git', 'log', '-1', '--format=%an <%ae>'))[1], "A U Thor <author\@example.org>\n", 'authored by the author');

# 5. --apply converts the tree itself
($status, $out, $err) = run(@patch, '--apply', '-o', "$work/applied", $tree);
is($status, 3, '--apply exits as the run') or diag($err);
like(slurp("$tree/fs/ext9/lock.c"), qr/folio_lock\(folio\)/, '--apply converted the tree');
($status, $out, $err) = run($memdesc, 'scan', '--db', $db, '--compdb', $tree, $tree);
is(scalar(() = $out =~ /\[folio-page\]/g), 2, 'a rescan of the converted tree: only the rejected findings are left');
is(slurp("$tree/mm/compat.c"), $compat, 'the folio API\'s own implementation is left as it was');

done_testing();

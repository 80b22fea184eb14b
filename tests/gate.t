#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# gate.t - memdesc gate and baseline in a git repository of fixture files:
# a baseline scan; then a commit that adds one &folio->page, shifts lines and
# renames a file: the gate reports exactly the new finding and exits 1; with
# a suppression (and its reason) it exits 0.  Also: the baseline file,
# --since, --rules, stale and reasonless suppressions, and the SARIF output
# validated against the SARIF 2.1.0 schema when ../shared has it.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use JSON::PP;
use Test::More;
use lib dirname(abs_path(__FILE__)) . "/lib";
use Memdesc::Test qw(write_file slurp run);

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC_ASAN} || $ENV{MEMDESC} || "$root/memdesc";
my $work = tempdir(CLEANUP => 1);

plan skip_all => 'git is not installed' unless system('git --version >/dev/null 2>&1') == 0;

my $tree = "$work/tree";
sub git { system('git', '-C', $tree, '-c', 'user.name=T', '-c', 'user.email=t@example.org', @_) == 0 or die "git @_" }

# compdb - a compile_commands.json for the .c files of the tree now
sub compdb {
	my @files = map { s{^\Q$tree\E/}{}r } glob("$tree/*/*.c");
	write_file("$work/build/compile_commands.json", encode_json([ map { { directory => $tree, file => $_,
		arguments => [ 'gcc', '-nostdinc', '-I./include', '-std=gnu11', '-c', $_ ] } } @files ]));
}

write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION =\n");
system('cp', '-r', "$root/tests/fixtures/include", "$tree/include") == 0 or die;
write_file("$tree/mm/lru.c", "#include <linux/mm.h>\n\nint lru(struct page *page)\n{\n\treturn page->lru.next != 0;\n}\n");
write_file("$tree/fs/old.c", "#include <linux/mm.h>\n\nstruct page *conv(struct folio *folio)\n{\n\treturn &folio->page;\n}\n\n"
	   . "void *own(struct page *page)\n{\n\treturn page->mapping;\n}\n");
write_file("$tree/fs/clean.c", "#include <linux/mm.h>\nint clean(struct folio *f) { return f->lru.next != 0; }\n");
git('init', '-q');
git('add', '.');
git('commit', '-q', '-m', 'base');
compdb();
my $db = "$work/m.db";
my @scan = ($memdesc, 'scan', '-q', '--db', $db, '--compdb', "$work/build", $tree, 'mm', 'fs');
my ($status, $out, $err) = run(@scan);
is($status, 1, 'the baseline scan finds the three findings') or diag($err);
($status, $out, $err) = run($memdesc, 'baseline', '--db', $db, '-o', "$work/base.txt");
is($status, 0, 'memdesc baseline writes a file');
my @lines = split /\n/, slurp("$work/base.txt");
is($lines[0], '# memdesc baseline, fingerprint version 1', 'its header names the fingerprint version');
my @entries = grep { !/^#/ } @lines;
is(scalar(@entries), 3, 'one line per finding');
is_deeply(\@entries, [ sort @entries ], 'sorted');

# The change: lines shifted, fs/old.c renamed to fs/new.c, one new &folio->page.
git('mv', 'fs/old.c', 'fs/new.c');
write_file("$tree/fs/new.c", "#include <linux/mm.h>\n\n/* moved here,\n * with a longer comment */\n\n"
	   . "struct page *conv(struct folio *folio)\n{\n\treturn &folio->page;\n}\n\n"
	   . "void *own(struct page *page)\n{\n\treturn page->mapping;\n}\n");
write_file("$tree/mm/lru.c", "#include <linux/mm.h>\n\n\n\nint lru(struct page *page)\n{\n\treturn page->lru.next != 0;\n}\n\n"
	   . "struct page *head(struct folio *folio)\n{\n\treturn &folio->page;\n}\n");
git('add', '.');
git('commit', '-q', '-m', 'change');
compdb();
($status, $out, $err) = run(@scan);
is($status, 1, 'the scan after the change');

for my $baseline ("$work/base.txt", $db) {
	($status, $out, $err) = run($memdesc, 'gate', '--db', $db, '--baseline', $baseline);
	is($status, 1, "gate against " . ($baseline eq $db ? 'the database' : 'the baseline file') . ' exits 1');
	my @new = split /\n/, $out;
	is(scalar(@new), 1, 'exactly one new finding') or diag($out);
	like($new[0] // '', qr{^mm/lru\.c:12:\d+: warning: folio->page: .* \[folio-page\]$}, 'the added &folio->page');
	like($err, qr/gate: 1 new, 3 unchanged, 0 fixed, 0 suppressed/, 'the renamed file and shifted lines are unchanged');
}

# History: the renamed file's findings keep their lineage; nothing reads as fixed
sub sql {
	my ($q) = @_;
	my $r = `sqlite3 -batch -noheader '$db' "$q"`;
	chomp $r;
	return $r;
}
is(sql("SELECT count(*) FROM finding_history WHERE fixed_in_scan IS NOT NULL"), '0',
   'finding_history: the move fixed nothing');
is(sql("SELECT group_concat(first_scan || ' ' || last_scan, ',') FROM finding_history WHERE path = 'fs/new.c'"),
   '1 2,1 2', 'the renamed file\'s two findings were first seen in the baseline scan');
is(sql("SELECT first_scan FROM finding_history WHERE path = 'mm/lru.c' AND rule = 'folio-page'"), '2',
   'the added one in the second');
is(sql("SELECT count(*) FROM findings WHERE scan_id = 2 AND lineage IS NOT NULL"), '2',
   'the two moved findings carry the lineage of their old fingerprints');

# Suppressions: with a reason the gate passes; without one it is an error; stale ones are named.
my ($fp) = map { decode_json($_)->{fingerprint} } grep { /"path":"mm\/lru.c"/ && /folio-page/ }
	split /\n/, (run($memdesc, 'report', '--db', $db, '--format', 'json', '-q'))[1];
write_file("$work/supp", "# accepted\n$fp  head() is converted in the next series\nbh-page:fs/*.c  no buffer heads here\n");
($status, $out, $err) = run($memdesc, 'gate', '--db', $db, '--baseline', "$work/base.txt", '--suppressions', "$work/supp");
is($status, 0, 'after a suppression with a reason, the gate exits 0') or diag($err);
like($err, qr/0 new, 3 unchanged, 0 fixed, 1 suppressed/, 'and counts it as suppressed');
like($err, qr{supp:3: suppression 'bh-page:fs/\*\.c' matched nothing}, 'a suppression that matches nothing is reported');
write_file("$work/bad-supp", "$fp\n");
($status, $out, $err) = run($memdesc, 'gate', '--db', $db, '--baseline', "$work/base.txt", '--suppressions', "$work/bad-supp");
is($status, 2, 'a suppression without a reason is an error');
like($err, qr/bad-supp:1: .* has no reason/, 'naming the line');
write_file("$work/glob-supp", "folio-page:mm/*.c  mm is converted separately\n");
($status) = run($memdesc, 'gate', '--db', $db, '--baseline', "$work/base.txt", '--suppressions', "$work/glob-supp");
is($status, 0, 'a RULE:GLOB suppression works too');

# --rules and --since
($status) = run($memdesc, 'gate', '--db', $db, '--baseline', "$work/base.txt", '--rules', 'page-lru,bh-page');
is($status, 0, 'gating only other rules: no new finding');
($status, $out) = run($memdesc, 'gate', '--db', $db, '--baseline', "$work/base.txt", '--since', 'HEAD');
is($status, 0, '--since HEAD: nothing changed since, nothing gated');
($status, $out) = run($memdesc, 'gate', '--db', $db, '--baseline', "$work/base.txt", '--since', 'HEAD~1');
is($status, 1, '--since HEAD~1: the change is gated');
($status, $out, $err) = run($memdesc, 'gate', '--db', $db, '--baseline', "$work/base.txt", '--since', 'no-such-rev');
is($status, 2, 'a bad revision is an error');

# SARIF, with baselineState, against the schema
($status, $out, $err) = run($memdesc, 'gate', '--db', $db, '--baseline', "$work/base.txt", '--format', 'sarif');
my $sarif = eval { decode_json($out) } // {};
my @results = @{ $sarif->{runs}[0]{results} // [] };
is(scalar(@results), 4, 'sarif: every finding');
is(scalar(grep { $_->{baselineState} eq 'new' } @results), 1, 'one of them new');
is(scalar(grep { $_->{baselineState} eq 'unchanged' } @results), 3, 'three unchanged');
like($results[0]{partialFingerprints}{'memdesc/v1'} // '', qr/^[0-9a-f]{16}$/, 'partialFingerprints carry the versioned fingerprint');
is($sarif->{runs}[0]{originalUriBaseIds}{SRCROOT}{uri}, "file://$tree/", 'paths relative to the tree, SRCROOT the tree');
my $schema = "$root/../shared/data/sarif-schema-2.1.0.json";
SKIP: {
	skip "no SARIF schema at $schema (../shared is not here)", 2 unless -f $schema;
	skip 'python3-jsonschema is not installed', 2 unless system('python3', '-c', 'import jsonschema') == 0;
	write_file("$work/gate.sarif", $out);
	my $check = q{import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))};
	is(system('python3', '-c', $check, "$work/gate.sarif", $schema), 0, 'gate --format sarif validates against SARIF 2.1.0');
	(undef, $out) = run($memdesc, 'report', '--db', $db, '--format', 'sarif', '-q');
	write_file("$work/report.sarif", $out);
	is(system('python3', '-c', $check, "$work/report.sarif", $schema), 0, 'report --format sarif validates too');
}
(undef, $out) = run($memdesc, 'report', '--db', $db, '--format', 'codeclimate', '-q');
my $cc = eval { decode_json($out) } // [];
is(scalar(@$cc), 4, 'codeclimate: one issue per finding');
is($cc->[0]{location}{path}, 'fs/new.c', 'with its path');

# A fix: the page->lru use goes; a scan of mm only fixes it, and leaves fs alone.
write_file("$tree/mm/lru.c", "#include <linux/mm.h>\n\nint lru(struct folio *folio)\n{\n\treturn folio->lru.next != 0;\n}\n\n"
	   . "struct page *head(struct folio *folio)\n{\n\treturn &folio->page;\n}\n");
($status, $out, $err) = run($memdesc, 'scan', '-q', '--db', $db, '--compdb', "$work/build", $tree, 'mm');
is(sql("SELECT rule || ' ' || fixed_in_scan FROM finding_history WHERE fixed_in_scan IS NOT NULL"), 'page-lru 3',
   'finding_history: the page->lru use was fixed in scan 3');
is(sql("SELECT count(*) FROM finding_history WHERE path = 'fs/new.c' AND fixed_in_scan IS NULL"), '2',
   'a scan of mm alone fixes nothing in fs');
is(sql("SELECT group_concat(path || ' ' || rule || ' ' || scan_id, ', ') FROM (SELECT * FROM latest_findings ORDER BY path, rule)"),
   'fs/new.c folio-page 2, fs/new.c page-mapping 2, mm/lru.c folio-page 3',
   'latest_findings: mm as scan 3 left it, fs as scan 2 did');

# report --by: the table per MAINTAINERS section, its change, the maintainer filter
write_file("$tree/MAINTAINERS", "Maintainers List\n----------------\n\nMM CORE\nM:\tMary Maintainer <mary\@example.org>\nF:\tmm/\n\n"
	   . "FILESYSTEMS\nM:\tFred <fred\@example.org>\nF:\tfs/\n");
($status, $out, $err) = run($memdesc, 'report', '--db', $db, '--by', 'section', '--scan', '2', '--compare', '1', '-q');
like($out, qr/^MM CORE\s+1\s+0\s+1\(\+1\)\s+2$/m, 'scan 2 against 1: MM CORE page-lru 1, folio-page 1 (+1)') or diag($out);
like($out, qr/^FILESYSTEMS\s+0\s+1\s+1\s+2$/m, 'FILESYSTEMS unchanged through the rename') or diag($out);
($status, $out, $err) = run($memdesc, 'report', '--db', $db, '--by', 'section', '-q');
like($out, qr/^MM CORE\s+done\(-1\)\s+1\s+1$/m, 'scan 3 against 2: page-lru done in MM CORE') or diag($out);
unlike($out, qr/^FILESYSTEMS/m, 'a scan of mm alone says nothing of fs');
like($out, qr/^page-lru: no findings left; ready to rename/m, 'page-lru is ready to rename');
($status, $out) = run($memdesc, 'report', '--db', $db, '--maintainer', 'FRED@example.org', '--scan', '2', '--compare', '0', '-q');
like($out, qr/^FILESYSTEMS\s+1\s+1\s+2$/m, '--maintainer (any case): Fred\'s section') or diag($out);
unlike($out, qr/^MM CORE/m, 'and not Mary\'s');
($status, $out) = run($memdesc, 'report', '--db', $db, '--by', 'dir', '--depth', '1', '--scan', '2', '--compare', '0', '-q');
like($out, qr/^fs\s+0\s+1\s+1\s+2$/m, '--by dir --depth 1') or diag($out);

done_testing();

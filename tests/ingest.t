#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# ingest.t - the entry points of the one ingest path, end to end: memdesc
# import of a hand-written JSON-lines file with Coccinelle findings (shown by
# report with their engine and certainty; a malformed line reported with its
# line number, the rest imported), the JSON output imported again unchanged,
# and memdesc merge of two shard databases giving the findings of one scan
# of both scopes.
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

# A fake tree with a compile_commands.json, as in scan.t.
my $tree = "$work/tree";
write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 1\nEXTRAVERSION =\n");
system('cp', '-r', "$root/tests/fixtures/include", "$tree/include") == 0 or die;
write_file("$tree/mm/a.c", "#include <linux/mm.h>\nint a(struct page *page) { return page->lru.next != 0; }\n");
write_file("$tree/fs/b.c", "#include <linux/mm.h>\nstruct page *b(struct folio *folio) { return &folio->page; }\n");
write_file("$tree/fs/c.c", "#include <linux/mm.h>\nvoid *c(struct page *page) { return page->mapping; }\n");
my $compdb = encode_json([ map { { directory => $tree, file => $_,
	arguments => [ 'gcc', '-nostdinc', '-I./include', '-std=gnu11', '-c', $_ ] } } qw(mm/a.c fs/b.c fs/c.c) ]);
write_file("$work/build/compile_commands.json", $compdb);
my @scan = ($memdesc, 'scan', '-q', '--compdb', "$work/build");

# 1. import of Coccinelle findings into a libclang scan
my $db = "$work/i.db";
my ($status, $out, $err) = run(@scan, '--db', $db, $tree, 'mm');
is($status, 1, 'a scan of mm finds page->lru');
write_file("$work/cocci.jsonl", join("\n",
	'{"type":"run","engine":"coccinelle"}',
	'{"type":"finding","rule":"folio-page","path":"drivers/x.c","line":40,"column":7,"function":"x","matched":"&folio->page","message":"&folio->page in an #ifdef branch"}',
	'{"type":"finding","rule":"folio-page","path":"drivers/x.c","line":41}',
	'{"type":"finding","rule":"bh-page","path":"fs/y.c","line":9,"column":3,"matched":"bh->b_page","message":"bh->b_page","certainty":"textual","engine":"text"}',
	'') . "\n");
($status, $out, $err) = run($memdesc, 'import', '--db', $db, '--scan', '1', "$work/cocci.jsonl");
is($status, 2, 'import with a malformed line exits 2');
like($err, qr{cocci\.jsonl:3: rejected: missing "column"}, 'the malformed line is named with its number');
like($err, qr{2 findings imported}, 'the rest is imported');
($status, $out, $err) = run($memdesc, 'report', '--db', $db, '--format', 'json', '-q');
my @found = map { decode_json($_) } split /\n/, $out;
my ($x) = grep { $_->{path} eq 'drivers/x.c' } @found;
my ($y) = grep { $_->{path} eq 'fs/y.c' } @found;
my ($a) = grep { $_->{path} eq 'mm/a.c' } @found;
is(scalar(@found), 3, 'report shows the scan\'s finding and the two imported ones');
is("$x->{engine} $x->{certainty}", 'coccinelle typed', 'a Coccinelle finding: engine and certainty');
is("$y->{engine} $y->{certainty}", 'text textual', 'a finding that names its own engine');
is("$a->{engine} $a->{certainty}", 'libclang exact', 'the scanner\'s own: libclang, exact');
like($x->{fingerprint}, qr/^[0-9a-f]{16}$/, 'an imported finding without one gets a fingerprint');
($status, $out) = run($memdesc, 'report', '--db', $db, '--engine', 'coccinelle', '-q');
like($out, qr{^drivers/x\.c:40:7: warning: &folio->page in an #ifdef branch \[folio-page\]$}m,
     'report --engine coccinelle prints it as a compiler line');

# 2. report --format json is the ingest format: it imports again unchanged
($status, $out) = run($memdesc, 'report', '--db', $db, '--format', 'json', '-q');
write_file("$work/again.jsonl", $out);
($status, undef, $err) = run($memdesc, 'import', '--db', "$work/again.db", '--tree', $tree, "$work/again.jsonl");
is($status, 0, 'the JSON output imports into a new database') or diag($err);
my ($s2, $out2) = run($memdesc, 'report', '--db', "$work/again.db", '--format', 'json', '-q');
is($out2, $out, 'and reads back identical');

# 3. merge of two shards = one scan of both scopes
run(@scan, '--db', "$work/s1.db", $tree, 'mm');
run(@scan, '--db', "$work/s2.db", $tree, 'fs');
run(@scan, '--db', "$work/one.db", $tree, 'mm', 'fs');
($status, $out, $err) = run($memdesc, 'merge', '--db', "$work/merged.db", "$work/s1.db", "$work/s2.db");
is($status, 0, 'merge of two shards exits 0') or diag($err);
my (undef, $merged) = run($memdesc, 'report', '--db', "$work/merged.db", '--format', 'json', '-q');
my (undef, $one) = run($memdesc, 'report', '--db', "$work/one.db", '--format', 'json', '-q');
ok($one ne '', 'the single scan has findings');
is($merged, $one, 'the merged scan has the findings (and fingerprints) of one scan of both');
my (undef, undef, $summary) = run($memdesc, 'report', '--db', "$work/merged.db", '-q');
($status, undef, $summary) = run($memdesc, 'report', '--db', "$work/merged.db");
like($summary, qr/scope mm fs\): 3 of 3 files scanned/, 'and the files of both, with both scopes');
write_file("$work/other/Makefile", "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\nEXTRAVERSION =\n");
($status, undef, $err) = run($memdesc, 'import', '--db', "$work/s3.db", '--tree', "$work/other", '--kernel-version', '6.1.0', "$work/again.jsonl");
($status, undef, $err) = run($memdesc, 'merge', '--db', "$work/bad.db", "$work/s1.db", "$work/s3.db");
is($status, 2, 'shards of different trees do not merge');
like($err, qr/s3\.db: scan 1 is of .*other/, 'and the message says which');

# 4. --shard K/N: the parts are disjoint, cover the scope, and merge into one scan
{
	# a fourth file, so the split is uneven in size
	write_file("$tree/fs/d.c", "#include <linux/mm.h>\n" . ("/* padding */\n" x 200) .
		   "void *d(struct page *page) { return page->mapping; }\n");
	my $cdb = encode_json([ map { { directory => $tree, file => $_,
		arguments => [ 'gcc', '-nostdinc', '-I./include', '-std=gnu11', '-c', $_ ] } } qw(mm/a.c fs/b.c fs/c.c fs/d.c) ]);
	write_file("$work/build/compile_commands.json", $cdb);
	my %files;
	for my $k (1, 2) {
		($status, undef, $err) = run(@scan, '--shard', "$k/2", '--db', "$work/part$k.db", $tree, 'mm', 'fs');
		is($status, 1, "shard $k/2 scans and finds") or diag($err);
		my (undef, $report) = run($memdesc, 'report', '--db', "$work/part$k.db", '--format', 'json', '-q');
		$files{$k} = join(' ', sort map { decode_json($_)->{path} } split /\n/, $report);
	}
	is("$files{1} | $files{2}", 'fs/d.c | fs/b.c fs/c.c mm/a.c',
	   'the largest file alone in shard 1, the rest in shard 2, by size');
	run(@scan, '--db', "$work/whole.db", $tree, 'mm', 'fs');
	($status, undef, $err) = run($memdesc, 'merge', '--db', "$work/parts.db", "$work/part2.db", "$work/part1.db");
	is($status, 0, 'the two parts merge') or diag($err);
	my (undef, $parts) = run($memdesc, 'report', '--db', "$work/parts.db", '--format', 'json', '-q');
	my (undef, $whole) = run($memdesc, 'report', '--db', "$work/whole.db", '--format', 'json', '-q');
	my $fps = sub { join ' ', sort map { decode_json($_)->{fingerprint} } split /\n/, $_[0] };
	ok($whole ne '', 'the whole scan has findings');
	is($fps->($parts), $fps->($whole), 'shard 1/2 and 2/2 merged: the fingerprints of one scan');
	($status, undef, $summary) = run($memdesc, 'report', '--db', "$work/parts.db");
	like($summary, qr/scope mm fs\): 4 of 4 files scanned/, 'one scope, every file');
	($status, undef, $err) = run($memdesc, 'merge', '--db', "$work/half.db", "$work/part1.db");
	is($status, 2, 'a merge without shard 2/2 is refused');
	like($err, qr{shard 2/2 is missing}, 'naming the missing part');
	($status, undef, $err) = run(@scan, '--shard', '3/2', '--db', "$work/x.db", $tree);
	is($status, 2, '--shard 3/2 is a usage error');
}

done_testing();

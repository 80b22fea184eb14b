#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# dashboard.t - memdesc report --html in a real browser: three scans of a
# fake tree with changing findings (the first under a kernel version that
# holds "</script><b>&amp;", one finding whose line of code holds it too),
# a MAINTAINERS file and a validated patch; the pages are loaded in headless
# Chromium and the DOM it builds is checked against counts the sqlite3
# program computes: the charts' points, the tables, the burn-down, the
# escaped text, the links, sorting by the URL hash.  A screenshot is kept in
# build/test-artifacts/dashboard.png.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use JSON::PP;
use Test::More;

my $root = abs_path(dirname(dirname(__FILE__)));
my $memdesc = $ENV{MEMDESC_ASAN} || $ENV{MEMDESC} || "$root/memdesc";
my $work = tempdir(CLEANUP => !$ENV{KEEP});
my $chromium = $ENV{CHROMIUM} || (grep { -x } '/usr/bin/chromium', '/usr/bin/chromium-browser')[0];

plan skip_all => 'chromium is not installed (apt-get install chromium)' unless $chromium;
plan skip_all => 'the sqlite3 program is not installed' unless system('sqlite3 -version >/dev/null 2>&1') == 0;

sub write_file {
	my ($path, $text) = @_;
	make_path(dirname($path));
	open my $fh, '>', $path or die "$path: $!";
	print $fh $text;
	close $fh;
}

sub slurp {
	my ($path) = @_;
	open my $fh, '<', $path or return '';
	local $/;
	return scalar(<$fh>) // '';
}

sub run {
	my (@cmd) = @_;
	my $pid = fork() // die "fork: $!";
	if (!$pid) {
		open STDOUT, '>', "$work/out" or die;
		open STDERR, '>', "$work/err" or die;
		exec @cmd or die "exec $cmd[0]: $!";
	}
	waitpid($pid, 0);
	return ($? >> 8, slurp("$work/out"), slurp("$work/err"));
}

my $db = "$work/m.db";

# sql - one value (or the rows, in list context) from the database, by the sqlite3 program
sub sql {
	my ($query) = @_;
	my (undef, $out) = run('sqlite3', '-batch', $db, $query);
	my @rows = split /\n/, $out;
	return wantarray ? @rows : $rows[0];
}

# browser - the DOM Chromium builds from @url after its scripts ran
sub browser {
	my ($url, @extra) = @_;
	my @cmd = ('timeout', '120', $chromium, '--headless', '--no-sandbox', '--disable-gpu',
		   '--no-first-run', "--user-data-dir=$work/chromium", '--run-all-compositor-stages-before-draw',
		   '--virtual-time-budget=2000', @extra);
	my ($status, $out, $err) = run(@cmd, @extra ? () : '--dump-dom', $url);
	diag("chromium exited $status: $err") if $status;
	return $out;
}

my $tree = "$work/tree";
my $hostile = '</script><b>&amp;';

sub compdb {
	my @files = map { s{^\Q$tree\E/}{}r } (glob("$tree/*/*.c"), glob("$tree/*/*/*.c"));
	write_file("$work/build/compile_commands.json", encode_json([ map { { directory => $tree, file => $_,
		arguments => [ 'gcc', '-nostdinc', '-I./include', '-std=gnu11', '-c', $_ ] } } @files ]));
}

sub makefile {
	my ($sublevel, $extra) = @_;
	write_file("$tree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = $sublevel\nEXTRAVERSION = $extra\n");
}

my @scan = ($memdesc, 'scan', '-q', '--db', $db, '--compdb', "$work/build", $tree, 'mm', 'fs');

# Scan 1, linux 6.12.0-x</script><b>&amp;: page-lru 1, folio-page 2, page-mapping 3.
makefile(0, "-x$hostile");
system('cp', '-r', "$root/tests/fixtures/include", "$tree/include") == 0 or die;
write_file("$tree/MAINTAINERS", <<'EOF');
List of maintainers

MEMORY MANAGEMENT
M:	Alice Example <alice@example.org>
L:	linux-mm@kvack.org
S:	Maintained
F:	mm/

FILESYSTEMS (VFS and infrastructure)
M:	Bob Example <bob@example.org>
M:	Carol Example <carol@example.org>
S:	Maintained
F:	fs/*

EXT4 FILE SYSTEM
M:	Dan Example <dan@example.org>
M:	Bob Example <bob@example.org>
S:	Maintained
F:	fs/ext4/
EOF
my $lru = "#include <linux/mm.h>\n\nint lru(struct page *page)\n{\n\treturn page->lru.next != 0;\n}\n";
write_file("$tree/mm/lru.c", $lru);
write_file("$tree/fs/old.c", "#include <linux/mm.h>\n\nstruct page *conv(struct folio *folio)\n{\n\treturn &folio->page;\n}\n\n"
	   . "void *own(struct page *page)\n{\n\treturn page->mapping;\n}\n");
write_file("$tree/fs/ext4/x.c", "#include <linux/mm.h>\n\nstruct page *x(struct folio *folio)\n{\n"
	   . "\treturn &folio->page; /* $hostile */\n}\n");
my $more = "#include <linux/mm.h>\n\nvoid *a(struct page *page)\n{\n\treturn page->mapping;\n}\n";
write_file("$tree/fs/more.c", $more . "\nvoid *b(struct page *page)\n{\n\treturn page->mapping;\n}\n");
compdb();
my ($status, $out, $err) = run(@scan);
is($status, 1, 'scan 1 finds') or diag($err);

# Scan 2, linux 6.12.0: page-lru 2, folio-page 2, page-mapping 2.
makefile(0, '');
write_file("$tree/mm/lru.c", $lru . "\nint lru2(struct page *page)\n{\n\treturn page->lru.prev != 0;\n}\n");
write_file("$tree/fs/more.c", $more);
($status, $out, $err) = run(@scan);
is($status, 1, 'scan 2 finds') or diag($err);

# Scan 3, linux 6.12.1: fs/old.c is gone: page-lru 2, folio-page 1, page-mapping 1.
makefile(1, '');
unlink("$tree/fs/old.c");
compdb();
($status, $out, $err) = run(@scan);
is($status, 1, 'scan 3 finds') or diag($err);

my @rules = sql('SELECT id FROM rules ORDER BY rowid');
my @scans = sql('SELECT id FROM scans ORDER BY id');
is(scalar(@scans), 3, 'three scans in the database');
my %count;	# $count{$scan}{$rule}
for my $s (@scans) {
	$count{$s}{$_} = sql("SELECT count(*) FROM findings WHERE scan_id = $s AND rule = '$_'") for @rules;
}
is_deeply([ map { $count{$_}{'page-mapping'} } @scans ], [ 3, 2, 1 ], 'page-mapping: 3, 2, 1 findings');
is_deeply([ map { $count{$_}{'folio-page'} } @scans ], [ 2, 2, 1 ], 'folio-page: 2, 2, 1');
is_deeply([ map { $count{$_}{'page-lru'} } @scans ], [ 1, 2, 2 ], 'page-lru: 1, 2, 2');

# With an empty patches table: no patch links, no patch pages.
($status, $out, $err) = run($memdesc, 'report', '-q', '--db', $db, '--html', "$work/dash0");
is($status, 1, 'report --html with no patches in the database') or diag($err);
is(scalar(() = join('', map { slurp($_) } glob("$work/dash0/rule-*.html")) =~ /class="patch"/g), 0, 'no finding links to a patch');
is(scalar(() = glob("$work/dash0/patch-*")), 0, 'and no patch page is written');

# A validated patch for the hostile finding; a patch that is only generated, for another.
my $last = $scans[-1];
my $fp_hostile = sql("SELECT fingerprint FROM findings f JOIN files p ON p.id = f.file_id WHERE scan_id = $last AND p.path = 'fs/ext4/x.c'");
my $fp_other = sql("SELECT fingerprint FROM findings f JOIN files p ON p.id = f.file_id WHERE scan_id = $last AND p.path = 'fs/more.c'");
like($fp_hostile, qr/^[0-9a-f]{16}$/, 'the hostile finding is in the last scan');
sql("INSERT INTO patches (id, scan_id, series, seq, subject, diff, status, created_at) VALUES"
    . " (7, $last, 'ext4', 1, 'ext4: use folio_page() <in x>', '--- a/fs/ext4/x.c\n+++ b/fs/ext4/x.c\n', 'clean', '2026-01-01T00:00:00Z'),"
    . " (8, $last, 'vfs', 1, 'vfs: not validated', '--- a\n', 'generated', '2026-01-01T00:00:00Z');"
    . " INSERT INTO patch_findings VALUES (7, '$fp_hostile'), (8, '$fp_other');");

# --- the pages ---
my $dir = "$work/dash";
my $url_template = 'https://example.org/linux/v{version}/source/{path}#L{line}';
($status, $out, $err) = run($memdesc, 'report', '--db', $db, '--html', $dir, '--source-url', $url_template);
is($status, 1, 'report --html exits 1: the scan shown has findings') or diag($err);
like($err, qr{dashboard: \Q$dir\E/index\.html \(scan $last\)}, 'it names the page and the scan');
ok(-f "$dir/index.html", 'index.html is written');
ok(-f "$dir/rule-$_.html", "rule-$_.html is written") for @rules;
ok(-f "$dir/patch-7.html", 'the validated patch has a page');
ok(!-e "$dir/patch-8.html", 'the patch that is only generated has none');

my $raw = slurp("$dir/index.html");
my $opened = () = $raw =~ /<script\b/g;
my $closed = () = $raw =~ m{</script>}g;
is($closed, $opened, 'index.html: every </script> closes a script of the page, none comes from the data');
unlike($raw, qr{https?://(?!www\.w3\.org/2000/svg)}, 'index.html loads nothing from the network');

my $dom = browser("file://$dir/index.html");
like($dom, qr{<h1>memdesc: struct page shrink progress</h1>}, 'Chromium renders index.html');

# The charts: one per rule and one of all rules, a point per scan with its count.
my @svgs = $dom =~ m{(<svg class="trend".*?</svg>)}gs;
is(scalar(@svgs), @rules + 1, 'one chart per rule and one for all rules');
for my $svg (@svgs) {
	my ($rule) = $svg =~ /data-rule="([^"]*)"/;
	my @points = $svg =~ /<circle class="pt" [^>]*data-count="(\d+)"/g;
	my @expect = map { my $s = $_; $rule eq '' ? eval { my $t = 0; $t += $count{$s}{$_} for @rules; $t } : $count{$s}{$rule} } @scans;
	is_deeply(\@points, \@expect, 'chart ' . ($rule || 'all rules') . ': ' . join(', ', @expect));
	like($svg, qr{<polyline points="(?:[\d.]+,[\d.]+ ){2}[\d.]+,[\d.]+"}, 'with a line through the three points');
}
like($svgs[0], qr{<text [^>]*><title>6\.12\.0-x&lt;/script&gt;&lt;b&gt;&amp;amp;</title>6\.12\.0-x&lt;/scr\xe2\x80\xa6</text>},
     'the first scan is labelled by its kernel version, escaped, cut short, whole in its title');
like($svgs[0], qr{<text [^>]*>6\.12\.1</text>}, 'the last by its own');

# The rules table of the last scan.
for my $rule (@rules) {
	my ($cell) = $dom =~ m{<tr data-rule="\Q$rule\E"><td><a href="rule-\Q$rule\E\.html">[^<]*</a></td><td>[^<]*</td><td class="n" data-value="(\d+)">}s;
	is($cell, $count{$last}{$rule}, "rules table: $rule has $count{$last}{$rule} findings");
}
my ($total) = $dom =~ m{id="total-findings" data-value="(\d+)"};
is($total, sql("SELECT count(*) FROM findings WHERE scan_id = $last"), 'and the total');

# The burn-down, from scan 1 to scan 3.
my ($burn) = $dom =~ m{(<table class="sortable" id="burndown-table">.*?</table>)}s;
like($burn, qr{<tr data-rule="page-lru"><td>page-lru</td><td[^>]*>1</td><td[^>]*>2</td><td[^>]*>\+1</td>.*?no progress}, 'burn-down: page-lru grew, no progress');
like($burn, qr{<tr data-rule="page-mapping"><td>page-mapping</td><td[^>]*>3</td><td[^>]*>1</td><td[^>]*>-2</td><td[^>]*>[^<]*</td><td data-value="\d+">\d{4}-\d\d-\d\d</td><td class="n" data-value="1">1</td></tr>},
     'page-mapping: -2 in two scans, a date, one scan more');
like($burn, qr{<tr data-rule="folio-page"><td>folio-page</td><td[^>]*>2</td><td[^>]*>1</td><td[^>]*>-1</td>.*?<td class="n" data-value="2">2</td></tr>}, 'folio-page: two scans more');
like($burn, qr{<tr data-rule="bh-page">.*?at zero}, 'bh-page is at zero');

# Per section and per maintainer, against sqlite3's counts by path.
sub table_rows {
	my ($id) = @_;
	my ($table) = $dom =~ m{(<table class="sortable" id="\Q$id\E">.*?</table>)}s;
	my @rows = ($table // '') =~ m{<tr><td>([^<]*)</td>((?:<td class="n" data-value="\d+">\d+</td>)+)</tr>}g;
	my %rows;
	while (my ($name, $cells) = splice(@rows, 0, 2)) {
		$rows{$name} = [ $cells =~ /data-value="(\d+)"/g ];
	}
	return ($table, \%rows);
}
sub by_paths {
	my ($where) = @_;
	return [ sql("SELECT count(f.id) FROM findings f JOIN files p ON p.id = f.file_id WHERE f.scan_id = $last AND ($where)"),
		 map { scalar sql("SELECT count(*) FROM findings f JOIN files p ON p.id = f.file_id WHERE f.scan_id = $last AND f.rule = '$_' AND ($where)") } @rules ];
}
my ($table, $rows) = table_rows('subsystems');
like($table, qr{<th>section</th><th class="n" data-type="number">total</th>}, 'the subsystems table has a section column and a total');
is_deeply($rows->{'EXT4 FILE SYSTEM'}, by_paths("p.path LIKE 'fs/ext4/%'"), 'EXT4 FILE SYSTEM: the findings under fs/ext4/');
is_deeply($rows->{'FILESYSTEMS (VFS and infrastructure)'}, by_paths("p.path GLOB 'fs/*' AND p.path NOT LIKE 'fs/ext4/%'"), 'FILESYSTEMS: fs/*.c');
is_deeply($rows->{'MEMORY MANAGEMENT'}, by_paths("p.path LIKE 'mm/%'"), 'MEMORY MANAGEMENT: mm/');
is(scalar(keys %$rows), 3, 'no other section');
($table, $rows) = table_rows('maintainers');
is_deeply($rows->{'Bob Example &lt;bob@example.org&gt;'}, by_paths("p.path LIKE 'fs/%'"), 'Bob (FILESYSTEMS and EXT4): everything under fs/, the address escaped');
is_deeply($rows->{'Dan Example &lt;dan@example.org&gt;'}, by_paths("p.path LIKE 'fs/ext4/%'"), 'Dan: fs/ext4/');
is_deeply($rows->{'Alice Example &lt;alice@example.org&gt;'}, by_paths("p.path LIKE 'mm/%'"), 'Alice: mm/');
is(scalar(keys %$rows), 4, 'four maintainers (reviewers and lists are not)');

# The data behind the charts, embedded so that it cannot end its script.
my ($json) = $dom =~ m{<script type="application/json" id="memdesc-data">(.*?)</script>}s;
my $data = eval { decode_json($json // '') } // {};
is($data->{scans}[0]{kernel_version}, "6.12.0-x$hostile", 'the embedded data holds the hostile version, intact');
unlike($json // '', qr/[<>&]/, 'written with \u003c, \u003e, \u0026');
is($data->{scans}[2]{counts}{'page-mapping'}, 1, 'and the counts');
unlike($dom, qr{<b>}i, 'no <b> element was injected into index.html');

# The drill-down: the hostile line as text, links to the source and to the validated patch.
my $page = browser("file://$dir/rule-folio-page.html");
like($page, qr{<span id="count" data-value="1">1</span> findings}, 'rule-folio-page.html: one finding in the last scan');
like($page, qr{<td class="code" [^>]*><code>\treturn &amp;folio-&gt;page; /\* &lt;/script&gt;&lt;b&gt;&amp;amp; \*/</code></td>},
     'the line of code is shown as text, escaped');
unlike($page, qr{<b>}i, 'no <b> element was injected');
like($page, qr{<a class="src" href="https://example\.org/linux/v6\.12\.1/source/fs/ext4/x\.c#L5">fs/ext4/x\.c:5:\d+</a>}, 'the location links to the source by the template');
like($page, qr{<a class="patch" href="patch-7\.html">ext4: use folio_page\(\) &lt;in x&gt;</a>}, 'the validated patch is linked');
like($page, qr{<td>EXT4 FILE SYSTEM</td>}, 'with the section of the file');
$page = browser("file://$dir/rule-page-mapping.html");
unlike($page, qr{class="patch"}, 'a patch that is not validated is not linked');
like(browser("file://$dir/patch-7.html"), qr{<pre class="diff">--- a/fs/ext4/x\.c\n\+\+\+ b/fs/ext4/x\.c\n</pre>}, 'the patch page shows the diff');

# Sorting: the same function the headers call, triggered by the URL hash.
sub first_column {
	my ($html, $id) = @_;
	my ($t) = $html =~ m{(<table class="sortable" id="\Q$id\E">.*?</table>)}s;
	my ($head) = ($t // '') =~ m{<thead>(.*?)</thead>}s;
	return ([ ($t // '') =~ m{<tr><td>([^<]*)</td>}g ], $head // '');
}
my ($names, $head) = first_column($dom, 'subsystems');
is_deeply($names, [ 'MEMORY MANAGEMENT', 'EXT4 FILE SYSTEM', 'FILESYSTEMS (VFS and infrastructure)' ], 'sections come most findings first, then by name');
unlike($head, qr/aria-sort/, 'unsorted by the script');
($names, $head) = first_column(browser("file://$dir/index.html#sort=subsystems:0:desc"), 'subsystems');
is_deeply($names, [ 'MEMORY MANAGEMENT', 'FILESYSTEMS (VFS and infrastructure)', 'EXT4 FILE SYSTEM' ], '#sort=subsystems:0:desc sorts by name, descending');
like($head, qr{<th aria-sort="descending">section</th>}, 'and marks the header');
($names) = first_column(browser("file://$dir/index.html#sort=subsystems:1:asc"), 'subsystems');
is_deeply($names, [ 'EXT4 FILE SYSTEM', 'FILESYSTEMS (VFS and infrastructure)', 'MEMORY MANAGEMENT' ], '#sort=subsystems:1:asc: by the number, the most findings last');

# The screenshot, kept.
my $shot = "$root/build/test-artifacts/dashboard.png";
make_path(dirname($shot));
unlink($shot);
browser("file://$dir/index.html", "--screenshot=$shot", "--window-size=1280,2000");
ok(-s $shot && substr(slurp($shot), 0, 8) eq "\x89PNG\r\n\x1a\n", 'a screenshot of the dashboard');
diag("screenshot: $shot");

# Without MAINTAINERS: the top two directory levels, no maintainers.
rename("$tree/MAINTAINERS", "$tree/MAINTAINERS.off") or die;
($status, $out, $err) = run($memdesc, 'report', '-q', '--db', $db, '--html', "$work/dash2");
is($status, 1, 'report --html without MAINTAINERS in the tree') or diag($err);
$dom = browser("file://$work/dash2/index.html");
($table, $rows) = table_rows('subsystems');
is_deeply([ sort keys %$rows ], [ 'fs', 'fs/ext4', 'mm' ], 'subsystems fall back to the top two directory levels');
is_deeply($rows->{fs}, by_paths("p.path GLOB 'fs/*' AND p.path NOT LIKE 'fs/ext4/%'"), 'fs: the files directly under it');
like($dom, qr{No MAINTAINERS file: no maintainers}, 'and there is no maintainer table');
unlike($dom, qr{class="src"}, 'without --source-url, no links to the source');
rename("$tree/MAINTAINERS.off", "$tree/MAINTAINERS") or die;

# --scan shows an older scan; the trend still has every scan.
($status, $out, $err) = run($memdesc, 'report', '-q', '--db', $db, '--html', "$work/dash3", '--scan', $scans[0], '--source-url', $url_template);
is($status, 1, 'report --html --scan 1');
$dom = browser("file://$work/dash3/index.html");
like($dom, qr{<tr data-rule="page-mapping"><td><a [^>]*>page-mapping</a></td><td>[^<]*</td><td class="n" data-value="3">}, 'the rules table of scan 1');
is(scalar(() = $dom =~ /<circle class="pt"/g), 3 * (@rules + 1), 'the charts still have every scan');
like(browser("file://$work/dash3/rule-folio-page.html"), qr{href="https://example\.org/linux/v6\.12\.0-x%3C%2Fscript%3E%3Cb%3E%26amp%3B/source/fs/ext4/x\.c#L5"},
     'the version in a source link is percent-encoded');

# Usage errors.
($status, $out, $err) = run($memdesc, 'report', '--db', $db, '--source-url', $url_template);
is($status, 2, '--source-url without --html is an error');
($status, $out, $err) = run($memdesc, 'report', '--db', $db, '--html', "$work/d4", '--format', 'json');
is($status, 2, '--html with --format is an error');
($status, $out, $err) = run($memdesc, 'report', '--db', "$work/none.db", '--html', "$work/d5");
is($status, 2, 'no database: an error');
ok(!-e "$work/d5", 'and nothing is written');
write_file("$work/file", '');
($status, $out, $err) = run($memdesc, 'report', '--db', $db, '--html', "$work/file/d");
is($status, 2, 'a directory that cannot be made is an error');
like($err, qr{\Q$work\E/file/d}, 'naming it');

done_testing();

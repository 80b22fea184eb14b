# SPDX-License-Identifier: GPL-2.0
#
# Memdesc::Test - what the Perl tests share: writing and reading files,
# running a command for its exit status and both output streams, and asking
# a database a question with the sqlite3 program (the tests read the
# database as a user would, never through memdesc's own code).
package Memdesc::Test;

use strict;
use warnings;
use Exporter qw(import);
use File::Basename qw(dirname);
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use POSIX ();

our @EXPORT_OK = qw(write_file slurp run run_in sql);

# write_file - @text into @path, making the directories on the way.
sub write_file {
	my ($path, $text) = @_;
	make_path(dirname($path));
	open my $fh, '>', $path or die "$path: $!";
	print $fh $text;
	close $fh or die "$path: $!";
}

# slurp - the whole of @path, '' when it cannot be read.
sub slurp {
	my ($path) = @_;
	open my $fh, '<', $path or return '';
	local $/;
	my $text = <$fh>;
	return $text // '';
}

# run_in - run @cmd in @dir (undef: here): (exit status, stdout, stderr).
sub run_in {
	my ($dir, @cmd) = @_;
	my $tmp = tempdir(CLEANUP => 1);
	my $pid = fork() // die "fork: $!";
	if (!$pid) {
		open STDOUT, '>', "$tmp/out" or POSIX::_exit(127);
		open STDERR, '>', "$tmp/err" or POSIX::_exit(127);
		chdir $dir or POSIX::_exit(127) if defined $dir;
		exec(@cmd) or print STDERR "exec $cmd[0]: $!\n";
		POSIX::_exit(127);
	}
	waitpid($pid, 0);
	return ($? >> 8, slurp("$tmp/out"), slurp("$tmp/err"));
}

sub run { return run_in(undef, @_) }

# sql - the output of @query on the database @db, without its last newline.
sub sql {
	my ($db, $query) = @_;
	my ($status, $out, $err) = run('sqlite3', '-batch', '-noheader', '-cmd', '.timeout 10000',
				       $db, $query);
	die "sqlite3 $db: $err" if $status;
	chomp $out;
	return $out;
}

1;

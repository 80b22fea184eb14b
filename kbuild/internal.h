/* SPDX-License-Identifier: GPL-2.0 */
/*
 * internal.h - what the kbuild/ files share and nothing outside uses: raw
 * compiler commands as Kbuild runs them, scopes, and the steps between
 * "make" and the TU list.  Every function that can fail reports through
 * md_error() and returns -1.
 */
#ifndef MEMDESC_KBUILD_INTERNAL_H
#define MEMDESC_KBUILD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "saved.h"

#include "../lib/strv.h"
#include "kbuild.h"

/* One compiler command line as Kbuild runs it. */
struct raw_cmd {
	char *file;	/* absolute source path */
	char *dir;	/* directory the command runs in */
	char **argv;	/* NULL-terminated, compiler first */
	int argc;
	size_t order;	/* position of discovery, for stable de-duplication */
	int forced;	/* from a dry run with the directory's config forced on */
};

struct raw_set {
	struct raw_cmd *v;
	size_t n, alloc;
};

#define RAW_SET_INIT { NULL, 0, 0 }

/* One scope entry, checked against the tree. */
struct scope_ent {
	char *rel;	/* "" for the whole tree, no trailing slash */
	int is_file;
	int found;
};

/* --- files.c: small file-system helpers (and those of saved.h) --- */

/* kb_file_in - @dir/@name is a regular file. */
int kb_file_in(const char *dir, const char *name);
/* kb_mtime_of - the modification time of @path, 0 when it does not exist. */
long long kb_mtime_of(const char *path);
/* kb_fnv1a - the 64-bit FNV-1a hash of @s (build and cache directory names). */
uint64_t kb_fnv1a(const char *s);

/* --- rawset.c: sets of raw commands --- */

/*
 * raw_add - append the command @argv (taken over, @argv is empty after)
 * compiling @src, relative to @dir unless absolute.
 */
void raw_add(struct raw_set *set, const char *dir, const char *src, struct strv *argv);
void raw_release(struct raw_set *set);
/* raw_move - append the commands of @from to @to, marked @forced; empties @from. */
void raw_move(struct raw_set *to, struct raw_set *from, int forced);
/* raw_sort_unique - sort by file, keeping the first command seen per file. */
void raw_sort_unique(struct raw_set *set);

/* --- make.c: running make in the build directory --- */

/* The status kb_run_make returns when SIGINT or SIGTERM stopped make. */
#define KB_MAKE_INTERRUPTED (-2)

/*
 * kb_run_make - run "make -C <src> O=<build> <args...>" in its own process
 * group with stdout to @out (truncated) and stderr appended to @log;
 * SIGINT and SIGTERM meanwhile are passed on to make and waited out.
 * Returns make's exit status, KB_MAKE_INTERRUPTED, or -1 (reported) when
 * make could not be started.
 */
int kb_run_make(const struct md_tree *tree, const struct md_tree_opts *opts,
		const char *const *args, const char *out, const char *log);
/* kb_print_tail - the last @lines lines of @path on stderr. */
void kb_print_tail(const char *path, int lines);
/*
 * kb_lock_build - take the lock on @build, waiting (and saying so) while
 * another memdesc or a make it started holds it.  The descriptor is
 * inherited by the makes run meanwhile, so the lock outlives a killed
 * memdesc until its make is done.  Returns the fd for kb_unlock_build, or
 * -1 (reported).
 */
int kb_lock_build(const char *build);
void kb_unlock_build(int fd);
/* kb_prepare_build - configure (unless a .config exists) and "make prepare", locked. */
int kb_prepare_build(struct md_tree *tree, const struct md_tree_opts *opts);

/* --- shell.c: shell words --- */

/*
 * kb_shell_commands - split a shell command line into simple commands at
 * ; & | ( ) and newlines, with quotes and backslashes removed, and call
 * @fn on the words of each (which @fn may take over).  No expansion.
 */
void kb_shell_commands(const char *s, void (*fn)(struct strv *, void *), void *ctx);
/* kb_shell_words - the words of @s into @out, operators taken as letters. */
void kb_shell_words(const char *s, struct strv *out);

/* --- cmdfile.c: saved .cmd files and "make -n" output --- */


/* kb_parse_dry_run - the kernel compile commands in "make -n V=1" output. */
int kb_parse_dry_run(const char *path, const char *dir, struct raw_set *set);
/*
 * kb_scan_tree_cmd_files - saved commands under the "dir/" entries of
 * @targets (none: the whole build directory), sorted and unique.
 */
void kb_scan_tree_cmd_files(const struct md_tree *tree, const struct strv *targets,
			    struct raw_set *set);

/* --- compdb.c: compile_commands.json --- */

/*
 * kb_compdb_load - every .c entry of the database @path (a file, or a
 * directory holding compile_commands.json).  An entry whose directory does
 * not exist is reported and skipped.  Returns 0, or -1 (reported) when the
 * file cannot be read or is not a compilation database.
 */
int kb_compdb_load(const char *path, struct raw_set *set);
/* kb_compdb_write - @set as <dir>/compile_commands.json, atomically; 0 or -1 (errno). */
int kb_compdb_write(const char *dir, const struct raw_set *set);

/* --- cache.c: Kbuild's commands through the cache --- */

/*
 * kb_kbuild_commands - the commands Kbuild runs for @targets ("dir/"
 * entries, then VAR=value overrides; none: the whole tree), from the cache
 * in the build directory when it is fresh, else from a dry run that
 * refills it.  Appended to @out, marked @forced.
 */
int kb_kbuild_commands(const struct md_tree *tree, const struct md_tree_opts *opts,
		       const struct strv *targets, int forced, struct raw_set *out);

/* --- scope.c: scope paths and the directories searched for them --- */

/* kb_normalize_scope - check each scope path; *@out has max(@n, 1) entries. */
int kb_normalize_scope(const struct md_tree *tree, const char *const *scope, size_t n,
		       struct scope_ent **out);
void kb_scope_release(struct scope_ent *sc, size_t n);
/* kb_under - relative path @rel is @dir or below it ("" holds everything). */
int kb_under(const char *rel, const char *dir);
/* kb_parent_of - the directory part of @rel ("" at the top); a new string. */
char *kb_parent_of(const char *rel);
/* kb_has_makefile - source directory @rel has a Makefile or a Kbuild file. */
int kb_has_makefile(const struct md_tree *tree, const char *rel);
/* kb_has_command_near - a command of @set compiles a file under @dir. */
int kb_has_command_near(const struct raw_set *set, const struct md_tree *tree, const char *dir);
/* kb_widen_search - move the search of explicit files with no object near up; 1 if one moved. */
int kb_widen_search(const struct md_tree *tree, const struct raw_set *set,
		    const struct scope_ent *sc, size_t n, char **search);
/* kb_collect - the raw commands of the scope and of the search directories. */
int kb_collect(const struct md_tree *tree, const struct md_tree_opts *opts,
	       const struct scope_ent *sc, char **search, size_t n, struct raw_set *set);

/* --- borrow.c: flags for files this configuration does not build --- */

/*
 * kb_force_unbuilt - for each explicit file whose directory builds nothing
 * here, a dry run of that directory with the options gating it forced on.
 */
int kb_force_unbuilt(const struct md_tree *tree, const struct md_tree_opts *opts,
		     const struct scope_ent *sc, size_t n, char **search,
		     struct raw_set *set);
/* kb_nearest_command - the built object closest to @rel, or NULL. */
const struct raw_cmd *kb_nearest_command(const struct md_tree *tree,
					 const struct raw_set *set, const char *rel);
/* kb_rename_object - @arg, with the KBUILD_* defines renamed for file @rel. */
char *kb_rename_object(const char *arg, const char *rel);

/* --- flags.c --- */

/* kb_absolutize - make the path arguments of include options absolute. */
void kb_absolutize(char **argv, int argc, const char *dir);

#endif

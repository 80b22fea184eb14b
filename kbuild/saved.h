/* SPDX-License-Identifier: GPL-2.0 */
/*
 * saved.h - what other parts may use of a build directory: the compile
 * command Kbuild saved for an object (what `make O=<build> path/file.o`
 * runs), and the small file helpers that go with it.  The conversion
 * checks (convert/) compile a patched file with it.
 */
#ifndef MEMDESC_KBUILD_SAVED_H
#define MEMDESC_KBUILD_SAVED_H

#include "../lib/strv.h"

/*
 * kb_cmdfile_command - the command saved in the .cmd file @path (its
 * savedcmd_ line, cmd_ before 6.3), unescaped, through kb_shell_commands()
 * to @fn.  Returns 0, or -1 when the file cannot be read or saves none.
 */
int kb_cmdfile_command(const char *path, void (*fn)(struct strv *, void *), void *ctx);

/* kb_is_dir, kb_is_file - @path is a directory, a regular file (following links). */
int kb_is_dir(const char *path);
int kb_is_file(const char *path);

/* kb_join - @path if absolute, else @dir/@path without a leading "./". */
char *kb_join(const char *dir, const char *path);

/* kb_mkdir_p - create @path and its parents; 0 when it is a directory after. */
int kb_mkdir_p(const char *path);

#endif

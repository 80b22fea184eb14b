/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parse.h - strict parsing of option values: the whole string must be a
 * number in range ("4x", "", " 4" and "abc" are errors, never 0 or 4).
 */
#ifndef MEMDESC_LIB_PARSE_H
#define MEMDESC_LIB_PARSE_H

/*
 * md_parse_long - @s as a decimal integer in [@min, @max] into @out.
 * Returns 0, or -1 (nothing reported: the caller names the option).
 */
int md_parse_long(const char *s, long min, long max, long *out);

/*
 * md_parse_size - a byte count with an optional K, M, G or T suffix
 * (powers of 1024): "4G", "512M", "1048576".  Returns 0 or -1.
 */
int md_parse_size(const char *s, unsigned long long *out);

#endif

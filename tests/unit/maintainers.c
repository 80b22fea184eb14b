// SPDX-License-Identifier: GPL-2.0
/*
 * maintainers.c - the MAINTAINERS matcher on a small file in the kernel's
 * format: directory, one-level and any-directory patterns, exact files, X:
 * excludes, N: regexes, the most specific section winning, and the people.
 */
#include <string.h>

#include "lib/maintainers.h"
#include "tests/tap.h"

static const char text[] =
	"List of maintainers\n"
	"===================\n"
	"\n"
	"Descriptions of section entries and preferred order\n"
	"\tF: *Files* and directories wildcard patterns.\n"
	"\n"
	"Maintainers List\n"
	"----------------\n"
	"\n"
	"MEMORY MANAGEMENT - CORE\n"
	"M:\tAndrew Morton <akpm@linux-foundation.org>\n"
	"L:\tlinux-mm@kvack.org\n"
	"S:\tMaintained\n"
	"F:\tinclude/linux/mm.h\n"
	"F:\tmm/\n"
	"X:\tmm/hugetlb.c\n"
	"\n"
	"HUGETLB SUBSYSTEM\n"
	"M:\tMuchun Song <muchun.song@linux.dev>\n"
	"R:\tOscar Salvador <osalvador@suse.de>\n"
	"F:\tmm/hugetlb.c\n"
	"F:\tmm/hugetlb_vmemmap.c\n"
	"\n"
	"NETWORKING DRIVERS\n"
	"L:\tnetdev@vger.kernel.org\n"
	"F:\tdrivers/net/\n"
	"\n"
	"NETWORKING DRIVERS TOP LEVEL\n"
	"L:\tnetdev@vger.kernel.org\n"
	"F:\tdrivers/net/*\n"
	"\n"
	"ANY NET DIR\n"
	"L:\tnet@example.org\n"
	"F:\t*/net/*\n"
	"\n"
	"ALLWINNER\n"
	"L:\tsunxi@example.org\n"
	"N:\tsun[x456789]i\n"
	"\n"
	"EXT4 FILE SYSTEM\n"
	"M:\t\"Theodore Ts'o\" <tytso@mit.edu>\n"
	"F:\tfs/ext4\n";

static const char *section_of(const struct md_maintainers *m, const char *path)
{
	const struct md_maint_section *s = md_maintainers_match(m, path);

	return s ? s->name : "(none)";
}

int main(void)
{
	struct md_maintainers *m = md_maintainers_parse(text, strlen(text), "MAINTAINERS");
	const struct md_maint_section *s;

	is_uint(md_maintainers_count(m), 7, "seven sections; the prose before the list is not one");
	is_str(section_of(m, "mm/filemap.c"), "MEMORY MANAGEMENT - CORE", "F: mm/ holds mm/filemap.c");
	is_str(section_of(m, "mm/damon/core.c"), "MEMORY MANAGEMENT - CORE", "and everything below");
	is_str(section_of(m, "mmap.c"), "(none)", "but not mmap.c");
	is_str(section_of(m, "include/linux/mm.h"), "MEMORY MANAGEMENT - CORE", "an exact file");
	is_str(section_of(m, "include/linux/mm.hh"), "(none)", "exact means exact");
	is_str(section_of(m, "mm/hugetlb.c"), "HUGETLB SUBSYSTEM",
	       "X: takes a file out of a section; the other section has it");
	is_str(section_of(m, "mm/hugetlb_vmemmap.c"), "HUGETLB SUBSYSTEM",
	       "the file pattern (3 components... 2) beats the directory mm/");
	is_str(section_of(m, "drivers/net/loopback.c"), "NETWORKING DRIVERS TOP LEVEL",
	       "drivers/net/<star>: a file directly in drivers/net");
	is_str(section_of(m, "drivers/net/ethernet/intel/e1000/e1000_main.c"), "NETWORKING DRIVERS",
	       "below drivers/net only the directory pattern matches");
	is_str(section_of(m, "arch/net/x.c"), "ANY NET DIR", "<star>/net/<star>: any top directory");
	is_str(section_of(m, "arch/arm/boot/dts/sun8i-h3.dtsi"), "ALLWINNER", "N: regex anywhere in the path");
	is_str(section_of(m, "fs/ext4/inode.c"), "EXT4 FILE SYSTEM", "a directory named without a slash");
	is_str(section_of(m, "fs/ext4x/inode.c"), "(none)", "with the '/' boundary");
	s = md_maintainers_match(m, "mm/hugetlb.c");
	ok(s && md_maint_has_person(s, "muchun.song@linux.dev") && md_maint_has_person(s, "OSALVADOR@suse.de"),
	   "M: and R: addresses are the section's people, case-insensitively");
	ok(s && !md_maint_has_person(s, "akpm@linux-foundation.org"), "and nobody else");
	s = md_maintainers_match(m, "mm/filemap.c");
	ok(s && s->lists.n == 1 && !strcmp(s->lists.v[0], "linux-mm@kvack.org") && s->status &&
	   !strcmp(s->status, "Maintained"), "L: and S: are read");
	md_maintainers_free(m);
	return done_testing();
}

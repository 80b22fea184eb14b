savedcmd_mm/filemap.o := gcc -Wp,-MMD,mm/.filemap.o.d -nostdinc -I./arch/x86/include -I./include -include ./include/linux/compiler-version.h -D__KERNEL__ -fno-strict-aliasing -O2 -DKBUILD_MODFILE='"mm/filemap"' -DKBUILD_BASENAME='"filemap"' -DKBUILD_MODNAME='"filemap"' -D__KBUILD_MODNAME=kmod_filemap -c -o mm/filemap.o mm/filemap.c  

source_mm/filemap.o := mm/filemap.c

deps_mm/filemap.o := \
  include/linux/compiler-version.h \

mm/filemap.o: $(deps_mm/filemap.o)

$(deps_mm/filemap.o):

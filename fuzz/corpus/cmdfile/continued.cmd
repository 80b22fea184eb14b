savedcmd_x.o := gcc -D__KERNEL__ -I include -x c -include k.h -isystem /usr/include -c -o x.o x.c \
  -DMORE

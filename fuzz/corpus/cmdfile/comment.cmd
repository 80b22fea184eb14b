savedcmd_a.o := #only a comment -D__KERNEL__ -c
savedcmd_b.o :=
cmd_c.o := gcc -D__KERNEL__ -c -o c.o c.c

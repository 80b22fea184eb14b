savedcmd_lib/a.o := gcc -D__KERNEL__ -c -o lib/a.o lib/a.c && { truedcmd_a.o := gcc -D__KERNEL__ -c -o a.o a.c \e; } || (echo "fail") | cat &

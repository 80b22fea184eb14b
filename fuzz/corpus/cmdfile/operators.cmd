savedcmd_lib/a.o := gcc -D__KERNEL__ -c -o lib/a.o lib/a.c && { true; } || (echo "fail") | cat &

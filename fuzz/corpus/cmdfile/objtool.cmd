savedcmd_mm/x.o := gcc -D__KERNEL__ -c -o mm/x.o mm/x.c; ./tools/objtool/objtool --hacks=jump_label mm/x.o ; if [ -n "$$x" ]; then true; fi

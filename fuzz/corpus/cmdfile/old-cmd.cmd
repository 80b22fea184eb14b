cmd_fs/ext4/inode.o := gcc -Wp,-MMD,fs/ext4/.inode.o.d -D__KERNEL__ -DFOO=$$(pound)x -D"BAR=$$$$" -c -o fs/ext4/inode.o fs/ext4/inode.c

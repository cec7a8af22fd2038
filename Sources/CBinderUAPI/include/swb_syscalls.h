/* Non-variadic wrappers for the system calls Swift cannot call directly. */
#ifndef SWB_SYSCALLS_H
#define SWB_SYSCALLS_H

/* Not covered by the Glibc module: exported to Swift from here. */
#include <sys/epoll.h>

/* ioctl(2) with a pointer argument; returns -1 and sets errno on failure. */
int swb_ioctl(int fd, unsigned long request, void *arg);

/* ioctl(2) with an integer argument. */
int swb_ioctl_value(int fd, unsigned long request, unsigned long value);

/* Ask for SIGKILL when the parent process exits (test peers must not linger). */
int swb_exit_with_parent(void);

/* statfs(2)'s f_type of the filesystem holding path, or -1 (errno set). */
long swb_fs_magic(const char *path);

/* delete_module(2) (no glibc wrapper): 0, or -1 and errno. */
int swb_delete_module(const char *name, unsigned int flags);

#endif

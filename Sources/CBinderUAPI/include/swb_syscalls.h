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

/*
 * userfaultfd(2) on [addr, addr + len) (page-aligned, not yet touched): the
 * first access to a page there waits until swb_userfaultfd_fill(). Returns
 * the userfaultfd, or -1 with errno (ENOSYS: the kernel has none).
 */
int swb_userfaultfd_register(void *addr, unsigned long len);

/* Waits up to timeout_ms for a page fault on it: 0, or -1 on timeout/error. */
int swb_userfaultfd_wait(int uffd, int timeout_ms);

/* Fills the waiting page(s) with len bytes from src, waking the faulting task. */
int swb_userfaultfd_fill(int uffd, void *addr, const void *src, unsigned long len);

#endif

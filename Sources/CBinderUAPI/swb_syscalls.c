#include <signal.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include "swb_syscalls.h"

int swb_ioctl(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg);
}

int swb_ioctl_value(int fd, unsigned long request, unsigned long value)
{
	return ioctl(fd, request, value);
}

int swb_exit_with_parent(void)
{
	return prctl(PR_SET_PDEATHSIG, SIGKILL);
}

long swb_fs_magic(const char *path)
{
	struct statfs info;

	if (statfs(path, &info) != 0)
		return -1;
	return (long)info.f_type;
}

int swb_delete_module(const char *name, unsigned int flags)
{
	return (int)syscall(SYS_delete_module, name, flags);
}

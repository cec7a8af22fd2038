#include <signal.h>
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

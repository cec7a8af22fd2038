#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
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

/*
 * userfaultfd(2): a page whose first touch waits until the test fills it.
 * Tests use it to hold the kernel inside a copy from user memory (in the
 * middle of a transaction) while something else happens. Kernel-mode faults
 * are handled too (no UFFD_USER_MODE_ONLY), which needs CAP_SYS_PTRACE
 * unless vm.unprivileged_userfaultfd is set: root in the test VM has it.
 */
int swb_userfaultfd_register(void *addr, unsigned long len)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = {
		.range = { .start = (unsigned long)addr, .len = len },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	int uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);

	if (uffd < 0)
		return -1;
	if (ioctl(uffd, UFFDIO_API, &api) < 0 || ioctl(uffd, UFFDIO_REGISTER, &reg) < 0) {
		int saved = errno;

		close(uffd);
		errno = saved;
		return -1;
	}
	return uffd;
}

int swb_userfaultfd_wait(int uffd, int timeout_ms)
{
	struct pollfd pfd = { .fd = uffd, .events = POLLIN };
	struct uffd_msg msg;

	if (poll(&pfd, 1, timeout_ms) != 1)
		return -1;
	if (read(uffd, &msg, sizeof(msg)) != sizeof(msg))
		return -1;
	return msg.event == UFFD_EVENT_PAGEFAULT ? 0 : -1;
}

int swb_userfaultfd_fill(int uffd, void *addr, const void *src, unsigned long len)
{
	struct uffdio_copy copy = {
		.dst = (unsigned long)addr,
		.src = (unsigned long)src,
		.len = len,
	};

	return ioctl(uffd, UFFDIO_COPY, &copy);
}

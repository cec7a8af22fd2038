// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioctl dispatch through the generated table, and the ioctls that only
 * read or set one value.
 */
#include <linux/uaccess.h>

#include "swbinder.h"
#include "stats.h"

long swb_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct swb_proc *proc = filp->private_data;
	const struct swb_ioctl *entry;
	struct swb_thread *thread;
	unsigned int nr = _IOC_NR(cmd);
	long ret;

	/* The full number must match: a wrong size or direction is unknown. */
	if (_IOC_TYPE(cmd) != 'b' || nr >= SWB_IOCTL_SLOTS)
		return -EINVAL;
	entry = &swb_ioctls[nr];
	if (entry->cmd != cmd)
		return -EINVAL;
	/* Counted even when unimplemented: the protocol coverage reads this. */
	swb_stat_ioctl(nr);
	if (!entry->handle)
		return -EINVAL;

	thread = swb_thread_get(proc);
	if (!thread)
		return -ENOMEM;
	ret = entry->handle(filp, thread, (void __user *)arg);

	/* BINDER_THREAD_EXIT freed the thread; any other ioctl ends its return. */
	if (cmd != BINDER_THREAD_EXIT) {
		swb_lock(proc);
		thread->need_return = false;
		swb_unlock(proc);
	}
	return ret;
}

long swb_ioctl_version(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	struct binder_version __user *version = arg;

	/* Upstream answers EINVAL, not EFAULT, for a bad pointer here. */
	if (put_user(BINDER_CURRENT_PROTOCOL_VERSION, &version->protocol_version))
		return -EINVAL;
	return 0;
}

long swb_ioctl_set_max_threads(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	struct swb_proc *proc = thread->proc;
	u32 max_threads;

	if (copy_from_user(&max_threads, arg, sizeof(max_threads)))
		return -EINVAL;
	swb_lock(proc);
	proc->max_threads = max_threads;
	swb_unlock(proc);
	return 0;
}

long swb_ioctl_thread_exit(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	swb_thread_release(thread->proc, thread);
	return 0;
}

long swb_ioctl_enable_oneway_spam_detection(struct file *filp,
		struct swb_thread *thread, void __user *arg)
{
	struct swb_proc *proc = thread->proc;
	u32 enable;

	if (copy_from_user(&enable, arg, sizeof(enable)))
		return -EFAULT;
	swb_lock(proc);
	proc->oneway_spam_detection = enable != 0;
	swb_unlock(proc);
	return 0;
}

long swb_ioctl_get_extended_error(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	struct swb_proc *proc = thread->proc;
	struct binder_extended_error error;

	swb_lock(proc);
	error = thread->extended_error;
	swb_unlock(proc);
	if (copy_to_user(arg, &error, sizeof(error)))
		return -EFAULT;
	/* Reading resets it, as upstream. */
	swb_lock(proc);
	thread->extended_error.id = 0;
	thread->extended_error.command = BR_OK;
	thread->extended_error.param = 0;
	swb_unlock(proc);
	return 0;
}

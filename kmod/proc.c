// SPDX-License-Identifier: GPL-2.0-only
/*
 * A proc is the driver state of one open binder file: created by open(),
 * torn down by the last close. The file operations live here.
 */
#include <linux/compat.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "swbinder.h"

static int swb_open(struct inode *inode, struct file *filp)
{
	/* misc_open() leaves our miscdevice in private_data. */
	struct miscdevice *misc = filp->private_data;
	struct swb_proc *proc;

	proc = kzalloc(sizeof(*proc), GFP_KERNEL);
	if (!proc)
		return -ENOMEM;
	proc->device = container_of(misc, struct swb_device, misc);
	get_task_struct(current->group_leader);
	proc->tsk = current->group_leader;
	proc->pid = current->group_leader->pid;
	proc->cred = get_cred(filp->f_cred);
	spin_lock_init(&proc->lock);
	proc->threads = RB_ROOT;
	init_waitqueue_head(&proc->poll_wait);
	swb_alloc_init(&proc->alloc, proc);
	filp->private_data = proc;
	return 0;
}

/* Runs once no file reference, mapping or ioctl in progress remains. */
static int swb_release(struct inode *inode, struct file *filp)
{
	struct swb_proc *proc = filp->private_data;

	swb_threads_release_all(proc);
	swb_alloc_release(&proc->alloc);
	put_cred(proc->cred);
	put_task_struct(proc->tsk);
	kfree(proc);
	return 0;
}

/* Any close of a dup: threads blocked in a read go back to userspace. */
static int swb_flush(struct file *filp, fl_owner_t id)
{
	swb_threads_wake_all(filp->private_data);
	return 0;
}

/*
 * Pollers wait on the proc, not on a thread: a thread can be freed by
 * BINDER_THREAD_EXIT while an epoll still watches the file, and the proc
 * outlives every poller (eventpoll detaches before release runs).
 */
static __poll_t swb_poll(struct file *filp, struct poll_table_struct *wait)
{
	struct swb_proc *proc = filp->private_data;
	struct swb_thread *thread;
	bool has_work;

	thread = swb_thread_get(proc);
	if (!thread)
		return EPOLLERR;
	poll_wait(filp, &proc->poll_wait, wait);
	spin_lock(&proc->lock);
	thread->looper |= SWB_LOOPER_POLL;
	has_work = swb_thread_has_work_locked(thread);
	spin_unlock(&proc->lock);
	return has_work ? EPOLLIN : 0;
}

const struct file_operations swb_fops = {
	.owner = THIS_MODULE,
	.open = swb_open,
	.release = swb_release,
	.flush = swb_flush,
	.poll = swb_poll,
	.mmap = swb_mmap,
	.unlocked_ioctl = swb_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

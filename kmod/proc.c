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
#include "binderfs.h"
#include "node.h"
#include "transaction.h"
#include "stats.h"
#include "fault_inject.h"
#include "file_cycles.h"

static int swb_open(struct inode *inode, struct file *filp)
{
	/* binderfs: the inode's; misc_open() leaves our miscdevice in private_data. */
	struct swb_device *device = swb_binderfs_device(inode);
	struct swb_proc *proc;

	if (!device)
		device = container_of((struct miscdevice *)filp->private_data,
				      struct swb_device, misc);
	proc = swb_kzalloc(sizeof(*proc), GFP_KERNEL);
	if (!proc)
		return -ENOMEM;
	refcount_inc(&device->ref);
	proc->device = device;
	get_task_struct(current->group_leader);
	proc->tsk = current->group_leader;
	proc->pid = current->group_leader->pid;
	proc->cred = get_cred(filp->f_cred);
	proc->default_priority = task_nice(current);
	proc->threads = RB_ROOT;
	proc->nodes = RB_ROOT;
	proc->refs_by_desc = RB_ROOT;
	proc->refs_by_node = RB_ROOT;
	INIT_LIST_HEAD(&proc->waiting_threads);
	INIT_LIST_HEAD(&proc->todo);
	INIT_LIST_HEAD(&proc->delivered_death);
	INIT_LIST_HEAD(&proc->delivered_freeze);
	init_waitqueue_head(&proc->poll_wait);
	init_waitqueue_head(&proc->freeze_wait);
	swb_alloc_init(&proc->alloc, proc);
	/* The open file's own reference. */
	proc->tmp_ref = 1;
	filp->private_data = proc;
	swb_stat_created(SWB_STAT_PROC);
	swb_debugfs_proc_add(proc);
	return 0;
}

bool swb_proc_put_locked(struct swb_proc *proc)
{
	return --proc->tmp_ref == 0;
}

void swb_proc_put(struct swb_proc *proc)
{
	bool free_proc;

	swb_lock(proc);
	free_proc = swb_proc_put_locked(proc);
	swb_unlock(proc);
	if (free_proc)
		swb_proc_free(proc);
}

/* After the last reference: nothing points at the proc any more. */
void swb_proc_free(struct swb_proc *proc)
{
	struct swb_device *device = proc->device;

	swb_alloc_release(&proc->alloc);
	put_cred(proc->cred);
	put_task_struct(proc->tsk);
	kfree(proc);
	swb_stat_deleted(SWB_STAT_PROC);
	/* Last: the device lock guarded the proc until here. */
	swb_device_put(device);
}

/* The proc's nodes die: their holders hear of it, queued calls are dropped. */
static void swb_proc_release_nodes(struct swb_proc *proc)
{
	struct swb_node *node;
	struct rb_node *n;

	swb_lock(proc);
	while ((n = rb_first(&proc->nodes)) != NULL) {
		node = rb_entry(n, struct swb_node, rb_node);
		swb_release_work_locked(proc, &node->async_todo);
		if (swb_node_release_locked(node))
			swb_node_free(node);
	}
	swb_unlock(proc);
}

/*
 * Runs once no file reference, mapping or ioctl in progress remains: the
 * proc dies. Its threads' callers get BR_DEAD_REPLY, holders of its nodes
 * their death notifications, and everything it owned is freed; memory that
 * another proc's transaction still points at goes with the last tmp_ref.
 */
static int swb_release(struct inode *inode, struct file *filp)
{
	struct swb_proc *proc = filp->private_data;
	struct swb_device *device = proc->device;
	bool free_proc;

	swb_debugfs_proc_remove(proc);
	swb_lock(proc);
	proc->is_dead = true;
	proc->is_frozen = false;
	if (device->context_mgr_node && device->context_mgr_node->proc == proc)
		device->context_mgr_node = NULL;
	swb_unlock(proc);

	swb_threads_release_all(proc);
	swb_proc_release_nodes(proc);
	swb_ref_release_all(proc);

	swb_lock(proc);
	swb_release_work_locked(proc, &proc->todo);
	swb_release_work_locked(proc, &proc->delivered_death);
	swb_release_work_locked(proc, &proc->delivered_freeze);
	/* Under the lock: a freezer's tmp_ref may be the last one. */
	wake_up_interruptible_all(&proc->freeze_wait);
	free_proc = swb_proc_put_locked(proc);
	swb_unlock(proc);
	if (free_proc)
		swb_proc_free(proc);
	/* The files its unread calls held are put back: one may have been the last but cycles. */
	swb_file_cycles_poke();
	return 0;
}

/*
 * Any close of a dup: threads blocked in a read go back to userspace. The
 * reference closed may have been the last but ones held by unread
 * transactions: the cycle collector takes a look.
 */
static int swb_flush(struct file *filp, fl_owner_t id)
{
	swb_threads_wake_all(filp->private_data);
	swb_file_cycles_poke();
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
	swb_lock(proc);
	thread->looper |= SWB_LOOPER_POLL;
	has_work = swb_thread_has_work_locked(thread);
	swb_unlock(proc);
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

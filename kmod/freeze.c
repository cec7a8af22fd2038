// SPDX-License-Identifier: GPL-2.0-only
/*
 * BINDER_FREEZE and BINDER_GET_FROZEN_INFO: a process manager freezes every
 * proc of a pid (on every swbinder device) before it stops the process, so
 * that sync calls to it fail with BR_FROZEN_REPLY instead of hanging, and
 * oneway calls wait in its queue.
 *
 * The proc fields involved (is_frozen, sync_recv, async_recv,
 * outstanding_txns) are protected by device->lock; freeze_wait is where a
 * freezer waits for outstanding_txns to reach zero. Procs are found through
 * the module-wide list in proc.c (swb_procs_mutex, taken before any other
 * lock of ours).
 */
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "swbinder.h"

/* Work the proc still owes or is owed: freezing it now would strand a caller. */
static bool swb_txns_pending_locked(struct swb_proc *proc)
{
	struct rb_node *n;

	if (proc->outstanding_txns > 0)
		return true;
	for (n = rb_first(&proc->threads); n; n = rb_next(n)) {
		if (rb_entry(n, struct swb_thread, node)->transaction_stack)
			return true;
	}
	return false;
}

static void swb_unfreeze(struct swb_proc *proc)
{
	swb_lock(proc);
	proc->sync_recv = false;
	proc->async_recv = false;
	proc->is_frozen = false;
	swb_freeze_notify_locked(proc, false);
	swb_unlock(proc);
}

/*
 * Freezes at once, then waits up to @timeout_ms for the calls queued to the
 * proc to drain; with calls still pending (or being served) it thaws again
 * and fails with EAGAIN, as upstream.
 */
static int swb_freeze(struct swb_proc *proc, u32 timeout_ms)
{
	long ret = 0;

	swb_lock(proc);
	proc->sync_recv = false;
	proc->async_recv = false;
	proc->is_frozen = true;
	swb_unlock(proc);

	if (timeout_ms > 0)
		ret = wait_event_interruptible_timeout(proc->freeze_wait,
						       READ_ONCE(proc->outstanding_txns) == 0,
						       msecs_to_jiffies(timeout_ms));
	if (ret >= 0) {
		swb_lock(proc);
		if (swb_txns_pending_locked(proc))
			ret = -EAGAIN;
		swb_unlock(proc);
	}
	swb_lock(proc);
	if (ret < 0)
		proc->is_frozen = false;
	else
		swb_freeze_notify_locked(proc, true);
	swb_unlock(proc);
	return ret < 0 ? ret : 0;
}

long swb_ioctl_freeze(struct file *filp, struct swb_thread *thread, void __user *arg)
{
	struct binder_freeze_info info;
	struct swb_proc **procs;
	int i, count, ret = 0;

	if (copy_from_user(&info, arg, sizeof(info)))
		return -EFAULT;
	count = swb_procs_get_by_pid(info.pid, &procs);
	if (count <= 0)
		return count ? count : -EINVAL;
	for (i = 0; i < count; i++) {
		if (ret >= 0) {
			if (info.enable)
				ret = swb_freeze(procs[i], info.timeout_ms);
			else
				swb_unfreeze(procs[i]);
		}
		swb_proc_put(procs[i]);
	}
	kfree(procs);
	return ret;
}

long swb_ioctl_get_frozen_info(struct file *filp, struct swb_thread *thread, void __user *arg)
{
	struct binder_frozen_status_info info;
	struct swb_proc **procs;
	int i, count;

	if (copy_from_user(&info, arg, sizeof(info)))
		return -EFAULT;
	count = swb_procs_get_by_pid(info.pid, &procs);
	if (count <= 0)
		return count ? count : -EINVAL;
	info.sync_recv = 0;
	info.async_recv = 0;
	for (i = 0; i < count; i++) {
		swb_lock(procs[i]);
		/* bit 0: a sync call came while frozen; bit 1: calls still pending */
		info.sync_recv |= procs[i]->sync_recv | (swb_txns_pending_locked(procs[i]) << 1);
		info.async_recv |= procs[i]->async_recv;
		swb_unlock(procs[i]);
		swb_proc_put(procs[i]);
	}
	kfree(procs);
	if (copy_to_user(arg, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Death notifications: BC_REQUEST_DEATH_NOTIFICATION, BC_CLEAR_DEATH_-
 * NOTIFICATION and BC_DEAD_BINDER_DONE. Mistakes (bad handle, duplicate
 * request, wrong cookie) are user errors: logged, the write goes on.
 */
#include <linux/slab.h>

#include "swbinder.h"
#include "node.h"
#include "stats.h"
#include "fault_inject.h"

/* Death work goes to the thread if it is a looper, else to any looper. */
static void swb_queue_death_locked(struct swb_thread *thread, struct swb_work *w)
{
	struct swb_proc *proc = thread->proc;

	if (thread->looper & (SWB_LOOPER_REGISTERED | SWB_LOOPER_ENTERED)) {
		swb_enqueue_thread_work_locked(thread, w);
	} else {
		swb_enqueue_proc_work_locked(proc, w);
		swb_wakeup_proc_locked(proc, NULL, false);
	}
}

int swb_bc_request_death_notification(struct swb_thread *thread,
		const struct binder_handle_cookie *arg)
{
	struct swb_proc *proc = thread->proc;
	struct swb_ref_death *death;
	struct swb_ref *ref;

	death = swb_kzalloc(sizeof(*death), GFP_KERNEL);
	swb_lock(proc);
	ref = swb_ref_lookup_locked(proc, arg->handle, false);
	if (!ref) {
		swb_user_error(proc, "%d: death notification on invalid handle %u\n",
			       thread->pid, arg->handle);
		goto out;
	}
	if (ref->death) {
		swb_user_error(proc, "%d: death notification already set on handle %u\n",
			       thread->pid, arg->handle);
		goto out;
	}
	if (!death) {
		thread->return_error.cmd = BR_ERROR;
		swb_enqueue_thread_work_locked(thread, &thread->return_error.work);
		goto out;
	}
	INIT_LIST_HEAD(&death->work.entry);
	death->cookie = arg->cookie;
	ref->death = death;
	death = NULL;
	swb_stat_created(SWB_STAT_DEATH);
	if (!ref->node->proc) {
		/*
		 * Already dead: say so at once, to any looper of the proc, as
		 * upstream does (a looper's own list would also do, but a
		 * BC_DECREFS before the read then takes the notice off it and
		 * leaves the thread told it has work).
		 */
		ref->death->work.type = SWB_WORK_DEAD_BINDER;
		swb_enqueue_proc_work_locked(proc, &ref->death->work);
		swb_wakeup_proc_locked(proc, NULL, false);
	}
out:
	swb_unlock(proc);
	kfree(death);
	return 0;
}

int swb_bc_clear_death_notification(struct swb_thread *thread,
		const struct binder_handle_cookie *arg)
{
	struct swb_proc *proc = thread->proc;
	struct swb_ref_death *death;
	struct swb_ref *ref;

	swb_lock(proc);
	ref = swb_ref_lookup_locked(proc, arg->handle, false);
	if (!ref || !ref->death || ref->death->cookie != arg->cookie) {
		swb_user_error(proc, "%d: no death notification with that cookie on handle %u\n",
			       thread->pid, arg->handle);
		goto out;
	}
	death = ref->death;
	ref->death = NULL;
	if (list_empty(&death->work.entry)) {
		death->work.type = SWB_WORK_CLEAR_DEATH_NOTIFICATION;
		swb_queue_death_locked(thread, &death->work);
	} else {
		/* BR_DEAD_BINDER is queued: the clear follows its DONE. */
		death->work.type = SWB_WORK_DEAD_BINDER_AND_CLEAR;
	}
out:
	swb_unlock(proc);
	return 0;
}

int swb_bc_dead_binder_done(struct swb_thread *thread, binder_uintptr_t arg)
{
	struct swb_proc *proc = thread->proc;
	struct swb_ref_death *death = NULL, *d;

	swb_lock(proc);
	list_for_each_entry(d, &proc->delivered_death, work.entry) {
		if (d->cookie == arg) {
			death = d;
			break;
		}
	}
	if (!death) {
		swb_user_error(proc, "%d: BC_DEAD_BINDER_DONE for unknown cookie %llx\n",
			       thread->pid, (u64)arg);
		goto out;
	}
	swb_dequeue_work_locked(&death->work);
	if (death->work.type == SWB_WORK_DEAD_BINDER_AND_CLEAR) {
		death->work.type = SWB_WORK_CLEAR_DEATH_NOTIFICATION;
		swb_queue_death_locked(thread, &death->work);
	}
out:
	swb_unlock(proc);
	return 0;
}

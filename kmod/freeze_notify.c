// SPDX-License-Identifier: GPL-2.0-only
/*
 * Freeze notifications (upstream 6.12, here on every kernel):
 * BC_REQUEST_FREEZE_NOTIFICATION asks to hear BR_FROZEN_BINDER whenever the
 * owner of a handle's node is frozen or thawed (and once at once, with the
 * current state); each one is acknowledged with BC_FREEZE_NOTIFICATION_DONE
 * before the next is sent; BC_CLEAR_FREEZE_NOTIFICATION ends it with
 * BR_CLEAR_FREEZE_NOTIFICATION_DONE. Unlike death notifications, mistakes
 * fail the write with EINVAL, as upstream.
 *
 * A swb_ref_freeze belongs to its ref until cleared, then to its work item.
 * All of it is under device->lock.
 */
#include <linux/slab.h>

#include "swbinder.h"
#include "node.h"
#include "stats.h"
#include "fault_inject.h"

static void swb_queue_freeze_locked(struct swb_proc *proc, struct swb_ref_freeze *freeze)
{
	swb_enqueue_proc_work_locked(proc, &freeze->work);
	swb_wakeup_proc_locked(proc, NULL, false);
}

int swb_bc_request_freeze_notification(struct swb_thread *thread,
				       const struct binder_handle_cookie *arg)
{
	struct swb_proc *proc = thread->proc;
	struct swb_ref_freeze *freeze;
	struct swb_ref *ref;
	int ret = 0;

	freeze = swb_kzalloc(sizeof(*freeze), GFP_KERNEL);
	if (!freeze)
		return -ENOMEM;
	swb_lock(proc);
	ref = swb_ref_lookup_locked(proc, arg->handle, false);
	if (!ref || ref->freeze) {
		swb_user_error(proc, "%d: freeze notification on handle %u: %s\n", thread->pid,
			       arg->handle, ref ? "already requested" : "no such handle");
		ret = -EINVAL;
		goto out;
	}
	INIT_LIST_HEAD(&freeze->work.entry);
	freeze->work.type = SWB_WORK_FROZEN_BINDER;
	freeze->cookie = arg->cookie;
	ref->freeze = freeze;
	swb_stat_created(SWB_STAT_FREEZE);
	/* A dead node is allowed (as upstream since 6.12); it never reports. */
	if (ref->node->proc) {
		freeze->is_frozen = ref->node->proc->is_frozen;
		swb_queue_freeze_locked(proc, freeze);
	}
	freeze = NULL;
out:
	swb_unlock(proc);
	kfree(freeze);
	return ret;
}

int swb_bc_clear_freeze_notification(struct swb_thread *thread,
				     const struct binder_handle_cookie *arg)
{
	struct swb_proc *proc = thread->proc;
	struct swb_ref_freeze *freeze;
	struct swb_ref *ref;
	int ret = 0;

	swb_lock(proc);
	ref = swb_ref_lookup_locked(proc, arg->handle, false);
	if (!ref || !ref->freeze || ref->freeze->cookie != arg->cookie) {
		swb_user_error(proc, "%d: no freeze notification with that cookie on handle %u\n",
			       thread->pid, arg->handle);
		ret = -EINVAL;
		goto out;
	}
	freeze = ref->freeze;
	ref->freeze = NULL;
	freeze->work.type = SWB_WORK_CLEAR_FREEZE_NOTIFICATION;
	/*
	 * Not queued: queue the "done" now. Queued but unread: it becomes the
	 * "done" where it stands. Read and not yet acknowledged: after the ack.
	 */
	if (list_empty(&freeze->work.entry))
		swb_queue_freeze_locked(proc, freeze);
	else if (freeze->sent)
		freeze->resend = true;
out:
	swb_unlock(proc);
	return ret;
}

int swb_bc_freeze_notification_done(struct swb_thread *thread, binder_uintptr_t arg)
{
	struct swb_proc *proc = thread->proc;
	struct swb_ref_freeze *freeze = NULL, *f;
	int ret = 0;

	swb_lock(proc);
	list_for_each_entry(f, &proc->delivered_freeze, work.entry) {
		if (f->cookie == arg) {
			freeze = f;
			break;
		}
	}
	if (!freeze) {
		swb_user_error(proc, "%d: BC_FREEZE_NOTIFICATION_DONE for unknown cookie %llx\n",
			       thread->pid, (u64)arg);
		ret = -EINVAL;
		goto out;
	}
	swb_dequeue_work_locked(&freeze->work);
	freeze->sent = false;
	if (freeze->resend) {
		freeze->resend = false;
		swb_queue_freeze_locked(proc, freeze);
	}
out:
	swb_unlock(proc);
	return ret;
}

/* @proc was frozen or thawed: tell everyone watching one of its nodes. */
void swb_freeze_notify_locked(struct swb_proc *proc, bool is_frozen)
{
	struct swb_ref_freeze *freeze;
	struct swb_node *node;
	struct swb_ref *ref;
	struct rb_node *n;

	for (n = rb_first(&proc->nodes); n; n = rb_next(n)) {
		node = rb_entry(n, struct swb_node, rb_node);
		hlist_for_each_entry(ref, &node->refs, node_entry) {
			freeze = ref->freeze;
			if (!freeze)
				continue;
			if (list_empty(&freeze->work.entry)) {
				freeze->is_frozen = is_frozen;
				swb_queue_freeze_locked(ref->proc, freeze);
				continue;
			}
			/* Unread: it reports the new state. Unacknowledged: again later. */
			if (freeze->sent && freeze->is_frozen != is_frozen)
				freeze->resend = true;
			freeze->is_frozen = is_frozen;
		}
	}
}

/*
 * Reading one: BR_FROZEN_BINDER waits on the delivered list for its ack;
 * BR_CLEAR_FREEZE_NOTIFICATION_DONE frees it. Returns the BR_ code and fills
 * @info (only its cookie for the latter).
 */
u32 swb_take_freeze_locked(struct swb_proc *proc, struct swb_work *w,
			   struct binder_frozen_state_info *info)
{
	struct swb_ref_freeze *freeze = container_of(w, struct swb_ref_freeze, work);

	memset(info, 0, sizeof(*info));
	info->cookie = freeze->cookie;
	if (w->type == SWB_WORK_CLEAR_FREEZE_NOTIFICATION) {
		kfree(freeze);
		swb_stat_deleted(SWB_STAT_FREEZE);
		return BR_CLEAR_FREEZE_NOTIFICATION_DONE;
	}
	info->is_frozen = freeze->is_frozen;
	freeze->sent = true;
	list_add_tail(&w->entry, &proc->delivered_freeze);
	return BR_FROZEN_BINDER;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * BC_TRANSACTION, BC_REPLY and their scatter-gather forms: find the target,
 * copy the data once into the target's buffer, translate the objects in it,
 * and queue it where upstream would: a nested call goes back to the thread
 * waiting in the caller's proc, a reply to the thread that called, oneway
 * calls to one node one at a time.
 */
#include <linux/cred.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "swbinder.h"
#include "alloc.h"
#include "lsm.h"
#include "netlink_report.h"
#include "node.h"
#include "transaction.h"
#include "translate.h"
#include "stats.h"
#include "txn_log.h"
#include "caches.h"
#include "swb_trace.h"

/* Where a transaction goes, found under the lock with references taken. */
struct swb_target {
	struct swb_proc *proc;
	struct swb_thread *thread;
	struct swb_node *node;
	struct swb_transaction *in_reply_to;
	long restore_nice;	/* the replier's own nice value, for replies */
};

/* Why it failed: the BR_ code for the sender and an errno for the logs. */
struct swb_failure {
	u32 cmd;
	int param;
};

static void swb_fail(struct swb_failure *f, u32 cmd, int param)
{
	f->cmd = cmd;
	f->param = param;
}

/* @t, queued to its target, no longer counts against that proc's freeze. */
void swb_transaction_untarget_locked(struct swb_transaction *t)
{
	struct swb_proc *proc = t->to_proc;

	if (!proc)
		return;
	t->to_proc = NULL;
	if (--proc->outstanding_txns == 0 && proc->is_frozen)
		wake_up_interruptible_all(&proc->freeze_wait);
}

void swb_transaction_free_locked(struct swb_transaction *t)
{
	swb_transaction_untarget_locked(t);
	if (t->buffer)
		t->buffer->transaction = NULL;
	swb_fd_fixups_free(&t->fd_fixups);
	swb_transaction_kfree(t);
	swb_stat_deleted(SWB_STAT_TRANSACTION);
}

/* Pops @t off the stack of the thread that sent it. */
static void swb_pop_transaction_locked(struct swb_thread *thread, struct swb_transaction *t)
{
	if (thread->transaction_stack == t)
		thread->transaction_stack = t->from_parent;
	t->from = NULL;
}

/*
 * The call @t will never be answered: its caller gets @error (BR_DEAD_REPLY
 * or BR_FAILED_REPLY). If the caller is gone too, the call it was serving
 * fails in turn, up the chain.
 */
void swb_send_failed_reply_locked(struct swb_transaction *t, u32 error)
{
	struct swb_transaction *next;
	struct swb_thread *caller;

	while (t) {
		caller = t->from;
		if (caller) {
			swb_pop_transaction_locked(caller, t);
			if (caller->reply_error.cmd == BR_OK) {
				trace_swbinder_failed_reply(t, caller, error);
				caller->reply_error.cmd = error;
				swb_enqueue_thread_work_locked(caller, &caller->reply_error.work);
				wake_up_interruptible(&caller->wait);
			}
			swb_transaction_free_locked(t);
			return;
		}
		next = t->from_parent;
		swb_transaction_free_locked(t);
		t = next;
	}
}

/* Drops a temporary reference taken by swb_find_target(). */
static void swb_target_put(struct swb_proc *sender, struct swb_target *target)
{
	bool free_proc = false;

	swb_lock(sender);
	if (target->node)
		swb_node_dec_tmpref_locked(target->node);
	if (target->thread)
		swb_thread_put_locked(target->thread);
	if (target->proc)
		free_proc = swb_proc_put_locked(target->proc);
	swb_unlock(sender);
	if (free_proc)
		swb_proc_free(target->proc);
}

/* A reply goes to the thread whose call is on top of our stack. */
static void swb_find_reply_target_locked(struct swb_thread *thread, struct swb_target *target,
					 struct swb_failure *f)
{
	struct swb_transaction *in_reply_to = thread->transaction_stack;

	if (!in_reply_to || in_reply_to->to_thread != thread) {
		swb_user_error(thread->proc, "%d: BC_REPLY with no call to answer\n", thread->pid);
		swb_fail(f, BR_FAILED_REPLY, -EPROTO);
		return;
	}
	thread->transaction_stack = in_reply_to->to_parent;
	target->in_reply_to = in_reply_to;
	target->restore_nice = in_reply_to->saved_priority;
	target->thread = in_reply_to->from;
	if (!target->thread) {
		swb_fail(f, BR_DEAD_REPLY, 0);
		return;
	}
	if (target->thread->transaction_stack != in_reply_to) {
		swb_user_error(thread->proc, "%d: reply target is not waiting for it\n", thread->pid);
		target->thread = NULL;
		swb_fail(f, BR_FAILED_REPLY, -EPROTO);
		return;
	}
	target->thread->tmp_ref++;
	target->proc = target->thread->proc;
	swb_proc_get_locked(target->proc);
}

/*
 * A sync call made while serving calls goes back to a thread of the target
 * proc that is waiting in our call chain, so A->B->A lands on A's caller.
 */
static int swb_find_nested_thread_locked(struct swb_thread *thread, struct swb_target *target)
{
	struct swb_transaction *t = thread->transaction_stack;

	if (t->to_thread != thread) {
		swb_user_error(thread->proc, "%d: new call while not serving the top of the stack\n",
			       thread->pid);
		return -EPROTO;
	}
	for (; t; t = t->from_parent) {
		if (t->from && t->from->proc == target->proc && !t->from->is_dead) {
			target->thread = t->from;
			target->thread->tmp_ref++;
			break;
		}
	}
	return 0;
}

static void swb_find_call_target_locked(struct swb_thread *thread,
					const struct binder_transaction_data *tr,
					struct swb_target *target, struct swb_failure *f)
{
	struct swb_proc *proc = thread->proc;
	struct swb_node *node;
	struct swb_ref *ref;

	if (tr->target.handle) {
		ref = swb_ref_lookup_locked(proc, tr->target.handle, true);
		if (!ref) {
			swb_user_error(proc, "%d: call to invalid handle %u\n", thread->pid,
				       tr->target.handle);
			swb_fail(f, BR_FAILED_REPLY, -EINVAL);
			return;
		}
		node = ref->node;
	} else {
		node = proc->device->context_mgr_node;
		if (!node) {
			swb_fail(f, BR_DEAD_REPLY, -EINVAL);
			return;
		}
		/* As upstream: not even from another open file of the same process. */
		if (node->proc && node->proc->pid == proc->pid) {
			swb_user_error(proc, "%d: call to the context manager from its own process\n",
				       thread->pid);
			swb_fail(f, BR_FAILED_REPLY, -EINVAL);
			return;
		}
	}
	if (!node->proc || node->proc->is_dead) {
		swb_fail(f, BR_DEAD_REPLY, -EINVAL);
		return;
	}
	if (node->proc == proc) {
		swb_user_error(proc, "%d: call to its own node\n", thread->pid);
		swb_fail(f, BR_FAILED_REPLY, -EINVAL);
		return;
	}
	node->tmp_refs++;
	target->node = node;
	target->proc = node->proc;
	swb_proc_get_locked(target->proc);

	if (tr->flags & TF_ONE_WAY)
		return;
	if (!list_empty(&thread->todo) &&
	    list_first_entry(&thread->todo, struct swb_work, entry)->type == SWB_WORK_TRANSACTION) {
		swb_user_error(proc, "%d: new call with a call to serve pending\n", thread->pid);
		swb_fail(f, BR_FAILED_REPLY, -EPROTO);
		return;
	}
	if (thread->transaction_stack && swb_find_nested_thread_locked(thread, target))
		swb_fail(f, BR_FAILED_REPLY, -EPROTO);
}

/* Copies the sender's data and offsets into the new buffer. */
static int swb_copy_payload(struct swb_alloc *alloc, struct swb_buffer *buffer,
			    const struct binder_transaction_data *tr)
{
	size_t offsets_start = ALIGN(tr->data_size, sizeof(u64));

	if (swb_alloc_copy_user_to_buffer(alloc, buffer, 0,
					  u64_to_user_ptr(tr->data.ptr.buffer), tr->data_size))
		return -EFAULT;
	if (swb_alloc_copy_user_to_buffer(alloc, buffer, offsets_start,
					  u64_to_user_ptr(tr->data.ptr.offsets), tr->offsets_size))
		return -EFAULT;
	return 0;
}

/*
 * The sender's security context goes last in the buffer, after the
 * scatter-gather area (@extra_size bytes); @user_ptr says where it is.
 */
static int swb_copy_secctx(struct swb_alloc *alloc, struct swb_buffer *buffer,
			   const struct binder_transaction_data *tr, binder_size_t extra_size,
			   struct swb_secctx *secctx, binder_uintptr_t *user_ptr)
{
	size_t at = ALIGN(tr->data_size, sizeof(u64)) + tr->offsets_size + extra_size;
	int ret;

	ret = swb_alloc_copy_to_buffer(alloc, buffer, at, secctx->data, secctx->size);
	swb_secctx_release(secctx);
	if (ret)
		return ret;
	*user_ptr = buffer->user_data + at;
	return 0;
}

/*
 * TF_UPDATE_TXN: a oneway call waiting for a frozen proc that @t makes
 * stale (same sender, target, code and flags), or NULL.
 */
static struct swb_transaction *swb_find_outdated_locked(struct swb_transaction *t,
							 struct list_head *queue)
{
	const u32 both = TF_ONE_WAY | TF_UPDATE_TXN;
	struct swb_transaction *old;
	struct swb_work *w;

	if ((t->flags & both) != both)
		return NULL;
	list_for_each_entry(w, queue, entry) {
		if (w->type != SWB_WORK_TRANSACTION)
			continue;
		old = container_of(w, struct swb_transaction, work);
		if (old->flags == t->flags && old->code == t->code && old->to_proc == t->to_proc &&
		    old->buffer && old->buffer->pid == t->buffer->pid &&
		    old->buffer->target_node == t->buffer->target_node)
			return old;
	}
	return NULL;
}

/*
 * Queues a call on the target: the chosen thread, else an idle looper,
 * else the proc; a oneway call behind one already being handled waits on
 * the node. Fails with BR_DEAD_REPLY if the target died meanwhile and
 * BR_FROZEN_REPLY for a sync call to a frozen proc; a oneway call to a
 * frozen proc is queued and answered BR_TRANSACTION_PENDING_FROZEN. A call
 * it replaced (TF_UPDATE_TXN) is left in *@outdated for the caller to free.
 */
static u32 swb_queue_call_locked(struct swb_transaction *t, struct swb_target *target,
				 struct swb_transaction **outdated)
{
	struct swb_node *node = target->node;
	struct swb_proc *proc = target->proc;
	struct swb_thread *thread = target->thread;
	bool oneway = t->flags & TF_ONE_WAY;
	bool frozen = proc->is_frozen;
	bool pending_async = false;

	if (frozen) {
		proc->sync_recv |= !oneway;
		proc->async_recv |= oneway;
	}
	if ((frozen && !oneway) || proc->is_dead || (thread && thread->is_dead))
		return frozen && !proc->is_dead ? BR_FROZEN_REPLY : BR_DEAD_REPLY;
	if (oneway) {
		if (node->has_async_transaction)
			pending_async = true;
		else
			node->has_async_transaction = true;
	}
	if (!thread && !pending_async)
		thread = swb_select_thread_locked(proc);
	if (thread) {
		swb_enqueue_thread_work_locked(thread, &t->work);
	} else if (!pending_async) {
		swb_enqueue_proc_work_locked(proc, &t->work);
	} else {
		*outdated = frozen ? swb_find_outdated_locked(t, &node->async_todo) : NULL;
		if (*outdated) {
			swb_dequeue_work_locked(&(*outdated)->work);
			swb_transaction_untarget_locked(*outdated);
			(*outdated)->buffer->transaction = NULL;
		}
		list_add_tail(&t->work.entry, &node->async_todo);
	}
	if (!pending_async)
		swb_wakeup_proc_locked(proc, thread, !oneway);
	proc->outstanding_txns++;
	return oneway && frozen ? BR_TRANSACTION_PENDING_FROZEN : BR_OK;
}

/* Frees a call TF_UPDATE_TXN replaced, and its buffer, unlocked. */
static void swb_free_outdated(struct swb_proc *proc, struct swb_transaction *outdated)
{
	struct swb_buffer *buffer = outdated->buffer;

	outdated->buffer = NULL;
	/* Never delivered: its fds were never installed, only their files held. */
	swb_release_buffer_objects(proc, buffer, SWB_ALL_OBJECTS, false);
	swb_alloc_free_buf(&proc->alloc, buffer);
	swb_fd_fixups_free(&outdated->fd_fixups);
	swb_transaction_kfree(outdated);
	swb_stat_deleted(SWB_STAT_TRANSACTION);
}

/* Delivers a reply to the thread waiting for it. */
static u32 swb_queue_reply_locked(struct swb_transaction *t, struct swb_target *target)
{
	struct swb_thread *caller = target->thread;

	if (caller->is_dead || target->proc->is_dead)
		return BR_DEAD_REPLY;
	swb_pop_transaction_locked(caller, target->in_reply_to);
	swb_transaction_free_locked(target->in_reply_to);
	target->in_reply_to = NULL;
	swb_enqueue_thread_work_locked(caller, &t->work);
	wake_up_interruptible_sync(&caller->wait);
	target->proc->outstanding_txns++;
	return BR_OK;
}

static void swb_report_failure(struct swb_thread *thread, struct swb_target *target,
			       struct swb_failure *f, int debug_id)
{
	struct swb_proc *proc = thread->proc;

	swb_lock(proc);
	thread->extended_error.id = debug_id;
	thread->extended_error.command = f->cmd;
	thread->extended_error.param = f->param;
	if (target->in_reply_to) {
		/* A failed reply: we are done; our caller gets the error. */
		thread->return_error.cmd = BR_TRANSACTION_COMPLETE;
		swb_enqueue_thread_work_locked(thread, &thread->return_error.work);
		swb_send_failed_reply_locked(target->in_reply_to, f->cmd);
		target->in_reply_to = NULL;
	} else {
		thread->return_error.cmd = f->cmd;
		swb_enqueue_thread_work_locked(thread, &thread->return_error.work);
	}
	swb_unlock(proc);
}

/*
 * Translates the objects: the scatter-gather area (@sg_size bytes) follows
 * the offsets, and fds go only where the target node (or, for a reply, the
 * call) takes them.
 */
static int swb_translate_buffer(struct swb_thread *thread, struct swb_target *target,
				struct swb_transaction *t, const struct binder_transaction_data *data,
				struct swb_buffer *buffer, binder_size_t sg_size, size_t *translated)
{
	struct swb_translation tr = {
		.thread = thread,
		.target = target->proc,
		.buffer = buffer,
		.fd_fixups = &t->fd_fixups,
		.user_data = u64_to_user_ptr(data->data.ptr.buffer),
		.sg_offset = ALIGN(buffer->data_size, sizeof(u64)) +
			     ALIGN(buffer->offsets_size, sizeof(u64)),
	};

	/* The security context after the sender's sg buffers is not theirs. */
	tr.sg_end = tr.sg_offset + sg_size;
	if (target->in_reply_to)
		tr.accept_fds = target->in_reply_to->flags & TF_ACCEPT_FDS;
	else
		tr.accept_fds = target->node->accept_fds;
	return swb_translate_objects(&tr, translated);
}

static int swb_transaction(struct swb_thread *thread, const struct binder_transaction_data *tr,
			   bool reply, binder_size_t extra_size)
{
	struct swb_proc *proc = thread->proc;
	struct swb_target target = {};
	struct swb_failure f = { BR_OK, 0 };
	struct swb_transaction *t = NULL, *outdated = NULL;
	struct swb_work *complete = NULL;
	struct swb_buffer *buffer = NULL;
	struct swb_secctx secctx = {};
	size_t secctx_space, translated = 0;
	int debug_id = swb_node_debug_id();
	/* For reports (netlink_report.c), sent once the lock is dropped. */
	bool resolved = false, spam = false, pending_frozen = false;

	swb_lock(proc);
	thread->extended_error.id = debug_id;
	thread->extended_error.command = BR_OK;
	thread->extended_error.param = 0;
	if (reply)
		swb_find_reply_target_locked(thread, &target, &f);
	else
		swb_find_call_target_locked(thread, tr, &target, &f);
	swb_unlock(proc);
	/* Replying: back to our own nice value, whatever becomes of the reply. */
	if (target.in_reply_to)
		swb_set_nice(target.restore_nice);
	if (f.cmd != BR_OK)
		goto fail;
	if (!reply && swb_lsm_transaction(proc->cred, target.proc->cred) < 0) {
		swb_fail(&f, BR_FAILED_REPLY, -EPERM);
		goto fail;
	}
	/* As upstream, reports name the target only from here on. */
	resolved = true;
	if (target.node && target.node->txn_security_ctx) {
		f.param = swb_secctx_get(proc->cred, &secctx);
		if (f.param) {
			f.cmd = BR_FAILED_REPLY;
			goto fail;
		}
	}

	t = swb_transaction_zalloc();
	complete = swb_complete_zalloc();
	if (t) {
		/* Before anything can fail: the failure path frees t's fixups. */
		INIT_LIST_HEAD(&t->work.entry);
		INIT_LIST_HEAD(&t->fd_fixups);
		swb_stat_created(SWB_STAT_TRANSACTION);
	}
	if (complete)
		swb_stat_created(SWB_STAT_TRANSACTION_COMPLETE);
	if (!t || !complete) {
		swb_fail(&f, BR_FAILED_REPLY, -ENOMEM);
		goto fail;
	}
	t->work.type = SWB_WORK_TRANSACTION;
	t->debug_id = debug_id;
	t->code = tr->code;
	t->flags = tr->flags;
	t->sender_euid = proc->cred->euid;
	t->priority = task_nice(current);
	t->to_proc = target.proc;
	t->to_thread = target.thread;
	t->need_reply = !reply && !(tr->flags & TF_ONE_WAY);
	swb_txn_debug_init(t, thread);
	if (tr->offsets_size % sizeof(binder_size_t) || extra_size % sizeof(u64)) {
		swb_user_error(proc, "%d: offsets or extra size not 8-byte aligned\n", thread->pid);
		swb_fail(&f, BR_FAILED_REPLY, -EINVAL);
		goto fail;
	}
	secctx_space = ALIGN(secctx.size, sizeof(u64));
	if (extra_size > SIZE_MAX - secctx_space) {
		swb_fail(&f, BR_FAILED_REPLY, -EINVAL);
		goto fail;
	}
	buffer = swb_alloc_new_buf(&target.proc->alloc, tr->data_size, tr->offsets_size,
				   extra_size + secctx_space, !reply && (tr->flags & TF_ONE_WAY),
				   proc->pid);
	if (IS_ERR(buffer)) {
		swb_fail(&f, PTR_ERR(buffer) == -ESRCH ? BR_DEAD_REPLY : BR_FAILED_REPLY,
			 PTR_ERR(buffer));
		buffer = NULL;
		goto fail;
	}
	trace_swbinder_buffer_alloc(debug_id, target.proc, buffer);
	swb_alloc_map_buffer(&target.proc->alloc, buffer);
	buffer->clear_on_free = !!(tr->flags & TF_CLEAR_BUF);
	if (swb_copy_payload(&target.proc->alloc, buffer, tr)) {
		swb_user_error(proc, "%d: transaction data not readable\n", thread->pid);
		swb_fail(&f, BR_FAILED_REPLY, -EFAULT);
		goto fail;
	}
	if (secctx.data) {
		f.param = swb_copy_secctx(&target.proc->alloc, buffer, tr, extra_size, &secctx,
					  &t->security_ctx);
		if (f.param) {
			f.cmd = BR_FAILED_REPLY;
			goto fail;
		}
	}
	if (target.node) {
		swb_lock(proc);
		swb_node_inc_locked(target.node, true, false, NULL);
		buffer->target_node = target.node;
		swb_unlock(proc);
	}
	f.param = swb_translate_buffer(thread, &target, t, tr, buffer, extra_size, &translated);
	if (f.param) {
		f.cmd = f.param == -ESRCH ? BR_DEAD_REPLY : BR_FAILED_REPLY;
		goto fail;
	}

	INIT_LIST_HEAD(&complete->entry);
	swb_lock(proc);
	complete->type = buffer->oneway_spam_suspect && proc->oneway_spam_detection ?
		SWB_WORK_ONEWAY_SPAM_SUSPECT : SWB_WORK_TRANSACTION_COMPLETE;
	t->buffer = buffer;
	buffer->transaction = t;
	spam = buffer->oneway_spam_suspect;
	trace_swbinder_transaction(thread, debug_id, reply, tr, extra_size, target.proc,
				   target.thread, target.node);
	if (reply) {
		f.cmd = swb_queue_reply_locked(t, &target);
	} else {
		if (t->need_reply) {
			t->from = thread;
			t->from_parent = thread->transaction_stack;
			thread->transaction_stack = t;
		}
		f.cmd = swb_queue_call_locked(t, &target, &outdated);
		if (f.cmd == BR_TRANSACTION_PENDING_FROZEN) {
			complete->type = SWB_WORK_TRANSACTION_PENDING_FROZEN;
			pending_frozen = true;
			f.cmd = BR_OK;
		}
		if (f.cmd != BR_OK && t->need_reply)
			swb_pop_transaction_locked(thread, t);
	}
	if (f.cmd != BR_OK) {
		t->buffer = NULL;
		buffer->transaction = NULL;
		swb_unlock(proc);
		goto fail;
	}
	/* The sender of a sync call hears "complete" together with the reply. */
	if (t->need_reply)
		swb_enqueue_deferred_thread_work_locked(thread, complete);
	else
		swb_enqueue_thread_work_locked(thread, complete);
	swb_unlock(proc);
	if (outdated)
		swb_free_outdated(target.proc, outdated);
	if (spam)
		swb_report_transaction(thread, tr, reply, target.proc, target.thread,
				       BR_ONEWAY_SPAM_SUSPECT);
	if (pending_frozen)
		swb_report_transaction(thread, tr, reply, target.proc, target.thread,
				       BR_TRANSACTION_PENDING_FROZEN);
	swb_txn_log_add(thread, tr, reply, debug_id, target.proc, target.thread, target.node, BR_OK, 0);
	swb_target_put(proc, &target);
	return 0;

fail:
	swb_secctx_release(&secctx);
	if (buffer) {
		swb_release_buffer_objects(target.proc, buffer, translated, false);
		swb_alloc_free_buf(&target.proc->alloc, buffer);
	}
	if (t) {
		swb_fd_fixups_free(&t->fd_fixups);
		swb_transaction_kfree(t);
		swb_stat_deleted(SWB_STAT_TRANSACTION);
	}
	if (complete) {
		swb_complete_kfree(complete);
		swb_stat_deleted(SWB_STAT_TRANSACTION_COMPLETE);
	}
	trace_swbinder_transaction_failed(thread, debug_id, reply, tr, target.proc, target.thread,
					  f.cmd, f.param);
	if (spam)
		swb_report_transaction(thread, tr, reply, target.proc, target.thread,
				       BR_ONEWAY_SPAM_SUSPECT);
	swb_report_transaction(thread, tr, reply, resolved ? target.proc : NULL,
			       resolved ? target.thread : NULL, f.cmd);
	swb_txn_log_add(thread, tr, reply, debug_id, target.proc, target.thread, target.node, f.cmd, f.param);
	swb_report_failure(thread, &target, &f, debug_id);
	swb_target_put(proc, &target);
	return 0;
}

int swb_bc_transaction(struct swb_thread *thread, const struct binder_transaction_data *arg)
{
	return swb_transaction(thread, arg, false, 0);
}

int swb_bc_reply(struct swb_thread *thread, const struct binder_transaction_data *arg)
{
	return swb_transaction(thread, arg, true, 0);
}

int swb_bc_transaction_sg(struct swb_thread *thread, const struct binder_transaction_data_sg *arg)
{
	return swb_transaction(thread, &arg->transaction_data, false, arg->buffers_size);
}

int swb_bc_reply_sg(struct swb_thread *thread, const struct binder_transaction_data_sg *arg)
{
	return swb_transaction(thread, &arg->transaction_data, true, arg->buffers_size);
}

/*
 * Drops the work on @list of a thread or proc that is going away. Sync
 * calls that will now never be served fail with BR_DEAD_REPLY; everything
 * else is just freed (buffers stay with their allocator until it goes).
 */
void swb_release_work_locked(struct swb_proc *proc, struct list_head *list)
{
	struct swb_transaction *t;
	struct swb_work *w;

	while (!list_empty(list)) {
		w = list_first_entry(list, struct swb_work, entry);
		swb_dequeue_work_locked(w);
		switch (w->type) {
		case SWB_WORK_TRANSACTION:
			t = container_of(w, struct swb_transaction, work);
			if (t->need_reply && t->buffer && t->buffer->target_node)
				swb_send_failed_reply_locked(t, BR_DEAD_REPLY);
			else
				swb_transaction_free_locked(t);
			break;
		case SWB_WORK_TRANSACTION_COMPLETE:
		case SWB_WORK_ONEWAY_SPAM_SUSPECT:
		case SWB_WORK_TRANSACTION_PENDING_FROZEN:
			swb_complete_kfree(w);
			swb_stat_deleted(SWB_STAT_TRANSACTION_COMPLETE);
			break;
		case SWB_WORK_DEAD_BINDER_AND_CLEAR:
		case SWB_WORK_CLEAR_DEATH_NOTIFICATION:
			/* Cleared notifications belong to their work item alone. */
			kfree(container_of(w, struct swb_ref_death, work));
			swb_stat_deleted(SWB_STAT_DEATH);
			break;
		case SWB_WORK_CLEAR_FREEZE_NOTIFICATION:
			/* Cleared: no ref points at it any more. */
			kfree(container_of(w, struct swb_ref_freeze, work));
			swb_stat_deleted(SWB_STAT_FREEZE);
			break;
		default:
			/* Errors and node work are embedded; deaths belong to their ref. */
			break;
		}
	}
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * BC_FREE_BUFFER: userspace is done with a buffer it received. Its objects'
 * references are dropped and the fds of its fd arrays closed, and if it
 * carried a oneway call, the next oneway call queued on the same node is
 * released to the proc.
 */
#include <linux/err.h>

#include "swbinder.h"
#include "swb_trace.h"
#include "alloc.h"
#include "node.h"
#include "transaction.h"
#include "translate.h"

/* The buffer's oneway call is done: let the node's next one through. */
static void swb_next_async_locked(struct swb_proc *proc, struct swb_node *node)
{
	struct swb_work *w;

	if (list_empty(&node->async_todo)) {
		node->has_async_transaction = false;
		return;
	}
	w = list_first_entry(&node->async_todo, struct swb_work, entry);
	swb_dequeue_work_locked(w);
	swb_enqueue_proc_work_locked(proc, w);
	swb_wakeup_proc_locked(proc, NULL, false);
}

/* Unhooks a buffer from its transaction and its node's oneway queue. */
void swb_buffer_retire_locked(struct swb_proc *proc, struct swb_buffer *buffer)
{
	struct swb_transaction *t = buffer->transaction;

	if (t) {
		t->buffer = NULL;
		buffer->transaction = NULL;
	}
	if (buffer->async_transaction && buffer->target_node && !proc->is_dead)
		swb_next_async_locked(proc, buffer->target_node);
}

/*
 * Frees the buffer at user address @ptr as BC_FREE_BUFFER does; a pointer
 * that names no freeable buffer changes nothing. Returns whether it freed.
 */
bool swb_free_user_buffer(struct swb_thread *thread, binder_uintptr_t ptr)
{
	struct swb_proc *proc = thread->proc;
	struct swb_buffer *buffer;

	buffer = swb_alloc_prepare_to_free(&proc->alloc, ptr);
	if (IS_ERR_OR_NULL(buffer))
		return false;
	trace_swbinder_buffer_release(proc, buffer);
	swb_lock(proc);
	swb_buffer_retire_locked(proc, buffer);
	swb_unlock(proc);
	if (swb_release_buffer_objects(proc, buffer, SWB_ALL_OBJECTS, true)) {
		/* Let the deferred closes run: return to userspace soon. */
		swb_lock(proc);
		thread->need_return = true;
		swb_unlock(proc);
	}
	swb_alloc_free_buf(&proc->alloc, buffer);
	return true;
}

int swb_bc_free_buffer(struct swb_thread *thread, binder_uintptr_t arg)
{
	if (!swb_free_user_buffer(thread, arg))
		swb_user_error(thread->proc, "%d: BC_FREE_BUFFER %llx: no freeable buffer there\n",
			       thread->pid, (u64)arg);
	return 0;
}

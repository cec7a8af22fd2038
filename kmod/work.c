// SPDX-License-Identifier: GPL-2.0-only
/*
 * Queueing work for threads and procs, and waking whoever should read it.
 * All of it runs under device->lock.
 */
#include <linux/wait.h>

#include "swbinder.h"

/* Work the thread must read now: it wakes the thread. */
void swb_enqueue_thread_work_locked(struct swb_thread *thread, struct swb_work *work)
{
	list_add_tail(&work->entry, &thread->todo);
	thread->process_todo = true;
}

/*
 * Work delivered with the thread's next wake-up but not a reason to wake
 * it: a sync call's BR_TRANSACTION_COMPLETE comes with the reply.
 */
void swb_enqueue_deferred_thread_work_locked(struct swb_thread *thread,
					     struct swb_work *work)
{
	list_add_tail(&work->entry, &thread->todo);
}

void swb_enqueue_proc_work_locked(struct swb_proc *proc, struct swb_work *work)
{
	list_add_tail(&work->entry, &proc->todo);
}

void swb_dequeue_work_locked(struct swb_work *work)
{
	list_del_init(&work->entry);
}

/*
 * Takes one idle looper of @proc off the waiting list, so that the next
 * piece of work picks another (and BR_SPAWN_LOOPER sees how many are
 * idle); NULL if none waits.
 */
struct swb_thread *swb_select_thread_locked(struct swb_proc *proc)
{
	struct swb_thread *thread;

	thread = list_first_entry_or_null(&proc->waiting_threads, struct swb_thread,
					  waiting_entry);
	if (thread)
		list_del_init(&thread->waiting_entry);
	return thread;
}

/*
 * Wakes @thread, or if NULL one idle looper of @proc (it takes proc work),
 * else pollers, who may serve it too. @sync (a caller about to sleep for
 * the reply) hands the CPU over directly, to a poller as to a looper.
 */
void swb_wakeup_proc_locked(struct swb_proc *proc, struct swb_thread *thread, bool sync)
{
	if (!thread)
		thread = swb_select_thread_locked(proc);
	if (thread) {
		if (sync)
			wake_up_interruptible_sync(&thread->wait);
		else
			wake_up_interruptible(&thread->wait);
		return;
	}
	/*
	 * Most procs have no poller: skip the wait queue's lock. Safe without
	 * a barrier: swb_poll() joins the queue before it takes device->lock
	 * to look for work, and we hold that lock with the work queued.
	 */
	if (!waitqueue_active(&proc->poll_wait))
		return;
	if (sync)
		wake_up_interruptible_sync(&proc->poll_wait);
	else
		wake_up_interruptible(&proc->poll_wait);
}

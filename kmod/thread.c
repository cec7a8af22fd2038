// SPDX-License-Identifier: GPL-2.0-only
/*
 * Threads: each task that calls into a proc gets a swb_thread, found by its
 * pid in the proc's rb tree and created on first use, as upstream does.
 */
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "swbinder.h"
#include "transaction.h"
#include "stats.h"
#include "fault_inject.h"

static struct swb_thread *swb_thread_find_locked(struct swb_proc *proc, pid_t pid)
{
	struct rb_node *n = proc->threads.rb_node;
	struct swb_thread *thread;

	while (n) {
		thread = rb_entry(n, struct swb_thread, node);
		if (pid < thread->pid)
			n = n->rb_left;
		else if (pid > thread->pid)
			n = n->rb_right;
		else
			return thread;
	}
	return NULL;
}

static void swb_thread_insert_locked(struct swb_proc *proc, struct swb_thread *new)
{
	struct rb_node **p = &proc->threads.rb_node, *parent = NULL;
	struct swb_thread *thread;

	while (*p) {
		parent = *p;
		thread = rb_entry(parent, struct swb_thread, node);
		p = new->pid < thread->pid ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&new->node, parent, p);
	rb_insert_color(&new->node, &proc->threads);
}

static struct swb_thread *swb_thread_alloc(struct swb_proc *proc)
{
	struct swb_thread *thread = swb_kzalloc(sizeof(*thread), GFP_KERNEL);

	if (!thread)
		return NULL;
	thread->proc = proc;
	thread->pid = current->pid;
	/* A new thread's first read returns at once, as upstream. */
	thread->need_return = true;
	thread->extended_error.command = BR_OK;
	INIT_LIST_HEAD(&thread->todo);
	INIT_LIST_HEAD(&thread->waiting_entry);
	INIT_LIST_HEAD(&thread->return_error.work.entry);
	thread->return_error.work.type = SWB_WORK_RETURN_ERROR;
	thread->return_error.cmd = BR_OK;
	INIT_LIST_HEAD(&thread->reply_error.work.entry);
	thread->reply_error.work.type = SWB_WORK_RETURN_ERROR;
	thread->reply_error.cmd = BR_OK;
	init_waitqueue_head(&thread->wait);
	return thread;
}

/* The calling task's thread, created if needed; NULL if out of memory. */
struct swb_thread *swb_thread_get(struct swb_proc *proc)
{
	struct swb_thread *thread, *new;

	swb_lock(proc);
	thread = swb_thread_find_locked(proc, current->pid);
	swb_unlock(proc);
	if (thread)
		return thread;

	new = swb_thread_alloc(proc);
	if (!new)
		return NULL;
	swb_lock(proc);
	/* Only this task creates its own thread, but stay safe against reuse. */
	thread = swb_thread_find_locked(proc, current->pid);
	if (!thread) {
		swb_thread_insert_locked(proc, new);
		swb_stat_created(SWB_STAT_THREAD);
		thread = new;
		new = NULL;
	}
	swb_unlock(proc);
	kfree(new);
	return thread;
}

void swb_thread_put_locked(struct swb_thread *thread)
{
	if (--thread->tmp_ref == 0 && thread->is_dead) {
		kfree(thread);
		swb_stat_deleted(SWB_STAT_THREAD);
	}
}

/*
 * Unhooks the thread from every transaction on its stack: calls it was
 * serving lose their server (the innermost one's caller gets
 * BR_DEAD_REPLY), calls it was making lose their caller.
 */
static void swb_thread_unhook_stack_locked(struct swb_thread *thread)
{
	struct swb_transaction *t = thread->transaction_stack;
	struct swb_transaction *serving = t && t->to_thread == thread ? t : NULL;

	while (t) {
		if (t->to_thread == thread) {
			swb_transaction_untarget_locked(t);
			t->to_thread = NULL;
			if (t->buffer) {
				t->buffer->transaction = NULL;
				t->buffer = NULL;
			}
			t = t->to_parent;
		} else if (t->from == thread) {
			t->from = NULL;
			t = t->from_parent;
		} else {
			break;
		}
	}
	thread->transaction_stack = NULL;
	if (serving)
		swb_send_failed_reply_locked(serving, BR_DEAD_REPLY);
}

void swb_thread_release(struct swb_proc *proc, struct swb_thread *thread)
{
	swb_lock(proc);
	thread->is_dead = true;
	rb_erase(&thread->node, &proc->threads);
	swb_thread_unhook_stack_locked(thread);
	swb_release_work_locked(proc, &thread->todo);
	list_del_init(&thread->waiting_entry);
	thread->tmp_ref++;
	swb_thread_put_locked(thread);
	swb_unlock(proc);
}

void swb_threads_release_all(struct swb_proc *proc)
{
	struct rb_node *n;

	while ((n = rb_first(&proc->threads)) != NULL)
		swb_thread_release(proc, rb_entry(n, struct swb_thread, node));
}

void swb_threads_wake_all(struct swb_proc *proc)
{
	struct swb_thread *thread;
	struct rb_node *n;

	swb_lock(proc);
	for (n = rb_first(&proc->threads); n; n = rb_next(n)) {
		thread = rb_entry(n, struct swb_thread, node);
		thread->need_return = true;
		wake_up_interruptible(&thread->wait);
	}
	swb_unlock(proc);
	wake_up_interruptible(&proc->poll_wait);
}

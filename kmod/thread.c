// SPDX-License-Identifier: GPL-2.0-only
/*
 * Threads: each task that calls into a proc gets a swb_thread, found by its
 * pid in the proc's rb tree and created on first use, as upstream does.
 */
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "swbinder.h"

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
	struct swb_thread *thread = kzalloc(sizeof(*thread), GFP_KERNEL);

	if (!thread)
		return NULL;
	thread->proc = proc;
	thread->pid = current->pid;
	/* A new thread's first read returns at once, as upstream. */
	thread->need_return = true;
	thread->extended_error.command = BR_OK;
	init_waitqueue_head(&thread->wait);
	return thread;
}

/* The calling task's thread, created if needed; NULL if out of memory. */
struct swb_thread *swb_thread_get(struct swb_proc *proc)
{
	struct swb_thread *thread, *new;

	spin_lock(&proc->lock);
	thread = swb_thread_find_locked(proc, current->pid);
	spin_unlock(&proc->lock);
	if (thread)
		return thread;

	new = swb_thread_alloc(proc);
	if (!new)
		return NULL;
	spin_lock(&proc->lock);
	/* Only this task creates its own thread, but stay safe against reuse. */
	thread = swb_thread_find_locked(proc, current->pid);
	if (!thread) {
		swb_thread_insert_locked(proc, new);
		thread = new;
		new = NULL;
	}
	spin_unlock(&proc->lock);
	kfree(new);
	return thread;
}

void swb_thread_release(struct swb_proc *proc, struct swb_thread *thread)
{
	spin_lock(&proc->lock);
	rb_erase(&thread->node, &proc->threads);
	spin_unlock(&proc->lock);
	kfree(thread);
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

	spin_lock(&proc->lock);
	for (n = rb_first(&proc->threads); n; n = rb_next(n)) {
		thread = rb_entry(n, struct swb_thread, node);
		thread->need_return = true;
		wake_up_interruptible(&thread->wait);
	}
	spin_unlock(&proc->lock);
	wake_up_interruptible(&proc->poll_wait);
}

/* Work for this thread: for now only a pending return to userspace. */
bool swb_thread_has_work_locked(struct swb_thread *thread)
{
	return thread->need_return;
}

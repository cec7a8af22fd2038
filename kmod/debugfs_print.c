// SPDX-License-Identifier: GPL-2.0-only
/*
 * The text of one proc in debugfs state, transactions, proc/<pid> and
 * stats, line for line in upstream binder's layout (6.12), so tools that
 * parse binder debugfs read ours. Printing only calls seq_printf(), which
 * never sleeps, so it may run under the device spinlock; the buffers are
 * printed under alloc->mutex, then the device lock, in lock order.
 */
#include <linux/ktime.h>
#include <linux/seq_file.h>

#include "swbinder.h"
#include "node.h"
#include "transaction.h"
#include "stats.h"

static void swb_print_transaction_locked(struct seq_file *m, struct swb_proc *proc,
					 const char *prefix, struct swb_transaction *t)
{
	struct swb_buffer *buffer = t->buffer;

	seq_printf(m, "%s %d: %pK from %d:%d to %d:%d code %x flags %x pri %ld r%d elapsed %lldms",
		   prefix, t->debug_id, t, t->from_pid, t->from_tid,
		   t->to_proc ? t->to_proc->pid : 0, t->to_thread ? t->to_thread->pid : 0,
		   t->code, t->flags, t->priority, t->need_reply,
		   ktime_ms_delta(ktime_get(), t->start_time));
	/* The buffer belongs to the target: shown only with the target proc. */
	if (proc != t->to_proc) {
		seq_puts(m, "\n");
		return;
	}
	if (!buffer) {
		seq_puts(m, " buffer free\n");
		return;
	}
	if (buffer->target_node)
		seq_printf(m, " node %d", ((struct swb_node *)buffer->target_node)->debug_id);
	seq_printf(m, " size %zd:%zd offset %lx\n", buffer->data_size, buffer->offsets_size,
		   buffer->user_data - proc->alloc.buffer);
}

static void swb_print_work_locked(struct seq_file *m, struct swb_proc *proc, const char *prefix,
				  const char *transaction_prefix, struct swb_work *w)
{
	struct swb_node *node;

	switch (w->type) {
	case SWB_WORK_TRANSACTION:
		swb_print_transaction_locked(m, proc, transaction_prefix,
					     container_of(w, struct swb_transaction, work));
		break;
	case SWB_WORK_RETURN_ERROR:
		seq_printf(m, "%stransaction error: %u\n", prefix,
			   container_of(w, struct swb_error_work, work)->cmd);
		break;
	case SWB_WORK_TRANSACTION_COMPLETE:
	case SWB_WORK_ONEWAY_SPAM_SUSPECT:
		seq_printf(m, "%stransaction complete\n", prefix);
		break;
	case SWB_WORK_NODE:
		node = container_of(w, struct swb_node, work);
		seq_printf(m, "%snode work %d: u%016llx c%016llx\n", prefix, node->debug_id,
			   (u64)node->ptr, (u64)node->cookie);
		break;
	case SWB_WORK_DEAD_BINDER:
		seq_printf(m, "%shas dead binder\n", prefix);
		break;
	case SWB_WORK_DEAD_BINDER_AND_CLEAR:
		seq_printf(m, "%shas cleared dead binder\n", prefix);
		break;
	case SWB_WORK_CLEAR_DEATH_NOTIFICATION:
		seq_printf(m, "%shas cleared death notification\n", prefix);
		break;
	default:
		seq_printf(m, "%sunknown work: type %d\n", prefix, w->type);
		break;
	}
}

/* A thread, then its transaction stack and todo; with !all only if busy. */
static void swb_print_thread_locked(struct seq_file *m, struct swb_thread *thread, bool all)
{
	struct swb_proc *proc = thread->proc;
	struct swb_transaction *t;
	size_t start = m->count, header_end;
	struct swb_work *w;

	seq_printf(m, "  thread %d: l %02x need_return %d tr %d\n", thread->pid, thread->looper,
		   thread->need_return, thread->tmp_ref);
	header_end = m->count;
	for (t = thread->transaction_stack; t;) {
		if (t->from == thread) {
			swb_print_transaction_locked(m, proc, "    outgoing transaction", t);
			t = t->from_parent;
		} else if (t->to_thread == thread) {
			swb_print_transaction_locked(m, proc, "    incoming transaction", t);
			t = t->to_parent;
		} else {
			swb_print_transaction_locked(m, proc, "    bad transaction", t);
			t = NULL;
		}
	}
	list_for_each_entry(w, &thread->todo, entry)
		swb_print_work_locked(m, proc, "    ", "    pending transaction", w);
	if (!all && m->count == header_end && !seq_has_overflowed(m))
		m->count = start;
}

static void swb_print_node_locked(struct seq_file *m, struct swb_node *node)
{
	struct swb_ref *ref;
	struct swb_work *w;
	int count = 0;

	hlist_for_each_entry(ref, &node->refs, node_entry)
		count++;
	seq_printf(m, "  node %d: u%016llx c%016llx hs %d hw %d ls %d lw %d is %d iw %d tr %d",
		   node->debug_id, (u64)node->ptr, (u64)node->cookie, node->has_strong_ref,
		   node->has_weak_ref, node->local_strong_refs, node->local_weak_refs,
		   node->internal_strong_refs, count, node->tmp_refs);
	if (count) {
		seq_puts(m, " proc");
		hlist_for_each_entry(ref, &node->refs, node_entry)
			seq_printf(m, " %d", ref->proc->pid);
	}
	seq_puts(m, "\n");
	if (node->proc)
		list_for_each_entry(w, &node->async_todo, entry)
			swb_print_work_locked(m, node->proc, "    ", "    pending async transaction", w);
}

static void swb_print_ref_locked(struct seq_file *m, struct swb_ref *ref)
{
	seq_printf(m, "  ref %d: desc %d %snode %d s %d w %d d %pK\n", ref->debug_id, ref->desc,
		   ref->node->proc ? "" : "dead ", ref->node->debug_id, ref->strong, ref->weak,
		   ref->death);
}

/* Threads, nodes and (with @all) refs: everything under the device lock. */
static void swb_print_proc_objects(struct seq_file *m, struct swb_proc *proc, bool all)
{
	struct rb_node *n;
	struct swb_node *node;

	swb_lock(proc);
	for (n = rb_first(&proc->threads); n; n = rb_next(n))
		swb_print_thread_locked(m, rb_entry(n, struct swb_thread, node), all);
	for (n = rb_first(&proc->nodes); n; n = rb_next(n)) {
		node = rb_entry(n, struct swb_node, rb_node);
		if (all || node->has_async_transaction)
			swb_print_node_locked(m, node);
	}
	for (n = rb_first(&proc->refs_by_desc); all && n; n = rb_next(n))
		swb_print_ref_locked(m, rb_entry(n, struct swb_ref, rb_desc));
	swb_unlock(proc);
}

/*
 * Allocated buffers; "active" while a transaction still owns one. The
 * transaction pointer is the device lock's, taken inside alloc->mutex.
 */
static void swb_print_buffers(struct seq_file *m, struct swb_proc *proc)
{
	struct swb_alloc *alloc = &proc->alloc;
	struct swb_buffer *buffer;
	struct rb_node *n;

	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	swb_lock(proc);
	for (n = rb_first(&alloc->allocated_buffers); n; n = rb_next(n)) {
		buffer = rb_entry(n, struct swb_buffer, rb_node);
		seq_printf(m, "  buffer %d: %lx size %zd:%zd:%zd %s\n", buffer->debug_id,
			   buffer->user_data - alloc->buffer, buffer->data_size,
			   buffer->offsets_size, buffer->extra_buffers_size,
			   buffer->transaction ? "active" : "delivered");
	}
	swb_unlock(proc);
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
}

static void swb_print_proc_work(struct seq_file *m, struct swb_proc *proc)
{
	struct swb_work *w;

	swb_lock(proc);
	list_for_each_entry(w, &proc->todo, entry)
		swb_print_work_locked(m, proc, "  ", "  pending transaction", w);
	if (!list_empty(&proc->delivered_death))
		seq_puts(m, "  has delivered dead binder\n");
	swb_unlock(proc);
}

/* One proc block; with !all (debugfs transactions) only what is in flight. */
void swb_print_proc(struct seq_file *m, struct swb_proc *proc, bool all)
{
	size_t start = m->count, header_end;

	seq_printf(m, "proc %d\n", proc->pid);
	seq_printf(m, "context %s\n", proc->device->name);
	header_end = m->count;
	swb_print_proc_objects(m, proc, all);
	swb_print_buffers(m, proc);
	swb_print_proc_work(m, proc);
	if (!all && m->count == header_end && !seq_has_overflowed(m))
		m->count = start;
}

/*
 * Nodes whose owner died but that refs of @proc still name. Each such node
 * is printed once in all: by the proc holding the first ref in its list.
 * The "dead nodes:" header comes before the first one, if any (*@header).
 */
void swb_print_dead_nodes(struct seq_file *m, struct swb_proc *proc, bool *header)
{
	struct swb_ref *ref;
	struct rb_node *n;

	swb_lock(proc);
	for (n = rb_first(&proc->refs_by_desc); n; n = rb_next(n)) {
		ref = rb_entry(n, struct swb_ref, rb_desc);
		if (ref->node->proc || ref->node->refs.first != &ref->node_entry)
			continue;
		if (!*header)
			seq_puts(m, "dead nodes:\n");
		*header = true;
		swb_print_node_locked(m, ref->node);
	}
	swb_unlock(proc);
}

/* The per-proc part of debugfs stats. */
void swb_print_proc_stats(struct seq_file *m, struct swb_proc *proc)
{
	struct swb_alloc_stats alloc;
	int threads = 0, ready = 0, nodes = 0, refs = 0, strong = 0, weak = 0, pending = 0;
	struct swb_thread *thread;
	struct swb_ref *ref;
	struct swb_work *w;
	struct rb_node *n;
	size_t pages;

	swb_alloc_get_stats(&proc->alloc, &alloc);
	pages = alloc.buffer_size >> PAGE_SHIFT;

	seq_printf(m, "proc %d\n", proc->pid);
	seq_printf(m, "context %s\n", proc->device->name);
	swb_lock(proc);
	for (n = rb_first(&proc->threads); n; n = rb_next(n))
		threads++;
	list_for_each_entry(thread, &proc->waiting_threads, waiting_entry)
		ready++;
	for (n = rb_first(&proc->nodes); n; n = rb_next(n))
		nodes++;
	for (n = rb_first(&proc->refs_by_desc); n; n = rb_next(n)) {
		ref = rb_entry(n, struct swb_ref, rb_desc);
		refs++;
		strong += ref->strong;
		weak += ref->weak;
	}
	list_for_each_entry(w, &proc->todo, entry)
		pending += w->type == SWB_WORK_TRANSACTION;
	seq_printf(m, "  threads: %d\n", threads);
	seq_printf(m, "  requested threads: %d+%d/%d\n", proc->requested_threads,
		   proc->requested_threads_started, proc->max_threads);
	seq_printf(m, "  ready threads %d\n", ready);
	swb_unlock(proc);
	seq_printf(m, "  free async space %zd\n", alloc.free_async_space);
	seq_printf(m, "  nodes: %d\n", nodes);
	seq_printf(m, "  refs: %d s %d w %d\n", refs, strong, weak);
	seq_printf(m, "  buffers: %d\n", alloc.buffers_allocated);
	seq_printf(m, "  pages: %d:%d:%d\n", alloc.pages_active, alloc.pages_lru,
		   (int)(pages - alloc.pages_active - alloc.pages_lru));
	seq_printf(m, "  pages high watermark: %u\n", alloc.pages_high);
	seq_printf(m, "  pending transactions: %d\n", pending);
}

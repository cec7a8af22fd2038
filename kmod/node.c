// SPDX-License-Identifier: GPL-2.0-only
/*
 * Nodes: their creation, their reference counts, and the BR_INCREFS,
 * BR_ACQUIRE, BR_RELEASE and BR_DECREFS that keep the owner's own counts in
 * step. All functions named *_locked run under device->lock.
 */
#include <linux/atomic.h>
#include <linux/slab.h>

#include "swbinder.h"
#include "node.h"
#include "stats.h"
#include "fault_inject.h"

static atomic_t swb_next_debug_id = ATOMIC_INIT(1);

int swb_node_debug_id(void)
{
	return atomic_inc_return(&swb_next_debug_id);
}

struct swb_node *swb_node_lookup_locked(struct swb_proc *proc, binder_uintptr_t ptr)
{
	struct rb_node *n = proc->nodes.rb_node;
	struct swb_node *node;

	while (n) {
		node = rb_entry(n, struct swb_node, rb_node);
		if (ptr < node->ptr)
			n = n->rb_left;
		else if (ptr > node->ptr)
			n = n->rb_right;
		else
			return node;
	}
	return NULL;
}

/* Allocated outside the lock, then inserted (or dropped) under it. */
struct swb_node *swb_node_new(void)
{
	return swb_kzalloc(sizeof(struct swb_node), GFP_KERNEL);
}

/* Frees a node, or an unused spare (never inserted: debug_id 0). */
void swb_node_free(struct swb_node *node)
{
	if (node && node->debug_id)
		swb_stat_deleted(SWB_STAT_NODE);
	kfree(node);
}

/*
 * Inserts @new for (@ptr, @cookie) in @proc, or returns the node that is
 * already there (the caller then frees @new).
 */
struct swb_node *swb_node_insert_locked(struct swb_proc *proc, struct swb_node *new,
					binder_uintptr_t ptr, binder_uintptr_t cookie,
					u32 flags)
{
	struct rb_node **p = &proc->nodes.rb_node, *parent = NULL;
	struct swb_node *node;

	while (*p) {
		parent = *p;
		node = rb_entry(parent, struct swb_node, rb_node);
		if (ptr < node->ptr)
			p = &parent->rb_left;
		else if (ptr > node->ptr)
			p = &parent->rb_right;
		else
			return node;
	}
	new->proc = proc;
	new->ptr = ptr;
	new->cookie = cookie;
	new->work.type = SWB_WORK_NODE;
	new->min_priority = flags & FLAT_BINDER_FLAG_PRIORITY_MASK;
	new->accept_fds = !!(flags & FLAT_BINDER_FLAG_ACCEPTS_FDS);
	new->txn_security_ctx = !!(flags & FLAT_BINDER_FLAG_TXN_SECURITY_CTX);
	new->debug_id = swb_node_debug_id();
	INIT_LIST_HEAD(&new->work.entry);
	INIT_LIST_HEAD(&new->async_todo);
	INIT_HLIST_HEAD(&new->refs);
	rb_link_node(&new->rb_node, parent, p);
	rb_insert_color(&new->rb_node, &proc->nodes);
	swb_stat_created(SWB_STAT_NODE);
	return new;
}

/*
 * Local counts stand for the owner's side of the node: its buffers, objects
 * naming the node in them, BR_ACQUIRE it has not acknowledged. When the
 * owner dies, swb_node_release_locked() forgets them all at once (nothing
 * of the owner is left to give them back), so an ownerless node counts no
 * local references. A holder that gives one back later, such as a call to
 * the node that was still being built when the owner died, must not take
 * the count below zero: a node with a nonzero count is never freed, and
 * would outlive everything that could still reach it.
 */
static bool swb_node_counts_local(struct swb_node *node)
{
	return node->proc;
}

/*
 * Takes a reference. When the owner must be told (its first strong or weak
 * reference), the node work is queued, deferred, to @deferred_to: the
 * thread sending the transaction that carries the node, so the owner reads
 * BR_INCREFS/BR_ACQUIRE before it can act on anything else. Without a
 * thread to tell, a first reference cannot be taken: -EINVAL.
 */
int swb_node_inc_locked(struct swb_node *node, bool strong, bool internal,
			struct swb_thread *deferred_to)
{
	if (strong) {
		if (internal) {
			bool context_mgr = node->proc &&
				node == node->proc->device->context_mgr_node &&
				node->has_strong_ref;

			if (!deferred_to && !node->internal_strong_refs && !context_mgr)
				return -EINVAL;
			node->internal_strong_refs++;
		} else if (swb_node_counts_local(node)) {
			node->local_strong_refs++;
		}
		if (!node->has_strong_ref && deferred_to) {
			swb_dequeue_work_locked(&node->work);
			swb_enqueue_deferred_thread_work_locked(deferred_to, &node->work);
		}
		return 0;
	}
	if (!internal && swb_node_counts_local(node))
		node->local_weak_refs++;
	if (!node->has_weak_ref && list_empty(&node->work.entry)) {
		if (!deferred_to)
			return -EINVAL;
		swb_enqueue_deferred_thread_work_locked(deferred_to, &node->work);
	}
	return 0;
}

static bool swb_node_unused_locked(struct swb_node *node)
{
	return hlist_empty(&node->refs) && !node->local_strong_refs &&
	       !node->local_weak_refs && !node->tmp_refs &&
	       !node->internal_strong_refs;
}

/*
 * Drops a reference. When the last strong or weak reference goes and the
 * owner holds one, the owner is told (node work on its todo). Returns true
 * when nothing references the node any more: it has been unlinked and the
 * caller must free it.
 */
bool swb_node_dec_locked(struct swb_node *node, bool strong, bool internal)
{
	struct swb_proc *proc = node->proc;

	if (strong) {
		if (internal)
			node->internal_strong_refs--;
		else if (swb_node_counts_local(node))
			node->local_strong_refs--;
		if (node->local_strong_refs || node->internal_strong_refs)
			return false;
	} else {
		if (!internal && swb_node_counts_local(node))
			node->local_weak_refs--;
		if (node->local_weak_refs || node->tmp_refs || !hlist_empty(&node->refs))
			return false;
	}
	if (proc && (node->has_strong_ref || node->has_weak_ref)) {
		if (list_empty(&node->work.entry)) {
			swb_enqueue_proc_work_locked(proc, &node->work);
			swb_wakeup_proc_locked(proc, NULL, false);
		}
		return false;
	}
	if (!swb_node_unused_locked(node))
		return false;
	if (proc) {
		swb_dequeue_work_locked(&node->work);
		rb_erase(&node->rb_node, &proc->nodes);
	}
	return true;
}

/* Drops a tmp ref; frees the node if that was all that kept it. */
void swb_node_dec_tmpref_locked(struct swb_node *node)
{
	node->tmp_refs--;
	/* A weak internal "decrement" changes no count, it only checks. */
	if (swb_node_dec_locked(node, false, true))
		swb_node_free(node);
}

/*
 * Reading node work: decides which of BR_INCREFS, BR_ACQUIRE, BR_RELEASE,
 * BR_DECREFS the owner gets (in that order, into @cmds) and updates what
 * the owner is known to hold. Sets *@free_node when the node is unused: it
 * has been unlinked and the caller frees it after copying ptr and cookie.
 */
int swb_node_work_returns(struct swb_node *node, u32 *cmds, bool *free_node)
{
	bool strong = node->internal_strong_refs || node->local_strong_refs;
	bool weak = !hlist_empty(&node->refs) || node->local_weak_refs ||
		    node->tmp_refs || strong;
	int n = 0;

	if (weak && !node->has_weak_ref) {
		cmds[n++] = BR_INCREFS;
		node->has_weak_ref = true;
		node->pending_weak_ref = true;
		node->local_weak_refs++;
	}
	if (strong && !node->has_strong_ref) {
		cmds[n++] = BR_ACQUIRE;
		node->has_strong_ref = true;
		node->pending_strong_ref = true;
		node->local_strong_refs++;
	}
	if (!strong && node->has_strong_ref) {
		cmds[n++] = BR_RELEASE;
		node->has_strong_ref = false;
	}
	if (!weak && node->has_weak_ref) {
		cmds[n++] = BR_DECREFS;
		node->has_weak_ref = false;
	}
	*free_node = !weak && !strong;
	if (*free_node)
		rb_erase(&node->rb_node, &node->proc->nodes);
	return n;
}

/*
 * The owner is going away: the node dies. Holders with a death notification
 * get BR_DEAD_BINDER. Returns true if nothing references it: the caller
 * frees it. Otherwise it lives on, ownerless, until its last ref goes.
 */
bool swb_node_release_locked(struct swb_node *node)
{
	struct swb_ref *ref;

	swb_dequeue_work_locked(&node->work);
	rb_erase(&node->rb_node, &node->proc->nodes);
	node->proc = NULL;
	node->local_strong_refs = 0;
	node->local_weak_refs = 0;
	node->has_strong_ref = false;
	node->has_weak_ref = false;
	if (hlist_empty(&node->refs) && !node->tmp_refs)
		return true;
	hlist_for_each_entry(ref, &node->refs, node_entry) {
		if (!ref->death || !list_empty(&ref->death->work.entry) || ref->proc->is_dead)
			continue;
		ref->death->work.type = SWB_WORK_DEAD_BINDER;
		swb_enqueue_proc_work_locked(ref->proc, &ref->death->work);
		swb_wakeup_proc_locked(ref->proc, NULL, false);
	}
	return false;
}

/* BC_INCREFS_DONE / BC_ACQUIRE_DONE: the owner took what it was told to. */
static int swb_node_done(struct swb_thread *thread, const struct binder_ptr_cookie *arg,
			 bool strong)
{
	struct swb_proc *proc = thread->proc;
	struct swb_node *node;
	bool free_node = false;

	swb_lock(proc);
	node = swb_node_lookup_locked(proc, arg->ptr);
	if (!node || node->cookie != arg->cookie) {
		swb_user_error(proc, "%s for unknown node %llx\n",
			       strong ? "BC_ACQUIRE_DONE" : "BC_INCREFS_DONE", (u64)arg->ptr);
	} else if (strong ? !node->pending_strong_ref : !node->pending_weak_ref) {
		swb_user_error(proc, "%s with nothing pending on node %d\n",
			       strong ? "BC_ACQUIRE_DONE" : "BC_INCREFS_DONE", node->debug_id);
	} else {
		if (strong)
			node->pending_strong_ref = false;
		else
			node->pending_weak_ref = false;
		free_node = swb_node_dec_locked(node, strong, false);
	}
	swb_unlock(proc);
	if (free_node)
		swb_node_free(node);
	return 0;
}

int swb_bc_increfs_done(struct swb_thread *thread, const struct binder_ptr_cookie *arg)
{
	return swb_node_done(thread, arg, false);
}

int swb_bc_acquire_done(struct swb_thread *thread, const struct binder_ptr_cookie *arg)
{
	return swb_node_done(thread, arg, true);
}

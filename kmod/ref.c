// SPDX-License-Identifier: GPL-2.0-only
/*
 * Refs: a proc's handles on nodes, found by handle or by node, and the
 * BC_INCREFS/BC_ACQUIRE/BC_RELEASE/BC_DECREFS commands on them.
 * Handles are the smallest free number from 1; 0 names the context manager.
 */
#include <linux/slab.h>

#include "swbinder.h"
#include "swb_trace.h"
#include "node.h"
#include "stats.h"
#include "fault_inject.h"

struct swb_ref *swb_ref_lookup_locked(struct swb_proc *proc, u32 desc, bool need_strong)
{
	struct rb_node *n = proc->refs_by_desc.rb_node;
	struct swb_ref *ref;

	while (n) {
		ref = rb_entry(n, struct swb_ref, rb_desc);
		if (desc < ref->desc) {
			n = n->rb_left;
		} else if (desc > ref->desc) {
			n = n->rb_right;
		} else {
			if (need_strong && !ref->strong) {
				swb_user_error(proc, "handle %u is weak, used as strong\n", desc);
				return NULL;
			}
			return ref;
		}
	}
	return NULL;
}

static struct swb_ref *swb_ref_by_node_locked(struct swb_proc *proc, struct swb_node *node)
{
	struct rb_node *n = proc->refs_by_node.rb_node;
	struct swb_ref *ref;

	while (n) {
		ref = rb_entry(n, struct swb_ref, rb_node);
		if (node < ref->node)
			n = n->rb_left;
		else if (node > ref->node)
			n = n->rb_right;
		else
			return ref;
	}
	return NULL;
}

/* The smallest handle not in use, from 1 (0 only for the context manager). */
static u32 swb_ref_free_desc_locked(struct swb_proc *proc, struct swb_node *node)
{
	struct swb_ref *ref;
	struct rb_node *n;
	u32 desc = node == proc->device->context_mgr_node ? 0 : 1;

	for (n = rb_first(&proc->refs_by_desc); n; n = rb_next(n)) {
		ref = rb_entry(n, struct swb_ref, rb_desc);
		if (ref->desc > desc)
			break;
		if (ref->desc == desc)
			desc++;
	}
	return desc;
}

static void swb_ref_insert_locked(struct swb_proc *proc, struct swb_ref *new)
{
	struct rb_node **p, *parent = NULL;
	struct swb_ref *ref;

	p = &proc->refs_by_node.rb_node;
	while (*p) {
		parent = *p;
		ref = rb_entry(parent, struct swb_ref, rb_node);
		p = new->node < ref->node ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&new->rb_node, parent, p);
	rb_insert_color(&new->rb_node, &proc->refs_by_node);

	parent = NULL;
	p = &proc->refs_by_desc.rb_node;
	while (*p) {
		parent = *p;
		ref = rb_entry(parent, struct swb_ref, rb_desc);
		p = new->desc < ref->desc ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&new->rb_desc, parent, p);
	rb_insert_color(&new->rb_desc, &proc->refs_by_desc);
}

/*
 * @proc's ref on @node; if there is none, @new_ref (allocated by the caller
 * outside the lock) becomes it, with both counts 0. Returns NULL if there
 * is none and no @new_ref was given.
 */
struct swb_ref *swb_ref_for_node_locked(struct swb_proc *proc, struct swb_node *node,
					struct swb_ref *new_ref)
{
	struct swb_ref *ref = swb_ref_by_node_locked(proc, node);

	if (ref || !new_ref)
		return ref;
	new_ref->proc = proc;
	new_ref->node = node;
	new_ref->desc = swb_ref_free_desc_locked(proc, node);
	new_ref->debug_id = swb_node_debug_id();
	swb_ref_insert_locked(proc, new_ref);
	hlist_add_head(&new_ref->node_entry, &node->refs);
	swb_stat_created(SWB_STAT_REF);
	return new_ref;
}

int swb_ref_inc_locked(struct swb_ref *ref, bool strong, struct swb_thread *deferred_to)
{
	int ret;

	if (strong) {
		if (!ref->strong) {
			ret = swb_node_inc_locked(ref->node, true, true, deferred_to);
			if (ret)
				return ret;
		}
		ref->strong++;
	} else {
		if (!ref->weak) {
			ret = swb_node_inc_locked(ref->node, false, true, deferred_to);
			if (ret)
				return ret;
		}
		ref->weak++;
	}
	return 0;
}

/* Unlinks a ref whose counts are both 0 and frees it (and its notifications). */
static void swb_ref_delete_locked(struct swb_ref *ref)
{
	struct swb_proc *proc = ref->proc;
	struct swb_node *node = ref->node;

	rb_erase(&ref->rb_desc, &proc->refs_by_desc);
	rb_erase(&ref->rb_node, &proc->refs_by_node);
	/* While the ref is linked into node->refs the node cannot be freed. */
	if (ref->strong)
		swb_node_dec_locked(node, true, true);
	hlist_del(&ref->node_entry);
	if (swb_node_dec_locked(node, false, true))
		swb_node_free(node);
	if (ref->death) {
		swb_dequeue_work_locked(&ref->death->work);
		kfree(ref->death);
		swb_stat_deleted(SWB_STAT_DEATH);
	}
	if (ref->freeze) {
		swb_dequeue_work_locked(&ref->freeze->work);
		kfree(ref->freeze);
		swb_stat_deleted(SWB_STAT_FREEZE);
	}
	kfree(ref);
	swb_stat_deleted(SWB_STAT_REF);
}

/* Deletes a ref that ended up with no count (a failed first increment). */
void swb_ref_drop_if_unused_locked(struct swb_ref *ref)
{
	if (!ref->strong && !ref->weak)
		swb_ref_delete_locked(ref);
}

/* Drops one count; deletes the ref when both reach 0. Returns false on underflow. */
bool swb_ref_dec_locked(struct swb_ref *ref, bool strong)
{
	if (strong) {
		if (!ref->strong) {
			swb_user_error(ref->proc, "handle %u has no strong reference to drop\n", ref->desc);
			return false;
		}
		ref->strong--;
		/* The ref stays linked into node->refs: this never frees the node. */
		if (!ref->strong)
			swb_node_dec_locked(ref->node, true, true);
	} else {
		if (!ref->weak) {
			swb_user_error(ref->proc, "handle %u has no weak reference to drop\n", ref->desc);
			return false;
		}
		ref->weak--;
	}
	if (!ref->strong && !ref->weak)
		swb_ref_delete_locked(ref);
	return true;
}

/* Process teardown: every ref the proc holds goes, whatever its counts. */
void swb_ref_release_all(struct swb_proc *proc)
{
	struct rb_node *n;

	swb_lock(proc);
	while ((n = rb_first(&proc->refs_by_desc)) != NULL)
		swb_ref_delete_locked(rb_entry(n, struct swb_ref, rb_desc));
	swb_unlock(proc);
}

/*
 * BC_INCREFS and friends. Bad handles and underflows are the caller's bug:
 * a debug message, and the write goes on, as upstream.
 */
static int swb_ref_command(struct swb_thread *thread, u32 desc, bool strong, bool increment)
{
	struct swb_proc *proc = thread->proc;
	struct swb_node *context_mgr;
	struct swb_ref *ref, *new_ref = NULL;
	int ret = 0;

	if (increment && desc == 0)
		new_ref = swb_kzalloc(sizeof(*new_ref), GFP_KERNEL);
	swb_lock(proc);
	if (increment && desc == 0) {
		context_mgr = proc->device->context_mgr_node;
		if (context_mgr && context_mgr->proc == proc) {
			swb_user_error(proc, "the context manager took a ref on itself\n");
			ret = -EINVAL;
			goto out;
		}
		ref = context_mgr ? swb_ref_for_node_locked(proc, context_mgr, new_ref) : NULL;
		if (ref == new_ref)
			new_ref = NULL;
	} else {
		ref = swb_ref_lookup_locked(proc, desc, strong);
	}
	if (!ref) {
		swb_user_error(proc, "refcount change on invalid handle %u\n", desc);
	} else if (increment) {
		trace_swbinder_ref_update(ref, strong, increment);
		if (swb_ref_inc_locked(ref, strong, NULL))
			swb_user_error(proc, "cannot take a first reference on handle %u\n", desc);
		swb_ref_drop_if_unused_locked(ref);
	} else {
		trace_swbinder_ref_update(ref, strong, increment);
		swb_ref_dec_locked(ref, strong);
	}
out:
	swb_unlock(proc);
	kfree(new_ref);
	return ret;
}

int swb_bc_increfs(struct swb_thread *thread, __u32 arg)
{
	return swb_ref_command(thread, arg, false, true);
}

int swb_bc_acquire(struct swb_thread *thread, __u32 arg)
{
	return swb_ref_command(thread, arg, true, true);
}

int swb_bc_release(struct swb_thread *thread, __u32 arg)
{
	return swb_ref_command(thread, arg, true, false);
}

int swb_bc_decrefs(struct swb_thread *thread, __u32 arg)
{
	return swb_ref_command(thread, arg, false, false);
}

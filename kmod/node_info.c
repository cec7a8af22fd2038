// SPDX-License-Identifier: GPL-2.0-only
/*
 * Node introspection ioctls, as upstream: BINDER_GET_NODE_DEBUG_INFO walks
 * the caller's own nodes in ptr order; BINDER_GET_NODE_INFO_FOR_REF lets the
 * context manager read the counts behind one of its handles (servicemanager
 * uses it to see whether anyone else still holds a service).
 */
#include <linux/uaccess.h>

#include "swbinder.h"
#include "node.h"

/* The first of @proc's nodes whose ptr is above @info->ptr, or all zeros. */
static void swb_node_debug_info_locked(struct swb_proc *proc, struct binder_node_debug_info *info)
{
	binder_uintptr_t after = info->ptr;
	struct swb_node *node;
	struct rb_node *n;

	memset(info, 0, sizeof(*info));
	/* The tree is ordered by ptr, so the first match is the smallest. */
	for (n = rb_first(&proc->nodes); n; n = rb_next(n)) {
		node = rb_entry(n, struct swb_node, rb_node);
		if (node->ptr > after) {
			info->ptr = node->ptr;
			info->cookie = node->cookie;
			info->has_strong_ref = node->has_strong_ref;
			info->has_weak_ref = node->has_weak_ref;
			return;
		}
	}
}

long swb_ioctl_get_node_debug_info(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	struct swb_proc *proc = thread->proc;
	struct binder_node_debug_info info;

	if (copy_from_user(&info, arg, sizeof(info)))
		return -EFAULT;
	swb_lock(proc);
	swb_node_debug_info_locked(proc, &info);
	swb_unlock(proc);
	if (copy_to_user(arg, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

/* Fills the counts for @info->handle; the caller checked the other fields. */
static long swb_node_info_for_ref_locked(struct swb_proc *proc, struct binder_node_info_for_ref *info)
{
	struct swb_node *mgr = proc->device->context_mgr_node;
	struct swb_ref *ref;

	if (!mgr || mgr->proc != proc)
		return -EPERM;
	/* A weak-only handle names no node here, as upstream. */
	ref = swb_ref_lookup_locked(proc, info->handle, true);
	if (!ref)
		return -EINVAL;
	info->strong_count = ref->node->local_strong_refs + ref->node->internal_strong_refs;
	info->weak_count = ref->node->local_weak_refs;
	return 0;
}

long swb_ioctl_get_node_info_for_ref(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	struct swb_proc *proc = thread->proc;
	struct binder_node_info_for_ref info;
	long ret;

	if (copy_from_user(&info, arg, sizeof(info)))
		return -EFAULT;
	/* Everything but the handle is output or reserved: it must come in as 0. */
	if (info.strong_count || info.weak_count || info.reserved1 || info.reserved2 ||
	    info.reserved3) {
		swb_user_error(proc, "BINDER_GET_NODE_INFO_FOR_REF: non-zero output or reserved field\n");
		return -EINVAL;
	}
	swb_lock(proc);
	ret = swb_node_info_for_ref_locked(proc, &info);
	swb_unlock(proc);
	if (ret)
		return ret;
	if (copy_to_user(arg, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The context manager: the one node per device that every proc reaches as
 * handle 0 (the service manager). The first setter's euid is pinned.
 */
#include <linux/cred.h>
#include <linux/uaccess.h>

#include "swbinder.h"
#include "lsm.h"
#include "node.h"

static bool swb_context_mgr_taken(struct swb_proc *proc)
{
	bool taken;

	swb_lock(proc);
	taken = proc->device->context_mgr_node != NULL;
	swb_unlock(proc);
	return taken;
}

/* Checks in upstream's order: one manager, the LSM, the pinned euid. */
static long swb_set_context_mgr(struct swb_thread *thread, const struct flat_binder_object *fbo)
{
	struct swb_proc *proc = thread->proc;
	struct swb_device *device = proc->device;
	struct swb_node *new = swb_node_new(), *node;
	kuid_t euid = current_euid();
	long ret;

	if (!new)
		return -ENOMEM;
	mutex_lock(&device->context_mgr_mutex);
	if (swb_context_mgr_taken(proc)) {
		swb_user_error(proc, "context manager already set\n");
		ret = -EBUSY;
		goto out;
	}
	/* Only setters (who hold the mutex) fill the slot: it stays empty. */
	ret = swb_lsm_set_context_mgr(proc->cred);
	if (ret < 0)
		goto out;
	swb_lock(proc);
	if (uid_valid(device->context_mgr_uid) && !uid_eq(device->context_mgr_uid, euid)) {
		swb_unlock(proc);
		swb_user_error(proc, "context manager must have euid %u\n",
			       from_kuid(&init_user_ns, device->context_mgr_uid));
		ret = -EPERM;
		goto out;
	}
	device->context_mgr_uid = euid;
	node = swb_node_insert_locked(proc, new, fbo->binder, fbo->cookie, fbo->flags);
	if (node == new)
		new = NULL;
	/* Held for the node's lifetime as context manager; the owner is not told. */
	node->local_weak_refs++;
	node->local_strong_refs++;
	node->has_strong_ref = true;
	node->has_weak_ref = true;
	device->context_mgr_node = node;
	swb_unlock(proc);
out:
	mutex_unlock(&device->context_mgr_mutex);
	swb_node_free(new);
	return ret;
}

long swb_ioctl_set_context_mgr(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	struct flat_binder_object fbo = {};

	return swb_set_context_mgr(thread, &fbo);
}

long swb_ioctl_set_context_mgr_ext(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	struct flat_binder_object fbo;

	if (copy_from_user(&fbo, arg, sizeof(fbo)))
		return -EINVAL;
	return swb_set_context_mgr(thread, &fbo);
}

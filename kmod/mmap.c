// SPDX-License-Identifier: GPL-2.0-only
/*
 * The proc's user mapping: read-only, at most 4 MiB used, once per proc.
 * Pages are inserted only by the driver, so a fault in it is a SIGBUS.
 */
#include <linux/mm.h>
#include <linux/sizes.h>

#include "swbinder.h"
#include "compat.h"

static void swb_vma_close(struct vm_area_struct *vma)
{
	struct swb_proc *proc = vma->vm_private_data;

	/* Buffers can no longer be delivered; later senders see a dead target. */
	mutex_lock(&proc->map_lock);
	proc->mapped = false;
	mutex_unlock(&proc->map_lock);
}

static vm_fault_t swb_vma_fault(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct swb_vm_ops = {
	.close = swb_vma_close,
	.fault = swb_vma_fault,
};

int swb_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct swb_proc *proc = filp->private_data;
	int ret = 0;

	if (proc->tsk != current->group_leader)
		return -EINVAL;
	if (vma->vm_flags & VM_WRITE) {
		swb_user_error(proc, "mmap: writable mapping refused\n");
		return -EPERM;
	}
	mutex_lock(&proc->map_lock);
	if (proc->mapped_once) {
		swb_user_error(proc, "mmap: already mapped\n");
		ret = -EBUSY;
		goto out;
	}
	/* Never writable later either, and not inherited by fork. */
	swb_vm_flags_mod(vma, VM_DONTCOPY | VM_MIXEDMAP, VM_MAYWRITE);
	vma->vm_ops = &swb_vm_ops;
	vma->vm_private_data = proc;
	proc->map_start = vma->vm_start;
	proc->map_size = min_t(unsigned long, vma->vm_end - vma->vm_start, SZ_4M);
	proc->mapped = true;
	proc->mapped_once = true;
out:
	mutex_unlock(&proc->map_lock);
	return ret;
}

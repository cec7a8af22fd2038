// SPDX-License-Identifier: GPL-2.0-only
/*
 * The proc's user mapping: read-only, at most 4 MiB used, once per proc.
 *
 * It is a VM_PFNMAP mapping: a transaction maps its buffer's pages when it
 * allocates the buffer, and a fault maps the page behind the address if an
 * allocated buffer covers it, else it is a SIGBUS (see alloc.c). Pages are not refcounted by the mapping, so the driver must
 * always know where their PTEs are: the VMA can be neither split (partial
 * munmap/mprotect), moved (mremap), grown, nor copied into a child (fork,
 * even after MADV_DOFORK, which VM_IO refuses).
 */
#include <linux/mm.h>

#include "swbinder.h"
#include "compat.h"
#include "file_cycles.h"

/*
 * A copy of our VMA (mremap makes one before asking us) is not the buffer
 * mapping: it must not fault pages in, and its close is not ours.
 */
static void swb_vma_open(struct vm_area_struct *vma)
{
	vma->vm_private_data = NULL;
}

static void swb_vma_close(struct vm_area_struct *vma)
{
	struct swb_proc *proc = vma->vm_private_data;

	/* Buffers can no longer be delivered; later senders see a dead target. */
	if (proc)
		swb_alloc_vma_close(&proc->alloc);
	/* The mapping's file reference goes next: maybe the last but cycles. */
	swb_file_cycles_poke();
}

static vm_fault_t swb_vma_fault(struct vm_fault *vmf)
{
	struct swb_proc *proc = vmf->vma->vm_private_data;

	if (!proc)
		return VM_FAULT_SIGBUS;
	return swb_alloc_vm_fault(&proc->alloc, vmf);
}

static int swb_vma_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	return -EINVAL;
}

/* Called after the page tables moved; failing moves them back. */
static int swb_vma_mremap(struct vm_area_struct *new_vma)
{
	return -EINVAL;
}

const struct vm_operations_struct swb_vm_ops = {
	.open = swb_vma_open,
	.close = swb_vma_close,
	.fault = swb_vma_fault,
	.may_split = swb_vma_may_split,
	.mremap = swb_vma_mremap,
};

int swb_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct swb_proc *proc = filp->private_data;

	if (proc->tsk != current->group_leader)
		return -EINVAL;
	if (vma->vm_flags & VM_WRITE) {
		swb_user_error(proc, "mmap: writable mapping refused\n");
		return -EPERM;
	}
	/*
	 * Never writable later either (and so not a COW mapping, which
	 * VM_PFNMAP needs), not inherited by fork, not growable, no core dump.
	 */
	swb_vm_flags_mod(vma, VM_DONTCOPY | VM_PFNMAP | VM_IO | VM_DONTEXPAND |
			 VM_DONTDUMP, VM_MAYWRITE);
	vma->vm_ops = &swb_vm_ops;
	vma->vm_private_data = proc;
	/* -EBUSY if this proc was mapped before. */
	return swb_alloc_mmap(&proc->alloc, vma);
}

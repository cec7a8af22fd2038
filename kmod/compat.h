/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel API differences between supported kernels, in one place.
 * Decided by build-time probes (see Kbuild), not by version numbers,
 * because stable and vendor kernels backport APIs.
 */
#ifndef SWB_COMPAT_H
#define SWB_COMPAT_H

#include <linux/mm.h>

/* vm_flags became read-only behind accessors in 6.3 (vm_flags_mod). */
static inline void swb_vm_flags_mod(struct vm_area_struct *vma,
				    vm_flags_t set, vm_flags_t clear)
{
#ifdef SWB_HAVE_VM_FLAGS_MOD
	vm_flags_mod(vma, set, clear);
#else
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
#endif
}

#endif /* SWB_COMPAT_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Allocation-failure injection: every allocation swbinder makes on behalf
 * of userspace goes through the wrappers below, which ask swbinder's own
 * fault attribute (debugfs swbinder/fail_alloc) first. Tests use it to make
 * exactly the Nth of them fail and check that the caller gets what upstream
 * gives (BR_FAILED_REPLY, BR_ERROR, an errno) and that nothing leaks. On
 * kernels without the fault-injection framework (compat.h) the wrappers
 * are the plain allocators.
 */
#ifndef SWB_FAULT_INJECT_H
#define SWB_FAULT_INJECT_H

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct dentry;

#ifdef SWB_HAVE_FAULT_INJECTION
bool swb_should_fail_alloc(void);
void swb_fault_inject_init(struct dentry *debugfs_dir);
#else
static inline bool swb_should_fail_alloc(void)
{
	return false;
}

static inline void swb_fault_inject_init(struct dentry *debugfs_dir)
{
}
#endif

static inline void *swb_kzalloc(size_t size, gfp_t gfp)
{
	return swb_should_fail_alloc() ? NULL : kzalloc(size, gfp);
}

static inline void *swb_kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return swb_should_fail_alloc() ? NULL : kcalloc(n, size, gfp);
}

static inline void *swb_kvcalloc(size_t n, size_t size, gfp_t gfp)
{
	return swb_should_fail_alloc() ? NULL : kvcalloc(n, size, gfp);
}

static inline void *swb_kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp)
{
	return swb_should_fail_alloc() ? NULL : kmem_cache_zalloc(cache, gfp);
}

static inline struct page *swb_alloc_page(gfp_t gfp)
{
	return swb_should_fail_alloc() ? NULL : alloc_page(gfp);
}

#endif /* SWB_FAULT_INJECT_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel API differences between supported kernels, in one place.
 * Decided by build-time probes (see Kbuild), not by version numbers,
 * because stable and vendor kernels backport APIs.
 */
#ifndef SWB_COMPAT_H
#define SWB_COMPAT_H

#include <linux/fdtable.h>
#include <linux/mm.h>
#include <linux/shrinker.h>
#include <linux/slab.h>

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

typedef unsigned long (*swb_shrink_fn)(struct shrinker *,
				       struct shrink_control *);

/*
 * Shrinkers: since 6.7 the core allocates them (shrinker_alloc, then
 * shrinker_register, shrinker_free); before, the caller owns the struct and
 * register_shrinker() takes a name since 6.0. Returns NULL on failure.
 */
static inline struct shrinker *swb_shrinker_create(const char *name,
						   swb_shrink_fn count,
						   swb_shrink_fn scan)
{
	struct shrinker *shrinker;

#ifdef SWB_HAVE_SHRINKER_ALLOC
	shrinker = shrinker_alloc(0, "%s", name);
	if (!shrinker)
		return NULL;
	shrinker->count_objects = count;
	shrinker->scan_objects = scan;
	shrinker->seeks = DEFAULT_SEEKS;
	shrinker_register(shrinker);
#else
	shrinker = kzalloc(sizeof(*shrinker), GFP_KERNEL);
	if (!shrinker)
		return NULL;
	shrinker->count_objects = count;
	shrinker->scan_objects = scan;
	shrinker->seeks = DEFAULT_SEEKS;
#ifdef SWB_HAVE_REGISTER_SHRINKER_NAME
	if (register_shrinker(shrinker, "%s", name)) {
#else
	if (register_shrinker(shrinker)) {
#endif
		kfree(shrinker);
		return NULL;
	}
#endif
	return shrinker;
}

static inline void swb_shrinker_destroy(struct shrinker *shrinker)
{
#ifdef SWB_HAVE_SHRINKER_ALLOC
	shrinker_free(shrinker);
#else
	unregister_shrinker(shrinker);
	kfree(shrinker);
#endif
}

/* Takes an fd out of the current table, returning its file: renamed in 6.8. */
static inline struct file *swb_close_fd_get_file(unsigned int fd)
{
#ifdef SWB_HAVE_FILE_CLOSE_FD
	return file_close_fd(fd);
#else
	return close_fd_get_file(fd);
#endif
}

#endif /* SWB_COMPAT_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel API differences between supported kernels, in one place.
 * Decided by build-time probes (see Kbuild), not by version numbers,
 * because stable and vendor kernels backport APIs.
 */
#ifndef SWB_COMPAT_H
#define SWB_COMPAT_H

#include <linux/dcache.h>
#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/security.h>
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

/*
 * Unmapping pages of a VM_PFNMAP mapping (ours): zap_vma_ptes() until 7.x
 * renamed it zap_special_vma_range() (same arguments, same checks).
 */
static inline void swb_zap_pfn_range(struct vm_area_struct *vma,
				     unsigned long address, unsigned long size)
{
#ifdef SWB_HAVE_ZAP_SPECIAL_VMA_RANGE
	zap_special_vma_range(vma, address, size);
#else
	zap_vma_ptes(vma, address, size);
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

/*
 * A secid's security context. Since 6.14 the LSM fills a struct lsm_context,
 * which also names the LSM that must free it, and returns the context's
 * length (negative on failure); before, a pointer and a length came back
 * separately and 0 meant success. Both forms are spelled out to callers as
 * data + length + LSM id (0 before 6.14), and 0 or a negative errno.
 */
static inline int swb_secid_to_secctx(u32 secid, char **data, u32 *len, int *lsm_id)
{
#ifdef SWB_HAVE_LSM_CONTEXT
	struct lsm_context ctx = {};
	int ret = security_secid_to_secctx(secid, &ctx);

	if (ret < 0)
		return ret;
	*data = ctx.context;
	*len = ctx.len;
	*lsm_id = ctx.id;
	return 0;
#else
	*lsm_id = 0;
	return security_secid_to_secctx(secid, data, len);
#endif
}

static inline void swb_release_secctx(char *data, u32 len, int lsm_id)
{
#ifdef SWB_HAVE_LSM_CONTEXT
	struct lsm_context ctx = { .context = data, .len = len, .id = lsm_id };

	security_release_secctx(&ctx);
#else
	security_release_secctx(data, len);
#endif
}

/* A new inode's atime, mtime and ctime: now. Accessors only since 6.7. */
static inline void swb_inode_init_times(struct inode *inode)
{
#ifdef SWB_HAVE_SIMPLE_INODE_INIT_TS
	simple_inode_init_ts(inode);
#else
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time(inode);
#endif
}

/* The dentry operations of every dentry of @sb: a setter since 6.17. */
static inline void swb_set_default_d_op(struct super_block *sb,
					const struct dentry_operations *ops)
{
#ifdef SWB_HAVE_SET_DEFAULT_D_OP
	set_default_d_op(sb, ops);
#else
	sb->s_d_op = ops;
#endif
}

/*
 * Allocation-failure injection (fault_inject.c) needs the kernel's
 * fault-injection framework with its debugfs files
 * (CONFIG_FAULT_INJECTION_DEBUG_FS), and should_fail() and
 * fault_create_debugfs_attr() exported to modules; Kbuild checks all three
 * and defines SWB_HAVE_FAULT_INJECTION. Elsewhere fault_inject.h's wrappers
 * are the plain allocators and fault_inject.c is not built.
 */
#ifdef SWB_HAVE_FAULT_INJECTION
#include <linux/fault-inject.h>
#endif

#endif /* SWB_COMPAT_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linux Security Module checks on binder IPC, and the sender's security
 * context for nodes that ask for it (FLAT_BINDER_FLAG_TXN_SECURITY_CTX).
 *
 * The security_binder_* hooks are exported to modules by Debian's kernels
 * (which build binder as a module) but not by mainline. Kbuild looks for
 * them in the kernel's Module.symvers and defines SWB_HAVE_LSM_BINDER_EXPORTS
 * when they are there. Without CONFIG_SECURITY they are inline stubs. On a
 * kernel with an LSM that does not export them, swbinder cannot ask the LSM
 * and allows what the other checks allow; it says so once at load.
 *
 * Every function here may sleep: call them without device->lock held.
 */
#ifndef SWB_LSM_H
#define SWB_LSM_H

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/security.h>

#if !IS_ENABLED(CONFIG_SECURITY) || defined(SWB_HAVE_LSM_BINDER_EXPORTS)
#define SWB_LSM_HOOKS_CALLABLE 1

static inline int swb_lsm_set_context_mgr(const struct cred *mgr)
{
	return security_binder_set_context_mgr(mgr);
}

static inline int swb_lsm_transaction(const struct cred *from, const struct cred *to)
{
	return security_binder_transaction(from, to);
}

static inline int swb_lsm_transfer_binder(const struct cred *from, const struct cred *to)
{
	return security_binder_transfer_binder(from, to);
}

static inline int swb_lsm_transfer_file(const struct cred *from, const struct cred *to,
					struct file *file)
{
	return security_binder_transfer_file(from, to, file);
}
#else
#define SWB_LSM_HOOKS_CALLABLE 0

static inline int swb_lsm_set_context_mgr(const struct cred *mgr) { return 0; }
static inline int swb_lsm_transaction(const struct cred *from, const struct cred *to) { return 0; }
static inline int swb_lsm_transfer_binder(const struct cred *from, const struct cred *to) { return 0; }
static inline int swb_lsm_transfer_file(const struct cred *from, const struct cred *to,
					struct file *file) { return 0; }
#endif

/* A sender's security context, as the LSM spells it (not NUL-terminated). */
struct swb_secctx {
	char *data;
	u32 size;
	int lsm_id;	/* which LSM must release it (6.14+; 0 before) */
};

int swb_secctx_get(const struct cred *cred, struct swb_secctx *ctx);
void swb_secctx_release(struct swb_secctx *ctx);
void swb_lsm_report(void);

#endif /* SWB_LSM_H */

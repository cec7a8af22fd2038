// SPDX-License-Identifier: GPL-2.0-only
/*
 * The LSM side of binder: which hooks this kernel lets us call (see lsm.h)
 * and the sender's security context for BR_TRANSACTION_SEC_CTX.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/printk.h>

#include "compat.h"
#include "lsm.h"

/*
 * As upstream: the context of the sender's credentials; failing (for
 * instance no LSM provides contexts) fails the transaction.
 */
int swb_secctx_get(const struct cred *cred, struct swb_secctx *ctx)
{
	u32 secid;

	ctx->data = NULL;
	ctx->size = 0;
	ctx->lsm_id = 0;
	security_cred_getsecid(cred, &secid);
	return swb_secid_to_secctx(secid, &ctx->data, &ctx->size, &ctx->lsm_id);
}

void swb_secctx_release(struct swb_secctx *ctx)
{
	if (ctx->data)
		swb_release_secctx(ctx->data, ctx->size, ctx->lsm_id);
	ctx->data = NULL;
	ctx->size = 0;
}

/* Once at load: whether binder IPC through swbinder is LSM-mediated. */
void swb_lsm_report(void)
{
	if (!IS_ENABLED(CONFIG_SECURITY))
		pr_info("LSM binder hooks: none (kernel built without CONFIG_SECURITY)\n");
	else if (SWB_LSM_HOOKS_CALLABLE)
		pr_info("LSM binder hooks: in use\n");
	else
		pr_notice("LSM binder hooks: not exported by this kernel; binder IPC is not LSM-mediated\n");
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Transaction reports over generic netlink, as Linux 6.18's binder sends
 * them: the same family, version, group and attributes, at the same
 * moments (transaction.c calls swb_report_transaction()). Multicast in the
 * initial network namespace, built only while the group has a listener.
 *
 * The family name is "binder" unless the kernel already registered one of
 * that name (its own binder driver, 6.18 and later, when loaded): then
 * swbinder registers as "swbinder", says so once, and the read-only
 * parameter report_family names the family its reports use.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/moduleparam.h>
#include <linux/string.h>
#include <net/genetlink.h>

#include "swbinder.h"
#include "netlink_report.h"
#include "generated/swb_netlink.h"
#include "swb_trace.h"

/* The name swbinder falls back to when the kernel owns BINDER_FAMILY_NAME. */
#define SWB_REPORT_FALLBACK_NAME	"swbinder"

static int swb_report_family_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%s\n", swb_nl_family.name);
}

/* Read-only: what the family is called follows from what the kernel has. */
static int swb_report_family_set(const char *value, const struct kernel_param *kp)
{
	return -EPERM;
}

static const struct kernel_param_ops swb_report_family_ops = {
	.set = swb_report_family_set,
	.get = swb_report_family_get,
};
module_param_cb(report_family, &swb_report_family_ops, NULL, 0444);
MODULE_PARM_DESC(report_family,
		 "The generic netlink family transaction reports are sent on (read-only): "
		 BINDER_FAMILY_NAME ", or " SWB_REPORT_FALLBACK_NAME
		 " where the kernel's binder already registered that name");

int swb_report_init(void)
{
	int ret;

	ret = genl_register_family(&swb_nl_family);
	if (ret != -EEXIST)
		return ret;
	strscpy(swb_nl_family.name, SWB_REPORT_FALLBACK_NAME, sizeof(swb_nl_family.name));
	ret = genl_register_family(&swb_nl_family);
	if (!ret)
		pr_info("generic netlink family \"%s\" is taken (the kernel's binder); transaction reports go to family \"%s\"\n",
			BINDER_FAMILY_NAME, swb_nl_family.name);
	return ret;
}

void swb_report_exit(void)
{
	genl_unregister_family(&swb_nl_family);
}

static int swb_report_fill(struct sk_buff *skb, const char *context, u32 error,
			   struct swb_thread *thread,
			   const struct binder_transaction_data *tr, bool reply,
			   struct swb_proc *to_proc, struct swb_thread *to_thread)
{
	if (nla_put_u32(skb, BINDER_A_REPORT_ERROR, error) ||
	    nla_put_string(skb, BINDER_A_REPORT_CONTEXT, context) ||
	    nla_put_u32(skb, BINDER_A_REPORT_FROM_PID, thread->proc->pid) ||
	    nla_put_u32(skb, BINDER_A_REPORT_FROM_TID, thread->pid))
		return -EMSGSIZE;
	if (to_proc && nla_put_u32(skb, BINDER_A_REPORT_TO_PID, to_proc->pid))
		return -EMSGSIZE;
	if (to_thread && nla_put_u32(skb, BINDER_A_REPORT_TO_TID, to_thread->pid))
		return -EMSGSIZE;
	if (reply && nla_put_flag(skb, BINDER_A_REPORT_IS_REPLY))
		return -EMSGSIZE;
	/* data_size is the sender's 64-bit request, truncated as upstream does. */
	if (nla_put_u32(skb, BINDER_A_REPORT_FLAGS, tr->flags) ||
	    nla_put_u32(skb, BINDER_A_REPORT_CODE, tr->code) ||
	    nla_put_u32(skb, BINDER_A_REPORT_DATA_SIZE, (u32)tr->data_size))
		return -EMSGSIZE;
	return 0;
}

void swb_report_transaction(struct swb_thread *thread,
			    const struct binder_transaction_data *tr, bool reply,
			    struct swb_proc *to_proc, struct swb_thread *to_thread,
			    u32 error)
{
	struct sk_buff *skb;
	void *hdr;

	might_sleep();
	if (!genl_has_listeners(&swb_nl_family, &init_net, SWB_NLGRP_REPORT))
		return;
	trace_swbinder_report(thread->proc->device->name, error, thread, to_proc,
			      to_thread, reply, tr);
	skb = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &swb_nl_family, 0, BINDER_CMD_REPORT);
	if (!hdr)
		goto free;
	if (swb_report_fill(skb, thread->proc->device->name, error, thread, tr,
			    reply, to_proc, to_thread)) {
		genlmsg_cancel(skb, hdr);
		goto free;
	}
	genlmsg_end(skb, hdr);
	/* Consumes the skb; no listener left meanwhile (-ESRCH) is no error. */
	genlmsg_multicast(&swb_nl_family, skb, 0, SWB_NLGRP_REPORT, GFP_KERNEL);
	return;
free:
	nlmsg_free(skb);
}

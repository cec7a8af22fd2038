// SPDX-License-Identifier: GPL-2.0-only
/*
 * Transaction reports over generic netlink, as Linux 6.18's binder sends
 * them: the same family, version, group and attributes, at the same
 * moments (transaction.c calls swb_report_transaction()). Multicast in the
 * initial network namespace, built only while the group has a listener.
 *
 * The family is "binder" or "swbinder": report_family= at load, "auto" by
 * default (upstream_names.h: "swbinder" where the kernel's binder registers
 * "binder" itself). Once loaded the read-only parameter names the family
 * in use.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/moduleparam.h>
#include <linux/string.h>
#include <net/genetlink.h>

#include "swbinder.h"
#include "netlink_report.h"
#include "upstream_names.h"
#include "generated/swb_netlink.h"
#include "swb_trace.h"

/* "auto" or a family name at load; the family's name once loaded. */
static char report_family[GENL_NAMSIZ] = SWB_NAME_AUTO;
module_param_string(report_family, report_family, sizeof(report_family), 0444);
MODULE_PARM_DESC(report_family,
		 "Generic netlink family of transaction reports: auto (default: \"" SWB_OWN_NAME
		 "\" where the kernel's binder sends reports itself, else \"" BINDER_FAMILY_NAME
		 "\") or a name; once loaded, the family in use");

/*
 * Where "auto" chose "binder" and it is taken anyway (a driver not known
 * from the kernel's configuration), "swbinder" instead, saying so once. An
 * explicit name is registered as given or not at all.
 */
int swb_report_init(void)
{
	bool automatic;
	int ret;

	if (!*report_family) {
		pr_err("refusing to load: report_family= is empty\n");
		return -EINVAL;
	}
	automatic = swb_resolve_auto_name(report_family, sizeof(report_family), BINDER_FAMILY_NAME,
					  swb_kernel_binder_has_reports());
	if (automatic && swb_kernel_binder_has_reports())
		pr_info("the kernel's binder has generic netlink family \"%s\": transaction reports go to family \"%s\" (report_family=%s takes the other)\n",
			BINDER_FAMILY_NAME, SWB_OWN_NAME, BINDER_FAMILY_NAME);
	strscpy(swb_nl_family.name, report_family, sizeof(swb_nl_family.name));
	ret = genl_register_family(&swb_nl_family);
	if (ret == -EEXIST && automatic && strcmp(report_family, SWB_OWN_NAME)) {
		strscpy(swb_nl_family.name, SWB_OWN_NAME, sizeof(swb_nl_family.name));
		ret = genl_register_family(&swb_nl_family);
		if (!ret)
			pr_info("generic netlink family \"%s\" belongs to another driver: transaction reports go to family \"%s\"\n",
				report_family, SWB_OWN_NAME);
	}
	if (ret)
		pr_err("cannot register generic netlink family \"%s\" (error %d)\n",
		       swb_nl_family.name, ret);
	else
		strscpy(report_family, swb_nl_family.name, sizeof(report_family));
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

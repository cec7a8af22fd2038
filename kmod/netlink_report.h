/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Transaction reports over generic netlink (Linux 6.18's family "binder",
 * group "report"): one multicast message per failed transaction, per
 * BR_ONEWAY_SPAM_SUSPECT and per BR_TRANSACTION_PENDING_FROZEN, built only
 * while someone listens. The family's tables are generated
 * (generated/swb_netlink.c); registering and sending are here.
 */
#ifndef SWB_NETLINK_REPORT_H
#define SWB_NETLINK_REPORT_H

#include <linux/types.h>

struct binder_transaction_data;
struct swb_proc;
struct swb_thread;

#ifdef SWB_NO_OBSERVE
/* Compiled out (Kbuild's SWB_NO_OBSERVE, for make bench only). */
static inline int swb_report_init(void) { return 0; }
static inline void swb_report_exit(void) { }
static inline void swb_report_transaction(struct swb_thread *thread,
					  const struct binder_transaction_data *tr, bool reply,
					  struct swb_proc *to_proc, struct swb_thread *to_thread,
					  u32 error) { }
#else
int swb_report_init(void);
void swb_report_exit(void);

/*
 * Reports @error for the transaction @tr that @thread sent (a reply if
 * @reply). @to_proc and @to_thread are the target as far as it was resolved
 * (NULL: not resolved, and the attribute is left out). Sleeps (GFP_KERNEL):
 * call without device->lock. Costs one listener check when nobody listens.
 */
void swb_report_transaction(struct swb_thread *thread,
			    const struct binder_transaction_data *tr, bool reply,
			    struct swb_proc *to_proc, struct swb_thread *to_thread,
			    u32 error);
#endif /* SWB_NO_OBSERVE */

#endif /* SWB_NETLINK_REPORT_H */

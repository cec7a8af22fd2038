/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What debugfs shows about transactions: the fields each transaction keeps
 * for it, and the logs of the last 32 transactions and the last 32 failed
 * ones (debugfs transaction_log, failed_transaction_log), as upstream.
 */
#ifndef SWB_TXN_LOG_H
#define SWB_TXN_LOG_H

#include <linux/types.h>

struct binder_transaction_data;
struct seq_file;
struct swb_node;
struct swb_proc;
struct swb_thread;
struct swb_transaction;

/* Records who sends @t and when; called once, as @t is set up. */
void swb_txn_debug_init(struct swb_transaction *t, struct swb_thread *sender);

/*
 * Logs one BC_TRANSACTION/BC_REPLY as it ends: @error is BR_OK on success,
 * else the BR_ code the sender gets and @param its errno. The target
 * pointers may be NULL; the caller holds references on those given.
 * Takes only the log's own lock.
 */
void swb_txn_log_add(struct swb_thread *thread, const struct binder_transaction_data *tr,
		     bool reply, int debug_id, struct swb_proc *to_proc,
		     struct swb_thread *to_thread, struct swb_node *to_node,
		     u32 error, int param);

int swb_txn_log_show(struct seq_file *m, bool failed);

#endif /* SWB_TXN_LOG_H */

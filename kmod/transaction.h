/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Transactions in flight. Fields are protected by device->lock unless
 * marked invariant.
 */
#ifndef SWB_TRANSACTION_H
#define SWB_TRANSACTION_H

#include <linux/ktime.h>
#include <linux/uidgid.h>
#include "generated/swb_protocol.h"
#include "work.h"

struct swb_buffer;

/**
 * struct swb_transaction - one call or reply between two procs
 * @work:        SWB_WORK_TRANSACTION on the target's todo list
 * @debug_id:    unique id; invariant
 * @from:        the sync caller's thread; NULL for oneway calls and replies,
 *               and once the caller's thread is gone
 * @from_parent: the transaction @from was serving or sending before this one
 * @to_proc:     the target proc while @t counts in its outstanding_txns
 * @to_thread:   the thread serving it, once one reads it (sync calls only)
 * @to_parent:   what @to_thread served before it
 * @buffer:      the data in the target's buffer space; NULL once freed
 * @code, @flags: from the sender; invariant
 * @sender_euid: the sender's effective uid; invariant
 * @need_reply:  a sync call, not yet replied to
 * @saved_priority: the server's own nice value, restored when it replies
 * @security_ctx: user address of the sender's security context in @buffer,
 *               for nodes that asked for it (BR_TRANSACTION_SEC_CTX); else 0
 * @from_pid, @from_tid, @priority, @start_time: the sender's pid, tid and
 *               nice value (inherited by the server) and when it was sent;
 *               invariant
 * @fd_fixups:   files to install in the receiver when it reads the
 *               transaction (fd_objects.c; see there for the locking)
 */
struct swb_transaction {
	struct swb_work work;
	int debug_id;
	struct swb_thread *from;
	struct swb_transaction *from_parent;
	struct swb_proc *to_proc;
	struct swb_thread *to_thread;
	struct swb_transaction *to_parent;
	struct swb_buffer *buffer;
	u32 code;
	u32 flags;
	kuid_t sender_euid;
	bool need_reply;
	binder_uintptr_t security_ctx;
	long saved_priority;
	pid_t from_pid;
	pid_t from_tid;
	long priority;
	ktime_t start_time;
	struct list_head fd_fixups;
};

void swb_transaction_untarget_locked(struct swb_transaction *t);
void swb_transaction_free_locked(struct swb_transaction *t);
void swb_send_failed_reply_locked(struct swb_transaction *t, u32 error);
/* fd_objects.c: installs @t's fds in the reading thread; on failure drops @t. */
int swb_transaction_receive_fds(struct swb_thread *thread, struct swb_transaction *t);
void swb_release_work_locked(struct swb_proc *proc, struct list_head *list);

#endif /* SWB_TRANSACTION_H */

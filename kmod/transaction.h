/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Transactions in flight. Fields are protected by device->lock unless
 * marked invariant.
 */
#ifndef SWB_TRANSACTION_H
#define SWB_TRANSACTION_H

#include <linux/uidgid.h>
#include "work.h"

struct swb_buffer;

/**
 * struct swb_transaction - one call or reply between two procs
 * @work:        SWB_WORK_TRANSACTION on the target's todo list
 * @debug_id:    unique id; invariant
 * @from:        the sync caller's thread; NULL for oneway calls and replies,
 *               and once the caller's thread is gone
 * @from_parent: the transaction @from was serving or sending before this one
 * @to_proc:     the target proc (tmp ref held while the call is pending)
 * @to_thread:   the thread serving it, once one reads it (sync calls only)
 * @to_parent:   what @to_thread served before it
 * @buffer:      the data in the target's buffer space; NULL once freed
 * @code, @flags: from the sender; invariant
 * @sender_euid: the sender's effective uid; invariant
 * @need_reply:  a sync call, not yet replied to
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
	struct list_head fd_fixups;
};

void swb_transaction_free_locked(struct swb_transaction *t);
void swb_send_failed_reply_locked(struct swb_transaction *t, u32 error);
/* fd_objects.c: installs @t's fds in the reading thread; on failure drops @t. */
int swb_transaction_receive_fds(struct swb_thread *thread, struct swb_transaction *t);
void swb_release_work_locked(struct swb_proc *proc, struct list_head *list);

#endif /* SWB_TRANSACTION_H */

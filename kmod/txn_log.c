// SPDX-License-Identifier: GPL-2.0-only
/*
 * Transaction logs for debugfs: two rings of 32 entries (every transaction,
 * failed ones only) in upstream's line format, and the per-transaction
 * fields that the state file prints. The rings have their own spinlock, a
 * leaf lock: nothing else is taken under it, and it is never held while
 * formatting output.
 */
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "swbinder.h"
#include "node.h"
#include "transaction.h"
#include "txn_log.h"
#include "include/uapi/linux/android/binderfs.h"

#define SWB_TXN_LOG_SIZE 32

enum swb_txn_call_type { SWB_TXN_CALL, SWB_TXN_ASYNC, SWB_TXN_REPLY };

struct swb_txn_log_entry {
	int debug_id;
	enum swb_txn_call_type call_type;
	int from_proc;
	int from_thread;
	int target_handle;
	int to_proc;
	int to_thread;
	int to_node;
	int data_size;
	int offsets_size;
	u32 return_error;
	int return_error_param;
	/* A copy: a binderfs device can be freed while the log still shows it. */
	char context_name[BINDERFS_MAX_NAME + 1];
};

/* @added counts every entry ever added; the newest is at (added - 1) % size. */
struct swb_txn_log {
	unsigned int added;
	struct swb_txn_log_entry entry[SWB_TXN_LOG_SIZE];
};

static DEFINE_SPINLOCK(swb_txn_log_lock);
static struct swb_lock_stamp swb_txn_log_stamp;	/* swb_txn_log_lock, lock_timing.h */
static struct swb_txn_log swb_txn_log_all;
static struct swb_txn_log swb_txn_log_failed;

void swb_txn_debug_init(struct swb_transaction *t, struct swb_thread *sender)
{
	t->from_pid = sender->proc->pid;
	t->from_tid = sender->pid;
	t->start_time = ktime_get();
}

/* The slot the next entry of @log goes to; it then counts as added. */
static struct swb_txn_log_entry *swb_txn_log_next_locked(struct swb_txn_log *log)
{
	return &log->entry[log->added++ % SWB_TXN_LOG_SIZE];
}

/*
 * Every transaction passes here, so the entry is written in place in the
 * ring, not built on the stack and copied (it is ~300 bytes, most of them
 * the context name); only a failure is copied, to the second ring.
 */
void swb_txn_log_add(struct swb_thread *thread, const struct binder_transaction_data *tr,
		     bool reply, int debug_id, struct swb_proc *to_proc,
		     struct swb_thread *to_thread, struct swb_node *to_node,
		     u32 error, int param)
{
	struct swb_txn_log_entry *e;

	swb_spin_lock_timed(&swb_txn_log_lock, &swb_txn_log_stamp);
	e = swb_txn_log_next_locked(&swb_txn_log_all);
	e->debug_id = debug_id;
	e->call_type = reply ? SWB_TXN_REPLY :
		       (tr->flags & TF_ONE_WAY) ? SWB_TXN_ASYNC : SWB_TXN_CALL;
	e->from_proc = thread->proc->pid;
	e->from_thread = thread->pid;
	e->target_handle = reply ? 0 : tr->target.handle;
	e->to_proc = to_proc ? to_proc->pid : 0;
	e->to_thread = to_thread ? to_thread->pid : 0;
	e->to_node = to_node ? to_node->debug_id : 0;
	/* Upstream logs the sizes as int too. */
	e->data_size = (int)tr->data_size;
	e->offsets_size = (int)tr->offsets_size;
	e->return_error = error == BR_OK ? 0 : error;
	e->return_error_param = error == BR_OK ? 0 : param;
	strscpy(e->context_name, thread->proc->device->name, sizeof(e->context_name));
	if (error != BR_OK)
		*swb_txn_log_next_locked(&swb_txn_log_failed) = *e;
	swb_spin_unlock_timed(&swb_txn_log_lock, &swb_txn_log_stamp, SWB_LOCK_TXN_LOG);
}

static const char *const swb_txn_call_names[] = {
	[SWB_TXN_CALL] = "call ",
	[SWB_TXN_ASYNC] = "async",
	[SWB_TXN_REPLY] = "reply",
};

/*
 * One line as upstream prints it. Entries are written whole under the lock,
 * so none is ever "(incomplete)"; "l=" is upstream's source line of the
 * failure, which has no meaning here: always 0.
 */
static void swb_txn_log_print(struct seq_file *m, const struct swb_txn_log_entry *e)
{
	seq_printf(m, "%d: %s from %d:%d to %d:%d context %s node %d handle %d size %d:%d ret %d/%d l=%d\n",
		   e->debug_id, swb_txn_call_names[e->call_type], e->from_proc, e->from_thread,
		   e->to_proc, e->to_thread, e->context_name, e->to_node, e->target_handle,
		   e->data_size, e->offsets_size, e->return_error, e->return_error_param, 0);
}

/* Oldest first. The ring is copied out under the lock and printed after. */
int swb_txn_log_show(struct seq_file *m, bool failed)
{
	struct swb_txn_log *log = failed ? &swb_txn_log_failed : &swb_txn_log_all;
	struct swb_txn_log *copy = kmalloc(sizeof(*copy), GFP_KERNEL);
	unsigned int count, first, i;

	if (!copy)
		return -ENOMEM;
	swb_spin_lock_timed(&swb_txn_log_lock, &swb_txn_log_stamp);
	*copy = *log;
	swb_spin_unlock_timed(&swb_txn_log_lock, &swb_txn_log_stamp, SWB_LOCK_TXN_LOG);
	count = min_t(unsigned int, copy->added, SWB_TXN_LOG_SIZE);
	first = copy->added - count;
	for (i = 0; i < count; i++)
		swb_txn_log_print(m, &copy->entry[(first + i) % SWB_TXN_LOG_SIZE]);
	kfree(copy);
	return 0;
}

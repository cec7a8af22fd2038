/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Statistics for debugfs: commands, returns and ioctls by number,
 * BR_TRANSACTION_SEC_CTX apart, and objects created and deleted by kind.
 * Atomic counters: no lock needed.
 *
 * Every object counted here also holds a reference on the module, so that
 * rmmod refuses (EBUSY) while any proc, thread, node, ref, notification,
 * transaction or buffer is alive: an object the driver lost track of keeps
 * the module loaded, where debugfs stats and kmemleak can still show it,
 * instead of outliving the code that knew how to free it. Objects are only
 * freed from file operations, which hold a module reference of their own
 * (fops->owner), so the last module_put() never races with the unload.
 */
#ifndef SWB_STATS_H
#define SWB_STATS_H

#include <linux/atomic.h>
#include <linux/module.h>
#include "generated/swb_protocol.h"

enum swb_stat_object {
	SWB_STAT_PROC,
	SWB_STAT_THREAD,
	SWB_STAT_NODE,
	SWB_STAT_REF,
	SWB_STAT_DEATH,
	SWB_STAT_FREEZE,
	SWB_STAT_TRANSACTION,
	SWB_STAT_TRANSACTION_COMPLETE,
	SWB_STAT_BUFFER,
	SWB_STAT_OBJECT_COUNT,
};

struct swb_stats {
	atomic_t bc[SWB_BC_COUNT];
	atomic_t br[SWB_BR_COUNT];
	atomic_t ioctl[SWB_IOCTL_SLOTS];
	atomic_t br_transaction_sec_ctx;
	atomic_t created[SWB_STAT_OBJECT_COUNT];
	atomic_t deleted[SWB_STAT_OBJECT_COUNT];
};

extern struct swb_stats swb_stats;

static inline void swb_stat_created(enum swb_stat_object kind)
{
	__module_get(THIS_MODULE);
	atomic_inc(&swb_stats.created[kind]);
}

static inline void swb_stat_deleted(enum swb_stat_object kind)
{
	atomic_inc(&swb_stats.deleted[kind]);
	module_put(THIS_MODULE);
}

static inline void swb_stat_command(u32 code)
{
	if (_IOC_NR(code) < SWB_BC_COUNT)
		atomic_inc(&swb_stats.bc[_IOC_NR(code)]);
}

/* Ioctls by number: swbinder's own debugfs file "extra_stats", not upstream's. */
static inline void swb_stat_ioctl(unsigned int nr)
{
	if (nr < SWB_IOCTL_SLOTS)
		atomic_inc(&swb_stats.ioctl[nr]);
}

/*
 * Returns by number, as upstream's stats. BR_TRANSACTION_SEC_CTX shares
 * BR_TRANSACTION's number, so it is counted there and, apart, in extra_stats.
 */
static inline void swb_stat_return(u32 code)
{
	if (_IOC_NR(code) < SWB_BR_COUNT)
		atomic_inc(&swb_stats.br[_IOC_NR(code)]);
	if (code == BR_TRANSACTION_SEC_CTX)
		atomic_inc(&swb_stats.br_transaction_sec_ctx);
}

struct seq_file;
struct swb_proc;

int swb_debugfs_init(void);
void swb_debugfs_exit(void);
void swb_debugfs_proc_add(struct swb_proc *proc);
void swb_debugfs_proc_remove(struct swb_proc *proc);
/* Every open proc (debugfs_entry), for the cycle collector: lock, walk, unlock. */
struct list_head *swb_procs_lock_all(void);
void swb_procs_unlock_all(void);

/* The debugfs files' contents, also shown by binderfs's binder_logs/. */
int swb_stats_show(struct seq_file *m, void *unused);
int swb_state_show(struct seq_file *m, void *unused);
int swb_transactions_show(struct seq_file *m, void *unused);
int swb_transaction_log_show(struct seq_file *m, void *unused);
int swb_failed_transaction_log_show(struct seq_file *m, void *unused);
/* proc/<pid>: m->private is the pid. */
int swb_proc_show(struct seq_file *m, void *unused);
bool swb_procs_has_pid(u64 fs_id, pid_t pid);
int swb_procs_pids(u64 fs_id, pid_t **pids);

/* debugfs_print.c: the upstream text of one proc, under its locks. */
void swb_print_proc(struct seq_file *m, struct swb_proc *proc, bool all);
void swb_print_proc_stats(struct seq_file *m, struct swb_proc *proc);
void swb_print_dead_nodes(struct seq_file *m, struct swb_proc *proc, bool *header);

#endif /* SWB_STATS_H */

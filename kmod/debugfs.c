// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs: /sys/kernel/debug/swbinder/ with upstream binder's files and
 * layouts (state, stats, transactions, transaction_log,
 * failed_transaction_log, proc/<pid>), plus two additions of ours: the live
 * buffer count in stats and the counts upstream's stats cannot show in
 * "extra_stats".
 * Stats and logs cover every device, as upstream's. The list of all procs
 * lives here, for the readers.
 */
#include <linux/debugfs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "swbinder.h"
#include "stats.h"
#include "txn_log.h"
#include "fault_inject.h"
#include "file_cycles.h"

struct swb_stats swb_stats;

static struct dentry *swb_debugfs_dir;
static struct dentry *swb_debugfs_proc_dir;

/* Every open proc, oldest first (see the lock order in swbinder.h). */
static LIST_HEAD(swb_procs);
static DEFINE_MUTEX(swb_procs_lock);

static const char *const swb_object_names[SWB_STAT_OBJECT_COUNT] = {
	[SWB_STAT_PROC] = "proc",
	[SWB_STAT_THREAD] = "thread",
	[SWB_STAT_NODE] = "node",
	[SWB_STAT_REF] = "ref",
	[SWB_STAT_DEATH] = "death",
	[SWB_STAT_FREEZE] = "freeze",
	[SWB_STAT_TRANSACTION] = "transaction",
	[SWB_STAT_TRANSACTION_COMPLETE] = "transaction_complete",
	[SWB_STAT_BUFFER] = "buffer",
};

int swb_stats_show(struct seq_file *m, void *unused)
{
	struct swb_proc *proc;
	int i, created, deleted;

	seq_puts(m, "binder stats:\n");
	for (i = 0; i < SWB_BC_COUNT; i++)
		if (atomic_read(&swb_stats.bc[i]))
			seq_printf(m, "%s: %d\n", swb_commands[i].name, atomic_read(&swb_stats.bc[i]));
	for (i = 0; i < SWB_BR_COUNT; i++)
		if (atomic_read(&swb_stats.br[i]))
			seq_printf(m, "%s: %d\n", swb_return_names[i], atomic_read(&swb_stats.br[i]));
	for (i = 0; i < SWB_STAT_OBJECT_COUNT; i++) {
		created = atomic_read(&swb_stats.created[i]);
		deleted = atomic_read(&swb_stats.deleted[i]);
		seq_printf(m, "%s: active %d total %d\n", swb_object_names[i], created - deleted, created);
	}
	mutex_lock(&swb_procs_lock);
	list_for_each_entry(proc, &swb_procs, debugfs_entry)
		swb_print_proc_stats(m, proc);
	mutex_unlock(&swb_procs_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(swb_stats);

/*
 * swbinder's own addition, in the stats file's "name: count" shape (nonzero
 * ones only): how often each ioctl of the spec was called, and how many
 * BR_TRANSACTION_SEC_CTX were sent (stats counts them as BR_TRANSACTION),
 * and how many procs the binder-file cycle collector released.
 * The DriverTests read it, with stats, to record which protocol items each
 * test exercised.
 */
static int swb_extra_stats_show(struct seq_file *m, void *unused)
{
	int sec_ctx = atomic_read(&swb_stats.br_transaction_sec_ctx);
	int i;

	for (i = 0; i < SWB_IOCTL_SLOTS; i++)
		if (swb_ioctls[i].name && atomic_read(&swb_stats.ioctl[i]))
			seq_printf(m, "%s: %d\n", swb_ioctls[i].name, atomic_read(&swb_stats.ioctl[i]));
	if (sec_ctx)
		seq_printf(m, "BR_TRANSACTION_SEC_CTX: %d\n", sec_ctx);
	if (swb_file_cycles_collected())
		seq_printf(m, "file_cycle_procs_collected: %d\n", swb_file_cycles_collected());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(swb_extra_stats);

int swb_state_show(struct seq_file *m, void *unused)
{
	struct swb_proc *proc;
	bool dead_header = false;

	seq_puts(m, "binder state:\n");
	mutex_lock(&swb_procs_lock);
	list_for_each_entry(proc, &swb_procs, debugfs_entry)
		swb_print_dead_nodes(m, proc, &dead_header);
	list_for_each_entry(proc, &swb_procs, debugfs_entry)
		swb_print_proc(m, proc, true);
	mutex_unlock(&swb_procs_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(swb_state);

int swb_transactions_show(struct seq_file *m, void *unused)
{
	struct swb_proc *proc;

	seq_puts(m, "binder transactions:\n");
	mutex_lock(&swb_procs_lock);
	list_for_each_entry(proc, &swb_procs, debugfs_entry)
		swb_print_proc(m, proc, false);
	mutex_unlock(&swb_procs_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(swb_transactions);

int swb_transaction_log_show(struct seq_file *m, void *unused)
{
	return swb_txn_log_show(m, false);
}
DEFINE_SHOW_ATTRIBUTE(swb_transaction_log);

int swb_failed_transaction_log_show(struct seq_file *m, void *unused)
{
	return swb_txn_log_show(m, true);
}
DEFINE_SHOW_ATTRIBUTE(swb_failed_transaction_log);

/* proc/<pid>: every proc the process has open (its pid is the file's data). */
int swb_proc_show(struct seq_file *m, void *unused)
{
	pid_t pid = (pid_t)(unsigned long)m->private;
	struct swb_proc *proc;

	seq_puts(m, "binder proc state:\n");
	mutex_lock(&swb_procs_lock);
	list_for_each_entry(proc, &swb_procs, debugfs_entry)
		if (proc->pid == pid)
			swb_print_proc(m, proc, true);
	mutex_unlock(&swb_procs_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(swb_proc);

/*
 * A new proc joins the list; the first proc of a process creates its
 * proc/<pid> file (later ones of the same process share it, as upstream).
 */
void swb_debugfs_proc_add(struct swb_proc *proc)
{
	struct swb_proc *other;
	bool first = true;
	char name[16];

	mutex_lock(&swb_procs_lock);
	list_for_each_entry(other, &swb_procs, debugfs_entry)
		if (other->pid == proc->pid)
			first = false;
	list_add_tail(&proc->debugfs_entry, &swb_procs);
	mutex_unlock(&swb_procs_lock);
	if (!first || !swb_debugfs_proc_dir)
		return;
	snprintf(name, sizeof(name), "%u", proc->pid);
	/* Outside the list lock: removal waits for readers, who take it. */
	proc->debugfs_file = debugfs_create_file(name, 0444, swb_debugfs_proc_dir,
						 (void *)(unsigned long)proc->pid, &swb_proc_fops);
}

struct list_head *swb_procs_lock_all(void)
{
	mutex_lock(&swb_procs_lock);
	return &swb_procs;
}

void swb_procs_unlock_all(void)
{
	mutex_unlock(&swb_procs_lock);
}

/* Release: the proc leaves the list before any of its state goes away. */
void swb_debugfs_proc_remove(struct swb_proc *proc)
{
	mutex_lock(&swb_procs_lock);
	list_del(&proc->debugfs_entry);
	mutex_unlock(&swb_procs_lock);
	debugfs_remove(proc->debugfs_file);
	proc->debugfs_file = NULL;
}

/*
 * The live procs opened by @pid, each with a tmp_ref the caller drops with
 * swb_proc_put(), in a kmalloc'ed array. Returns how many (0: none), or
 * -ENOMEM.
 */
int swb_procs_get_by_pid(pid_t pid, struct swb_proc ***procs)
{
	struct swb_proc *proc;
	int count = 0, i = 0;

	mutex_lock(&swb_procs_lock);
	list_for_each_entry(proc, &swb_procs, debugfs_entry)
		count += proc->pid == pid;
	*procs = count ? swb_kcalloc(count, sizeof(**procs), GFP_KERNEL) : NULL;
	if (count && !*procs) {
		mutex_unlock(&swb_procs_lock);
		return -ENOMEM;
	}
	list_for_each_entry(proc, &swb_procs, debugfs_entry) {
		if (proc->pid != pid)
			continue;
		swb_lock(proc);
		swb_proc_get_locked(proc);
		swb_unlock(proc);
		(*procs)[i++] = proc;
	}
	mutex_unlock(&swb_procs_lock);
	return count;
}

/* Whether a live proc of @pid has a device of binderfs instance @fs_id open. */
bool swb_procs_has_pid(u64 fs_id, pid_t pid)
{
	struct swb_proc *proc;
	bool found = false;

	mutex_lock(&swb_procs_lock);
	list_for_each_entry(proc, &swb_procs, debugfs_entry)
		if (proc->pid == pid && proc->device->fs_id == fs_id)
			found = true;
	mutex_unlock(&swb_procs_lock);
	return found;
}

/*
 * The pids, each once, of the live procs on devices of binderfs instance
 * @fs_id, oldest first, in a kmalloc'ed array. Returns the count or -ENOMEM.
 */
int swb_procs_pids(u64 fs_id, pid_t **pids)
{
	struct swb_proc *proc;
	int count = 0, i, n = 0;

	mutex_lock(&swb_procs_lock);
	list_for_each_entry(proc, &swb_procs, debugfs_entry)
		count++;
	*pids = kmalloc_array(max(count, 1), sizeof(**pids), GFP_KERNEL);
	if (!*pids) {
		mutex_unlock(&swb_procs_lock);
		return -ENOMEM;
	}
	list_for_each_entry(proc, &swb_procs, debugfs_entry) {
		if (proc->device->fs_id != fs_id)
			continue;
		for (i = 0; i < n && (*pids)[i] != proc->pid; i++)
			;
		if (i == n)
			(*pids)[n++] = proc->pid;
	}
	mutex_unlock(&swb_procs_lock);
	return n;
}

int swb_debugfs_init(void)
{
	/* debugfs is optional: a kernel without it still gets a working driver. */
	swb_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	swb_debugfs_proc_dir = debugfs_create_dir("proc", swb_debugfs_dir);
	debugfs_create_file("state", 0444, swb_debugfs_dir, NULL, &swb_state_fops);
	debugfs_create_file("stats", 0444, swb_debugfs_dir, NULL, &swb_stats_fops);
	debugfs_create_file("extra_stats", 0444, swb_debugfs_dir, NULL, &swb_extra_stats_fops);
	debugfs_create_file("transactions", 0444, swb_debugfs_dir, NULL, &swb_transactions_fops);
	debugfs_create_file("transaction_log", 0444, swb_debugfs_dir, NULL,
			    &swb_transaction_log_fops);
	debugfs_create_file("failed_transaction_log", 0444, swb_debugfs_dir, NULL,
			    &swb_failed_transaction_log_fops);
	swb_fault_inject_init(swb_debugfs_dir);
	return 0;
}

void swb_debugfs_exit(void)
{
	debugfs_remove_recursive(swb_debugfs_dir);
}

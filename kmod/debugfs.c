// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs: /sys/kernel/debug/swbinder/stats, in the layout of the kernel's
 * own binder stats file, plus the live buffer count.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "swbinder.h"
#include "stats.h"

struct swb_stats swb_stats;

static struct dentry *swb_debugfs_dir;

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

static int swb_stats_show(struct seq_file *m, void *unused)
{
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
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(swb_stats);

int swb_debugfs_init(void)
{
	/* debugfs is optional: a kernel without it still gets a working driver. */
	swb_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("stats", 0444, swb_debugfs_dir, NULL, &swb_stats_fops);
	return 0;
}

void swb_debugfs_exit(void)
{
	debugfs_remove_recursive(swb_debugfs_dir);
}

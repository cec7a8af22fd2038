// SPDX-License-Identifier: GPL-2.0-only
/*
 * binderfs files: features/ (one read-only file per feature of the spec's
 * feature table, kmod/generated/swb_protocol.h, printing 1 or 0) and, with
 * stats=global, binder_logs/ (the debugfs files of debugfs.c in the same
 * formats, and proc/<pid> for the processes that opened a device of this
 * instance). Both directories are built on lookup from these tables; their
 * inodes hold nothing that could change, so none is kept.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "swbinder.h"
#include "binderfs.h"
#include "stats.h"

/*
 * What a features/ file says: whether swbinder has the feature on the
 * running kernel. One case per feature of the spec, no default: a feature
 * added to the spec without a case here fails the W=1 build.
 */
bool swb_feature_supported(enum swb_feature feature)
{
	switch (feature) {
	case SWB_FEATURE_ONEWAY_SPAM_DETECTION:	/* ioctl.c, transaction.c */
	case SWB_FEATURE_EXTENDED_ERROR:	/* ioctl.c */
	case SWB_FEATURE_FREEZE_NOTIFICATION:	/* freeze_notify.c */
	case SWB_FEATURE_TRANSACTION_REPORT:	/* netlink_report.c */
		return true;
	case SWB_FEATURE_COUNT:
		break;
	}
	return false;
}

static struct dentry *swb_binderfs_splice(struct inode *inode, struct dentry *dentry)
{
	if (IS_ERR(inode))
		return ERR_CAST(inode);
	return d_splice_alias(inode, dentry);
}

/* A read-only file that shows @show with @data as the seq_file's private. */
static struct inode *swb_binderfs_show_file(struct super_block *sb, unsigned long ino,
					    const struct file_operations *fops, void *data)
{
	struct inode *inode = swb_binderfs_new_inode(sb, ino, S_IFREG | 0444);

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_fop = fops;
	inode->i_private = data;
	return inode;
}

/* features/ */

static int swb_feature_show(struct seq_file *m, void *unused)
{
	enum swb_feature feature = (enum swb_feature)(unsigned long)m->private;

	seq_printf(m, "%d\n", swb_feature_supported(feature));
	return 0;
}

static int swb_feature_open(struct inode *inode, struct file *file)
{
	return single_open(file, swb_feature_show, inode->i_private);
}

static const struct file_operations swb_feature_fops = {
	.owner = THIS_MODULE,
	.open = swb_feature_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static struct dentry *swb_features_lookup(struct inode *dir, struct dentry *dentry,
					  unsigned int flags)
{
	unsigned long i;

	for (i = 0; i < SWB_FEATURE_COUNT; i++)
		if (!strcmp(dentry->d_name.name, swb_feature_names[i]))
			return swb_binderfs_splice(swb_binderfs_show_file(dir->i_sb,
					SWB_INO_FEATURE_FIRST + i, &swb_feature_fops, (void *)i),
					dentry);
	return d_splice_alias(NULL, dentry);
}

static int swb_features_iterate(struct file *file, struct dir_context *ctx)
{
	const char *name;

	if (!dir_emit_dots(file, ctx))
		return 0;
	for (; ctx->pos - 2 < SWB_FEATURE_COUNT; ctx->pos++) {
		name = swb_feature_names[ctx->pos - 2];
		if (!dir_emit(ctx, name, strlen(name), SWB_INO_FEATURE_FIRST + ctx->pos - 2, DT_REG))
			break;
	}
	return 0;
}

static const struct inode_operations swb_features_iops = {
	.lookup = swb_features_lookup,
};

static const struct file_operations swb_features_fops = {
	.read = generic_read_dir,
	.iterate_shared = swb_features_iterate,
	.llseek = generic_file_llseek,
};

struct inode *swb_binderfs_features_dir(struct super_block *sb)
{
	return swb_binderfs_new_dir(sb, SWB_INO_FEATURES, &swb_features_iops, &swb_features_fops);
}

/* binder_logs/ */

struct swb_log_file {
	const char *name;
	int (*show)(struct seq_file *m, void *unused);
};

/* In upstream's order; the show functions are debugfs.c's. */
static const struct swb_log_file swb_log_files[] = {
	{ "stats", swb_stats_show },
	{ "state", swb_state_show },
	{ "transactions", swb_transactions_show },
	{ "transaction_log", swb_transaction_log_show },
	{ "failed_transaction_log", swb_failed_transaction_log_show },
};

static int swb_log_open(struct inode *inode, struct file *file)
{
	const struct swb_log_file *log = inode->i_private;

	return single_open(file, log->show, NULL);
}

static const struct file_operations swb_log_fops = {
	.owner = THIS_MODULE,
	.open = swb_log_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/* proc/<pid>: the pid travels in i_private, as in debugfs. */
static int swb_log_proc_open(struct inode *inode, struct file *file)
{
	return single_open(file, swb_proc_show, inode->i_private);
}

static const struct file_operations swb_log_proc_fops = {
	.owner = THIS_MODULE,
	.open = swb_log_proc_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static struct dentry *swb_log_proc_lookup(struct inode *dir, struct dentry *dentry,
					  unsigned int flags)
{
	struct swb_binderfs_info *info = swb_binderfs_info(dir);
	int pid;

	if (kstrtoint(dentry->d_name.name, 10, &pid) || pid <= 0 ||
	    !swb_procs_has_pid(info->id, pid))
		return d_splice_alias(NULL, dentry);
	return swb_binderfs_splice(swb_binderfs_show_file(dir->i_sb, SWB_INO_PID_FIRST + pid,
							  &swb_log_proc_fops,
							  (void *)(unsigned long)pid),
				   dentry);
}

static int swb_log_proc_iterate(struct file *file, struct dir_context *ctx)
{
	struct swb_binderfs_info *info = swb_binderfs_info(file_inode(file));
	char name[16];
	pid_t *pids;
	int count, i, len;

	if (!dir_emit_dots(file, ctx))
		return 0;
	count = swb_procs_pids(info->id, &pids);
	if (count < 0)
		return count;
	for (i = ctx->pos - 2; i < count; i++, ctx->pos++) {
		len = snprintf(name, sizeof(name), "%d", pids[i]);
		if (!dir_emit(ctx, name, len, SWB_INO_PID_FIRST + pids[i], DT_REG))
			break;
	}
	kfree(pids);
	return 0;
}

static const struct inode_operations swb_log_proc_iops = {
	.lookup = swb_log_proc_lookup,
};

static const struct file_operations swb_log_proc_dir_fops = {
	.read = generic_read_dir,
	.iterate_shared = swb_log_proc_iterate,
	.llseek = generic_file_llseek,
};

static struct dentry *swb_logs_lookup(struct inode *dir, struct dentry *dentry,
				      unsigned int flags)
{
	struct inode *inode;
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(swb_log_files); i++)
		if (!strcmp(dentry->d_name.name, swb_log_files[i].name))
			return swb_binderfs_splice(swb_binderfs_show_file(dir->i_sb,
					SWB_INO_LOG_FIRST + i, &swb_log_fops,
					(void *)&swb_log_files[i]), dentry);
	if (strcmp(dentry->d_name.name, "proc"))
		return d_splice_alias(NULL, dentry);
	inode = swb_binderfs_new_dir(dir->i_sb, SWB_INO_LOGS_PROC, &swb_log_proc_iops,
				     &swb_log_proc_dir_fops);
	return swb_binderfs_splice(inode ?: ERR_PTR(-ENOMEM), dentry);
}

/* Positions: the dots, the log files, then proc. */
static int swb_logs_iterate(struct file *file, struct dir_context *ctx)
{
	const char *name;
	loff_t i;

	if (!dir_emit_dots(file, ctx))
		return 0;
	for (; (i = ctx->pos - 2) < (loff_t)ARRAY_SIZE(swb_log_files); ctx->pos++) {
		name = swb_log_files[i].name;
		if (!dir_emit(ctx, name, strlen(name), SWB_INO_LOG_FIRST + i, DT_REG))
			return 0;
	}
	if (ctx->pos - 2 == ARRAY_SIZE(swb_log_files)) {
		if (!dir_emit(ctx, "proc", 4, SWB_INO_LOGS_PROC, DT_DIR))
			return 0;
		ctx->pos++;
	}
	return 0;
}

static const struct inode_operations swb_logs_iops = {
	.lookup = swb_logs_lookup,
};

static const struct file_operations swb_logs_fops = {
	.read = generic_read_dir,
	.iterate_shared = swb_logs_iterate,
	.llseek = generic_file_llseek,
};

struct inode *swb_binderfs_logs_dir(struct super_block *sb)
{
	return swb_binderfs_new_dir(sb, SWB_INO_LOGS, &swb_logs_iops, &swb_logs_fops);
}

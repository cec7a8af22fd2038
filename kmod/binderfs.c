// SPDX-License-Identifier: GPL-2.0-only
/*
 * binderfs, the filesystem: type "binder" (user-namespace mountable, magic
 * BINDERFS_SUPER_MAGIC), every mount a new instance, mount options max= and
 * stats=global, the root directory (binder-control, features/,
 * binder_logs/ and the devices), and the module-wide parts: the minors'
 * char-device region and the registration, as "swbinder" where the kernel's
 * own binder has binderfs (upstream_names.h).
 *
 * Semantics follow upstream's binderfs; the differences are listed in
 * README.md ("binderfs"). Device creation and removal live in
 * binderfs_devices.c, features/ and binder_logs/ in binderfs_files.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/magic.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/user_namespace.h>

#include "swbinder.h"
#include "binderfs.h"
#include "compat.h"
#include "upstream_names.h"
#include "include/uapi/linux/android/binderfs.h"

static char *binderfs_devices = "binder,hwbinder,vndbinder";
module_param(binderfs_devices, charp, 0444);
MODULE_PARM_DESC(binderfs_devices,
		 "Comma-separated devices every new binderfs mount starts with (may be empty)");

/*
 * "auto" or a name at load (upstream_names.h); the name in use once loaded
 * (binderctl doctor reads it). A fixed buffer: init rewrites it in place.
 */
static char binderfs_name[32] = SWB_NAME_AUTO;
module_param_string(binderfs_name, binderfs_name, sizeof(binderfs_name), 0444);
MODULE_PARM_DESC(binderfs_name,
		 "Filesystem type of swbinder's binderfs: auto (default: \"swbinder\" where the kernel's binder has binderfs, else \"binder\") or a name; once loaded, the name in use");

dev_t swb_binderfs_dev;
static atomic64_t swb_binderfs_ids = ATOMIC64_INIT(0);

/* Parsed mount options: fc->fs_private. */
struct swb_binderfs_opts {
	u32 max;
	bool stats_global;
};

enum { SWB_OPT_MAX, SWB_OPT_STATS };

static const struct constant_table swb_binderfs_stats_modes[] = {
	{ "global", 1 },
	{}
};

static const struct fs_parameter_spec swb_binderfs_params[] = {
	fsparam_u32("max", SWB_OPT_MAX),
	fsparam_enum("stats", SWB_OPT_STATS, swb_binderfs_stats_modes),
	{}
};

static const struct super_operations swb_binderfs_super_ops;

/* The binder device behind a binderfs inode, or NULL for any other inode. */
struct swb_device *swb_binderfs_device(const struct inode *inode)
{
	if (inode->i_sb->s_op != &swb_binderfs_super_ops || inode->i_fop != &swb_fops)
		return NULL;
	return inode->i_private;
}

/* A fresh inode of the instance, owned by its root. */
struct inode *swb_binderfs_new_inode(struct super_block *sb, unsigned long ino, umode_t mode)
{
	struct swb_binderfs_info *info = sb->s_fs_info;
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = ino;
	inode->i_mode = mode;
	inode->i_uid = info->root_uid;
	inode->i_gid = info->root_gid;
	swb_inode_init_times(inode);
	return inode;
}

struct inode *swb_binderfs_new_dir(struct super_block *sb, unsigned long ino,
				   const struct inode_operations *iops,
				   const struct file_operations *fops)
{
	struct inode *inode = swb_binderfs_new_inode(sb, ino, S_IFDIR | 0755);

	if (!inode)
		return NULL;
	inode->i_op = iops;
	inode->i_fop = fops;
	set_nlink(inode, 2);
	return inode;
}

/*
 * Unused dentries are dropped at once, so a name looked up before a device
 * of that name existed (a negative dentry) never hides it afterwards.
 */
const struct dentry_operations swb_binderfs_dentry_ops = {
	.d_delete = always_delete_dentry,
};

/* Root directory. */

static struct dentry *swb_root_lookup(struct inode *dir, struct dentry *dentry,
				      unsigned int flags)
{
	struct swb_binderfs_info *info = swb_binderfs_info(dir);
	const char *name = dentry->d_name.name;
	struct inode *inode = NULL;
	struct swb_device *device;

	if (dentry->d_name.len > BINDERFS_MAX_NAME)
		return ERR_PTR(-ENAMETOOLONG);
	if (!strcmp(name, "binder-control")) {
		inode = info->control;
		ihold(inode);
	} else if (!strcmp(name, "features")) {
		inode = swb_binderfs_features_dir(dir->i_sb);
		if (!inode)
			return ERR_PTR(-ENOMEM);
	} else if (info->stats_global && !strcmp(name, "binder_logs")) {
		inode = swb_binderfs_logs_dir(dir->i_sb);
		if (!inode)
			return ERR_PTR(-ENOMEM);
	} else {
		mutex_lock(&info->lock);
		device = swb_binderfs_find_locked(info, name);
		if (device) {
			inode = device->inode;
			ihold(inode);
		}
		mutex_unlock(&info->lock);
	}
	return d_splice_alias(inode, dentry);
}

/*
 * Positions: 0 and 1 the dots, 2 binder-control, 3 features, 4 binder_logs
 * (where present), 5 + i the i-th device.
 */
static int swb_root_iterate(struct file *file, struct dir_context *ctx)
{
	struct swb_binderfs_info *info = swb_binderfs_info(file_inode(file));
	struct swb_device *device;
	loff_t i = 5;

	if (!dir_emit_dots(file, ctx))
		return 0;
	if (ctx->pos == 2) {
		if (!dir_emit(ctx, "binder-control", 14, SWB_INO_CONTROL, DT_CHR))
			return 0;
		ctx->pos++;
	}
	if (ctx->pos == 3) {
		if (!dir_emit(ctx, "features", 8, SWB_INO_FEATURES, DT_DIR))
			return 0;
		ctx->pos++;
	}
	if (ctx->pos == 4) {
		if (info->stats_global && !dir_emit(ctx, "binder_logs", 11, SWB_INO_LOGS, DT_DIR))
			return 0;
		ctx->pos++;
	}
	mutex_lock(&info->lock);
	list_for_each_entry(device, &info->devices, fs_entry) {
		if (i++ < ctx->pos)
			continue;
		if (!dir_emit(ctx, device->name, strlen(device->name),
			      device->inode->i_ino, DT_CHR))
			break;
		ctx->pos++;
	}
	mutex_unlock(&info->lock);
	return 0;
}

/* No create, mkdir, mknod or rename: the VFS answers EPERM. */
static const struct inode_operations swb_root_iops = {
	.lookup = swb_root_lookup,
	.unlink = swb_binderfs_unlink,
};

static const struct file_operations swb_root_fops = {
	.read = generic_read_dir,
	.iterate_shared = swb_root_iterate,
	.llseek = generic_file_llseek,
};

/* Superblock. */

static void swb_binderfs_evict_inode(struct inode *inode)
{
	struct swb_device *device = swb_binderfs_device(inode);

	truncate_inode_pages_final(&inode->i_data);
	clear_inode(inode);
	/* The device inode's reference on its device. */
	if (device)
		swb_device_put(device);
}

static int swb_binderfs_show_options(struct seq_file *m, struct dentry *root)
{
	struct swb_binderfs_info *info = root->d_sb->s_fs_info;

	seq_printf(m, ",max=%u", READ_ONCE(info->max));
	if (info->stats_global)
		seq_puts(m, ",stats=global");
	return 0;
}

static const struct super_operations swb_binderfs_super_ops = {
	.evict_inode = swb_binderfs_evict_inode,
	.show_options = swb_binderfs_show_options,
	.statfs = simple_statfs,
};

static int swb_binderfs_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct swb_binderfs_opts *opts = fc->fs_private;
	struct swb_binderfs_info *info;
	struct inode *root;
	int ret;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	mutex_init(&info->lock);
	INIT_LIST_HEAD(&info->devices);
	info->max = opts->max;
	info->stats_global = opts->stats_global;
	info->id = atomic64_inc_return(&swb_binderfs_ids);
	info->control_minor = -1;
	info->root_uid = make_kuid(sb->s_user_ns, 0);
	if (!uid_valid(info->root_uid))
		info->root_uid = GLOBAL_ROOT_UID;
	info->root_gid = make_kgid(sb->s_user_ns, 0);
	if (!gid_valid(info->root_gid))
		info->root_gid = GLOBAL_ROOT_GID;
	sb->s_fs_info = info;

	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_magic = BINDERFS_SUPER_MAGIC;
	sb->s_op = &swb_binderfs_super_ops;
	sb->s_time_gran = 1;
	/*
	 * A mount in a user namespace gets SB_I_NODEV, which would make its
	 * devices unopenable. Nobody can make a device node here (no mknod);
	 * devices come only from binder-control, so opening them is safe.
	 */
	sb->s_iflags &= ~SB_I_NODEV;
	sb->s_iflags |= SB_I_NOEXEC;
	swb_set_default_d_op(sb, &swb_binderfs_dentry_ops);

	root = swb_binderfs_new_dir(sb, SWB_INO_ROOT, &swb_root_iops, &swb_root_fops);
	if (!root)
		return -ENOMEM;
	sb->s_root = d_make_root(root);
	if (!sb->s_root)
		return -ENOMEM;
	ret = swb_binderfs_create_control(sb);
	if (ret)
		return ret;
	/* Failing to create one (max= too small) fails the mount, as upstream. */
	return swb_binderfs_add_default_devices(sb, binderfs_devices);
}

/* Also runs after a failed fill_super: every field may still be empty. */
static void swb_binderfs_kill_sb(struct super_block *sb)
{
	struct swb_binderfs_info *info = sb->s_fs_info;

	/* Our pins go first, so that every inode is free when the VFS looks. */
	if (info) {
		swb_binderfs_remove_all(info);
		if (info->control)
			iput(info->control);
	}
	kill_anon_super(sb);
	if (info) {
		if (info->control_minor >= 0)
			swb_binderfs_free_minor(info->control_minor);
		kfree(info);
	}
}

/* Mount options and mounting. */

static int swb_binderfs_parse_param(struct fs_context *fc, struct fs_parameter *param)
{
	struct swb_binderfs_opts *opts = fc->fs_private;
	struct fs_parse_result result;
	int opt;

	opt = fs_parse(fc, swb_binderfs_params, param, &result);
	if (opt < 0)
		return opt;
	switch (opt) {
	case SWB_OPT_MAX:
		if (result.uint_32 > SWB_BINDERFS_MAX_MINOR) {
			pr_debug_ratelimited("binderfs: max=%u is above %u\n",
					     result.uint_32, SWB_BINDERFS_MAX_MINOR);
			return -EINVAL;
		}
		opts->max = result.uint_32;
		break;
	case SWB_OPT_STATS:
		/* Global statistics show every process: the host's root only. */
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		opts->stats_global = true;
		break;
	}
	return 0;
}

static int swb_binderfs_get_tree(struct fs_context *fc)
{
	return get_tree_nodev(fc, swb_binderfs_fill_super);
}

static int swb_binderfs_reconfigure(struct fs_context *fc)
{
	struct swb_binderfs_opts *opts = fc->fs_private;
	struct swb_binderfs_info *info = fc->root->d_sb->s_fs_info;

	if (opts->stats_global != info->stats_global) {
		pr_debug_ratelimited("binderfs: stats= cannot change on remount\n");
		return -EINVAL;
	}
	mutex_lock(&info->lock);
	WRITE_ONCE(info->max, opts->max);
	mutex_unlock(&info->lock);
	return 0;
}

static void swb_binderfs_free_fc(struct fs_context *fc)
{
	kfree(fc->fs_private);
}

static const struct fs_context_operations swb_binderfs_context_ops = {
	.free = swb_binderfs_free_fc,
	.parse_param = swb_binderfs_parse_param,
	.get_tree = swb_binderfs_get_tree,
	.reconfigure = swb_binderfs_reconfigure,
};

static int swb_binderfs_init_fs_context(struct fs_context *fc)
{
	struct swb_binderfs_opts *opts = kzalloc(sizeof(*opts), GFP_KERNEL);

	if (!opts)
		return -ENOMEM;
	opts->max = SWB_BINDERFS_MAX_MINOR;
	fc->fs_private = opts;
	fc->ops = &swb_binderfs_context_ops;
	return 0;
}

static struct file_system_type swb_binderfs_type = {
	.owner = THIS_MODULE,
	.name = "binder",
	.init_fs_context = swb_binderfs_init_fs_context,
	.parameters = swb_binderfs_params,
	.kill_sb = swb_binderfs_kill_sb,
	.fs_flags = FS_USERNS_MOUNT,
};

/*
 * Registers the filesystem under binderfs_name, choosing it first if it is
 * "auto". Where "auto" chose "binder" and that is taken anyway (some
 * driver not known from the kernel's configuration), "swbinder" instead,
 * saying so once. An explicit name is registered as given or not at all.
 */
int swb_binderfs_init(void)
{
	bool automatic;
	int ret;

	ret = swb_binderfs_check_default_devices(binderfs_devices);
	if (ret)
		return ret;
	if (!*binderfs_name || strchr(binderfs_name, '/')) {
		pr_err("refusing to load: binderfs_name= must be a plain name\n");
		return -EINVAL;
	}
	automatic = swb_resolve_auto_name(binderfs_name, sizeof(binderfs_name), "binder",
					  swb_kernel_binder_has_binderfs());
	if (automatic && swb_kernel_binder_has_binderfs())
		pr_info("the kernel's binder has filesystem \"binder\": swbinder's binderfs is \"%s\" (binderfs_name=binder takes the other)\n",
			SWB_OWN_NAME);
	ret = alloc_chrdev_region(&swb_binderfs_dev, 0, SWB_BINDERFS_MAX_MINOR, KBUILD_MODNAME);
	if (ret)
		return ret;
	swb_binderfs_type.name = binderfs_name;
	ret = register_filesystem(&swb_binderfs_type);
	if (ret == -EBUSY && automatic && strcmp(binderfs_name, SWB_OWN_NAME)) {
		swb_binderfs_type.name = SWB_OWN_NAME;
		ret = register_filesystem(&swb_binderfs_type);
		if (ret)
			swb_binderfs_type.name = binderfs_name;
		if (!ret) {
			strscpy(binderfs_name, SWB_OWN_NAME, sizeof(binderfs_name));
			pr_info("filesystem \"binder\" belongs to another driver: swbinder's binderfs is \"%s\" (mount -t %s)\n",
				SWB_OWN_NAME, SWB_OWN_NAME);
		}
	}
	if (ret) {
		pr_err("cannot register filesystem \"%s\" (error %d)\n", swb_binderfs_type.name, ret);
		unregister_chrdev_region(swb_binderfs_dev, SWB_BINDERFS_MAX_MINOR);
	}
	return ret;
}

/* Runs only once no instance is left: every superblock holds the module. */
void swb_binderfs_exit(void)
{
	unregister_filesystem(&swb_binderfs_type);
	unregister_chrdev_region(swb_binderfs_dev, SWB_BINDERFS_MAX_MINOR);
}

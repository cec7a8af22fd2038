// SPDX-License-Identifier: GPL-2.0-only
/*
 * binderfs devices: binder-control and its BINDER_CTL_ADD, the default
 * devices of a new instance, unlink of a device, and the minors of
 * swbinder's char-device region (one IDA for all instances).
 *
 * A device on an instance's list pins its inode; the inode holds a
 * reference on the device, and so does every proc opened on it. Unlink
 * takes the device off the list and drops the pin: open files keep working,
 * and the device goes with the last of them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/kdev_t.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "swbinder.h"
#include "binderfs.h"
#include "include/uapi/linux/android/binderfs.h"

static DEFINE_IDA(swb_binderfs_minors);

int swb_binderfs_alloc_minor(void)
{
	return ida_alloc_max(&swb_binderfs_minors, SWB_BINDERFS_MAX_MINOR - 1, GFP_KERNEL);
}

void swb_binderfs_free_minor(int minor)
{
	ida_free(&swb_binderfs_minors, minor);
}

/* A device name is one path component; NULL if @name is fine. */
static const char *swb_binderfs_name_problem(const char *name)
{
	if (!*name)
		return "empty name";
	if (strlen(name) > BINDERFS_MAX_NAME)
		return "name longer than 255 bytes";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "name . or ..";
	if (strchr(name, '/'))
		return "name with a /";
	return NULL;
}

/* Names the root directory already has besides its devices. */
static bool swb_binderfs_reserved(struct swb_binderfs_info *info, const char *name)
{
	return !strcmp(name, "binder-control") || !strcmp(name, "features") ||
	       (info->stats_global && !strcmp(name, "binder_logs"));
}

struct swb_device *swb_binderfs_find_locked(struct swb_binderfs_info *info, const char *name)
{
	struct swb_device *device;

	list_for_each_entry(device, &info->devices, fs_entry)
		if (!strcmp(device->name, name))
			return device;
	return NULL;
}

/*
 * Creates device @name in the instance of @sb and returns its minor in
 * @minor_out. Errors: EINVAL (bad name), ENOSPC (max= reached or no minor
 * left), EEXIST (name in use), ENOMEM.
 */
int swb_binderfs_add_device(struct super_block *sb, const char *name, u32 *minor_out)
{
	struct swb_binderfs_info *info = sb->s_fs_info;
	struct swb_device *device;
	struct inode *inode;
	const char *problem;
	int minor, ret;

	problem = swb_binderfs_name_problem(name);
	if (problem) {
		pr_debug_ratelimited("binderfs: BINDER_CTL_ADD: %s\n", problem);
		return -EINVAL;
	}
	device = swb_device_alloc(name);
	if (!device)
		return -ENOMEM;
	minor = swb_binderfs_alloc_minor();
	if (minor < 0) {
		swb_device_put(device);
		return minor == -ENOMEM ? -ENOMEM : -ENOSPC;
	}
	device->minor = minor;
	device->fs_id = info->id;
	inode = swb_binderfs_new_inode(sb, SWB_INO_DEVICE_FIRST + minor, S_IFCHR | 0600);
	if (!inode) {
		swb_device_put(device);
		return -ENOMEM;
	}
	init_special_inode(inode, S_IFCHR | 0600, MKDEV(MAJOR(swb_binderfs_dev), minor));
	/* Opened through the inode, not through a char-device lookup. */
	inode->i_fop = &swb_fops;
	/* From here the inode owns the device's first reference. */
	inode->i_private = device;
	device->inode = inode;

	mutex_lock(&info->lock);
	if (info->device_count >= info->max) {
		ret = -ENOSPC;
	} else if (swb_binderfs_reserved(info, name) || swb_binderfs_find_locked(info, name)) {
		ret = -EEXIST;
	} else {
		list_add_tail(&device->fs_entry, &info->devices);
		info->device_count++;
		ret = 0;
	}
	mutex_unlock(&info->lock);
	if (ret) {
		iput(inode);
		return ret;
	}
	*minor_out = minor;
	return 0;
}

/* Takes @device off its instance; false if it was already off. */
static bool swb_binderfs_detach(struct swb_binderfs_info *info, struct swb_device *device)
{
	bool attached;

	mutex_lock(&info->lock);
	attached = !list_empty(&device->fs_entry);
	if (attached) {
		list_del_init(&device->fs_entry);
		info->device_count--;
	}
	mutex_unlock(&info->lock);
	return attached;
}

/* unlink(2) in the root: devices only. */
int swb_binderfs_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);
	struct swb_device *device = swb_binderfs_device(inode);

	if (!device)
		return -EPERM;
	if (!swb_binderfs_detach(swb_binderfs_info(dir), device))
		return -ENOENT;
	clear_nlink(inode);
	/* The list's pin; the dentry still holds the inode. */
	iput(inode);
	return 0;
}

/* Unmount: every device leaves the instance; open ones live on. */
void swb_binderfs_remove_all(struct swb_binderfs_info *info)
{
	struct swb_device *device, *next;
	LIST_HEAD(gone);

	mutex_lock(&info->lock);
	list_splice_init(&info->devices, &gone);
	info->device_count = 0;
	mutex_unlock(&info->lock);
	list_for_each_entry_safe(device, next, &gone, fs_entry) {
		list_del_init(&device->fs_entry);
		iput(device->inode);
	}
}

static long swb_binderfs_ctl_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct binderfs_device __user *user = (void __user *)arg;
	struct super_block *sb = file_inode(filp)->i_sb;
	struct swb_binderfs_info *info = sb->s_fs_info;
	struct binderfs_device req;
	struct swb_device *device;
	int ret;

	if (cmd != BINDER_CTL_ADD)
		return -EINVAL;
	if (copy_from_user(&req, user, sizeof(req)))
		return -EFAULT;
	/* A name that fills the field without a NUL is too long. */
	if (!memchr(req.name, '\0', sizeof(req.name))) {
		pr_debug_ratelimited("binderfs: BINDER_CTL_ADD: name without NUL\n");
		return -EINVAL;
	}
	ret = swb_binderfs_add_device(sb, req.name, &req.minor);
	if (ret)
		return ret;
	req.major = MAJOR(swb_binderfs_dev);
	if (!copy_to_user(user, &req, sizeof(req)))
		return 0;
	/* Nobody learnt of the device: take it back. */
	mutex_lock(&info->lock);
	device = swb_binderfs_find_locked(info, req.name);
	if (device && device->minor != (int)req.minor)
		device = NULL;
	mutex_unlock(&info->lock);
	if (device && swb_binderfs_detach(info, device))
		iput(device->inode);
	return -EFAULT;
}

static const struct file_operations swb_binderfs_ctl_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
	.unlocked_ioctl = swb_binderfs_ctl_ioctl,
	.compat_ioctl = swb_binderfs_ctl_ioctl,
	.llseek = noop_llseek,
};

/* binder-control: 0600, owned by the instance's root, pinned by the instance. */
int swb_binderfs_create_control(struct super_block *sb)
{
	struct swb_binderfs_info *info = sb->s_fs_info;
	struct inode *inode;
	int minor;

	minor = swb_binderfs_alloc_minor();
	if (minor < 0)
		return minor;
	info->control_minor = minor;
	inode = swb_binderfs_new_inode(sb, SWB_INO_CONTROL, S_IFCHR | 0600);
	if (!inode)
		return -ENOMEM;
	init_special_inode(inode, S_IFCHR | 0600, MKDEV(MAJOR(swb_binderfs_dev), minor));
	inode->i_fop = &swb_binderfs_ctl_fops;
	info->control = inode;
	return 0;
}

/* Calls @fn on each name of a comma-separated list; stops at an error. */
static int swb_binderfs_for_each_name(const char *list, int (*fn)(const char *, void *),
				      void *arg)
{
	char name[BINDERFS_MAX_NAME + 1];
	size_t len;
	int ret;

	while (list && *list) {
		len = strcspn(list, ",");
		if (len > BINDERFS_MAX_NAME)
			return -E2BIG;
		memcpy(name, list, len);
		name[len] = '\0';
		ret = fn(name, arg);
		if (ret)
			return ret;
		list += len;
		if (*list == ',')
			list++;
	}
	return 0;
}

static int swb_binderfs_check_name(const char *name, void *unused)
{
	const char *problem = swb_binderfs_name_problem(name);

	if (problem) {
		pr_err("refusing to load: binderfs_devices=: %s: \"%s\"\n", problem, name);
		return -EINVAL;
	}
	return 0;
}

int swb_binderfs_check_default_devices(const char *list)
{
	int ret = swb_binderfs_for_each_name(list, swb_binderfs_check_name, NULL);

	if (ret == -E2BIG)
		pr_err("refusing to load: binderfs_devices=: a name is longer than 255 bytes\n");
	return ret;
}

static int swb_binderfs_add_default(const char *name, void *sb)
{
	u32 minor;

	return swb_binderfs_add_device(sb, name, &minor);
}

int swb_binderfs_add_default_devices(struct super_block *sb, const char *list)
{
	return swb_binderfs_for_each_name(list, swb_binderfs_add_default, sb);
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * binderfs: the "binder" filesystem (see binderfs.c). Every mount is an
 * instance of its own with binder-control, its devices, features/ and, with
 * stats=global, binder_logs/. This header is shared by the binderfs*.c files;
 * the rest of the driver needs only swb_binderfs_device() and the module
 * init/exit calls.
 *
 * The directories are not kept in the dcache: every lookup asks the
 * instance (dentries are dropped as soon as they are unused), so adding or
 * removing a device needs no dentry of its own and no filesystem helper
 * that changed between the supported kernels.
 */
#ifndef SWB_BINDERFS_H
#define SWB_BINDERFS_H

#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/uidgid.h>

struct swb_device;

/* Minors of swbinder's own char-device region, shared by all instances. */
#define SWB_BINDERFS_MAX_MINOR	(1U << MINORBITS)

/*
 * Inode numbers. The root and binder-control are 1 and 2, as upstream;
 * devices and proc/<pid> files are numbered by minor and pid.
 */
enum {
	SWB_INO_ROOT = 1,
	SWB_INO_CONTROL = 2,
	SWB_INO_FEATURES = 3,
	SWB_INO_LOGS = 4,
	SWB_INO_LOGS_PROC = 5,
	SWB_INO_FEATURE_FIRST = 16,
	SWB_INO_LOG_FIRST = 64,
	SWB_INO_DEVICE_FIRST = 128,
};
#define SWB_INO_PID_FIRST	(SWB_INO_DEVICE_FIRST + SWB_BINDERFS_MAX_MINOR)

/**
 * struct swb_binderfs_info - one binderfs instance (a superblock's s_fs_info)
 * @lock:         (mutex) protects @devices, @device_count and @max
 * @devices:      the instance's devices (swb_device.fs_entry), oldest first
 * @device_count: devices on @devices, for max=
 * @max:          max= (devices, binder-control not counted); remount may change it
 * @stats_global: stats=global: binder_logs/ exists; invariant
 * @id:           instance id, unique for the module's lifetime; invariant
 * @root_uid, @root_gid: root of the mounting user namespace (owner of every
 *                inode), or the global root if unmapped; invariant
 * @control:      the binder-control inode, pinned until the superblock dies
 * @control_minor: its minor, or -1
 */
struct swb_binderfs_info {
	struct mutex lock;
	struct list_head devices;
	u32 device_count;
	u32 max;
	bool stats_global;
	u64 id;
	kuid_t root_uid;
	kgid_t root_gid;
	struct inode *control;
	int control_minor;
};

static inline struct swb_binderfs_info *swb_binderfs_info(const struct inode *inode)
{
	return inode->i_sb->s_fs_info;
}

/* binderfs.c: the filesystem and its instances. */
int swb_binderfs_init(void);
void swb_binderfs_exit(void);
struct swb_device *swb_binderfs_device(const struct inode *inode);
struct inode *swb_binderfs_new_inode(struct super_block *sb, unsigned long ino, umode_t mode);
struct inode *swb_binderfs_new_dir(struct super_block *sb, unsigned long ino,
				   const struct inode_operations *iops,
				   const struct file_operations *fops);
extern const struct dentry_operations swb_binderfs_dentry_ops;
extern dev_t swb_binderfs_dev;

/* binderfs_devices.c: binder-control, device creation and removal. */
int swb_binderfs_alloc_minor(void);
void swb_binderfs_free_minor(int minor);
int swb_binderfs_create_control(struct super_block *sb);
int swb_binderfs_add_device(struct super_block *sb, const char *name, u32 *minor);
void swb_binderfs_remove_all(struct swb_binderfs_info *info);
int swb_binderfs_unlink(struct inode *dir, struct dentry *dentry);
struct swb_device *swb_binderfs_find_locked(struct swb_binderfs_info *info, const char *name);
int swb_binderfs_check_default_devices(const char *list);
int swb_binderfs_add_default_devices(struct super_block *sb, const char *list);

/* binderfs_files.c: features/ and binder_logs/. */
struct inode *swb_binderfs_features_dir(struct super_block *sb);
struct inode *swb_binderfs_logs_dir(struct super_block *sb);

#endif /* SWB_BINDERFS_H */

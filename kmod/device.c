// SPDX-License-Identifier: GPL-2.0-only
/*
 * Binder devices: parse and validate the devices= list, register one misc
 * device per name, unregister them all on unload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "swbinder.h"
#include "binderfs.h"
#include "include/uapi/linux/android/binderfs.h"

static LIST_HEAD(swb_devices);
static DEFINE_MUTEX(swb_device_list_lock);

/* A name becomes a /dev entry: keep it short and free of path characters. */
static const char *swb_name_problem(const char *name)
{
	const char *c;

	if (!*name)
		return "empty device name";
	if (strlen(name) > BINDERFS_MAX_NAME)
		return "device name longer than 255 characters";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "device name may not be . or ..";
	for (c = name; *c; c++)
		if (!isalnum(*c) && *c != '-' && *c != '_' && *c != '.')
			return "device names may contain only letters, digits, '-', '_' and '.'";
	return NULL;
}

/*
 * Splits @list in place into @names (at most @max); checks every name and
 * that none repeats, so a bad list registers nothing. Returns the count.
 */
static int swb_split_list(char *list, char **names, int max)
{
	const char *problem;
	char *name;
	int count = 0, i;

	while ((name = strsep(&list, ",")) != NULL) {
		problem = swb_name_problem(name);
		if (problem) {
			pr_err("refusing to load: devices=: %s: \"%s\"\n", problem, name);
			return -EINVAL;
		}
		for (i = 0; i < count; i++) {
			if (!strcmp(names[i], name)) {
				pr_err("refusing to load: devices=: \"%s\" appears twice\n", name);
				return -EINVAL;
			}
		}
		if (count == max)
			return -EINVAL;
		names[count++] = name;
	}
	return count;
}

/* A new device with one reference, the caller's; not yet reachable. */
struct swb_device *swb_device_alloc(const char *name)
{
	struct swb_device *device;
	size_t len = strlen(name) + 1;

	device = kzalloc(struct_size(device, name, len), GFP_KERNEL);
	if (!device)
		return NULL;
	memcpy(device->name, name, len);
	refcount_set(&device->ref, 1);
	device->minor = -1;
	INIT_LIST_HEAD(&device->fs_entry);
	spin_lock_init(&device->lock);
	mutex_init(&device->context_mgr_mutex);
	/* No context manager yet: the first one pins its euid. */
	device->context_mgr_uid = INVALID_UID;
	return device;
}

void swb_device_put(struct swb_device *device)
{
	if (!refcount_dec_and_test(&device->ref))
		return;
	if (device->minor >= 0)
		swb_binderfs_free_minor(device->minor);
	kfree(device);
}

static int swb_device_add(const char *name)
{
	struct swb_device *device;
	int ret;

	device = swb_device_alloc(name);
	if (!device)
		return -ENOMEM;
	device->misc.minor = MISC_DYNAMIC_MINOR;
	device->misc.name = device->name;
	device->misc.fops = &swb_fops;
	ret = misc_register(&device->misc);
	if (ret) {
		pr_err("cannot create /dev/%s (error %d)%s\n", name, ret,
		       ret == -EBUSY ? ": the name is taken, is binder_linux loaded with it?" : "");
		swb_device_put(device);
		return ret;
	}
	list_add_tail(&device->node, &swb_devices);
	return 0;
}

int swb_devices_register(const char *list)
{
	char *copy, **names;
	int count, i, ret = 0;

	if (!list || !*list) {
		pr_err("refusing to load: devices= is empty\n");
		return -EINVAL;
	}
	copy = kstrdup(list, GFP_KERNEL);
	/* n commas separate n + 1 names. */
	count = 1;
	for (i = 0; copy && copy[i]; i++)
		count += copy[i] == ',';
	names = kcalloc(count, sizeof(*names), GFP_KERNEL);
	if (!copy || !names) {
		ret = -ENOMEM;
		goto out;
	}
	count = swb_split_list(copy, names, count);
	if (count < 0) {
		ret = count;
		goto out;
	}
	mutex_lock(&swb_device_list_lock);
	for (i = 0; i < count && !ret; i++)
		ret = swb_device_add(names[i]);
	mutex_unlock(&swb_device_list_lock);
	if (ret)
		swb_devices_unregister();
out:
	kfree(names);
	kfree(copy);
	return ret;
}

void swb_devices_unregister(void)
{
	struct swb_device *device, *next;

	mutex_lock(&swb_device_list_lock);
	list_for_each_entry_safe(device, next, &swb_devices, node) {
		misc_deregister(&device->misc);
		list_del(&device->node);
		swb_device_put(device);
	}
	mutex_unlock(&swb_device_list_lock);
}

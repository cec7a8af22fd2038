// SPDX-License-Identifier: GPL-2.0-only
/*
 * swbinder: the Android Binder IPC driver as a loadable module.
 *
 * The protocol tables and uapi headers are generated from Swift specs
 * (Sources/BinderSpec); this file only loads and unloads the module: misc
 * devices (devices=, device.c) and the binderfs filesystem (binderfs.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

#include "swbinder.h"
#include "binderfs.h"
#include "caches.h"
#include "file_cycles.h"
#include "lsm.h"
#include "netlink_report.h"
#include "stats.h"

static char *devices = "binder,hwbinder,vndbinder";
module_param(devices, charp, 0444);
MODULE_PARM_DESC(devices, "Comma-separated binder device names to create under /dev");

static int __init swb_init(void)
{
	int ret;

	ret = swb_caches_init();
	if (ret)
		return ret;
	ret = swb_alloc_module_init();
	if (ret)
		goto err_alloc;
	swb_debugfs_init();
	/* Before the devices: a failure must find the family registered. */
	ret = swb_report_init();
	if (ret) {
		pr_err("cannot register the transaction report family: %d\n", ret);
		goto err_report;
	}
	ret = swb_devices_register(devices);
	if (ret)
		goto err_devices;
	ret = swb_binderfs_init();
	if (ret)
		goto err_binderfs;
	swb_lsm_report();
	return 0;

err_binderfs:
	swb_devices_unregister();
err_devices:
	swb_report_exit();
err_report:
	swb_debugfs_exit();
	swb_alloc_module_exit();
err_alloc:
	swb_caches_exit();
	return ret;
}

static void __exit swb_exit(void)
{
	swb_binderfs_exit();
	swb_devices_unregister();
	/* No proc is left to queue it again. */
	swb_file_cycles_stop();
	swb_report_exit();
	swb_debugfs_exit();
	swb_alloc_module_exit();
	/* Last: every object pins the module, so none is left in them. */
	swb_caches_exit();
}

module_init(swb_init);
module_exit(swb_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("SwiftBinder developers");
MODULE_DESCRIPTION("Android Binder IPC driver generated from Swift protocol tables");

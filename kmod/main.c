// SPDX-License-Identifier: GPL-2.0-only
/*
 * swbinder: the Android Binder IPC driver as a loadable module.
 *
 * The protocol tables and uapi headers are generated from Swift specs
 * (Sources/BinderSpec); this file only loads and unloads the module.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

#include "swbinder.h"
#include "lsm.h"
#include "netlink_report.h"
#include "stats.h"

static char *devices = "binder,hwbinder,vndbinder";
module_param(devices, charp, 0444);
MODULE_PARM_DESC(devices, "Comma-separated binder device names to create under /dev");

static int __init swb_init(void)
{
	int ret;

	ret = swb_alloc_module_init();
	if (ret)
		return ret;
	swb_debugfs_init();
	/* Before the devices: a failure must find the family registered. */
	ret = swb_report_init();
	if (ret) {
		pr_err("cannot register the transaction report family: %d\n", ret);
		swb_debugfs_exit();
		swb_alloc_module_exit();
		return ret;
	}
	ret = swb_devices_register(devices);
	if (ret) {
		swb_report_exit();
		swb_debugfs_exit();
		swb_alloc_module_exit();
		return ret;
	}
	swb_lsm_report();
	return 0;
}

static void __exit swb_exit(void)
{
	swb_devices_unregister();
	swb_report_exit();
	swb_debugfs_exit();
	swb_alloc_module_exit();
}

module_init(swb_init);
module_exit(swb_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("SwiftBinder developers");
MODULE_DESCRIPTION("Android Binder IPC driver generated from Swift protocol tables");

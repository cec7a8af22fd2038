// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ioctls whose driver support is still to be written: node introspection
 * (see the open issues). Until then each one fails cleanly with EINVAL and
 * a rate-limited debug message, so no caller mistakes it for success.
 */
#include "swbinder.h"

static int swb_not_yet(struct swb_thread *thread, const char *what)
{
	swb_user_error(thread->proc, "%s is not implemented yet\n", what);
	return -EINVAL;
}

long swb_ioctl_get_node_debug_info(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	return swb_not_yet(thread, "BINDER_GET_NODE_DEBUG_INFO");
}

long swb_ioctl_get_node_info_for_ref(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	return swb_not_yet(thread, "BINDER_GET_NODE_INFO_FOR_REF");
}

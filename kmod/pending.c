// SPDX-License-Identifier: GPL-2.0-only
/*
 * Commands and ioctls whose driver support is still to be written: freeze
 * notifications and node introspection (see the open issues). Until then each one
 * fails cleanly with EINVAL and a rate-limited debug message, so no caller
 * mistakes it for success.
 */
#include "swbinder.h"

static int swb_not_yet(struct swb_thread *thread, const char *what)
{
	swb_user_error(thread->proc, "%s is not implemented yet\n", what);
	return -EINVAL;
}















int swb_bc_request_freeze_notification(struct swb_thread *thread,
		const struct binder_handle_cookie *arg)
{
	return swb_not_yet(thread, "BC_REQUEST_FREEZE_NOTIFICATION");
}

int swb_bc_clear_freeze_notification(struct swb_thread *thread,
		const struct binder_handle_cookie *arg)
{
	return swb_not_yet(thread, "BC_CLEAR_FREEZE_NOTIFICATION");
}

int swb_bc_freeze_notification_done(struct swb_thread *thread, binder_uintptr_t arg)
{
	return swb_not_yet(thread, "BC_FREEZE_NOTIFICATION_DONE");
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

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Commands and ioctls whose driver support is still to be written: freeze
 * notifications, and freezing (see the open issues). Until then each one
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

long swb_ioctl_freeze(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	return swb_not_yet(thread, "BINDER_FREEZE");
}

long swb_ioctl_get_frozen_info(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	return swb_not_yet(thread, "BINDER_GET_FROZEN_INFO");
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Commands and ioctls whose driver support is still to be written: the
 * transaction engine, references, death and freeze notifications, the
 * context manager and freezing (see the open issues). Until then each one
 * fails cleanly with EINVAL and a rate-limited debug message, so no caller
 * mistakes it for success.
 */
#include "swbinder.h"

static int swb_not_yet(struct swb_thread *thread, const char *what)
{
	swb_user_error(thread->proc, "%s is not implemented yet\n", what);
	return -EINVAL;
}

int swb_bc_transaction(struct swb_thread *thread,
		const struct binder_transaction_data *arg)
{
	return swb_not_yet(thread, "BC_TRANSACTION");
}

int swb_bc_reply(struct swb_thread *thread,
		const struct binder_transaction_data *arg)
{
	return swb_not_yet(thread, "BC_REPLY");
}

int swb_bc_free_buffer(struct swb_thread *thread, binder_uintptr_t arg)
{
	return swb_not_yet(thread, "BC_FREE_BUFFER");
}

int swb_bc_increfs(struct swb_thread *thread, __u32 arg)
{
	return swb_not_yet(thread, "BC_INCREFS");
}

int swb_bc_acquire(struct swb_thread *thread, __u32 arg)
{
	return swb_not_yet(thread, "BC_ACQUIRE");
}

int swb_bc_release(struct swb_thread *thread, __u32 arg)
{
	return swb_not_yet(thread, "BC_RELEASE");
}

int swb_bc_decrefs(struct swb_thread *thread, __u32 arg)
{
	return swb_not_yet(thread, "BC_DECREFS");
}

int swb_bc_increfs_done(struct swb_thread *thread,
		const struct binder_ptr_cookie *arg)
{
	return swb_not_yet(thread, "BC_INCREFS_DONE");
}

int swb_bc_acquire_done(struct swb_thread *thread,
		const struct binder_ptr_cookie *arg)
{
	return swb_not_yet(thread, "BC_ACQUIRE_DONE");
}

int swb_bc_request_death_notification(struct swb_thread *thread,
		const struct binder_handle_cookie *arg)
{
	return swb_not_yet(thread, "BC_REQUEST_DEATH_NOTIFICATION");
}

int swb_bc_clear_death_notification(struct swb_thread *thread,
		const struct binder_handle_cookie *arg)
{
	return swb_not_yet(thread, "BC_CLEAR_DEATH_NOTIFICATION");
}

int swb_bc_dead_binder_done(struct swb_thread *thread, binder_uintptr_t arg)
{
	return swb_not_yet(thread, "BC_DEAD_BINDER_DONE");
}

int swb_bc_transaction_sg(struct swb_thread *thread,
		const struct binder_transaction_data_sg *arg)
{
	return swb_not_yet(thread, "BC_TRANSACTION_SG");
}

int swb_bc_reply_sg(struct swb_thread *thread,
		const struct binder_transaction_data_sg *arg)
{
	return swb_not_yet(thread, "BC_REPLY_SG");
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

long swb_ioctl_set_context_mgr(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	return swb_not_yet(thread, "BINDER_SET_CONTEXT_MGR");
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

long swb_ioctl_set_context_mgr_ext(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	return swb_not_yet(thread, "BINDER_SET_CONTEXT_MGR_EXT");
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

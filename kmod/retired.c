// SPDX-License-Identifier: GPL-2.0-only
/*
 * Commands declared in the uapi but never supported upstream: the write
 * fails with EINVAL, exactly as the kernel's own binder answers.
 */
#include "swbinder.h"

int swb_bc_acquire_result(struct swb_thread *thread, __s32 arg)
{
	swb_user_error(thread->proc, "BC_ACQUIRE_RESULT is not supported\n");
	return -EINVAL;
}

int swb_bc_attempt_acquire(struct swb_thread *thread,
		const struct binder_pri_desc *arg)
{
	swb_user_error(thread->proc, "BC_ATTEMPT_ACQUIRE is not supported\n");
	return -EINVAL;
}

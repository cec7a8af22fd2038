// SPDX-License-Identifier: GPL-2.0-only
/*
 * The thread pool: threads join with BC_ENTER_LOOPER (their own) or
 * BC_REGISTER_LOOPER (answering BR_SPAWN_LOOPER) and leave with
 * BC_EXIT_LOOPER. A bad sequence marks the thread invalid, as upstream:
 * it is a user error, not a failed write.
 */
#include "swbinder.h"

int swb_bc_register_looper(struct swb_thread *thread)
{
	struct swb_proc *proc = thread->proc;

	swb_lock(proc);
	if (thread->looper & SWB_LOOPER_ENTERED) {
		thread->looper |= SWB_LOOPER_INVALID;
		swb_user_error(proc, "%d: BC_REGISTER_LOOPER after BC_ENTER_LOOPER\n", thread->pid);
	} else if (proc->requested_threads == 0) {
		thread->looper |= SWB_LOOPER_INVALID;
		swb_user_error(proc, "%d: BC_REGISTER_LOOPER without a spawn request\n", thread->pid);
	} else {
		proc->requested_threads--;
		proc->requested_threads_started++;
	}
	thread->looper |= SWB_LOOPER_REGISTERED;
	swb_unlock(proc);
	return 0;
}

int swb_bc_enter_looper(struct swb_thread *thread)
{
	struct swb_proc *proc = thread->proc;

	swb_lock(proc);
	if (thread->looper & SWB_LOOPER_REGISTERED) {
		thread->looper |= SWB_LOOPER_INVALID;
		swb_user_error(proc, "%d: BC_ENTER_LOOPER after BC_REGISTER_LOOPER\n", thread->pid);
	}
	thread->looper |= SWB_LOOPER_ENTERED;
	swb_unlock(proc);
	return 0;
}

int swb_bc_exit_looper(struct swb_thread *thread)
{
	struct swb_proc *proc = thread->proc;

	swb_lock(proc);
	thread->looper |= SWB_LOOPER_EXITED;
	swb_unlock(proc);
	return 0;
}

/*
 * At the end of a read: ask for one more looper when no request is
 * outstanding, nobody waits for process work, the pool is below
 * max_threads and the reader itself is a looper.
 */
bool swb_should_spawn_looper_locked(struct swb_thread *thread)
{
	struct swb_proc *proc = thread->proc;

	return proc->requested_threads == 0 && list_empty(&proc->waiting_threads) &&
	       proc->requested_threads_started < proc->max_threads &&
	       (thread->looper & (SWB_LOOPER_REGISTERED | SWB_LOOPER_ENTERED));
}

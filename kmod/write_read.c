// SPDX-License-Identifier: GPL-2.0-only
/*
 * BINDER_WRITE_READ: run the command stream through the generated command
 * table, then fill the read buffer with work, sleeping if there is none.
 */
#include <linux/freezer.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include "swbinder.h"

/* One command: look it up by number, copy its payload, run its handler. */
static int swb_run_command(struct swb_thread *thread, u32 code,
			   void __user *payload_ptr)
{
	union {
		u64 align;
		u8 bytes[SWB_BC_PAYLOAD_MAX];
	} payload;
	const struct swb_command *command;
	unsigned int nr = _IOC_NR(code);

	if (nr >= SWB_BC_COUNT || swb_commands[nr].code != code) {
		swb_user_error(thread->proc, "%d: unknown command %u\n", thread->pid, code);
		return -EINVAL;
	}
	command = &swb_commands[nr];
	if (copy_from_user(payload.bytes, payload_ptr, command->payload_size))
		return -EFAULT;
	return command->handle(thread, payload.bytes);
}

static int swb_thread_write(struct swb_thread *thread, binder_uintptr_t buffer,
			    binder_size_t size, binder_size_t *consumed)
{
	void __user *start = u64_to_user_ptr(buffer);
	void __user *ptr = start + *consumed;
	void __user *end = start + size;
	u32 code;
	int ret;

	while (ptr < end) {
		if (get_user(code, (u32 __user *)ptr))
			return -EFAULT;
		ptr += sizeof(code);
		ret = swb_run_command(thread, code, ptr);
		if (ret)
			return ret;
		/* Like upstream, a payload may run past write_size. */
		ptr += _IOC_SIZE(code);
		*consumed = ptr - start;
	}
	return 0;
}

/* Sleeps until the thread has work; -EAGAIN or -EINTR instead of sleeping. */
static int swb_wait_for_work(struct swb_thread *thread, bool nonblock)
{
	struct swb_proc *proc = thread->proc;
	DEFINE_WAIT(wait);
	int ret = 0;

	spin_lock(&proc->lock);
	thread->looper |= SWB_LOOPER_WAITING;
	proc->waiting_threads++;
	for (;;) {
		if (swb_thread_has_work_locked(thread))
			break;
		if (nonblock) {
			ret = -EAGAIN;
			break;
		}
		prepare_to_wait(&thread->wait, &wait, TASK_INTERRUPTIBLE | TASK_FREEZABLE);
		spin_unlock(&proc->lock);
		schedule();
		spin_lock(&proc->lock);
		finish_wait(&thread->wait, &wait);
		if (signal_pending(current)) {
			ret = -EINTR;
			break;
		}
	}
	proc->waiting_threads--;
	thread->looper &= ~SWB_LOOPER_WAITING;
	spin_unlock(&proc->lock);
	return ret;
}

static int swb_thread_read(struct swb_thread *thread, binder_uintptr_t buffer,
			   binder_size_t size, binder_size_t *consumed,
			   bool nonblock)
{
	struct swb_proc *proc = thread->proc;
	void __user *start = u64_to_user_ptr(buffer);
	void __user *ptr = start + *consumed;
	bool spawn;
	int ret;

	/* Every read that starts at offset 0 begins with BR_NOOP. */
	if (*consumed == 0) {
		if (put_user(BR_NOOP, (u32 __user *)ptr))
			return -EFAULT;
		ptr += sizeof(u32);
	}
	spin_lock(&proc->lock);
	if (!(thread->looper & (SWB_LOOPER_REGISTERED | SWB_LOOPER_ENTERED)))
		swb_user_error(proc, "%d: waiting for work before BC_ENTER_LOOPER or BC_REGISTER_LOOPER\n",
			       thread->pid);
	spin_unlock(&proc->lock);

	ret = swb_wait_for_work(thread, nonblock);
	if (ret)
		return ret;
	*consumed = ptr - start;

	/* Ask for another looper by turning the leading BR_NOOP into a spawn. */
	spin_lock(&proc->lock);
	spawn = swb_should_spawn_looper_locked(thread);
	if (spawn)
		proc->requested_threads++;
	spin_unlock(&proc->lock);
	if (spawn && put_user(BR_SPAWN_LOOPER, (u32 __user *)start))
		return -EFAULT;
	return 0;
}

long swb_ioctl_write_read(struct file *filp, struct swb_thread *thread,
		void __user *arg)
{
	struct binder_write_read bwr;
	int ret = 0;

	if (copy_from_user(&bwr, arg, sizeof(bwr)))
		return -EFAULT;
	if (bwr.write_size > 0) {
		ret = swb_thread_write(thread, bwr.write_buffer, bwr.write_size,
				       &bwr.write_consumed);
		if (ret < 0) {
			bwr.read_consumed = 0;
			goto out;
		}
	}
	if (bwr.read_size > 0)
		ret = swb_thread_read(thread, bwr.read_buffer, bwr.read_size,
				      &bwr.read_consumed, filp->f_flags & O_NONBLOCK);
out:
	if (copy_to_user(arg, &bwr, sizeof(bwr)))
		ret = -EFAULT;
	return ret;
}

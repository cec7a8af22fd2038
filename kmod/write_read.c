// SPDX-License-Identifier: GPL-2.0-only
/*
 * BINDER_WRITE_READ: run the command stream through the generated command
 * table, then fill the read buffer with work, sleeping if there is none.
 */
#include <linux/freezer.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "swbinder.h"
#include "alloc.h"
#include "node.h"
#include "transaction.h"
#include "caches.h"
#include "stats.h"
#include "swb_trace.h"

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
	swb_stat_command(code);
	trace_swbinder_command(code);
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

	/* A failed transaction stops the stream until its error is read. */
	while (ptr < end && thread->return_error.cmd == BR_OK) {
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

/* A looper with nothing of its own to do serves the whole proc. */
static bool swb_takes_proc_work_locked(struct swb_thread *thread)
{
	return !thread->transaction_stack && list_empty(&thread->todo) &&
	       (thread->looper & (SWB_LOOPER_REGISTERED | SWB_LOOPER_ENTERED));
}

/*
 * Work counts only while @todo really holds some: should work ever leave
 * @todo another way than through a read, process_todo stays set, and
 * trusting it alone makes the read find nothing, retry at once and spin
 * in the kernel for good. (It happened: a death notice on a dead node,
 * once queued to the looper itself, left with its ref on BC_DECREFS.)
 */
static bool swb_has_work_locked(struct swb_thread *thread, bool proc_work)
{
	return (thread->process_todo && !list_empty(&thread->todo)) || thread->need_return ||
	       (proc_work && !list_empty(&thread->proc->todo));
}

bool swb_thread_has_work_locked(struct swb_thread *thread)
{
	return swb_has_work_locked(thread, swb_takes_proc_work_locked(thread));
}

/*
 * Sleeps until the thread has work; -EAGAIN or -EINTR instead of sleeping.
 * *@proc_work_now says, as the wait ends, whether the thread may take the
 * proc's work (told here to save the reader another trip through the lock).
 */
static int swb_wait_for_work(struct swb_thread *thread, bool nonblock, bool *proc_work_now)
{
	struct swb_proc *proc = thread->proc;
	bool proc_work;
	DEFINE_WAIT(wait);
	int ret = 0;

	swb_lock(proc);
	proc_work = swb_takes_proc_work_locked(thread);
	thread->looper |= SWB_LOOPER_WAITING;
	for (;;) {
		if (swb_has_work_locked(thread, proc_work))
			break;
		if (nonblock) {
			ret = -EAGAIN;
			break;
		}
		prepare_to_wait(&thread->wait, &wait, TASK_INTERRUPTIBLE | TASK_FREEZABLE);
		if (proc_work)
			list_add(&thread->waiting_entry, &proc->waiting_threads);
		swb_unlock(proc);
		schedule();
		swb_lock(proc);
		list_del_init(&thread->waiting_entry);
		finish_wait(&thread->wait, &wait);
		if (signal_pending(current)) {
			ret = -EINTR;
			break;
		}
	}
	thread->looper &= ~SWB_LOOPER_WAITING;
	*proc_work_now = swb_takes_proc_work_locked(thread);
	swb_unlock(proc);
	return ret;
}

static int swb_put_u32(void __user **ptr, u32 value)
{
	if (put_user(value, (u32 __user *)*ptr))
		return -EFAULT;
	*ptr += sizeof(u32);
	return 0;
}

/* A BR_ code, counted for the stats. */
static int swb_put_return(void __user **ptr, u32 cmd)
{
	swb_stat_return(cmd);
	trace_swbinder_return(cmd);
	return swb_put_u32(ptr, cmd);
}

static int swb_put(void __user **ptr, const void *value, size_t size)
{
	if (copy_to_user(*ptr, value, size))
		return -EFAULT;
	*ptr += size;
	return 0;
}

/*
 * Fills the binder_transaction_data for @t as the reading thread sees it,
 * and takes the call onto the thread's stack (sync calls) or frees it
 * (replies and oneway calls: only the buffer remains, until BC_FREE_BUFFER).
 * Returns the BR_ code; sets *@nice to the nice value to serve a call at.
 */
static u32 swb_take_transaction_locked(struct swb_thread *thread, struct swb_transaction *t,
				       struct binder_transaction_data_secctx *trs, long *nice)
{
	struct binder_transaction_data *tr = &trs->transaction_data;
	struct swb_buffer *buffer = t->buffer;
	struct swb_node *node = buffer->target_node;
	u32 cmd = node ? BR_TRANSACTION : BR_REPLY;

	memset(trs, 0, sizeof(*trs));
	if (node && t->security_ctx) {
		cmd = BR_TRANSACTION_SEC_CTX;
		trs->secctx = t->security_ctx;
	}
	if (node) {
		tr->target.ptr = node->ptr;
		tr->cookie = node->cookie;
		t->saved_priority = task_nice(current);
		*nice = swb_serving_nice(t->saved_priority, t->priority, node->min_priority,
					 t->flags & TF_ONE_WAY);
	}
	tr->code = t->code;
	tr->flags = t->flags;
	tr->sender_euid = from_kuid(current_user_ns(), t->sender_euid);
	if (t->from)
		tr->sender_pid = task_tgid_nr_ns(t->from->proc->tsk, task_active_pid_ns(current));
	tr->data_size = buffer->data_size;
	tr->offsets_size = buffer->offsets_size;
	tr->data.ptr.buffer = buffer->user_data;
	tr->data.ptr.offsets = buffer->user_data + ALIGN(buffer->data_size, sizeof(u64));
	buffer->allow_user_free = 1;
	trace_swbinder_transaction_received(thread, t, buffer, cmd);
	if (cmd != BR_REPLY && t->need_reply) {
		t->to_parent = thread->transaction_stack;
		t->to_thread = thread;
		thread->transaction_stack = t;
	} else {
		swb_transaction_free_locked(t);
	}
	return cmd;
}

/*
 * The reader's buffer was not writable, so it never learnt of a transaction
 * it has taken. As upstream, a sync call @t (NULL otherwise) fails with
 * BR_FAILED_REPLY; unlike upstream, the buffer is freed at once rather than
 * left allocated until the proc goes away, which also lets the node's next
 * oneway call through.
 */
static void swb_transaction_undeliverable(struct swb_thread *thread, struct swb_transaction *t,
					  binder_uintptr_t data)
{
	struct swb_proc *proc = thread->proc;

	swb_lock(proc);
	if (t && thread->transaction_stack == t && t->to_thread == thread) {
		thread->transaction_stack = t->to_parent;
		t->to_thread = NULL;
		swb_send_failed_reply_locked(t, BR_FAILED_REPLY);
	}
	swb_unlock(proc);
	swb_free_user_buffer(thread, data);
}

/* Death notification work: which BR_ code, and who owns the item now. */
static u32 swb_take_death_locked(struct swb_proc *proc, struct swb_work *w,
				 binder_uintptr_t *cookie)
{
	struct swb_ref_death *death = container_of(w, struct swb_ref_death, work);

	*cookie = death->cookie;
	if (w->type == SWB_WORK_CLEAR_DEATH_NOTIFICATION) {
		kfree(death);
		swb_stat_deleted(SWB_STAT_DEATH);
		return BR_CLEAR_DEATH_NOTIFICATION_DONE;
	}
	/* Kept until BC_DEAD_BINDER_DONE names its cookie. */
	list_add_tail(&w->entry, &proc->delivered_death);
	return BR_DEAD_BINDER;
}

/* Node work: up to two ref changes for the owner. */
static int swb_put_node_work(struct swb_proc *proc, struct swb_node *node, void __user **ptr)
{
	struct binder_ptr_cookie pc = { .ptr = node->ptr, .cookie = node->cookie };
	u32 cmds[4];
	bool free_node;
	int i, n;

	n = swb_node_work_returns(node, cmds, &free_node);
	swb_unlock(proc);
	if (free_node)
		swb_node_free(node);
	for (i = 0; i < n; i++) {
		if (swb_put_return(ptr, cmds[i]) || swb_put(ptr, &pc, sizeof(pc)))
			return -EFAULT;
	}
	return 0;
}

enum swb_read_step { SWB_READ_MORE, SWB_READ_DONE, SWB_READ_RETRY };

/* Takes one work item and writes what it says; called and returns unlocked. */
static int swb_read_one(struct swb_thread *thread, bool proc_work, void __user **ptr,
			void __user *start, void __user *end, enum swb_read_step *step)
{
	struct swb_proc *proc = thread->proc;
	struct binder_transaction_data_secctx trs;
	struct binder_frozen_state_info frozen;
	struct swb_transaction *t;
	long nice;
	struct list_head *list;
	bool is_reply;
	struct swb_work *w;
	binder_uintptr_t cookie;
	u32 cmd;

	*step = SWB_READ_MORE;
	swb_lock(proc);
	if (!list_empty(&thread->todo))
		list = &thread->todo;
	else if (proc_work && !list_empty(&proc->todo))
		list = &proc->todo;
	else {
		/* Woken with nothing to say: sleep again, unless told to return. */
		*step = *ptr - start == sizeof(u32) && !thread->need_return ?
			SWB_READ_RETRY : SWB_READ_DONE;
		swb_unlock(proc);
		return 0;
	}
	/* Only start an item if any return fits. */
	if (end - *ptr < sizeof(struct binder_transaction_data_secctx) + sizeof(u32)) {
		*step = SWB_READ_DONE;
		swb_unlock(proc);
		return 0;
	}
	w = list_first_entry(list, struct swb_work, entry);
	swb_dequeue_work_locked(w);
	if (list == &thread->todo && list_empty(&thread->todo))
		thread->process_todo = false;

	switch (w->type) {
	case SWB_WORK_TRANSACTION:
		t = container_of(w, struct swb_transaction, work);
		if (!list_empty(&t->fd_fixups)) {
			is_reply = !t->buffer->target_node;
			swb_unlock(proc);
			if (swb_transaction_receive_fds(thread, t)) {
				/* Dropped: only a reply's receiver hears of it. */
				if (!is_reply)
					return 0;
				*step = SWB_READ_DONE;
				return swb_put_return(ptr, BR_FAILED_REPLY);
			}
			swb_lock(proc);
		}
		nice = task_nice(current);
		cmd = swb_take_transaction_locked(thread, t, &trs, &nice);
		swb_unlock(proc);
		if (nice != task_nice(current))
			swb_set_nice(nice);
		*step = SWB_READ_DONE;
		if (swb_put_return(ptr, cmd) ||
		    swb_put(ptr, &trs, cmd == BR_TRANSACTION_SEC_CTX ? sizeof(trs) : sizeof(trs.transaction_data))) {
			/* Only a sync call is still there: the rest was freed. */
			swb_transaction_undeliverable(thread, cmd != BR_REPLY &&
						      !(trs.transaction_data.flags & TF_ONE_WAY) ? t : NULL,
						      trs.transaction_data.data.ptr.buffer);
			return -EFAULT;
		}
		return 0;
	case SWB_WORK_TRANSACTION_COMPLETE:
	case SWB_WORK_ONEWAY_SPAM_SUSPECT:
	case SWB_WORK_TRANSACTION_PENDING_FROZEN:
		cmd = w->type == SWB_WORK_TRANSACTION_COMPLETE ? BR_TRANSACTION_COMPLETE :
		      w->type == SWB_WORK_ONEWAY_SPAM_SUSPECT ? BR_ONEWAY_SPAM_SUSPECT :
		      BR_TRANSACTION_PENDING_FROZEN;
		swb_unlock(proc);
		swb_complete_kfree(w);
		swb_stat_deleted(SWB_STAT_TRANSACTION_COMPLETE);
		return swb_put_return(ptr, cmd);
	case SWB_WORK_RETURN_ERROR: {
		struct swb_error_work *e = container_of(w, struct swb_error_work, work);

		cmd = e->cmd;
		e->cmd = BR_OK;
		swb_unlock(proc);
		return swb_put_return(ptr, cmd);
	}
	case SWB_WORK_NODE:
		return swb_put_node_work(proc, container_of(w, struct swb_node, work), ptr);
	case SWB_WORK_FROZEN_BINDER:
	case SWB_WORK_CLEAR_FREEZE_NOTIFICATION:
		cmd = swb_take_freeze_locked(proc, w, &frozen);
		swb_unlock(proc);
		if (cmd == BR_FROZEN_BINDER) {
			/* May make userspace start calls: stop after it, as for deaths. */
			*step = SWB_READ_DONE;
			if (swb_put_return(ptr, cmd) || swb_put(ptr, &frozen, sizeof(frozen)))
				return -EFAULT;
			return 0;
		}
		if (swb_put_return(ptr, cmd) || swb_put(ptr, &frozen.cookie, sizeof(frozen.cookie)))
			return -EFAULT;
		return 0;
	case SWB_WORK_DEAD_BINDER:
	case SWB_WORK_DEAD_BINDER_AND_CLEAR:
	case SWB_WORK_CLEAR_DEATH_NOTIFICATION:
		cmd = swb_take_death_locked(proc, w, &cookie);
		swb_unlock(proc);
		/* A death can make userspace start calls: stop after it. */
		if (cmd == BR_DEAD_BINDER)
			*step = SWB_READ_DONE;
		if (swb_put_return(ptr, cmd) || swb_put(ptr, &cookie, sizeof(cookie)))
			return -EFAULT;
		return 0;
	}
	swb_unlock(proc);
	return 0;
}

static int swb_thread_read(struct swb_thread *thread, binder_uintptr_t buffer,
			   binder_size_t size, binder_size_t *consumed,
			   bool nonblock)
{
	struct swb_proc *proc = thread->proc;
	void __user *start = u64_to_user_ptr(buffer);
	void __user *ptr = start + *consumed;
	void __user *end = start + size;
	enum swb_read_step step;
	bool proc_work, spawn = false;
	int ret;

	/* Every read that starts at offset 0 begins with BR_NOOP. */
	if (*consumed == 0 && swb_put_return(&ptr, BR_NOOP)) {
		ret = -EFAULT;
		goto out;
	}
	/* An idle looper serves the proc at the proc's own nice value. */
	swb_lock(proc);
	proc_work = swb_takes_proc_work_locked(thread);
	swb_unlock(proc);
	if (proc_work)
		swb_set_nice(proc->default_priority);
	do {
		ret = swb_wait_for_work(thread, nonblock, &proc_work);
		if (ret)
			goto out;
		do {
			ret = swb_read_one(thread, proc_work, &ptr, start, end, &step);
			if (ret)
				goto out;
		} while (step == SWB_READ_MORE);
	} while (step == SWB_READ_RETRY);
	*consumed = ptr - start;

out:
	/* One trip through the lock for what every read ends with. */
	swb_lock(proc);
	/* Ask for another looper by turning the leading BR_NOOP into a spawn. */
	if (!ret) {
		spawn = swb_should_spawn_looper_locked(thread);
		if (spawn)
			proc->requested_threads++;
	}
	/* Work left for the proc: let another looper have it. */
	if (!list_empty(&proc->todo))
		swb_wakeup_proc_locked(proc, NULL, false);
	swb_unlock(proc);
	if (spawn) {
		swb_stat_return(BR_SPAWN_LOOPER);
		if (put_user(BR_SPAWN_LOOPER, (u32 __user *)start))
			return -EFAULT;
	}
	return ret;
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
	if (bwr.read_size > 0) {
		ret = swb_thread_read(thread, bwr.read_buffer, bwr.read_size,
				      &bwr.read_consumed, filp->f_flags & O_NONBLOCK);
	}
out:
	if (copy_to_user(arg, &bwr, sizeof(bwr)))
		ret = -EFAULT;
	return ret;
}

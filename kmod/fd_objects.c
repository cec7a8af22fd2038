// SPDX-License-Identifier: GPL-2.0-only
/*
 * File descriptors in transactions (BINDER_TYPE_FD, and each fd of a
 * BINDER_TYPE_FDA array).
 *
 * Sending: in the sender's context, each fd is looked up in the sender's
 * own table (fget) and the file, with the buffer offset where the
 * receiver's fd number goes, is listed as a fixup on the transaction. Only
 * targets that accept fds get them: the node's FLAT_BINDER_FLAG_ACCEPTS_FDS,
 * or for a reply TF_ACCEPT_FDS on the call.
 *
 * Receiving: when a thread of the receiver reads the transaction, in that
 * thread's context, every fixup first gets a close-on-exec fd reserved
 * and its number written into the buffer; only if all of them succeed are
 * the files installed. Otherwise the reserved fds and the files are put
 * back and the transaction fails as upstream's does (see write_read.c).
 *
 * Freeing: fds of an fd array belong to the buffer; BC_FREE_BUFFER closes
 * them in the freeing thread's table. The fd leaves the table at once, but
 * the last reference is dropped by task work on the way back to userspace,
 * so a binder fd named in the array is never released under the ioctl
 * that is using it. BINDER_TYPE_FD fds belong to userspace once delivered.
 *
 * Locking: a fixup list belongs to its transaction (device->lock), except
 * between the reader taking the transaction off its todo list and
 * installing the fds: then only the reading thread can reach it, and it
 * works unlocked (installing may sleep). swb_fd_fixups_free() may run
 * under device->lock: it only drops file references and frees memory
 * (fput is safe in atomic context), and no fd is reserved at that point.
 */
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/task_work.h>

#include "swbinder.h"
#include "alloc.h"
#include "compat.h"
#include "lsm.h"
#include "transaction.h"
#include "translate.h"
#include "fault_inject.h"
#include "file_cycles.h"

/**
 * struct swb_fd_fixup - one file on its way to the receiver
 * @entry:  in the transaction's fixup list
 * @file:   the sender's file (reference held)
 * @offset: where the receiver's fd number goes in the buffer
 * @fd:     the fd reserved in the receiver, or -1
 * @binder_file: @file is a swbinder file (counted for file_cycles.c)
 */
struct swb_fd_fixup {
	struct list_head entry;
	struct file *file;
	u64 offset;
	int fd;
	bool binder_file;
};

/* The fixup no longer holds its file (installed or put back). */
static void swb_fd_fixup_destroy(struct swb_fd_fixup *fixup)
{
	if (fixup->binder_file)
		swb_binder_file_in_flight(-1);
	list_del(&fixup->entry);
	kfree(fixup);
}

int swb_translate_fd(struct swb_translation *tr, u32 fd, u64 fd_offset)
{
	struct swb_thread *thread = tr->thread;
	struct swb_fd_fixup *fixup;
	struct file *file;
	int ret;

	if (!tr->accept_fds) {
		swb_user_error(thread->proc, "%d: fd %u sent to a target that does not accept fds\n",
			       thread->pid, fd);
		return -EPERM;
	}
	file = fget(fd);
	if (!file) {
		swb_user_error(thread->proc, "%d: sent invalid fd %u\n", thread->pid, fd);
		return -EBADF;
	}
	ret = swb_lsm_transfer_file(thread->proc->cred, tr->target->cred, file);
	if (ret < 0) {
		fput(file);
		return -EPERM;
	}
	fixup = swb_kzalloc(sizeof(*fixup), GFP_KERNEL);
	if (!fixup) {
		fput(file);
		return -ENOMEM;
	}
	fixup->file = file;
	fixup->offset = fd_offset;
	fixup->fd = -1;
	fixup->binder_file = swb_is_binder_file(file);
	if (fixup->binder_file)
		swb_binder_file_in_flight(1);
	list_add_tail(&fixup->entry, tr->fd_fixups);
	return 0;
}

void swb_fd_fixups_visit_files(struct list_head *fixups,
			       void (*visit)(struct file *file, void *arg), void *arg)
{
	struct swb_fd_fixup *fixup;

	list_for_each_entry(fixup, fixups, entry)
		visit(fixup->file, arg);
}

void swb_fd_fixups_free(struct list_head *fixups)
{
	struct swb_fd_fixup *fixup, *next;
	bool binder_files = false;

	list_for_each_entry_safe(fixup, next, fixups, entry) {
		if (fixup->fd >= 0)
			put_unused_fd(fixup->fd);
		fput(fixup->file);
		binder_files |= fixup->binder_file;
		swb_fd_fixup_destroy(fixup);
	}
	/* A binder file lost a reference that was no cycle's: maybe its last but cycles. */
	if (binder_files)
		swb_file_cycles_poke();
}

/*
 * In the receiving thread: reserves an fd for every fixup and writes it
 * into @buffer, then installs them all. On failure nothing is installed
 * and the list is freed. The list is empty afterwards either way.
 */
int swb_fd_fixups_install(struct swb_proc *proc, struct swb_buffer *buffer,
			  struct list_head *fixups)
{
	struct swb_fd_fixup *fixup, *next;
	u32 number;
	int fd;

	list_for_each_entry(fixup, fixups, entry) {
		fd = get_unused_fd_flags(O_CLOEXEC);
		if (fd < 0) {
			swb_user_error(proc, "no fd free for a received file: %d\n", fd);
			swb_fd_fixups_free(fixups);
			return -ENOMEM;
		}
		fixup->fd = fd;
		number = fd;
		if (swb_alloc_copy_to_buffer(&proc->alloc, buffer, fixup->offset, &number,
					     sizeof(number))) {
			swb_fd_fixups_free(fixups);
			return -EINVAL;
		}
	}
	list_for_each_entry_safe(fixup, next, fixups, entry) {
		fd_install(fixup->fd, fixup->file);
		swb_fd_fixup_destroy(fixup);
	}
	return 0;
}

/* A file closed by the driver, whose last put waits for the task work. */
struct swb_closing_file {
	struct callback_head work;
	struct file *file;
};

static void swb_closing_file_put(struct callback_head *work)
{
	struct swb_closing_file *closing = container_of(work, struct swb_closing_file, work);

	fput(closing->file);
	kfree(closing);
}

/* Closes @fd in the current task's table; see the top of this file. */
static void swb_deferred_close(unsigned int fd)
{
	struct swb_closing_file *closing = swb_kzalloc(sizeof(*closing), GFP_KERNEL);
	struct file *file;

	if (!closing)
		return;
	file = swb_close_fd_get_file(fd);
	if (!file) {
		kfree(closing);
		return;
	}
	/* Our own reference, dropped only by the task work. */
	get_file(file);
	filp_close(file, current->files);
	closing->file = file;
	init_task_work(&closing->work, swb_closing_file_put);
	if (task_work_add(current, &closing->work, TWA_RESUME)) {
		/* Exiting: nothing runs in this task any more. */
		fput(file);
		kfree(closing);
	}
}

void swb_fda_close(struct swb_proc *proc, struct swb_buffer *buffer,
		   const struct binder_fd_array_object *fda)
{
	u64 fds_offset, i;
	u32 fd;

	if (swb_fda_locate(&proc->alloc, buffer, fda, &fds_offset))
		return;
	for (i = 0; i < fda->num_fds; i++) {
		if (swb_alloc_copy_from_buffer(&proc->alloc, &fd, buffer,
					       fds_offset + i * sizeof(fd), sizeof(fd)))
			return;
		swb_deferred_close(fd);
	}
}

/*
 * The reading thread's side of a transaction with fds: install them, or,
 * when the receiver has no fd left, fail the transaction as upstream does:
 * a sync caller gets BR_FAILED_REPLY, the buffer is freed, and the reader
 * moves on (the caller reports BR_FAILED_REPLY to it for a reply). Called
 * unlocked with @t off every list (see the top of this file).
 */
int swb_transaction_receive_fds(struct swb_thread *thread, struct swb_transaction *t)
{
	struct swb_proc *proc = thread->proc;
	struct swb_buffer *buffer = t->buffer;
	int ret;

	ret = swb_fd_fixups_install(proc, buffer, &t->fd_fixups);
	if (!ret)
		return 0;
	swb_lock(proc);
	swb_buffer_retire_locked(proc, buffer);
	if (t->need_reply)
		swb_send_failed_reply_locked(t, BR_FAILED_REPLY);
	else
		swb_transaction_free_locked(t);
	swb_unlock(proc);
	swb_release_buffer_objects(proc, buffer, SWB_ALL_OBJECTS, false);
	swb_alloc_free_buf(&proc->alloc, buffer);
	return ret;
}

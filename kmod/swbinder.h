/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * swbinder: internal types shared by the driver's files.
 *
 * Lock order (take top to bottom, never the reverse):
 *   1. swb_device_list_lock   the list of registered devices (module load/unload)
 *   2. proc->alloc.mutex      (mutex) the proc's buffers and mapping; the
 *                             allocator's own lock rules are in alloc.h
 *   3. proc->lock             (spinlock) threads, looper state and wait queues of one proc
 * No lock is held across copy_{from,to}_user, a sleep or an allocation
 * that may sleep, except proc->alloc.mutex, which is a mutex.
 */
#ifndef SWBINDER_H
#define SWBINDER_H

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "generated/swb_protocol.h"
#include "alloc.h"

/**
 * struct swb_device - one binder device node (/dev/<name>)
 * @misc:  the registered misc device; its fops point at swbinder's
 * @node:  entry in the module's device list (swb_device_list_lock)
 * @name:  device name; invariant after registration
 */
struct swb_device {
	struct miscdevice misc;
	struct list_head node;
	char name[];
};

/* Looper states of a thread, values as upstream so debug output matches. */
enum swb_looper_state {
	SWB_LOOPER_REGISTERED	= 0x01,
	SWB_LOOPER_ENTERED	= 0x02,
	SWB_LOOPER_EXITED	= 0x04,
	SWB_LOOPER_INVALID	= 0x08,
	SWB_LOOPER_WAITING	= 0x10,
	SWB_LOOPER_POLL		= 0x20,
};

/**
 * struct swb_proc - the driver state of one open file
 * @device:         the device opened; invariant
 * @tsk:            group leader of the opener (reference held); invariant
 * @pid:            tgid of the opener; invariant
 * @cred:           credentials of the opening file (reference held); invariant
 * @lock:           protects @threads, @waiting_threads, @max_threads,
 *                  @requested_threads, @requested_threads_started,
 *                  @oneway_spam_detection and every thread's mutable state
 * @threads:        threads by pid (rb tree)
 * @waiting_threads: threads sleeping for process work
 * @poll_wait:      pollers of the file wait here (see swb_proc_wake_pollers);
 *                  it lives as long as the file, so no poller can outlive it
 * @max_threads:    BINDER_SET_MAX_THREADS
 * @requested_threads: spawn requests not yet answered by BC_REGISTER_LOOPER
 * @requested_threads_started: threads that registered after a request
 * @oneway_spam_detection: BINDER_ENABLE_ONEWAY_SPAM_DETECTION
 * @alloc:          the buffer allocator and the user mapping (alloc.mutex)
 */
struct swb_proc {
	struct swb_device *device;
	struct task_struct *tsk;
	pid_t pid;
	const struct cred *cred;

	spinlock_t lock;
	struct rb_root threads;
	u32 waiting_threads;
	wait_queue_head_t poll_wait;
	u32 max_threads;
	u32 requested_threads;
	u32 requested_threads_started;
	bool oneway_spam_detection;

	struct swb_alloc alloc;
};

/**
 * struct swb_thread - the driver state of one thread using a proc
 * @proc:          owning proc; invariant
 * @node:          entry in @proc->threads (proc->lock)
 * @pid:           the thread's pid; invariant
 * @looper:        enum swb_looper_state bits (proc->lock)
 * @need_return:   return to userspace at the next chance (proc->lock)
 * @extended_error: the last transaction error (proc->lock)
 * @wait:          where the thread sleeps for work
 */
struct swb_thread {
	struct swb_proc *proc;
	struct rb_node node;
	pid_t pid;
	u32 looper;
	bool need_return;
	struct binder_extended_error extended_error;
	wait_queue_head_t wait;
};

/* device.c */
int swb_devices_register(const char *list);
void swb_devices_unregister(void);

/* proc.c */
extern const struct file_operations swb_fops;

/* thread.c */
struct swb_thread *swb_thread_get(struct swb_proc *proc);
void swb_thread_release(struct swb_proc *proc, struct swb_thread *thread);
void swb_threads_release_all(struct swb_proc *proc);
void swb_threads_wake_all(struct swb_proc *proc);
bool swb_thread_has_work_locked(struct swb_thread *thread);

/* looper.c */
bool swb_should_spawn_looper_locked(struct swb_thread *thread);

/* mmap.c */
int swb_mmap(struct file *filp, struct vm_area_struct *vma);

/* ioctl.c */
long swb_ioctl(struct file *filp, unsigned int cmd, unsigned long arg);

/* Rate-limited debug message for bad input from userspace. */
#define swb_user_error(proc, fmt, ...) \
	pr_debug_ratelimited("%d: " fmt, (proc)->pid, ##__VA_ARGS__)

#endif /* SWBINDER_H */

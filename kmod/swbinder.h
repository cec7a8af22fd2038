/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * swbinder: internal types shared by the driver's files.
 *
 * Locking. Lock order (take top to bottom, never the reverse):
 *   0. (VFS) a binderfs directory's i_rwsem, held by the VFS around lookup,
 *      readdir and unlink of a binderfs instance
 *   0a. info->lock            (mutex, binderfs.h) one binderfs instance's
 *                             device list, device count and max=; nothing
 *                             of the driver below is taken under it
 *                             (it may fault on a readdir buffer)
 *   1. swb_device_list_lock   (mutex) the list of misc devices (module load/unload)
 *   1a. device->context_mgr_mutex (mutex) serialises BINDER_SET_CONTEXT_MGR*,
 *                             so the LSM (which may sleep) is asked between
 *                             the EBUSY and the euid checks, as upstream
 *   1b. swb_procs_lock        (mutex, debugfs.c) the list of every proc, for
 *                             debugfs and the ioctls that name a pid (freeze);
 *                             taken by open, release and those readers, and
 *                             by the binder-file cycle collector
 *                             (file_cycles.c), never while holding any lock
 *                             below. debugfs files are created and removed
 *                             outside it
 *   2. proc->alloc.mutex      (mutex) the proc's buffers and mapping; the
 *                             allocator's own rules are in alloc.h
 *   3. device->lock           (spinlock) ALL binder state of every proc on
 *                             one device: threads, todo lists, nodes, refs,
 *                             transactions, death notifications
 * One lock per device keeps every cross-process operation (a transaction
 * touches two procs, a node and refs in both) trivially atomic. It is held
 * only for list and counter updates: never across copy_{from,to}_user, an
 * allocation that may sleep, or the allocator. Finer locking is a planned
 * optimisation that must keep these semantics.
 * debugfs readers format with seq_printf() under it (that never sleeps).
 * Leaf locks, under which nothing else is taken: the LRU lock (alloc.h) and
 * swb_txn_log_lock (txn_log.c).
 * Outside the order: transaction reports (netlink_report.c) are built and
 * multicast holding none of the locks above (GFP_KERNEL; genetlink's own
 * locks are taken only inside genl_register/unregister_family at load and
 * unload); tracepoints (swb_trace.h) fire under device->lock and take no lock.
 * Every lock/unlock of device->lock, alloc.mutex, the LRU lock and the
 * transaction log lock goes through lock_timing.h's helpers (swb_lock()
 * here), which time holds for the swbinder_lock_held_long trace event.
 *
 * Lifetimes. A device is counted (device->ref, atomic): its registration
 * (misc) or its binderfs inode holds one reference and every proc opened on
 * it one more, so an unlinked binderfs device lives until its last proc is
 * freed. A proc or thread that other objects point at carries a
 * temporary reference count (tmp_ref, device->lock); it is freed when it is
 * dead and the count drops to zero. Nodes are kept by their counters.
 */
#ifndef SWBINDER_H
#define SWBINDER_H

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "generated/swb_protocol.h"
#include "work.h"
#include "alloc.h"
#include "lock_timing.h"

/**
 * struct swb_device - one binder device: a misc device (/dev/<name>) or a
 *         device of a binderfs instance
 * @misc:  the registered misc device; its fops point at swbinder's (unused
 *         for binderfs devices)
 * @node:  entry in the module's misc device list (swb_device_list_lock)
 * @ref:   references (see Lifetimes above); the last put frees the device
 * @minor: binderfs: the device's minor (freed with the device); misc: -1
 * @fs_id: binderfs: the id of the instance it was created in; misc: 0;
 *         invariant
 * @fs_entry: binderfs: entry in its instance's device list (info->lock);
 *         empty once unlinked or unmounted
 * @inode: binderfs: the device's inode, pinned while on @fs_entry's list;
 *         invariant
 * @lock:  the device lock (see the top of this file)
 * @lock_stamp: when and where @lock was taken, for the lock_held_long
 *         trace event (@lock)
 * @context_mgr_mutex: held by whoever sets the context manager
 * @context_mgr_node: the node behind handle 0, or NULL (@lock)
 * @context_mgr_uid: euid of the first context manager, pinned (@lock);
 *         INVALID_UID until one is set
 * @name:  device name; invariant after registration
 */
struct swb_device {
	struct miscdevice misc;
	struct list_head node;
	refcount_t ref;
	int minor;
	u64 fs_id;
	struct list_head fs_entry;
	struct inode *inode;
	spinlock_t lock;
	struct swb_lock_stamp lock_stamp;
	struct mutex context_mgr_mutex;
	struct swb_node *context_mgr_node;
	kuid_t context_mgr_uid;
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
 * Every field below not marked invariant is protected by device->lock,
 * except @alloc.
 * @threads:        threads by pid (rb tree)
 * @waiting_threads: threads sleeping for process work (thread->waiting_entry)
 * @todo:           work for any looper thread of this proc
 * @nodes:          this proc's nodes by ptr (rb tree)
 * @refs_by_desc:   refs held by this proc, by handle (rb tree)
 * @refs_by_node:   the same refs, by node address (rb tree)
 * @delivered_death: death notifications read but not yet acknowledged
 * @delivered_freeze: freeze notifications read but not yet acknowledged
 * @tmp_ref:        temporary references (see the top of this file)
 * @is_dead:        the file was released; no new work is queued here
 * @default_priority: nice value of the opener; invariant
 * @poll_wait:      pollers of the file wait here (see swb_proc_wake_pollers);
 *                  it lives as long as the file, so no poller can outlive it
 * @max_threads:    BINDER_SET_MAX_THREADS
 * @requested_threads: spawn requests not yet answered by BC_REGISTER_LOOPER
 * @requested_threads_started: threads that registered after a request
 * @oneway_spam_detection: BINDER_ENABLE_ONEWAY_SPAM_DETECTION
 * @is_frozen:      BINDER_FREEZE: sync calls get BR_FROZEN_REPLY
 * @sync_recv, @async_recv: a sync / oneway call arrived while frozen
 * @outstanding_txns: calls and replies queued to this proc and not yet freed
 * @freeze_wait:    a freezer waits here for @outstanding_txns to drain
 * @alloc:          the buffer allocator and the user mapping (alloc.mutex)
 * @debugfs_entry:  in the list of all procs (swb_procs_lock)
 * @debugfs_file:   proc/<pid> in debugfs if this proc created it; set by
 *                  open, removed by release
 * @cycle_seen, @cycle_refs, @cycle_file, @cycle_reachable: scratch of the
 *                  collector of binder-file cycles (file_cycles.c);
 *                  swb_procs_lock
 */
struct swb_proc {
	struct swb_device *device;
	struct task_struct *tsk;
	pid_t pid;
	const struct cred *cred;

	struct rb_root threads;
	struct list_head waiting_threads;
	wait_queue_head_t poll_wait;
	struct list_head todo;
	struct rb_root nodes;
	struct rb_root refs_by_desc;
	struct rb_root refs_by_node;
	struct list_head delivered_death;
	struct list_head delivered_freeze;
	int tmp_ref;
	bool is_dead;
	long default_priority;
	u32 max_threads;
	u32 requested_threads;
	u32 requested_threads_started;
	bool oneway_spam_detection;
	bool is_frozen;
	bool sync_recv;
	bool async_recv;
	int outstanding_txns;
	wait_queue_head_t freeze_wait;

	struct swb_alloc alloc;
	struct list_head debugfs_entry;
	struct dentry *debugfs_file;

	bool cycle_seen;
	bool cycle_reachable;
	unsigned long cycle_refs;
	struct file *cycle_file;
};

/**
 * struct swb_thread - the driver state of one thread using a proc
 * All fields not marked invariant are protected by device->lock.
 * @proc:          owning proc; invariant
 * @node:          entry in @proc->threads
 * @waiting_entry: entry in @proc->waiting_threads while waiting for proc work
 * @pid:           the thread's pid; invariant
 * @looper:        enum swb_looper_state bits
 * @need_return:   return to userspace at the next chance
 * @process_todo:  @todo holds work that should wake the thread (deferred
 *                 work such as a sync call's BR_TRANSACTION_COMPLETE does not);
 *                 may stay set after that work left @todo by another way than
 *                 a read, so it counts only with @todo non-empty
 * @todo:          work for this thread only
 * @transaction_stack: the innermost transaction this thread sends or serves
 * @return_error:  an error for this thread's own command (BR_FAILED_REPLY...)
 * @reply_error:   an error for the call this thread waits on, from another thread
 * @extended_error: the last transaction error
 * @tmp_ref:       temporary references
 * @is_dead:       BINDER_THREAD_EXIT or release ran
 * @wait:          where the thread sleeps for work
 */
struct swb_thread {
	struct swb_proc *proc;
	struct rb_node node;
	struct list_head waiting_entry;
	pid_t pid;
	u32 looper;
	bool need_return;
	bool process_todo;
	struct list_head todo;
	struct swb_transaction *transaction_stack;
	struct swb_error_work return_error;
	struct swb_error_work reply_error;
	struct binder_extended_error extended_error;
	int tmp_ref;
	bool is_dead;
	wait_queue_head_t wait;
};

/* The device lock, timed for swbinder_lock_held_long (lock_timing.h). */
#define swb_lock(proc) do {						\
	struct swb_device *__swb_dev = (proc)->device;			\
	swb_spin_lock_timed(&__swb_dev->lock, &__swb_dev->lock_stamp);	\
} while (0)

#define swb_unlock(proc) do {						\
	struct swb_device *__swb_dev = (proc)->device;			\
	swb_spin_unlock_timed(&__swb_dev->lock, &__swb_dev->lock_stamp,	\
			      SWB_LOCK_DEVICE);				\
} while (0)

static inline void swb_proc_get_locked(struct swb_proc *proc)
{
	proc->tmp_ref++;
}

/* device.c */
int swb_devices_register(const char *list);
void swb_devices_unregister(void);
struct swb_device *swb_device_alloc(const char *name);
void swb_device_put(struct swb_device *device);

/* proc.c */
extern const struct file_operations swb_fops;

bool swb_proc_put_locked(struct swb_proc *proc);
void swb_proc_put(struct swb_proc *proc);
void swb_proc_free(struct swb_proc *proc);
int swb_procs_get_by_pid(pid_t pid, struct swb_proc ***procs);

/* thread.c */
struct swb_thread *swb_thread_get(struct swb_proc *proc);
void swb_thread_release(struct swb_proc *proc, struct swb_thread *thread);
void swb_thread_put_locked(struct swb_thread *thread);
void swb_threads_release_all(struct swb_proc *proc);
void swb_threads_wake_all(struct swb_proc *proc);
bool swb_thread_has_work_locked(struct swb_thread *thread);

/* looper.c */
bool swb_should_spawn_looper_locked(struct swb_thread *thread);

/* freeze_notify.c */
struct binder_frozen_state_info;
void swb_freeze_notify_locked(struct swb_proc *proc, bool is_frozen);
u32 swb_take_freeze_locked(struct swb_proc *proc, struct swb_work *w,
			   struct binder_frozen_state_info *info);

/* priority.c */
void swb_set_nice(long nice);
long swb_serving_nice(long current_nice, long caller_nice, long min_priority, bool oneway);

/* mmap.c */
int swb_mmap(struct file *filp, struct vm_area_struct *vma);

/* free_buffer.c */
void swb_buffer_retire_locked(struct swb_proc *proc, struct swb_buffer *buffer);
bool swb_free_user_buffer(struct swb_thread *thread, binder_uintptr_t ptr);

/* ioctl.c */
long swb_ioctl(struct file *filp, unsigned int cmd, unsigned long arg);

/* Rate-limited debug message for bad input from userspace. */
#define swb_user_error(proc, fmt, ...) \
	pr_debug_ratelimited("%d: " fmt, (proc)->pid, ##__VA_ARGS__)

#endif /* SWBINDER_H */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Binder files in flight, and the reference cycles they can make.
 *
 * An fd sent in a transaction is a file reference held by the transaction
 * (fd_objects.c) until the target reads it or is released. When that file
 * is itself a binder file, two procs can hold each other's files in calls
 * nobody will ever read: A and B each send their own binder file to the
 * other in a oneway call, then both processes exit. Neither file loses its
 * last reference, so neither proc is ever released: its memory stays, and
 * the module can never be unloaded. binder_linux leaks them the same way.
 * This collector finds such procs and drops the files queued to them; the
 * files' last references then go and the procs are released as usual.
 *
 * Which procs are unreachable, per device, under device->lock:
 *   - every reference to the proc's file is a fixup queued on a proc of the
 *     same device (file_count equals the fixups found), and
 *   - no such fixup is queued on a reachable proc.
 * A proc is reachable when anything else refers to its file (an fd table,
 * a mapping, an ioctl in progress, a fixup that a reader is installing, a
 * fixup of another device or driver, a unix socket), and so is every proc
 * whose file is queued on a reachable one. What the collector cannot see
 * only ever makes a proc reachable: it may miss a cycle, never take a live
 * proc. An unreachable proc has no reader left, so dropping the files of
 * its unread transactions changes nothing anyone can observe.
 *
 * When it runs: only while some fixup holds a binder file (the counter
 * below; close costs one atomic read otherwise), 100 ms after the latest
 * moment a binder file reference may have gone (a close (flush), an unmap,
 * a release, a fixup put back), so that the reference being dropped there
 * is gone when it counts. Runs in a workqueue, taking
 * swb_procs_lock and then each device's lock, one device at a time (the
 * lock order in swbinder.h); it never sleeps under device->lock.
 *
 * The scratch fields swb_proc.cycle_* belong to the collector and are
 * protected by swb_procs_lock.
 */
#include <linux/atomic.h>
#include <linux/file.h>
#include <linux/workqueue.h>

#include "swbinder.h"
#include "file_cycles.h"
#include "stats.h"
#include "node.h"
#include "transaction.h"
#include "translate.h"

/* How long after a close the collector looks: the close's fput is done by then. */
#define SWB_FILE_CYCLES_DELAY (HZ / 10)

static atomic_t swb_binder_files_queued = ATOMIC_INIT(0);
static atomic_t swb_procs_collected = ATOMIC_INIT(0);

static void swb_file_cycles_collect(struct work_struct *work);
static DECLARE_DELAYED_WORK(swb_file_cycles_work, swb_file_cycles_collect);

bool swb_is_binder_file(struct file *file)
{
	return file->f_op == &swb_fops;
}

void swb_binder_file_in_flight(int delta)
{
	atomic_add(delta, &swb_binder_files_queued);
}

void swb_file_cycles_poke(void)
{
	/* Pushed back on every poke: the scan comes after the latest put, not before it. */
	if (atomic_read(&swb_binder_files_queued) > 0)
		mod_delayed_work(system_wq, &swb_file_cycles_work, SWB_FILE_CYCLES_DELAY);
}

int swb_file_cycles_collected(void)
{
	return atomic_read(&swb_procs_collected);
}

void swb_file_cycles_stop(void)
{
	cancel_delayed_work_sync(&swb_file_cycles_work);
}

/*
 * The proc of @file if it is a binder file of @device, else NULL. Never a
 * dead proc: a fixup holds @file, so its release has not run, and release
 * takes a proc off the list of all procs before marking it dead.
 */
static struct swb_proc *swb_binder_file_proc(struct file *file, struct swb_device *device)
{
	struct swb_proc *proc;

	if (!swb_is_binder_file(file))
		return NULL;
	proc = file->private_data;
	return proc->device == device ? proc : NULL;
}

typedef void (*swb_txn_visitor)(struct swb_transaction *t, void *arg);

static void swb_visit_list(struct list_head *todo, swb_txn_visitor visit, void *arg)
{
	struct swb_work *work;

	list_for_each_entry(work, todo, entry)
		if (work->type == SWB_WORK_TRANSACTION)
			visit(container_of(work, struct swb_transaction, work), arg);
}

/* Every unread transaction queued to @proc: its todo, its threads', its nodes' oneway queues. */
static void swb_visit_queued(struct swb_proc *proc, swb_txn_visitor visit, void *arg)
{
	struct rb_node *n;

	swb_visit_list(&proc->todo, visit, arg);
	for (n = rb_first(&proc->threads); n; n = rb_next(n))
		swb_visit_list(&rb_entry(n, struct swb_thread, node)->todo, visit, arg);
	for (n = rb_first(&proc->nodes); n; n = rb_next(n))
		swb_visit_list(&rb_entry(n, struct swb_node, rb_node)->async_todo, visit, arg);
}

/* Pass 1: how many queued fixups hold each proc's file. */
static void swb_count_file(struct file *file, void *arg)
{
	struct swb_proc *target = swb_binder_file_proc(file, arg);

	if (target) {
		target->cycle_refs++;
		target->cycle_file = file;
	}
}

static void swb_count_files(struct swb_transaction *t, void *device)
{
	swb_fd_fixups_visit_files(&t->fd_fixups, swb_count_file, device);
}

/* Pass 2: what a reachable proc has queued is reachable too. */
struct swb_reach {
	struct swb_device *device;
	bool changed;
};

static void swb_reach_file(struct file *file, void *arg)
{
	struct swb_reach *reach = arg;
	struct swb_proc *target = swb_binder_file_proc(file, reach->device);

	if (target && !target->cycle_reachable) {
		target->cycle_reachable = true;
		reach->changed = true;
	}
}

static void swb_reach_files(struct swb_transaction *t, void *reach)
{
	swb_fd_fixups_visit_files(&t->fd_fixups, swb_reach_file, reach);
}

/* Pass 3: an unreachable proc's unread transactions give their files back. */
static void swb_drop_files(struct swb_transaction *t, void *unused)
{
	swb_fd_fixups_free(&t->fd_fixups);
}

/* The procs of @device on the list of all procs (the if/else keeps a caller's else its own). */
#define swb_for_each_device_proc(proc, procs, device)			\
	list_for_each_entry(proc, procs, debugfs_entry)			\
		if ((proc)->device != (device)) {} else

/* One device's procs, under its lock; returns how many were unreachable. */
static int swb_collect_device(struct list_head *procs, struct swb_device *device)
{
	struct swb_reach reach = { .device = device };
	struct swb_proc *proc;
	int dropped = 0;

	swb_for_each_device_proc(proc, procs, device) {
		proc->cycle_seen = true;
		proc->cycle_refs = 0;
		proc->cycle_file = NULL;
	}
	swb_for_each_device_proc(proc, procs, device)
		swb_visit_queued(proc, swb_count_files, device);
	swb_for_each_device_proc(proc, procs, device)
		proc->cycle_reachable = !proc->cycle_refs ||
			file_count(proc->cycle_file) != proc->cycle_refs;
	do {
		reach.changed = false;
		swb_for_each_device_proc(proc, procs, device)
			if (proc->cycle_reachable)
				swb_visit_queued(proc, swb_reach_files, &reach);
	} while (reach.changed);
	swb_for_each_device_proc(proc, procs, device) {
		if (proc->cycle_reachable)
			continue;
		swb_visit_queued(proc, swb_drop_files, NULL);
		dropped++;
	}
	return dropped;
}

static void swb_file_cycles_collect(struct work_struct *work)
{
	struct list_head *procs = swb_procs_lock_all();
	struct swb_proc *proc, *first;
	int dropped;

	list_for_each_entry(proc, procs, debugfs_entry)
		proc->cycle_seen = false;
	list_for_each_entry(first, procs, debugfs_entry) {
		if (first->cycle_seen)
			continue;
		swb_lock(first);
		dropped = swb_collect_device(procs, first->device);
		swb_unlock(first);
		atomic_add(dropped, &swb_procs_collected);
		if (dropped)
			pr_debug("%s: dropped the files queued to %d unreachable procs\n",
				 first->device->name, dropped);
	}
	swb_procs_unlock_all();
}

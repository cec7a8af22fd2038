/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Work items: everything a thread can read from the driver is a swb_work
 * queued on a thread's or a proc's todo list (device->lock).
 */
#ifndef SWB_WORK_H
#define SWB_WORK_H

#include <linux/list.h>
#include <linux/types.h>

enum swb_work_type {
	SWB_WORK_TRANSACTION = 1,
	SWB_WORK_TRANSACTION_COMPLETE,
	SWB_WORK_ONEWAY_SPAM_SUSPECT,
	SWB_WORK_TRANSACTION_PENDING_FROZEN,
	SWB_WORK_RETURN_ERROR,
	SWB_WORK_NODE,
	SWB_WORK_DEAD_BINDER,
	SWB_WORK_DEAD_BINDER_AND_CLEAR,
	SWB_WORK_CLEAR_DEATH_NOTIFICATION,
	SWB_WORK_FROZEN_BINDER,
	SWB_WORK_CLEAR_FREEZE_NOTIFICATION,
};

/**
 * struct swb_work - one item on a todo list
 * @entry: list entry; empty while not queued
 * @type:  what reading it delivers
 */
struct swb_work {
	struct list_head entry;
	enum swb_work_type type;
};

/* A BR_ error code for a thread, reusable: cmd is BR_OK while not queued. */
struct swb_error_work {
	struct swb_work work;
	u32 cmd;
};

struct swb_proc;
struct swb_thread;

void swb_enqueue_thread_work_locked(struct swb_thread *thread, struct swb_work *work);
void swb_enqueue_deferred_thread_work_locked(struct swb_thread *thread,
					     struct swb_work *work);
void swb_enqueue_proc_work_locked(struct swb_proc *proc, struct swb_work *work);
void swb_dequeue_work_locked(struct swb_work *work);
struct swb_thread *swb_select_thread_locked(struct swb_proc *proc);
void swb_wakeup_proc_locked(struct swb_proc *proc, struct swb_thread *thread, bool sync);

#endif /* SWB_WORK_H */

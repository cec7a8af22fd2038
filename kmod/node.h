/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Nodes (objects owned by a proc), refs (a proc's handle on a node) and
 * death notifications. Every field is protected by device->lock unless
 * marked invariant.
 */
#ifndef SWB_NODE_H
#define SWB_NODE_H

#include <linux/rbtree.h>
#include <linux/list.h>
#include "work.h"
#include "generated/swb_protocol.h"

/**
 * struct swb_node - a binder object, identified in its owner by ptr/cookie
 * @work:          SWB_WORK_NODE: tells the owner to change its references
 * @rb_node:       entry in @proc->nodes while the owner lives
 * @proc:          owner; NULL once the owner died (the node is then dead)
 * @refs:          every swb_ref on this node (their @node_entry)
 * @internal_strong_refs: refs with a strong count, plus the context manager's
 * @local_strong_refs: kernel references: buffers targeting the node, objects
 *                 naming it in its owner's buffers, an unacknowledged BR_ACQUIRE;
 *                 always 0 once @proc is NULL (see swb_node_counts_local)
 * @local_weak_refs: the same for weak references
 * @tmp_refs:      references held while the device lock is dropped
 * @ptr, @cookie:  the owner's identity of the object; invariant
 * @has_strong_ref, @has_weak_ref: the owner holds a reference it was told to take
 * @pending_strong_ref, @pending_weak_ref: BR_ACQUIRE/BR_INCREFS read, DONE not yet
 * @has_async_transaction: a oneway call to it is being handled
 * @async_todo:    oneway calls waiting for the one being handled
 * @min_priority, @accept_fds, @txn_security_ctx: from the creating object; invariant
 * @debug_id:      unique id for debug output; invariant
 */
struct swb_node {
	struct swb_work work;
	struct rb_node rb_node;
	struct swb_proc *proc;
	struct hlist_head refs;
	int internal_strong_refs;
	int local_strong_refs;
	int local_weak_refs;
	int tmp_refs;
	binder_uintptr_t ptr;
	binder_uintptr_t cookie;
	bool has_strong_ref;
	bool has_weak_ref;
	bool pending_strong_ref;
	bool pending_weak_ref;
	bool has_async_transaction;
	bool accept_fds;
	bool txn_security_ctx;
	s8 min_priority;
	struct list_head async_todo;
	int debug_id;
};

/**
 * struct swb_ref_death - a death notification requested on a ref
 * @work:   SWB_WORK_DEAD_BINDER and friends
 * @cookie: the requester's cookie; invariant
 */
struct swb_ref_death {
	struct swb_work work;
	binder_uintptr_t cookie;
};

/**
 * struct swb_ref_freeze - a freeze notification requested on a ref
 * @work:      SWB_WORK_FROZEN_BINDER while it belongs to the ref,
 *             SWB_WORK_CLEAR_FREEZE_NOTIFICATION once cleared
 * @cookie:    the requester's cookie; invariant
 * @is_frozen: the state the next BR_FROZEN_BINDER reports
 * @sent:      delivered, waiting for BC_FREEZE_NOTIFICATION_DONE
 * @resend:    the state changed (or it was cleared) while @sent: queue again on DONE
 */
struct swb_ref_freeze {
	struct swb_work work;
	binder_uintptr_t cookie;
	bool is_frozen;
	bool sent;
	bool resend;
};

/**
 * struct swb_ref - a proc's handle on a node
 * @rb_desc, @rb_node: entries in @proc->refs_by_desc and refs_by_node
 * @node_entry: entry in @node->refs
 * @proc:   the holder; invariant
 * @node:   the node; invariant
 * @desc:   the handle; invariant
 * @strong, @weak: the holder's counts; the ref is deleted when both are 0
 * @death:  the requested death notification, if any
 * @freeze: the requested freeze notification, if any
 * @debug_id: unique id for debug output; invariant
 */
struct swb_ref {
	struct rb_node rb_desc;
	struct rb_node rb_node;
	struct hlist_node node_entry;
	struct swb_proc *proc;
	struct swb_node *node;
	u32 desc;
	int strong;
	int weak;
	struct swb_ref_death *death;
	struct swb_ref_freeze *freeze;
	int debug_id;
};

/* node.c */
struct swb_node *swb_node_lookup_locked(struct swb_proc *proc, binder_uintptr_t ptr);
struct swb_node *swb_node_new(void);
struct swb_node *swb_node_insert_locked(struct swb_proc *proc, struct swb_node *node,
					binder_uintptr_t ptr, binder_uintptr_t cookie,
					u32 flags);
int swb_node_inc_locked(struct swb_node *node, bool strong, bool internal,
			struct swb_thread *deferred_to);
bool swb_node_dec_locked(struct swb_node *node, bool strong, bool internal);
void swb_node_dec_tmpref_locked(struct swb_node *node);
void swb_node_free(struct swb_node *node);
int swb_node_work_returns(struct swb_node *node, u32 *cmds, bool *free_node);
bool swb_node_release_locked(struct swb_node *node);
int swb_node_debug_id(void);

/* ref.c */
struct swb_ref *swb_ref_lookup_locked(struct swb_proc *proc, u32 desc, bool need_strong);
struct swb_ref *swb_ref_for_node_locked(struct swb_proc *proc, struct swb_node *node,
					struct swb_ref *new_ref);
int swb_ref_inc_locked(struct swb_ref *ref, bool strong, struct swb_thread *deferred_to);
bool swb_ref_dec_locked(struct swb_ref *ref, bool strong);
void swb_ref_drop_if_unused_locked(struct swb_ref *ref);
void swb_ref_release_all(struct swb_proc *proc);

#endif /* SWB_NODE_H */

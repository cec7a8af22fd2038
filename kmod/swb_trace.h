/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * swbinder's tracepoints: trace system "swbinder" (never upstream's
 * "binder", so both drivers trace side by side). Events sit where upstream
 * binder has its own (docs/tracing.md lists both). Every field is a number
 * binderctl names from the generated tables; printk formats are key=value.
 *
 * Every event ends with the task that fired it (tgid, comm): a reader then
 * needs neither tracefs' record-tgid nor its record-cmd, which switch the
 * scheduler's own tracepoints on and off system-wide (a static key flip in
 * the hottest code there is, for every session that starts or stops).
 *
 * A disabled tracepoint is a static branch: nothing is computed for it.
 * Callers may hold device->lock: no event sleeps or takes a lock.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM swbinder

#if !defined(SWB_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define SWB_TRACE_H

#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "swbinder.h"
#include "node.h"
#include "transaction.h"

/* Device names longer than this are cut in swbinder_report (context). */
#define SWB_TRACE_CONTEXT_LEN	32

/* lock_timing.c: swbinder_lock_held_long switched on and off. */
int swb_lock_trace_reg(void);
void swb_lock_trace_unreg(void);

/* A protocol code: the class of the two events below. */
DECLARE_EVENT_CLASS(swbinder_code,
	TP_PROTO(u32 cmd),
	TP_ARGS(cmd),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__field(u32, cmd)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		__entry->cmd = cmd;
	),
	TP_printk("cmd=0x%x tgid=%d comm=%s", __entry->cmd,
		  __entry->tgid, __entry->comm)
);

/* BC_ commands as read from userspace (upstream: binder_command). */
DEFINE_EVENT(swbinder_code, swbinder_command,
	TP_PROTO(u32 cmd),
	TP_ARGS(cmd));

/* BR_ returns as written to userspace (upstream: binder_return). */
DEFINE_EVENT(swbinder_code, swbinder_return,
	TP_PROTO(u32 cmd),
	TP_ARGS(cmd));

/* A call or reply about to be queued (upstream: binder_transaction). */
TRACE_EVENT(swbinder_transaction,
	TP_PROTO(const struct swb_thread *from, int debug_id, bool reply,
		 const struct binder_transaction_data *tr, u64 extra_size,
		 const struct swb_proc *to_proc, const struct swb_thread *to_thread,
		 const struct swb_node *to_node),
	TP_ARGS(from, debug_id, reply, tr, extra_size, to_proc, to_thread, to_node),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__field(int, debug_id)
		__field(int, from_pid)
		__field(int, from_tid)
		__field(int, to_pid)
		__field(int, to_tid)
		__field(int, to_node)
		__field(u32, handle)
		__field(int, reply)
		__field(u32, code)
		__field(u32, flags)
		__field(u64, data_size)
		__field(u64, offsets_size)
		__field(u64, extra_size)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		__entry->debug_id = debug_id;
		__entry->from_pid = from->proc->pid;
		__entry->from_tid = from->pid;
		__entry->to_pid = to_proc ? to_proc->pid : 0;
		__entry->to_tid = to_thread ? to_thread->pid : 0;
		__entry->to_node = to_node ? to_node->debug_id : 0;
		__entry->handle = reply ? 0 : tr->target.handle;
		__entry->reply = reply;
		__entry->code = tr->code;
		__entry->flags = tr->flags;
		__entry->data_size = tr->data_size;
		__entry->offsets_size = tr->offsets_size;
		__entry->extra_size = extra_size;
	),
	TP_printk("id=%d from=%d:%d to=%d:%d node=%d handle=%u reply=%d code=0x%x flags=0x%x data=%llu offsets=%llu extra=%llu tgid=%d comm=%s",
		  __entry->debug_id, __entry->from_pid, __entry->from_tid,
		  __entry->to_pid, __entry->to_tid, __entry->to_node,
		  __entry->handle, __entry->reply, __entry->code, __entry->flags,
		  __entry->data_size, __entry->offsets_size, __entry->extra_size,
		  __entry->tgid, __entry->comm)
);

/* A thread takes a call or reply off its todo list (upstream: binder_transaction_received). */
TRACE_EVENT(swbinder_transaction_received,
	TP_PROTO(const struct swb_thread *thread, const struct swb_transaction *t,
		 const struct swb_buffer *buffer, u32 cmd),
	TP_ARGS(thread, t, buffer, cmd),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__field(int, debug_id)
		__field(int, pid)
		__field(int, tid)
		__field(int, sender_pid)
		__field(u32, cmd)
		__field(u32, code)
		__field(u32, flags)
		__field(u64, data_size)
		__field(u64, offsets_size)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		__entry->debug_id = t->debug_id;
		__entry->pid = thread->proc->pid;
		__entry->tid = thread->pid;
		__entry->sender_pid = buffer->pid;
		__entry->cmd = cmd;
		__entry->code = t->code;
		__entry->flags = t->flags;
		__entry->data_size = buffer->data_size;
		__entry->offsets_size = buffer->offsets_size;
	),
	TP_printk("id=%d pid=%d tid=%d cmd=0x%x from=%d code=0x%x flags=0x%x data=%llu offsets=%llu tgid=%d comm=%s",
		  __entry->debug_id, __entry->pid, __entry->tid, __entry->cmd,
		  __entry->sender_pid, __entry->code, __entry->flags,
		  __entry->data_size, __entry->offsets_size,
		  __entry->tgid, __entry->comm)
);

/*
 * A call or reply the driver refused (the sender gets @error, or for a
 * reply its caller does); @param is the errno behind it. Fires whether or
 * not a netlink listener is there.
 */
TRACE_EVENT(swbinder_transaction_failed,
	TP_PROTO(const struct swb_thread *from, int debug_id, bool reply,
		 const struct binder_transaction_data *tr,
		 const struct swb_proc *to_proc, const struct swb_thread *to_thread,
		 u32 error, int param),
	TP_ARGS(from, debug_id, reply, tr, to_proc, to_thread, error, param),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__field(int, debug_id)
		__field(int, from_pid)
		__field(int, from_tid)
		__field(int, to_pid)
		__field(int, to_tid)
		__field(int, reply)
		__field(u32, code)
		__field(u32, flags)
		__field(u64, data_size)
		__field(u32, error)
		__field(int, param)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		__entry->debug_id = debug_id;
		__entry->from_pid = from->proc->pid;
		__entry->from_tid = from->pid;
		__entry->to_pid = to_proc ? to_proc->pid : 0;
		__entry->to_tid = to_thread ? to_thread->pid : 0;
		__entry->reply = reply;
		__entry->code = tr->code;
		__entry->flags = tr->flags;
		__entry->data_size = tr->data_size;
		__entry->error = error;
		__entry->param = param;
	),
	TP_printk("id=%d from=%d:%d to=%d:%d reply=%d code=0x%x flags=0x%x data=%llu error=0x%x param=%d tgid=%d comm=%s",
		  __entry->debug_id, __entry->from_pid, __entry->from_tid,
		  __entry->to_pid, __entry->to_tid, __entry->reply,
		  __entry->code, __entry->flags, __entry->data_size,
		  __entry->error, __entry->param,
		  __entry->tgid, __entry->comm)
);

/* A waiting caller gets @error instead of a reply (its callee died or failed). */
TRACE_EVENT(swbinder_failed_reply,
	TP_PROTO(const struct swb_transaction *t, const struct swb_thread *caller, u32 error),
	TP_ARGS(t, caller, error),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__field(int, debug_id)
		__field(int, pid)
		__field(int, tid)
		__field(u32, error)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		__entry->debug_id = t->debug_id;
		__entry->pid = caller->proc->pid;
		__entry->tid = caller->pid;
		__entry->error = error;
	),
	TP_printk("id=%d pid=%d tid=%d error=0x%x tgid=%d comm=%s",
		  __entry->debug_id, __entry->pid, __entry->tid, __entry->error,
		  __entry->tgid, __entry->comm)
);

/* A transaction's buffer in the target (upstream: binder_transaction_alloc_buf). */
TRACE_EVENT(swbinder_buffer_alloc,
	TP_PROTO(int debug_id, const struct swb_proc *owner, const struct swb_buffer *buffer),
	TP_ARGS(debug_id, owner, buffer),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__field(int, debug_id)
		__field(int, buffer)
		__field(int, pid)
		__field(u64, data_size)
		__field(u64, offsets_size)
		__field(u64, extra_size)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		__entry->debug_id = debug_id;
		__entry->buffer = buffer->debug_id;
		__entry->pid = owner->pid;
		__entry->data_size = buffer->data_size;
		__entry->offsets_size = buffer->offsets_size;
		__entry->extra_size = buffer->extra_buffers_size;
	),
	TP_printk("id=%d buffer=%d pid=%d data=%llu offsets=%llu extra=%llu tgid=%d comm=%s",
		  __entry->debug_id, __entry->buffer, __entry->pid,
		  __entry->data_size, __entry->offsets_size, __entry->extra_size,
		  __entry->tgid, __entry->comm)
);

/* BC_FREE_BUFFER gives a buffer back (upstream: binder_transaction_buffer_release). */
TRACE_EVENT(swbinder_buffer_release,
	TP_PROTO(const struct swb_proc *owner, const struct swb_buffer *buffer),
	TP_ARGS(owner, buffer),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__field(int, buffer)
		__field(int, pid)
		__field(u64, data_size)
		__field(u64, offsets_size)
		__field(u64, extra_size)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		__entry->buffer = buffer->debug_id;
		__entry->pid = owner->pid;
		__entry->data_size = buffer->data_size;
		__entry->offsets_size = buffer->offsets_size;
		__entry->extra_size = buffer->extra_buffers_size;
	),
	TP_printk("buffer=%d pid=%d data=%llu offsets=%llu extra=%llu tgid=%d comm=%s",
		  __entry->buffer, __entry->pid, __entry->data_size,
		  __entry->offsets_size, __entry->extra_size,
		  __entry->tgid, __entry->comm)
);

/* One object of a transaction, before translation (type: BINDER_TYPE_*). */
TRACE_EVENT(swbinder_object,
	TP_PROTO(const struct swb_thread *from, const struct swb_proc *to, u32 type, u64 offset),
	TP_ARGS(from, to, type, offset),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__field(int, from_pid)
		__field(int, from_tid)
		__field(int, to_pid)
		__field(u32, type)
		__field(u64, offset)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		__entry->from_pid = from->proc->pid;
		__entry->from_tid = from->pid;
		__entry->to_pid = to->pid;
		__entry->type = type;
		__entry->offset = offset;
	),
	TP_printk("from=%d:%d to=%d type=0x%x offset=%llu tgid=%d comm=%s",
		  __entry->from_pid, __entry->from_tid, __entry->to_pid,
		  __entry->type, __entry->offset,
		  __entry->tgid, __entry->comm)
);

/* A binder object crossing into another proc: the class of the two events below. */
DECLARE_EVENT_CLASS(swbinder_node_ref,
	TP_PROTO(const struct swb_proc *to, const struct swb_node *node, u32 desc, bool strong),
	TP_ARGS(to, node, desc, strong),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__field(int, to_pid)
		__field(int, node)
		__field(u64, ptr)
		__field(u64, cookie)
		__field(u32, desc)
		__field(int, strong)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		__entry->to_pid = to->pid;
		__entry->node = node->debug_id;
		__entry->ptr = node->ptr;
		__entry->cookie = node->cookie;
		__entry->desc = desc;
		__entry->strong = strong;
	),
	TP_printk("to=%d node=%d ptr=0x%llx cookie=0x%llx desc=%u strong=%d tgid=%d comm=%s",
		  __entry->to_pid, __entry->node, __entry->ptr, __entry->cookie,
		  __entry->desc, __entry->strong,
		  __entry->tgid, __entry->comm)
);

/* A sent binder becomes a handle in the target (upstream: binder_transaction_node_to_ref). */
DEFINE_EVENT(swbinder_node_ref, swbinder_node_to_ref,
	TP_PROTO(const struct swb_proc *to, const struct swb_node *node, u32 desc, bool strong),
	TP_ARGS(to, node, desc, strong));

/* A sent handle goes back to its owner as the binder (upstream: binder_transaction_ref_to_node). */
DEFINE_EVENT(swbinder_node_ref, swbinder_ref_to_node,
	TP_PROTO(const struct swb_proc *to, const struct swb_node *node, u32 desc, bool strong),
	TP_ARGS(to, node, desc, strong));

/* A sent handle becomes a handle of the target (upstream: binder_transaction_ref_to_ref). */
TRACE_EVENT(swbinder_ref_to_ref,
	TP_PROTO(const struct swb_proc *to, const struct swb_node *node, u32 src_desc,
		 u32 dest_desc, bool strong),
	TP_ARGS(to, node, src_desc, dest_desc, strong),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__field(int, to_pid)
		__field(int, node)
		__field(u32, src_desc)
		__field(u32, dest_desc)
		__field(int, strong)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		__entry->to_pid = to->pid;
		__entry->node = node->debug_id;
		__entry->src_desc = src_desc;
		__entry->dest_desc = dest_desc;
		__entry->strong = strong;
	),
	TP_printk("to=%d node=%d src_desc=%u dest_desc=%u strong=%d tgid=%d comm=%s",
		  __entry->to_pid, __entry->node, __entry->src_desc,
		  __entry->dest_desc, __entry->strong,
		  __entry->tgid, __entry->comm)
);

/* BC_INCREFS/ACQUIRE/RELEASE/DECREFS changed a handle's counts. */
TRACE_EVENT(swbinder_ref_update,
	TP_PROTO(const struct swb_ref *ref, bool strong, bool increment),
	TP_ARGS(ref, strong, increment),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__field(int, pid)
		__field(u32, desc)
		__field(int, node)
		__field(int, strong)
		__field(int, weak)
		__field(int, change)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		__entry->pid = ref->proc->pid;
		__entry->desc = ref->desc;
		__entry->node = ref->node->debug_id;
		__entry->strong = ref->strong;
		__entry->weak = ref->weak;
		__entry->change = (increment ? 1 : -1) * (strong ? 2 : 1);
	),
	TP_printk("pid=%d desc=%u node=%d strong=%d weak=%d change=%d tgid=%d comm=%s",
		  __entry->pid, __entry->desc, __entry->node, __entry->strong,
		  __entry->weak, __entry->change,
		  __entry->tgid, __entry->comm)
);

/*
 * A driver lock was held at least lock_held_long_us (upstream has lock
 * events of its own: binder_lock, binder_locked, binder_unlock). Fired at
 * the unlock, by lock_timing.c; site is where the lock was taken.
 */
TRACE_DEFINE_ENUM(SWB_LOCK_DEVICE);
TRACE_DEFINE_ENUM(SWB_LOCK_ALLOC);
TRACE_DEFINE_ENUM(SWB_LOCK_LRU);
TRACE_DEFINE_ENUM(SWB_LOCK_TXN_LOG);

TRACE_EVENT_FN(swbinder_lock_held_long,
	TP_PROTO(enum swb_lock_id lock, u64 held_ns, unsigned long ip),
	TP_ARGS(lock, held_ns, ip),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__field(int, lock)
		__field(u64, held_ns)
		__field(unsigned long, ip)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		__entry->lock = lock;
		__entry->held_ns = held_ns;
		__entry->ip = ip;
	),
	TP_printk("lock=%s held_ns=%llu site=%pS tgid=%d comm=%s",
		  __print_symbolic(__entry->lock,
				   { SWB_LOCK_DEVICE, "device" },
				   { SWB_LOCK_ALLOC, "alloc" },
				   { SWB_LOCK_LRU, "lru" },
				   { SWB_LOCK_TXN_LOG, "txn_log" }),
		  __entry->held_ns, (void *)__entry->ip,
		  __entry->tgid, __entry->comm),
	swb_lock_trace_reg, swb_lock_trace_unreg
);

/* A transaction report is being sent (upstream: binder_netlink_report). */
TRACE_EVENT(swbinder_report,
	TP_PROTO(const char *context, u32 error, const struct swb_thread *from,
		 const struct swb_proc *to_proc, const struct swb_thread *to_thread,
		 bool reply, const struct binder_transaction_data *tr),
	TP_ARGS(context, error, from, to_proc, to_thread, reply, tr),
	TP_STRUCT__entry(
		__field(int, tgid)
		__array(char, comm, TASK_COMM_LEN)
		__array(char, context, SWB_TRACE_CONTEXT_LEN)
		__field(u32, error)
		__field(int, from_pid)
		__field(int, from_tid)
		__field(int, to_pid)
		__field(int, to_tid)
		__field(int, reply)
		__field(u32, code)
		__field(u32, flags)
		__field(u32, data_size)
	),
	TP_fast_assign(
		__entry->tgid = current->tgid;
		memcpy(__entry->comm, current->comm, TASK_COMM_LEN);
		strscpy(__entry->context, context, SWB_TRACE_CONTEXT_LEN);
		__entry->error = error;
		__entry->from_pid = from->proc->pid;
		__entry->from_tid = from->pid;
		__entry->to_pid = to_proc ? to_proc->pid : 0;
		__entry->to_tid = to_thread ? to_thread->pid : 0;
		__entry->reply = reply;
		__entry->code = tr->code;
		__entry->flags = tr->flags;
		__entry->data_size = (u32)tr->data_size;
	),
	TP_printk("context=%s error=0x%x from=%d:%d to=%d:%d reply=%d code=0x%x flags=0x%x data=%u tgid=%d comm=%s",
		  __entry->context, __entry->error, __entry->from_pid,
		  __entry->from_tid, __entry->to_pid, __entry->to_tid,
		  __entry->reply, __entry->code, __entry->flags, __entry->data_size,
		  __entry->tgid, __entry->comm)
);

#endif /* SWB_TRACE_H */

/* Out of tree: define_trace.h finds this file through the path below. */
#undef TRACE_INCLUDE_PATH
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE swb_trace
#include <trace/define_trace.h>

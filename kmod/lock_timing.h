/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Lock and unlock helpers that time how long the driver's locks are held,
 * for the trace event swbinder_lock_held_long (swb_trace.h). Every site
 * that takes one of the locks below goes through these helpers, so each
 * hold is stamped and checked in pairs.
 *
 * Cost while the event is off: one static branch (a nop) at lock and at
 * unlock; no clock is read. While it is on, taking a lock stamps the time
 * and the site into the lock's struct swb_lock_stamp (written only by the
 * holder, so the lock itself protects it), and releasing it fires the
 * event when the hold reached the module parameter lock_held_long_us.
 *
 * A stamp left from an earlier tracing period (the lock was taken while
 * the event was off, and tracing began before the unlock) is recognised by
 * its age: lock_timing.c notes when the event was last switched on, before
 * the static branch flips, and ignores stamps older than that.
 */
#ifndef SWB_LOCK_TIMING_H
#define SWB_LOCK_TIMING_H

#include <linux/compiler.h>
#include <linux/instruction_pointer.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/tracepoint-defs.h>
#include <linux/types.h>

/* Which lock: the "lock" field of the event (names in swb_trace.h). */
enum swb_lock_id {
	SWB_LOCK_DEVICE,	/* device->lock */
	SWB_LOCK_ALLOC,		/* proc->alloc.mutex */
	SWB_LOCK_LRU,		/* the allocator's page LRU lock */
	SWB_LOCK_TXN_LOG,	/* the transaction log lock */
};

/**
 * struct swb_lock_stamp - when and where a lock was last taken while the
 *         event was on; protected by the lock it belongs to
 * @taken_ns: ktime_get_ns() just after taking it
 * @ip:    the instruction that took it (printed as function+offset)
 */
struct swb_lock_stamp {
	u64 taken_ns;
	unsigned long ip;
};

#ifdef SWB_NO_OBSERVE
/* Compiled out with the tracepoints (Kbuild's SWB_NO_OBSERVE). */
static __always_inline void swb_lock_taken(struct swb_lock_stamp *stamp, unsigned long ip) { }
static __always_inline void swb_lock_releasing(const struct swb_lock_stamp *stamp,
					       enum swb_lock_id lock) { }
#else
DECLARE_TRACEPOINT(swbinder_lock_held_long);

/* lock_timing.c: the slow part, only ever called while the event is on. */
void swb_lock_stamp_set(struct swb_lock_stamp *stamp, unsigned long ip);
void swb_lock_stamp_check(const struct swb_lock_stamp *stamp, enum swb_lock_id lock);

static __always_inline void swb_lock_taken(struct swb_lock_stamp *stamp, unsigned long ip)
{
	if (tracepoint_enabled(swbinder_lock_held_long))
		swb_lock_stamp_set(stamp, ip);
}

static __always_inline void swb_lock_releasing(const struct swb_lock_stamp *stamp,
					       enum swb_lock_id lock)
{
	if (tracepoint_enabled(swbinder_lock_held_long))
		swb_lock_stamp_check(stamp, lock);
}
#endif /* SWB_NO_OBSERVE */

/* Macros, so that _THIS_IP_ is the site's own address. */
#define swb_spin_lock_timed(l, stamp) do {			\
	spin_lock(l);						\
	swb_lock_taken(stamp, _THIS_IP_);			\
} while (0)

#define swb_spin_unlock_timed(l, stamp, id) do {		\
	swb_lock_releasing(stamp, id);				\
	spin_unlock(l);						\
} while (0)

#define swb_mutex_lock_timed(m, stamp) do {			\
	mutex_lock(m);						\
	swb_lock_taken(stamp, _THIS_IP_);			\
} while (0)

#define swb_mutex_trylock_timed(m, stamp) ({			\
	bool __swb_taken = mutex_trylock(m);			\
	if (__swb_taken)					\
		swb_lock_taken(stamp, _THIS_IP_);		\
	__swb_taken;						\
})

#define swb_mutex_unlock_timed(m, stamp, id) do {		\
	swb_lock_releasing(stamp, id);				\
	mutex_unlock(m);					\
} while (0)

#endif /* SWB_LOCK_TIMING_H */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The slow half of lock_timing.h: stamping and checking a hold while the
 * trace event swbinder_lock_held_long is on, and its threshold.
 */
#include <linux/ktime.h>
#include <linux/moduleparam.h>

#include "lock_timing.h"
#include "swb_trace.h"

/* Holds this long or longer fire the event; 0: every hold. */
static unsigned int lock_held_long_us = 1000;
module_param(lock_held_long_us, uint, 0644);
MODULE_PARM_DESC(lock_held_long_us,
		 "Trace event swbinder_lock_held_long fires for driver lock holds of at least this many microseconds (0: every hold; default 1000)");

/* When the event was last switched on; older stamps are left-overs. */
static u64 swb_lock_trace_since;

/* Called by the tracepoint core before the event's static branch flips on. */
int swb_lock_trace_reg(void)
{
	WRITE_ONCE(swb_lock_trace_since, ktime_get_ns());
	return 0;
}

void swb_lock_trace_unreg(void)
{
}

void swb_lock_stamp_set(struct swb_lock_stamp *stamp, unsigned long ip)
{
	stamp->taken_ns = ktime_get_ns();
	stamp->ip = ip;
}

void swb_lock_stamp_check(const struct swb_lock_stamp *stamp, enum swb_lock_id lock)
{
	u64 held;

	/* Taken while the event was off: no stamp of this hold. */
	if (stamp->taken_ns < READ_ONCE(swb_lock_trace_since))
		return;
	held = ktime_get_ns() - stamp->taken_ns;
	if (held >= (u64)READ_ONCE(lock_held_long_us) * NSEC_PER_USEC)
		trace_swbinder_lock_held_long(lock, held, stamp->ip);
}

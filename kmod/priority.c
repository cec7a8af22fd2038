// SPDX-License-Identifier: GPL-2.0-only
/*
 * Nice-value inheritance, as upstream: a thread serving a sync call runs at
 * the caller's nice value (bounded by the node's min_priority) and gets its
 * own back when it replies; a looper waiting for the proc's work returns to
 * the nice value its proc was opened with.
 *
 * Only current's nice changes, never under device->lock.
 */
#include <linux/capability.h>
#include <linux/sched.h>
#include <linux/sched/prio.h>
#include <linux/sched/signal.h>

#include "swbinder.h"

/* What can_nice() checks; that one is not exported by every kernel. */
static bool swb_may_set_nice(long nice)
{
	return nice_to_rlimit(nice) <= rlimit(RLIMIT_NICE) || capable(CAP_SYS_NICE);
}

/* Sets current's nice value, or the closest one RLIMIT_NICE allows. */
void swb_set_nice(long nice)
{
	long min_nice;

	/* Most calls change nothing: skip the permission check (capable()). */
	if (task_nice(current) == nice)
		return;
	if (swb_may_set_nice(nice)) {
		set_user_nice(current, nice);
		return;
	}
	min_nice = rlimit_to_nice(rlimit(RLIMIT_NICE));
	if (min_nice > MAX_NICE) {
		pr_debug_ratelimited("%d: RLIMIT_NICE not set, cannot inherit nice %ld\n",
				     current->pid, nice);
		return;
	}
	set_user_nice(current, min_nice);
}

/*
 * The nice value a thread now at @current_nice takes to serve a call from a
 * caller at @caller_nice to a node with @min_priority: a sync call runs at
 * the caller's value if that is below the node's floor, else at the floor;
 * a oneway call only moves up to the floor.
 */
long swb_serving_nice(long current_nice, long caller_nice, long min_priority, bool oneway)
{
	if (!oneway && caller_nice < min_priority)
		return caller_nice;
	if (!oneway || current_nice > min_priority)
		return min_priority;
	return current_nice;
}

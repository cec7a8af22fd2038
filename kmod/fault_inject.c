// SPDX-License-Identifier: GPL-2.0-only
/*
 * swbinder's fault attribute, built only where the kernel has the
 * fault-injection framework (see compat.h). It is the framework's usual
 * set of debugfs files under swbinder/fail_alloc (probability, interval,
 * times, space, task-filter, verbose, ...), with one difference of unit:
 * each allocation is asked with size 1, so "space" counts allocations, not
 * bytes. To fail exactly the Nth allocation made by one task: probability
 * 100, interval 1, times 1, space N, task-filter Y, and make-it-fail set in
 * /proc/<tid>/make-it-fail of that task only.
 */
#include "compat.h"
#include "fault_inject.h"

static DECLARE_FAULT_ATTR(swb_fail_alloc_attr);

bool swb_should_fail_alloc(void)
{
	return should_fail(&swb_fail_alloc_attr, 1);
}

void swb_fault_inject_init(struct dentry *debugfs_dir)
{
	/*
	 * Quiet unless asked: the default verbosity dumps a stack per failure,
	 * which the test runs would have to tell from a real kernel problem.
	 */
	swb_fail_alloc_attr.verbose = 0;
	/* Without the files the attribute never fires: nothing else to undo. */
	fault_create_debugfs_attr("fail_alloc", debugfs_dir, &swb_fail_alloc_attr);
}

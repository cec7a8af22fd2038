/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The names swbinder shares with the kernel's own binder driver
 * (binder_linux, a module or built in): the filesystem "binder" (binderfs)
 * and the generic netlink family "binder" (transaction reports, 6.18 and
 * later). Whoever registers a name first owns it, and the kernel's binder
 * treats a name it cannot register as fatal: it does not load at all.
 *
 * So by default ("auto") swbinder takes an upstream name only on a kernel
 * whose binder would never register it, and uses "swbinder" otherwise;
 * both drivers then load in either order. What the kernel's binder
 * registers follows from the configuration of the kernel swbinder is built
 * for, nothing else:
 *   binderfs: CONFIG_ANDROID_BINDERFS (Debian's 6.1 and 6.12: off, 7.3: on);
 *   reports:  the kernel's binder is configured and its uapi has
 *             binder_netlink.h (Kbuild's probe SWB_HAVE_KERNEL_BINDER_NETLINK;
 *             6.18 and later).
 * A name given explicitly (binderfs_name=binder, report_family=binder) is
 * taken as given, and the load fails if it is already taken.
 */
#ifndef SWB_UPSTREAM_NAMES_H
#define SWB_UPSTREAM_NAMES_H

#include <linux/kconfig.h>
#include <linux/string.h>
#include <linux/types.h>

/* The parameter value that lets swbinder choose. */
#define SWB_NAME_AUTO		"auto"
/* swbinder's own name for both, where the upstream one is not for it. */
#define SWB_OWN_NAME		"swbinder"

/* Does the kernel's binder register the filesystem "binder" when it loads? */
static inline bool swb_kernel_binder_has_binderfs(void)
{
	return IS_ENABLED(CONFIG_ANDROID_BINDERFS);
}

/* Does the kernel's binder register the netlink family "binder"? */
static inline bool swb_kernel_binder_has_reports(void)
{
#ifdef SWB_HAVE_KERNEL_BINDER_NETLINK
	return IS_ENABLED(CONFIG_ANDROID_BINDER_IPC) ||
	       IS_ENABLED(CONFIG_ANDROID_BINDER_IPC_RUST);
#else
	return false;
#endif
}

/*
 * Resolves a name parameter of "auto" in place: "swbinder" where the
 * kernel's binder registers the upstream name itself (@kernel_binder_has_it),
 * else @upstream. Returns whether the name was "auto": only then may a
 * taken upstream name fall back on "swbinder" at registration.
 */
static inline bool swb_resolve_auto_name(char *name, size_t size, const char *upstream,
					 bool kernel_binder_has_it)
{
	if (strcmp(name, SWB_NAME_AUTO))
		return false;
	strscpy(name, kernel_binder_has_it ? SWB_OWN_NAME : upstream, size);
	return true;
}

#endif /* SWB_UPSTREAM_NAMES_H */

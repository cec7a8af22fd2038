/* SPDX-License-Identifier: GPL-2.0-only */
/* Binder files in flight and the collector of their cycles (file_cycles.c). */
#ifndef SWB_FILE_CYCLES_H
#define SWB_FILE_CYCLES_H

#include <linux/fs.h>

bool swb_is_binder_file(struct file *file);
/* A fixup took (+1) or gave up (-1) a reference on a swbinder file. */
void swb_binder_file_in_flight(int delta);
/* A reference on a swbinder file may have gone: look for cycles soon. */
void swb_file_cycles_poke(void);
/* Procs found unreachable so far (debugfs extra_stats: file_cycle_procs_collected). */
int swb_file_cycles_collected(void);
/* Module unload: no collection runs or is queued after this returns. */
void swb_file_cycles_stop(void);

#endif /* SWB_FILE_CYCLES_H */

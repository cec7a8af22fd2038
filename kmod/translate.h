/* SPDX-License-Identifier: GPL-2.0-only */
/* Objects inside transaction buffers: translation and release. */
#ifndef SWB_TRANSLATE_H
#define SWB_TRANSLATE_H

#include <linux/types.h>

struct swb_thread;
struct swb_proc;
struct swb_buffer;

/* Release every object of a buffer. */
#define SWB_ALL_OBJECTS SIZE_MAX

int swb_translate_objects(struct swb_thread *thread, struct swb_proc *target_proc,
			  struct swb_buffer *buffer, size_t *translated);
void swb_release_buffer_objects(struct swb_proc *proc, struct swb_buffer *buffer,
				size_t count);

#endif /* SWB_TRANSLATE_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/* Objects inside transaction buffers: translation and release. */
#ifndef SWB_TRANSLATE_H
#define SWB_TRANSLATE_H

#include <linux/types.h>
#include <linux/list.h>

#include "generated/swb_protocol.h"

struct swb_thread;
struct swb_proc;
struct swb_buffer;
struct swb_alloc;

/* Release every object of a buffer. */
#define SWB_ALL_OBJECTS SIZE_MAX

/**
 * struct swb_translation - one transaction's objects being translated
 * Filled by the caller; the sg_ and last_fixup_ fields start at 0 except
 * @sg_offset and @sg_end. Used by one thread, unlocked.
 * @thread:      the sender
 * @target:      the receiving proc; the buffer is in its space
 * @buffer:      the target buffer, data and offsets already copied in
 * @fd_fixups:   where file descriptors to install at read time are listed
 * @accept_fds:  the target node (or, for a reply, the call) accepts fds
 * @user_data:   the sender's data as it sent it (parent objects are re-read
 *               from it, as upstream does)
 * @index:       the object being translated: objects before it are valid
 * @sg_offset:   next free byte of the scatter-gather area in @buffer
 * @sg_end:      end of the scatter-gather area
 * @last_fixup_obj: buffer offset of the last PTR object something was fixed
 *               up in (0: none yet); with @last_fixup_min it enforces the
 *               upstream order of fixups
 * @last_fixup_min: the lowest parent offset the next fixup in it may use
 */
struct swb_translation {
	struct swb_thread *thread;
	struct swb_proc *target;
	struct swb_buffer *buffer;
	struct list_head *fd_fixups;
	bool accept_fds;
	const void __user *user_data;
	size_t index;
	size_t sg_offset;
	size_t sg_end;
	u64 last_fixup_obj;
	u64 last_fixup_min;
};

/* The largest object a buffer can hold (binder_buffer_object). */
union swb_object {
	struct binder_object_header hdr;
	struct flat_binder_object flat;
	struct binder_fd_object fd;
	struct binder_fd_array_object fda;
	struct binder_buffer_object bbo;
};

int swb_translate_objects(struct swb_translation *tr, size_t *translated);
bool swb_release_buffer_objects(struct swb_proc *proc, struct swb_buffer *buffer,
				size_t count, bool delivered);

/* translate.c, for the object files below. */
size_t swb_read_object(struct swb_alloc *alloc, struct swb_buffer *buffer,
		       u64 offset, union swb_object *object);
int swb_read_offset(struct swb_alloc *alloc, struct swb_buffer *buffer, size_t index,
		    u64 *offset);

/* sg_buffers.c */
int swb_translate_ptr(struct swb_translation *tr, u64 offset, struct binder_buffer_object *bp);
int swb_translate_fda(struct swb_translation *tr, struct binder_fd_array_object *fda);
int swb_fda_locate(struct swb_alloc *alloc, struct swb_buffer *buffer,
		   const struct binder_fd_array_object *fda, u64 *fds_offset);

/* fd_objects.c */
int swb_translate_fd(struct swb_translation *tr, u32 fd, u64 fd_offset);
void swb_fd_fixups_free(struct list_head *fixups);
/* Calls @visit for the file of every fixup on @fixups (device->lock). */
void swb_fd_fixups_visit_files(struct list_head *fixups,
			       void (*visit)(struct file *file, void *arg), void *arg);
int swb_fd_fixups_install(struct swb_proc *proc, struct swb_buffer *buffer,
			  struct list_head *fixups);
void swb_fda_close(struct swb_proc *proc, struct swb_buffer *buffer,
		   const struct binder_fd_array_object *fda);

#endif /* SWB_TRANSLATE_H */

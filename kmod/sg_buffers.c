// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scatter-gather objects (BC_TRANSACTION_SG / BC_REPLY_SG).
 *
 * A BINDER_TYPE_PTR object names a buffer in the sender's memory. It is
 * copied into the scatter-gather area that follows the offsets in the
 * target buffer, and the object's pointer is rewritten to the target's
 * address of the copy. With BINDER_BUFFER_FLAG_HAS_PARENT, the copy's
 * address is also written into an earlier PTR buffer (the parent) at
 * parent_offset, so embedded pointers stay valid for the receiver.
 * A BINDER_TYPE_FDA object names an array of fds inside such a parent
 * buffer (see fd_objects.c for the fds themselves).
 *
 * The validation is upstream's: a parent is an object before the current
 * one (CVE-2020-0041) of type PTR; fixups into one parent chain go in
 * ascending offsets (swb_fixup_in_order); every range stays inside its
 * buffer. A plain BC_TRANSACTION has no scatter-gather area, so any PTR
 * with a non-zero length fails there.
 *
 * Unlike upstream, which defers the copies to the end of the translation,
 * each buffer is copied when its object is reached: parents always come
 * first and every buffer has its own range of the area, so a later copy
 * never overwrites an earlier fixup, and all reads of a parent are from
 * our own copy in the target buffer.
 *
 * Locking: none. Everything here is the sender's own, not yet visible
 * target buffer (see struct swb_translation); the allocator copy helpers
 * do their own locking.
 */
#include <linux/uaccess.h>

#include "swbinder.h"
#include "alloc.h"
#include "translate.h"

/*
 * The PTR object @index names, if it is one of the objects already
 * translated. Returns 0 and its buffer offset and contents, or -EINVAL.
 */
static int swb_valid_parent(struct swb_translation *tr, u64 index, u64 *parent_offset,
			    union swb_object *parent)
{
	struct swb_alloc *alloc = &tr->target->alloc;

	if (index >= tr->index || swb_read_offset(alloc, tr->buffer, index, parent_offset) ||
	    swb_read_object(alloc, tr->buffer, *parent_offset, parent) != sizeof(parent->bbo) ||
	    parent->hdr.type != BINDER_TYPE_PTR) {
		swb_user_error(tr->thread->proc, "%d: invalid parent index %llu or type\n",
			       tr->thread->pid, index);
		return -EINVAL;
	}
	return 0;
}

/*
 * Fixups must go into the last object fixed up in, or one of its
 * ancestors, at offsets past everything fixed up before: walking up from
 * the last object to @parent_offset, each step's own parent offset is the
 * new lower bound.
 */
static bool swb_fixup_in_order(struct swb_translation *tr, u64 parent_offset, u64 fixup_offset)
{
	struct swb_alloc *alloc = &tr->target->alloc;
	u64 object_offset = tr->last_fixup_obj;
	u64 min_offset = tr->last_fixup_min;
	union swb_object last;

	if (!object_offset)
		return false;
	while (object_offset != parent_offset) {
		if (swb_read_object(alloc, tr->buffer, object_offset, &last) != sizeof(last.bbo) ||
		    last.hdr.type != BINDER_TYPE_PTR ||
		    !(last.bbo.flags & BINDER_BUFFER_FLAG_HAS_PARENT))
			return false;
		min_offset = last.bbo.parent_offset + sizeof(binder_uintptr_t);
		if (swb_read_offset(alloc, tr->buffer, last.bbo.parent, &object_offset))
			return false;
	}
	return fixup_offset >= min_offset;
}

/* Where in the target buffer a parent's copy starts. */
static u64 swb_parent_start(struct swb_translation *tr, const struct binder_buffer_object *parent)
{
	return parent->buffer - tr->buffer->user_data;
}

/* Writes the child's address into its parent, as upstream validates it. */
static int swb_fixup_parent(struct swb_translation *tr, const struct binder_buffer_object *bp)
{
	union swb_object parent;
	u64 parent_offset;

	if (!(bp->flags & BINDER_BUFFER_FLAG_HAS_PARENT))
		return 0;
	if (swb_valid_parent(tr, bp->parent, &parent_offset, &parent))
		return -EINVAL;
	if (!swb_fixup_in_order(tr, parent_offset, bp->parent_offset)) {
		swb_user_error(tr->thread->proc, "%d: buffer fixup out of order\n", tr->thread->pid);
		return -EINVAL;
	}
	if (parent.bbo.length < sizeof(binder_uintptr_t) ||
	    bp->parent_offset > parent.bbo.length - sizeof(binder_uintptr_t)) {
		swb_user_error(tr->thread->proc, "%d: parent offset %llu outside the parent\n",
			       tr->thread->pid, (u64)bp->parent_offset);
		return -EINVAL;
	}
	return swb_alloc_copy_to_buffer(&tr->target->alloc, tr->buffer,
					swb_parent_start(tr, &parent.bbo) + bp->parent_offset,
					&bp->buffer, sizeof(bp->buffer));
}

int swb_translate_ptr(struct swb_translation *tr, u64 offset, struct binder_buffer_object *bp)
{
	size_t left = tr->sg_end - tr->sg_offset;
	int ret;

	if (bp->length > left) {
		swb_user_error(tr->thread->proc, "%d: buffer object of %llu bytes, %zu left\n",
			       tr->thread->pid, (u64)bp->length, left);
		return -EINVAL;
	}
	if (swb_alloc_copy_user_to_buffer(&tr->target->alloc, tr->buffer, tr->sg_offset,
					  u64_to_user_ptr(bp->buffer), bp->length)) {
		swb_user_error(tr->thread->proc, "%d: buffer object not readable\n", tr->thread->pid);
		return -EFAULT;
	}
	bp->buffer = tr->buffer->user_data + tr->sg_offset;
	tr->sg_offset += ALIGN(bp->length, sizeof(u64));
	ret = swb_fixup_parent(tr, bp);
	if (ret)
		return ret;
	tr->last_fixup_obj = offset;
	tr->last_fixup_min = 0;
	return 0;
}

/*
 * Checks an fd array against its parent and returns where its fds start in
 * the target buffer. @sender_parent is the parent as the sender wrote it:
 * like upstream, the fds must be aligned in the sender's memory too.
 */
static int swb_fda_range(struct swb_translation *tr, const struct binder_fd_array_object *fda,
			 const struct binder_buffer_object *parent,
			 const struct binder_buffer_object *sender_parent, u64 *fds_offset)
{
	u64 size;

	if (fda->num_fds >= SIZE_MAX / sizeof(u32)) {
		swb_user_error(tr->thread->proc, "%d: %llu fds\n", tr->thread->pid, (u64)fda->num_fds);
		return -EINVAL;
	}
	size = fda->num_fds * sizeof(u32);
	*fds_offset = swb_parent_start(tr, parent) + fda->parent_offset;
	if (size > parent->length || fda->parent_offset > parent->length - size ||
	    !IS_ALIGNED(*fds_offset, sizeof(u32)) ||
	    !IS_ALIGNED(sender_parent->buffer + fda->parent_offset, sizeof(u32))) {
		swb_user_error(tr->thread->proc, "%d: fd array outside its parent or unaligned\n",
			       tr->thread->pid);
		return -EINVAL;
	}
	return 0;
}

int swb_translate_fda(struct swb_translation *tr, struct binder_fd_array_object *fda)
{
	struct binder_buffer_object sender_parent;
	union swb_object parent;
	u64 parent_offset, fds_offset, i;
	u32 fd;
	int ret;

	if (swb_valid_parent(tr, fda->parent, &parent_offset, &parent))
		return -EINVAL;
	if (!swb_fixup_in_order(tr, parent_offset, fda->parent_offset)) {
		swb_user_error(tr->thread->proc, "%d: fd array fixup out of order\n", tr->thread->pid);
		return -EINVAL;
	}
	/* The parent as sent: its user pointer, for the alignment check. */
	if (copy_from_user(&sender_parent, tr->user_data + parent_offset, sizeof(sender_parent)))
		return -EINVAL;
	/* An empty array is fine anywhere, even at the very end of its parent. */
	if (fda->num_fds) {
		ret = swb_fda_range(tr, fda, &parent.bbo, &sender_parent, &fds_offset);
		for (i = 0; !ret && i < fda->num_fds; i++) {
			ret = swb_alloc_copy_from_buffer(&tr->target->alloc, &fd, tr->buffer,
							 fds_offset + i * sizeof(fd), sizeof(fd));
			if (!ret)
				ret = swb_translate_fd(tr, fd, fds_offset + i * sizeof(fd));
		}
		if (ret)
			return ret;
	}
	tr->last_fixup_obj = parent_offset;
	tr->last_fixup_min = fda->parent_offset + sizeof(u32) * fda->num_fds;
	return 0;
}

/* Where a delivered fd array's fds are; 0, or -EINVAL if it has none. */
int swb_fda_locate(struct swb_alloc *alloc, struct swb_buffer *buffer,
		   const struct binder_fd_array_object *fda, u64 *fds_offset)
{
	union swb_object parent;
	u64 parent_offset;

	if (!fda->num_fds || fda->num_fds >= SIZE_MAX / sizeof(u32) ||
	    swb_read_offset(alloc, buffer, fda->parent, &parent_offset) ||
	    swb_read_object(alloc, buffer, parent_offset, &parent) != sizeof(parent.bbo) ||
	    parent.hdr.type != BINDER_TYPE_PTR)
		return -EINVAL;
	*fds_offset = parent.bbo.buffer - buffer->user_data + fda->parent_offset;
	return 0;
}

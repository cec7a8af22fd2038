// SPDX-License-Identifier: GPL-2.0-only
/*
 * Objects in a transaction buffer. The sender's objects are read from our
 * own copy in the target's buffer (never again from the sender's memory),
 * validated, and rewritten for the target: a binder the sender owns becomes
 * a handle in the target, a handle becomes the binder itself when it goes
 * back to its owner. Each translation takes the references the object
 * represents; releasing the buffer drops them, the first @count objects
 * only when a transaction failed half-way. File descriptors and
 * scatter-gather buffers have their own files (fd_objects.c, sg_buffers.c);
 * this loop checks the offsets and dispatches on the type.
 */
#include <linux/slab.h>

#include "swbinder.h"
#include "swb_trace.h"
#include "alloc.h"
#include "lsm.h"
#include "node.h"
#include "translate.h"
#include "fault_inject.h"

static size_t swb_object_size(u32 type)
{
	switch (type) {
	case BINDER_TYPE_BINDER:
	case BINDER_TYPE_WEAK_BINDER:
	case BINDER_TYPE_HANDLE:
	case BINDER_TYPE_WEAK_HANDLE:
		return sizeof(struct flat_binder_object);
	case BINDER_TYPE_FD:
		return sizeof(struct binder_fd_object);
	case BINDER_TYPE_FDA:
		return sizeof(struct binder_fd_array_object);
	case BINDER_TYPE_PTR:
		return sizeof(struct binder_buffer_object);
	default:
		return 0;
	}
}

/*
 * Reads the object at @offset if it is a whole, aligned, known object inside
 * the data area. Returns its size, or 0 if it is not one.
 */
size_t swb_read_object(struct swb_alloc *alloc, struct swb_buffer *buffer,
		       u64 offset, union swb_object *object)
{
	size_t size;

	if (offset > buffer->data_size || buffer->data_size - offset < sizeof(u32) ||
	    !IS_ALIGNED(offset, sizeof(u32)))
		return 0;
	if (swb_alloc_copy_from_buffer(alloc, &object->hdr, buffer, offset, sizeof(u32)))
		return 0;
	size = swb_object_size(object->hdr.type);
	if (!size || buffer->data_size - offset < size)
		return 0;
	if (swb_alloc_copy_from_buffer(alloc, object, buffer, offset, size))
		return 0;
	return size;
}

int swb_read_offset(struct swb_alloc *alloc, struct swb_buffer *buffer, size_t index,
		    u64 *offset)
{
	size_t at = ALIGN(buffer->data_size, sizeof(u64)) + index * sizeof(u64);

	return swb_alloc_copy_from_buffer(alloc, offset, buffer, at, sizeof(*offset));
}

/* Preallocated memory for one translation, so no allocation happens locked. */
struct swb_spare {
	struct swb_node *node;
	struct swb_ref *ref;
};

static int swb_spare_fill(struct swb_spare *spare)
{
	if (!spare->node)
		spare->node = swb_node_new();
	if (!spare->ref)
		spare->ref = swb_kzalloc(sizeof(*spare->ref), GFP_KERNEL);
	return spare->node && spare->ref ? 0 : -ENOMEM;
}

/* The target's ref on @node, created from @spare if needed, one count up. */
static int swb_give_ref_locked(struct swb_proc *target, struct swb_node *node, bool strong,
			       struct swb_thread *thread, struct swb_spare *spare, u32 *desc)
{
	struct swb_ref *ref = swb_ref_for_node_locked(target, node, spare->ref);
	int ret;

	if (ref == spare->ref)
		spare->ref = NULL;
	ret = swb_ref_inc_locked(ref, strong, thread);
	if (ret) {
		swb_ref_drop_if_unused_locked(ref);
		return ret;
	}
	*desc = ref->desc;
	return 0;
}

/* A binder the sender owns: its node (created now if new) becomes a handle. */
static int swb_translate_binder(struct swb_thread *thread, struct swb_proc *target,
				struct flat_binder_object *fp, struct swb_spare *spare)
{
	struct swb_proc *proc = thread->proc;
	bool strong = fp->hdr.type == BINDER_TYPE_BINDER;
	struct swb_node *node;
	u32 desc;
	int ret;

	if (swb_lsm_transfer_binder(proc->cred, target->cred))
		return -EPERM;
	swb_lock(proc);
	node = swb_node_insert_locked(proc, spare->node, fp->binder, fp->cookie, fp->flags);
	if (node == spare->node)
		spare->node = NULL;
	if (node->cookie != fp->cookie) {
		swb_user_error(proc, "%d: binder %llx sent with cookie %llx, not %llx\n",
			       thread->pid, (u64)fp->binder, (u64)fp->cookie, (u64)node->cookie);
		ret = -EINVAL;
	} else {
		ret = swb_give_ref_locked(target, node, strong, thread, spare, &desc);
	}
	swb_unlock(proc);
	if (ret)
		return ret;
	trace_swbinder_node_to_ref(target, node, desc, strong);
	fp->hdr.type = strong ? BINDER_TYPE_HANDLE : BINDER_TYPE_WEAK_HANDLE;
	fp->binder = 0;
	fp->handle = desc;
	fp->cookie = 0;
	return 0;
}

/* A handle: back to the binder for its owner, else a handle in the target. */
static int swb_translate_handle(struct swb_thread *thread, struct swb_proc *target,
				struct flat_binder_object *fp, struct swb_spare *spare)
{
	struct swb_proc *proc = thread->proc;
	bool strong = fp->hdr.type == BINDER_TYPE_HANDLE;
	struct swb_node *node;
	struct swb_ref *ref;
	u32 desc;
	int ret = 0;

	if (swb_lsm_transfer_binder(proc->cred, target->cred))
		return -EPERM;
	swb_lock(proc);
	ref = swb_ref_lookup_locked(proc, fp->handle, strong);
	if (!ref) {
		swb_user_error(proc, "%d: sent invalid handle %u\n", thread->pid, fp->handle);
		swb_unlock(proc);
		return -EINVAL;
	}
	node = ref->node;
	if (node->proc == target) {
		swb_node_inc_locked(node, strong, false, NULL);
		trace_swbinder_ref_to_node(target, node, fp->handle, strong);
		fp->hdr.type = strong ? BINDER_TYPE_BINDER : BINDER_TYPE_WEAK_BINDER;
		fp->binder = node->ptr;
		fp->cookie = node->cookie;
	} else {
		ret = swb_give_ref_locked(target, node, strong, NULL, spare, &desc);
		if (!ret) {
			trace_swbinder_ref_to_ref(target, node, fp->handle, desc, strong);
			fp->binder = 0;
			fp->handle = desc;
			fp->cookie = 0;
		}
	}
	swb_unlock(proc);
	return ret;
}

/* Translates one object in place; @object is written back by the caller. */
static int swb_translate_one(struct swb_translation *tr, u64 offset, union swb_object *object,
			     struct swb_spare *spare)
{
	u32 fd;

	trace_swbinder_object(tr->thread, tr->target, object->hdr.type, offset);
	switch (object->hdr.type) {
	case BINDER_TYPE_BINDER:
	case BINDER_TYPE_WEAK_BINDER:
		return swb_translate_binder(tr->thread, tr->target, &object->flat, spare);
	case BINDER_TYPE_HANDLE:
	case BINDER_TYPE_WEAK_HANDLE:
		return swb_translate_handle(tr->thread, tr->target, &object->flat, spare);
	case BINDER_TYPE_FD:
		fd = object->fd.fd;
		/* The fd shares a union with pad_binder: clear the upper half only now. */
		object->fd.pad_binder = 0;
		return swb_translate_fd(tr, fd, offset + offsetof(struct binder_fd_object, fd));
	case BINDER_TYPE_FDA:
		return swb_translate_fda(tr, &object->fda);
	case BINDER_TYPE_PTR:
		return swb_translate_ptr(tr, offset, &object->bbo);
	}
	return -EINVAL;
}

int swb_translate_objects(struct swb_translation *tr, size_t *translated)
{
	struct swb_alloc *alloc = &tr->target->alloc;
	struct swb_buffer *buffer = tr->buffer;
	size_t count = buffer->offsets_size / sizeof(u64);
	struct swb_spare spare = {};
	union swb_object object;
	u64 offset, end_of_previous = 0;
	size_t size;
	int ret = 0;

	for (*translated = 0; *translated < count; (*translated)++) {
		tr->index = *translated;
		if (swb_read_offset(alloc, buffer, *translated, &offset)) {
			ret = -EINVAL;
			break;
		}
		size = swb_read_object(alloc, buffer, offset, &object);
		if (!size || offset < end_of_previous) {
			swb_user_error(tr->thread->proc, "%d: bad object at offset %llu\n",
				       tr->thread->pid, offset);
			ret = -EINVAL;
			break;
		}
		end_of_previous = offset + size;
		ret = swb_spare_fill(&spare);
		if (ret)
			break;
		ret = swb_translate_one(tr, offset, &object, &spare);
		if (ret)
			break;
		if (swb_alloc_copy_to_buffer(alloc, buffer, offset, &object, size)) {
			/* Translated but not written: release it from our copy. */
			ret = -EINVAL;
			break;
		}
	}
	swb_node_free(spare.node);
	kfree(spare.ref);
	return ret;
}

/* Drops what one translated object held, in the buffer owner's view. */
static void swb_release_object_locked(struct swb_proc *proc, union swb_object *object)
{
	struct flat_binder_object *fp = &object->flat;
	bool strong = fp->hdr.type == BINDER_TYPE_BINDER || fp->hdr.type == BINDER_TYPE_HANDLE;
	struct swb_node *node;
	struct swb_ref *ref;

	switch (fp->hdr.type) {
	case BINDER_TYPE_BINDER:
	case BINDER_TYPE_WEAK_BINDER:
		node = swb_node_lookup_locked(proc, fp->binder);
		if (node && swb_node_dec_locked(node, strong, false))
			swb_node_free(node);
		break;
	case BINDER_TYPE_HANDLE:
	case BINDER_TYPE_WEAK_HANDLE:
		ref = swb_ref_lookup_locked(proc, fp->handle, false);
		if (ref)
			swb_ref_dec_locked(ref, strong);
		break;
	}
}

/*
 * Drops what the first @count objects hold. Fds of an fd array are closed
 * only once they were installed in this proc (@delivered); a transaction
 * that failed before never installed them, and BINDER_TYPE_FD fds belong to
 * userspace once delivered. Returns whether fds were closed.
 */
bool swb_release_buffer_objects(struct swb_proc *proc, struct swb_buffer *buffer, size_t count,
				bool delivered)
{
	struct swb_alloc *alloc = &proc->alloc;
	struct swb_node *target_node = buffer->target_node;
	union swb_object object;
	size_t i, total = buffer->offsets_size / sizeof(u64);
	bool closed = false;
	u64 offset;

	if (target_node) {
		swb_lock(proc);
		buffer->target_node = NULL;
		if (swb_node_dec_locked(target_node, true, false))
			swb_node_free(target_node);
		swb_unlock(proc);
	}
	for (i = 0; i < min(count, total); i++) {
		if (swb_read_offset(alloc, buffer, i, &offset) ||
		    !swb_read_object(alloc, buffer, offset, &object))
			continue;
		if (object.hdr.type == BINDER_TYPE_FDA) {
			if (delivered && object.fda.num_fds) {
				swb_fda_close(proc, buffer, &object.fda);
				closed = true;
			}
			continue;
		}
		swb_lock(proc);
		swb_release_object_locked(proc, &object);
		swb_unlock(proc);
	}
	return closed;
}

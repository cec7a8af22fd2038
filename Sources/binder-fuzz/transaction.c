/*
 * A transaction's payload: a data buffer holding objects of every type of
 * the spec, an offsets array naming them, and scatter-gather buffers. Most
 * payloads are well formed, so that nodes, refs and fds really travel; a
 * few fields of many are then bent: offsets unaligned, overlapping or past
 * the end, parents out of order, lengths and counts huge, pointers bad.
 * A tame payload (half of them) bends nothing and names handles that exist.
 */
#include <string.h>

#include "fuzz.h"

#define MAX_OBJECTS	6

struct layout {
	size_t pos;
	unsigned int nobj;
	/* Index (among objects) and sg slot of the PTR objects so far. */
	int ptr_index[MAX_OBJECTS];
	int ptr_slot[MAX_OBJECTS];
	unsigned int nptr;
	uint64_t sg_size;
};

static void fill_flat(struct fuzz_thread *t, struct flat_binder_object *o, uint32_t type)
{
	o->flags = fuzz_bend(t, 4) ?
		fuzz_flags(t, fuzz_flat_binder_flags, FUZZ_FLAT_BINDER_FLAGS_COUNT) :
		FLAT_BINDER_FLAG_ACCEPTS_FDS;
	if (type == BINDER_TYPE_HANDLE || type == BINDER_TYPE_WEAK_HANDLE) {
		o->handle = fuzz_handle(t);
		o->cookie = fuzz_one_in(&t->rng, 8) ? fuzz_cookie(t) : 0;
	} else {
		o->binder = fuzz_local_ptr(t);
		o->cookie = fuzz_cookie(t);
	}
}

/* A PTR object: one of the thread's sg buffers, maybe inside an earlier one. */
static void fill_ptr(struct fuzz_thread *t, struct binder_buffer_object *o, struct layout *l)
{
	int slot = (int)fuzz_below(&t->rng, 2);
	uint64_t len = 8 * (1 + fuzz_below(&t->rng, 24));

	o->flags = 0;
	o->buffer = (uint64_t)(uintptr_t)t->sg[slot];
	o->length = fuzz_size(t, len);
	if (fuzz_bend(t, 20))
		o->buffer = fuzz_bad_pointer(t);
	if (l->nptr && fuzz_one_in(&t->rng, 2)) {
		/* Tame: inside the latest buffer, which is always a valid parent. */
		unsigned int p = t->tame ? l->nptr - 1 : fuzz_below(&t->rng, l->nptr);

		o->flags = BINDER_BUFFER_FLAG_HAS_PARENT;
		o->parent = (uint64_t)l->ptr_index[p];
		o->parent_offset = 8 * fuzz_below(&t->rng, 4);
	}
	if (fuzz_bend(t, 10))
		o->flags = fuzz_flags(t, fuzz_buffer_object_flags, FUZZ_BUFFER_OBJECT_FLAGS_COUNT);
	if (fuzz_bend(t, 10))
		o->parent = fuzz_size(t, o->parent);
	if (fuzz_bend(t, 10))
		o->parent_offset = fuzz_size(t, o->parent_offset);
	l->ptr_index[l->nptr] = (int)l->nobj;
	l->ptr_slot[l->nptr++] = slot;
	l->sg_size += (o->length + 7) & ~7ull;
}

/* An FD array in an earlier PTR buffer; its fds are written into that buffer. */
static void fill_fda(struct fuzz_thread *t, struct binder_fd_array_object *o, struct layout *l)
{
	unsigned int p, i;
	uint32_t *fds;

	o->pad = 0;
	o->num_fds = fuzz_below(&t->rng, 4);
	o->parent = (uint64_t)fuzz_below(&t->rng, MAX_OBJECTS);
	o->parent_offset = 4 * fuzz_below(&t->rng, 8);
	if (l->nptr) {
		p = fuzz_below(&t->rng, l->nptr);
		o->parent = (uint64_t)l->ptr_index[p];
		fds = (uint32_t *)(void *)(t->sg[l->ptr_slot[p]] + o->parent_offset);
		for (i = 0; i < o->num_fds; i++)
			fds[i] = (uint32_t)fuzz_fd(t);
	}
	if (fuzz_bend(t, 10))
		o->num_fds = (uint64_t)fuzz_size(t, o->num_fds);
	if (fuzz_bend(t, 10))
		o->parent_offset = fuzz_size(t, o->parent_offset);
}

static void add_object(struct fuzz_thread *t, struct layout *l)
{
	const struct fuzz_object_type *type = &fuzz_object_types[fuzz_below(&t->rng, FUZZ_OBJECT_TYPE_COUNT)];
	void *at;

	/* Tame: an fd array only where a buffer can hold its fds. */
	if (t->tame && type->type == BINDER_TYPE_FDA && !l->nptr)
		return;

	if (l->pos + type->object_size > sizeof(t->data))
		return;
	at = t->data + l->pos;
	memset(at, 0, type->object_size);
	((struct binder_object_header *)at)->type = type->type;
	switch (type->type) {
	case BINDER_TYPE_BINDER:
	case BINDER_TYPE_WEAK_BINDER:
	case BINDER_TYPE_HANDLE:
	case BINDER_TYPE_WEAK_HANDLE:
		fill_flat(t, at, type->type);
		break;
	case BINDER_TYPE_FD:
		((struct binder_fd_object *)at)->fd = (uint32_t)fuzz_fd(t);
		((struct binder_fd_object *)at)->cookie = fuzz_cookie(t);
		break;
	case BINDER_TYPE_FDA:
		fill_fda(t, at, l);
		break;
	case BINDER_TYPE_PTR:
		fill_ptr(t, at, l);
		break;
	default:
		break;
	}
	if (fuzz_bend(t, 40))
		((struct binder_object_header *)at)->type = (uint32_t)fuzz_next(&t->rng);
	t->offsets[l->nobj++] = l->pos;
	l->pos += type->object_size;
	/* Plain bytes between objects, as a parcel has. */
	if (fuzz_one_in(&t->rng, 3))
		l->pos += 8 * fuzz_below(&t->rng, 4);
}

/* Offsets that lie: unaligned, overlapping, past the end, out of order. */
static void bend_offsets(struct fuzz_thread *t, struct layout *l)
{
	unsigned int i = fuzz_below(&t->rng, l->nobj);

	switch (fuzz_below(&t->rng, 5)) {
	case 0:
		t->offsets[i] += 1 + fuzz_below(&t->rng, 7);
		break;
	case 1:
		t->offsets[i] = i ? t->offsets[i - 1] + 4 * fuzz_below(&t->rng, 4) : 4;
		break;
	case 2:
		t->offsets[i] = l->pos - fuzz_below(&t->rng, 16);
		break;
	case 3:
		t->offsets[i] = fuzz_next(&t->rng);
		break;
	default:
		if (i) {
			uint64_t tmp = t->offsets[i];

			t->offsets[i] = t->offsets[i - 1];
			t->offsets[i - 1] = tmp;
		}
		break;
	}
}

void fuzz_transaction(struct fuzz_thread *t, struct binder_transaction_data_sg *sg, int reply)
{
	struct binder_transaction_data *tr = &sg->transaction_data;
	struct layout l = { 0 };
	unsigned int want = fuzz_below(&t->rng, MAX_OBJECTS + 1), i;

	/* Half the calls are well formed throughout, so that they get delivered. */
	t->tame = fuzz_one_in(&t->rng, 2);
	memset(sg, 0, sizeof(*sg));
	if (fuzz_one_in(&t->rng, 2))
		l.pos = 8 * fuzz_below(&t->rng, 4);	/* a header before the objects */
	memset(t->data, 0x5a, l.pos);
	for (i = 0; i < want; i++)
		add_object(t, &l);
	if (l.nobj && fuzz_bend(t, 6))
		bend_offsets(t, &l);

	tr->target.handle = reply ? 0 : fuzz_handle(t);
	tr->cookie = fuzz_one_in(&t->rng, 8) ? fuzz_cookie(t) : 0;
	tr->code = fuzz_one_in(&t->rng, 4) ? (uint32_t)fuzz_next(&t->rng) : 1 + fuzz_below(&t->rng, 4);
	tr->flags = fuzz_one_in(&t->rng, 2) ? TF_ONE_WAY : 0;
	if (fuzz_bend(t, 3))
		tr->flags |= fuzz_flags(t, fuzz_transaction_flags, FUZZ_TRANSACTION_FLAGS_COUNT);
	tr->data_size = fuzz_bend(t, 8) ? fuzz_size(t, l.pos) : l.pos;
	tr->offsets_size = fuzz_bend(t, 8) ? fuzz_size(t, 8 * l.nobj) : 8 * l.nobj;
	tr->data.ptr.buffer = (uint64_t)(uintptr_t)t->data;
	tr->data.ptr.offsets = (uint64_t)(uintptr_t)t->offsets;
	if (fuzz_bend(t, 24))
		tr->data.ptr.buffer = fuzz_bad_pointer(t);
	if (fuzz_bend(t, 24))
		tr->data.ptr.offsets = fuzz_bad_pointer(t);
	sg->buffers_size = fuzz_bend(t, 8) ? fuzz_size(t, l.sg_size) : l.sg_size;
	t->tame = 0;
}

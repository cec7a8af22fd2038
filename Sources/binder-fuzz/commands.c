/*
 * Command streams and ioctls, built from the generated tables: the code and
 * payload size come from fuzz_commands[] / fuzz_ioctls[], the payload from
 * its shape. Each command and each ioctl issued is counted.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/android/binderfs.h>

#include "fuzz.h"

static void count(struct fuzz_thread *t, uint64_t n)
{
	__atomic_fetch_add(&t->proc->shared->commands[t->proc->slot], n, __ATOMIC_RELAXED);
}

static void put(struct fuzz_thread *t, const void *p, size_t n)
{
	if (t->wlen + n > sizeof(t->wbuf))
		n = sizeof(t->wbuf) - t->wlen;
	memcpy(t->wbuf + t->wlen, p, n);
	t->wlen += n;
}

/* Payload bytes for one command of the table, by shape. */
static size_t command_payload(struct fuzz_thread *t, const struct fuzz_command *c, void *out)
{
	uint32_t u32;
	uint64_t u64;

	switch (c->shape) {
	case FUZZ_SHAPE_NONE:
		return 0;
	case FUZZ_SHAPE_BINDER_TRANSACTION_DATA:
	case FUZZ_SHAPE_BINDER_TRANSACTION_DATA_SG: {
		struct binder_transaction_data_sg sg;
		int reply = c->code == BC_REPLY || c->code == BC_REPLY_SG;

		fuzz_transaction(t, &sg, reply);
		if (reply && t->pending_replies)
			t->pending_replies--;
		memcpy(out, &sg, c->payload_size);
		return c->payload_size;
	}
	case FUZZ_SHAPE_U32:
		u32 = fuzz_handle(t);
		memcpy(out, &u32, sizeof(u32));
		return sizeof(u32);
	case FUZZ_SHAPE_BINDER_UINTPTR_T:
		u64 = c->code == BC_FREE_BUFFER ? fuzz_buffer_ptr(t) : fuzz_cookie(t);
		memcpy(out, &u64, sizeof(u64));
		return sizeof(u64);
	case FUZZ_SHAPE_BINDER_PTR_COOKIE: {
		struct binder_ptr_cookie pc = { fuzz_local_ptr(t), fuzz_cookie(t) };

		memcpy(out, &pc, sizeof(pc));
		return sizeof(pc);
	}
	case FUZZ_SHAPE_BINDER_HANDLE_COOKIE: {
		struct binder_handle_cookie hc = { .handle = fuzz_handle(t), .cookie = fuzz_cookie(t) };

		memcpy(out, &hc, sizeof(hc));
		return sizeof(hc);
	}
	default: {
		/* A shape this file does not know yet: random bytes of the right size. */
		size_t i;

		for (i = 0; i < c->payload_size; i++)
			((unsigned char *)out)[i] = (unsigned char)fuzz_next(&t->rng);
		return c->payload_size;
	}
	}
}

void fuzz_append_command(struct fuzz_thread *t, const struct fuzz_command *c)
{
	unsigned char payload[sizeof(struct binder_transaction_data_sg) + 64] __attribute__((aligned(8)));
	size_t n = command_payload(t, c, payload);
	uint32_t code = c->code;

	/* A code of no command, or a payload cut short (the stream ends in it). */
	if (fuzz_one_in(&t->rng, 200))
		code = (uint32_t)fuzz_next(&t->rng);
	if (fuzz_one_in(&t->rng, 200) && n)
		n = fuzz_below(&t->rng, (uint32_t)n);
	put(t, &code, sizeof(code));
	put(t, payload, n);
}

/* Where the read goes: our buffer, or a place the driver cannot write. */
static uint64_t read_target(struct fuzz_thread *t, uint64_t *size)
{
	if (!fuzz_one_in(&t->rng, 40))
		return (uint64_t)(uintptr_t)t->rbuf;
	*size = fuzz_size(t, *size);
	if (fuzz_one_in(&t->rng, 2))
		return (uint64_t)(uintptr_t)t->proc->readonly;
	return fuzz_bad_pointer(t);
}

int fuzz_flush(struct fuzz_thread *t, int read)
{
	uint64_t rsize = read ? (fuzz_one_in(&t->rng, 8) ? 4 + 4 * fuzz_below(&t->rng, 32) : sizeof(t->rbuf)) : 0;
	struct binder_write_read bwr = {
		.write_size = t->wlen,
		.write_buffer = (uint64_t)(uintptr_t)t->wbuf,
	};
	uint64_t rbuf = read ? read_target(t, &rsize) : 0;
	uint64_t start;
	int ret;

	bwr.read_size = rsize;
	bwr.read_buffer = rbuf;
	if (fuzz_one_in(&t->rng, 60))
		bwr.write_buffer = fuzz_bad_pointer(t);
	if (fuzz_one_in(&t->rng, 60))
		bwr.write_size = fuzz_size(t, t->wlen);
	if (fuzz_one_in(&t->rng, 60))
		bwr.write_consumed = fuzz_size(t, 0);
	if (fuzz_one_in(&t->rng, 60) && read)
		bwr.read_consumed = fuzz_below(&t->rng, 8);
	start = bwr.read_consumed;
	ret = ioctl(t->proc->fd, BINDER_WRITE_READ, &bwr);
	count(t, 1);
	t->wlen = 0;
	if (ret == 0 && rbuf == (uint64_t)(uintptr_t)t->rbuf && bwr.read_consumed <= sizeof(t->rbuf))
		fuzz_handle_returns(t, start, bwr.read_consumed);
	return ret < 0 ? -errno : 0;
}

/* An ioctl argument by shape; the write-read ioctl is fuzz_flush's. */
static void ioctl_arg(struct fuzz_thread *t, const struct fuzz_ioctl *io, void *arg)
{
	switch (io->shape) {
	case FUZZ_SHAPE_U32:
	case FUZZ_SHAPE_S32:
		*(uint32_t *)arg = fuzz_one_in(&t->rng, 4) ? (uint32_t)fuzz_next(&t->rng) : fuzz_below(&t->rng, 16);
		break;
	case FUZZ_SHAPE_S64:
		*(uint64_t *)arg = fuzz_next(&t->rng);
		break;
	case FUZZ_SHAPE_BINDER_NODE_DEBUG_INFO:
		((struct binder_node_debug_info *)arg)->ptr = fuzz_local_ptr(t);
		break;
	case FUZZ_SHAPE_BINDER_NODE_INFO_FOR_REF:
		((struct binder_node_info_for_ref *)arg)->handle = fuzz_handle(t);
		if (fuzz_one_in(&t->rng, 8))
			((struct binder_node_info_for_ref *)arg)->reserved1 = 1;
		break;
	case FUZZ_SHAPE_FLAT_BINDER_OBJECT: {
		struct flat_binder_object *o = arg;

		o->hdr.type = fuzz_one_in(&t->rng, 8) ? (uint32_t)fuzz_next(&t->rng) : BINDER_TYPE_BINDER;
		o->flags = fuzz_flags(t, fuzz_flat_binder_flags, FUZZ_FLAT_BINDER_FLAGS_COUNT);
		o->binder = fuzz_local_ptr(t);
		o->cookie = fuzz_cookie(t);
		break;
	}
	case FUZZ_SHAPE_BINDER_FREEZE_INFO: {
		struct binder_freeze_info *f = arg;

		f->pid = (uint32_t)fuzz_pid(t);
		f->enable = fuzz_one_in(&t->rng, 16) ? (uint32_t)fuzz_next(&t->rng) : fuzz_below(&t->rng, 2);
		f->timeout_ms = fuzz_one_in(&t->rng, 3) ? 0 : fuzz_below(&t->rng, 20);
		break;
	}
	case FUZZ_SHAPE_BINDER_FROZEN_STATUS_INFO:
		((struct binder_frozen_status_info *)arg)->pid = (uint32_t)fuzz_pid(t);
		break;
	case FUZZ_SHAPE_BINDERFS_DEVICE: {
		struct binderfs_device *d = arg;
		unsigned int i, n = fuzz_below(&t->rng, sizeof(d->name));

		for (i = 0; i < n; i++)
			d->name[i] = (char)('a' + fuzz_below(&t->rng, 26));
		break;
	}
	default:
		break;
	}
}

void fuzz_random_ioctl(struct fuzz_thread *t)
{
	const struct fuzz_ioctl *io = &fuzz_ioctls[fuzz_below(&t->rng, FUZZ_IOCTL_COUNT)];
	unsigned char arg[512] __attribute__((aligned(8)));
	void *p = arg;

	/* Leaving the driver thread by hand is rare in real life. */
	if (io->cmd == BINDER_THREAD_EXIT && !fuzz_one_in(&t->rng, 8))
		return;
	memset(arg, 0, sizeof(arg));
	if (io->cmd == BINDER_WRITE_READ) {
		struct binder_write_read *bwr = (void *)arg;

		/* Only pointers the driver must refuse: ours would be overwritten. */
		bwr->write_size = fuzz_size(t, 8);
		bwr->write_buffer = fuzz_bad_pointer(t);
		bwr->read_size = fuzz_size(t, 8);
		bwr->read_buffer = fuzz_bad_pointer(t);
	} else {
		ioctl_arg(t, io, arg);
	}
	if (fuzz_one_in(&t->rng, 16))
		p = (void *)(uintptr_t)fuzz_bad_pointer(t);
	else if (fuzz_one_in(&t->rng, 32))
		p = t->proc->readonly;
	ioctl(t->proc->fd, io->cmd, p);
	count(t, 1);
}

/*
 * Opening a binder device and the client side of a call, with fixed buffers
 * only: a call costs the ioctls and nothing else of this program.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"

int bench_open(struct bench_binder *b, const char *device)
{
	b->fd = open(device, O_RDWR | O_CLOEXEC);
	if (b->fd < 0)
		return -errno;
	b->map = mmap(NULL, BENCH_MAP_SIZE, PROT_READ, MAP_PRIVATE, b->fd, 0);
	if (b->map == MAP_FAILED) {
		int err = -errno;

		close(b->fd);
		return err;
	}
	return 0;
}

void bench_close(struct bench_binder *b)
{
	munmap(b->map, BENCH_MAP_SIZE);
	close(b->fd);
}

int bench_write_read(struct bench_binder *b, const void *wbuf, size_t wlen,
		     void *rbuf, size_t rlen, size_t *read_consumed)
{
	struct binder_write_read bwr = {
		.write_size = wlen,
		.write_buffer = (binder_uintptr_t)(uintptr_t)wbuf,
		.read_size = rlen,
		.read_buffer = (binder_uintptr_t)(uintptr_t)rbuf,
	};

	while (ioctl(b->fd, BINDER_WRITE_READ, &bwr) < 0) {
		if (errno != EINTR)
			return -errno;
		/* Interrupted: what was written stays written; read again. */
		bwr.write_size = bwr.write_consumed;
	}
	if (read_consumed)
		*read_consumed = bwr.read_consumed;
	return 0;
}

int bench_client_open(struct bench_client *c, const char *device)
{
	c->pending_free = 0;
	return bench_open(&c->b, device);
}

void bench_client_close(struct bench_client *c)
{
	if (c->pending_free) {
		struct {
			uint32_t cmd;
			binder_uintptr_t ptr;
		} __attribute__((packed)) f = { BC_FREE_BUFFER, c->pending_free };

		bench_write_read(&c->b, &f, sizeof(f), NULL, 0, NULL);
	}
	bench_close(&c->b);
}

/* Size of the payload that follows a BR_ code in the read buffer. */
static size_t br_payload(uint32_t br)
{
	return _IOC_SIZE(br);
}

int bench_call(struct bench_client *c, uint32_t code, uint32_t flags,
	       const void *data, size_t size, uint32_t *br)
{
	struct {
		uint32_t free_cmd;
		binder_uintptr_t free_ptr;
		uint32_t cmd;
		struct binder_transaction_data tr;
	} __attribute__((packed)) w;
	uint8_t rbuf[256];
	size_t wlen = sizeof(w), off = 0, got = 0;
	uint8_t *wstart = (uint8_t *)&w;
	int ret;

	memset(&w, 0, sizeof(w));
	w.free_cmd = BC_FREE_BUFFER;
	w.free_ptr = c->pending_free;
	w.cmd = BC_TRANSACTION;
	w.tr.target.handle = 0;
	w.tr.code = code;
	w.tr.flags = flags;
	w.tr.data_size = size;
	w.tr.data.ptr.buffer = (binder_uintptr_t)(uintptr_t)data;
	if (!c->pending_free) {
		/* Nothing to free: skip the BC_FREE_BUFFER. */
		wstart += sizeof(uint32_t) + sizeof(binder_uintptr_t);
		wlen -= sizeof(uint32_t) + sizeof(binder_uintptr_t);
	}
	c->pending_free = 0;

	for (;;) {
		ret = bench_write_read(&c->b, wstart, wlen, rbuf, sizeof(rbuf), &got);
		if (ret)
			return ret;
		wlen = 0;
		for (off = 0; off + sizeof(uint32_t) <= got;) {
			uint32_t cmd;

			memcpy(&cmd, rbuf + off, sizeof(cmd));
			off += sizeof(cmd);
			switch (cmd) {
			case BR_NOOP:
			case BR_SPAWN_LOOPER:
				break;
			case BR_TRANSACTION_COMPLETE:
				if (flags & TF_ONE_WAY)
					return 0;
				break;
			case BR_REPLY: {
				struct binder_transaction_data tr;

				memcpy(&tr, rbuf + off, sizeof(tr));
				c->pending_free = tr.data.ptr.buffer;
				return 0;
			}
			case BR_DEAD_REPLY:
			case BR_FAILED_REPLY:
			case BR_FROZEN_REPLY:
				if (br)
					*br = cmd;
				return -1;
			default:
				break;
			}
			off += br_payload(cmd);
		}
	}
}

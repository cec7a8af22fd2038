/*
 * The peer side: what the driver returned, remembered (buffers, node ptrs,
 * cookies) and answered the way a careless peer might: a call replied to or
 * not, a buffer freed now, later, never or twice, a BR_INCREFS or a death
 * notification acknowledged or not.
 */
#include <string.h>

#include "fuzz.h"

static void append(struct fuzz_thread *t, uint32_t code, const void *payload, size_t n)
{
	if (t->wlen + sizeof(code) + n > sizeof(t->wbuf))
		return;
	memcpy(t->wbuf + t->wlen, &code, sizeof(code));
	memcpy(t->wbuf + t->wlen + sizeof(code), payload, n);
	t->wlen += sizeof(code) + n;
}

static const struct fuzz_command *command(uint32_t code)
{
	unsigned int i;

	for (i = 0; i < FUZZ_COMMAND_COUNT; i++)
		if (fuzz_commands[i].code == code)
			return &fuzz_commands[i];
	return NULL;
}

static void got_transaction(struct fuzz_thread *t, uint32_t cmd, const struct binder_transaction_data *tr)
{
	struct fuzz_proc *p = t->proc;
	uint64_t buffer = tr->data.ptr.buffer;
	int sync = cmd != BR_REPLY && !(tr->flags & TF_ONE_WAY);

	fuzz_remember(p, p->buffers, &p->nbuffers, buffer);
	if (cmd != BR_REPLY) {
		fuzz_remember(p, p->nodes, &p->nnodes, tr->target.ptr);
		fuzz_remember(p, p->cookies, &p->ncookies, tr->cookie);
	}
	if (sync)
		t->pending_replies++;
	/* Reply before freeing, as libbinder does: the reply may name the buffer's objects. */
	if (sync && !fuzz_one_in(&t->rng, 4)) {
		const struct fuzz_command *c = command(fuzz_one_in(&t->rng, 3) ? BC_REPLY_SG : BC_REPLY);

		if (c)
			fuzz_append_command(t, c);
	}
	if (!fuzz_one_in(&t->rng, 3))
		append(t, BC_FREE_BUFFER, &buffer, sizeof(buffer));
	if (fuzz_one_in(&t->rng, 20))
		append(t, BC_FREE_BUFFER, &buffer, sizeof(buffer));	/* twice */
}

static void got_ref_request(struct fuzz_thread *t, uint32_t cmd, const struct binder_ptr_cookie *pc)
{
	struct fuzz_proc *p = t->proc;
	struct binder_ptr_cookie done = *pc;

	fuzz_remember(p, p->nodes, &p->nnodes, pc->ptr);
	fuzz_remember(p, p->cookies, &p->ncookies, pc->cookie);
	if (cmd != BR_INCREFS && cmd != BR_ACQUIRE)
		return;
	if (fuzz_one_in(&t->rng, 5))
		return;	/* never acknowledged */
	if (fuzz_one_in(&t->rng, 10))
		done.cookie = fuzz_cookie(t);
	append(t, cmd == BR_INCREFS ? BC_INCREFS_DONE : BC_ACQUIRE_DONE, &done, sizeof(done));
}

static void got_cookie(struct fuzz_thread *t, uint32_t done_cmd, uint64_t cookie)
{
	struct fuzz_proc *p = t->proc;

	fuzz_remember(p, p->cookies, &p->ncookies, cookie);
	if (!fuzz_one_in(&t->rng, 4))
		append(t, done_cmd, &cookie, sizeof(cookie));
}

/* Size of a return's payload: what its code declares, except BR_ERROR,
 * which drivers (upstream too) write without its int. */
static size_t payload_size(uint32_t cmd)
{
	return cmd == BR_ERROR ? 0 : _IOC_SIZE(cmd);
}

void fuzz_handle_returns(struct fuzz_thread *t, size_t start, size_t end)
{
	size_t pos = start;
	union {
		struct binder_transaction_data tr;
		struct binder_ptr_cookie pc;
		uint64_t cookie;
	} u;

	while (pos + sizeof(uint32_t) <= end) {
		uint32_t cmd;
		const unsigned char *payload = t->rbuf + pos + sizeof(cmd);
		size_t n;

		memcpy(&cmd, t->rbuf + pos, sizeof(cmd));
		n = payload_size(cmd);
		if (pos + sizeof(cmd) + n > end)
			break;
		pos += sizeof(cmd) + n;
		switch (cmd) {
		/* Payloads follow a 4-byte code: copied out, never read in place. */
		case BR_TRANSACTION:
		case BR_TRANSACTION_SEC_CTX:
		case BR_REPLY:
			memcpy(&u.tr, payload, sizeof(u.tr));
			got_transaction(t, cmd, &u.tr);
			break;
		case BR_INCREFS:
		case BR_ACQUIRE:
		case BR_RELEASE:
		case BR_DECREFS:
			memcpy(&u.pc, payload, sizeof(u.pc));
			got_ref_request(t, cmd, &u.pc);
			break;
		case BR_DEAD_BINDER:
			memcpy(&u.cookie, payload, sizeof(u.cookie));
			got_cookie(t, BC_DEAD_BINDER_DONE, u.cookie);
			break;
		case BR_FROZEN_BINDER:
			memcpy(&u.cookie, payload, sizeof(u.cookie));
			got_cookie(t, BC_FREEZE_NOTIFICATION_DONE, u.cookie);
			break;
		default:
			break;
		}
	}
	if (t->wlen)
		fuzz_flush(t, 0);
}

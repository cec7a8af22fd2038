/*
 * Field values, each drawn from three kinds: valid (what a well-behaved peer
 * would send: handles and pointers it has seen), boundary (0, -1, the
 * largest value) and hostile (random, pointers into nothing or the kernel).
 */
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#define KERNEL_POINTER	0xffff888000000000ull

void fuzz_remember(struct fuzz_proc *p, uint64_t *ring, unsigned int *count, uint64_t v)
{
	pthread_mutex_lock(&p->lock);
	ring[*count % FUZZ_RECENT] = v;
	(*count)++;
	pthread_mutex_unlock(&p->lock);
}

/* A value seen before (a buffer, a node ptr, a cookie), or 0 if none yet. */
static uint64_t recall(struct fuzz_thread *t, const uint64_t *ring, unsigned int count)
{
	uint64_t v = 0;

	pthread_mutex_lock(&t->proc->lock);
	if (count)
		v = ring[fuzz_below(&t->rng, count < FUZZ_RECENT ? count : FUZZ_RECENT)];
	pthread_mutex_unlock(&t->proc->lock);
	return v;
}

int fuzz_bend(struct fuzz_thread *t, uint32_t n)
{
	return !t->tame && fuzz_one_in(&t->rng, n);
}

/* Handles are small numbers: 0 is the context manager, the next few are real. */
uint32_t fuzz_handle(struct fuzz_thread *t)
{
	if (t->tame)
		return fuzz_one_in(&t->rng, 2) ? 0 : 1 + fuzz_below(&t->rng, 3);
	switch (fuzz_below(&t->rng, 16)) {
	case 0:
		return (uint32_t)fuzz_next(&t->rng);
	case 1:
		return 0xffffffffu;
	case 2:
	case 3:
	case 4:
		return 0;
	default:
		return 1 + fuzz_below(&t->rng, 8);
	}
}

/* A local node's ptr: one of a few fixed ones (so nodes are reused), or random. */
uint64_t fuzz_local_ptr(struct fuzz_thread *t)
{
	if (t->tame)
		return 0x1000 * (1 + fuzz_below(&t->rng, 6));
	switch (fuzz_below(&t->rng, 8)) {
	case 0:
		return fuzz_next(&t->rng);
	case 1:
		return 0;
	case 2:
		return recall(t, t->proc->nodes, t->proc->nnodes);
	default:
		return 0x1000 * (1 + fuzz_below(&t->rng, 6));
	}
}

uint64_t fuzz_cookie(struct fuzz_thread *t)
{
	switch (fuzz_below(&t->rng, 6)) {
	case 0:
		return fuzz_next(&t->rng);
	case 1:
	case 2:
		return recall(t, t->proc->cookies, t->proc->ncookies);
	default:
		return 0xc0 + fuzz_below(&t->rng, 8);
	}
}

/* For BC_FREE_BUFFER: a received buffer (maybe freed already), or nonsense. */
uint64_t fuzz_buffer_ptr(struct fuzz_thread *t)
{
	uint64_t base = (uint64_t)(uintptr_t)t->proc->map;

	switch (fuzz_below(&t->rng, 10)) {
	case 0:
		return fuzz_next(&t->rng);
	case 1:
		return base + fuzz_below(&t->rng, (uint32_t)t->proc->map_size + 64);
	case 2:
		return base;
	default:
		return recall(t, t->proc->buffers, t->proc->nbuffers);
	}
}

/* A size near the valid one, zero, unaligned, or huge. */
uint64_t fuzz_size(struct fuzz_thread *t, uint64_t valid)
{
	if (t->tame)
		return valid;
	switch (fuzz_below(&t->rng, 24)) {
	case 0:
		return 0;
	case 1:
		return valid + 1 + fuzz_below(&t->rng, 7);
	case 2:
		return valid ? valid - 1 : 0;
	case 3:
		return ~0ull - fuzz_below(&t->rng, 16);
	case 4:
		return 1ull << (20 + fuzz_below(&t->rng, 40));
	case 5:
		return fuzz_below(&t->rng, 4096);
	default:
		return valid;
	}
}

/* A pointer the driver must refuse to read or write through. */
uint64_t fuzz_bad_pointer(struct fuzz_thread *t)
{
	switch (fuzz_below(&t->rng, 7)) {
	case 0:
		return 0;
	case 1:
		return 1 + fuzz_below(&t->rng, 4096);
	case 2:
		return KERNEL_POINTER + fuzz_below(&t->rng, 1u << 20);
	case 3:
		return (uint64_t)(uintptr_t)t->proc->unmapped + fuzz_below(&t->rng, 4096);
	case 4:
		/* The last bytes of a page whose next page is unmapped: straddles. */
		return (uint64_t)(uintptr_t)t->proc->unmapped - 1 - fuzz_below(&t->rng, 16);
	case 5:
		return ~0ull - fuzz_below(&t->rng, 64);
	default:
		return fuzz_next(&t->rng);
	}
}

int32_t fuzz_fd(struct fuzz_thread *t)
{
	if (t->tame)
		return t->proc->spare_fds[fuzz_below(&t->rng, 2)];
	switch (fuzz_below(&t->rng, 10)) {
	case 0:
		return -1;
	case 1:
		return (int32_t)fuzz_next(&t->rng);
	case 2:	/* a binder file: its own, or one with no work ever */
		return fuzz_one_in(&t->rng, 2) ? t->proc->fd : t->proc->spare_binder_fd;
	case 3:
		return 3 + fuzz_below(&t->rng, 32);	/* maybe closed */
	case 4:
		return 0x7fffffff;
	default:
		return t->proc->spare_fds[fuzz_below(&t->rng, 2)];
	}
}

/* Another worker (maybe dead, maybe this one), 0, or nonsense. */
pid_t fuzz_pid(struct fuzz_thread *t)
{
	switch (fuzz_below(&t->rng, 10)) {
	case 0:
		return 0;
	case 1:
		return (pid_t)fuzz_next(&t->rng);
	case 2:
		return getpid();
	default:
		return t->proc->shared->pids[fuzz_below(&t->rng, t->proc->opt.procs)];
	}
}

/* A mix of the group's flags, sometimes with bits no group defines. */
uint32_t fuzz_flags(struct fuzz_thread *t, const struct fuzz_flag *flags, unsigned int n)
{
	uint32_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (fuzz_one_in(&t->rng, 3))
			v |= flags[i].value;
	if (fuzz_one_in(&t->rng, 16))
		v |= (uint32_t)fuzz_next(&t->rng);
	return v;
}

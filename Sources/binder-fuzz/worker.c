/*
 * One worker process: opens and maps the device (or not), then runs its
 * threads until the supervisor says stop or kills it. Every thread mixes
 * command streams, plain reads, ioctls and freeze storms.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

#define PAGE	4096

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Mostly 1 MiB; sometimes small, sometimes none at all (calls to us must fail). */
static void map_device(struct fuzz_proc *p, struct fuzz_rng *r)
{
	static const size_t sizes[] = { 1 << 20, 1 << 20, 1 << 20, 128 << 10, 4 << 20, PAGE };

	p->map_size = sizes[fuzz_below(r, sizeof(sizes) / sizeof(sizes[0]))];
	p->map = MAP_FAILED;
	if (!fuzz_one_in(r, 20))
		p->map = mmap(NULL, p->map_size, PROT_READ, MAP_PRIVATE, p->fd, 0);
	if (fuzz_one_in(r, 20))
		mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, p->fd, 0);	/* a second map: refused */
	if (p->map == MAP_FAILED) {
		p->map = NULL;
		p->map_size = PAGE;
	}
}

/* A scratch page followed by a hole, and a read-only page. */
static int setup_bad_pages(struct fuzz_proc *p)
{
	unsigned char *two = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (two == MAP_FAILED)
		return -1;
	munmap(two + PAGE, PAGE);
	p->unmapped = two + PAGE;
	p->readonly = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p->readonly == MAP_FAILED ? -1 : 0;
}

static void become_context_manager(struct fuzz_proc *p, struct fuzz_rng *r)
{
	if (fuzz_one_in(r, 2)) {
		struct flat_binder_object o = { .hdr.type = BINDER_TYPE_BINDER, .binder = 0x1000, .cookie = 0xc0 };

		ioctl(p->fd, BINDER_SET_CONTEXT_MGR_EXT, &o);
	} else {
		int32_t unused = 0;

		ioctl(p->fd, BINDER_SET_CONTEXT_MGR, &unused);
	}
	__atomic_fetch_add(&p->shared->commands[p->slot], 1, __ATOMIC_RELAXED);
}

/* A transaction picked with care: the stream's command most likely to move objects. */
static const struct fuzz_command *pick_command(struct fuzz_thread *t)
{
	const struct fuzz_command *c;

	if (fuzz_one_in(&t->rng, 2)) {
		uint32_t want = fuzz_one_in(&t->rng, 2) ? BC_TRANSACTION_SG : BC_TRANSACTION;
		unsigned int i;

		for (i = 0; i < FUZZ_COMMAND_COUNT; i++)
			if (fuzz_commands[i].code == want)
				return &fuzz_commands[i];
	}
	do {
		c = &fuzz_commands[fuzz_below(&t->rng, FUZZ_COMMAND_COUNT)];
	} while (c->unsupported && !fuzz_one_in(&t->rng, 10));
	return c;
}

static void command_stream(struct fuzz_thread *t)
{
	unsigned int n = 1 + fuzz_below(&t->rng, 4), i;

	for (i = 0; i < n; i++)
		fuzz_append_command(t, pick_command(t));
	__atomic_fetch_add(&t->proc->shared->commands[t->proc->slot], n, __ATOMIC_RELAXED);
	fuzz_flush(t, !fuzz_one_in(&t->rng, 4));
}

/* Queues BC_TRANSACTION with @tr on the thread's pending write. */
static void append_transaction(struct fuzz_thread *t, const struct binder_transaction_data *tr)
{
	uint32_t code = BC_TRANSACTION;

	memcpy(t->wbuf + t->wlen, &code, sizeof(code));
	memcpy(t->wbuf + t->wlen + sizeof(code), tr, sizeof(*tr));
	t->wlen += sizeof(code) + sizeof(*tr);
}

/* Freeze a peer, queue oneway calls that replace each other (TF_UPDATE_TXN), maybe thaw. */
static void freeze_storm(struct fuzz_thread *t)
{
	struct binder_freeze_info info = { .pid = (uint32_t)fuzz_pid(t), .enable = 1 };
	struct binder_transaction_data tr;
	unsigned int i, n = 1 + fuzz_below(&t->rng, 4);
	uint32_t handle = fuzz_handle(t);

	ioctl(t->proc->fd, BINDER_FREEZE, &info);
	for (i = 0; i < n; i++) {
		struct binder_transaction_data_sg sg;

		fuzz_transaction(t, &sg, 0);
		tr = sg.transaction_data;
		tr.target.handle = handle;
		tr.code = 1;
		tr.flags = TF_ONE_WAY | TF_UPDATE_TXN;
		append_transaction(t, &tr);
	}
	fuzz_flush(t, 1);
	if (fuzz_one_in(&t->rng, 2)) {
		info.enable = 0;
		ioctl(t->proc->fd, BINDER_FREEZE, &info);
	}
	__atomic_fetch_add(&t->proc->shared->commands[t->proc->slot], n + 2, __ATOMIC_RELAXED);
}

/*
 * A well-formed oneway call carrying this worker's own binder file. Workers
 * that do this to each other and never read make reference cycles that only
 * swbinder's collector frees (kmod/file_cycles.c; docs/hostile-load.md).
 */
static void send_own_binder_file(struct fuzz_thread *t)
{
	struct binder_fd_object object = { .hdr.type = BINDER_TYPE_FD, .fd = (uint32_t)t->proc->fd };
	binder_size_t offset = 0;
	struct binder_transaction_data tr = {
		.target.handle = fuzz_handle(t),
		.code = 1,
		.flags = TF_ONE_WAY | TF_ACCEPT_FDS,
		.data_size = sizeof(object),
		.offsets_size = sizeof(offset),
		.data.ptr.buffer = (binder_uintptr_t)(uintptr_t)&object,
		.data.ptr.offsets = (binder_uintptr_t)(uintptr_t)&offset,
	};

	append_transaction(t, &tr);
	__atomic_fetch_add(&t->proc->shared->commands[t->proc->slot], 1, __ATOMIC_RELAXED);
	fuzz_flush(t, 1);
}

static void looper(struct fuzz_thread *t)
{
	uint32_t code = fuzz_one_in(&t->rng, 2) ? BC_ENTER_LOOPER : BC_REGISTER_LOOPER;

	memcpy(t->wbuf, &code, sizeof(code));
	t->wlen = sizeof(code);
	__atomic_fetch_add(&t->proc->shared->commands[t->proc->slot], 1, __ATOMIC_RELAXED);
	fuzz_flush(t, 1);
}

static void step(struct fuzz_thread *t)
{
	uint32_t r = fuzz_below(&t->rng, 100);

	if (r < 50)
		command_stream(t);
	else if (r < 75)
		fuzz_flush(t, 1);	/* a read: take work, answer it */
	else if (r < 93)
		fuzz_random_ioctl(t);
	else if (r < 95)
		freeze_storm(t);
	else if (r < 97)
		send_own_binder_file(t);
	else
		looper(t);
}

static void *thread_main(void *arg)
{
	struct fuzz_thread *t = arg;
	double deadline = now() + t->proc->opt.seconds;

	while (!t->proc->shared->stop && now() < deadline) {
		step(t);
		/* A worker also dies on its own now and then, between two calls. */
		if (t->index == 0 && fuzz_one_in(&t->rng, 20000))
			_exit(0);
	}
	_exit(0);
}

void fuzz_worker_main(const struct fuzz_options *opt, struct fuzz_shared *shared, int slot, uint64_t seed)
{
	static struct fuzz_proc proc;
	struct fuzz_rng r = { seed };
	struct fuzz_thread *threads;
	pthread_t tid;
	unsigned int i;
	int pipefd[2];

	/* Last resort: the supervisor kills everything at the time bound anyway. */
	alarm(opt->seconds + 10);
	proc.slot = slot;
	proc.opt = *opt;
	proc.shared = shared;
	proc.seed = seed;
	pthread_mutex_init(&proc.lock, NULL);
	proc.fd = open(opt->device, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (proc.fd < 0 || setup_bad_pages(&proc) || pipe(pipefd))
		_exit(4);
	proc.spare_fds[0] = pipefd[0];
	proc.spare_fds[1] = open("/dev/null", O_RDWR | O_CLOEXEC);
	proc.spare_binder_fd = open(opt->device, O_RDWR | O_CLOEXEC);
	if (proc.spare_binder_fd < 0)
		_exit(4);
	map_device(&proc, &r);
	if (fuzz_one_in(&r, 2))
		become_context_manager(&proc, &r);
	threads = calloc(opt->threads, sizeof(*threads));
	if (!threads)
		_exit(4);
	for (i = 0; i < opt->threads; i++) {
		threads[i].proc = &proc;
		threads[i].index = (int)i;
		threads[i].rng.state = fuzz_mix(seed, i + 1);
	}
	for (i = 1; i < opt->threads; i++)
		if (pthread_create(&tid, NULL, thread_main, &threads[i]))
			_exit(4);
	thread_main(&threads[0]);
	_exit(0);
}

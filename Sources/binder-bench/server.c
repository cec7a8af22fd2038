/*
 * The bench server: a forked process that is the context manager of the
 * device (so clients call handle 0 and need no service manager) and answers
 * with a pool of looper threads. Every buffer is static: no allocation per
 * call here either.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define SERVER_MAX_LOOPERS 16

static uint8_t echo_data[BENCH_MAX_PAYLOAD];
static struct bench_binder server_binder;
static volatile uint64_t *server_counter;

/* Commands this looper sends with its next read. */
struct out {
	uint8_t buf[256];
	size_t len;
};

static void out_put(struct out *o, const void *p, size_t n)
{
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static void out_cmd_ptr(struct out *o, uint32_t cmd, binder_uintptr_t ptr)
{
	out_put(o, &cmd, sizeof(cmd));
	out_put(o, &ptr, sizeof(ptr));
}

static void handle_transaction(struct out *o, const struct binder_transaction_data *tr)
{
	struct binder_transaction_data reply;
	uint32_t cmd = BC_REPLY;

	out_cmd_ptr(o, BC_FREE_BUFFER, tr->data.ptr.buffer);
	if (tr->flags & TF_ONE_WAY) {
		if (server_counter)
			__atomic_add_fetch(server_counter, 1, __ATOMIC_RELAXED);
		return;
	}
	memset(&reply, 0, sizeof(reply));
	reply.data_size = tr->code == BENCH_ECHO ? tr->data_size : 0;
	if (reply.data_size > sizeof(echo_data))
		reply.data_size = 0;
	reply.data.ptr.buffer = (binder_uintptr_t)(uintptr_t)echo_data;
	out_put(o, &cmd, sizeof(cmd));
	out_put(o, &reply, sizeof(reply));
}

/* Answers what one read returned; queues the answers in @o. */
static void handle_read(struct out *o, const uint8_t *rbuf, size_t got)
{
	size_t off = 0;

	while (off + sizeof(uint32_t) <= got) {
		uint32_t cmd;
		struct binder_transaction_data tr;
		struct binder_ptr_cookie pc;

		memcpy(&cmd, rbuf + off, sizeof(cmd));
		off += sizeof(cmd);
		switch (cmd) {
		case BR_TRANSACTION:
			memcpy(&tr, rbuf + off, sizeof(tr));
			handle_transaction(o, &tr);
			break;
		case BR_INCREFS:
		case BR_ACQUIRE:
			memcpy(&pc, rbuf + off, sizeof(pc));
			out_cmd_ptr(o, cmd == BR_INCREFS ? BC_INCREFS_DONE : BC_ACQUIRE_DONE, pc.ptr);
			out_put(o, &pc.cookie, sizeof(pc.cookie));
			break;
		default:
			break;
		}
		off += _IOC_SIZE(cmd);
	}
}

static void *looper(void *unused)
{
	uint8_t rbuf[512];
	struct out o = { .len = 0 };
	uint32_t enter = BC_ENTER_LOOPER;
	size_t got;

	(void)unused;
	out_put(&o, &enter, sizeof(enter));
	for (;;) {
		int ret = bench_write_read(&server_binder, o.buf, o.len, rbuf, sizeof(rbuf), &got);

		if (ret)
			_exit(3);
		o.len = 0;
		handle_read(&o, rbuf, got);
	}
	return NULL;
}

/* A dead context manager is let go asynchronously: retry EBUSY a while. */
static int become_context_manager(void)
{
	int tries;

	for (tries = 0; tries < 400; tries++) {
		if (ioctl(server_binder.fd, BINDER_SET_CONTEXT_MGR, 0) == 0)
			return 0;
		if (errno != EBUSY)
			return -errno;
		usleep(5000);
	}
	return -EBUSY;
}

static void server_main(const char *device, int loopers, int ready_fd)
{
	uint32_t max_threads = 0;
	pthread_t t;
	int i;

	if (bench_open(&server_binder, device) ||
	    ioctl(server_binder.fd, BINDER_SET_MAX_THREADS, &max_threads) ||
	    become_context_manager()) {
		perror("binder-bench server");
		_exit(2);
	}
	for (i = 1; i < loopers; i++)
		pthread_create(&t, NULL, looper, NULL);
	if (write(ready_fd, "r", 1) != 1)
		_exit(2);
	close(ready_fd);
	if (loopers == 0)
		for (;;)
			pause();
	looper(NULL);
}

pid_t bench_server_start(const char *device, int loopers, volatile uint64_t *counter)
{
	int p[2];
	char c;
	pid_t pid;

	if (loopers > SERVER_MAX_LOOPERS)
		loopers = SERVER_MAX_LOOPERS;
	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		server_counter = counter;
		server_main(device, loopers, p[1]);
		_exit(0);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &c, 1) != 1) {
		close(p[0]);
		if (pid > 0)
			bench_server_stop(pid);
		return -1;
	}
	close(p[0]);
	return pid;
}

void bench_server_stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

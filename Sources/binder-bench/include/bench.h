/*
 * binder-bench: measures one binder driver at a time, in plain C, with no
 * allocation per call, so that what is timed is the driver and not a library.
 * scripts/bench-guest.sh runs it against binder_linux and swbinder in
 * interleaved rounds; scripts/bench-report.py turns the rounds into ratios.
 */
#ifndef BINDER_BENCH_H
#define BINDER_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/android/binder.h>	/* ours: kmod/include/uapi, generated */

/* Largest payload of a latency run (1 MiB) and the mapping that holds it twice. */
#define BENCH_MAX_PAYLOAD	(1u << 20)
#define BENCH_MAP_SIZE		(4u << 20)

/* Transaction codes the bench server understands. */
enum bench_code {
	BENCH_ECHO = 1,		/* reply with as many bytes as were sent */
	BENCH_SMALL_REPLY = 2,	/* reply with 0 bytes */
	BENCH_COUNT = 3,	/* oneway: count the delivery */
};

/* One open binder device of this process. */
struct bench_binder {
	int fd;
	void *map;
};

int bench_open(struct bench_binder *b, const char *device);
void bench_close(struct bench_binder *b);
/* BINDER_WRITE_READ; returns 0 or -errno. */
int bench_write_read(struct bench_binder *b, const void *wbuf, size_t wlen,
		     void *rbuf, size_t rlen, size_t *read_consumed);

/*
 * A client call to handle 0. @flags 0 waits for BR_REPLY and frees the reply
 * buffer with the next call (as libbinder does); TF_ONE_WAY returns at
 * BR_TRANSACTION_COMPLETE. Returns 0, or -1 on a BR_ error (in *br).
 */
struct bench_client {
	struct bench_binder b;
	binder_uintptr_t pending_free;	/* reply buffer to free, or 0 */
};
int bench_client_open(struct bench_client *c, const char *device);
int bench_call(struct bench_client *c, uint32_t code, uint32_t flags,
	       const void *data, size_t size, uint32_t *br);
void bench_client_close(struct bench_client *c);

/*
 * The server: the context manager of @device with @loopers threads, each
 * answering calls by their code. Runs in a child process; returns its pid
 * once it is ready. @counter (shared memory) counts BENCH_COUNT deliveries.
 * With @loopers == 0 it never reads (calls stay queued: the memory run).
 */
pid_t bench_server_start(const char *device, int loopers, volatile uint64_t *counter);
void bench_server_stop(pid_t pid);

/* Time and statistics. */
double bench_now_us(void);
void bench_sort(double *v, size_t n);
double bench_percentile(const double *sorted, size_t n, double p);
/* Anonymous shared memory for counters between forked processes. */
void *bench_shared(size_t size);

/* The workloads; each prints one line of "key=value" results. */
int bench_latency(const char *device, size_t size, int iterations);
int bench_throughput(const char *device, int clients, double seconds, int loopers);
int bench_oneway(const char *device, int senders, int calls);
int bench_memory(const char *device, int calls);
int bench_pipe(int iterations);

#endif /* BINDER_BENCH_H */

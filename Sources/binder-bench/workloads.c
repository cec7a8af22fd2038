/*
 * The workloads of make bench. Each starts its own server, measures, stops
 * it, and prints one line: "<workload> key=value ...". Samples live in
 * arrays allocated before the timed loop.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static uint8_t payload[BENCH_MAX_PAYLOAD];

static void print_percentiles(const char *name, size_t size, double *samples, int n)
{
	bench_sort(samples, n);
	printf("%s size=%zu calls=%d median_us=%.2f p90_us=%.2f p99_us=%.2f\n", name, size, n,
	       bench_percentile(samples, n, 50), bench_percentile(samples, n, 90),
	       bench_percentile(samples, n, 99));
}

/* Round trips of @size bytes each way, one client, one server looper. */
int bench_latency(const char *device, size_t size, int iterations)
{
	struct bench_client c;
	double *samples = calloc(iterations, sizeof(*samples));
	pid_t server = bench_server_start(device, 1, NULL);
	int i, warmup = iterations / 10 + 1, ret = 1;

	if (!samples || server < 0 || bench_client_open(&c, device))
		goto out;
	for (i = 0; i < warmup; i++)
		if (bench_call(&c, BENCH_ECHO, 0, payload, size, NULL))
			goto close;
	for (i = 0; i < iterations; i++) {
		double t0 = bench_now_us();

		if (bench_call(&c, BENCH_ECHO, 0, payload, size, NULL))
			goto close;
		samples[i] = bench_now_us() - t0;
	}
	print_percentiles("latency", size, samples, iterations);
	ret = 0;
close:
	bench_client_close(&c);
out:
	if (server > 0)
		bench_server_stop(server);
	free(samples);
	if (ret)
		fprintf(stderr, "binder-bench: latency %zu B on %s failed\n", size, device);
	return ret;
}

/*
 * @clients processes call for @seconds (128 B each way) against one server
 * with @loopers threads; prints the calls per second of all of them.
 */
int bench_throughput(const char *device, int clients, double seconds, int loopers)
{
	volatile uint64_t *shared = bench_shared(4096);
	volatile uint64_t *calls, *stop, *failed;
	pid_t server, pids[64];
	double t0, t1;
	uint64_t total;
	int i;

	if (!shared || clients > 64)
		return 1;
	calls = shared;		/* [0]: calls done, all clients */
	stop = shared + 1;	/* [1]: set when time is up */
	failed = shared + 2;	/* [2]: clients that saw an error */
	server = bench_server_start(device, loopers, NULL);
	if (server < 0)
		return 1;
	for (i = 0; i < clients; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			struct bench_client c;
			uint64_t mine = 0;

			if (bench_client_open(&c, device))
				_exit(1);
			while (!*stop) {
				if (bench_call(&c, BENCH_ECHO, 0, payload, 128, NULL)) {
					__atomic_add_fetch(failed, 1, __ATOMIC_RELAXED);
					break;
				}
				mine++;
			}
			__atomic_add_fetch(calls, mine, __ATOMIC_RELAXED);
			bench_client_close(&c);
			_exit(0);
		}
	}
	t0 = bench_now_us();
	usleep((useconds_t)(seconds * 1e6));
	*stop = 1;
	for (i = 0; i < clients; i++)
		waitpid(pids[i], NULL, 0);
	t1 = bench_now_us();
	bench_server_stop(server);
	total = *calls;
	printf("throughput clients=%d loopers=%d calls=%llu calls_per_s=%.1f failed=%llu\n",
	       clients, loopers, (unsigned long long)total, total / ((t1 - t0) / 1e6),
	       (unsigned long long)*failed);
	return *failed != 0;
}

/*
 * @senders processes send @calls oneway calls of 128 B each; the rate is of
 * calls delivered to the server, from the first send to the last delivery.
 * A sender stays at most 256 calls ahead of the deliveries, so the async
 * space never runs out (a failed send would be retried, not counted).
 */
int bench_oneway(const char *device, int senders, int calls)
{
	volatile uint64_t *shared = bench_shared(4096);
	volatile uint64_t *delivered, *sent, *failed;
	uint64_t total = (uint64_t)senders * calls;
	pid_t server, pids[64];
	double t0, t1;
	int i;

	if (!shared || senders > 64)
		return 1;
	delivered = shared;
	sent = shared + 1;
	failed = shared + 2;
	server = bench_server_start(device, 1, delivered);
	if (server < 0)
		return 1;
	t0 = bench_now_us();
	for (i = 0; i < senders; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			struct bench_client c;
			int n;

			if (bench_client_open(&c, device))
				_exit(1);
			for (n = 0; n < calls; n++) {
				while (__atomic_load_n(sent, __ATOMIC_RELAXED) >
				       __atomic_load_n(delivered, __ATOMIC_RELAXED) + 256)
					sched_yield();
				if (bench_call(&c, BENCH_COUNT, TF_ONE_WAY, payload, 128, NULL)) {
					__atomic_add_fetch(failed, 1, __ATOMIC_RELAXED);
					n--;
					usleep(100);
					continue;
				}
				__atomic_add_fetch(sent, 1, __ATOMIC_RELAXED);
			}
			bench_client_close(&c);
			_exit(0);
		}
	}
	while (__atomic_load_n(delivered, __ATOMIC_RELAXED) < total)
		sched_yield();
	t1 = bench_now_us();
	for (i = 0; i < senders; i++)
		waitpid(pids[i], NULL, 0);
	bench_server_stop(server);
	printf("oneway senders=%d calls=%llu calls_per_s=%.1f retried=%llu\n", senders,
	       (unsigned long long)total, total / ((t1 - t0) / 1e6),
	       (unsigned long long)*failed);
	return 0;
}

/* Slab memory the kernel reports, in bytes ("Slab:" of /proc/meminfo). */
static long slab_bytes(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

/*
 * Kernel memory per in-flight transaction: @calls oneway calls (0 B) parked
 * in a server that never reads them; slab growth divided by @calls.
 */
int bench_memory(const char *device, int calls)
{
	struct bench_client c;
	pid_t server = bench_server_start(device, 0, NULL);
	long before, after;
	int i, ret = 1;

	if (server < 0 || bench_client_open(&c, device))
		goto out;
	/* One call first, so per-process state (the sender's thread) exists. */
	if (bench_call(&c, BENCH_COUNT, TF_ONE_WAY, payload, 0, NULL))
		goto close;
	usleep(200000);
	before = slab_bytes();
	for (i = 0; i < calls; i++)
		if (bench_call(&c, BENCH_COUNT, TF_ONE_WAY, payload, 0, NULL))
			goto close;
	after = slab_bytes();
	printf("memory calls=%d slab_before=%ld slab_after=%ld bytes_per_txn=%.1f\n", calls,
	       before, after, (double)(after - before) / calls);
	ret = 0;
close:
	bench_client_close(&c);
out:
	if (server > 0)
		bench_server_stop(server);
	if (ret)
		fprintf(stderr, "binder-bench: memory run on %s failed\n", device);
	return ret;
}

/* The floor: a 1-byte ping-pong between two processes over pipes. */
int bench_pipe(int iterations)
{
	int ping[2], pong[2], i;
	double *samples = calloc(iterations, sizeof(*samples));
	char b = 0;
	pid_t child;

	if (!samples || pipe(ping) || pipe(pong))
		return 1;
	child = fork();
	if (child == 0) {
		close(ping[1]);	/* so that the parent's close ends the loop */
		close(pong[0]);
		while (read(ping[0], &b, 1) == 1)
			if (write(pong[1], &b, 1) != 1)
				break;
		_exit(0);
	}
	for (i = -iterations / 10; i < iterations; i++) {
		double t0 = bench_now_us();

		if (write(ping[1], &b, 1) != 1 || read(pong[0], &b, 1) != 1)
			return 1;
		if (i >= 0)
			samples[i] = bench_now_us() - t0;
	}
	close(ping[1]);
	waitpid(child, NULL, 0);
	close(ping[0]);
	close(pong[0]);
	close(pong[1]);
	print_percentiles("pipe", 1, samples, iterations);
	free(samples);
	return 0;
}

/*
 * binder-bench WORKLOAD ARGS...: one measurement against one device.
 *   latency DEVICE SIZE ITERATIONS
 *   throughput DEVICE CLIENTS SECONDS LOOPERS
 *   oneway DEVICE SENDERS CALLS
 *   memory DEVICE CALLS
 *   pipe ITERATIONS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static int usage(void)
{
	fprintf(stderr, "usage: binder-bench latency DEVICE SIZE ITERATIONS\n"
			"       binder-bench throughput DEVICE CLIENTS SECONDS LOOPERS\n"
			"       binder-bench oneway DEVICE SENDERS CALLS\n"
			"       binder-bench memory DEVICE CALLS\n"
			"       binder-bench pipe ITERATIONS\n");
	return 2;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 5 && !strcmp(argv[1], "latency") && strtoul(argv[3], NULL, 0) <= BENCH_MAX_PAYLOAD)
		return bench_latency(argv[2], strtoul(argv[3], NULL, 0), atoi(argv[4]));
	if (argc == 6 && !strcmp(argv[1], "throughput"))
		return bench_throughput(argv[2], atoi(argv[3]), atof(argv[4]), atoi(argv[5]));
	if (argc == 5 && !strcmp(argv[1], "oneway"))
		return bench_oneway(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (argc == 4 && !strcmp(argv[1], "memory"))
		return bench_memory(argv[2], atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "pipe"))
		return bench_pipe(atoi(argv[2]));
	return usage();
}

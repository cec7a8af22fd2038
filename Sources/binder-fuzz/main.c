/*
 * binder-fuzz --device PATH [--seed S] [--seconds N] [--procs P] [--threads T]
 *
 * The supervisor: forks P workers of T threads each, SIGKILLs one at a random
 * moment (every 10-300 ms) and starts it again with a fresh seed derived from
 * S, and at N seconds kills them all. It never waits on the driver itself, so
 * it stops at the time bound whatever the workers are doing; a worker that
 * SIGKILL cannot end within 30 s is stuck in the kernel and fails the run.
 * Prints the commands issued and commands/second. Exit: 0 done, 1 a worker
 * crashed or could not be ended, 2 usage, 4 the device could not be used.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

#define REAP_LIMIT_S	30

struct supervisor {
	struct fuzz_options opt;
	struct fuzz_shared *shared;
	struct fuzz_rng rng;
	pid_t pids[FUZZ_MAX_PROCS];
	unsigned int generation[FUZZ_MAX_PROCS];
	unsigned long kills, exits, crashes, setup_failures;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr, "usage: binder-fuzz --device PATH [--seed S] [--seconds N] [--procs P (1-%d)] [--threads T (1-%d)]\n",
		FUZZ_MAX_PROCS, FUZZ_MAX_THREADS);
	exit(2);
}

static void parse(int argc, char **argv, struct fuzz_options *opt)
{
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "seconds", required_argument, NULL, 'n' },
		{ "procs", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*opt = (struct fuzz_options){ .seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32),
				      .seconds = 60, .procs = 4, .threads = 3 };
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt->device = optarg; break;
		case 's': opt->seed = strtoull(optarg, NULL, 0); break;
		case 'n': opt->seconds = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'p': opt->procs = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 't': opt->threads = (unsigned int)strtoul(optarg, NULL, 0); break;
		default: usage();
		}
	}
	if (!opt->device || optind != argc || !opt->seconds || !opt->procs || opt->procs > FUZZ_MAX_PROCS ||
	    !opt->threads || opt->threads > FUZZ_MAX_THREADS)
		usage();
}

static void start_worker(struct supervisor *s, unsigned int slot)
{
	uint64_t seed = fuzz_mix(fuzz_mix(s->opt.seed, slot + 1), ++s->generation[slot]);
	pid_t pid = fork();

	if (pid == 0)
		fuzz_worker_main(&s->opt, s->shared, (int)slot, seed);
	s->pids[slot] = pid > 0 ? pid : 0;
	s->shared->pids[slot] = s->pids[slot];
}

/* Counts how a worker ended; SIGKILL is ours, SIGALRM its own time bound. */
static void account(struct supervisor *s, int status)
{
	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status) == 4)
			s->setup_failures++;
		else
			s->exits++;
	} else if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL && WTERMSIG(status) != SIGALRM) {
		fprintf(stderr, "binder-fuzz: a worker died of signal %d (%s)\n", WTERMSIG(status),
			strsignal(WTERMSIG(status)));
		s->crashes++;
	}
}

static int slot_of(struct supervisor *s, pid_t pid)
{
	unsigned int i;

	for (i = 0; i < s->opt.procs; i++)
		if (s->pids[i] == pid)
			return (int)i;
	return -1;
}

/* Workers that ended on their own start again. */
static void reap_and_restart(struct supervisor *s)
{
	int status, slot;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		account(s, status);
		slot = slot_of(s, pid);
		if (slot >= 0)
			start_worker(s, (unsigned int)slot);
	}
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static uint64_t total_commands(struct supervisor *s)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < FUZZ_MAX_PROCS; i++)
		sum += __atomic_load_n(&s->shared->commands[i], __ATOMIC_RELAXED);
	return sum;
}

/* Everyone dies; a worker SIGKILL cannot end within the limit is stuck in the kernel. */
static int stop_all(struct supervisor *s)
{
	double limit = now() + REAP_LIMIT_S;
	unsigned int i, alive;
	int status;

	s->shared->stop = 1;
	for (;;) {
		alive = 0;
		for (i = 0; i < s->opt.procs; i++) {
			if (!s->pids[i])
				continue;
			kill(s->pids[i], SIGKILL);
			if (waitpid(s->pids[i], &status, WNOHANG) == s->pids[i]) {
				account(s, status);
				s->pids[i] = 0;
			} else {
				alive++;
			}
		}
		if (!alive)
			return 0;
		if (now() > limit) {
			fprintf(stderr, "binder-fuzz: %u worker(s) still alive %d s after SIGKILL (stuck in the driver?)\n",
				alive, REAP_LIMIT_S);
			return -1;
		}
		sleep_ms(50);
	}
}

/* Waits for a SIGKILLed worker, never longer than REAP_LIMIT_S. */
static int reap(struct supervisor *s, pid_t pid)
{
	double limit = now() + REAP_LIMIT_S;
	int status;

	while (waitpid(pid, &status, WNOHANG) != pid) {
		if (now() > limit)
			return -1;
		sleep_ms(2);
	}
	account(s, status);
	return 0;
}

static void run(struct supervisor *s)
{
	double start = now(), end = start + s->opt.seconds, report = start + 10;
	unsigned int i, slot;

	for (i = 0; i < s->opt.procs; i++)
		start_worker(s, i);
	while (now() < end) {
		sleep_ms(10 + fuzz_below(&s->rng, 290));
		reap_and_restart(s);
		slot = fuzz_below(&s->rng, s->opt.procs);
		if (s->pids[slot] && kill(s->pids[slot], SIGKILL) == 0) {
			if (reap(s, s->pids[slot]))
				return;	/* stuck: stop_all reports it */
			s->kills++;
			start_worker(s, slot);
		}
		if (now() >= report) {
			printf("binder-fuzz: %.0f s: %" PRIu64 " commands\n", now() - start, total_commands(s));
			fflush(stdout);
			report += 10;
		}
	}
}

int main(int argc, char **argv)
{
	struct supervisor s = { 0 };
	double start, elapsed;
	uint64_t total;
	int stuck, fd;

	parse(argc, argv, &s.opt);
	s.rng.state = s.opt.seed;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("binder-fuzz: seed %" PRIu64 ", %u s, %u procs x %u threads, device %s\n", s.opt.seed,
	       s.opt.seconds, s.opt.procs, s.opt.threads, s.opt.device);
	fd = open(s.opt.device, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "binder-fuzz: %s: %s\n", s.opt.device, strerror(errno));
		return 4;
	}
	close(fd);
	s.shared = mmap(NULL, sizeof(*s.shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s.shared == MAP_FAILED)
		return 4;
	start = now();
	run(&s);
	stuck = stop_all(&s);
	elapsed = now() - start;
	total = total_commands(&s);
	printf("binder-fuzz: %" PRIu64 " commands in %.1f s: %.0f commands/s; workers killed %lu, exited %lu, crashed %lu, setup failures %lu\n",
	       total, elapsed, (double)total / elapsed, s.kills, s.exits, s.crashes, s.setup_failures);
	if (stuck || s.crashes)
		return 1;
	return total ? 0 : 1;
}

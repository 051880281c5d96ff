/* SPDX-License-Identifier: MIT */
/*
 * remote_ticker MODE N: a target for the attach tests.  Prints "tick I"
 * N times and exits 0, checking its own state all along: the signal mask
 * it set (SIGUSR1 blocked, nothing else), that every sleep completes
 * (an interrupted and restarted nanosleep must return 0), and a running
 * sum kept across the ticks.  Any damage: a message and exit 3.
 *   sleep   : 20 ms nanosleep between ticks (attach lands in a syscall)
 *   spin    : a busy loop between ticks (attach lands in user code)
 *   read    : reads one byte from stdin before each tick (attach lands
 *             in a blocked read, which must complete normally)
 *   threads : sleep, plus 3 threads that keep counting; at the end each
 *             must have counted since the last tick of its check.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long counters[3];
static volatile int stop;

static void *worker(void *arg)
{
	volatile unsigned long *c = arg;
	struct timespec ts = { 0, 1000000 };

	while (!stop) {
		(*c)++;
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static void die(const char *what)
{
	printf("DAMAGE: %s\n", what);
	fflush(stdout);
	exit(3);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "sleep";
	int n = argc > 2 ? atoi(argv[2]) : 50;
	unsigned long sum = 0, snap[3];
	pthread_t th[3];
	sigset_t want, cur;
	int i, k;

	sigemptyset(&want);
	sigaddset(&want, SIGUSR1);
	sigprocmask(SIG_SETMASK, &want, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(mode, "threads"))
		for (k = 0; k < 3; k++)
			pthread_create(&th[k], NULL, worker,
				       (void *)&counters[k]);
	for (i = 0; i < n; i++) {
		sum += (unsigned long)i * 7 + 1;
		printf("tick %d\n", i);
		if (!strcmp(mode, "read")) {
			char c;

			if (read(0, &c, 1) != 1)
				die("read did not complete");
		} else if (!strcmp(mode, "spin")) {
			volatile unsigned long x = 0;

			for (unsigned long j = 0; j < 20000000UL; j++)
				x += j ^ (x >> 3);
		} else {
			struct timespec ts = { 0, 20000000 };

			if (nanosleep(&ts, NULL) != 0)
				die("nanosleep did not complete");
		}
		sigprocmask(SIG_SETMASK, NULL, &cur);
		for (k = 1; k < 65; k++)
			if (sigismember(&cur, k) != sigismember(&want, k))
				die("signal mask changed");
	}
	if (sum != (unsigned long)n * (n - 1) / 2 * 7 + n)
		die("running sum");
	if (!strcmp(mode, "threads")) {
		for (k = 0; k < 3; k++)
			snap[k] = counters[k];
		usleep(50000);
		for (k = 0; k < 3; k++)
			if (counters[k] == snap[k])
				die("a thread stopped counting");
		stop = 1;
		for (k = 0; k < 3; k++)
			pthread_join(th[k], NULL);
	}
	printf("done\n");
	return 0;
}

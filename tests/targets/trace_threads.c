/* SPDX-License-Identifier: MIT */
/*
 * Target for the multi-thread trace test: 4 threads, each calling
 * getppid 200 times with a short sleep every 20 calls, so their calls
 * interleave; exits 0.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static void *worker(void *arg)
{
	struct timespec ts = { 0, 100000 };
	int i;

	for (i = 0; i < 200; i++) {
		getppid();
		if (i % 20 == 19)
			nanosleep(&ts, NULL);
	}
	return arg;
}

int main(void)
{
	pthread_t th[4];
	int i;

	for (i = 0; i < 4; i++)
		if (pthread_create(&th[i], NULL, worker, NULL))
			return 1;
	for (i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	return 0;
}

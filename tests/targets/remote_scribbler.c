/* SPDX-License-Identifier: MIT */
/*
 * remote_scribbler: a hostile target.  A thread watches /proc/self/maps
 * for a sysgate stub area and, once one appears, fills its response area
 * (the child-writable header and result slots) with 0xff bytes without
 * pause.  The main thread just sleeps.  Prints "ready" when the thread
 * runs, "scribbling" once it found the area.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* built without -I flags: include by relative path */
#include "../../src/remote/stub_abi.h"

static void *scribble(void *arg)
{
	char line[512];
	unsigned long lo = 0, hi;

	for (;;) {
		FILE *f = fopen("/proc/self/maps", "r");

		lo = 0;
		while (f && fgets(line, sizeof(line), f))
			if (strstr(line, "sysgate-stub") &&
			    sscanf(line, "%lx-%lx", &lo, &hi) == 2)
				break;
		if (f)
			fclose(f);
		if (!lo) {
			usleep(1000);
			continue;
		}
		/* write(), not stdio: the stopped leader may hold its lock */
		if (write(1, "scribbling\n", 11) < 0)
			return arg;
		/* no pause from here on (it dies when the area goes away) */
		for (;;)
			memset((void *)(lo + STUB_RESP_OFF), 0xff,
			       STUB_RESP_SIZE);
	}
	return arg;
}

int main(void)
{
	pthread_t th;

	/* never outlive the test that started us */
	prctl(PR_SET_PDEATHSIG, SIGKILL);

	pthread_create(&th, NULL, scribble, NULL);
	if (write(1, "ready\n", 6) < 0)
		return 1;
	for (;;)
		sleep(1);
}

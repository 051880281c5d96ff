/* SPDX-License-Identifier: MIT */
/*
 * run() must not reap children that other threads of the calling process
 * made: a second thread forks a child that exits (status 7) while the
 * main thread runs an interception; once run() is over, that thread's
 * waitpid still gets the child and its status.  The ptrace backends
 * (waitpid(-1) with __WNOTHREAD); unotify waits on its own child only.
 */
#include <pthread.h>
#include <semaphore.h>

#include "intercept_util.h"

static sem_t forked, collect;
static pid_t other;
static int other_status = -1, other_rc = -2;

static void *other_thread(void *arg)
{
	(void)arg;
	other = fork();
	if (other == 0) {
		usleep(5000);
		_exit(7);
	}
	sem_post(&forked);
	sem_wait(&collect);
	other_rc = waitpid(other, &other_status, 0);
	return NULL;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept *s;
	pthread_t th;
	int st = -1, rc;

	rc = it_new(b, 0, NULL, 0, NULL, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(sem_init(&forked, 0, 0), 0);
	CHECK_EQ(sem_init(&collect, 0, 0), 0);
	CHECK_EQ(pthread_create(&th, NULL, other_thread, NULL), 0);
	sem_wait(&forked);
	/* long enough that the other child ends meanwhile */
	CHECK_EQ(it_run(s, "loop", "5000", &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	sysgate_intercept_free(s);
	sem_post(&collect);
	pthread_join(th, NULL);
	CHECK_EQ(other_rc, other);
	CHECK(WIFEXITED(other_status));
	CHECK_EQ(WEXITSTATUS(other_status), 7);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_ALL))
		t_skip("no interception backend available");
	return 0;
}

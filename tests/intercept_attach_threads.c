/* SPDX-License-Identifier: MIT */
/*
 * Attach to a process with four threads: every thread comes under
 * control (a START each), calls arrive from all four tids with pid = the
 * thread-group id, and after interrupt() every thread is detached (a
 * DETACH each) and the process runs on, not stopped.  No fd leaks.
 */
#include <dirent.h>

#include "intercept_util.h"

static struct sysgate_intercept *sess;
static pid_t victim, tids[8];
static int ntids;

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;
	int i;

	if (c->nr != SYS_getppid || c->phase != SYSGATE_PHASE_ENTRY)
		return SYSGATE_ACT_CONTINUE;
	CHECK_EQ(c->pid, victim);
	for (i = 0; i < ntids && tids[i] != c->tid; i++)
		;
	if (i == ntids && ntids < 8)
		tids[ntids++] = c->tid;
	if (++l->calls >= 40 && ntids == 4)
		sysgate_intercept_interrupt(sess);
	if (l->calls > 4000)
		sysgate_intercept_interrupt(sess);	/* give up: fails below */
	return SYSGATE_ACT_CONTINUE;
}

static int count_tasks(pid_t pid)
{
	char path[64];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	int st = -1, rc, fds, i;

	fds = t_count_fds();
	rc = it_new(b, 0, NULL, 0, on_call, &log, &sess);
	if (rc)
		return rc;
	victim = fork();
	CHECK(victim >= 0);
	if (victim == 0) {
		execl(it_target(), it_target(), "threads_sleeper", (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 200 && count_tasks(victim) != 4; i++)
		usleep(5000);
	CHECK_EQ(count_tasks(victim), 4);
	CHECK_EQ(sysgate_intercept_attach(sess, victim), 0);
	CHECK_EQ(sysgate_intercept_run(sess, &st), -EINTR);
	CHECK_EQ(ntids, 4);
	CHECK_EQ(it_count_ev(&log, SYSGATE_EV_START), 4);
	CHECK_EQ(it_count_ev(&log, SYSGATE_EV_DETACH), 4);
	sysgate_intercept_free(sess);
	CHECK_EQ(t_count_fds(), fds);
	usleep(50 * 1000);
	CHECK(!it_any_task_stopped(victim));
	CHECK_EQ(waitpid(victim, NULL, WNOHANG), 0);
	kill(victim, SIGKILL);
	CHECK_EQ(waitpid(victim, &st, 0), victim);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_PTRACE_BOTH))
		t_skip("ptrace backends unavailable");
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * Live surgery: after sysgate_proc_release() the attached program runs
 * on its own (its ticks keep coming) while single calls and a batch go
 * through the futex stub thread; the calls that need the leader say
 * -EBUSY; detach takes the leader back and removes the stub, and the
 * program finishes with its own state checks intact.  A program killed
 * while released: the next call is -ESRCH, soon.  Release on the ptrace
 * transport: -EOPNOTSUPP.
 */
#include <time.h>

#include "remote_util.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int next_tick(FILE *out)
{
	char line[128];
	int tick;

	CHECK(fgets(line, sizeof(line), out) != NULL);
	if (!strcmp(line, "done\n"))
		return -1;
	if (sscanf(line, "tick %d", &tick) != 1) {
		fprintf(stderr, "target said: %s", line);
		exit(1);
	}
	return tick;
}

static void live(void)
{
	struct sysgate_batch_result res;
	unsigned long ret;
	struct sysgate_batch *b;
	struct sysgate_proc *p;
	int st, i, tick = 0, seen;
	FILE *out;
	pid_t pid = rt_start_ticker("sleep", 60, &out);

	for (i = 0; i < 3; i++)
		tick = next_tick(out);
	CHECK_EQ(sysgate_proc_attach(pid, 0, &p), 0);
	CHECK_EQ(sysgate_proc_release(p), -EOPNOTSUPP);
	if (!rt_use(p, SYSGATE_TRANSPORT_FUTEX)) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return;
	}
	CHECK_EQ(sysgate_proc_release(p), 0);
	CHECK_EQ(sysgate_proc_release(p), 0);
	/* it ticks on while we call into it */
	for (seen = 0; seen < 5; seen++) {
		int t = next_tick(out);

		CHECK_EQ(t, tick + 1);
		tick = t;
		for (i = 0; i < 10; i++)
			CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0,
							0, 0, 0), getpid());
	}
	CHECK_EQ(sysgate_batch_new(p, &b), 0);
	for (i = 0; i < 10; i++)
		CHECK_EQ(sysgate_batch_syscall(b, SYS_getpid, 0, 0, 0, 0, 0, 0), i);
	CHECK_EQ(sysgate_batch_flush(b, &res), 0);
	CHECK_EQ(res.ran, 10);
	sysgate_batch_free(b);
	CHECK_EQ(sysgate_proc_call(p, 0x1000, NULL, &ret), -EBUSY);
	CHECK_EQ(sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_PTRACE), -EBUSY);
	CHECK(rt_stub_mapped(pid));

	CHECK_EQ(sysgate_proc_detach(p), 0);
	CHECK(!rt_stub_mapped(pid));
	while ((i = next_tick(out)) >= 0) {
		CHECK_EQ(i, tick + 1);
		tick = i;
	}
	CHECK_EQ(tick, 59);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	fclose(out);
}

static void killed(void)
{
	struct sysgate_proc *p;
	double t0;
	long r;
	int st;
	FILE *out;
	pid_t pid = rt_start_ticker("sleep", 1000, &out);

	next_tick(out);
	CHECK_EQ(sysgate_proc_attach(pid, SYSGATE_PROC_FUTEX, &p), 0);
	CHECK_EQ(sysgate_proc_release(p), 0);
	next_tick(out);
	CHECK_EQ(kill(pid, SIGKILL), 0);
	t0 = now_s();
	do
		r = sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0);
	while (r == getpid() && now_s() - t0 < 5);
	CHECK_EQ(r, -ESRCH);
	CHECK(now_s() - t0 < 3);
	CHECK(!sysgate_proc_alive(p));
	sysgate_proc_free(p);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st));
	fclose(out);
}

int main(void)
{
	live();
	killed();
	return 0;
}

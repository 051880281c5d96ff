/* SPDX-License-Identifier: MIT */
/*
 * remote_attach_running: attach to a running process - once while it
 * sleeps in nanosleep, once while it spins in user code - run calls in
 * it, detach.  The stub area is gone from its maps afterwards and the
 * program goes on exactly as before: its ticks continue in sequence, the
 * interrupted nanosleep completes, its signal mask and running sum are
 * intact (the target checks them and exits 0).
 */
#include "tests/remote_util.h"

static void run(const char *mode, enum sysgate_transport t)
{
	struct sysgate_batch_result res;
	struct sysgate_proc *p;
	struct sysgate_batch *b;
	char line[128];
	int st, next = 0, tick;
	FILE *out;
	pid_t pid = rt_start_ticker(mode, 30, &out);

	/* let it run a bit */
	for (; next < 3; next++) {
		CHECK(fgets(line, sizeof(line), out) != NULL);
		CHECK_EQ(sscanf(line, "tick %d", &tick), 1);
		CHECK_EQ(tick, next);
	}
	usleep(5000);
	CHECK_EQ(sysgate_proc_attach(pid, 0, &p), 0);
	if (rt_use(p, t)) {
		CHECK_EQ(sysgate_proc_pid(p), pid);
		CHECK(rt_stub_mapped(pid));
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getpid, 0, 0, 0, 0, 0, 0), pid);
		CHECK_EQ(sysgate_batch_new(p, &b), 0);
		for (int i = 0; i < 5; i++)
			CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), i);
		CHECK_EQ(sysgate_batch_flush(b, &res), 0);
		CHECK_EQ(res.ran, 5);
		sysgate_batch_free(b);
		/* held for a while: the program must not notice */
		usleep(30000);
		CHECK_EQ(sysgate_proc_detach(p), 0);
	}
	CHECK(!rt_stub_mapped(pid));
	while (fgets(line, sizeof(line), out)) {
		if (!strcmp(line, "done\n"))
			break;
		if (sscanf(line, "tick %d", &tick) != 1) {
			fprintf(stderr, "target said: %s", line);
			exit(1);
		}
		CHECK_EQ(tick, next);
		next++;
	}
	CHECK_EQ(next, 30);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	fclose(out);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t) {
		run("sleep", t);
		run("spin", t);
	}
	return 0;
}

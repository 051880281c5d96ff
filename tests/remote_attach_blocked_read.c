/* SPDX-License-Identifier: MIT */
/*
 * remote_attach_blocked_read: attach to a process blocked in read() on an
 * empty pipe (its interruption shows as -ERESTARTSYS), run calls, detach;
 * the read must be restarted, not fail: when bytes arrive it returns them
 * and the program goes on (the target checks the read's result).
 */
#include "tests/remote_util.h"

static void run(enum sysgate_transport t)
{
	const char *tgt = t_build_path("tests/targets/remote_ticker");
	struct sysgate_proc *p;
	int in[2], out[2], st, i;
	char line[64], state[256], path[64];
	FILE *f, *sf;
	pid_t pid;

	CHECK_EQ(pipe(in), 0);
	CHECK_EQ(pipe(out), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execl(tgt, tgt, "read", "5", (char *)NULL);
		_exit(99);
	}
	close(in[0]);
	close(out[1]);
	f = fdopen(out[0], "r");
	CHECK(f != NULL);
	CHECK_EQ(write(in[1], "a", 1), 1);
	CHECK(fgets(line, sizeof(line), f));
	CHECK_STR(line, "tick 0\n");
	/* wait until it sleeps in the next read */
	snprintf(path, sizeof(path), "/proc/%d/wchan", pid);
	for (i = 0; i < 200; i++) {
		sf = fopen(path, "r");
		state[0] = 0;
		if (sf) {
			if (!fgets(state, sizeof(state), sf))
				state[0] = 0;
			fclose(sf);
		}
		if (strstr(state, "pipe"))
			break;
		usleep(5000);
	}
	CHECK_EQ(sysgate_proc_attach(pid, 0, &p), 0);
	if (rt_use(p, t)) {
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
		CHECK_EQ(sysgate_proc_detach(p), 0);
	}
	for (i = 1; i < 5; i++) {
		char want[16];

		CHECK_EQ(write(in[1], "b", 1), 1);
		CHECK(fgets(line, sizeof(line), f));
		snprintf(want, sizeof(want), "tick %d\n", i);
		CHECK_STR(line, want);
	}
	CHECK(fgets(line, sizeof(line), f));
	CHECK_STR(line, "done\n");
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	fclose(f);
	close(in[1]);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	return 0;
}

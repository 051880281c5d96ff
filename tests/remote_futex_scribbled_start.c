/* SPDX-License-Identifier: MIT */
/*
 * Switching to the futex transport while a thread of the child scribbles
 * 0xff over the whole response area without pause (the futex words
 * included): set_transport returns within seconds - 0 if the stub
 * thread's first answer got through, else -EIO with the ptrace transport
 * kept - and never hangs; later calls fail cleanly or succeed, and
 * freeing leaves no thread of ours behind.
 */
#include <sys/syscall.h>
#include <time.h>

#include "sysgate.h"
#include "test.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	const char *tgt = t_build_path("tests/targets/remote_scribbler");
	struct sysgate_proc *p;
	int fds[2], st, err, i;
	char line[64];
	double t0;
	FILE *out;
	pid_t pid;
	long v;

	if (access(tgt, X_OK))
		t_skip("no %s", tgt);
	CHECK_EQ(pipe(fds), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execl(tgt, tgt, (char *)NULL);
		_exit(99);
	}
	close(fds[1]);
	out = fdopen(fds[0], "r");
	CHECK(out && fgets(line, sizeof(line), out));
	CHECK_STR(line, "ready\n");
	CHECK_EQ(sysgate_proc_attach(pid, 0, &p), 0);
	CHECK(fgets(line, sizeof(line), out));
	CHECK_STR(line, "scribbling\n");

	t0 = now_s();
	err = sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_FUTEX);
	printf("set_transport under scribbling: %d after %.2f s (%s)\n", err,
	       now_s() - t0, sysgate_proc_error(p));
	CHECK(err == 0 || err == -EIO || err == -ESRCH);
	CHECK(now_s() - t0 < 10.0);
	if (err == -EIO)
		CHECK_EQ(sysgate_proc_transport(p), SYSGATE_TRANSPORT_PTRACE);
	for (i = 0; i < 20 && sysgate_proc_alive(p); i++) {
		v = sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0);
		CHECK(v == getpid() || v == -EIO || v == -ESRCH);
	}
	sysgate_proc_free(p);
	kill(pid, SIGKILL);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	fclose(out);
	return 0;
}

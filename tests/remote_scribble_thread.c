/* SPDX-License-Identifier: MIT */
/*
 * remote_scribble_thread: a hostile child whose own thread keeps filling
 * the response area with 0xff while the supervisor works.  Batches are
 * reported as -EIO with a message (never garbage results: a flush that
 * does pass has correct ones), single calls on ptrace still return the
 * right value (taken from the stopped thread's rax), and the supervisor
 * carries on unharmed.  When the supervisor reads the area relative to
 * the scribbler's writes is up to the scheduler, so the test flushes until
 * it has seen the corruption (bounded), checking every flush that passes.
 * Each transport runs in its own forked child with a time limit.
 */
#include "tests/remote_util.h"

static int run(void *arg)
{
	const char *tgt = t_build_path("tests/targets/remote_scribbler");
	struct sysgate_batch_result res;
	struct sysgate_proc *p;
	struct sysgate_batch *b;
	int fds[2], st, eio = 0, i, r, tries = 0;
	char line[64];
	enum sysgate_transport t = (enum sysgate_transport)(long)arg;
	FILE *out;
	pid_t pid;

	CHECK_EQ(pipe(fds), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		execl(tgt, tgt, (char *)NULL);
		_exit(99);
	}
	close(fds[1]);
	out = fdopen(fds[0], "r");
	CHECK(out && fgets(line, sizeof(line), out));
	CHECK_STR(line, "ready\n");
	CHECK_EQ(sysgate_proc_attach(pid, 0, &p), 0);
	r = t == SYSGATE_TRANSPORT_PTRACE ? 0 : sysgate_proc_set_transport(p, t);
	if (r == -EIO) {
		/* The scribbler got there during set-up: refused, quickly. */
		CHECK_EQ(sysgate_proc_transport(p), SYSGATE_TRANSPORT_PTRACE);
		CHECK(sysgate_proc_error(p)[0] != 0);
		printf("futex: set-up refused the scribbled area (-EIO)\n");
		sysgate_proc_free(p);
	} else if (r == -ENOSYS) {
		printf("note: %s transport not available, that half skipped\n",
		       rt_names[t]);
		sysgate_proc_free(p);
	} else {
		CHECK_EQ(r, 0);
		CHECK(fgets(line, sizeof(line), out));
		CHECK_STR(line, "scribbling\n");
		CHECK_EQ(sysgate_batch_new(p, &b), 0);
		for (i = 0; i < 5000 && sysgate_proc_alive(p) && eio < 3; i++) {
			tries++;
			long v;

			CHECK_EQ(sysgate_batch_syscall(b, SYS_getppid, 0, 0, 0, 0, 0, 0), 0);
			CHECK_EQ(sysgate_batch_syscall(b, SYS_getpid, 0, 0, 0, 0, 0, 0), 1);
			r = sysgate_batch_flush(b, &res);
			if (r == -EIO) {
				eio++;
				CHECK(sysgate_proc_error(p)[0] != 0);
				continue;
			}
			if (r == -ESRCH && t != SYSGATE_TRANSPORT_PTRACE)
				break;	/* its thread crashed on the garbage */
			CHECK_EQ(r, 0);
			CHECK_EQ(sysgate_batch_entry_result(b, 0, &v), 0);
			CHECK_EQ(v, getpid());
			CHECK_EQ(sysgate_batch_entry_result(b, 1, &v), 0);
			CHECK_EQ(v, pid);
		}
		if (t == SYSGATE_TRANSPORT_PTRACE) {
			CHECK(eio > 0);
			for (i = 0; i < 20; i++)
				CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0),
					 getpid());
		} else {
			long v = sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0);

			CHECK(v == getpid() || v == -EIO || v == -ESRCH);
		}
		sysgate_batch_free(b);
		sysgate_proc_free(p);
	}
	kill(pid, SIGKILL);
	/* The exit status stays ours (the real parent) on every transport. */
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	fclose(out);
	printf("%s: %d of %d flushes caught as -EIO\n",
	       t == SYSGATE_TRANSPORT_PTRACE ? "ptrace" : "futex", eio, tries);
	fflush(stdout);
	return 0;
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t) {
		int st = t_fork(run, (void *)(long)t, 20);

		if (WIFSIGNALED(st))
			fprintf(stderr, "%s half killed by signal %d%s\n",
				rt_names[t], WTERMSIG(st),
				WTERMSIG(st) == SIGALRM ? " (hung)" : "");
		CHECK(WIFEXITED(st));
		CHECK_EQ(WEXITSTATUS(st), 0);
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * A child whose own seccomp filter refuses what the futex transport's
 * set-up needs: clone (the stub thread is never made) or seccomp (the
 * thread cannot lock itself down and exits).  set_transport(FUTEX)
 * returns that -EPERM, the ptrace transport stays and works, no stray
 * thread is left, and after detach the program runs on and exits 0.
 * And the same program without its filter, attached straight onto the
 * futex transport (SYSGATE_PROC_FUTEX): calls run, detach removes the
 * thread, the program exits 0.
 */
#include <dirent.h>
#include <sys/syscall.h>

#include "sysgate.h"
#include "test.h"

static int count_tasks(pid_t pid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	CHECK(dir);
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

/* Start the target in mode; *in is its stdin (close it to end it). */
static pid_t start(const char *mode, int *in_w, FILE **out)
{
	const char *tgt = t_build_path("tests/targets/remote_futex_denier");
	int in[2], outp[2];
	char line[64];
	pid_t pid;

	CHECK_EQ(pipe(in), 0);
	CHECK_EQ(pipe(outp), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(outp[1], 1);
		close(in[1]);
		close(outp[0]);
		execl(tgt, tgt, mode, (char *)NULL);
		_exit(99);
	}
	close(in[0]);
	close(outp[1]);
	*in_w = in[1];
	*out = fdopen(outp[0], "r");
	CHECK(*out && fgets(line, sizeof(line), *out));
	CHECK_STR(line, "ready\n");
	return pid;
}

/* End the target and check it ran on unharmed. */
static void finish(pid_t pid, int in_w, FILE *out)
{
	int st;

	close(in_w);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	fclose(out);
}

static void refused(const char *mode)
{
	struct sysgate_proc *p;
	int in_w;
	FILE *out;
	pid_t pid = start(mode, &in_w, &out);

	CHECK_EQ(sysgate_proc_attach(pid, 0, &p), 0);
	CHECK_EQ(sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_FUTEX), -EPERM);
	CHECK_EQ(sysgate_proc_transport(p), SYSGATE_TRANSPORT_PTRACE);
	CHECK_EQ(sysgate_proc_alive(p), 1);
	CHECK_EQ(count_tasks(pid), 1);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
	/* asking again fails the same way, nothing piles up */
	CHECK_EQ(sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_FUTEX), -EPERM);
	CHECK_EQ(count_tasks(pid), 1);
	CHECK_EQ(sysgate_proc_detach(p), 0);
	finish(pid, in_w, out);
}

/* Attach straight onto the futex transport (SYSGATE_PROC_FUTEX). */
static void attached(void)
{
	struct sysgate_proc *p;
	int in_w, i;
	FILE *out;
	pid_t pid = start("none", &in_w, &out);

	CHECK_EQ(sysgate_proc_attach(pid, SYSGATE_PROC_FUTEX, &p), 0);
	CHECK_EQ(sysgate_proc_transport(p), SYSGATE_TRANSPORT_FUTEX);
	CHECK_EQ(count_tasks(pid), 2);
	for (i = 0; i < 100; i++)
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getpid, 0, 0, 0, 0, 0, 0),
			 pid);
	CHECK_EQ(sysgate_proc_detach(p), 0);
	CHECK_EQ(count_tasks(pid), 1);
	finish(pid, in_w, out);
}

int main(void)
{
	refused("noclone");
	refused("noseccomp");
	attached();
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * A child whose own seccomp filter refuses what the futex transport's
 * set-up needs: clone (the stub thread is never made) or seccomp (the
 * thread cannot lock itself down and exits).  set_transport(FUTEX)
 * returns that -EPERM, the ptrace transport stays and works, no stray
 * thread is left, and after detach the program runs on and exits 0.
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

static void run(const char *mode)
{
	const char *tgt = t_build_path("tests/targets/remote_futex_denier");
	struct sysgate_proc *p;
	int in[2], out[2], st;
	char line[64];
	FILE *f;
	pid_t pid;

	CHECK_EQ(pipe(in), 0);
	CHECK_EQ(pipe(out), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execl(tgt, tgt, mode, (char *)NULL);
		_exit(99);
	}
	close(in[0]);
	close(out[1]);
	f = fdopen(out[0], "r");
	CHECK(f && fgets(line, sizeof(line), f));
	CHECK_STR(line, "ready\n");

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

	close(in[1]);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	fclose(f);
}

int main(void)
{
	run("noclone");
	run("noseccomp");
	return 0;
}

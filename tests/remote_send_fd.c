/* SPDX-License-Identifier: MIT */
/*
 * remote_send_fd: a supervisor fd sent into the child is a working
 * child-side fd (the child writes into our pipe through it), the send
 * leaves no helper fd behind in either process and does not disturb the
 * caller's scratch data; a bad fd is -EBADF.  A child in another network
 * namespace cannot reach our abstract socket name: the pidfd_getfd()
 * fallback must deliver the fd all the same.
 */
#include <dirent.h>
#include <sched.h>

#include "tests/remote_util.h"

static int count_fds(pid_t pid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	dir = opendir(path);
	CHECK(dir != NULL);
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

static void run(enum sysgate_transport t)
{
	struct sysgate_proc *p = rt_spawn_true(t);
	unsigned long rmsg;
	char buf[16] = { 0 };
	int fds[2], before, mine;
	long cfd;
	pid_t pid;

	if (!p)
		return;
	pid = sysgate_proc_pid(p);
	CHECK_EQ(pipe(fds), 0);
	CHECK_EQ(sysgate_proc_scratch_put(p, "hi there", 8, &rmsg), 0);
	before = count_fds(pid);
	mine = t_count_fds();
	cfd = sysgate_proc_send_fd(p, fds[1]);
	CHECK(cfd >= 0);
	CHECK_EQ(count_fds(pid), before + 1);
	CHECK_EQ(t_count_fds(), mine);
	/* the scratch data put before is intact */
	CHECK_EQ(sysgate_remote_syscall(p, SYS_write, cfd, rmsg, 8, 0, 0, 0), 8);
	CHECK_EQ(read(fds[0], buf, sizeof(buf)), 8);
	CHECK(memcmp(buf, "hi there", 8) == 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_close, cfd, 0, 0, 0, 0, 0), 0);
	CHECK_EQ(count_fds(pid), before);
	/* a second one gets a working fd again */
	cfd = sysgate_proc_send_fd(p, fds[1]);
	CHECK(cfd >= 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_write, cfd, rmsg, 2, 0, 0, 0), 2);
	CHECK_EQ(read(fds[0], buf, sizeof(buf)), 2);
	CHECK_EQ(sysgate_proc_send_fd(p, 1000), -EBADF);
	CHECK_EQ(sysgate_proc_send_fd(p, -1), -EBADF);
	CHECK_EQ(sysgate_proc_send_fd(NULL, 1), -EINVAL);
	close(fds[0]);
	close(fds[1]);
	sysgate_proc_free(p);
}

static void run_netns(enum sysgate_transport t)
{
	struct sysgate_proc *p = rt_spawn_true(t);
	unsigned long rmsg;
	char buf[8];
	int fds[2];
	long cfd, r;

	if (!p)
		return;
	r = sysgate_remote_syscall(p, SYS_unshare, CLONE_NEWNET, 0, 0, 0, 0, 0);
	if (r < 0) {
		printf("note: unshare(CLONE_NEWNET) in the child: %ld, "
		       "fallback half skipped\n", r);
		sysgate_proc_free(p);
		return;
	}
	CHECK_EQ(pipe(fds), 0);
	cfd = sysgate_proc_send_fd(p, fds[1]);
	if (cfd == -ENOSYS || cfd == -EPERM) {
		printf("note: pidfd_getfd not usable here (%ld)\n", cfd);
	} else {
		CHECK(cfd >= 0);
		CHECK_EQ(sysgate_proc_scratch_put(p, "ns", 2, &rmsg), 0);
		CHECK_EQ(sysgate_remote_syscall(p, SYS_write, cfd, rmsg, 2, 0, 0, 0), 2);
		CHECK_EQ(read(fds[0], buf, sizeof(buf)), 2);
		CHECK(memcmp(buf, "ns", 2) == 0);
	}
	close(fds[0]);
	close(fds[1]);
	sysgate_proc_free(p);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t)
		run(t);
	RT_FOR_EACH_TRANSPORT(t)
		run_netns(t);
	return 0;
}

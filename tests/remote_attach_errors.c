/* SPDX-License-Identifier: MIT */
/*
 * remote_attach_errors: attaching to a pid that does not exist is -ESRCH,
 * to a root process from an unprivileged one -EPERM, to a process that is
 * already attached -EBUSY; the target is untouched by the failures and
 * can be attached again after a detach.
 */
#include <pwd.h>

#include "tests/remote_util.h"

static pid_t victim;

static int as_nobody(void *arg)
{
	struct sysgate_proc *p = NULL;
	struct passwd *pw = getpwnam("nobody");
	uid_t uid = pw ? pw->pw_uid : 65534;
	gid_t gid = pw ? pw->pw_gid : 65534;

	if (setgid(gid) < 0 || setuid(uid) < 0)
		return 2;
	if (getuid() == 0)
		return 3;
	return sysgate_proc_attach(victim, 0, &p) == -EPERM && !p ? 0 : 1;
}

int main(void)
{
	struct sysgate_proc *p = NULL, *p2 = NULL;
	FILE *out;
	char line[64];
	int st;
	pid_t dead;

	/* a pid that surely does not exist: a reaped child's */
	dead = fork();
	CHECK(dead >= 0);
	if (dead == 0)
		_exit(0);
	CHECK_EQ(waitpid(dead, &st, 0), dead);
	CHECK_EQ(sysgate_proc_attach(dead, 0, &p), -ESRCH);
	CHECK(p == NULL);
	CHECK_EQ(sysgate_proc_attach(0, 0, &p), -EINVAL);
	CHECK_EQ(sysgate_proc_attach(-5, 0, &p), -EINVAL);

	victim = rt_start_ticker("sleep", 25, &out);
	CHECK(fgets(line, sizeof(line), out) != NULL);
	if (getuid() != 0) {
		printf("note: not root, EPERM half skipped\n");
	} else {
		st = t_fork(as_nobody, NULL, 30);
		CHECK(WIFEXITED(st));
		CHECK_EQ(WEXITSTATUS(st), 0);
	}
	CHECK_EQ(sysgate_proc_attach(victim, 0, &p), 0);
	CHECK_EQ(sysgate_proc_attach(victim, 0, &p2), -EBUSY);
	CHECK(p2 == NULL);
	CHECK_EQ(sysgate_proc_detach(p), 0);
	/* detached means free again: a second session works */
	CHECK_EQ(sysgate_proc_attach(victim, 0, &p), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), getpid());
	CHECK_EQ(sysgate_proc_detach(p), 0);
	while (fgets(line, sizeof(line), out))
		CHECK(strncmp(line, "DAMAGE", 6) != 0);
	CHECK_EQ(waitpid(victim, &st, 0), victim);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * exec into a setuid-root binary under interception (a setuid copy of the
 * static target, run by a process that first became nobody).  Documented
 * behaviour, checked here:
 *  - a root supervisor: the kernel honours setuid for a tracer that has
 *    CAP_SYS_PTRACE (and no no_new_privs is set, since root may install
 *    seccomp filters without it), so the new image runs with euid 0 and
 *    stays intercepted (its getppid() is seen);
 *  - an unprivileged supervisor: the kernel drops the setuid bit (ptrace:
 *    LSM_UNSAFE_PTRACE; seccomp: no_new_privs), the image runs with
 *    euid 65534 and stays intercepted.
 */
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "intercept_util.h"

static char copy[256];

static int on_call(struct sysgate_call *c, void *ctx)
{
	struct it_log *l = ctx;

	if (c->nr == SYS_getppid && c->phase == SYSGATE_PHASE_ENTRY)
		l->calls++;
	return SYSGATE_ACT_CONTINUE;
}

static int one(enum sysgate_backend b, int as_nobody)
{
	static struct it_log log;
	struct sysgate_intercept *s;
	char *argv[] = { copy, "drop_exec", copy, NULL };
	int st = -1, rc;
	pid_t pid;

	memset(&log, 0, sizeof(log));
	if (as_nobody) {
		CHECK_EQ(setgid(65534), 0);
		CHECK_EQ(setuid(65534), 0);
		/* changing uid made us non-dumpable: not ptrace-able by uid */
		CHECK_EQ(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
	}
	rc = it_new(b, 0, NULL, 0, on_call, &log, &s);
	if (rc)
		return rc;
	CHECK_EQ(sysgate_intercept_spawn(s, argv, NULL, &pid), 0);
	CHECK_EQ(sysgate_intercept_run(s, &st), 0);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), as_nobody ? 11 : 10);
	CHECK_EQ(log.calls, 1);
	CHECK_EQ(it_count_ev(&log, SYSGATE_EV_EXIT), 1);
	sysgate_intercept_free(s);
	return 0;
}

static int root_ptrace(void *a) { (void)a; return one(SYSGATE_BACKEND_PTRACE, 0); }
static int nobody_ptrace(void *a) { (void)a; return one(SYSGATE_BACKEND_PTRACE, 1); }
static int root_unotify(void *a) { (void)a; return one(SYSGATE_BACKEND_UNOTIFY, 0); }
static int nobody_unotify(void *a) { (void)a; return one(SYSGATE_BACKEND_UNOTIFY, 1); }

int main(void)
{
	int (*cases[])(void *) = { root_ptrace, nobody_ptrace, root_unotify,
				   nobody_unotify };
	char dir[] = "/tmp/sysgate-suid-XXXXXX", buf[65536];
	struct statvfs vfs;
	int in, out, st, ran = 0;
	unsigned int i;
	ssize_t n;

	if (geteuid() != 0)
		t_skip("needs root to make a setuid-root binary");
	CHECK(mkdtemp(dir) != NULL);
	CHECK_EQ(chmod(dir, 0755), 0);
	if (statvfs(dir, &vfs) == 0 && (vfs.f_flag & ST_NOSUID)) {
		rmdir(dir);
		t_skip("/tmp is mounted nosuid");
	}
	snprintf(copy, sizeof(copy), "%s/suid-target", dir);
	in = open(it_target(), O_RDONLY);
	CHECK(in >= 0);
	out = open(copy, O_WRONLY | O_CREAT | O_EXCL, 0755);
	CHECK(out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		CHECK(write(out, buf, n) == n);
	close(in);
	close(out);
	CHECK_EQ(chown(copy, 0, 0), 0);
	CHECK_EQ(chmod(copy, 04755), 0);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		st = t_fork(cases[i], NULL, 30);
		if (WIFEXITED(st) && WEXITSTATUS(st) == T_SKIP) {
			printf("case %u skipped: backend unavailable\n", i);
			continue;
		}
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			unlink(copy);
			rmdir(dir);
			fprintf(stderr, "case %u failed\n", i);
			return 1;
		}
		ran++;
	}
	unlink(copy);
	rmdir(dir);
	if (!ran)
		t_skip("no backend available");
	return 0;
}

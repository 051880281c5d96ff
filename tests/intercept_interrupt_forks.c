/* SPDX-License-Identifier: MIT */
/*
 * interrupt() while the tracee forks as fast as it can (children arrive
 * auto-attached, some before their parent's fork event is collected):
 * run() returns -EINTR, and afterwards no process anywhere is still
 * traced by us (TracerPid) and nothing of ours is left to reap.
 */
#include <dirent.h>

#include "intercept_util.h"

static struct sysgate_intercept *sess;

static void on_event(const struct sysgate_event *ev, void *ctx)
{
	struct it_log *l = ctx;

	it_on_event(ev, ctx);
	if (ev->type == SYSGATE_EV_FORK && ++l->calls == 200)
		sysgate_intercept_interrupt(sess);
}

static int traced_by(pid_t tracer)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;

	CHECK(d != NULL);
	while ((de = readdir(d))) {
		char path[300], buf[4096], *p;
		FILE *f;
		size_t len;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = '\0';
		p = strstr(buf, "\nTracerPid:");
		if (p && atoi(p + 11) == tracer)
			n++;
	}
	closedir(d);
	return n;
}

static int one(void *arg)
{
	enum sysgate_backend b = (enum sysgate_backend)(uintptr_t)arg;
	static struct it_log log;
	struct sysgate_intercept_opts o = {
		.sz = sizeof(o), .backend = b, .flags = SYSGATE_FOLLOW_FORKS,
		.on_event = on_event, .ctx = &log,
	};
	char *argv[] = { (char *)it_target(), "forks", "100000", NULL };
	int st, rc;
	pid_t pid;

	rc = sysgate_intercept_new(&o, &sess);
	if (rc == -ENOSYS)
		return T_SKIP;
	CHECK_EQ(rc, 0);
	CHECK_EQ(sysgate_intercept_spawn(sess, argv, NULL, &pid), 0);
	CHECK_EQ(sysgate_intercept_run(sess, &st), -EINTR);
	CHECK(log.calls >= 200);
	sysgate_intercept_free(sess);
	CHECK_EQ(traced_by(getpid()), 0);
	CHECK_EQ(waitpid(-1, NULL, WNOHANG), -1);
	CHECK_EQ(errno, ECHILD);
	return 0;
}

int main(void)
{
	if (!it_each_backend(one, IT_PTRACE_BOTH))
		t_skip("ptrace backends unavailable");
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * SIGINT/SIGTERM to sysgate trace: a spawned tracee is killed, an
 * attached one is detached and runs on (never left stopped); sysgate
 * exits promptly, leaving no zombie behind.
 */
#include <fcntl.h>
#include <time.h>

#include "trace_cli.h"

/* The first pid in a "PID  ..." trace file once it shows nanosleep. */
static pid_t wait_for_sleep(const char *file)
{
	static char buf[1 << 16];
	int i;

	for (i = 0; i < 500; i++) {
		int fd = open(file, O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

		if (fd >= 0)
			close(fd);
		if (n > 0) {
			buf[n] = 0;
			if (strstr(buf, "nanosleep("))
				return (pid_t)atoi(buf);
		}
		usleep(10000);
	}
	return -1;
}

/* 'R', 'S', 't', 'Z', ... or 0 when the process is gone. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512], *p;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : 0;
}

static void interrupt_spawned(int sig)
{
	char file[] = "/tmp/sg-trace-sig-XXXXXX";
	int fd = mkstemp(file), st, i;
	pid_t sg, tracee;
	char *argv[] = { (char *)t_build_path("sysgate"), "trace", "-f", "-o",
			 file, "/bin/sleep", "30", NULL };

	CHECK(fd >= 0);
	close(fd);
	sg = fork();
	CHECK(sg >= 0);
	if (!sg) {
		int n = open("/dev/null", O_RDWR);

		dup2(n, 0);
		dup2(n, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	tracee = wait_for_sleep(file);
	CHECK(tracee > 0);
	CHECK_EQ(kill(sg, sig), 0);
	CHECK(waitpid(sg, &st, 0) == sg);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 128 + sig);
	/* The tracee was killed; init reaps it if we raced its exit. */
	for (i = 0; i < 200 && proc_state(tracee); i++)
		usleep(10000);
	CHECK_EQ(proc_state(tracee), 0);
	unlink(file);
}

static void interrupt_attached(void)
{
	char file[] = "/tmp/sg-trace-att-XXXXXX";
	char pidarg[32];
	int fd = mkstemp(file), st;
	pid_t sg, victim;
	char state;

	CHECK(fd >= 0);
	close(fd);
	victim = fork();
	CHECK(victim >= 0);
	if (!victim) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		int i;

		for (i = 0; i < 1500; i++)
			nanosleep(&ts, NULL);
		_exit(0);
	}
	snprintf(pidarg, sizeof(pidarg), "%d", (int)victim);
	{
		char *argv[] = { (char *)t_build_path("sysgate"), "trace", "-o",
				 file, "-p", pidarg, NULL };

		sg = fork();
		CHECK(sg >= 0);
		if (!sg) {
			execv(argv[0], argv);
			_exit(127);
		}
	}
	if (wait_for_sleep(file) < 0) {
		kill(sg, SIGKILL);
		kill(victim, SIGKILL);
		waitpid(sg, &st, 0);
		waitpid(victim, &st, 0);
		t_skip("attach (-p) did not trace: %s", "backend refused");
	}
	CHECK_EQ(kill(sg, SIGINT), 0);
	CHECK(waitpid(sg, &st, 0) == sg);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	usleep(100000);
	state = proc_state(victim);
	/* Alive, running or sleeping: not stopped ('t'/'T'), not gone. */
	CHECK(state == 'S' || state == 'R');
	CHECK(waitpid(victim, &st, WNOHANG) == 0);
	CHECK_EQ(kill(victim, SIGKILL), 0);
	CHECK(waitpid(victim, &st, 0) == victim);
	unlink(file);
}

int main(void)
{
	interrupt_spawned(SIGTERM);
	interrupt_spawned(SIGINT);
	interrupt_attached();
	/* Nothing of ours is left to reap. */
	CHECK(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * SIGTERM to a supervisor process running a session whose SIGTERM
 * handler calls sysgate_intercept_interrupt(): run() returns -EINTR; a
 * spawned tracee is killed, an attached one detached and left running
 * (never stopped: /proc/PID/stat state is not 't'), nothing unreaped.
 */
#include "intercept_util.h"

static struct sysgate_intercept *sess;

static void on_term(int sig)
{
	(void)sig;
	sysgate_intercept_interrupt(sess);
}

/* The supervisor: exit 0 when run() returned -EINTR as it should. */
static int supervise(pid_t attach_to, int report_fd)
{
	static struct it_log log;
	struct sigaction sa;
	int st = -1, rc;
	pid_t pid = attach_to;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sa.sa_flags = SA_RESTART;	/* run() must notice even so */
	sigaction(SIGTERM, &sa, NULL);
	rc = it_new(SYSGATE_BACKEND_PTRACE, 0, NULL, 0, NULL, &log, &sess);
	if (rc)
		return rc;
	if (attach_to) {
		CHECK_EQ(sysgate_intercept_attach(sess, attach_to), 0);
	} else {
		char *argv[] = { (char *)it_target(), "sleeper", NULL };

		CHECK_EQ(sysgate_intercept_spawn(sess, argv, NULL, &pid), 0);
	}
	CHECK(write(report_fd, &pid, sizeof(pid)) == sizeof(pid));
	rc = sysgate_intercept_run(sess, &st);
	CHECK_EQ(rc, -EINTR);
	if (attach_to)
		CHECK(it_count_ev(&log, SYSGATE_EV_DETACH) >= 1);
	else
		CHECK_EQ(it_count_ev(&log, SYSGATE_EV_KILLED), 1);
	sysgate_intercept_free(sess);
	return 0;
}

static int run_case(pid_t attach_to, pid_t *tracee)
{
	int pfd[2], st;
	pid_t sup;

	CHECK_EQ(pipe(pfd), 0);
	sup = fork();
	CHECK(sup >= 0);
	if (sup == 0) {
		close(pfd[0]);
		alarm(20);
		_exit(supervise(attach_to, pfd[1]));
	}
	close(pfd[1]);
	CHECK(read(pfd[0], tracee, sizeof(*tracee)) == sizeof(*tracee));
	close(pfd[0]);
	usleep(200 * 1000);	/* let it trace a few calls */
	CHECK_EQ(kill(sup, SIGTERM), 0);
	CHECK_EQ(waitpid(sup, &st, 0), sup);
	return st;
}

static int body(void *arg)
{
	pid_t tracee = 0, victim;
	int st;

	(void)arg;
	/* spawned: killed */
	st = run_case(0, &tracee);
	if (WIFEXITED(st) && WEXITSTATUS(st) == T_SKIP)
		return T_SKIP;
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK(kill(tracee, 0) < 0 && errno == ESRCH);

	/* attached: detached, still running */
	victim = fork();
	CHECK(victim >= 0);
	if (victim == 0) {
		execl(it_target(), it_target(), "sleeper", (char *)NULL);
		_exit(127);
	}
	usleep(50 * 1000);
	st = run_case(victim, &tracee);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_EQ(tracee, victim);
	usleep(50 * 1000);
	CHECK_EQ(kill(victim, 0), 0);
	CHECK(!it_any_task_stopped(victim));
	CHECK_EQ(waitpid(victim, NULL, WNOHANG), 0);	/* still running */
	kill(victim, SIGKILL);
	CHECK_EQ(waitpid(victim, &st, 0), victim);
	CHECK(WIFSIGNALED(st));
	return 0;
}

int main(void)
{
	int st = t_fork(body, NULL, 50);

	if (WIFEXITED(st) && WEXITSTATUS(st) == T_SKIP)
		t_skip("ptrace backend unavailable");
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	return 0;
}

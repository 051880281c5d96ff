/* SPDX-License-Identifier: MIT */
/*
 * Target for the `sysgate call` tests: writes "tick N" to stdout every few
 * milliseconds until SIGUSR1, then "bye N" and exits 0.  It checks that
 * what sysgate must leave alone stays as it was: every write succeeds, the
 * signal mask it set is unchanged, and its counter never jumps (exit 3, 4
 * or 5 otherwise).  argv[1], if given, is a file created once it runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_usr1(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 3 * 1000 * 1000 };
	struct sigaction sa;
	sigset_t mine, now;
	unsigned long n = 0, shadow = 0;
	char line[64];
	ssize_t r;
	int len;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	/* A mask sysgate must restore exactly (SIGUSR2 blocked). */
	sigemptyset(&mine);
	sigaddset(&mine, SIGUSR2);
	sigprocmask(SIG_SETMASK, &mine, NULL);
	if (argc > 1)
		close(open(argv[1], O_WRONLY | O_CREAT, 0644));
	while (!stop) {
		len = snprintf(line, sizeof(line), "tick %lu\n", n);
		/* Retried, not skipped: a lost tick would look like a gap. */
		do
			r = write(1, line, len);
		while (r < 0 && errno == EINTR);
		if (r != len)
			return 3;
		sigprocmask(SIG_SETMASK, NULL, &now);
		if (!sigismember(&now, SIGUSR2) || sigismember(&now, SIGUSR1))
			return 4;
		if (shadow != n)
			return 5;
		n++;
		shadow++;
		nanosleep(&ts, NULL);
	}
	len = snprintf(line, sizeof(line), "bye %lu\n", n);
	if (write(1, line, len) != len)
		return 3;
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * Tracee for the intercept_* tests: argv[1] picks a behaviour, the exit
 * code says whether what it saw matched what the test arranged.  Raw
 * syscall() where the number and arguments must be exactly known.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char scratch[256];

static long ppid_raw(long a, long b, long c, long d, long e, long f)
{
	return syscall(SYS_getppid, a, b, c, d, e, f);
}

static void *thread_getppid(void *arg)
{
	(void)arg;
	ppid_raw(0, 0, 0, 0, 0, 0);
	return NULL;
}

static int clone_child(void *arg)
{
	(void)arg;
	ppid_raw(0, 0, 0, 0, 0, 0);
	return 0;
}

static void msleep(long ms);

static volatile int alarms, alarm_bad;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
	if (ppid_raw(7, 0, 0, 0, 0, 0) != 4242)
		alarm_bad = 1;
}

static void *thread_loop(void *arg)
{
	(void)arg;
	for (;;) {
		ppid_raw(0, 0, 0, 0, 0, 0);
		msleep(5);
	}
	return NULL;
}

static void *thread_exec(void *arg)
{
	char *argv[] = { (char *)arg, "exit42", NULL };

	execv("/proc/self/exe", argv);
	_exit(99);
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";

	if (!strcmp(m, "args")) {
		/* known arguments; the test compares them */
		long r = ppid_raw(0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666);

		return r > 0 ? 0 : 3;
	}
	if (!strcmp(m, "emulate")) {
		int fd;

		if (ppid_raw(0, 0, 0, 0, 0, 0) != 4242)
			return 2;
		fd = open("/etc/hostname", O_RDONLY);
		if (fd >= 0 || errno != EACCES)
			return 3;
		return 0;
	}
	if (!strcmp(m, "rewrite")) {
		int fd;

		/* announce the buffer the supervisor may write a path into */
		ppid_raw((long)scratch, sizeof(scratch), 0, 0, 0, 0);
		fd = open("/nonexistent/sysgate-rewrite", O_RDONLY);
		if (fd < 0)
			return 4;
		return 0;
	}
	if (!strcmp(m, "exitchange"))
		return ppid_raw(0, 0, 0, 0, 0, 0) == 777 ? 0 : 5;
	if (!strcmp(m, "exit42")) {
		ppid_raw(42, 0, 0, 0, 0, 0);
		return 42;
	}
	if (!strcmp(m, "loop")) {
		long i, n = argc > 2 ? atol(argv[2]) : 1000;

		for (i = 0; i < n; i++)
			ppid_raw(0, 0, 0, 0, 0, 0);
		return 0;
	}
	if (!strcmp(m, "mixed")) {
		/* n getppid, n writes to /dev/null, n getuid */
		long i, n = argc > 2 ? atol(argv[2]) : 100;
		int fd = open("/dev/null", O_WRONLY);

		for (i = 0; i < n; i++) {
			ppid_raw(0, 0, 0, 0, 0, 0);
			if (write(fd, "x", 1) != 1)
				return 6;
			syscall(SYS_getuid);
		}
		return 0;
	}
	if (!strcmp(m, "follow")) {
		/* fork, vfork, clone, clone3, a thread: each calls getppid */
		struct clone_args ca;
		static char stack[65536];
		pthread_t th;
		pid_t p;
		long r;

		p = fork();
		if (p == 0) {
			ppid_raw(0, 0, 0, 0, 0, 0);
			_exit(0);
		}
		waitpid(p, NULL, 0);
		p = vfork();
		if (p == 0) {
			ppid_raw(0, 0, 0, 0, 0, 0);
			_exit(0);
		}
		waitpid(p, NULL, 0);
		p = clone(clone_child, stack + sizeof(stack), SIGCHLD, NULL);
		if (p < 0)
			return 7;
		waitpid(p, NULL, 0);
		memset(&ca, 0, sizeof(ca));
		ca.exit_signal = SIGCHLD;
		r = syscall(SYS_clone3, &ca, sizeof(ca));
		if (r == 0) {
			ppid_raw(0, 0, 0, 0, 0, 0);
			syscall(SYS_exit, 0);
		}
		if (r > 0)
			waitpid((pid_t)r, NULL, 0);
		if (pthread_create(&th, NULL, thread_getppid, NULL))
			return 8;
		pthread_join(th, NULL);
		return 0;
	}
	if (!strcmp(m, "thread_exec")) {
		pthread_t th;

		if (pthread_create(&th, NULL, thread_exec, argv[0]))
			return 8;
		pthread_join(th, NULL);
		return 9;	/* not reached: the exec replaces us */
	}
	if (!strcmp(m, "forks")) {
		long i, n = argc > 2 ? atol(argv[2]) : 1000;

		for (i = 0; i < n; i++) {
			pid_t p = fork();

			if (p < 0)
				return 10;
			if (p == 0)
				_exit(0);
			if (waitpid(p, NULL, 0) != p)
				return 11;
		}
		return 0;
	}
	if (!strcmp(m, "killed_mid_call")) {
		/* a child kills us with SIGTERM while we block in read() */
		int pfd[2];
		char c;
		pid_t parent = getpid();

		if (pipe(pfd) < 0)
			return 12;
		if (fork() == 0) {
			msleep(200);
			kill(parent, SIGTERM);
			_exit(0);
		}
		ppid_raw(0, 0, 0, 0, 0, 0);
		if (read(pfd[0], &c, 1) < 0)
			return 13;
		return 14;
	}
	if (!strcmp(m, "blocksig")) {
		/* every signal blocked, busy in getppid until killed */
		sigset_t all;

		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
		for (;;) {
			ppid_raw(0, 0, 0, 0, 0, 0);
			msleep(5);
		}
	}
	if (!strcmp(m, "sleeper")) {
		/* runs until killed; writes a progress counter to argv[2] */
		unsigned long n = 0;

		for (;;) {
			ppid_raw((long)n++, 0, 0, 0, 0, 0);
			msleep(10);
		}
	}
	if (!strcmp(m, "threads_sleeper")) {
		/* three threads and the leader: each calls getppid in a loop */
		pthread_t th;
		int i;

		for (i = 0; i < 3; i++)
			if (pthread_create(&th, NULL, thread_loop, NULL))
				return 8;
		thread_loop(NULL);
	}
	if (!strcmp(m, "sigstorm")) {
		/*
		 * write/read a pipe while SIGALRM fires every 300 us; the
		 * handler's getppid(7) must return 4242 (emulated), the data
		 * must come back intact, interrupted calls restart right.
		 */
		struct itimerval it = { { 0, 300 }, { 0, 300 } };
		struct sigaction sa;
		int pfd[2], i, j;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm;
		sa.sa_flags = SA_RESTART;
		sigaction(SIGALRM, &sa, NULL);
		if (pipe(pfd) < 0)
			return 12;
		setitimer(ITIMER_REAL, &it, NULL);
		for (i = 0; i < 3000; i++) {
			if (write(pfd[1], &i, sizeof(i)) != sizeof(i))
				return 20;
			if (read(pfd[0], &j, sizeof(j)) != sizeof(j) || j != i)
				return 21;
		}
		memset(&it, 0, sizeof(it));
		setitimer(ITIMER_REAL, &it, NULL);
		if (alarm_bad)
			return 22;
		return alarms > 0 ? 0 : 23;
	}
	if (!strcmp(m, "blockread")) {
		/* blocks reading stdin; exits with the byte it gets */
		unsigned char c;

		if (read(0, &c, 1) != 1)
			return 30;
		return c;
	}
	if (!strcmp(m, "int80")) {
		/* an i386 getppid (64) through int 0x80, then a native one */
		long r;

		__asm__ volatile("int $0x80" : "=a"(r) : "a"(64L) : "memory");
		if (r != getppid())
			return 40;
		return ppid_raw(0, 0, 0, 0, 0, 0) > 0 ? 0 : 41;
	}
	if (!strcmp(m, "until4242")) {
		/* runs until a getppid() returns 4242, then exits 42 */
		for (;;) {
			if (ppid_raw(0, 0, 0, 0, 0, 0) == 4242)
				return 42;
			msleep(10);
		}
	}
	if (!strcmp(m, "euid")) {
		ppid_raw(0, 0, 0, 0, 0, 0);
		return geteuid() == 0 ? 10 : 11;
	}
	if (!strcmp(m, "drop_exec")) {
		/* become nobody, then exec a setuid-root copy of ourselves */
		char *av[] = { argv[2], "euid", NULL };

		if (setgid(65534) < 0 || setuid(65534) < 0)
			return 15;
		execv(argv[2], av);
		return 16;
	}
	return 100;
}

/* SPDX-License-Identifier: MIT */
/*
 * sysgate trace vs strace on the same syscall-heavy workloads, all
 * measured in this run (wall time of fork + exec + wait, median of
 * SG_BENCH_RUNS runs, modes interleaved so drift hits all alike):
 *
 *   untraced                        the baseline
 *   untraced under an allow-all seccomp filter (no tracer): the floor
 *                                   of any seccomp-prefiltered tracer
 *   strace -f -o /dev/null          full tracing
 *   sysgate trace -f -o /dev/null   full tracing      ratio = vs strace
 *   strace -f --seccomp-bpf -e trace=openat -o /dev/null
 *   sysgate trace -f -e trace=openat -o /dev/null     ratio = vs untraced
 *
 * Workloads: "openloop" (this program re-executed: openat/read/close of a
 * small file and getppid, in a loop: every fourth call is an openat),
 * "find" (find /usr/share -type f), "gcc" (gcc -c of a one-line file:
 * a real exec chain, driver + cc1 + as) and "dd" (dd of /dev/zero to
 * /dev/null in 512-byte blocks: many calls, almost no openat).  The
 * filtered modes cost what the openat stops cost, so their ratio depends
 * on how many openat calls the workload makes.
 * Every run is pinned to one CPU (tracer and tracee alike, every mode,
 * the baseline too) unless SG_BENCH_NOPIN is set: on a 2-CPU VM, where
 * the scheduler puts tracer and tracee decides a ptrace round trip's
 * cost and made unpinned medians swing by 30%.
 *
 * One line per (workload, mode):
 *   bench=trace_overhead workload=W mode=M pinned=0|1 runs=N ms=...
 *   vs_untraced=X.XX vs_strace=X.XX ratio=X.XX
 */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"

static int pinned = 1;

/*
 * M_FILTER: untraced, but under an allow-all seccomp filter - what merely
 * having a filter costs the calls it lets through (the kernel's syscall
 * slow path), the floor under any seccomp-prefiltered tracer.
 */
enum { M_NONE, M_FILTER, M_STRACE, M_SG, M_STRACE_F, M_SG_F, M_COUNT };

static const char *const mode_names[M_COUNT] = {
	"untraced", "untraced_filter", "strace_full", "sysgate_full",
	"strace_openat", "sysgate_openat",
};

static int with_filter;	/* run_ms(): install the allow-all filter */

static const char *sysgate_path(void)
{
	static char buf[4096];
	const char *b = getenv("SYSGATE_BUILD");

	snprintf(buf, sizeof(buf), "%s/sysgate", b && *b ? b : "build");
	return buf;
}

/* The workload itself: argv[1] == "--openloop", argv[2] iterations. */
static int openloop(int n)
{
	char buf[256];
	int i, fd;

	for (i = 0; i < n; i++) {
		fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return 1;
		if (read(fd, buf, sizeof(buf)) < 0)
			return 1;
		close(fd);
		getppid();
	}
	return 0;
}

/* Wall time in ms of one run of argv; -1 when it did not exit 0. */
static double run_ms(char *const argv[])
{
	unsigned long long t0 = bench_now_ns();
	int st, fd;
	pid_t p = fork();

	if (p < 0)
		return -1;
	if (!p) {
		if (pinned) {
			cpu_set_t set;

			CPU_ZERO(&set);
			CPU_SET(0, &set);
			sched_setaffinity(0, sizeof(set), &set);
		}
		fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (with_filter) {
			struct sock_filter allow =
				BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
			struct sock_fprog prog = { 1, &allow };

			if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0,
				    &prog) < 0) {
				prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
				syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0,
					&prog);
			}
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	return (double)(bench_now_ns() - t0) / 1e6;
}

/* argv for mode m around the workload cmd. */
static void build_argv(int m, char **cmd, char **out)
{
	int i = 0;

	switch (m) {
	case M_STRACE:
	case M_STRACE_F:
		out[i++] = "/usr/bin/strace";
		out[i++] = "-f";
		if (m == M_STRACE_F) {
			out[i++] = "--seccomp-bpf";
			out[i++] = "-e";
			out[i++] = "trace=openat";
		}
		out[i++] = "-o";
		out[i++] = "/dev/null";
		out[i++] = "--";
		break;
	case M_SG:
	case M_SG_F:
		out[i++] = (char *)sysgate_path();
		out[i++] = "trace";
		out[i++] = "-f";
		if (m == M_SG_F) {
			out[i++] = "-e";
			out[i++] = "trace=openat";
		}
		out[i++] = "-o";
		out[i++] = "/dev/null";
		out[i++] = "--";
		break;
	}
	while (*cmd)
		out[i++] = *cmd++;
	out[i] = NULL;
}

static void bench_workload(const char *name, char **cmd, int runs)
{
	double *v[M_COUNT], med[M_COUNT];
	char *argv[64];
	int m, r, have_strace = !access("/usr/bin/strace", X_OK);

	for (m = 0; m < M_COUNT; m++) {
		v[m] = calloc((size_t)runs, sizeof(double));
		if (!v[m])
			exit(1);
	}
	/* One warm-up of each (page cache, dynamic loader). */
	for (m = 0; m < M_COUNT; m++) {
		if (!have_strace && (m == M_STRACE || m == M_STRACE_F))
			continue;
		build_argv(m, cmd, argv);
		run_ms(argv);
	}
	for (r = 0; r < runs; r++)
		for (m = 0; m < M_COUNT; m++) {
			if (!have_strace && (m == M_STRACE || m == M_STRACE_F)) {
				v[m][r] = -1;
				continue;
			}
			build_argv(m, cmd, argv);
			with_filter = m == M_FILTER;
			v[m][r] = run_ms(argv);
			with_filter = 0;
			if (v[m][r] < 0) {
				printf("bench=trace_overhead workload=%s mode=%s "
				       "failed=1\n", name, mode_names[m]);
				exit(1);
			}
		}
	for (m = 0; m < M_COUNT; m++)
		med[m] = v[m][0] < 0 ? -1 : bench_median(v[m], runs);
	for (m = 0; m < M_COUNT; m++) {
		double base = med[M_NONE];
		double st = m == M_SG_F ? med[M_STRACE_F] : med[M_STRACE];
		/* The target of each mode: sysgate full vs strace full,
		 * sysgate filtered vs untraced, the rest vs untraced. */
		double ratio = m == M_SG ? (st > 0 ? med[m] / st : -1) :
			       med[m] / base;

		if (med[m] < 0)
			continue;
		printf("bench=trace_overhead workload=%s mode=%s pinned=%d "
		       "runs=%d ms=%.2f vs_untraced=%.2f", name, mode_names[m],
		       pinned, runs, med[m], med[m] / base);
		if ((m == M_SG || m == M_SG_F) && st > 0)
			printf(" vs_strace=%.2f", med[m] / st);
		printf(" ratio=%.2f\n", ratio);
	}
	for (m = 0; m < M_COUNT; m++)
		free(v[m]);
}

int main(int argc, char **argv)
{
	char self[4096], iters[32];
	ssize_t n;
	int runs = bench_runs(5);

	if (argc > 2 && !strcmp(argv[1], "--openloop"))
		return openloop(atoi(argv[2]));
	pinned = !getenv("SG_BENCH_NOPIN");
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 1;
	self[n] = 0;
	if (access(sysgate_path(), X_OK)) {
		printf("bench=trace_overhead skipped=1 reason=no-%s\n",
		       sysgate_path());
		return 0;
	}
	snprintf(iters, sizeof(iters), "%d", 10000);
	{
		char *cmd[] = { self, "--openloop", iters, NULL };

		bench_workload("openloop", cmd, runs);
	}
	{
		char *cmd[] = { "/usr/bin/find", "/usr/share", "-type", "f",
				NULL };

		bench_workload("find", cmd, runs);
	}
	if (!access("/usr/bin/gcc", X_OK)) {
		/* A real build step: gcc's driver, cc1 and as (vfork + exec). */
		static char src[] = "/tmp/sg-bench-gcc.c";
		FILE *f = fopen(src, "w");

		if (f) {
			fputs("int twice(int x) { return 2 * x; }\n", f);
			fclose(f);
			char *cmd[] = { "/usr/bin/gcc", "-c", "-o",
					"/tmp/sg-bench-gcc.o", src, NULL };

			bench_workload("gcc", cmd, runs);
			unlink(src);
			unlink("/tmp/sg-bench-gcc.o");
		}
	}
	{
		char *cmd[] = { "/bin/dd", "if=/dev/zero", "of=/dev/null",
				"bs=512", "count=20000", NULL };

		bench_workload("dd", cmd, runs);
	}
	return 0;
}

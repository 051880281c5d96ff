/* SPDX-License-Identifier: MIT */
/*
 * -k (a stack per traced call): sysgate trace -k against strace -k on the
 * same commands, in the same run (wall time of fork + exec + wait, median
 * of SG_BENCH_RUNS runs, modes interleaved, both pinned to one CPU unless
 * SG_BENCH_NOPIN):
 *   bench=trace_stack workload=W strace_ms=... sysgate_ms=... ratio=...
 * Workloads: "ls" (ls -l /etc: ~1400 calls, libc stacks) and "python"
 * (python3 -c pass: deep interpreter stacks).  Skipped without strace,
 * or when either tool has no -k here.
 */
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"

static double run_ms(char *const argv[], int pin)
{
	unsigned long long t0 = bench_now_ns();
	int st, fd;
	pid_t p = fork();

	if (p < 0)
		return -1;
	if (!p) {
		if (pin) {
			cpu_set_t set;

			CPU_ZERO(&set);
			CPU_SET(0, &set);
			sched_setaffinity(0, sizeof(set), &set);
		}
		fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	return (double)(bench_now_ns() - t0) / 1e6;
}

static void workload(const char *name, const char *sg, char **cmd, int runs,
		     int pin)
{
	char *a[32] = { (char *)sg, "trace", "-k", "-o", "/dev/null", "--" };
	char *b[32] = { "/usr/bin/strace", "-k", "-o", "/dev/null" };
	double vs[64], vt[64], ms, mt;
	int i, r;

	for (i = 0; cmd[i]; i++) {
		a[6 + i] = cmd[i];
		b[4 + i] = cmd[i];
	}
	if (run_ms(a, pin) < 0 || run_ms(b, pin) < 0) {
		printf("bench=trace_stack workload=%s skipped=no-k\n", name);
		return;
	}
	for (r = 0; r < runs; r++) {
		vs[r] = run_ms(a, pin);
		vt[r] = run_ms(b, pin);
		if (vs[r] < 0 || vt[r] < 0) {
			printf("bench=trace_stack workload=%s failed=1\n", name);
			return;
		}
	}
	ms = bench_median(vs, runs);
	mt = bench_median(vt, runs);
	printf("bench=trace_stack workload=%s runs=%d pinned=%d strace_ms=%.1f "
	       "sysgate_ms=%.1f ratio=%.2f\n", name, runs, pin, mt, ms, ms / mt);
}

int main(void)
{
	const char *b = getenv("SYSGATE_BUILD");
	char sg[4096];
	char *ls[] = { "/bin/ls", "-l", "/etc", NULL };
	char *py[] = { "/usr/bin/python3", "-c", "pass", NULL };
	int runs = bench_runs(5), pin = !getenv("SG_BENCH_NOPIN");

	if (runs > 64)
		runs = 64;
	snprintf(sg, sizeof(sg), "%s/sysgate", b && *b ? b : "build");
	if (access("/usr/bin/strace", X_OK)) {
		printf("bench=trace_stack skipped=no-strace\n");
		return 0;
	}
	workload("ls", sg, ls, runs, pin);
	if (!access(py[0], X_OK))
		workload("python", sg, py, runs, pin);
	return 0;
}

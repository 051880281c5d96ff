/* SPDX-License-Identifier: MIT */
/*
 * Filtered vs full interception of a syscall-heavy real workload
 * (`ls -lR /usr/share/doc`: stat+xattr per file, openat per directory;
 * `find /usr/share`: openat-heavy), output to /dev/null, all in the
 * same run, medians:
 *
 * Workload mixed_no_openat (the static target: 600k getppid/write/getuid
 * calls, no openat; filtered mode only) shows what the prefilter costs the
 * calls it lets by.
 *
 *   bench=intercept_filter mode=openat ... ratio=   traced with a filter of
 *       {openat} (entry + exit to the handler) / untraced wall time
 *       (target <= 1.1: the prefilter keeps the rest off the slow path)
 *   bench=intercept_filter mode=all ... ratio=      every call, entry + exit,
 *       handler does nothing / untraced
 *   bench=intercept_filter mode=all_vs_strace ... ratio=  the same run /
 *       `strace -f -o /dev/null` (when strace is installed)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"
#include "sysgate.h"

static int h_count(struct sysgate_call *c, void *ctx)
{
	(*(long *)ctx)++;
	return SYSGATE_ACT_CONTINUE;
}

static void to_devnull(void)
{
	int fd = open("/dev/null", O_WRONLY);

	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
}

static double run_plain(char *const argv[])
{
	unsigned long long t0 = bench_now_ns();
	int st;
	pid_t p = fork();

	if (p == 0) {
		to_devnull();
		execvp(argv[0], argv);
		_exit(127);
	}
	waitpid(p, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) == 127)
		return -1;
	return (bench_now_ns() - t0) / 1e6;
}

static double run_traced(char *const work[], const uint64_t *filter,
			 long *calls)
{
	struct sysgate_intercept_opts o = {
		.sz = sizeof(o), .backend = SYSGATE_BACKEND_PTRACE,
		.flags = SYSGATE_FOLLOW_FORKS,
		.filter = filter, .filter_bits = filter ? 512 : 0,
		.on_call = h_count, .ctx = calls,
	};
	struct sysgate_intercept *s;
	unsigned long long t0;
	int st, saved1 = dup(1), saved2 = dup(2);
	pid_t p;

	*calls = 0;
	if (sysgate_intercept_new(&o, &s) < 0)
		return -1;
	t0 = bench_now_ns();
	/* the child inherits stdout/stderr: point them at /dev/null */
	to_devnull();
	if (sysgate_intercept_spawn(s, work, NULL, &p) < 0 ||
	    sysgate_intercept_run(s, &st) < 0) {
		dup2(saved1, 1);
		dup2(saved2, 2);
		sysgate_intercept_free(s);
		return -1;
	}
	t0 = bench_now_ns() - t0;
	dup2(saved1, 1);
	dup2(saved2, 2);
	close(saved1);
	close(saved2);
	sysgate_intercept_free(s);
	return t0 / 1e6;
}

static void one_workload(const char *name, char *const work[],
			 char *const strace_all[], char *const strace_filt[],
			 int runs, int do_all)
{
	double un[64], fo[64], al[64], sa[64], sf[64], u, f, a, s1, s2;
	uint64_t filter[8] = { 0 };
	long calls_f = 0, calls_a = 0;
	int r, have_strace;

	filter[SYS_openat / 64] = 1ull << (SYS_openat % 64);
	if (run_plain(work) < 0) {
		printf("bench=intercept_filter workload=%s skipped=1\n", name);
		return;
	}
	have_strace = run_plain(strace_all) >= 0;
	for (r = 0; r < runs; r++) {
		un[r] = run_plain(work);
		fo[r] = run_traced(work, filter, &calls_f);
		al[r] = do_all ? run_traced(work, NULL, &calls_a) : 0;
		sa[r] = have_strace && do_all ? run_plain(strace_all) : 0;
		sf[r] = have_strace ? run_plain(strace_filt) : 0;
	}
	u = bench_median(un, runs);
	f = bench_median(fo, runs);
	a = bench_median(al, runs);
	s1 = bench_median(sa, runs);
	s2 = bench_median(sf, runs);
	if (f < 0 || a < 0) {
		printf("bench=intercept_filter workload=%s unavailable=1\n", name);
		return;
	}
	printf("bench=intercept_filter workload=%s mode=openat runs=%d "
	       "untraced_ms=%.1f traced_ms=%.1f handler_calls=%ld ratio=%.2f\n",
	       name, runs, u, f, calls_f, f / u);
	if (do_all)
		printf("bench=intercept_filter workload=%s mode=all runs=%d "
		       "untraced_ms=%.1f traced_ms=%.1f handler_calls=%ld "
		       "ratio=%.2f\n", name, runs, u, a, calls_a, a / u);
	if (!have_strace)
		return;
	printf("bench=intercept_filter workload=%s mode=openat_vs_strace runs=%d "
	       "strace_seccomp_bpf_ms=%.1f traced_ms=%.1f ratio=%.2f\n", name,
	       runs, s2, f, f / s2);
	if (do_all)
		printf("bench=intercept_filter workload=%s mode=all_vs_strace "
		       "runs=%d strace_ms=%.1f traced_ms=%.1f ratio=%.2f\n", name,
		       runs, s1, a, a / s1);
}

int main(void)
{
	/* openat in every directory: the filtered calls dominate */
	char *find[] = { "find", "/usr/share", "-name", "sysgate-none", NULL };
	char *find_sa[] = { "strace", "-f", "-o", "/dev/null", "find",
			    "/usr/share", "-name", "sysgate-none", NULL };
	char *find_sf[] = { "strace", "-f", "-o", "/dev/null", "--seccomp-bpf",
			    "-e", "trace=openat", "find", "/usr/share", "-name",
			    "sysgate-none", NULL };
	/* stat and xattr per file, openat per directory: a typical mix */
	char *ls[] = { "ls", "-lR", "/usr/share/doc", NULL };
	char *ls_sa[] = { "strace", "-f", "-o", "/dev/null", "ls", "-lR",
			  "/usr/share/doc", NULL };
	char *ls_sf[] = { "strace", "-f", "-o", "/dev/null", "--seccomp-bpf",
			  "-e", "trace=openat", "ls", "-lR", "/usr/share/doc",
			  NULL };
	/* 600k getppid/write/getuid, no openat: only the prefilter's cost */
	const char *b = getenv("SYSGATE_BUILD");
	char target[4096];
	char *mix[] = { target, "mixed", "200000", NULL };
	char *mix_sa[] = { "strace", "-f", "-o", "/dev/null", target, "mixed",
			   "200000", NULL };
	char *mix_sf[] = { "strace", "-f", "-o", "/dev/null", "--seccomp-bpf",
			   "-e", "trace=openat", target, "mixed", "200000", NULL };
	int runs = bench_runs(5);

	if (runs > 64)
		runs = 64;
	snprintf(target, sizeof(target), "%s/tests/targets/intercept_target",
		 b && *b ? b : "build");
	one_workload("mixed_no_openat", mix, mix_sa, mix_sf, runs, 0);
	one_workload("ls_lR", ls, ls_sa, ls_sf, runs, 1);
	one_workload("find", find, find_sa, find_sf, runs, 1);
	return 0;
}

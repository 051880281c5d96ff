/* SPDX-License-Identifier: MIT */
/*
 * Benchmark helpers.  Every benchmark measures its baseline in the same
 * run and prints one parsable line per measurement:
 *   bench=NAME key=value ... ratio=X.XX
 * Times are medians over SG_BENCH_RUNS repetitions (noisy 2-CPU VM).
 */
#ifndef SG_BENCH_H
#define SG_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline unsigned long long bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of n samples (sorts them in place). */
static inline double bench_median(double *v, int n)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Repetitions: $SG_BENCH_RUNS or def. */
static inline int bench_runs(int def)
{
	const char *s = getenv("SG_BENCH_RUNS");
	int n = s ? atoi(s) : 0;

	return n > 0 ? n : def;
}

#endif

/* SPDX-License-Identifier: MIT */
/*
 * sysgate call -p on a live process: redirect its stdout to a file with
 * openat + dup2($0, 1) + close($0) in one batch.  The file then receives
 * its output, the counter it prints continues without a gap, its fds and
 * mappings are what they were, it is no longer traced, and it exits
 * normally when told.
 */
#include <dirent.h>

#include "call_util.h"

/* The fd numbers open in pid, as a string "0 1 2 ". */
static void fd_list(pid_t pid, char *buf, size_t len)
{
	char path[64];
	struct dirent *d;
	int fds[64], n = 0, i, j, t;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	dir = opendir(path);
	CHECK(dir != NULL);
	while ((d = readdir(dir)) && n < 64)
		if (d->d_name[0] != '.')
			fds[n++] = atoi(d->d_name);
	closedir(dir);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (fds[j] < fds[i]) {
				t = fds[i];
				fds[i] = fds[j];
				fds[j] = t;
			}
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%d ", fds[i]);
}

static char *maps(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	return cu_read_file(path);
}

/* Every "tick N" in a then b must count 0, 1, 2 ... with no gap. */
static void check_ticks(const char *a, const char *b)
{
	const char *parts[2] = { a, b }, *p;
	unsigned long want = 0, got;
	int i;

	for (i = 0; i < 2; i++)
		for (p = parts[i]; (p = strstr(p, "tick ")); p++) {
			got = strtoul(p + 5, NULL, 10);
			if (got != want)
				fprintf(stderr, "tick %lu where %lu was due\n",
					got, want);
			CHECK_EQ(got, want);
			want++;
		}
	CHECK(want > 3);
}

int main(void)
{
	char before[256], ready[256], logp[256], expr0[512], fds0[256];
	char fds1[256], link[256], lpath[64], *out, *maps0, *maps1, *a, *b;
	char *argv[8];
	const char *dir = cu_tmpdir();
	ssize_t n;
	pid_t pid;
	int rc, lines;

	snprintf(before, sizeof(before), "%s/before", dir);
	snprintf(ready, sizeof(ready), "%s/ready", dir);
	snprintf(logp, sizeof(logp), "%s/log", dir);
	pid = cu_start_writer(before, ready);
	CHECK(cu_wait_lines(before, 3, 5000));
	fd_list(pid, fds0, sizeof(fds0));
	maps0 = maps(pid);

	snprintf(expr0, sizeof(expr0),
		 "openat(AT_FDCWD, \"%s\", O_WRONLY|O_CREAT|O_APPEND, 0644)",
		 logp);
	argv[1] = "call";
	argv[2] = "-p";
	snprintf(lpath, sizeof(lpath), "%d", (int)pid);
	argv[3] = lpath;
	argv[4] = expr0;
	argv[5] = "dup2($0, 1)";
	argv[6] = "close($0)";
	argv[7] = NULL;
	rc = cu_sysgate(argv, &out, NULL);
	CHECK_EQ(rc, 0);
	/* One result line per call, in order, each a success. */
	a = strstr(out, "0: openat(AT_FDCWD, \"");
	CHECK(a != NULL);
	CHECK(strstr(a, "O_WRONLY|O_CREAT|O_APPEND, 0644) = "));
	b = strstr(out, "\n1: dup2($0, 1) = 1\n2: close($0) = 0\n");
	CHECK(b != NULL && b > a);
	free(out);

	/* The output moves to the file and keeps coming. */
	CHECK(cu_wait_lines(logp, 5, 5000));
	lines = cu_count_lines(before);
	cu_sleep_ms(50);
	CHECK_EQ(cu_count_lines(before), lines);

	/* Unharmed: same fds (the temporary one closed), fd 1 on the log,
	 * no mapping left behind, no tracer, still running. */
	fd_list(pid, fds1, sizeof(fds1));
	CHECK_STR(fds1, fds0);
	snprintf(lpath, sizeof(lpath), "/proc/%d/fd/1", (int)pid);
	n = readlink(lpath, link, sizeof(link) - 1);
	CHECK(n > 0);
	link[n] = '\0';
	CHECK_STR(link, logp);
	maps1 = maps(pid);
	CHECK_STR(maps1, maps0);
	CHECK_EQ(cu_status_field(pid, "TracerPid:"), 0);

	cu_stop_writer(pid);
	a = cu_read_file(before);
	b = cu_read_file(logp);
	check_ticks(a, b);
	CHECK(strstr(b, "bye ") != NULL);
	CHECK(strstr(a, "bye ") == NULL);
	free(a);
	free(b);
	free(maps0);
	free(maps1);
	unlink(before);
	unlink(ready);
	unlink(logp);
	rmdir(dir);
	return 0;
}

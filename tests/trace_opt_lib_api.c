/* SPDX-License-Identifier: MIT */
/*
 * The library side of the strace options: bad values are -EINVAL
 * (negative align_column, add_path NULL / "" / longer than PATH_MAX,
 * unknown flags), an old-sized opts struct still works, and
 * per_thread_prefix makes one file per thread of a traced shell with
 * the caller's string copied (freed right after new()), no fd left open.
 */
#include <dirent.h>
#include <limits.h>

#include "sysgate.h"
#include "test.h"

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	CHECK(d != NULL);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

int main(void)
{
	struct sysgate_trace_opts to = { .sz = sizeof(to), .out_fd = 2 };
	struct sysgate_intercept_opts io = { .sz = sizeof(io) };
	struct sysgate_trace *t;
	struct sysgate_intercept *s;
	char dir[] = "/tmp/sg-ffapi-XXXXXX", *prefix, path[PATH_MAX + 16];
	char *argv[] = { "/bin/sh", "-c", "/bin/true; /bin/true", NULL };
	struct dirent *de;
	DIR *d;
	int st = -1, files = 0, fds;

	to.align_column = -1;
	CHECK_EQ(sysgate_trace_new(&to, &t), -EINVAL);
	to.align_column = 0;
	to.flags = 1u << 30;
	CHECK_EQ(sysgate_trace_new(&to, &t), -EINVAL);
	to.flags = 0;

	/* A caller built against the first struct (up to string_limit). */
	to.sz = offsetof(struct sysgate_trace_opts, string_limit) + sizeof(int);
	CHECK_EQ(sysgate_trace_new(&to, &t), 0);
	CHECK_EQ(sysgate_trace_add_path(t, NULL), -EINVAL);
	CHECK_EQ(sysgate_trace_add_path(t, ""), -EINVAL);
	memset(path, 'a', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = 0;
	CHECK_EQ(sysgate_trace_add_path(t, path), -EINVAL);
	CHECK_EQ(sysgate_trace_add_path(t, "/etc/hostname"), 0);
	CHECK_EQ(sysgate_trace_add_path(t, "/no/such/file"), 0);
	sysgate_trace_free(t);
	CHECK_EQ(sysgate_trace_add_path(NULL, "/etc"), -EINVAL);

	/* -ff through the library. */
	CHECK(mkdtemp(dir) != NULL);
	fds = count_fds();
	prefix = malloc(strlen(dir) + 8);
	CHECK(prefix != NULL);
	sprintf(prefix, "%s/t", dir);
	to.sz = sizeof(to);
	to.per_thread_prefix = prefix;
	to.flags = SYSGATE_TRACE_QUIET;
	CHECK_EQ(sysgate_trace_new(&to, &t), 0);
	memset(prefix, 'x', strlen(prefix));	/* copied, not kept */
	free(prefix);
	CHECK_EQ(sysgate_trace_add_expr(t, "trace=execve", NULL), 0);
	io.flags = SYSGATE_FOLLOW_FORKS;
	io.on_call = sysgate_trace_on_call;
	io.on_event = sysgate_trace_on_event;
	io.ctx = t;
	CHECK_EQ(sysgate_intercept_new(&io, &s), 0);
	CHECK_EQ(sysgate_intercept_spawn(s, argv, NULL, NULL), 0);
	CHECK_EQ(sysgate_intercept_run(s, &st), 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	sysgate_intercept_free(s);
	sysgate_trace_free(t);
	CHECK_EQ(count_fds(), fds);

	d = opendir(dir);
	CHECK(d != NULL);
	while ((de = readdir(d))) {
		char p[600], buf[4096];
		FILE *f;
		size_t n;

		if (de->d_name[0] == '.')
			continue;
		CHECK(!strncmp(de->d_name, "t.", 2));
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		f = fopen(p, "r");
		CHECK(f != NULL);
		n = fread(buf, 1, sizeof(buf) - 1, f);
		buf[n] = 0;
		fclose(f);
		/* Each process exec'd once: its execve and nothing else. */
		CHECK(!strncmp(buf, "execve(\"/", 9));
		CHECK(strstr(buf, "[pid") == NULL);
		unlink(p);
		files++;
	}
	closedir(d);
	rmdir(dir);
	/* sh (forks for the first /bin/true, execs the last one itself) */
	CHECK(files >= 2);
	return 0;
}

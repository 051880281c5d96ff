/* SPDX-License-Identifier: MIT */
/*
 * -P PATH: does a call access one of the selected paths?
 *
 * As strace decides it: a path argument equal to a selected path (as
 * given, or its realpath), or a file descriptor argument (dirfd too)
 * whose /proc/TID/fd link names one at the call's entry.  Asking the
 * kernel at each call, rather than remembering what open returned,
 * keeps fds that were dup'ed, inherited or passed over a socket right,
 * and a close()d fd stops matching by itself.
 *
 * Argument kinds come from the decoder's signature table: 's' path,
 * 'f' fd, 'a' dirfd.  A call the table does not describe never matches.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysgate.h"
#include "trace/trace.h"

static int trc_paths_push(struct trc_paths *ps, const char *path)
{
	char **n;
	int i;

	for (i = 0; i < ps->n; i++)
		if (!strcmp(ps->p[i], path))
			return 0;
	n = realloc(ps->p, (size_t)(ps->n + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	ps->p = n;
	ps->p[ps->n] = strdup(path);
	if (!ps->p[ps->n])
		return -ENOMEM;
	ps->n++;
	return 0;
}

int trc_paths_add(struct trc_paths *ps, const char *path)
{
	char real[PATH_MAX];
	int rc;

	if (!path || !*path || strlen(path) >= PATH_MAX)
		return -EINVAL;
	rc = trc_paths_push(ps, path);
	/* A path that does not exist yet matches by its name only. */
	if (!rc && realpath(path, real))
		rc = trc_paths_push(ps, real);
	return rc;
}

static int trc_paths_has(const struct trc_paths *ps, const char *s)
{
	int i;

	for (i = 0; i < ps->n; i++)
		if (!strcmp(ps->p[i], s))
			return 1;
	return 0;
}

static int trc_fd_match(const struct trc_paths *ps, pid_t tid, long fd)
{
	char link[64], target[PATH_MAX];
	ssize_t n;

	if (fd < 0 || fd > INT_MAX)
		return 0;
	snprintf(link, sizeof(link), "/proc/%d/fd/%ld", (int)tid, fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return 0;
	target[n] = 0;
	return trc_paths_has(ps, target);
}

static int trc_path_arg_match(const struct trc_paths *ps, pid_t pid,
			      unsigned long addr)
{
	char buf[PATH_MAX];
	long n;

	if (!addr)
		return 0;
	n = trc_mem_read(pid, addr, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	/* A short read stops at an unmapped page: the string ends before. */
	if (!memchr(buf, 0, (size_t)n))
		return 0;
	return trc_paths_has(ps, buf);
}

int trc_paths_match(const struct trc_paths *ps, const struct sysgate_call *c)
{
	const char *k = trc_arg_kinds(c->nr);
	int i;

	if (!k)
		return 0;
	for (i = 0; i < 6 && k[i]; i++) {
		switch (k[i]) {
		case 's':
			if (trc_path_arg_match(ps, c->pid, c->args[i]))
				return 1;
			break;
		case 'f':
		case 'a':
			if (trc_fd_match(ps, c->tid, (long)(int)c->args[i]))
				return 1;
			break;
		}
	}
	return 0;
}

void trc_paths_free(struct trc_paths *ps)
{
	int i;

	for (i = 0; i < ps->n; i++)
		free(ps->p[i]);
	free(ps->p);
	ps->p = NULL;
	ps->n = 0;
}

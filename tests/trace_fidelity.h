/* SPDX-License-Identifier: MIT */
/*
 * Fidelity against strace: run one command under `strace -f -q -o A` and
 * `sysgate trace -f -o B` and compare, per process, the sequence of
 * (syscall name, result).  What legitimately differs is normalised away:
 * pids (processes are named by their place in the fork tree: P, P.1,
 * P.1.2 ...), addresses (ASLR), getppid of the first process (the
 * tracer), and the traces of signal timing (rt_sigreturn and the
 * ERESTART* results of calls a signal interrupted).  Timing can still
 * move a signal, so a mismatch is retried before it counts.
 */
#ifndef SG_TEST_TRACE_FIDELITY_H
#define SG_TEST_TRACE_FIDELITY_H

#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "test.h"

struct tf_rec {
	int pid;
	char name[40];
	char ret[80];
};

struct tf_trace {
	struct tf_rec *r;
	int n;
	int pids[4096];
	char label[4096][48];
	int npids;
};

static int tf_run(char *const argv[], const char *dir)
{
	int st, fd;
	pid_t p;

	fflush(NULL);
	p = fork();
	CHECK(p >= 0);
	if (!p) {
		fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (dir && chdir(dir))
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	CHECK(waitpid(p, &st, 0) == p);
	return st;
}

static int tf_label(const struct tf_trace *t, int pid)
{
	int i;

	for (i = 0; i < t->npids; i++)
		if (t->pids[i] == pid)
			return i;
	return -1;
}

static void tf_add_label(struct tf_trace *t, int pid, const char *label)
{
	if (t->npids >= 4096 || tf_label(t, pid) >= 0)
		return;
	t->pids[t->npids] = pid;
	snprintf(t->label[t->npids], sizeof(t->label[0]), "%s", label);
	t->npids++;
}

static void tf_parse(const char *file, struct tf_trace *t)
{
	FILE *f = fopen(file, "r");
	char *line = NULL, *rest, *eq, *p;
	size_t cap = 0;
	int kids[4096] = { 0 };
	struct tf_rec r;

	CHECK(f != NULL);
	memset(t, 0, sizeof(*t));
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = 0;
		memset(&r, 0, sizeof(r));
		r.pid = (int)strtol(line, &rest, 10);
		if (rest == line)
			continue;
		while (*rest == ' ')
			rest++;
		if (!strncmp(rest, "---", 3) || strstr(rest, "<unfinished ...>"))
			continue;
		if (!strncmp(rest, "+++", 3)) {
			snprintf(r.name, sizeof(r.name), "+++");
			snprintf(r.ret, sizeof(r.ret), "%s", rest);
		} else {
			if (!strncmp(rest, "<... ", 5))
				rest += 5;
			snprintf(r.name, sizeof(r.name), "%.*s",
				 (int)strcspn(rest, "( "), rest);
			eq = NULL;
			for (p = strstr(rest, " = "); p; p = strstr(p + 1, " = "))
				eq = p;
			if (!eq)
				continue;
			eq += 3;
			/* "-1 ENOENT" / "? ERESTARTSYS": two words; else one. */
			p = strchr(eq, ' ');
			if (p && (*eq == '-' || *eq == '?'))
				p = strchr(p + 1, ' ');
			snprintf(r.ret, sizeof(r.ret), "%.*s",
				 p ? (int)(p - eq) : (int)strlen(eq), eq);
		}
		if (!strcmp(r.name, "rt_sigreturn") ||
		    !strncmp(r.ret, "? ERESTART", 10))
			continue;
		t->r = realloc(t->r, (size_t)(t->n + 1) * sizeof(*t->r));
		CHECK(t->r != NULL);
		t->r[t->n++] = r;
	}
	free(line);
	fclose(f);
	/*
	 * Name processes by the fork tree.  A child can print before its
	 * parent's clone returns, so edges are collected first; a parent's
	 * children are numbered in the order of its own clone results.
	 */
	{
		int (*edge)[2] = calloc((size_t)t->n + 1, sizeof(*edge));
		int ne = 0, changed = 1, i, root = -1;

		CHECK(edge != NULL);
		for (i = 0; i < t->n; i++)
			if ((!strcmp(t->r[i].name, "clone") ||
			     !strcmp(t->r[i].name, "clone3") ||
			     !strcmp(t->r[i].name, "fork") ||
			     !strcmp(t->r[i].name, "vfork")) &&
			    isdigit((unsigned char)t->r[i].ret[0])) {
				edge[ne][0] = t->r[i].pid;
				edge[ne][1] = atoi(t->r[i].ret);
				ne++;
			}
		for (i = 0; i < t->n && root < 0; i++) {
			int k, child = 0;

			for (k = 0; k < ne; k++)
				child |= edge[k][1] == t->r[i].pid;
			if (!child)
				root = t->r[i].pid;
		}
		if (root >= 0)
			tf_add_label(t, root, "P");
		while (changed) {
			changed = 0;
			for (i = 0; i < ne; i++) {
				int l = tf_label(t, edge[i][0]);
				char c[64];

				if (l < 0 || tf_label(t, edge[i][1]) >= 0)
					continue;
				snprintf(c, sizeof(c), "%.40s.%d", t->label[l],
					 ++kids[l] % 10000);
				tf_add_label(t, edge[i][1], c);
				changed = 1;
			}
		}
		for (i = 0; i < t->n; i++)
			if (tf_label(t, t->r[i].pid) < 0) {
				char u[48];

				snprintf(u, sizeof(u), "unknown-%d",
					 t->npids % 10000);
				tf_add_label(t, t->r[i].pid, u);
			}
		free(edge);
	}
}

/* The normalised "name ret" of record i. */
static void tf_norm(const struct tf_trace *t, int i, char *buf, size_t len)
{
	const struct tf_rec *r = &t->r[i];
	const char *ret = r->ret;
	int l;

	if (!strncmp(ret, "0x", 2))
		ret = "ADDR";
	else if (!strcmp(r->name, "getppid") && tf_label(t, r->pid) == 0)
		ret = "TRACER";
	else if (isdigit((unsigned char)ret[0]) &&
		 (l = tf_label(t, atoi(ret))) >= 0 && atoi(ret) > 1)
		ret = t->label[l];
	snprintf(buf, len, "%s %s", r->name, ret);
}

/* 0 when every process made the same calls with the same results. */
static int tf_compare(struct tf_trace *a, struct tf_trace *b)
{
	char x[160], y[160];
	int l, i, j, k, bad = 0;

	for (l = 0; l < a->npids || l < b->npids; l++) {
		const char *name = l < a->npids ? a->label[l] : b->label[l];
		int pa = -1, pb = -1;

		for (k = 0; k < a->npids; k++)
			if (!strcmp(a->label[k], name))
				pa = a->pids[k];
		for (k = 0; k < b->npids; k++)
			if (!strcmp(b->label[k], name))
				pb = b->pids[k];
		if (pa < 0 || pb < 0) {
			fprintf(stderr, "process %s only in %s\n", name,
				pa < 0 ? "sysgate" : "strace");
			bad = 1;
			continue;
		}
		i = j = 0;
		for (;;) {
			while (i < a->n && a->r[i].pid != pa)
				i++;
			while (j < b->n && b->r[j].pid != pb)
				j++;
			if (i == a->n || j == b->n)
				break;
			tf_norm(a, i, x, sizeof(x));
			tf_norm(b, j, y, sizeof(y));
			if (strcmp(x, y)) {
				fprintf(stderr, "process %s: strace '%s', "
					"sysgate '%s'\n", name, x, y);
				bad = 1;
				break;
			}
			i++;
			j++;
		}
		if (!bad && (i < a->n) != (j < b->n)) {
			fprintf(stderr, "process %s: %s has more calls\n",
				name, i < a->n ? "strace" : "sysgate");
			bad = 1;
		}
	}
	return bad;
}

/* Compare argv run under both tracers in dir (NULL: here); asserts. */
/*
 * before (may be NULL) runs ahead of every traced run, to put back what
 * the previous run left behind (an output file changes the next run's
 * calls: stat finds it, readlink fails differently).
 */
static void tf_check_with(char *const argv[], const char *dir,
			  void (*before)(const char *dir))
{
	char tmp[] = "/tmp/sg-fidelity-XXXXXX", a[300], b[300];
	char *sargv[64], *gargv[64];
	struct tf_trace ta, tb;
	int n, i, attempt, bad = 1;

	if (access("/usr/bin/strace", X_OK))
		t_skip("strace is not installed");
	CHECK(mkdtemp(tmp) != NULL);
	snprintf(a, sizeof(a), "%s/strace.out", tmp);
	snprintf(b, sizeof(b), "%s/sysgate.out", tmp);
	for (n = 0; argv[n]; n++)
		;
	CHECK(n < 56);
	i = 0;
	sargv[i++] = "/usr/bin/strace";
	sargv[i++] = "-f";
	sargv[i++] = "-q";
	sargv[i++] = "-o";
	sargv[i++] = a;
	sargv[i++] = "--";
	memcpy(sargv + i, argv, (size_t)(n + 1) * sizeof(char *));
	i = 0;
	gargv[i++] = (char *)t_build_path("sysgate");
	gargv[i++] = "trace";
	gargv[i++] = "-f";
	gargv[i++] = "-o";
	gargv[i++] = b;
	gargv[i++] = "--";
	memcpy(gargv + i, argv, (size_t)(n + 1) * sizeof(char *));
	for (attempt = 0; attempt < 3 && bad; attempt++) {
		int sa, sb;

		if (before)
			before(dir);
		sa = tf_run(sargv, dir);
		if (before)
			before(dir);
		sb = tf_run(gargv, dir);

		CHECK_EQ(sb, sa);	/* same exit status */
		tf_parse(a, &ta);
		tf_parse(b, &tb);
		CHECK(ta.n > 0);
		bad = tf_compare(&ta, &tb);
		printf("attempt %d: %d strace records, %d sysgate records, "
		       "%d processes: %s\n", attempt + 1, ta.n, tb.n,
		       ta.npids, bad ? "differ" : "same");
		free(ta.r);
		free(tb.r);
	}
	unlink(a);
	unlink(b);
	rmdir(tmp);
	CHECK(!bad);
}

static inline void tf_check(char *const argv[], const char *dir)
{
	tf_check_with(argv, dir, NULL);
}

#endif

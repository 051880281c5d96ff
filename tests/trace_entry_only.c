/* SPDX-License-Identifier: MIT */
/*
 * Entry-only interception (unotify: no exit phase) prints each call's
 * line complete at its entry: parentheses, braces and brackets balanced,
 * arguments the kernel would write shown as raw values, ending " = ?",
 * never " <unfinished ...>" inside it (each line is whole, so no other
 * process can interrupt one).  And sysemu, whose re-issued calls now
 * have a real exit, shows the same names and results as ptrace for
 * `cat /etc/hostname`.
 */
#include <ctype.h>
#include <stdlib.h>

#include "trace_cli.h"

static char eo_a[1 << 20], eo_b[1 << 20];

/* 1 when ()[]{} balance outside "..." strings in line [s, e). */
static int eo_balanced(const char *s, const char *e)
{
	int depth = 0, inq = 0;

	for (; s < e; s++) {
		if (inq) {
			if (*s == '\\' && s + 1 < e)
				s++;
			else if (*s == '"')
				inq = 0;
			continue;
		}
		if (*s == '"')
			inq = 1;
		else if (*s == '(' || *s == '[' || *s == '{')
			depth++;
		else if (*s == ')' || *s == ']' || *s == '}')
			if (--depth < 0)
				return 0;
	}
	return depth == 0 && !inq;
}

/* Past the "PID " (-f -o) or "[pid N] " prefix of a line. */
static const char *eo_strip(const char *s, const char *e)
{
	if (!strncmp(s, "[pid", 4)) {
		const char *p = memchr(s, ']', (size_t)(e - s));

		if (p)
			s = p + 1;
	}
	while (s < e && (isdigit((unsigned char)*s) || *s == ' '))
		s++;
	return s;
}

/* Check every line of an unotify trace; returns the number of calls. */
static int eo_check_unotify(const char *text)
{
	const char *s = text, *e;
	int calls = 0;

	for (; *s; s = *e ? e + 1 : e) {
		size_t n;

		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		n = (size_t)(e - s);
		if (!n)
			continue;
		s = eo_strip(s, e);
		n = (size_t)(e - s);
		if (!strncmp(s, "+++ ", 4) || !strncmp(s, "--- ", 4))
			continue;
		calls++;
		if (!eo_balanced(s, e) || n < 4 ||
		    strncmp(e - 4, " = ?", 4) ||
		    memmem(s, n, "<unfinished", 11) ||
		    memmem(s, n, "resumed>", 8))
			fprintf(stderr, "bad line: %.*s\n", (int)n, s);
		CHECK(eo_balanced(s, e));
		CHECK(n >= 4 && !strncmp(e - 4, " = ?", 4));
		CHECK(!memmem(s, n, "<unfinished", 11));
		CHECK(!memmem(s, n, "resumed>", 8));
	}
	return calls;
}

/*
 * "name ret" per call line, one per line, addresses made "ADDR" (ASLR);
 * returns how many.
 */
static int eo_name_ret(const char *text, char *out, size_t len)
{
	const char *s = text, *e;
	size_t o = 0;
	int calls = 0;

	out[0] = 0;
	for (; *s; s = *e ? e + 1 : e) {
		const char *paren, *eq, *r;
		int k;

		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		s = eo_strip(s, e);
		if (e == s || !strncmp(s, "+++ ", 4) || !strncmp(s, "--- ", 4))
			continue;
		paren = memchr(s, '(', (size_t)(e - s));
		CHECK(paren);
		/* the result follows the last " = " of the line */
		for (eq = NULL, r = s; r + 3 <= e; r++)
			if (!strncmp(r, " = ", 3))
				eq = r;
		CHECK(eq);
		r = eq + 3;
		/* addresses (ASLR) and the tid set_tid_address returns */
		if (!strncmp(r, "0x", 2) ||
		    !strncmp(s, "set_tid_address(", 16))
			k = snprintf(out + o, len - o, "%.*s ADDR\n",
				     (int)(paren - s), s);
		else
			k = snprintf(out + o, len - o, "%.*s %.*s\n",
				     (int)(paren - s), s, (int)(e - r), r);
		CHECK(k > 0 && (size_t)k < len - o);
		o += (size_t)k;
		calls++;
	}
	return calls;
}

static int eo_trace(const char *backend, const char *out, char **cmd)
{
	char opt[64], *argv[16];
	int i = 0, st;

	snprintf(opt, sizeof(opt), "--backend=%s", backend);
	argv[i++] = NULL;
	argv[i++] = "trace";
	argv[i++] = "-f";
	argv[i++] = opt;
	argv[i++] = "-o";
	argv[i++] = (char *)out;
	argv[i++] = "--";
	while (*cmd && i < 15)
		argv[i++] = *cmd++;
	argv[i] = NULL;
	st = tc_run(argv);
	if (tc_exit_code(st) != 0 && strstr(tc_err, "backend")) {
		printf("backend %s unavailable: %s", backend, tc_err);
		return T_SKIP;
	}
	if (tc_exit_code(st) != 0)
		fprintf(stderr, "%s", tc_err);
	CHECK_EQ(tc_exit_code(st), 0);
	return 0;
}

int main(void)
{
	char path[] = "/tmp/sysgate-entry-only-XXXXXX";
	char *cat[] = { "cat", "/etc/hostname", NULL };
	char *sh[] = { "sh", "-c", "cat /etc/hostname | wc -c; ls / >/dev/null",
		       NULL };
	int fd, rc, skipped = 0, n;

	fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);

	/* unotify: whole lines, several processes */
	rc = eo_trace("unotify", path, sh);
	if (rc == T_SKIP) {
		skipped++;
	} else {
		tc_read_file(path, eo_a, sizeof(eo_a));
		n = eo_check_unotify(eo_a);
		CHECK(n > 50);
		/* read's buffer is never read: its address, and the count */
		CHECK(strstr(eo_a, "read(3, 0x"));
		CHECK(strstr(eo_a, "newfstatat(3, \"\", 0x"));
	}

	/* unotify --json: the outputs as numbers, the result null */
	if (rc != T_SKIP) {
		char *argv[] = { NULL, "trace", "--backend=unotify", "--json",
				 "-o", path, "--", "cat", "/etc/hostname",
				 NULL };
		const char *r, *end;
		int commas = 0;

		CHECK_EQ(tc_exit_code(tc_run(argv)), 0);
		tc_read_file(path, eo_a, sizeof(eo_a));
		CHECK(!strstr(eo_a, "\"ret\":-") && strstr(eo_a, "\"ret\":null"));
		r = strstr(eo_a, "\"name\":\"read\",\"nr\":0,\"args\":[3,");
		CHECK(r);
		end = strchr(r, ']');
		CHECK(end);
		for (; r < end; r++)
			commas += *r == ',';
		CHECK_EQ(commas, 2 + 2);	/* name,nr, then fd,buf,count */
	}

	/* sysemu: the same names and results as ptrace */
	rc = eo_trace("ptrace", path, cat);
	CHECK_EQ(rc, 0);
	tc_read_file(path, eo_b, sizeof(eo_b));
	n = eo_name_ret(eo_b, tc_out, sizeof(tc_out));
	CHECK(n > 20);
	memcpy(eo_b, tc_out, strlen(tc_out) + 1);
	rc = eo_trace("sysemu", path, cat);
	if (rc == T_SKIP) {
		skipped++;
	} else {
		tc_read_file(path, eo_a, sizeof(eo_a));
		CHECK_EQ(eo_name_ret(eo_a, tc_out, sizeof(tc_out)), n);
		if (strcmp(tc_out, eo_b))
			fprintf(stderr, "sysemu:\n%s\nptrace:\n%s\n", tc_out,
				eo_b);
		CHECK_STR(tc_out, eo_b);
		/* real results, not "?" (exit_group is the only one) */
		CHECK(!strstr(tc_out, "read ?"));
		CHECK(strstr(tc_out, "execve 0\n"));
	}
	unlink(path);
	if (skipped == 2)
		t_skip("neither unotify nor sysemu available");
	return 0;
}

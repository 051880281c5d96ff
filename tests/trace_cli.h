/* SPDX-License-Identifier: MIT */
/* Run build/sysgate with captured stdout/stderr (tests of the CLI). */
#ifndef SG_TEST_TRACE_CLI_H
#define SG_TEST_TRACE_CLI_H

#include <ctype.h>
#include <fcntl.h>
#include <sys/mman.h>

#include "test.h"

static __attribute__((unused)) char tc_out[1 << 20], tc_err[1 << 16];

static __attribute__((unused)) void tc_slurp(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);

	buf[n > 0 ? n : 0] = 0;
	close(fd);
}

/*
 * Run argv (argv[0] NULL: build/sysgate) with stdin /dev/null; returns
 * the wait status, output in tc_out/tc_err.
 */
static __attribute__((unused)) int tc_run(char **argv)
{
	int o = memfd_create("out", MFD_CLOEXEC);
	int e = memfd_create("err", MFD_CLOEXEC);
	int st;
	pid_t p;

	CHECK(o >= 0 && e >= 0);
	if (!argv[0])
		argv[0] = (char *)t_build_path("sysgate");
	fflush(NULL);
	p = fork();
	CHECK(p >= 0);
	if (!p) {
		int n = open("/dev/null", O_RDONLY);

		dup2(n, 0);
		dup2(o, 1);
		dup2(e, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	CHECK(waitpid(p, &st, 0) == p);
	tc_slurp(o, tc_out, sizeof(tc_out));
	tc_slurp(e, tc_err, sizeof(tc_err));
	return st;
}

static __attribute__((unused)) int tc_exit_code(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Read a whole file into buf (NUL-terminated); returns its length. */
static __attribute__((unused)) size_t tc_read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n, got = 0;

	CHECK(fd >= 0);
	while ((n = read(fd, buf + got, len - 1 - (size_t)got)) > 0)
		got += n;
	close(fd);
	buf[got] = 0;
	return (size_t)got;
}

/* ---- comparing with strace itself (tests/trace_opt_*) ---- */

#define TC_STRACE "/usr/bin/strace"

/*
 * Normalise trace text so that runs of sysgate and strace compare: every
 * number (pids, results, addresses, time stamps: a run starting with a
 * digit, with the hex digits after it, or 0x...) becomes "N"; escapes in
 * strings (\x61, \n, \177) are kept as they are.  drop_siginfo: the
 * {...} of "--- SIG ---" lines becomes {} (an injected signal is
 * SI_TKILL from sysgate, SI_KERNEL from strace).  Returns malloc'ed text.
 */
static __attribute__((unused)) char *tc_norm(const char *text, int drop_siginfo)
{
	char *in = strdup(text), *out, *w, *p;
	size_t len, i = 0;

	CHECK(in != NULL);
	for (p = in; drop_siginfo && (p = strstr(p, "--- SIG")); p++) {
		char *open = strchr(p, '{'), *close = strstr(p, "} ---");
		char *nl = strchr(p, '\n');

		if (open && close && open < close && (!nl || close < nl))
			memmove(open + 1, close, strlen(close) + 1);
	}
	len = strlen(in);
	out = w = malloc(len + 1);
	CHECK(out != NULL);
	while (i < len) {
		char c = in[i];

		if (c == '\\' && i + 1 < len) {
			*w++ = in[i++];
			if (in[i] == 'x' && i + 2 < len) {
				memcpy(w, in + i, 3);
				w += 3;
				i += 3;
				continue;
			}
			if (!isdigit((unsigned char)in[i])) {
				*w++ = in[i++];
				continue;
			}
			while (i < len && isdigit((unsigned char)in[i]))
				*w++ = in[i++];
			continue;
		}
		if (c == '0' && i + 1 < len && in[i + 1] == 'x') {
			*w++ = 'N';
			i += 2;
			while (i < len && isxdigit((unsigned char)in[i]))
				i++;
			continue;
		}
		if (isdigit((unsigned char)c)) {
			*w++ = 'N';
			while (i < len && (isdigit((unsigned char)in[i]) ||
					   (in[i] >= 'a' && in[i] <= 'f')))
				i++;
			continue;
		}
		*w++ = c;
		i++;
	}
	*w = 0;
	free(in);
	return out;
}

/* Drop lines holding needle (e.g. strace's own "strace: ..." notes). */
static __attribute__((unused)) void tc_drop_lines(char *s, const char *needle)
{
	char *r = s, *w = s;

	while (*r) {
		char *nl = strchr(r, '\n');
		size_t n = nl ? (size_t)(nl - r) + 1 : strlen(r);

		if (!memmem(r, n, needle, strlen(needle))) {
			memmove(w, r, n);
			w += n;
		}
		r += n;
	}
	*w = 0;
}

/*
 * Run `sysgate trace OPTS CMD` and `strace OPTS CMD`; their stderr,
 * normalised, without the tools' own notes ("strace: ...", "sysgate
 * trace: ..."), in *sg and *st (malloc'ed).  Returns sysgate's exit code
 * (strace's must be the same).  Skips the test when strace is missing.
 */
static __attribute__((unused)) int tc_both(char **opts, char **cmd, char **sg,
					   char **st, int drop_siginfo)
{
	char *a[64], *b[64];
	int n = 0, m = 0, i, rc;

	if (access(TC_STRACE, X_OK))
		t_skip("strace is not installed");
	a[n++] = NULL;
	a[n++] = "trace";
	b[m++] = TC_STRACE;
	for (i = 0; opts[i]; i++)
		a[n++] = b[m++] = opts[i];
	for (i = 0; cmd[i]; i++)
		a[n++] = b[m++] = cmd[i];
	a[n] = b[m] = NULL;
	rc = tc_exit_code(tc_run(a));
	*sg = tc_norm(tc_err, drop_siginfo);
	tc_drop_lines(*sg, "sysgate trace: ");
	CHECK_EQ(tc_exit_code(tc_run(b)), rc);
	*st = tc_norm(tc_err, drop_siginfo);
	tc_drop_lines(*st, "strace: ");
	return rc;
}

/* Both traces the same, or print them and fail. */
static __attribute__((unused)) void tc_same(const char *sg, const char *st)
{
	if (strcmp(sg, st))
		fprintf(stderr, "sysgate trace (normalised):\n%s\n"
			"strace (normalised):\n%s\n", sg, st);
	CHECK_STR(sg, st);
}

/* Lines of text that contain needle. */
static __attribute__((unused)) int tc_count(const char *text,
					    const char *needle)
{
	const char *p;
	int n = 0;

	for (p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

#endif

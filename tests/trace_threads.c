/* SPDX-License-Identifier: MIT */
/*
 * -f on a multi-threaded program: every thread's calls are all there,
 * with the right results, and interleaving is shown the strace way: a
 * line cut by another thread ends in " <unfinished ...>" and its thread's
 * next line is the matching "<... NAME resumed>".
 */
#include <ctype.h>

#include "trace_cli.h"

static char buf[1 << 22];

struct tid_state {
	int tid;
	int getppid_ok;
	char open[40];	/* name of the unfinished call, "" if none */
};

int main(void)
{
	char file[] = "/tmp/sg-threads-XXXXXX";
	char *argv[] = { NULL, "trace", "-f", "-o", file, "--",
			 (char *)t_build_path("tests/targets/trace_threads"),
			 NULL };
	struct tid_state st[16];
	int fd = mkstemp(file), nst = 0, i, unfinished = 0, threads = 0;
	char *line, *next;

	CHECK(fd >= 0);
	close(fd);
	memset(st, 0, sizeof(st));
	CHECK_EQ(tc_exit_code(tc_run(argv)), 0);
	tc_read_file(file, buf, sizeof(buf));
	for (line = buf; *line; line = next) {
		struct tid_state *s = NULL;
		char *rest, *end = strchr(line, '\n');
		int tid;

		CHECK(end != NULL);	/* every line complete */
		*end = 0;
		next = end + 1;
		tid = (int)strtol(line, &rest, 10);
		CHECK(tid > 0 && *rest == ' ');
		while (*rest == ' ')
			rest++;
		for (i = 0; i < nst; i++)
			if (st[i].tid == tid)
				s = &st[i];
		if (!s) {
			CHECK(nst < 16);
			s = &st[nst++];
			s->tid = tid;
		}
		if (s->open[0]) {
			char want[64];

			snprintf(want, sizeof(want), "<... %s resumed>", s->open);
			if (strncmp(rest, want, strlen(want)))
				fprintf(stderr, "tid %d: expected %s, got %s\n",
					tid, want, rest);
			CHECK(!strncmp(rest, want, strlen(want)));
			s->open[0] = 0;
			rest += strlen(want);
		}
		if (strstr(rest, " <unfinished ...>")) {
			snprintf(s->open, sizeof(s->open), "%.*s",
				 (int)strcspn(rest, "("), rest);
			unfinished++;
			continue;
		}
		if (!strncmp(rest, "getppid()", 9) ||
		    strstr(line, "<... getppid resumed>)")) {
			/* getppid returns sysgate's pid: a positive number. */
			char *eq = strstr(rest, " = ");

			CHECK(eq && isdigit((unsigned char)eq[3]));
			s->getppid_ok++;
		}
	}
	for (i = 0; i < nst; i++) {
		CHECK(!st[i].open[0]);	/* nothing left unfinished */
		if (st[i].getppid_ok == 200)
			threads++;
	}
	printf("%d threads with 200 getppid lines, %d unfinished lines\n",
	       threads, unfinished);
	CHECK_EQ(threads, 4);
	unlink(file);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * -ff -o FILE: one file per thread, FILE.TID, lines without a pid
 * prefix: 4 worker threads with their 200 getppid calls each and the
 * leader with exit_group, the same set of files strace -ff writes.
 */
#include <dirent.h>

#include "trace_cli.h"

static char buf[1 << 20];

/* Files dir/base.N: their count; line counts sorted into lines[]. */
static int scan(const char *dir, const char *base, int *lines, int max,
		int check_content)
{
	char path[600];
	struct dirent *de;
	DIR *d = opendir(dir);
	size_t bl = strlen(base);
	int n = 0, i, j;

	CHECK(d != NULL);
	while ((de = readdir(d))) {
		char *end;
		long tid;

		if (strncmp(de->d_name, base, bl) || de->d_name[bl] != '.')
			continue;
		tid = strtol(de->d_name + bl + 1, &end, 10);
		CHECK(*end == 0 && tid > 0);
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		tc_read_file(path, buf, sizeof(buf));
		CHECK(n < max);
		lines[n++] = tc_count(buf, "\n");
		if (check_content) {
			/* No pid prefix: lines start with a name or "+++". */
			CHECK(strstr(buf, "[pid") == NULL);
			CHECK(buf[0] == 'g' || buf[0] == 'e' || buf[0] == '+');
			CHECK(strstr(buf, "+++ exited with 0 +++\n") != NULL);
			if (tc_count(buf, "getppid()") == 0)
				CHECK(strstr(buf, "exit_group(0)") != NULL);
			else
				CHECK_EQ(tc_count(buf, "getppid()"), 200);
		}
		unlink(path);
	}
	closedir(d);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (lines[j] < lines[i]) {
				int x = lines[i];

				lines[i] = lines[j];
				lines[j] = x;
			}
	return n;
}

int main(void)
{
	char dir[] = "/tmp/sg-ff-XXXXXX";
	char sgbase[700], stbase[700];
	int a[16], b[16], na, nb, i;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(sgbase, sizeof(sgbase), "%s/sg", dir);
	snprintf(stbase, sizeof(stbase), "%s/st", dir);
	{
		char *argv[] = { NULL, "trace", "-ff", "-o", sgbase, "-e",
				 "trace=getppid,exit,exit_group",
				 (char *)t_build_path("tests/targets/trace_threads"),
				 NULL };

		CHECK_EQ(tc_exit_code(tc_run(argv)), 0);
		/* Nothing on stderr: it all went to the files. */
		CHECK_STR(tc_err, "");
	}
	na = scan(dir, "sg", a, 16, 1);
	CHECK_EQ(na, 5);
	if (access(TC_STRACE, X_OK) == 0) {
		char *argv[] = { TC_STRACE, "-ff", "-o", stbase, "-e",
				 "trace=getppid,exit,exit_group",
				 (char *)t_build_path("tests/targets/trace_threads"),
				 NULL };

		CHECK_EQ(tc_exit_code(tc_run(argv)), 0);
		nb = scan(dir, "st", b, 16, 1);
		CHECK_EQ(nb, na);
		for (i = 0; i < na; i++)
			CHECK_EQ(a[i], b[i]);
	}
	rmdir(dir);
	return 0;
}

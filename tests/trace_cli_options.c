/* SPDX-License-Identifier: MIT */
/* -t/-tt time prefixes, -T durations, -y fd paths, -s string limit. */
#include <regex.h>

#include "trace_cli.h"

static void match(const char *text, const char *pattern)
{
	regex_t re;

	CHECK_EQ(regcomp(&re, pattern, REG_EXTENDED | REG_NEWLINE | REG_NOSUB),
		 0);
	if (regexec(&re, text, 0, NULL, 0))
		fprintf(stderr, "no line matches /%s/ in:\n%s\n", pattern, text);
	CHECK_EQ(regexec(&re, text, 0, NULL, 0), 0);
	regfree(&re);
}

int main(void)
{
	char *a1[] = { NULL, "trace", "-tt", "-T", "-y", "-s", "4", "-e",
		       "trace=openat,read", "/bin/cat", "/etc/passwd", NULL };
	char *a2[] = { NULL, "trace", "-t", "-e", "trace=close", "/bin/true",
		       NULL };
	char *a3[] = { NULL, "trace", "-s", "x", "/bin/true", NULL };

	CHECK_EQ(tc_exit_code(tc_run(a1)), 0);
	match(tc_err, "^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\\.[0-9]{6} "
		      "openat\\(AT_FDCWD, \"/etc/passwd\", O_RDONLY\\) += "
		      "3</etc/passwd> <[0-9]+\\.[0-9]{6}>$");
	match(tc_err, "^[0-9:.]{15} read\\(3</etc/passwd>, \"root\"\\.\\.\\., "
		      "[0-9]+\\) += [0-9]+ <[0-9]+\\.[0-9]{6}>$");
	match(tc_err, "^[0-9:.]{15} \\+\\+\\+ exited with 0 \\+\\+\\+$");
	CHECK(strstr(tc_err, "close(") == NULL);

	CHECK_EQ(tc_exit_code(tc_run(a2)), 0);
	match(tc_err, "^[0-2][0-9]:[0-5][0-9]:[0-6][0-9] close\\([0-9]+\\) += 0$");

	CHECK_EQ(tc_exit_code(tc_run(a3)), 2);
	CHECK(strstr(tc_err, "invalid -s argument: 'x'") != NULL);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * sysgate - command-line front end.  Thin: option parsing and output on
 * top of the public API (include/sysgate.h) only.
 */
#include <stdio.h>
#include <string.h>

#include "sysgate.h"
#include "tools/commands.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
} commands[] = {
	{ "call", cmd_call, "run system calls inside a process" },
	{ "trace", cmd_trace, "trace, filter and fault-inject a program's system calls" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: sysgate COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].what);
	fprintf(f, "\n'sysgate COMMAND --help' for a command's options; "
		   "man sysgate(1).\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("sysgate %s\n", sysgate_version());
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "sysgate: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}

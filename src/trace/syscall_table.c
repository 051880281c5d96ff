/* SPDX-License-Identifier: MIT */
/*
 * Syscall number <-> name <-> strace class.  The table is generated at
 * build time from the installed kernel headers; numbers the headers do not
 * know print as "syscall_NNN" and parse back the same way.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysgate.h"
#include "trace/syscall_table.h"
#include "gen_syscalls.h"	/* generated: build/gen */

long sysgate_syscall_count(void)
{
	return SG_SYSCALL_COUNT;
}

const char *sysgate_syscall_name(long nr)
{
	if (nr < 0 || nr >= SG_SYSCALL_COUNT)
		return NULL;
	return sg_syscall_table[nr].name;
}

const char *sg_syscall_name_buf(long nr, char *buf, unsigned long len)
{
	const char *n = sysgate_syscall_name(nr);

	if (n)
		return n;
	snprintf(buf, len, "syscall_%ld", nr);
	return buf;
}

/* sg_syscall_by_name (generated): the numbers in strcmp order of names. */
static int sg_by_name_find(const void *key, const void *ent)
{
	return strcmp(key, sg_syscall_table[*(const short *)ent].name);
}

long sysgate_syscall_lookup(const char *name)
{
	long nr;

	if (!name)
		return -ENOENT;
	if (!strncmp(name, "syscall_", 8) && name[8] >= '0' && name[8] <= '9') {
		char *end;

		nr = strtol(name + 8, &end, 10);
		if (*end || nr < 0 || nr > 0xfffff)
			return -ENOENT;
		return nr;
	}
	{
		const short *hit = bsearch(name, sg_syscall_by_name,
					   sizeof(sg_syscall_by_name) /
						   sizeof(sg_syscall_by_name[0]),
					   sizeof(sg_syscall_by_name[0]),
					   sg_by_name_find);

		return hit ? *hit : -ENOENT;
	}
}

unsigned int sysgate_syscall_classes(long nr)
{
	if (nr < 0 || nr >= SG_SYSCALL_COUNT)
		return 0;
	return sg_syscall_table[nr].classes;
}

static const struct {
	const char *name;
	unsigned int bit;
} sg_classes[] = {
	{ "file", SYSGATE_CLASS_FILE },       { "network", SYSGATE_CLASS_NETWORK },
	{ "net", SYSGATE_CLASS_NETWORK },     { "process", SYSGATE_CLASS_PROCESS },
	{ "memory", SYSGATE_CLASS_MEMORY },   { "signal", SYSGATE_CLASS_SIGNAL },
	{ "ipc", SYSGATE_CLASS_IPC },         { "desc", SYSGATE_CLASS_DESC },
	{ "creds", SYSGATE_CLASS_CREDS },     { "clock", SYSGATE_CLASS_CLOCK },
};

unsigned int sysgate_class_lookup(const char *name)
{
	size_t i;

	if (!name)
		return 0;
	if (*name == '%')
		name++;
	for (i = 0; i < sizeof(sg_classes) / sizeof(sg_classes[0]); i++)
		if (!strcmp(sg_classes[i].name, name))
			return sg_classes[i].bit;
	return 0;
}

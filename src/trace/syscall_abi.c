/* SPDX-License-Identifier: MIT */
/*
 * Names of the calls of the other ABIs a 64-bit process can enter the
 * kernel with (i386 through int 0x80, x32 with bit 30 of the number set),
 * generated at build time from the installed kernel headers, and the
 * x86_64 number of the same-named call, so a filter or decoder written
 * in x86_64 terms can find its way.
 */
#include <errno.h>
#include <stddef.h>

#include "sysgate.h"
#include "gen_syscalls_abi.h"	/* generated: build/gen */

#define SG_X32_BIT 0x40000000L
#define SG_N(a) ((long)(sizeof(a) / sizeof((a)[0])))

const char *sysgate_syscall_abi_name(unsigned int abi, long nr)
{
	switch (abi) {
	case SYSGATE_ABI_X86_64:
		return sysgate_syscall_name(nr);
	case SYSGATE_ABI_I386:
		return nr >= 0 && nr < SG_N(sg_syscall_names_i386) ?
			       sg_syscall_names_i386[nr] : NULL;
	case SYSGATE_ABI_X32:
		nr &= ~SG_X32_BIT;
		return nr >= 0 && nr < SG_N(sg_syscall_names_x32) ?
			       sg_syscall_names_x32[nr] : NULL;
	default:
		return NULL;
	}
}

long sysgate_syscall_abi_to_x86_64(unsigned int abi, long nr)
{
	const char *name = sysgate_syscall_abi_name(abi, nr);
	long n;

	if (!name)
		return -ENOENT;
	n = sysgate_syscall_lookup(name);
	return n < 0 ? -ENOENT : n;
}

/* SPDX-License-Identifier: MIT */
/* Internal view of the generated syscall table (build/gen/syscall_table.h). */
#ifndef SG_TRACE_SYSCALL_TABLE_H
#define SG_TRACE_SYSCALL_TABLE_H

struct sg_syscall_ent {
	const char *name;	/* NULL: no syscall with this number */
	unsigned int classes;	/* SYSGATE_CLASS_* */
};

/* Name of nr or "syscall_NNN" written into buf (>= 24 bytes). */
const char *sg_syscall_name_buf(long nr, char *buf, unsigned long len);

#endif

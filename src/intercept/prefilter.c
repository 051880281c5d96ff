/* SPDX-License-Identifier: MIT */
/*
 * The seccomp prefilter: SECCOMP_RET_TRACE (ptrace backend) or
 * SECCOMP_RET_USER_NOTIF (unotify backend) for the syscalls the handler
 * asked for, ALLOW for the rest, so unwanted calls never leave the
 * kernel's fast path.  execve and execveat are always in the set: the
 * supervisor must see every image change.
 *
 * The program is built with libseccomp in the supervisor before fork (it
 * allocates) and installed in the child between fork and execve, where
 * only async-signal-safe calls are allowed.  Constant actions without
 * argument checks keep the kernel's per-nr action cache usable.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "intercept/icp.h"

/*
 * Every call wanted, of every ABI: no per-nr rules at all (libseccomp
 * would emit one per syscall, and non-ALLOW results are not in the
 * kernel's action cache, so each call would run them).
 */
static int icp_prefilter_all(uint32_t act, void **prog_out)
{
	static const struct sock_filter insns[] = {
		BPF_STMT(BPF_RET | BPF_K, 0),	/* act, patched below */
	};
	size_t n = sizeof(insns) / sizeof(insns[0]);
	struct sock_fprog *prog = malloc(sizeof(*prog) + sizeof(insns));

	if (!prog)
		return -ENOMEM;
	prog->len = (unsigned short)n;
	prog->filter = (struct sock_filter *)(prog + 1);
	memcpy(prog->filter, insns, sizeof(insns));
	prog->filter[n - 1].k = act;
	*prog_out = prog;
	return 0;
}

int icp_prefilter_build(const struct sysgate_intercept *s, int kind,
			void **prog_out)
{
	uint32_t act = kind == ICP_PF_NOTIFY ? SCMP_ACT_NOTIFY : SCMP_ACT_TRACE(0);
	struct sock_fprog *prog = NULL;
	scmp_filter_ctx ctx;
	long nr, max = sysgate_syscall_count();
	int fd = -1, rc;
	off_t size;

	for (nr = 0; nr < max && icp_wants(s, nr); nr++)
		;
	if (nr == max)
		return icp_prefilter_all(kind == ICP_PF_NOTIFY ?
					 SECCOMP_RET_USER_NOTIF :
					 SECCOMP_RET_TRACE, prog_out);
	if (max < 512)
		max = 512;
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return -ENOMEM;
	/* Best effort: a balanced tree instead of a linear scan. */
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	/* The supervisor needs no_new_privs only when it lacks CAP_SYS_ADMIN. */
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	/*
	 * int 0x80 (i386) and x32 calls always stop: the wanted set is in
	 * x86_64 numbers, and letting them run would let a tracee slip any
	 * call past the handler by changing ABI (libseccomp's default would
	 * kill it instead).
	 */
	seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, act);
	for (nr = 0; nr < max; nr++) {
		if (!icp_wants(s, nr))
			continue;
		rc = seccomp_rule_add(ctx, act, (int)nr, 0);
		/* Numbers libseccomp does not know on this arch: skip. */
		if (rc < 0 && rc != -EDOM && rc != -EINVAL)
			goto out;
	}
	rc = seccomp_rule_add(ctx, act, SCMP_SYS(execve), 0);
	if (rc < 0 && rc != -EEXIST)
		goto out;
	rc = seccomp_rule_add(ctx, act, SCMP_SYS(execveat), 0);
	if (rc < 0 && rc != -EEXIST)
		goto out;

	fd = memfd_create("sysgate-bpf", MFD_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0)
		goto out;
	size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % sizeof(struct sock_filter)) {
		rc = -EINVAL;
		goto out;
	}
	prog = malloc(sizeof(*prog) + (size_t)size);
	if (!prog) {
		rc = -ENOMEM;
		goto out;
	}
	prog->len = (unsigned short)(size / sizeof(struct sock_filter));
	prog->filter = (struct sock_filter *)(prog + 1);
	if (pread(fd, prog->filter, (size_t)size, 0) != size) {
		rc = -EIO;
		goto out;
	}
	*prog_out = prog;
	prog = NULL;
	rc = 0;
out:
	free(prog);
	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	return rc;
}

void icp_prefilter_free(void *prog)
{
	free(prog);
}

/*
 * Async-signal-safe (runs between fork and execve).  Without
 * CAP_SYS_ADMIN the kernel requires no_new_privs; it is only set then,
 * so a privileged supervisor leaves setuid semantics of the tracee alone.
 */
int icp_prefilter_install(const void *prog, unsigned int flags)
{
	long rc;

	rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, prog);
	if (rc < 0 && errno == EACCES) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			return -errno;
		rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, prog);
	}
	return rc < 0 ? -errno : (int)rc;
}

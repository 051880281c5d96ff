/* SPDX-License-Identifier: MIT */
/*
 * remote_futex_denier MODE: a target that refuses, through a seccomp
 * filter of its own (inherited by every thread it makes), what the futex
 * transport's set-up needs, then prints "ready" and waits for stdin to
 * close; exits 0 when its getppid still works then.
 *   noclone   : clone and clone3 fail with EPERM
 *   noseccomp : seccomp and prctl fail with EPERM
 *   none      : no filter (a plain program to attach to)
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int noclone = argc > 1 && !strcmp(argv[1], "noclone");
	unsigned int a = noclone ? SYS_clone : SYS_seccomp;
	unsigned int b = noclone ? SYS_clone3 : SYS_prctl;
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, a, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, b, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
	char c;

	if (argc > 1 && strcmp(argv[1], "none") &&
	    (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))) {
		printf("cannot filter: %s\n", strerror(errno));
		return 2;
	}
	printf("ready\n");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return syscall(SYS_getppid) > 0 ? 0 : 1;
}

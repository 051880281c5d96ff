/* SPDX-License-Identifier: MIT */
/*
 * A program built only from what `make install` put in DESTDIR (header,
 * library, sysgate.pc), the way a user builds against libsysgate: one
 * remote call, one coalesced batch, one emulated call.
 */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <sysgate.h>

static int on_call(struct sysgate_call *c, void *ctx)
{
	if (c->phase == SYSGATE_PHASE_ENTRY && c->nr == SYS_getppid) {
		c->ret = 4242;
		return SYSGATE_ACT_RETURN;
	}
	return SYSGATE_ACT_CONTINUE;
}

int main(void)
{
	char *sleeper[] = { "sleep", "5", NULL };
	char *shell[] = { "sh", "-c", "test $PPID = 4242", NULL };
	struct sysgate_intercept_opts o = { .sz = sizeof(o), .on_call = on_call };
	struct sysgate_batch_result res;
	struct sysgate_intercept *s;
	struct sysgate_batch *b;
	struct sysgate_proc *p;
	unsigned long a = 0x200000000000UL;
	int i, status;
	pid_t pid;

	if (sysgate_proc_spawn(sleeper, NULL, 0, &p) ||
	    sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0) != getpid())
		return 1;
	if (sysgate_batch_new(p, &b))
		return 2;
	for (i = 0; i < 4; i++)
		if (sysgate_batch_mmap(b, a + i * 4096ul, 4096, PROT_READ,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
				       -1, 0) != 0)
			return 3;
	if (sysgate_batch_flush(b, &res) || res.ran != 1 || res.failed != -1)
		return 4;
	sysgate_batch_free(b);
	sysgate_proc_free(p);

	if (sysgate_intercept_new(&o, &s) ||
	    sysgate_intercept_spawn(s, shell, NULL, &pid) ||
	    sysgate_intercept_run(s, &status) || status != 0)
		return 5;
	sysgate_intercept_free(s);
	printf("installed libsysgate %s works\n", sysgate_version());
	return 0;
}

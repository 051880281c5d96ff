/* SPDX-License-Identifier: MIT */
/*
 * sysgate_proc_call runs a function inside a live program, as an agent's
 * entry point would be run: code is mapped into the running ticker
 * (mmap, write, mprotect through the engine), then on each transport:
 *  - add(40, 2) returns 42 and a function making a syscall (getppid)
 *    returns the supervisor's pid;
 *  - the stack is 16-byte aligned as after a call (movaps to the stack
 *    would fault otherwise);
 *  - a function that reads address 0 gives -EFAULT, and the program
 *    lives on (the SIGSEGV is not delivered);
 *  - a function that never returns is abandoned by a 200 ms timeout
 *    (-ETIMEDOUT), and the next call works;
 *  - bad arguments: -EINVAL.
 * After detach the ticker finishes all its ticks with its own state
 * checks intact (stack below its red zone was used, nothing else).
 */
#include <sys/mman.h>
#include <time.h>

#include "remote_util.h"

static const unsigned char code[] = {
	/* 0x00 add: lea (%rdi,%rsi),%rax; ret */
	0x48, 0x8d, 0x04, 0x37, 0xc3,
	/* 0x05 ppid: mov $110,%eax; syscall; ret */
	0xb8, 0x6e, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xc3,
	/* 0x0d align: sub $24,%rsp; movaps %xmm0,(%rsp); add $24,%rsp;
	 * xor %eax,%eax; ret */
	0x48, 0x83, 0xec, 0x18, 0x0f, 0x29, 0x04, 0x24, 0x48, 0x83, 0xc4,
	0x18, 0x31, 0xc0, 0xc3,
	/* 0x1c crash: mov 0,%rax; ret */
	0x48, 0x8b, 0x04, 0x25, 0x00, 0x00, 0x00, 0x00, 0xc3,
	/* 0x25 hang: jmp . */
	0xeb, 0xfe,
};
enum { F_ADD = 0x00, F_PPID = 0x05, F_ALIGN = 0x0d, F_CRASH = 0x1c,
       F_HANG = 0x25 };

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void run(const char *mode, enum sysgate_transport t)
{
	unsigned long args[6] = { 40, 2 }, ret = 0;
	struct sysgate_proc *p;
	char line[128];
	int st, next = 0, tick;
	long addr;
	double t0;
	FILE *out;
	pid_t pid = rt_start_ticker(mode, 30, &out);

	for (; next < 3; next++) {
		CHECK(fgets(line, sizeof(line), out) != NULL);
		CHECK_EQ(sscanf(line, "tick %d", &tick), 1);
	}
	CHECK_EQ(sysgate_proc_attach(pid, 0, &p), 0);
	if (rt_use(p, t)) {
		addr = sysgate_remote_syscall(p, SYS_mmap, 0, 4096,
					      PROT_READ | PROT_WRITE,
					      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(addr > 0);
		CHECK_EQ(sysgate_mem_write(pid, (unsigned long)addr, code,
					   sizeof(code)), (long)sizeof(code));
		CHECK_EQ(sysgate_remote_syscall(p, SYS_mprotect, addr, 4096,
						PROT_READ | PROT_EXEC, 0, 0, 0), 0);

		CHECK_EQ(sysgate_proc_call(p, addr + F_ADD, args, &ret), 0);
		CHECK_EQ(ret, 42);
		CHECK_EQ(sysgate_proc_call(p, addr + F_PPID, NULL, &ret), 0);
		CHECK_EQ((long)ret, (long)getpid());
		ret = 1;
		CHECK_EQ(sysgate_proc_call(p, addr + F_ALIGN, NULL, &ret), 0);
		CHECK_EQ(ret, 0);

		CHECK_EQ(sysgate_proc_call(p, addr + F_CRASH, NULL, &ret), -EFAULT);
		CHECK(strstr(sysgate_proc_error(p), "signal 11") != NULL);
		CHECK_EQ(sysgate_proc_call(p, addr + F_ADD, args, &ret), 0);
		CHECK_EQ(ret, 42);

		CHECK_EQ(sysgate_proc_set_timeout(p, 200), 0);
		t0 = now_s();
		CHECK_EQ(sysgate_proc_call(p, addr + F_HANG, NULL, &ret), -ETIMEDOUT);
		CHECK(now_s() - t0 < 3.0);
		CHECK_EQ(sysgate_proc_set_timeout(p, 0), 0);
		CHECK_EQ(sysgate_proc_call(p, addr + F_ADD, args, &ret), 0);
		CHECK_EQ(ret, 42);
		/* syscalls still work after all that */
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getpid, 0, 0, 0, 0, 0, 0), pid);

		CHECK_EQ(sysgate_proc_call(NULL, addr, NULL, &ret), -EINVAL);
		CHECK_EQ(sysgate_proc_call(p, 0, NULL, &ret), -EINVAL);

		CHECK_EQ(sysgate_remote_syscall(p, SYS_munmap, addr, 4096, 0, 0, 0, 0), 0);
		CHECK_EQ(sysgate_proc_detach(p), 0);
	}
	while (fgets(line, sizeof(line), out)) {
		if (!strcmp(line, "done\n"))
			break;
		if (sscanf(line, "tick %d", &tick) != 1) {
			fprintf(stderr, "target said: %s", line);
			exit(1);
		}
		next++;
	}
	CHECK_EQ(next, 30);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	fclose(out);
}

int main(void)
{
	RT_FOR_EACH_TRANSPORT(t) {
		run("sleep", t);
		run("spin", t);
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * ptr.c - ptrace primitives of the remote engine: resume-and-wait with
 * death detection, registers, the vDSO `syscall` used before the stub
 * exists, writes into the child.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "remote/ptr.h"

/*
 * Is p's real parent (task->real_parent, field 4 of /proc/PID/stat, which
 * still reads for a zombie) this process?  -1 when it cannot be told.
 */
int ptr_parent_is_us(const struct sysgate_proc *p)
{
	char path[64], buf[512], *s;
	ssize_t n;
	int fd, ppid;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)p->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	s = strrchr(buf, ')');
	if (!s || sscanf(s + 1, " %*c %d", &ppid) != 1)
		return -1;
	return ppid == (int)getpid();
}

/*
 * An attached process exited: a traced zombie is visible to its tracer
 * only, and the kernel hands it (status intact) to its real parent once
 * the tracer collects the ptrace exit report.  So when the real parent is
 * another process, collect the report, else that parent stays blocked in
 * waitpid until we exit.  When the real parent is us (the caller forked
 * it), collect nothing: the caller's own waitpid gets the status.
 */
static void ptr_release_zombie(struct sysgate_proc *p)
{
	int st;

	if (ptr_parent_is_us(p) == 0)
		while (waitpid(p->tid, &st, __WALL | WNOHANG) < 0 &&
		       errno == EINTR)
			;
}

void ptr_load_call(struct user_regs_struct *r, long nr, const long a[6])
{
	r->rax = nr;
	r->rdi = a[0];
	r->rsi = a[1];
	r->rdx = a[2];
	r->r10 = a[3];
	r->r8 = a[4];
	r->r9 = a[5];
}

pid_t ptr_wait(struct sysgate_proc *p, int *st, int flags)
{
	siginfo_t si;

	if (!p->spawned) {
		/*
		 * Peek first: an attached process may be the caller's own
		 * child, and its exit status is the caller's to reap.
		 */
again:
		si.si_pid = 0;
		if (waitid(P_PID, p->tid, &si, WEXITED | WSTOPPED | __WALL |
			   WNOWAIT | (flags & WNOHANG)) < 0)
			return -1;
		if (si.si_pid == 0)
			return 0;
		if (si.si_code == CLD_EXITED) {
			*st = (si.si_status & 0xff) << 8;
			ptr_release_zombie(p);
			return p->tid;
		}
		if (si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED) {
			*st = (si.si_status & 0x7f) |
			      (si.si_code == CLD_DUMPED ? 0x80 : 0);
			ptr_release_zombie(p);
			return p->tid;
		}
		/*
		 * A stop: consume it without WEXITED, so that a kill landing
		 * between the peek and here can never reap the caller's child
		 * (the stop is gone then; look again).
		 */
		si.si_pid = 0;
		if (waitid(P_PID, p->tid, &si, WSTOPPED | __WALL | WNOHANG) < 0)
			return -1;
		if (si.si_pid == 0)
			goto again;
		*st = (si.si_status & 0xffff) << 8 | 0x7f;
		return p->tid;
	}
	return waitpid(p->tid, st, __WALL | flags);
}

static int ptr_errno(struct sysgate_proc *p, int err)
{
	if (err == ESRCH && !p->dead) {
		/*
		 * ESRCH also means "not in a ptrace stop"; only a thread that
		 * really went away makes p dead, so check with a wait.
		 */
		int st;
		pid_t r = ptr_wait(p, &st, WNOHANG);

		if (r == p->tid && (WIFEXITED(st) || WIFSIGNALED(st)))
			remote_mark_dead(p, st);
		else if (r < 0 && errno == ECHILD)
			remote_mark_dead(p, 0);
	}
	return -err;
}

int ptr_setregs(struct sysgate_proc *p, const struct user_regs_struct *r)
{
	if (ptrace(PTRACE_SETREGS, p->tid, NULL, r) < 0)
		return ptr_errno(p, errno);
	return 0;
}

int ptr_getregs(struct sysgate_proc *p, struct user_regs_struct *r)
{
	if (ptrace(PTRACE_GETREGS, p->tid, NULL, r) < 0)
		return ptr_errno(p, errno);
	return 0;
}

static int ptr_is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
	       sig == SIGFPE || sig == SIGSYS;
}

int ptr_resume_wait(struct sysgate_proc *p, int request, int want)
{
	int st, sig;
	pid_t r;

	if (p->dead)
		return -ESRCH;
	if (ptrace(request, p->tid, NULL, NULL) < 0)
		return ptr_errno(p, errno);
	for (;;) {
		r = ptr_wait(p, &st, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD) {
				remote_mark_dead(p, 0);
				return -ESRCH;
			}
			return -errno;
		}
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			remote_mark_dead(p, st);
			return -ESRCH;
		}
		if (!WIFSTOPPED(st))
			continue;
		sig = WSTOPSIG(st);
		if (sig == want && (st >> 16) == 0)
			return 0;
		if ((st >> 16) == PTRACE_EVENT_EXEC) {
			remote_set_err(p, "pid %d completed an execve: the "
				       "stub went with the old image",
				       (int)p->pid);
			return -ENOEXEC;
		}
		if (ptr_is_fault(sig) && (st >> 16) == 0) {
			struct user_regs_struct regs;

			if (ptr_getregs(p, &regs) < 0)
				return -ESRCH;
			remote_set_err(p, "stub in pid %d faulted with signal "
				       "%d at rip %#llx", (int)p->tid, sig,
				       regs.rip);
			return -EIO;
		}
		/*
		 * A kick of sysgate_proc_interrupt() or the watchdog (a
		 * SIGSTOP), or a syscall stop while catching the next call:
		 * intr.c decides how to resume.
		 */
		if (want == SIGTRAP && (st >> 16) == 0 &&
		    (sig == SIGSTOP || sig == (SIGTRAP | 0x80)) &&
		    __atomic_load_n(&p->intr.inflight, __ATOMIC_RELAXED)) {
			int e = remote_intr_on_stop(p, sig, &request);

			if (e)
				return e;
		}
		/*
		 * A stray stop: a signal the mask cannot block (SIGSTOP),
		 * a group-stop or an event.  Swallow it and go on.
		 */
		if (ptrace(request, p->tid, NULL, NULL) < 0)
			return ptr_errno(p, errno);
	}
}

int ptr_raw_syscall(struct sysgate_proc *p, long nr, const long a[6],
		    long *ret)
{
	struct user_regs_struct r = p->call_regs;
	int err;

	if (!p->syscall_insn)
		return -ENOSYS;
	r.rip = p->syscall_insn;
	ptr_load_call(&r, nr, a);
	r.orig_rax = -1;
	err = ptr_setregs(p, &r);
	if (err)
		return err;
	err = ptr_resume_wait(p, PTRACE_SYSCALL, SIGTRAP | 0x80);
	if (err)
		return err;
	err = ptr_resume_wait(p, PTRACE_SYSCALL, SIGTRAP | 0x80);
	if (err)
		return err;
	err = ptr_getregs(p, &r);
	if (err)
		return err;
	*ret = (long)r.rax;
	return 0;
}

int ptr_find_syscall_insn(struct sysgate_proc *p)
{
	char path[64], line[512];
	unsigned long lo = 0, hi = 0;
	unsigned char buf[16384];
	FILE *f;
	long n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->pid);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "[vdso]") &&
		    sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			break;
		lo = hi = 0;
	}
	fclose(f);
	if (!lo || hi <= lo)
		return -ENOENT;
	if (hi - lo > sizeof(buf))
		hi = lo + sizeof(buf);
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)p->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, buf, hi - lo, (off_t)lo);
	close(fd);
	/*
	 * Any 0f 05 pair will do, even inside another instruction: we jump
	 * straight to it and PTRACE_SYSCALL stops right after it.
	 */
	for (long i = 0; i + 1 < n; i++)
		if (buf[i] == 0x0f && buf[i + 1] == 0x05) {
			p->syscall_insn = lo + i;
			return 0;
		}
	return -ENOENT;
}

int ptr_poke(struct sysgate_proc *p, unsigned long addr, const void *buf,
	     size_t len)
{
	struct iovec l = { (void *)buf, len }, r = { (void *)addr, len };
	char path[64];
	ssize_t n;
	int fd;

	n = process_vm_writev(p->pid, &l, 1, &r, 1, 0);
	if (n == (ssize_t)len)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)p->pid);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	n = pwrite(fd, buf, len, (off_t)addr);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return (int)n;
	return n == (ssize_t)len ? 0 : -EFAULT;
}

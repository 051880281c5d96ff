/* SPDX-License-Identifier: MIT */
/*
 * proc.c - processes under the remote engine: spawn and attach, stub area
 * injection, restore on detach, transports, single calls, scratch, fds.
 *
 * Invariant between public calls: p->tid is in a ptrace stop (unless p is
 * dead or a transport set p->leader_running), so a call can always set
 * its registers.  Only the thread-group leader is ever stopped; other
 * threads of an attached process run on.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "remote/proc.h"
#include "remote/ptr.h"

#ifndef MFD_ALLOW_SEALING
#define MFD_ALLOW_SEALING 0x0002U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef PTRACE_EVENT_STOP
#define PTRACE_EVENT_STOP 128
#endif

extern const unsigned char stub_code_begin[], stub_code_end[];

void remote_set_err(struct sysgate_proc *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	if (getenv("SYSGATE_DEBUG"))
		fprintf(stderr, "sysgate: %s\n", p->err);
}

void remote_mark_dead(struct sysgate_proc *p, int status)
{
	int st;

	if (p->dead)
		return;
	p->dead = 1;
	p->exit_status = status;
	/* Reap a spawned child that is only a zombie now (no-op if done). */
	if (p->spawned)
		while (waitpid(p->pid, &st, __WALL | WNOHANG) < 0 &&
		       errno == EINTR)
			;
}

const struct remote_transport *remote_transport_get(enum sysgate_transport id)
{
	switch (id) {
	case SYSGATE_TRANSPORT_PTRACE:
		return &remote_transport_ptrace;
	case SYSGATE_TRANSPORT_FUTEX:
		/* The hook: transport_futex.c (see transport.h). */
		return &remote_transport_futex;
	}
	return NULL;
}

static void proc_release_local(struct sysgate_proc *p);

static long proc_raw(struct sysgate_proc *p, long nr, long a0, long a1,
		     long a2, long a3, long a4, long a5, int *err)
{
	long a[6] = { a0, a1, a2, a3, a4, a5 }, ret = 0;

	*err = ptr_raw_syscall(p, nr, a, &ret);
	return ret;
}

/*
 * Map the stub area in the child: reserve address space at the hint,
 * create the memfd there (its name is written into the reservation),
 * open it from our side through /proc, map it over the reservation and
 * set per-region protections.  Every step runs on the vDSO `syscall`.
 */
static int proc_map_area(struct sysgate_proc *p)
{
	static const char name[] = "sysgate-stub";
	unsigned long base = 0, hint;
	char path[64];
	long r, cfd, rofd = -1;
	int err, i;

	err = ptr_find_syscall_insn(p);
	if (err) {
		remote_set_err(p, "no syscall instruction in the vDSO of %d",
			       (int)p->pid);
		return err == -ENOENT ? -ENOSYS : err;
	}
	for (i = 0; i < 16 && !base; i++) {
		hint = STUB_BASE_HINT + (unsigned long)i * 0x10000000UL;
		r = proc_raw(p, __NR_mmap, hint, STUB_AREA_SIZE,
			     PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			     -1, 0, &err);
		if (err)
			return err;
		if ((unsigned long)r == hint)
			base = hint;
		else if (r > 0)		/* old kernel: the flag was a hint */
			proc_raw(p, __NR_munmap, r, STUB_AREA_SIZE, 0, 0, 0, 0,
				 &err);
	}
	if (!base) {
		r = proc_raw(p, __NR_mmap, 0, STUB_AREA_SIZE,
			     PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, &err);
		if (err)
			return err;
		if (r < 0 && r > -4096) {
			remote_set_err(p, "mmap in child: %s", strerror(-r));
			return (int)r;
		}
		base = r;
	}
	p->remote = base;
	p->stub_mapped = 1;	/* from here on, teardown unmaps base */

	err = ptr_poke(p, base, name, sizeof(name));
	if (err)
		return err;
	cfd = proc_raw(p, __NR_memfd_create, base,
		       MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC, 0, 0, 0, 0,
		       &err);
	if (!err && cfd == -EINVAL)	/* MFD_EXEC is 6.3+ */
		cfd = proc_raw(p, __NR_memfd_create, base,
			       MFD_CLOEXEC | MFD_ALLOW_SEALING, 0, 0, 0, 0,
			       &err);
	if (err)
		return err;
	if (cfd < 0) {
		remote_set_err(p, "memfd_create in child: %s", strerror(-cfd));
		return (int)cfd;
	}

	snprintf(path, sizeof(path), "/proc/%d/fd/%ld", (int)p->pid, cfd);
	p->memfd = open(path, O_RDWR | O_CLOEXEC);
	if (p->memfd < 0) {
		err = -errno;
		remote_set_err(p, "open %s: %s", path, strerror(errno));
		goto close_cfd;
	}
	/*
	 * Sealed at its size: a child that gets hold of the memfd again
	 * (/proc/PID/map_files) cannot shrink it under our mapping, which
	 * would SIGBUS the supervisor.
	 */
	if (ftruncate(p->memfd, STUB_AREA_SIZE) < 0 ||
	    fcntl(p->memfd, F_ADD_SEALS,
		  F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0) {
		err = -errno;
		goto close_cfd;
	}
	/*
	 * A read-only reopen of it for the code page and the request area:
	 * mapped from an O_RDONLY file, the child cannot mprotect() them
	 * writable either.  Without /proc in the child, plain mprotect().
	 */
	snprintf(path, sizeof(path), "/proc/self/fd/%ld", cfd);
	err = ptr_poke(p, base + 64, path, strlen(path) + 1);
	if (err)
		goto close_cfd;
	rofd = proc_raw(p, __NR_openat, AT_FDCWD, base + 64,
			O_RDONLY | O_CLOEXEC, 0, 0, 0, &err);
	if (err)
		goto close_cfd;
	p->local = mmap(NULL, STUB_AREA_SIZE, PROT_READ | PROT_WRITE,
			MAP_SHARED, p->memfd, 0);
	if (p->local == MAP_FAILED) {
		p->local = NULL;
		err = -errno;
		goto close_cfd;
	}
	memcpy(p->local + STUB_CODE_OFF, stub_code_begin,
	       stub_code_end - stub_code_begin);
	*(int64_t *)remote_local(p, STUB_RESP_OFF + STUB_RESP_FAILED) = -1;

	r = proc_raw(p, __NR_mmap, base, STUB_AREA_SIZE,
		     PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, cfd, 0,
		     &err);
	if (!err && (unsigned long)r != base)
		err = r < 0 ? (int)r : -EFAULT;
	if (!err && rofd >= 0) {
		r = proc_raw(p, __NR_mmap, base + STUB_CODE_OFF,
			     STUB_CODE_SIZE, PROT_READ | PROT_EXEC,
			     MAP_SHARED | MAP_FIXED, rofd, STUB_CODE_OFF, &err);
		if (!err && (unsigned long)r != base + STUB_CODE_OFF)
			err = r < 0 ? (int)r : -EFAULT;
		if (!err) {
			/* The child may read requests, never write them. */
			r = proc_raw(p, __NR_mmap, base + STUB_REQ_OFF,
				     STUB_REQ_SIZE, PROT_READ,
				     MAP_SHARED | MAP_FIXED, rofd, STUB_REQ_OFF,
				     &err);
			if (!err && (unsigned long)r != base + STUB_REQ_OFF)
				err = r < 0 ? (int)r : -EFAULT;
		}
	} else if (!err) {
		r = proc_raw(p, __NR_mprotect, base + STUB_CODE_OFF,
			     STUB_CODE_SIZE, PROT_READ | PROT_EXEC, 0, 0, 0,
			     &err);
		if (!err && r)
			err = (int)r;
		if (!err) {
			r = proc_raw(p, __NR_mprotect, base + STUB_REQ_OFF,
				     STUB_REQ_SIZE, PROT_READ, 0, 0, 0, &err);
			if (!err && r)
				err = (int)r;
		}
	}
close_cfd:
	if (!p->dead) {
		int e2;

		if (rofd >= 0)
			proc_raw(p, __NR_close, rofd, 0, 0, 0, 0, 0, &e2);
		proc_raw(p, __NR_close, cfd, 0, 0, 0, 0, 0, &e2);
		if (e2 && !err)
			err = e2;
	}
	if (err && !p->err[0])
		remote_set_err(p, "mapping the stub area in %d: %s",
			       (int)p->pid, strerror(-err));
	return err;
}

static int proc_block_signals(struct sysgate_proc *p)
{
	uint64_t all = ~0ull;

	if (ptrace(PTRACE_GETSIGMASK, p->tid, sizeof(p->saved_sigmask),
		   &p->saved_sigmask) < 0)
		return -errno;
	p->mask_saved = 1;
	/* The stub must never run a handler of the program's. */
	if (ptrace(PTRACE_SETSIGMASK, p->tid, sizeof(all), &all) < 0)
		return -errno;
	return 0;
}

int remote_after_exec(struct sysgate_proc *p)
{
	int err;

	/* The old image's mappings are gone, our side of them is stale. */
	p->stub_mapped = 0;
	proc_release_local(p);
	p->scratch_used = 0;
	p->syscall_insn = 0;		/* the new vDSO is elsewhere */
	err = ptr_resume_wait(p, PTRACE_SYSCALL, SIGTRAP | 0x80);
	if (!err)
		err = ptr_getregs(p, &p->saved_regs);
	if (err)
		return err == -ENOEXEC ? -EIO : err;
	p->call_regs = p->saved_regs;
	p->call_regs.orig_rax = -1;
	p->call_regs.eflags &= ~0x100ull;
	err = proc_map_area(p);
	if (err)
		return err;
	p->call_regs.rsp = p->remote + STUB_PSTACK_OFF + STUB_PSTACK_SIZE - 64;
	return 0;
}

/* Called with p->tid stopped, nothing changed yet. */
static int proc_setup(struct sysgate_proc *p, unsigned int flags)
{
	int err;

	p->tp = &remote_transport_ptrace;
	remote_intr_init(p);
	err = ptr_getregs(p, &p->saved_regs);
	if (err)
		return err;
	err = proc_block_signals(p);
	if (err)
		return err;
	p->call_regs = p->saved_regs;
	/* no syscall restart on resume */
	p->call_regs.orig_rax = -1;
	p->call_regs.eflags &= ~0x100ull;	/* TF */
	err = proc_map_area(p);
	if (err)
		return err;
	/* 16-byte aligned as at a function entry minus the return address. */
	p->call_regs.rsp = p->remote + STUB_PSTACK_OFF + STUB_PSTACK_SIZE - 64;
	if (flags & SYSGATE_PROC_FUTEX)
		return sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_FUTEX);
	return 0;
}

/*
 * The registers to put back.  A stop inside an interrupted syscall shows
 * rax = -ERESTART*; the kernel would rewind to the syscall only when the
 * resume goes through signal handling, which the last stop (a syscall
 * stop) does not, so rewind here and say "no syscall" to the kernel.
 * The syscall is issued again with its saved arguments in every case.
 */
static struct user_regs_struct proc_restore_regs(const struct sysgate_proc *p)
{
	struct user_regs_struct r = p->saved_regs;
	long rax = (long)r.rax;

	if ((long)r.orig_rax < 0)
		return r;
	if (rax == -SG_ERESTARTSYS || rax == -SG_ERESTARTNOINTR ||
	    rax == -SG_ERESTARTNOHAND) {
		r.rax = r.orig_rax;
		r.rip -= 2;
		r.orig_rax = -1;
	} else if (rax == -SG_ERESTART_RESTARTBLOCK) {
		/*
		 * Not restart_syscall: the calls we ran may have replaced the
		 * thread's restart block.  Issuing the call again with its
		 * own arguments is always safe (a sleep may run longer).
		 */
		r.rax = r.orig_rax;
		r.rip -= 2;
		r.orig_rax = -1;
	}
	return r;
}

static void proc_release_local(struct sysgate_proc *p)
{
	if (p->local)
		munmap(p->local, STUB_AREA_SIZE);
	p->local = NULL;
	if (p->memfd >= 0)
		close(p->memfd);
	p->memfd = -1;
}

static void proc_stop_transport(struct sysgate_proc *p)
{
	if (p->tp && p->tp != &remote_transport_ptrace)
		p->tp->stop(p);
	p->tp = &remote_transport_ptrace;
}

/* Undo everything and let the thread go.  Returns 0 or -ESRCH. */
static int proc_restore_detach(struct sysgate_proc *p)
{
	struct user_regs_struct r;
	unsigned int i;
	int err = 0, sig;

	proc_stop_transport(p);
	if (!p->dead && p->stub_mapped) {
		proc_raw(p, __NR_munmap, p->remote, STUB_AREA_SIZE, 0, 0, 0, 0,
			 &err);
		p->stub_mapped = 0;
	}
	if (!p->dead) {
		r = proc_restore_regs(p);
		err = ptr_setregs(p, &r);
		if (!err && p->mask_saved &&
		    ptrace(PTRACE_SETSIGMASK, p->tid,
				   sizeof(p->saved_sigmask),
				   &p->saved_sigmask) < 0)
			err = -errno;
		sig = p->npending ? p->pending_sig[0] : 0;
		if (!p->dead && ptrace(PTRACE_DETACH, p->tid, NULL,
				       (void *)(long)sig) < 0 && !err)
			err = -errno;
		/* The first signal rode on the detach, re-send the rest. */
		for (i = 1; i < p->npending; i++)
			kill(p->pid, p->pending_sig[i]);
	}
	proc_release_local(p);
	return p->dead ? -ESRCH : err;
}

static struct sysgate_proc *proc_new(void)
{
	struct sysgate_proc *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->memfd = -1;
	p->intr.tfd = -1;
	p->tp = &remote_transport_ptrace;
	return p;
}

static void proc_kill_reap(struct sysgate_proc *p)
{
	int st;

	if (!p->dead) {
		kill(p->pid, SIGKILL);
		while (waitpid(p->pid, &st, __WALL) < 0 && errno == EINTR)
			;
		p->dead = 1;
	}
	proc_release_local(p);
}

static void proc_child(int wfd, pid_t parent, char *const argv[],
		       char *const envp[])
{
	int e;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The supervisor may have died before the prctl took effect. */
	if (getppid() != parent)
		_exit(127);
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		goto fail;
	raise(SIGSTOP);
	if (envp)
		execvpe(argv[0], argv, envp);
	else
		execvp(argv[0], argv);
fail:
	e = errno;
	if (write(wfd, &e, sizeof(e)) < 0)
		_exit(126);
	_exit(127);
}

/* Read the child's execve errno from the CLOEXEC pipe (0: exec done). */
static int proc_exec_errno(int rfd)
{
	int e = 0;
	ssize_t n;

	do
		n = read(rfd, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	return n == sizeof(e) ? e : 0;
}

int sysgate_proc_spawn(char *const argv[], char *const envp[],
		       unsigned int flags, struct sysgate_proc **out)
{
	struct sysgate_proc *p;
	int pfd[2], st, err, e;
	pid_t pid, parent = getpid();

	if (!argv || !argv[0] || !argv[0][0] || !out ||
	    (flags & ~SYSGATE_PROC_FUTEX))
		return -EINVAL;
	p = proc_new();
	if (!p)
		return -ENOMEM;
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		free(p);
		return -errno;
	}
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(pfd[0]);
		close(pfd[1]);
		free(p);
		return err;
	}
	if (pid == 0) {
		close(pfd[0]);
		proc_child(pfd[1], parent, argv, envp);
	}
	close(pfd[1]);
	p->pid = p->tid = pid;
	p->spawned = 1;

	/* The SIGSTOP before execve, then the exec event after it. */
	err = 0;
	for (int stage = 0; stage < 2 && !err;) {
		if (waitpid(pid, &st, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			p->dead = 1;
			e = proc_exec_errno(pfd[0]);
			err = e ? -e : -ECHILD;
			break;
		}
		if (stage == 0 && WSTOPSIG(st) == SIGSTOP) {
			if (ptrace(PTRACE_SETOPTIONS, pid, NULL,
				   (void *)(long)(PTRACE_O_TRACESYSGOOD |
						  PTRACE_O_EXITKILL |
						  PTRACE_O_TRACEEXEC)) < 0)
				err = -errno;
			else if (ptrace(PTRACE_CONT, pid, NULL, NULL) < 0)
				err = -errno;
			stage = 1;
			continue;
		}
		if (stage == 1 &&
		    (st >> 8) == (SIGTRAP | PTRACE_EVENT_EXEC << 8)) {
			stage = 2;
			break;
		}
		/* Anything else before execve: swallow it. */
		if (ptrace(PTRACE_CONT, pid, NULL, NULL) < 0)
			err = -errno;
	}
	if (!err) {
		/* EOF: the pipe closed at exec, nothing was written. */
		e = proc_exec_errno(pfd[0]);
		if (e)
			err = -e;
	}
	close(pfd[0]);
	/*
	 * The exec event stops inside execve: step to its syscall-exit stop
	 * so that the next PTRACE_SYSCALL stops at our own calls.
	 */
	if (!err)
		err = ptr_resume_wait(p, PTRACE_SYSCALL, SIGTRAP | 0x80);
	if (!err)
		err = proc_setup(p, flags);
	if (err) {
		remote_intr_quiesce(p);
		proc_stop_transport(p);
		proc_kill_reap(p);
		free(p);
		return err;
	}
	*out = p;
	return 0;
}

static int proc_tracer_of(pid_t pid)
{
	char path[64], line[256];
	int tracer = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "TracerPid: %d", &tracer) == 1)
			break;
	fclose(f);
	return tracer;
}

/*
 * The leader was just seized: stop it (PTRACE_INTERRUPT) and wait for
 * that stop, holding signals that arrive meanwhile until detach and
 * finishing an execve it was in the middle of.  0 or -errno (-ESRCH: it
 * died).
 */
static int proc_seize_stop(struct sysgate_proc *p)
{
	pid_t pid = p->tid;
	int st, err;

	if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) < 0)
		return -errno;
	for (;;) {
		if (ptr_wait(p, &st, 0) < 0) {
			if (errno == EINTR)
				continue;
			return errno == ECHILD ? -ESRCH : -errno;
		}
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			p->dead = 1;
			return -ESRCH;
		}
		if ((st >> 16) == PTRACE_EVENT_STOP)
			return 0;
		if ((st >> 16) == PTRACE_EVENT_EXEC) {
			/*
			 * Seized in the middle of an execve (and that stop
			 * swallowed the interrupt): finish it; its syscall
			 * exit, at the new program's first instruction, is as
			 * good a stop as any.
			 */
			err = ptr_resume_wait(p, PTRACE_SYSCALL,
					      SIGTRAP | 0x80);
			return err;
		}
		if ((st >> 16) == 0) {
			/* A signal on its way in: hold it until detach. */
			if (p->npending < 8)
				p->pending_sig[p->npending++] = WSTOPSIG(st);
		}
		/* Any other stop may have used up the interrupt: again. */
		if (ptrace(PTRACE_CONT, pid, NULL, NULL) < 0 ||
		    ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) < 0)
			return -errno;
	}
}

int sysgate_proc_attach(pid_t pid, unsigned int flags,
			struct sysgate_proc **out)
{
	struct sysgate_proc *p;
	int err = 0;

	if (pid <= 0 || !out || (flags & ~SYSGATE_PROC_FUTEX))
		return -EINVAL;
	/* TRACEEXEC: a remote execve must stop at the new image. */
	if (ptrace(PTRACE_SEIZE, pid, NULL,
		   (void *)(long)(PTRACE_O_TRACESYSGOOD |
				  PTRACE_O_TRACEEXEC)) < 0) {
		err = errno;
		if (err == EPERM && proc_tracer_of(pid) != 0)
			return -EBUSY;
		return -err;
	}
	p = proc_new();
	if (!p) {
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		return -ENOMEM;
	}
	p->pid = p->tid = pid;
	err = proc_seize_stop(p);
	if (err)
		goto fail;
	err = proc_setup(p, flags);
	if (err)
		goto fail;
	*out = p;
	return 0;
fail:
	remote_intr_quiesce(p);
	if (p->dead) {
		proc_release_local(p);
	} else if (p->saved_regs.rip) {
		int e2 = proc_restore_detach(p);

		(void)e2;
	} else {
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
	}
	free(p);
	return err;
}

int sysgate_proc_release(struct sysgate_proc *p)
{
	struct user_regs_struct r;
	unsigned int i;
	int err, sig;

	if (!p)
		return -EINVAL;
	if (p->dead)
		return -ESRCH;
	if (p->leader_running)
		return 0;
	if (p->tp->id != SYSGATE_TRANSPORT_FUTEX) {
		remote_set_err(p, "release needs the futex transport: the "
			       "ptrace one runs calls on the leader");
		return -EOPNOTSUPP;
	}
	r = proc_restore_regs(p);
	err = ptr_setregs(p, &r);
	if (!err && p->mask_saved &&
	    ptrace(PTRACE_SETSIGMASK, p->tid, sizeof(p->saved_sigmask),
		   &p->saved_sigmask) < 0)
		err = -errno;
	if (err)
		return err;
	sig = p->npending ? p->pending_sig[0] : 0;
	if (ptrace(PTRACE_DETACH, p->tid, NULL, (void *)(long)sig) < 0)
		return errno == ESRCH ? -ESRCH : -errno;
	for (i = 1; i < p->npending; i++)
		kill(p->pid, p->pending_sig[i]);
	p->npending = 0;
	p->leader_running = 1;
	return 0;
}

/* Is the stub area still mapped at p->remote (an execve drops it)? */
static int proc_area_present(const struct sysgate_proc *p)
{
	char path[64], line[512], want[32];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->pid);
	snprintf(want, sizeof(want), "%lx-", p->remote);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, want, strlen(want)) &&
			strstr(line, "sysgate-stub") != NULL;
	fclose(f);
	return found;
}

/*
 * Before detach or free of a released process: take the leader again
 * (stopped, registers and signal mask saved afresh: they are what detach
 * puts back now), so the stub area can be unmapped.  A process that
 * executed a new program meanwhile lost the area (and the stub thread)
 * already.  0 or -errno; on failure nothing is unmapped.
 */
static int proc_reseize(struct sysgate_proc *p)
{
	int err;

	if (ptrace(PTRACE_SEIZE, p->tid, NULL,
		   (void *)(long)(PTRACE_O_TRACESYSGOOD |
				  PTRACE_O_TRACEEXEC)) < 0) {
		err = -errno;
		if (err == -ESRCH)
			p->dead = 1;
		remote_set_err(p, "cannot take pid %d back to remove the stub: "
			       "%s", (int)p->pid, strerror(-err));
		return err;
	}
	err = proc_seize_stop(p);
	if (!err)
		err = ptr_getregs(p, &p->saved_regs);
	if (!err && ptrace(PTRACE_GETSIGMASK, p->tid, sizeof(p->saved_sigmask),
			   &p->saved_sigmask) < 0)
		err = -errno;
	if (err) {
		if (!p->dead)
			ptrace(PTRACE_DETACH, p->tid, NULL, NULL);
		return err;
	}
	p->mask_saved = 1;
	p->leader_running = 0;
	if (!proc_area_present(p)) {
		p->stub_mapped = 0;
		p->syscall_insn = 0;
	}
	return 0;
}

pid_t sysgate_proc_pid(const struct sysgate_proc *p)
{
	return p ? p->pid : -EINVAL;
}

int sysgate_proc_detach(struct sysgate_proc *p)
{
	int err;

	if (!p)
		return -EINVAL;
	if (p->batch)
		return -EBUSY;
	remote_intr_quiesce(p);
	if (p->leader_running && !p->dead && proc_reseize(p)) {
		/* Without the leader: stop the stub thread, leave the area. */
		proc_stop_transport(p);
		proc_release_local(p);
		err = p->dead ? -ESRCH : -EPERM;
		free(p);
		return err;
	}
	err = proc_restore_detach(p);
	free(p);
	return err;
}

void sysgate_proc_free(struct sysgate_proc *p)
{
	if (!p)
		return;
	if (p->batch)
		batch_orphan(p->batch);
	remote_intr_quiesce(p);
	if (p->spawned) {
		proc_stop_transport(p);
		proc_kill_reap(p);
	} else if (p->leader_running && !p->dead && proc_reseize(p)) {
		proc_stop_transport(p);
		proc_release_local(p);
	} else {
		proc_restore_detach(p);
	}
	free(p);
}

const char *sysgate_proc_error(const struct sysgate_proc *p)
{
	return p ? p->err : "";
}

int sysgate_proc_set_transport(struct sysgate_proc *p,
			       enum sysgate_transport t)
{
	const struct remote_transport *tp;
	int err;

	if (!p)
		return -EINVAL;
	if (t != SYSGATE_TRANSPORT_PTRACE && t != SYSGATE_TRANSPORT_FUTEX)
		return -EINVAL;
	if (p->dead)
		return -ESRCH;
	tp = remote_transport_get(t);
	if (!tp)
		return -ENOSYS;
	if (tp == p->tp)
		return 0;
	if (p->leader_running) {
		remote_set_err(p, "released: the leader runs on its own, "
			       "only the futex transport can serve it");
		return -EBUSY;
	}
	proc_stop_transport(p);
	if (p->dead)
		return -ESRCH;
	if (tp != &remote_transport_ptrace) {
		err = tp->start(p);
		if (err)
			return err;
		p->tp = tp;
	}
	return 0;
}

enum sysgate_transport sysgate_proc_transport(const struct sysgate_proc *p)
{
	return p && p->tp ? p->tp->id : SYSGATE_TRANSPORT_PTRACE;
}

long sysgate_remote_syscall(struct sysgate_proc *p, long nr, long a0, long a1,
			    long a2, long a3, long a4, long a5)
{
	long a[6] = { a0, a1, a2, a3, a4, a5 }, ret = 0;
	int err, why;

	if (!p || nr < 0 || nr > 0xffff)
		return -EINVAL;
	if (p->dead)
		return -ESRCH;
	remote_call_begin(p);
	err = p->tp->call(p, nr, a, &ret);
	why = remote_call_end(p);
	if (err)
		return err;
	/* Cut short in the child (-EINTR there): say why. */
	if (why && ret == -EINTR)
		return why == REMOTE_INTR_TIMEOUT ? -ETIMEDOUT : -EINTR;
	return ret;
}

int sysgate_proc_alive(const struct sysgate_proc *p)
{
	if (!p || p->dead)
		return 0;
	if (kill(p->pid, 0) < 0 && errno == ESRCH)
		return 0;
	return p->tp->alive(p);
}

int sysgate_proc_scratch_alloc(struct sysgate_proc *p, size_t len,
			       void **local, unsigned long *remote)
{
	size_t off;

	if (!p || !len || !p->local)
		return -EINVAL;
	off = (p->scratch_used + 15) & ~(size_t)15;
	if (len > STUB_SCRATCH_SIZE || off > STUB_SCRATCH_SIZE - len)
		return -ENOSPC;
	p->scratch_used = off + len;
	if (local)
		*local = p->local + STUB_SCRATCH_OFF + off;
	if (remote)
		*remote = p->remote + STUB_SCRATCH_OFF + off;
	return 0;
}

int sysgate_proc_scratch_put(struct sysgate_proc *p, const void *buf,
			     size_t len, unsigned long *remote)
{
	void *l;
	int err;

	if (!buf)
		return -EINVAL;
	err = sysgate_proc_scratch_alloc(p, len, &l, remote);
	if (err)
		return err;
	memcpy(l, buf, len);
	return 0;
}

void sysgate_proc_scratch_reset(struct sysgate_proc *p)
{
	if (p)
		p->scratch_used = 0;
}

size_t sysgate_proc_scratch_size(const struct sysgate_proc *p)
{
	return p ? STUB_SCRATCH_SIZE : 0;
}

/*
 * SCM_RIGHTS: the child makes a datagram socket and autobinds it to an
 * abstract name, we send fd to that name, the child receives it.
 */
static int proc_send_fd_scm(struct sysgate_proc *p, int fd)
{
	struct sockaddr_un *sun;
	socklen_t *alen;
	struct msghdr *mh, msg = { 0 };
	struct iovec *iov, liov;
	char *cbuf, lcbuf[CMSG_SPACE(sizeof(int))], byte = 0;
	void *l_byte;
	unsigned long r_sun, r_alen, r_mh, r_iov, r_cbuf, r_byte;
	struct cmsghdr *cm;
	long s, r, got = -1;
	int err, us;

	err = sysgate_proc_scratch_alloc(p, sizeof(*sun), (void **)&sun,
					 &r_sun);
	if (!err)
		err = sysgate_proc_scratch_alloc(p, sizeof(*alen),
						 (void **)&alen, &r_alen);
	if (!err)
		err = sysgate_proc_scratch_alloc(p, sizeof(*mh), (void **)&mh,
						 &r_mh);
	if (!err)
		err = sysgate_proc_scratch_alloc(p, sizeof(*iov),
						 (void **)&iov, &r_iov);
	if (!err)
		err = sysgate_proc_scratch_alloc(p, sizeof(lcbuf),
						 (void **)&cbuf, &r_cbuf);
	if (!err)
		err = sysgate_proc_scratch_alloc(p, 16, &l_byte, &r_byte);
	if (err)
		return err;

	s = sysgate_remote_syscall(p, __NR_socket, AF_UNIX,
				   SOCK_DGRAM | SOCK_CLOEXEC, 0, 0, 0, 0);
	if (s < 0)
		return (int)s;
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	r = sysgate_remote_syscall(p, __NR_bind, s, r_sun,
				   sizeof(sa_family_t), 0, 0, 0);
	if (r < 0)
		goto out;
	*alen = sizeof(*sun);
	r = sysgate_remote_syscall(p, __NR_getsockname, s, r_sun, r_alen, 0,
				   0, 0);
	if (r < 0)
		goto out;
	if (*alen <= sizeof(sa_family_t) || *alen > sizeof(*sun)) {
		r = -EIO;
		goto out;
	}

	us = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (us < 0) {
		r = -errno;
		goto out;
	}
	liov.iov_base = &byte;
	liov.iov_len = 1;
	msg.msg_name = sun;
	msg.msg_namelen = *alen;
	msg.msg_iov = &liov;
	msg.msg_iovlen = 1;
	msg.msg_control = lcbuf;
	msg.msg_controllen = sizeof(lcbuf);
	memset(lcbuf, 0, sizeof(lcbuf));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	r = sendmsg(us, &msg, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? -errno : 0;
	close(us);
	if (r < 0)
		goto out;

	/* The child's msghdr points into scratch, in child addresses. */
	iov->iov_base = (void *)r_byte;
	iov->iov_len = 1;
	memset(mh, 0, sizeof(*mh));
	mh->msg_iov = (struct iovec *)r_iov;
	mh->msg_iovlen = 1;
	mh->msg_control = (void *)r_cbuf;
	mh->msg_controllen = sizeof(lcbuf);
	memset(cbuf, 0, sizeof(lcbuf));
	r = sysgate_remote_syscall(p, __NR_recvmsg, s, r_mh, MSG_DONTWAIT, 0,
				   0, 0);
	if (r < 0)
		goto out;
	/* Child-written: check before trusting. */
	{
		struct cmsghdr c;

		memcpy(&c, cbuf, sizeof(c));
		if (mh->msg_controllen >= CMSG_LEN(sizeof(int)) &&
		    c.cmsg_level == SOL_SOCKET && c.cmsg_type == SCM_RIGHTS &&
		    c.cmsg_len == CMSG_LEN(sizeof(int))) {
			int cfd;

			memcpy(&cfd, cbuf + ((char *)CMSG_DATA(cm) - lcbuf),
			       sizeof(cfd));
			got = cfd >= 0 ? cfd : -1;
		}
	}
	r = got >= 0 ? got : -EIO;
out:
	if (!p->dead)
		sysgate_remote_syscall(p, __NR_close, s, 0, 0, 0, 0, 0);
	return (int)r;
}

static int proc_send_fd_pidfd(struct sysgate_proc *p, int fd)
{
	long pfd, r;

	pfd = sysgate_remote_syscall(p, __NR_pidfd_open, getpid(), 0, 0, 0, 0,
				     0);
	if (pfd < 0)
		return (int)pfd;
	r = sysgate_remote_syscall(p, __NR_pidfd_getfd, pfd, fd, 0, 0, 0, 0);
	sysgate_remote_syscall(p, __NR_close, pfd, 0, 0, 0, 0, 0);
	return (int)r;
}

int sysgate_proc_send_fd(struct sysgate_proc *p, int fd)
{
	size_t mark;
	int r;

	if (!p)
		return -EINVAL;
	if (fd < 0 || fcntl(fd, F_GETFD) < 0)
		return -EBADF;
	if (p->dead)
		return -ESRCH;
	/* Borrow scratch without disturbing what the caller put there. */
	mark = p->scratch_used;
	r = proc_send_fd_scm(p, fd);
	p->scratch_used = mark;
	if (r < 0 && r != -ESRCH && r != -EIO && !p->dead) {
		int r2 = proc_send_fd_pidfd(p, fd);

		if (r2 >= 0)
			r = r2;
	}
	return r;
}

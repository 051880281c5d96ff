/* SPDX-License-Identifier: MIT */
/*
 * seccomp user notification: no ptrace at all.  The spawned child
 * installs a filter returning SECCOMP_RET_USER_NOTIF for the wanted calls
 * (execve/execveat always) with SECCOMP_FILTER_FLAG_NEW_LISTENER; the
 * supervisor takes the listener out of the child with pidfd_getfd() (no
 * cooperation needed from a child whose every call may already be
 * notified) and answers each notification: CONTINUE
 * (SECCOMP_USER_NOTIF_FLAG_CONTINUE), RETURN (val or error), KILL.
 *
 * What it cannot do, and says so in sysgate_call.flags: no exit phase
 * (SYSGATE_CALL_HAS_EXIT clear), no argument rewrite (CAN_REWRITE clear;
 * changes to args[] are ignored), no register frame (REGS clear: only
 * orig_rax, the six argument registers and rip are filled in regs).
 *
 * Security: CONTINUE is not a boundary for pointer arguments.  The kernel
 * reads the pointed-to memory again when the call runs, after the
 * handler looked at it, and another thread (or process sharing the
 * memory) can change it in between.  Deny/emulate decisions are sound;
 * "inspect then allow" is not.
 *
 * Events: the filter is inherited, so children and threads are followed
 * without being asked; a new tid is learned from its first notification
 * (SYSGATE_EV_START then).  EXIT/KILLED are reported for the spawned
 * child only (its pidfd); FORK, EXEC, SIGNAL and the exits of other
 * processes cannot be seen.  The run ends when the spawned child has
 * exited and no task is left using the filter (POLLHUP on the listener).
 *
 * Only one listener per filter chain: under a supervisor that already
 * has one (another sysgate, a container runtime) the kernel refuses with
 * EBUSY; the probe reports it and auto falls back to ptrace.
 */
#include <errno.h>
#include <linux/audit.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch/x86_64/raw_syscall.h"
#include "intercept/icp.h"

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

static const char *unf_reason(int err)
{
	switch (err) {
	case EBUSY:
		return "another seccomp listener is already installed in this "
		       "process tree (EBUSY)";
	case EINVAL:
	case ENOSYS:
		return "the kernel lacks seccomp user notification";
	case EACCES:
	case EPERM:
		return "seccomp filter refused (no_new_privs/CAP_SYS_ADMIN)";
	default:
		return strerror(err);
	}
}

/*
 * The probe's child: install a listener (refused with EBUSY under another
 * one) and check pidfd_open.  It shares our memory (CLONE_VM, see
 * unf_probe()), so raw calls only: libc's would write our errno.
 */
static int unf_probe_child(void *arg)
{
	static const struct sock_filter allow =
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { 1, (struct sock_filter *)&allow };
	long rc;

	(void)arg;
	sg_syscall6(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
	rc = sg_syscall6(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			 SECCOMP_FILTER_FLAG_NEW_LISTENER, (long)&prog, 0, 0, 0);
	if (rc >= 0)
		rc = sg_syscall6(SYS_pidfd_open, sg_syscall0(SYS_getpid), 0, 0,
				 0, 0, 0);
	sg_syscall1(SYS_exit, rc < 0 ? -rc & 0xff : 0);
	return 0;
}

int unf_probe(struct sysgate_intercept *s)
{
	char stack[4096] __attribute__((aligned(16)));
	int st, rc;
	pid_t p;

	/* no copy of our address space: a tenth of a fork's cost */
	p = clone(unf_probe_child, stack + sizeof(stack), CLONE_VM | SIGCHLD,
		  NULL);
	if (p < 0)
		return -errno;
	while (waitpid(p, &st, __WALL) < 0)
		if (errno != EINTR)
			return -errno;
	rc = WIFEXITED(st) ? WEXITSTATUS(st) : EINVAL;
	if (rc) {
		icp_set_err(s, "unotify unavailable: %s", unf_reason(rc));
		return -ENOSYS;
	}
	return 0;
}

static int unf_fail_child(pid_t pid, int pidfd)
{
	int st;

	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (pidfd >= 0)
		close(pidfd);
	return 0;
}

static int unf_spawn(struct sysgate_intercept *s, const char *path,
		     char *const argv[], char *const envp[], pid_t *out)
{
	int info[2], go[2], pidfd = -1, fd = -1, rc, lfd = -1, e;
	ssize_t n;
	struct sysgate_event ev;
	struct icp_tracee *tr;
	pid_t pid;

	if (s->child > 0) {
		icp_set_err(s, "unotify: one spawned command per session");
		return -EBUSY;
	}
	if (!s->bpf) {
		rc = icp_prefilter_build(s, ICP_PF_NOTIFY, &s->bpf);
		if (rc < 0) {
			icp_set_err(s, "cannot build the seccomp filter: %s",
				    strerror(-rc));
			return rc;
		}
	}
	if (s->wake_fd[0] < 0 && pipe2(s->wake_fd, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	if (pipe2(info, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(go, O_CLOEXEC) < 0) {
		rc = -errno;
		close(info[0]);
		close(info[1]);
		return rc;
	}
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		goto out;
	}
	if (pid == 0) {
		int l;
		char c;

		close(info[0]);
		close(go[1]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* The listener will be the lowest free fd; say which first. */
		l = open("/dev/null", O_RDONLY);
		if (l >= 0)
			close(l);
		if (write(info[1], &l, sizeof(l)) != sizeof(l))
			_exit(127);
		/*
		 * WAIT_KILLABLE_RECV (5.19): once the supervisor has a call,
		 * only a fatal signal interrupts the caller's wait, so no call
		 * is seen twice (interrupted, restarted, notified again).
		 */
		e = icp_prefilter_install(s->bpf, SECCOMP_FILTER_FLAG_NEW_LISTENER |
					  SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
		if (e == -EINVAL)
			e = icp_prefilter_install(s->bpf,
						  SECCOMP_FILTER_FLAG_NEW_LISTENER);
		/*
		 * Past this point every call may be a notification nobody
		 * answers yet: only a failure is reported, then exit.
		 */
		if (e < 0) {
			if (write(info[1], &e, sizeof(e)) != sizeof(e))
				_exit(127);
			_exit(127);
		}
		/* Wait until the supervisor holds the listener (it is O_CLOEXEC). */
		if (read(go[0], &c, 1) != 0)
			_exit(127);
		execve(path, argv, envp);
		_exit(127);
	}
	close(info[1]);
	info[1] = -1;
	close(go[0]);
	go[0] = -1;
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0 || read(info[0], &lfd, sizeof(lfd)) != sizeof(lfd)) {
		rc = pidfd < 0 ? -errno : -ECHILD;
		unf_fail_child(pid, pidfd);
		goto out;
	}
	/*
	 * Take the listener as soon as it exists (EBADF: not yet).  A child
	 * whose install failed writes the reason and exits; the exit can
	 * beat the next pidfd_getfd (ESRCH), so the pipe is read on either
	 * sign, never just the getfd error (EBUSY would be lost).
	 */
	for (;;) {
		struct pollfd pf = { info[0], POLLIN, 0 };

		fd = (int)syscall(SYS_pidfd_getfd, pidfd, lfd, 0);
		if (fd >= 0)
			break;
		if (errno != EBADF && errno != ESRCH) {
			rc = -errno;
			icp_set_err(s, "pidfd_getfd: %s", strerror(-rc));
			unf_fail_child(pid, pidfd);
			goto out;
		}
		if (errno == ESRCH || poll(&pf, 1, 1) > 0) {
			n = read(info[0], &e, sizeof(e));
			rc = n == sizeof(e) && e < 0 ? e : -ECHILD;
			icp_set_err(s, "unotify: %s", unf_reason(-rc));
			unf_fail_child(pid, pidfd);
			goto out;
		}
	}
	s->listener = fd;
	s->pidfd = pidfd;
	s->child = pid;
	s->child_reaped = 0;
	tr = icp_add(&s->tab, pid, pid);
	if (tr)
		tr->flags = ICP_T_PREEXEC | ICP_T_SEEN;
	memset(&ev, 0, sizeof(ev));
	ev.type = SYSGATE_EV_START;
	ev.pid = ev.tid = pid;
	icp_event(s, &ev);
	*out = pid;
	rc = 0;
out:
	if (info[0] >= 0)
		close(info[0]);
	if (info[1] >= 0)
		close(info[1]);
	if (go[0] >= 0)
		close(go[0]);
	close(go[1]);	/* lets a good child exec */
	return rc;
}

static int unf_attach(struct sysgate_intercept *s, pid_t pid)
{
	icp_set_err(s, "unotify cannot attach to a running process");
	return -EOPNOTSUPP;
}

static void unf_child_exit(struct sysgate_intercept *s, int block)
{
	struct sysgate_event ev;
	int st;
	pid_t p;

	if (s->child <= 0 || s->child_reaped)
		return;
	do
		p = waitpid(s->child, &st, block ? 0 : WNOHANG);
	while (p < 0 && errno == EINTR);
	if (p != s->child)
		return;
	s->child_reaped = 1;
	memset(&ev, 0, sizeof(ev));
	ev.pid = ev.tid = s->child;
	if (WIFEXITED(st)) {
		ev.type = SYSGATE_EV_EXIT;
		ev.status = WEXITSTATUS(st);
	} else {
		ev.type = SYSGATE_EV_KILLED;
		ev.status = WTERMSIG(st);
		ev.core_dumped = WCOREDUMP(st) ? 1 : 0;
	}
	icp_event(s, &ev);
	icp_note_status(s, s->child, st);
	icp_del(&s->tab, s->child);
}

static void unf_notification(struct sysgate_intercept *s,
			     struct seccomp_notif *n,
			     struct seccomp_notif_resp *r)
{
	/*
	 * tid -> tgid is cached from /proc at a tid's first notification;
	 * exits are not seen, so a tid reused by a new task keeps the old
	 * tgid (pid_max makes that rare within one session).
	 */
	struct icp_tracee *tr = icp_find(&s->tab, (pid_t)n->pid);
	struct sysgate_call c;
	int act = SYSGATE_ACT_CONTINUE, i;
	long nr = n->data.nr;
	unsigned int abi;

	if (!tr) {
		struct sysgate_event ev;
		pid_t tgid = icp_proc_tgid((pid_t)n->pid);

		tr = icp_add(&s->tab, (pid_t)n->pid, tgid ? tgid : (pid_t)n->pid);
		if (tr) {
			tr->flags = ICP_T_SEEN;
			memset(&ev, 0, sizeof(ev));
			ev.type = SYSGATE_EV_START;
			ev.pid = tr->pid;
			ev.tid = tr->tid;
			icp_event(s, &ev);
		}
	}
	memset(r, 0, sizeof(*r));
	r->id = n->id;
	r->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	abi = n->data.arch == AUDIT_ARCH_I386 ? SYSGATE_ABI_I386 :
	      (nr & 0x40000000) ? SYSGATE_ABI_X32 : SYSGATE_ABI_X86_64;
	if (tr && (tr->flags & ICP_T_PREEXEC)) {
		if (!icp_is_exec(abi, nr))
			return;	/* the child's own set-up calls */
		tr->flags &= ~ICP_T_PREEXEC;
	}
	if (!s->o.on_call)
		return;
	memset(&c, 0, sizeof(c));
	c.pid = tr ? tr->pid : (pid_t)n->pid;
	c.tid = (pid_t)n->pid;
	c.phase = SYSGATE_PHASE_ENTRY;
	c.backend = SYSGATE_BACKEND_UNOTIFY;
	c.flags = 0;
	c.nr = nr;
	c.abi = abi;
	for (i = 0; i < 6; i++)
		c.args[i] = abi == SYSGATE_ABI_I386 ?
				    n->data.args[i] & 0xffffffffULL :
				    n->data.args[i];
	c.ts_ns = icp_now_ns();
	c.regs.orig_rax = (unsigned long)nr;
	if (abi == SYSGATE_ABI_I386) {
		c.regs.rbx = c.args[0];
		c.regs.rcx = c.args[1];
		c.regs.rdx = c.args[2];
		c.regs.rsi = c.args[3];
		c.regs.rdi = c.args[4];
		c.regs.rbp = c.args[5];
	} else {
		c.regs.rdi = c.args[0];
		c.regs.rsi = c.args[1];
		c.regs.rdx = c.args[2];
		c.regs.r10 = c.args[3];
		c.regs.r8 = c.args[4];
		c.regs.r9 = c.args[5];
	}
	c.regs.rip = n->data.instruction_pointer;
	act = s->o.on_call(&c, s->o.ctx);
	if (act == SYSGATE_ACT_RETURN) {
		r->flags = 0;
		if (c.ret < 0 && c.ret >= -4095)
			r->error = (int)c.ret;
		else
			r->val = c.ret;
	} else if (act == SYSGATE_ACT_KILL) {
		kill(c.pid, SIGKILL);
		r->flags = 0;
		r->error = -EPERM;
	}
}

static void unf_kill_one(struct icp_tracee *tr, void *arg)
{
	(void)arg;
	kill(tr->pid, SIGKILL);
}

static void unf_shutdown(struct sysgate_intercept *s)
{
	/*
	 * Kill every process seen before the listener goes: once it is
	 * closed, their notified calls would fail with ENOSYS.
	 */
	icp_for_each(&s->tab, unf_kill_one, NULL);
	if (s->child > 0 && !s->child_reaped) {
		kill(s->child, SIGKILL);
		unf_child_exit(s, 1);
	}
	icp_table_free(&s->tab);
	if (s->listener >= 0) {
		close(s->listener);
		s->listener = -1;
	}
	if (s->pidfd >= 0) {
		close(s->pidfd);
		s->pidfd = -1;
	}
}

enum { UNF_EV_LISTENER, UNF_EV_WAKE, UNF_EV_CHILD };

static int unf_ep_add(int ep, int fd, unsigned int tag)
{
	struct epoll_event ev = { .events = EPOLLIN };

	ev.data.u32 = tag;
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int unf_run(struct sysgate_intercept *s)
{
	struct seccomp_notif_sizes sz = { 0 };
	struct seccomp_notif *n = NULL;
	struct seccomp_notif_resp *r = NULL;
	int rc = 0, hup = 0, ep = -1;
	unsigned long mem_ops;

	if (s->listener < 0)
		return 0;
	/*
	 * Wake the notifying task on this CPU and switch to it at once: a
	 * cross-CPU wake-up costs ten times the round trip.  Kernels before
	 * 6.6 lack it (EINVAL/ENOTTY): fine, just slower.
	 */
	ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	      SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz) < 0)
		return -errno;
	/* The kernel's structs may be larger than our headers' (newer ABI). */
	n = calloc(1, sz.seccomp_notif > sizeof(*n) ? sz.seccomp_notif : sizeof(*n));
	r = calloc(1, sz.seccomp_notif_resp > sizeof(*r) ?
			      sz.seccomp_notif_resp : sizeof(*r));
	if (!n || !r) {
		rc = -ENOMEM;
		goto out;
	}
	/*
	 * epoll rather than poll: the wait-queue entries are set up once,
	 * not on every round trip (a measurable part of a 6 us one).
	 */
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0) {
		rc = -errno;
		goto out;
	}
	if (unf_ep_add(ep, s->listener, UNF_EV_LISTENER) < 0 ||
	    unf_ep_add(ep, s->wake_fd[0], UNF_EV_WAKE) < 0 ||
	    (!s->child_reaped && unf_ep_add(ep, s->pidfd, UNF_EV_CHILD) < 0)) {
		rc = -errno;
		goto out;
	}
	while (!s->stop) {
		struct epoll_event evs[3];
		int i, nev, listener_ev = 0;

		if (hup && s->child_reaped)
			break;
		nev = epoll_wait(ep, evs, 3, hup ? 100 : -1);
		if (nev < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		for (i = 0; i < nev; i++) {
			switch (evs[i].data.u32) {
			case UNF_EV_WAKE: {
				char junk[16];

				/* interrupt(): the flag says it; empty the pipe */
				while (read(s->wake_fd[0], junk, sizeof(junk)) > 0)
					;
				break;
			}
			case UNF_EV_CHILD:
				unf_child_exit(s, 0);
				if (s->child_reaped)
					epoll_ctl(ep, EPOLL_CTL_DEL, s->pidfd, NULL);
				break;
			default:
				listener_ev = evs[i].events;
				break;
			}
		}
		if (s->stop)
			break;
		if (listener_ev & EPOLLIN) {
			memset(n, 0, sz.seccomp_notif > sizeof(*n) ?
					     sz.seccomp_notif : sizeof(*n));
			if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_RECV, n) < 0) {
				/* ENOENT: the caller died or was interrupted */
				if (errno == EINTR || errno == ENOENT)
					continue;
				rc = -errno;
				break;
			}
			mem_ops = icp_mem_ops;
			unf_notification(s, n, r);
			/*
			 * The handler read the caller's memory: only act if the
			 * notification is still the same call (the pid may be
			 * gone and reused).  Without reads SEND checks enough.
			 */
			if (mem_ops != icp_mem_ops &&
			    ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ID_VALID,
				  &n->id) < 0)
				continue;
			ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SEND, r);
		} else if (listener_ev & (EPOLLHUP | EPOLLERR)) {
			hup = 1;	/* nobody left using the filter */
			/* level-triggered HUP would spin: stop watching it */
			epoll_ctl(ep, EPOLL_CTL_DEL, s->listener, NULL);
		}
	}
	if (s->stop || rc < 0) {
		unf_shutdown(s);
		s->stop = 0;
		if (!rc)
			rc = -EINTR;
		goto out;
	}
	unf_child_exit(s, 1);
	icp_table_free(&s->tab);
	close(s->listener);
	s->listener = -1;
out:
	if (ep >= 0)
		close(ep);
	free(n);
	free(r);
	return rc;
}

const struct icp_backend_ops icp_unotify_ops = {
	.spawn = unf_spawn,
	.attach = unf_attach,
	.run = unf_run,
	.shutdown = unf_shutdown,
};

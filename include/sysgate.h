/* SPDX-License-Identifier: MIT */
/*
 * sysgate.h - the one public header of libsysgate.
 *
 * libsysgate puts a Linux x86-64 program's system calls under user-space
 * control: it executes system calls inside another process (one at a time
 * or batched through an injected stub), and it intercepts a process's own
 * system calls through the kernel's supervision hooks (ptrace, seccomp).
 *
 * Conventions (they hold for every function below unless its block says
 * otherwise):
 *  - Fallible functions return int or long: >= 0 is success, -errno is
 *    failure.  The library never sets errno and never returns a bare -1.
 *  - Constructors take a "struct sysgate_x **out" and set *out only on
 *    success.
 *  - Handles are opaque; a handle is used by one thread at a time.
 *  - A call run in or intercepted from another process has two results:
 *    the transport result (did we manage to run it?) and the call's own
 *    result (the kernel's -errno), kept apart as in an io_uring CQE.
 *
 * This header is the reference: each function documents ownership,
 * thread/signal safety and the exact -E values it returns.
 */
#ifndef SYSGATE_H
#define SYSGATE_H

#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SYSGATE_API
#define SYSGATE_API __attribute__((visibility("default")))
#endif

#define SYSGATE_VERSION_MAJOR 0
#define SYSGATE_VERSION_MINOR 1
#define SYSGATE_VERSION_PATCH 0

/* "MAJOR.MINOR.PATCH" of the library actually linked. */
SYSGATE_API const char *sysgate_version(void);

/* ===================================================================== */
/* Processes and the remote-execution engine                             */
/* ===================================================================== */

/*
 * A process under the supervisor's control, with the sysgate stub
 * (a code page and a data area shared with the supervisor) installed in
 * its address space.  System calls run in it through the stub.
 */
struct sysgate_proc;
/* A queue of system calls to run in a process in one round trip. */
struct sysgate_batch;

/* Flags for sysgate_proc_spawn() and sysgate_proc_attach(). */
enum {
	/* Start on the futex transport instead of ptrace (see below). */
	SYSGATE_PROC_FUTEX = 1u << 0,
};

/* How requests reach the stub in the child. */
enum sysgate_transport {
	/* Set registers, PTRACE_CONT, wait for the stub's int3. */
	SYSGATE_TRANSPORT_PTRACE = 0,
	/*
	 * A stub thread in the child waits on a futex in the shared data
	 * area: no ptrace round trip per call (~30x faster single calls),
	 * same results and batch semantics.  The thread blocks every signal,
	 * sets no_new_privs and is locked by a seccomp filter of its own
	 * (other threads are untouched): calls may come only from the stub
	 * code page; there exit, execve, execveat, clone, clone3, fork,
	 * vfork and rt_sigreturn fail with -EPERM, and a syscall from
	 * anywhere else on that thread kills the process (SIGSYS).  The
	 * thread-group leader stays in its ptrace stop meanwhile.
	 */
	SYSGATE_TRANSPORT_FUTEX = 1,
};

/* Result of one flush of a batch. */
struct sysgate_batch_result {
	unsigned int ran;	/* entries run, the failing one included */
	int failed;		/* index of the first failing entry, or -1 */
	long error;		/* that entry's -errno (-EFAULT for MAP_FIXED
				 * mmap that landed elsewhere), 0 if none */
};

/* Counters of one batch since sysgate_batch_new(). */
struct sysgate_batch_stats {
	unsigned long ops_queued;	/* add calls accepted */
	unsigned long ops_merged;	/* of those, merged into the previous entry */
	unsigned long flushes;		/* round trips to the child */
	unsigned long ops_executed;	/* entries the child ran */
};

/*
 * sysgate_proc_spawn - start argv[0] (searched in PATH when it has no '/')
 * stopped at its first user-space instruction after execve, with the stub
 * installed.  envp NULL means the supervisor's environment.  The child
 * dies when the supervisor dies (PR_SET_PDEATHSIG) and is killed and reaped
 * by sysgate_proc_free().  All its signals are blocked until detach.
 *
 * Thread affinity: PR_SET_PDEATHSIG and ptrace are tied to the calling
 * thread.  Every call on p must come from it, and it must outlive p (its
 * exit kills a spawned child).  The same holds for sysgate_proc_attach().
 *
 * flags: 0 or SYSGATE_PROC_FUTEX.
 * Returns 0, -EINVAL (bad argument or flag), -ENOENT/-EACCES/... (execve
 * failed in the child, its errno), -ENOMEM, -EPERM (ptrace refused).
 */
SYSGATE_API int sysgate_proc_spawn(char *const argv[], char *const envp[],
				   unsigned int flags, struct sysgate_proc **out);

/*
 * sysgate_proc_attach - seize a running process with ptrace, interrupt its
 * thread-group leader and inject the stub.  Every register, the signal mask
 * and every mapping the stub added are restored by sysgate_proc_free() /
 * sysgate_proc_detach(); the process then runs on as if nothing happened.
 * Only the leader stops; other threads run on.  A system call the leader
 * was blocked in is restarted at detach.  Signals arriving meanwhile stay
 * pending (blocked) until detach; SIGSTOP is swallowed.  An attached
 * process is never reaped by the library, even when it dies.
 *
 * Returns 0, -ESRCH (no such process), -EPERM (not allowed to ptrace it),
 * -EBUSY (already traced), -EINVAL, -ENOMEM.
 */
SYSGATE_API int sysgate_proc_attach(pid_t pid, unsigned int flags,
				    struct sysgate_proc **out);

/* The process id (thread-group id) of p. */
SYSGATE_API pid_t sysgate_proc_pid(const struct sysgate_proc *p);

/*
 * sysgate_proc_detach - remove the stub, restore what it touched and let
 * the process run on, freeing p.  For a spawned child this starts the
 * program; the caller may then waitpid() it (it stays the caller's child).
 * Returns 0, or -ESRCH when the process died (p is freed all the same),
 * -EINVAL (p NULL), -EBUSY (a batch of p is still open; nothing done).
 */
SYSGATE_API int sysgate_proc_detach(struct sysgate_proc *p);

/*
 * sysgate_proc_free - spawned: kill and reap the child; attached: restore
 * and detach (as sysgate_proc_detach()).  NULL is a no-op.  A batch of p
 * still open stays valid to free; its other calls then return -ESRCH.
 *
 * If the supervisor dies while attached, the kernel lets the process go
 * with the stub's registers: it will most likely die (SIGTRAP).
 */
SYSGATE_API void sysgate_proc_free(struct sysgate_proc *p);

/*
 * sysgate_proc_set_transport - switch how requests reach the stub.
 * To SYSGATE_TRANSPORT_FUTEX: clones the stub thread (through ptrace,
 * once); from it: the thread exits (one stuck in a call is interrupted
 * with ptrace and made to exit) and its futex words are reset.  A child
 * that dies while a futex call waits is seen within ~32 ms (at once when
 * the stub thread's clear_child_tid wakes us); a child that scribbles on
 * the futex words gets -EIO and the transport refuses further calls
 * (-EIO, sysgate_proc_alive() 0) until switched away.  A SIGSTOP that
 * freezes the stub thread is undone with SIGCONT (the ptrace transport
 * discards stop signals the same way).
 * Returns 0, -EINVAL, -ENOSYS (the kernel lacks what the transport needs;
 * the old transport stays), -ESRCH (the process died), -EBUSY (an
 * earlier stub thread could not be made to exit and still runs), -EIO
 * (the new stub thread answered wrongly or not within 2 s),
 * -EAGAIN/-ENOMEM (clone failed), -EPERM (the child's own seccomp filter
 * refuses clone or seccomp to it).
 */
SYSGATE_API int sysgate_proc_set_transport(struct sysgate_proc *p,
					   enum sysgate_transport t);
SYSGATE_API enum sysgate_transport
sysgate_proc_transport(const struct sysgate_proc *p);

/*
 * sysgate_remote_syscall - run one system call in p through the stub's
 * single-call path and return the call's own result (-errno on failure).
 *
 * Transport failures share the result space and are the only ones that do:
 * -ESRCH means the process is gone (or died during the call), -EIO means
 * the stub area was corrupted by the child.  A call that legitimately
 * fails with ESRCH or EIO cannot be told apart; check sysgate_proc_alive().
 *
 * The call blocks as long as the call blocks in the child, unless a
 * timeout is set (sysgate_proc_set_timeout()) or the call is interrupted
 * (sysgate_proc_interrupt()): then the child's call returns -EINTR there
 * and this returns -ETIMEDOUT or -EINTR (see below).  A successful execve (ptrace transport) returns 0: a new stub
 * is installed in the new program, stopped at its first instruction, and
 * scratch starts empty.  In a batch it makes the flush -EIO.
 */
SYSGATE_API long sysgate_remote_syscall(struct sysgate_proc *p, long nr,
					long a0, long a1, long a2, long a3,
					long a4, long a5);

/*
 * sysgate_proc_set_timeout - bound every later remote call of p (each
 * sysgate_remote_syscall(), each batch round trip, automatic flushes
 * included) to ms milliseconds; 0 (the default) means no bound.  A call
 * still running after ms is interrupted in the child, as
 * sysgate_proc_interrupt() does, and reported as -ETIMEDOUT:
 *  - single call: the child's system call is stopped and returns -EINTR
 *    there, without restart; sysgate_remote_syscall() returns -ETIMEDOUT;
 *  - batch: the entry running at the deadline is the failing one: the
 *    flush returns 1 with res->failed = its index, res->error =
 *    -ETIMEDOUT, sysgate_batch_entry_result() of it -ETIMEDOUT; the
 *    entries before it ran, the ones after it did not;
 *  - the process stays usable: the next call runs normally.
 * A call that completes in the same instant keeps its own result.  A call
 * in an uninterruptible sleep (state D) ends only when the kernel lets
 * it; a thread caught between two entries of a batch has the next one cut
 * short instead (it runs getppid and returns -EINTR).  As with -ESRCH and
 * -EIO, a call that itself fails with ETIMEDOUT (connect) reads the same.
 * The ptrace transport waits in waitpid, so the first timed call starts
 * one watchdog thread per process (all signals blocked), joined by
 * detach/free; the futex transport checks the clock itself.  Neither adds
 * a system call to a call that does not time out, unless calls are
 * sparser than ms (the watchdog is woken once after a quiet period).
 * Call on the thread that uses p.  Returns 0 or -EINVAL (p NULL).
 */
SYSGATE_API int sysgate_proc_set_timeout(struct sysgate_proc *p,
					 unsigned int ms);

/*
 * sysgate_proc_interrupt - end the remote call of p in flight (single
 * call or batch round trip) as a timeout does, but reported as -EINTR:
 * sysgate_remote_syscall() returns -EINTR; a flush returns 1 with the
 * interrupted entry failed with -EINTR and the later ones not run.
 * Async-signal-safe and callable from any thread or a signal handler
 * (atomics and raw system calls only: a SIGSTOP to the stopped-in-stub
 * leader on the ptrace transport, which the library swallows and which
 * never stops the program; a FUTEX_WAKE on the futex transport).  Nothing
 * is remembered when no call is in flight.  p must stay valid during the
 * call (do not race it with sysgate_proc_free()).
 * Returns 0 (a call was in flight and is being ended), -EAGAIN (no call
 * in flight; nothing done), -EINVAL (p NULL).
 */
SYSGATE_API int sysgate_proc_interrupt(struct sysgate_proc *p);

/* 1 while the process exists and the stub answers, else 0. */
SYSGATE_API int sysgate_proc_alive(const struct sysgate_proc *p);

/*
 * sysgate_proc_error - why the last -EIO (corrupted stub area, stub
 * fault) or set-up failure happened, "" when nothing was recorded.  The
 * library prints nothing itself; with SYSGATE_DEBUG set in the
 * environment it also writes each message to stderr.  Valid until the
 * next call on p.
 */
SYSGATE_API const char *sysgate_proc_error(const struct sysgate_proc *p);

/*
 * sysgate_proc_release - let the process run on its own while calls keep
 * going through the futex transport (live surgery: the program is not
 * held in a ptrace stop, and no ptrace is used per call).  The leader's
 * registers and signal mask are put back and ptrace lets go of it; the
 * stub thread and area stay.  Later: single calls, batches, scratch,
 * send_fd, timeouts and interrupts work as before; set_transport() and
 * sysgate_proc_call() need the leader and return -EBUSY.  detach()/free()
 * seize the leader again to remove the stub (if that is refused, -EPERM:
 * the stub thread is told to exit and the area stays mapped); an execve
 * by the program ends the channel (its calls then fail).
 * Returns 0 (also when already released), -EOPNOTSUPP unless the futex
 * transport is in use, -ESRCH when the process is gone, -EINVAL.
 */
SYSGATE_API int sysgate_proc_release(struct sysgate_proc *p);

/*
 * sysgate_proc_call - call the function at fn in the child with up to six
 * integer arguments (args may be NULL), as a debugger's inferior call
 * does, and put its rax in *ret (may be NULL).  This is how code mapped
 * into the child (an agent: mmap + write + mprotect through the engine)
 * gets run.  The leader runs it on the program's own stack below the red
 * zone, with the registers saved at attach/spawn, every signal blocked
 * and DF clear, and returns to an int3 in the stub's code page; ptrace
 * drives it whatever the transport.  The function may make system calls;
 * it must return (not longjmp away, not exit the thread).
 * Returns 0, -EFAULT when the function faulted (the signal is not
 * delivered, the process lives on; sysgate_proc_error() says where),
 * -ETIMEDOUT / -EINTR when sysgate_proc_set_timeout() or
 * sysgate_proc_interrupt() abandoned it (wherever it was: locks it took
 * stay taken), -ENOEXEC when it executed a new program (the stub is
 * re-armed), -ESRCH when the process died, -EBUSY when the stub is not
 * mapped, -EINVAL for a NULL p or fn.
 */
SYSGATE_API int sysgate_proc_call(struct sysgate_proc *p, unsigned long fn,
				  const unsigned long args[6],
				  unsigned long *ret);

/*
 * Scratch memory: part of the data area, mapped in both processes, for
 * pointer arguments (paths, structs) and output buffers.  Allocation is a
 * bump pointer reset by sysgate_proc_scratch_reset(); the caller decides
 * when it is done with the data (e.g. after a flush).
 *
 * sysgate_proc_scratch_alloc - reserve len bytes (16-byte aligned); *local
 * is where the supervisor reads/writes them, *remote their address in the
 * child.  Returns 0, -EINVAL, -ENOSPC (scratch exhausted).
 */
SYSGATE_API int sysgate_proc_scratch_alloc(struct sysgate_proc *p, size_t len,
					   void **local, unsigned long *remote);
/* Copy len bytes in; returns 0 and *remote, or as above. */
SYSGATE_API int sysgate_proc_scratch_put(struct sysgate_proc *p,
					 const void *buf, size_t len,
					 unsigned long *remote);
SYSGATE_API void sysgate_proc_scratch_reset(struct sysgate_proc *p);
/* Scratch bytes the data area holds in all. */
SYSGATE_API size_t sysgate_proc_scratch_size(const struct sysgate_proc *p);

/*
 * sysgate_proc_send_fd - give the child a duplicate of the supervisor's
 * file descriptor fd (SCM_RIGHTS through a socket the stub creates, or
 * pidfd_getfd() from the child's side).  Returns the child-side fd number,
 * -EBADF, -ESRCH, or the -errno of the step that failed.
 */
SYSGATE_API int sysgate_proc_send_fd(struct sysgate_proc *p, int fd);

/*
 * Batches.  Entries are [nr, a0..a5] tuples in the data area, run in order
 * by the stub's loop in one round trip (up to sysgate_batch_capacity(),
 * 1024, per round trip).  The loop stops at the first entry
 * that fails: a result in [-4095, -1], or for a MAP_FIXED mmap an address
 * other than the one asked for.  Everything the child writes back is
 * validated; a corrupted result area is reported as -EIO.
 *
 * sysgate_batch_new - a batch for p; p must outlive it.
 * Returns 0, -EINVAL, -ENOMEM, -EBUSY (p already has a batch open).
 */
SYSGATE_API int sysgate_batch_new(struct sysgate_proc *p,
				  struct sysgate_batch **out);

/*
 * Add one operation.  Returns the index of the entry the op went into
 * (a merged op returns the entry it merged into), or -errno.  When the
 * queue is full it is flushed first (auto-flush); an error of an
 * automatic flush is sticky: later adds return -ECANCELED and the next
 * sysgate_batch_flush() reports it.
 *
 * mmap/munmap/mprotect merge into the previous entry when contiguous and
 * compatible (same prot and flags, same fd, contiguous file offset);
 * sysgate_batch_syscall() never merges.
 */
SYSGATE_API int sysgate_batch_syscall(struct sysgate_batch *b, long nr,
				      long a0, long a1, long a2, long a3,
				      long a4, long a5);
SYSGATE_API int sysgate_batch_mmap(struct sysgate_batch *b, unsigned long addr,
				   unsigned long len, int prot, int flags,
				   int fd, long off);
SYSGATE_API int sysgate_batch_munmap(struct sysgate_batch *b,
				     unsigned long addr, unsigned long len);
SYSGATE_API int sysgate_batch_mprotect(struct sysgate_batch *b,
				       unsigned long addr, unsigned long len,
				       int prot);

/*
 * sysgate_batch_syscall_refs - add a generic call whose arguments may be
 * results of earlier ops of the same batch, resolved by the stub when the
 * entry runs (e.g. openat, then dup2($0, 1), then close($0)).
 * refs[i] == -1: argument i is args[i]; refs[i] == k >= 0: argument i is
 * the result of the op whose add call returned k (since the last explicit
 * flush).  If entry k already ran in an automatic flush, its known result
 * is substituted now.  refs may be NULL (all literal).  Never merges.
 * Returns the entry's index, -EINVAL (bad nr, refs[i] < -1, or k not an
 * earlier op), -ECANCELED (sticky error pending), -ESRCH, -ENOMEM.
 */
SYSGATE_API int sysgate_batch_syscall_refs(struct sysgate_batch *b, long nr,
					   const long args[6],
					   const int refs[6]);

/*
 * sysgate_batch_flush - run what is queued (nothing queued: res->ran = 0)
 * and empty the queue.  res may be NULL.  Entry indices (res->failed,
 * sysgate_batch_entry_result()) are the ones the add calls returned:
 * they count from the previous explicit flush across automatic flushes,
 * and res->ran counts every entry run since then.  After the flush,
 * indices start at 0 again.
 * Returns 0 when every entry ran and succeeded; 1 when an entry failed
 * (res says which and why; entries after it did not run; an entry cut
 * short by a timeout or sysgate_proc_interrupt() fails with -ETIMEDOUT
 * or -EINTR, see sysgate_proc_set_timeout()); -ESRCH
 * (process gone), -EIO (result area corrupted; sysgate_proc_error() says
 * how; no result of that round trip is kept), or the sticky error of an
 * earlier automatic flush.  On -errno, res->failed = -1 and res->error
 * is the same -errno.
 */
SYSGATE_API int sysgate_batch_flush(struct sysgate_batch *b,
				    struct sysgate_batch_result *res);

/* Result of entry i of the last flush (valid for i < res.ran): 0 and
 * *ret, or -EINVAL. */
SYSGATE_API int sysgate_batch_entry_result(const struct sysgate_batch *b,
					   unsigned int i, long *ret);

/* Number of entries currently queued. */
SYSGATE_API unsigned int sysgate_batch_queued(const struct sysgate_batch *b);
/* Entries one flush can hold. */
SYSGATE_API unsigned int sysgate_batch_capacity(const struct sysgate_batch *b);

SYSGATE_API int sysgate_batch_stats(const struct sysgate_batch *b,
				    struct sysgate_batch_stats *st);
SYSGATE_API void sysgate_batch_free(struct sysgate_batch *b);

/* ===================================================================== */
/* Another process's memory                                              */
/* ===================================================================== */

/*
 * Read/write len bytes at addr in process pid (process_vm_readv/writev,
 * falling back to /proc/PID/mem, which also writes read-only pages).
 * Return the number of bytes transferred (short at an unmapped page),
 * 0 for len 0, -EFAULT when none could be, -ESRCH (no such process),
 * -EPERM/-EACCES (not allowed: the same rule as ptrace attach),
 * -EINVAL (pid <= 0, buf NULL with len > 0).
 * Thread-safe; the process need not be stopped (a running process may
 * change the bytes while they are copied).  From a handler, the process
 * of the call (c->pid) is stopped in that call on the ptrace backends.
 */
SYSGATE_API long sysgate_mem_read(pid_t pid, unsigned long addr, void *buf,
				  size_t len);
SYSGATE_API long sysgate_mem_write(pid_t pid, unsigned long addr,
				   const void *buf, size_t len);
/*
 * Read a NUL-terminated string of at most len - 1 bytes into buf (always
 * terminated).  Returns its length, or len when it was truncated, or
 * -EFAULT (addr unmapped, or the string runs into an unmapped page before
 * its NUL), -ESRCH, -EPERM, -EINVAL (len 0, buf NULL, pid <= 0).  Reads
 * page by page, so a string that ends right before an unmapped page is
 * read without touching it.
 */
SYSGATE_API long sysgate_mem_read_str(pid_t pid, unsigned long addr,
				      char *buf, size_t len);

/* ===================================================================== */
/* System call table, constants                                          */
/* ===================================================================== */

/* strace-style syscall classes. */
enum {
	SYSGATE_CLASS_FILE	= 1u << 0,	/* %file: takes a file name */
	SYSGATE_CLASS_NETWORK	= 1u << 1,	/* %network */
	SYSGATE_CLASS_PROCESS	= 1u << 2,	/* %process */
	SYSGATE_CLASS_MEMORY	= 1u << 3,	/* %memory */
	SYSGATE_CLASS_SIGNAL	= 1u << 4,	/* %signal */
	SYSGATE_CLASS_IPC	= 1u << 5,	/* %ipc */
	SYSGATE_CLASS_DESC	= 1u << 6,	/* %desc: takes or returns an fd */
	SYSGATE_CLASS_CREDS	= 1u << 7,	/* %creds */
	SYSGATE_CLASS_CLOCK	= 1u << 8,	/* %clock */
};

/* Highest x86-64 syscall number the table knows + 1. */
SYSGATE_API long sysgate_syscall_count(void);
/* Name of nr, or NULL when unknown (print as "syscall_NNN"). */
SYSGATE_API const char *sysgate_syscall_name(long nr);
/* Number of a name ("openat", or "syscall_NNN"), or -ENOENT. */
SYSGATE_API long sysgate_syscall_lookup(const char *name);
/* SYSGATE_CLASS_* bits of nr (0 when unknown). */
SYSGATE_API unsigned int sysgate_syscall_classes(long nr);
/* Class bit for "file", "%file", ... or 0. */
SYSGATE_API unsigned int sysgate_class_lookup(const char *name);
/*
 * The same for a call of another ABI (sysgate_call.abi, enum sysgate_abi
 * below): name of nr in that ABI's table ("write" for i386 4; x32 numbers
 * with or without bit 30), or NULL.  SYSGATE_ABI_X86_64 is
 * sysgate_syscall_name().
 */
SYSGATE_API const char *sysgate_syscall_abi_name(unsigned int abi, long nr);
/*
 * The x86_64 number of the call of the same name as nr of abi (i386 4 ->
 * 1, write), or -ENOENT when x86_64 has none (i386 stat64, socketcall).
 * The same name does not mean the same argument layout: structs and
 * 64-bit values differ between i386 and x86_64.
 */
SYSGATE_API long sysgate_syscall_abi_to_x86_64(unsigned int abi, long nr);

/*
 * Value of a symbolic constant of a common family (O_*, AT_*, PROT_*,
 * MAP_*, SIG*, F_*, E* errno names, ...), values taken from the system
 * headers at build time.  Returns 0 and *val, or -ENOENT.
 */
SYSGATE_API int sysgate_const_lookup(const char *name, long *val);
/* "ENOENT" for 2, NULL when unknown. */
SYSGATE_API const char *sysgate_errno_name(int err);
/* "SIGKILL" for 9, NULL when unknown. */
SYSGATE_API const char *sysgate_signal_name(int sig);

/* ===================================================================== */
/* Interception                                                          */
/* ===================================================================== */

/*
 * Backends, what each gives the handler (sysgate_call.flags says it per
 * call, so a handler can be written once):
 *
 *            exit phase  rewrite  regs  attach  events
 *   ptrace   yes         yes      yes   yes     all
 *   sysemu   if run      yes      yes   yes     all
 *   unotify  no          no       no    no      START (a tid's first
 *                                               call), EXIT/KILLED of
 *                                               the spawned child only
 *
 * ptrace: a spawned child gets a seccomp filter returning RET_TRACE for
 * the wanted calls (and RET_ALLOW for the rest, which then cost ~50 ns
 * more than untraced and never stop); a wanted call stops once at entry
 * and once at exit (none at exit with SYSGATE_NO_EXIT_PHASE).  Attached
 * processes cannot get the filter: every call stops, unwanted ones are
 * resumed at once.
 * sysemu: one stop per call, the kernel has already skipped it; an
 * emulated call (RETURN) costs one stop and has no exit phase.  A call
 * that must really run (CONTINUE, or outside the filter) is re-issued
 * and costs three stops, four when the handler saw it and wants exits
 * (no SYSGATE_NO_EXIT_PHASE): then its real exit is reported as on
 * ptrace (SYSGATE_CALL_HAS_EXIT without SYSGATE_CALL_EXIT_AFTER_RETURN;
 * the result can be changed there; the spawned child's first execve,
 * entered under PTRACE_SYSCALL, has both flags).  A signal handler that
 * runs between the skip and the re-run makes its calls' entries and
 * exits come before that exit.  For handlers that emulate nearly
 * everything; auto never picks it.
 * unotify: one round trip per wanted call, no ptrace (so it composes
 * with a debugger).  SYSGATE_ACT_CONTINUE is NOT a security boundary for
 * pointer arguments: the kernel reads the memory again when the call
 * runs, after the handler looked, and another thread can change it in
 * between; decide on pointed-to data only to deny or emulate.  Only one
 * listener per process tree: under another one (a container runtime,
 * another sysgate) the kernel says EBUSY; the backend is then refused
 * and auto falls back to ptrace.
 *
 * setuid: exec of a setuid binary by a tracee takes effect when the
 * supervisor is root (ptrace: the tracer has CAP_SYS_PTRACE; the filter
 * is installed without no_new_privs since root may); under an
 * unprivileged supervisor the exec runs without the privilege (ptrace:
 * the kernel drops it; seccomp: no_new_privs).  Interception continues
 * across the exec either way.
 *
 * Other ABIs: a 64-bit tracee may enter the kernel through int 0x80 (the
 * i386 table, i386 argument registers) or with the x32 bit set; a 32-bit
 * tracee always does.  Every backend reports such calls with
 * sysgate_call.abi saying which, nr in that ABI's numbering and args[] in
 * its argument order; filter bitmaps are in x86_64 numbers, so calls of
 * another ABI always reach the handler (a hostile tracee cannot slip a
 * call past a filter by switching ABI).  Kernels before 5.3 lack
 * PTRACE_GET_SYSCALL_INFO: the ptrace backends then cannot tell int 0x80
 * from syscall in a 64-bit tracee and report x86_64.
 */
enum sysgate_backend {
	SYSGATE_BACKEND_AUTO = 0,	/* fastest that works */
	SYSGATE_BACKEND_PTRACE,		/* PTRACE_SYSCALL + seccomp prefilter */
	SYSGATE_BACKEND_SYSEMU,		/* PTRACE_SYSEMU: one stop per call */
	SYSGATE_BACKEND_UNOTIFY,	/* seccomp user notification, no ptrace */
};
/* "ptrace", ... or NULL. */
SYSGATE_API const char *sysgate_backend_name(enum sysgate_backend b);

enum sysgate_phase {
	SYSGATE_PHASE_ENTRY = 1,
	SYSGATE_PHASE_EXIT = 2,
};

/*
 * The register frame in the kernel's struct pt_regs order
 * (arch/x86/include/asm/ptrace.h): what entry_SYSCALL_64 pushed.
 * rcx and r11 hold the return rip and rflags (clobbered by syscall).
 */
struct sysgate_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx;
	unsigned long r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	unsigned long orig_rax;
	unsigned long rip, cs, eflags, rsp, ss;
};

/* sysgate_call.abi: which system call table and argument registers. */
enum sysgate_abi {
	SYSGATE_ABI_X86_64 = 0,	/* syscall: rdi rsi rdx r10 r8 r9 */
	SYSGATE_ABI_I386,	/* int 0x80, sysenter, 32-bit code:
				 * ebx ecx edx esi edi ebp */
	SYSGATE_ABI_X32,	/* syscall with nr | 0x40000000 */
};

/* sysgate_call.flags */
enum {
	SYSGATE_CALL_REGS = 1u << 0,	/* regs holds the full frame */
	SYSGATE_CALL_CAN_REWRITE = 1u << 1, /* args changes take effect */
	/* An exit phase follows if the handler lets the call run. */
	SYSGATE_CALL_HAS_EXIT = 1u << 2,
	/*
	 * ... and also after SYSGATE_ACT_RETURN at entry (ptrace: c->ret is
	 * the emulated value there).  Without it an emulated call is over
	 * at its entry (sysemu).
	 */
	SYSGATE_CALL_EXIT_AFTER_RETURN = 1u << 3,
	/* stime_ns holds the tracee's system CPU time (SYSGATE_CPU_TIME). */
	SYSGATE_CALL_STIME = 1u << 4,
};

/*
 * One intercepted system call, the same on every backend.  The handler may
 * change args[] (and nr) at entry, taken when SYSGATE_CALL_CAN_REWRITE and
 * the handler returns CONTINUE; and ret, taken with SYSGATE_ACT_RETURN.
 * At exit nr and args[] are the values the call ran with.  Without
 * SYSGATE_CALL_REGS only regs.orig_rax, the argument registers (of the
 * call's abi), regs.rip and (ptrace) regs.rsp are filled in.  The struct
 * is valid during the handler only.
 */
struct sysgate_call {
	pid_t pid;			/* thread-group id */
	pid_t tid;			/* thread */
	enum sysgate_phase phase;
	enum sysgate_backend backend;
	unsigned int flags;		/* SYSGATE_CALL_* */
	long nr;			/* orig_rax, in the numbering of abi */
	unsigned long args[6];		/* rdi rsi rdx r10 r8 r9 (x86_64) */
	long ret;			/* exit: the result (-errno) */
	unsigned long long ts_ns;	/* CLOCK_MONOTONIC at the stop */
	struct sysgate_regs regs;	/* when SYSGATE_CALL_REGS */
	/*
	 * With SYSGATE_CPU_TIME on the ptrace backends (SYSGATE_CALL_STIME
	 * set): the system CPU time the stopped tracee's process (all its
	 * threads, plus its reaped children) had used at this stop, from the
	 * rusage wait4() returns; the exit's value minus the entry's is the
	 * call's system time (what strace -c shows).  Else 0.
	 */
	unsigned long long stime_ns;
	/*
	 * enum sysgate_abi of this call; nr and args[] are in its terms
	 * (i386: args[] are the low halves of ebx ecx edx esi edi ebp, as
	 * the kernel uses them; results are 32-bit, sign-extended).
	 */
	unsigned int abi;
};

/* What a handler returns. */
enum sysgate_action {
	/* Entry: run the call (with args[] as the handler left them).
	 * Exit: keep the result. */
	SYSGATE_ACT_CONTINUE = 0,
	/* Entry: do not run it; the caller sees c->ret.
	 * Exit: the caller sees c->ret instead of the real result. */
	SYSGATE_ACT_RETURN = 1,
	/* Kill the whole process with SIGKILL (the call does not return). */
	SYSGATE_ACT_KILL = 2,
};
/* Any other value a handler returns is taken as SYSGATE_ACT_CONTINUE. */

enum sysgate_event_type {
	SYSGATE_EV_START = 1,	/* spawned process, each attached thread,
				 * unotify: each tid at its first call */
	SYSGATE_EV_FORK,	/* pid made child (fork/vfork/clone/clone3) */
	SYSGATE_EV_EXEC,	/* pid completed execve (former tid in child) */
	SYSGATE_EV_SIGNAL,	/* signal delivered to tid (info; status = signo);
				 * it is passed on to the tracee */
	SYSGATE_EV_EXIT,	/* tid exited with status */
	SYSGATE_EV_KILLED,	/* tid killed by signal status (core: child) */
	SYSGATE_EV_DETACH,	/* tid let go (interrupt of an attached one) */
};

struct sysgate_event {
	enum sysgate_event_type type;
	pid_t pid;			/* thread-group id */
	pid_t tid;
	pid_t child;			/* FORK: new tid; EXEC: former tid */
	int status;			/* EXIT: code; KILLED: signal */
	int core_dumped;		/* KILLED */
	int is_thread;			/* FORK: CLONE_THREAD */
	siginfo_t info;			/* SIGNAL */
	unsigned long long ts_ns;
};

/*
 * Handlers run on the thread in sysgate_intercept_run(), one call at a
 * time, while the calling thread waits (stopped, or blocked in its
 * notification).  They may use sysgate_mem_*() on c->pid, and call
 * sysgate_intercept_interrupt(); not run() or free() of the same session.
 */
typedef int (*sysgate_call_fn)(struct sysgate_call *c, void *ctx);
typedef void (*sysgate_event_fn)(const struct sysgate_event *ev, void *ctx);

/* sysgate_intercept_opts.flags */
enum {
	/*
	 * Follow child processes (fork, vfork, clone, clone3).  Threads of
	 * a traced process are always followed.  Children not followed on
	 * the ptrace backend with a filter still run under the (inherited)
	 * filter, so they are traced silently: never reported.  unotify
	 * follows children whatever this flag says (the filter is
	 * inherited) but cannot report their forks or exits.
	 */
	SYSGATE_FOLLOW_FORKS = 1u << 0,
	/* The handler needs entries only (ptrace: one stop per call). */
	SYSGATE_NO_EXIT_PHASE = 1u << 1,
	/*
	 * The handler never changes args[] and needs no register frame:
	 * together with NO_EXIT_PHASE (and without FOLLOW_FORKS) this lets
	 * auto pick seccomp user notification, the cheapest round trip.
	 * On the ptrace backend a stop then reads only the kernel's account
	 * of the call (PTRACE_GET_SYSCALL_INFO: nr, args, ABI, ip, sp,
	 * result), not the whole frame (PTRACE_GETREGS costs twice that):
	 * no SYSGATE_CALL_REGS, regs has what the no-REGS rule below says.
	 */
	SYSGATE_NO_REWRITE = 1u << 2,
	/*
	 * Fill sysgate_call.stime_ns at each stop (ptrace, sysemu: the
	 * stopped tracee's rusage from wait4()).  unotify has no stopped
	 * tracee to ask and ignores it (no SYSGATE_CALL_STIME).  Off, the
	 * run loop does not ask the kernel for rusage at all.
	 */
	SYSGATE_CPU_TIME = 1u << 3,
};

/* Options; NULL means defaults (auto backend, all calls, no follow). */
struct sysgate_intercept_opts {
	size_t sz;			/* sizeof(struct sysgate_intercept_opts) */
	enum sysgate_backend backend;
	unsigned int flags;		/* SYSGATE_FOLLOW_FORKS, ... */
	/*
	 * Bitmap of the syscall numbers the handler wants to see, bit nr in
	 * filter[nr / 64]; NULL = all.  The rest run without a stop
	 * (seccomp prefilter), execve/execveat are always seen.
	 */
	const uint64_t *filter;
	unsigned int filter_bits;
	sysgate_call_fn on_call;
	sysgate_event_fn on_event;
	void *ctx;
};

/* A set of processes under interception, driven by one thread. */
struct sysgate_intercept;

/*
 * sysgate_intercept_new - validate opts and probe the backend (auto: the
 * fastest the kernel allows: unotify when opts have NO_EXIT_PHASE and
 * NO_REWRITE and not FOLLOW_FORKS, else ptrace).  The probe forks a short
 * child.  opts is copied (the filter bitmap too).
 * Returns 0, -EINVAL (out NULL; opts->sz smaller than this struct up to
 * ctx, or bigger with non-zero bytes beyond it; unknown flag or backend;
 * filter without filter_bits or the reverse; filter_bits > 65536),
 * -ENOMEM, -ENOSYS (the backend the opts ask for is not available;
 * sysgate_intercept_error(NULL) then says why).
 */
SYSGATE_API int sysgate_intercept_new(const struct sysgate_intercept_opts *opts,
				      struct sysgate_intercept **out);
/*
 * Why the last backend probe or start failed, or why auto did not pick a
 * faster backend ("" when nothing failed).  Valid until the next call on s.
 * s NULL: why the last sysgate_intercept_new() of this thread failed.
 */
SYSGATE_API const char *sysgate_intercept_error(const struct sysgate_intercept *s);
/* The backend in use (never AUTO after sysgate_intercept_new()). */
SYSGATE_API enum sysgate_backend
sysgate_intercept_backend(const struct sysgate_intercept *s);

/*
 * sysgate_intercept_spawn - run argv (PATH-searched) under interception,
 * from its execve on (the handler sees that execve; the child's own
 * set-up calls before it are not reported).  envp NULL = environ.  The
 * program is looked up in the supervisor first, so a missing one fails
 * here; an execve that still fails in the child ends it with exit code
 * 127.  Spawned processes are killed if the supervisor dies (ptrace:
 * PTRACE_O_EXITKILL; unotify: PR_SET_PDEATHSIG).
 * Returns 0 and *pid (may be NULL), or -ENOENT/-EACCES/-ENAMETOOLONG
 * (program not found / not executable), -EINVAL (s or argv NULL, or
 * called from inside run()), -EPERM (ptrace refused), -EBUSY (unotify:
 * one spawn per session, or another listener: auto then falls back to
 * ptrace by itself), -ENOMEM, or -errno of fork/pipe.
 */
SYSGATE_API int sysgate_intercept_spawn(struct sysgate_intercept *s,
					char *const argv[], char *const envp[],
					pid_t *pid);
/*
 * sysgate_intercept_attach - seize every thread of a running process
 * (ptrace backends; auto switches to ptrace when nothing was spawned).
 * No filter can be installed in it, so every call stops.  interrupt()
 * and free() detach it and leave it running.
 * Returns 0, -ESRCH (no such process, or pid is not a thread-group
 * leader), -EPERM (not allowed), -EBUSY (already traced, by this session
 * or another tracer), -EOPNOTSUPP (unotify), -EINVAL.
 */
SYSGATE_API int sysgate_intercept_attach(struct sysgate_intercept *s, pid_t pid);

/*
 * sysgate_intercept_run - drive every tracee until none is left; handlers
 * run on this thread.  *status (may be NULL) gets the wait status of the
 * first spawned/attached process (0 when it was detached), so a CLI can
 * exit with WEXITSTATUS or 128 + WTERMSIG.
 * Call spawn/attach and run() on the same thread (ptrace ties tracees to
 * the thread that traces them).  The ptrace backends wait with
 * waitpid(-1, __WALL | __WNOTHREAD): children that other threads of the
 * process fork are never touched, but a child this thread forked itself
 * and that ends during run() is reaped by it (its status is lost), so
 * fork such children from another thread.  A short idle helper child
 * exists during run() so that interrupt() can wake the wait.
 * Returns 0, -EINTR after sysgate_intercept_interrupt() (spawned tracees
 * killed and reaped, attached ones detached; never left stopped),
 * -EINVAL (s NULL, or run() already running), or -errno of a failure
 * that stopped the run (tracees then handled as by interrupt).
 */
SYSGATE_API int sysgate_intercept_run(struct sysgate_intercept *s, int *status);

/*
 * Ask run() to stop: attached processes are detached (a call the handler
 * emulated keeps its result), spawned ones killed.  Async-signal-safe and
 * callable from any thread or a handler; takes effect at once even when
 * run() is blocked waiting.  Before run(), it makes the next run() return
 * -EINTR at once.
 */
SYSGATE_API void sysgate_intercept_interrupt(struct sysgate_intercept *s);

/* Frees s; tracees still present are handled as by interrupt. */
SYSGATE_API void sysgate_intercept_free(struct sysgate_intercept *s);

/* ===================================================================== */
/* The tracer: strace-format / JSON output, filters, fault injection     */
/* ===================================================================== */

/*
 * A ready-made handler: print calls in strace's format or as JSON lines,
 * filter them with strace-style -e expressions, inject faults.  Use it as
 * on_call/on_event of an interception (ctx = the trace).
 */
struct sysgate_trace;

/* sysgate_trace_opts.flags */
enum {
	SYSGATE_TRACE_JSON = 1u << 0,		/* --json */
	SYSGATE_TRACE_TIME = 1u << 1,		/* -t */
	SYSGATE_TRACE_TIME_US = 1u << 2,	/* -tt */
	SYSGATE_TRACE_DURATION = 1u << 3,	/* -T */
	SYSGATE_TRACE_FD_PATHS = 1u << 4,	/* -y */
	SYSGATE_TRACE_QUIET = 1u << 5,		/* -q */
	SYSGATE_TRACE_SUMMARY = 1u << 6,	/* -c: count, print nothing */
	SYSGATE_TRACE_PIDS = 1u << 7,		/* prefix lines with [pid N] */
	/*
	 * -w: -c times calls by wall clock (entry to exit).  Without it -c
	 * uses system CPU time when the calls carry SYSGATE_CALL_STIME
	 * (intercept with SYSGATE_CPU_TIME), wall time otherwise.
	 */
	SYSGATE_TRACE_WALL_TIME = 1u << 8,
	/* -x: a string holding a non-printable byte is all \xNN */
	SYSGATE_TRACE_HEX = 1u << 9,
	SYSGATE_TRACE_HEX_ALL = 1u << 10,	/* -xx: every string \xNN */
	/* -r: seconds since the previous line, before the line */
	SYSGATE_TRACE_RELATIVE = 1u << 11,
	SYSGATE_TRACE_TIME_EPOCH = 1u << 12,	/* -ttt: epoch seconds.us */
	/* -i: "[rip] " of the call (signal: where the thread stopped) */
	SYSGATE_TRACE_IP = 1u << 13,
	SYSGATE_TRACE_NR = 1u << 14,		/* -n: "[  nr] " */
	/*
	 * -k: after each call's line, the stack of the thread at its entry
	 * (" > module(symbol+0xoff) [0xpc]" per frame), unwound by elfutils'
	 * libdw, loaded when first needed: sysgate_trace_new() returns
	 * -ENOSYS when libdw.so.1 cannot be loaded.  Needs a tracee stopped
	 * by ptrace (the ptrace and sysemu backends; unotify prints none).
	 */
	SYSGATE_TRACE_STACK = 1u << 15,
};

struct sysgate_trace_opts {
	size_t sz;		/* sizeof(struct sysgate_trace_opts) */
	int out_fd;		/* where lines go */
	unsigned int flags;	/* SYSGATE_TRACE_* */
	int string_limit;	/* -s, 0 = 32 */
	/* Fields below are read only when sz covers them (0/NULL if not). */
	int align_column;	/* -a: column of " = ret", 0 = 40 */
	/*
	 * -ff: non-NULL: each thread's lines go to the file
	 * "<per_thread_prefix>.<tid>" (created 0666 & ~umask, truncated,
	 * when the thread is first seen; no [pid N] prefix there) and out_fd
	 * is used only for what is not a thread's (nothing today).  The
	 * string is copied.
	 */
	const char *per_thread_prefix;
};

/* Where and why an expression did not parse. */
struct sysgate_parse_error {
	int pos;		/* byte offset into the expression */
	char msg[200];
};

SYSGATE_API int sysgate_trace_new(const struct sysgate_trace_opts *opts,
				  struct sysgate_trace **out);
/*
 * Add one -e expression, as strace spells them: trace=SET,
 * inject=SET:OPT[:OPT...] with OPT error=E | retval=N | signal=SIG |
 * delay_enter=USEC | delay_exit=USEC | when=N|N+|N+S|N..M|N..M+S (at
 * least one besides when=; several rules may name the same call; the
 * first whose when= matches wins).  signal= sends SIG to the calling
 * thread at the call's entry (tgkill from the supervisor: the tracee sees
 * SI_TKILL); delay_enter= sleeps before the call runs, delay_exit= after
 * it returned, the supervisor's handler thread sleeping (every tracee
 * waits meanwhile).  The line of a delayed call ends in " (DELAYED)".
 * fault=SET[:OPT...] (error defaults to ENOSYS), status=LIST (successful,
 * failed, unfinished, unavailable, detached, all, none), signal=SET
 * (which "--- SIG... ---" lines are printed: names with or without SIG,
 * numbers 1-64, all, none, a leading ! negates).  Not thread-safe
 * against a running interception: add expressions before it starts.
 * Returns 0, or -EINVAL with *err (may be NULL) filled: byte position and
 * message, with the closest known names for an unknown one.
 */
SYSGATE_API int sysgate_trace_add_expr(struct sysgate_trace *t,
				       const char *expr,
				       struct sysgate_parse_error *err);
/*
 * sysgate_trace_add_path - -P PATH: print only the calls that access
 * PATH: by a path argument equal to PATH or to its resolved form
 * (realpath), or by a file descriptor argument (dirfd included) that
 * refers to it at the call's entry (/proc/PID/fd), so read(3, ...)
 * after openat(..., PATH) = 3 is printed, up to its close().  Several
 * paths may be added (any matches).  Signals and exits are printed as
 * usual; injection is not affected.  Before the interception starts.
 * Returns 0, -EINVAL (t or path NULL or empty, or longer than
 * PATH_MAX), -ENOMEM.
 */
SYSGATE_API int sysgate_trace_add_path(struct sysgate_trace *t,
				       const char *path);
/* Fill the interception filter bitmap with what the trace needs. */
SYSGATE_API int sysgate_trace_filter(const struct sysgate_trace *t,
				     uint64_t *filter, unsigned int bits);
SYSGATE_API int sysgate_trace_on_call(struct sysgate_call *c, void *trace);
SYSGATE_API void sysgate_trace_on_event(const struct sysgate_event *ev,
					void *trace);
/* Print the -c table to fd. */
SYSGATE_API int sysgate_trace_summary(struct sysgate_trace *t, int fd);
SYSGATE_API void sysgate_trace_free(struct sysgate_trace *t);

#ifdef __cplusplus
}
#endif

#endif /* SYSGATE_H */

/* SPDX-License-Identifier: MIT */
/*
 * strace-format lines from synthetic calls whose pointer arguments point
 * into this process (pid = getpid()): exact text, padding to column 40,
 * quoting and truncation, flags, errors, unfinished/resumed, exit lines.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "sysgate.h"
#include "test.h"

static struct sysgate_trace *t;
static int out;
static pid_t me;

static void start(unsigned int flags, const char *expr)
{
	struct sysgate_trace_opts o = { .sz = sizeof(o), .flags = flags };
	struct sysgate_parse_error err;

	out = memfd_create("trace", MFD_CLOEXEC);
	CHECK(out >= 0);
	o.out_fd = out;
	CHECK_EQ(sysgate_trace_new(&o, &t), 0);
	if (expr)
		CHECK_EQ(sysgate_trace_add_expr(t, expr, &err), 0);
}

/* Free the trace (flushes) and compare everything it wrote. */
static void expect(const char *want)
{
	static char got[8192];
	ssize_t n;

	sysgate_trace_free(t);
	n = pread(out, got, sizeof(got) - 1, 0);
	CHECK(n >= 0);
	got[n] = 0;
	close(out);
	if (strcmp(got, want))
		fprintf(stderr, "got:\n%s\nwant:\n%s\n", got, want);
	CHECK_STR(got, want);
}

static int call(pid_t tid, long nr, int phase, long ret,
		unsigned long a0, unsigned long a1, unsigned long a2,
		unsigned long a3)
{
	struct sysgate_call c;

	memset(&c, 0, sizeof(c));
	c.pid = tid;
	c.tid = tid;
	c.phase = phase;
	/* as ptrace gives them: an exit follows, also after RETURN */
	c.flags = SYSGATE_CALL_HAS_EXIT | SYSGATE_CALL_EXIT_AFTER_RETURN;
	c.nr = nr;
	c.args[0] = a0;
	c.args[1] = a1;
	c.args[2] = a2;
	c.args[3] = a3;
	c.ret = ret;
	return sysgate_trace_on_call(&c, t);
}

/* Entry and exit of one call. */
static void both(long nr, long ret, unsigned long a0, unsigned long a1,
		 unsigned long a2, unsigned long a3)
{
	CHECK_EQ(call(me, nr, SYSGATE_PHASE_ENTRY, 0, a0, a1, a2, a3),
		 SYSGATE_ACT_CONTINUE);
	CHECK_EQ(call(me, nr, SYSGATE_PHASE_EXIT, ret, a0, a1, a2, a3),
		 SYSGATE_ACT_CONTINUE);
}

static void event(int type, pid_t tid, int status)
{
	struct sysgate_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.pid = tid;
	ev.tid = tid;
	ev.status = status;
	if (type == SYSGATE_EV_SIGNAL) {
		ev.info.si_signo = SIGCHLD;
		ev.info.si_code = CLD_EXITED;
		ev.info.si_pid = 77;
		ev.info.si_status = 3;
	}
	sysgate_trace_on_event(&ev, t);
}

int main(void)
{
	static const char path[] = "/etc/passwd";
	static const char bin[] = "hello\n\0\001\"\\\t9";
	static const char longs[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	unsigned long st[18];
	char want[1024];
	int fd;

	me = getpid();

	start(0, NULL);
	both(SYS_openat, 3, (unsigned long)AT_FDCWD, (unsigned long)path,
	     O_RDONLY | O_CLOEXEC, 0);
	both(SYS_openat, -EACCES, (unsigned long)AT_FDCWD,
	     (unsigned long)"/x", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	both(SYS_read, 12, 3, (unsigned long)bin, 100, 0);
	both(SYS_write, 36, 1, (unsigned long)longs, 36, 0);
	both(SYS_close, 0, 3, 0, 0, 0);
	both(SYS_close, -EBADF, 99, 0, 0, 0);
	both(SYS_mmap, 0x7f0000001000, 0, 8192, PROT_READ | PROT_WRITE,
	     MAP_PRIVATE | MAP_ANONYMOUS);
	both(SYS_access, -ENOENT, (unsigned long)"/etc/ld.so.preload", R_OK,
	     0, 0);
	both(SYS_lseek, 0, 3, 0, SEEK_CUR, 0);
	both(1000, 5, 1, 2, 0, 0);
	expect("openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3\n"
	       "openat(AT_FDCWD, \"/x\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = -1 "
	       "EACCES (Permission denied)\n"
	       "read(3, \"hello\\n\\0\\1\\\"\\\\\\t9\", 100)      = 12\n"
	       "write(1, \"0123456789abcdefghijklmnopqrstuv\"..., 36) = 36\n"
	       "close(3)                                = 0\n"
	       "close(99)                               = -1 EBADF (Bad file "
	       "descriptor)\n"
	       "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|"
	       "MAP_ANONYMOUS, 0, 0) = 0x7f0000001000\n"
	       "access(\"/etc/ld.so.preload\", R_OK)      = -1 ENOENT (No such "
	       "file or directory)\n"
	       "lseek(3, 0, SEEK_CUR)                   = 0\n"
	       "syscall_1000(0x1, 0x2, 0, 0, 0, 0)      = 5\n");

	/* -s 4 and a read that failed (buffer shown as an address). */
	{
		struct sysgate_trace_opts o = { .sz = sizeof(o), .string_limit = 4 };

		out = memfd_create("trace", MFD_CLOEXEC);
		o.out_fd = out;
		CHECK_EQ(sysgate_trace_new(&o, &t), 0);
		both(SYS_write, 36, 1, (unsigned long)longs, 36, 0);
		both(SYS_read, -EAGAIN, 0, 0x1000, 10, 0);
		expect("write(1, \"0123\"..., 36)                 = 36\n"
		       "read(0, 0x1000, 10)                     = -1 EAGAIN "
		       "(Resource temporarily unavailable)\n");
	}

	/* Interleaved threads: <unfinished ...> and <... resumed>. */
	start(SYSGATE_TRACE_PIDS, NULL);
	call(me, SYS_read, SYSGATE_PHASE_ENTRY, 0, 3, (unsigned long)bin, 5, 0);
	call(4242, SYS_getppid, SYSGATE_PHASE_ENTRY, 0, 0, 0, 0, 0);
	call(4242, SYS_getppid, SYSGATE_PHASE_EXIT, 1, 0, 0, 0, 0);
	call(me, SYS_read, SYSGATE_PHASE_EXIT, 5, 3, (unsigned long)bin, 5, 0);
	call(me, SYS_exit_group, SYSGATE_PHASE_ENTRY, 0, 0, 0, 0, 0);
	event(SYSGATE_EV_EXIT, me, 0);
	event(SYSGATE_EV_SIGNAL, 4242, 0);
	event(SYSGATE_EV_KILLED, 4242, SIGKILL);
	snprintf(want, sizeof(want),
		 "%-5d read(3,  <unfinished ...>\n"
		 "4242  getppid()                         = 1\n"
		 "%-5d <... read resumed>\"hello\", 5)     = 5\n"
		 "%-5d exit_group(0)                     = ?\n"
		 "%-5d +++ exited with 0 +++\n"
		 "4242  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, "
		 "si_pid=77, si_uid=0, si_status=3, si_utime=0, si_stime=0} ---\n"
		 "4242  +++ killed by SIGKILL +++\n", me, me, me, me);
	expect(want);

	/* Fault injection: the caller sees the value, the line says so. */
	start(0, "inject=close:error=ENOSPC:when=2");
	both(SYS_close, 0, 3, 0, 0, 0);
	CHECK_EQ(call(me, SYS_close, SYSGATE_PHASE_ENTRY, 0, 4, 0, 0, 0),
		 SYSGATE_ACT_RETURN);
	/* The exit stop that follows keeps the injected value. */
	CHECK_EQ(call(me, SYS_close, SYSGATE_PHASE_EXIT, -ENOSYS, 4, 0, 0, 0),
		 SYSGATE_ACT_RETURN);
	both(SYS_close, 0, 5, 0, 0, 0);
	expect("close(3)                                = 0\n"
	       "close(4)                                = -1 ENOSPC (No space "
	       "left on device) (INJECTED)\n"
	       "close(5)                                = 0\n");

	/* status=failed keeps only the failing lines. */
	start(0, "status=failed");
	both(SYS_close, 0, 3, 0, 0, 0);
	both(SYS_close, -EBADF, 9, 0, 0, 0);
	expect("close(9)                                = -1 EBADF (Bad file "
	       "descriptor)\n");

	/* trace= selects; -y prints the path of an fd. */
	fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	start(SYSGATE_TRACE_FD_PATHS, "trace=fstat");
	both(SYS_close, 0, 3, 0, 0, 0);
	CHECK_EQ(fstat(fd, (struct stat *)st), 0);
	both(SYS_fstat, 0, (unsigned long)fd, (unsigned long)st, 0, 0);
	snprintf(want, sizeof(want), "fstat(%d</etc/passwd>, {st_mode=S_IFREG|"
		 "0644, st_size=%lld, ...}) = 0\n", fd,
		 (long long)((struct stat *)st)->st_size);
	expect(want);
	close(fd);
	return 0;
}

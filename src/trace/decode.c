/* SPDX-License-Identifier: MIT */
/*
 * Argument decoders.  Each known syscall has a signature: one letter per
 * argument (see trc_sig below) and a return kind.  Arguments the kernel
 * reads are printed at entry; from the first argument it writes on, the
 * rest is printed at exit, as strace does (so an interleaved call shows
 * "read(3, <unfinished ...>" and later "<... read resumed>"...").
 *
 * Tracee memory is read with process_vm_readv (falling back to
 * /proc/PID/mem); a read that fails prints the address instead.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/prctl.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <linux/futex.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <linux/sched.h>
#include <linux/stat.h>

#include "sysgate.h"
#include "trace/trace.h"
#include "trace/xlat.h"

/* ---- buffers ---- */

void trc_buf_putn(struct trc_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

void trc_buf_puts(struct trc_buf *b, const char *s)
{
	trc_buf_putn(b, s, strlen(s));
}

static int trc_buf_reserve(struct trc_buf *b, size_t n);

void trc_buf_printf(struct trc_buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		trc_buf_putn(b, tmp, (size_t)n);
		return;
	}
	/* Longer (a long path): format again straight into the buffer. */
	if (trc_buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void trc_buf_free(struct trc_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* Room for n more bytes and the NUL; 0 or -1 (out of memory). */
static int trc_buf_reserve(struct trc_buf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 256;
	char *p;

	if (b->len + n + 1 <= b->cap)
		return 0;
	while (cap < b->len + n + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

/*
 * Integers without printf: these run for nearly every argument of every
 * traced call.  base 10 or 16 ("0x" prefix for 16).
 */
void trc_buf_putu(struct trc_buf *b, unsigned long v, int base)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[24];
	int i = (int)sizeof(tmp);

	do {
		tmp[--i] = digits[v % (unsigned long)base];
		v /= (unsigned long)base;
	} while (v);
	if (base == 16) {
		tmp[--i] = 'x';
		tmp[--i] = '0';
	}
	trc_buf_putn(b, tmp + i, sizeof(tmp) - (size_t)i);
}

void trc_buf_puti(struct trc_buf *b, long v)
{
	if (v < 0) {
		trc_buf_putn(b, "-", 1);
		trc_buf_putu(b, 0ul - (unsigned long)v, 10);
	} else {
		trc_buf_putu(b, (unsigned long)v, 10);
	}
}

/* ---- tracee memory ---- */

long trc_mem_read(pid_t pid, unsigned long addr, void *buf, size_t len)
{
	struct iovec l = { buf, len }, r = { (void *)addr, len };
	char path[48];
	ssize_t n;
	int fd;

	if (!len)
		return 0;
	n = process_vm_readv(pid, &l, 1, &r, 1, 0);
	if (n > 0)
		return n;
	if (n < 0 && errno != EPERM && errno != ENOSYS)
		return -errno;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, buf, len, (off_t)addr);
	if (n < 0)
		n = -errno;
	close(fd);
	return n ? n : -EFAULT;
}

/*
 * Read a string of at most max bytes page by page (a string can end just
 * before an unmapped page).  Returns its length (max when no NUL was found
 * within max bytes), or -errno; -EFAULT too when unreadable memory comes
 * before the NUL (strace then shows the address, so do we).
 */
static long trc_read_str(pid_t pid, unsigned long addr, char *buf, size_t max)
{
	size_t got = 0;
	long n;
	char *z;

	while (got < max) {
		size_t chunk = 4096 - ((addr + got) & 4095);

		if (chunk > max - got)
			chunk = max - got;
		n = trc_mem_read(pid, addr + got, buf + got, chunk);
		if (n <= 0)
			return n ? n : -EFAULT;
		z = memchr(buf + got, 0, (size_t)n);
		if (z)
			return z - buf;
		got += (size_t)n;
		if ((size_t)n < chunk)
			return -EFAULT;
	}
	return (long)max;
}

/* ---- quoting ---- */

/*
 * -x / -xx of the call being decoded.  Set by the trc_decode_*() entry
 * points from their trc_fmt; the decoders run on one thread per trace,
 * so a thread-local carries it down to every quoted string.
 */
static __thread int trc_xflag;

void trc_put_quoted(struct trc_buf *b, const unsigned char *s, size_t n,
		    int truncated)
{
	static const char hex[] = "0123456789abcdef";
	int all_hex = trc_xflag > 1;
	size_t i;
	char *w;

	/* -x: one byte that is neither printable nor \t\n\v\f\r: all hex. */
	for (i = 0; trc_xflag == 1 && !all_hex && i < n; i++)
		all_hex = s[i] > 0x7e || (s[i] < 0x20 && (s[i] < 9 || s[i] > 13));
	/* Worst case 4 bytes per input byte, plus quotes and "...". */
	if (trc_buf_reserve(b, n * 4 + 6))
		return;
	w = b->p + b->len;
	*w++ = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (all_hex) {
			*w++ = '\\';
			*w++ = 'x';
			*w++ = hex[c >> 4];
			*w++ = hex[c & 15];
			continue;
		}

		switch (c) {
		case '"': *w++ = '\\'; *w++ = '"'; continue;
		case '\\': *w++ = '\\'; *w++ = '\\'; continue;
		case '\f': *w++ = '\\'; *w++ = 'f'; continue;
		case '\n': *w++ = '\\'; *w++ = 'n'; continue;
		case '\r': *w++ = '\\'; *w++ = 'r'; continue;
		case '\t': *w++ = '\\'; *w++ = 't'; continue;
		case '\v': *w++ = '\\'; *w++ = 'v'; continue;
		}
		if (c >= 0x20 && c < 0x7f) {
			*w++ = (char)c;
			continue;
		}
		/* Octal, shortest form unless an octal digit follows. */
		*w++ = '\\';
		if ((i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7') ||
		    c >= 0100) {
			*w++ = (char)('0' + (c >> 6));
			*w++ = (char)('0' + ((c >> 3) & 7));
		} else if (c >= 010) {
			*w++ = (char)('0' + ((c >> 3) & 7));
		}
		*w++ = (char)('0' + (c & 7));
	}
	*w++ = '"';
	if (truncated) {
		memcpy(w, "...", 3);
		w += 3;
	}
	b->len = (size_t)(w - b->p);
	b->p[b->len] = 0;
}

static void trc_put_hexstr(struct trc_buf *b, const unsigned char *s,
			   size_t n, int truncated)
{
	size_t i;

	trc_buf_putn(b, "\"", 1);
	for (i = 0; i < n; i++)
		trc_buf_printf(b, "\\x%02x", s[i]);
	trc_buf_putn(b, truncated ? "\"..." : "\"", truncated ? 4 : 1);
}

static void trc_put_ptr(struct trc_buf *b, unsigned long v)
{
	if (v)
		trc_buf_putu(b, v, 16);
	else
		trc_buf_putn(b, "NULL", 4);
}

/* A NUL-terminated string; limit < 0: a path (PATH_MAX, not -s). */
static void trc_put_cstr(struct trc_buf *b, pid_t pid, unsigned long addr,
			 int limit)
{
	char tmp[PATH_MAX + 1];
	size_t max = limit < 0 ? PATH_MAX : (size_t)limit;
	long n;

	if (!addr) {
		trc_buf_puts(b, "NULL");
		return;
	}
	if (max > PATH_MAX)
		max = PATH_MAX;
	n = trc_read_str(pid, addr, tmp, max + 1);
	if (n < 0) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_put_quoted(b, (unsigned char *)tmp, (size_t)n > max ? max :
		       (size_t)n, (size_t)n > max);
}

/* A buffer of len bytes, at most limit shown. */
static void trc_put_mem(struct trc_buf *b, pid_t pid, unsigned long addr,
			unsigned long len, int limit, int hex)
{
	unsigned char tmp[4096];
	size_t want = len > (unsigned long)limit ? (size_t)limit : len;
	long n;

	if (!addr) {
		trc_buf_puts(b, "NULL");
		return;
	}
	if (want > sizeof(tmp))
		want = sizeof(tmp);
	n = trc_mem_read(pid, addr, tmp, want);
	if (n < 0 || (size_t)n < want) {
		trc_put_ptr(b, addr);
		return;
	}
	if (hex)
		trc_put_hexstr(b, tmp, want, len > want);
	else
		trc_put_quoted(b, tmp, want, len > want);
}

static void trc_put_flags(struct trc_buf *b, const struct sg_xlat *x,
			  unsigned long v)
{
	char tmp[512];

	sg_xlat_flags(x, v, tmp, sizeof(tmp));
	trc_buf_puts(b, tmp);
}

/* A value of table x by name, else in hex followed by note (may be NULL). */
static void trc_put_xlat(struct trc_buf *b, const struct sg_xlat *x,
			 unsigned long v, const char *note)
{
	const char *n = sg_xlat_name(x, v);

	if (n)
		trc_buf_puts(b, n);
	else if (note)
		trc_buf_printf(b, "%#lx %s", v, note);
	else
		trc_buf_printf(b, "%#lx", v);
}

static void trc_put_fd(const struct trc_fmt *f, struct trc_buf *b, pid_t pid,
		       int fd)
{
	char path[64], target[PATH_MAX];
	ssize_t n;

	trc_buf_puti(b, fd);
	if (!f->fd_paths || fd < 0)
		return;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = 0;
	trc_buf_printf(b, "<%s>", target);
}

static void trc_put_dirfd(const struct trc_fmt *f, struct trc_buf *b,
			  pid_t pid, int fd)
{
	if (fd == AT_FDCWD)
		trc_buf_puts(b, "AT_FDCWD");
	else
		trc_put_fd(f, b, pid, fd);
}

static void trc_put_mode(struct trc_buf *b, unsigned long mode)
{
	const char *t = sg_xlat_name(sg_xlat_mode_type, mode & S_IFMT);

	if (t)
		trc_buf_printf(b, "%s|", t);
	else if (mode & S_IFMT)
		trc_buf_printf(b, "%#lo|", mode & S_IFMT);
	if (mode & S_ISUID)
		trc_buf_puts(b, "S_ISUID|");
	if (mode & S_ISGID)
		trc_buf_puts(b, "S_ISGID|");
	if (mode & S_ISVTX)
		trc_buf_puts(b, "S_ISVTX|");
	trc_buf_printf(b, "%04lo", mode & 0777);
}

static void trc_put_open_flags(struct trc_buf *b, unsigned long fl)
{
	const char *acc = sg_xlat_name(sg_xlat_open_access, fl & O_ACCMODE);

	if (acc)
		trc_buf_puts(b, acc);
	else
		trc_buf_printf(b, "%#lx", fl & O_ACCMODE);
	fl &= ~(unsigned long)O_ACCMODE;
	/* O_SYNC contains O_DSYNC; O_TMPFILE contains O_DIRECTORY. */
	if (fl) {
		trc_buf_putn(b, "|", 1);
		trc_put_flags(b, sg_xlat_open_flags, fl);
	}
}

static void trc_put_sigset_words(struct trc_buf *b, const uint64_t *set,
				 size_t bytes)
{
	int sig, n = 0, bits = (int)bytes * 8, count = 0;
	uint64_t w = bytes >= 8 ? set[0] : 0;
	const char *name;

	for (sig = 1; sig <= bits && sig <= 64; sig++)
		if (w >> (sig - 1) & 1)
			count++;
	/* strace prints mostly-full sets as the complement: ~[...]. */
	if (count > bits / 2 && bits == 64) {
		trc_buf_puts(b, "~[");
		w = ~w;
	} else {
		trc_buf_putn(b, "[", 1);
	}
	for (sig = 1; sig <= 64; sig++) {
		if (!(w >> (sig - 1) & 1))
			continue;
		if (n++)
			trc_buf_putn(b, " ", 1);
		name = sysgate_signal_name(sig);
		/* Real-time signals in the kernel's numbering (from 32). */
		if (name)
			trc_buf_puts(b, name + 3);
		else if (sig == 32)
			trc_buf_puts(b, "RTMIN");
		else if (sig > 32)
			trc_buf_printf(b, "RT_%d", sig - 32);
		else
			trc_buf_printf(b, "%d", sig);
	}
	trc_buf_putn(b, "]", 1);
}

static void trc_put_sigset(struct trc_buf *b, pid_t pid, unsigned long addr,
			   unsigned long size)
{
	uint64_t set = 0;

	if (!addr) {
		trc_buf_puts(b, "NULL");
		return;
	}
	if (size != 8 || trc_mem_read(pid, addr, &set, 8) != 8) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_put_sigset_words(b, &set, 8);
}

static void trc_put_signame(struct trc_buf *b, long sig)
{
	const char *n = sysgate_signal_name((int)sig);

	if (n)
		trc_buf_puts(b, n);
	else if (sig == 32)
		trc_buf_puts(b, "SIGRTMIN");
	else if (sig > 32 && sig <= 64)
		trc_buf_printf(b, "SIGRT_%ld", sig - 32);
	else
		trc_buf_printf(b, "%ld", sig);
}

/* The kernel's struct sigaction layout on x86-64 (not libc's). */
struct trc_ksigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	uint64_t mask;
};

static void trc_put_sigaction(struct trc_buf *b, pid_t pid,
			      unsigned long addr)
{
	struct trc_ksigaction sa;

	if (!addr) {
		trc_buf_puts(b, "NULL");
		return;
	}
	if (trc_mem_read(pid, addr, &sa, sizeof(sa)) != sizeof(sa)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_puts(b, "{sa_handler=");
	if (sa.handler == (unsigned long)SIG_DFL)
		trc_buf_puts(b, "SIG_DFL");
	else if (sa.handler == (unsigned long)SIG_IGN)
		trc_buf_puts(b, "SIG_IGN");
	else
		trc_buf_printf(b, "%#lx", sa.handler);
	trc_buf_puts(b, ", sa_mask=");
	trc_put_sigset_words(b, &sa.mask, 8);
	trc_buf_puts(b, ", sa_flags=");
	trc_put_flags(b, sg_xlat_sa_flags, sa.flags);
	if (sa.flags & 0x04000000)	/* SA_RESTORER */
		trc_buf_printf(b, ", sa_restorer=%#lx", sa.restorer);
	trc_buf_putn(b, "}", 1);
}

static void trc_put_stat(struct trc_buf *b, pid_t pid, unsigned long addr)
{
	struct stat st;

	if (trc_mem_read(pid, addr, &st, sizeof(st)) != sizeof(st)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_puts(b, "{st_mode=");
	trc_put_mode(b, st.st_mode);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		trc_buf_printf(b, ", st_rdev=makedev(%#x, %#x)",
			       major(st.st_rdev), minor(st.st_rdev));
	else
		trc_buf_printf(b, ", st_size=%lld", (long long)st.st_size);
	trc_buf_puts(b, ", ...}");
}

static void trc_put_statx(struct trc_buf *b, pid_t pid, unsigned long addr)
{
	struct statx sx;

	if (trc_mem_read(pid, addr, &sx, sizeof(sx)) != sizeof(sx)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_puts(b, "{stx_mask=");
	trc_put_flags(b, sg_xlat_statx_mask, sx.stx_mask);
	trc_buf_printf(b, ", stx_attributes=");
	trc_put_flags(b, sg_xlat_statx_attr, sx.stx_attributes);
	trc_buf_puts(b, ", stx_mode=");
	trc_put_mode(b, sx.stx_mode);
	if (S_ISCHR(sx.stx_mode) || S_ISBLK(sx.stx_mode))
		trc_buf_printf(b, ", stx_rdev_major=%u, stx_rdev_minor=%u",
			       sx.stx_rdev_major, sx.stx_rdev_minor);
	else
		trc_buf_printf(b, ", stx_size=%llu",
			       (unsigned long long)sx.stx_size);
	trc_buf_puts(b, ", ...}");
}

static void trc_put_argv(struct trc_buf *b, pid_t pid, unsigned long addr,
			 int limit)
{
	unsigned long p;
	int i;

	if (!addr) {
		trc_buf_puts(b, "NULL");
		return;
	}
	trc_buf_putn(b, "[", 1);
	for (i = 0;; i++) {
		if (trc_mem_read(pid, addr + (unsigned long)i * 8, &p, 8) != 8) {
			if (!i) {
				b->len--;
				trc_put_ptr(b, addr);
				return;
			}
			break;
		}
		if (!p)
			break;
		if (i == 32) {	/* strace's default -a limit of items */
			trc_buf_puts(b, ", ...");
			break;
		}
		if (i)
			trc_buf_puts(b, ", ");
		trc_put_cstr(b, pid, p, limit);
	}
	trc_buf_putn(b, "]", 1);
}

static void trc_put_envp(struct trc_buf *b, pid_t pid, unsigned long addr)
{
	unsigned long p;
	int n = 0;

	if (!addr) {
		trc_buf_puts(b, "NULL");
		return;
	}
	if (trc_mem_read(pid, addr, &p, 8) != 8) {
		trc_put_ptr(b, addr);
		return;
	}
	while (n < 100000 &&
	       trc_mem_read(pid, addr + (unsigned long)n * 8, &p, 8) == 8 && p)
		n++;
	trc_buf_printf(b, "%#lx /* %d var%s */", addr, n, n == 1 ? "" : "s");
}

static void trc_put_iov(const struct trc_fmt *f, struct trc_buf *b, pid_t pid,
			unsigned long addr, unsigned long cnt, long total)
{
	struct iovec iov[16];
	unsigned long i, n = cnt > 16 ? 16 : cnt;

	if (!addr || total < 0 || cnt > 1024 ||
	    trc_mem_read(pid, addr, iov, n * sizeof(iov[0])) !=
		    (long)(n * sizeof(iov[0]))) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_putn(b, "[", 1);
	for (i = 0; i < n; i++) {
		unsigned long len = iov[i].iov_len;
		unsigned long show = (unsigned long)total < len ?
				     (unsigned long)total : len;

		if (i)
			trc_buf_puts(b, ", ");
		trc_buf_puts(b, "{iov_base=");
		trc_put_mem(b, pid, (unsigned long)iov[i].iov_base, show,
			    f->string_limit, 0);
		trc_buf_printf(b, ", iov_len=%lu}", len);
		total -= (long)show;
	}
	if (cnt > n)
		trc_buf_puts(b, ", ...");
	trc_buf_putn(b, "]", 1);
}

static void trc_put_sockaddr(struct trc_buf *b, pid_t pid, unsigned long addr,
			     unsigned long len)
{
	struct sockaddr_storage ss;
	const char *fam;
	char ip[64];

	memset(&ss, 0, sizeof(ss));
	if (!addr) {
		trc_buf_puts(b, "NULL");
		return;
	}
	if (len > sizeof(ss))
		len = sizeof(ss);	/* the kernel reads no more either */
	if (len < 2 || trc_mem_read(pid, addr, &ss, len) != (long)len) {
		trc_put_ptr(b, addr);
		return;
	}
	fam = sg_xlat_name(sg_xlat_af, ss.ss_family);
	trc_buf_puts(b, "{sa_family=");
	if (fam)
		trc_buf_puts(b, fam);
	else
		trc_buf_printf(b, "%#x /* AF_??? */", ss.ss_family);
	if (ss.ss_family == AF_UNIX) {
		struct sockaddr_un *un = (void *)&ss;
		size_t n = len - offsetof(struct sockaddr_un, sun_path);
		size_t sl = strnlen(un->sun_path, n);

		if (n && !un->sun_path[0] && len > 2) {
			trc_buf_puts(b, ", sun_path=@");
			trc_put_quoted(b, (unsigned char *)un->sun_path + 1,
				       strnlen(un->sun_path + 1, n - 1), 0);
		} else if (n) {
			trc_buf_puts(b, ", sun_path=");
			trc_put_quoted(b, (unsigned char *)un->sun_path, sl, 0);
		}
	} else if (ss.ss_family == AF_INET) {
		struct sockaddr_in *in = (void *)&ss;

		inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
		trc_buf_printf(b, ", sin_port=htons(%u), sin_addr=inet_addr"
			       "(\"%s\")", ntohs(in->sin_port), ip);
	} else if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *in6 = (void *)&ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
		trc_buf_printf(b, ", sin6_port=htons(%u), sin6_flowinfo="
			       "htonl(%u), inet_pton(AF_INET6, \"%s\", "
			       "&sin6_addr), sin6_scope_id=%u",
			       ntohs(in6->sin6_port),
			       ntohl(in6->sin6_flowinfo), ip,
			       in6->sin6_scope_id);
	} else if (ss.ss_family == AF_NETLINK && len >= sizeof(struct sockaddr_nl)) {
		struct sockaddr_nl *nl = (void *)&ss;

		trc_buf_printf(b, ", nl_pid=%u, nl_groups=%08x", nl->nl_pid,
			       nl->nl_groups);
	} else {
		trc_buf_puts(b, ", sa_data=");
		trc_put_quoted(b, (unsigned char *)&ss + 2, len - 2, 0);
	}
	trc_buf_putn(b, "}", 1);
}

static void trc_put_rlim_val(struct trc_buf *b, uint64_t v)
{
	if (v == UINT64_MAX)
		trc_buf_puts(b, "RLIM64_INFINITY");
	else if (v && v % 1024 == 0)
		trc_buf_printf(b, "%" PRIu64 "*1024", v / 1024);
	else
		trc_buf_printf(b, "%" PRIu64, v);
}

static void trc_put_rlimit(struct trc_buf *b, pid_t pid, unsigned long addr)
{
	uint64_t r[2];

	if (!addr) {
		trc_buf_puts(b, "NULL");
		return;
	}
	if (trc_mem_read(pid, addr, r, sizeof(r)) != sizeof(r)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_puts(b, "{rlim_cur=");
	trc_put_rlim_val(b, r[0]);
	trc_buf_puts(b, ", rlim_max=");
	trc_put_rlim_val(b, r[1]);
	trc_buf_putn(b, "}", 1);
}

static void trc_put_wstatus(struct trc_buf *b, pid_t pid, unsigned long addr)
{
	int st;

	if (!addr) {
		trc_buf_puts(b, "NULL");
		return;
	}
	if (trc_mem_read(pid, addr, &st, sizeof(st)) != sizeof(st)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_puts(b, "[{");
	if (WIFEXITED(st)) {
		trc_buf_printf(b, "WIFEXITED(s) && WEXITSTATUS(s) == %d",
			       WEXITSTATUS(st));
	} else if (WIFSIGNALED(st)) {
		trc_buf_puts(b, "WIFSIGNALED(s) && WTERMSIG(s) == ");
		trc_put_signame(b, WTERMSIG(st));
		if (WCOREDUMP(st))
			trc_buf_puts(b, " && WCOREDUMP(s)");
	} else if (WIFSTOPPED(st)) {
		trc_buf_puts(b, "WIFSTOPPED(s) && WSTOPSIG(s) == ");
		trc_put_signame(b, WSTOPSIG(st));
	} else {
		trc_buf_printf(b, "%#x", st);
	}
	trc_buf_puts(b, "}]");
}

static void trc_put_timespec(struct trc_buf *b, pid_t pid, unsigned long addr)
{
	long ts[2];

	if (!addr) {
		trc_buf_puts(b, "NULL");
		return;
	}
	if (trc_mem_read(pid, addr, ts, sizeof(ts)) != sizeof(ts)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_printf(b, "{tv_sec=%ld, tv_nsec=%ld}", ts[0], ts[1]);
}

static void trc_put_uname(struct trc_buf *b, pid_t pid, unsigned long addr)
{
	struct utsname u;

	if (trc_mem_read(pid, addr, &u, sizeof(u)) != sizeof(u)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_puts(b, "{sysname=");
	trc_put_quoted(b, (unsigned char *)u.sysname,
		       strnlen(u.sysname, sizeof(u.sysname)), 0);
	trc_buf_puts(b, ", nodename=");
	trc_put_quoted(b, (unsigned char *)u.nodename,
		       strnlen(u.nodename, sizeof(u.nodename)), 0);
	trc_buf_puts(b, ", ...}");
}

static void trc_put_pipefds(struct trc_buf *b, pid_t pid, unsigned long addr)
{
	int fds[2];

	if (trc_mem_read(pid, addr, fds, sizeof(fds)) != sizeof(fds)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_printf(b, "[%d, %d]", fds[0], fds[1]);
}

static void trc_put_dents(struct trc_buf *b, pid_t pid, unsigned long addr,
			  long ret)
{
	unsigned char *buf;
	long off = 0, n = 0;

	if (ret < 0 || ret > (1 << 20) || !(buf = malloc((size_t)ret + 1))) {
		trc_put_ptr(b, addr);
		return;
	}
	if (trc_mem_read(pid, addr, buf, (size_t)ret) == ret) {
		/* struct linux_dirent64: d_ino(8) d_off(8) d_reclen(2) ... */
		while (off + 19 <= ret) {
			unsigned short reclen;

			memcpy(&reclen, buf + off + 16, 2);
			if (!reclen)
				break;
			off += reclen;
			n++;
		}
		trc_buf_printf(b, "%#lx /* %ld entr%s */", addr, n,
			       n == 1 ? "y" : "ies");
	} else {
		trc_put_ptr(b, addr);
	}
	free(buf);
}

/*
 * Signature letters.  Upper half of the list (after the '|' in the
 * comment) are outputs: printed at exit, as an address when the call
 * failed.
 *   d int          l long         u unsigned long   x pointer (NULL)
 *   h hex number   f fd           a dirfd           s path
 *   c string (-s)  b in buffer (len = next arg)     o open flags
 *   m mode (octal) M mode when open flags need one   P prot
 *   F mmap flags   A at flags     k access mode     w whence
 *   g signal       G sigset in (size is the last arg)
 *   q sigaction in H/Q: sigset/sigaction out       i iovec in (cnt next)
 *   r rlimit resource   R rlimit in   E argv   V envp
 *   C clone flags  O wait options  N sockaddr in (len next)
 *   D address family   Y socket type   t timespec in   X fcntl cmd+arg
 *   K statx mask   j ioctl request   v arch_prctl code   U futex op
 *   n getrandom flags   e mode_t umask (octal)
 *   . mempolicy mode    / node mask in (maxnode next)
 *   - get_mempolicy flags   ) struct sigevent in
 *  | B out buffer (len = ret)   T stat   Z statx   W wait status
 *    I iovec out   L rlimit out   p pipe fds   S uname   e dents
 *    J timespec out   Gx: hex buffer out (getrandom)
 *    , mempolicy mode out   + node mask out (maxnode next)   _ int out
 */
struct trc_sig {
	const char *name;
	const char *args;
	char ret;	/* d decimal, x hex, f fd, ? none, o octal, F fcntl */
};

#define TRC_OUT_KINDS "BTZWILpSzJQH#$=&*!<>]`1850,+_"

static const struct trc_sig trc_sigs[] = {
	{ "read", "fBu", 'd' },
	{ "write", "fbu", 'd' },
	{ "open", "soM", 'f' },
	{ "openat", "asoM", 'f' },
	{ "openat2", "as;u", 'f' },
	{ "creat", "sm", 'f' },
	{ "close", "f", 'd' },
	{ "stat", "sT", 'd' },
	{ "fstat", "fT", 'd' },
	{ "lstat", "sT", 'd' },
	{ "newfstatat", "asTA", 'd' },
	{ "statx", "asAKZ", 'd' },
	{ "poll", "[ud", 'd' },
	{ "lseek", "flw", 'd' },
	{ "mmap", "xuPFfh", 'x' },
	{ "mprotect", "xuP", 'd' },
	{ "munmap", "xu", 'd' },
	{ "brk", "x", 'x' },
	{ "rt_sigaction", "gqQu", 'd' },
	{ "rt_sigprocmask", "yGHu", 'd' },
	{ "rt_sigreturn", "", 'd' },
	{ "ioctl", "fj`", 'd' },
	{ "set_mempolicy", "./u", 'd' },
	{ "timer_create", "@)_", 'd' },
	{ "timer_settime", "ddxx", 'd' },
	{ "timer_gettime", "dx", 'd' },
	{ "timer_delete", "d", 'd' },
	{ "timer_getoverrun", "d", 'd' },
	{ "get_mempolicy", ",+ux-", 'd' },
	{ "mbind", "xu./uh", 'd' },
	{ "pread64", "fBul", 'd' },
	{ "pwrite64", "fbul", 'd' },
	{ "readv", "fIu", 'd' },
	{ "writev", "fiu", 'd' },
	{ "access", "sk", 'd' },
	{ "faccessat", "ask", 'd' },
	{ "faccessat2", "askA", 'd' },
	{ "pipe", "p", 'd' },
	{ "pipe2", "po", 'd' },
	{ "select", "dxxxx", 'd' },
	{ "mremap", "xuuhx", 'x' },
	{ "madvise", "xu2", 'd' },
	{ "dup", "f", 'f' },
	{ "dup2", "ff", 'f' },
	{ "dup3", "ffo", 'f' },
	{ "pause", "", 'd' },
	{ "nanosleep", "tJ", 'd' },
	{ "clock_nanosleep", "@dtJ", 'd' },
	{ "getpid", "", 'd' },
	{ "getppid", "", 'd' },
	{ "gettid", "", 'd' },
	{ "getuid", "", 'd' },
	{ "geteuid", "", 'd' },
	{ "getgid", "", 'd' },
	{ "getegid", "", 'd' },
	{ "getpgrp", "", 'd' },
	{ "getpgid", "d", 'd' },
	{ "setpgid", "dd", 'd' },
	{ "getsid", "d", 'd' },
	{ "setsid", "", 'd' },
	{ "setuid", "d", 'd' },
	{ "setgid", "d", 'd' },
	{ "socket", "DY{", 'f' },
	{ "connect", "fNu", 'd' },
	{ "bind", "fNu", 'd' },
	{ "listen", "fd", 'd' },
	{ "accept", "f<>", 'f' },
	{ "accept4", "f<>(", 'f' },
	{ "sendto", "fbu?Nu", 'd' },
	{ "shutdown", "fd", 'd' },
	{ "clone", "C", 'd' },
	{ "clone3", "^u", 'd' },
	{ "fork", "", 'd' },
	{ "vfork", "", 'd' },
	{ "execve", "sEV", 'd' },
	{ "execveat", "asEVA", 'd' },
	{ "exit", "d", '?' },
	{ "exit_group", "d", '?' },
	{ "wait4", "dWOx", 'd' },
	{ "kill", "dg", 'd' },
	{ "tkill", "dg", 'd' },
	{ "tgkill", "ddg", 'd' },
	{ "uname", "S", 'd' },
	{ "fcntl", "fX", 'F' },
	{ "flock", "f3", 'd' },
	{ "fsync", "f", 'd' },
	{ "fdatasync", "f", 'd' },
	{ "truncate", "sl", 'd' },
	{ "ftruncate", "fl", 'd' },
	{ "getdents64", "f#u", 'd' },
	{ "getcwd", "zu", 'd' },
	{ "chdir", "s", 'd' },
	{ "fchdir", "f", 'd' },
	{ "rename", "ss", 'd' },
	{ "renameat", "asas", 'd' },
	{ "renameat2", "asash", 'd' },
	{ "mkdir", "sm", 'd' },
	{ "mkdirat", "asm", 'd' },
	{ "rmdir", "s", 'd' },
	{ "link", "ss", 'd' },
	{ "linkat", "asasA", 'd' },
	{ "unlink", "s", 'd' },
	{ "unlinkat", "asA", 'd' },
	{ "symlink", "ss", 'd' },
	{ "symlinkat", "sas", 'd' },
	{ "readlink", "sBu", 'd' },
	{ "readlinkat", "asBu", 'd' },
	{ "chmod", "sm", 'd' },
	{ "fchmod", "fm", 'd' },
	{ "fchmodat", "asm", 'd' },
	{ "chown", "sdd", 'd' },
	{ "fchown", "fdd", 'd' },
	{ "lchown", "sdd", 'd' },
	{ "fchownat", "asddA", 'd' },
	{ "umask", "e", 'o' },
	{ "getrlimit", "rL", 'd' },
	{ "setrlimit", "rR", 'd' },
	{ "prlimit64", "drRL", 'd' },
	{ "sysinfo", "=", 'd' },
	{ "getrandom", "$un", 'd' },
	{ "arch_prctl", "vx", 'd' },
	{ "set_tid_address", "x", 'd' },
	{ "set_robust_list", "xu", 'd' },
	{ "rseq", "xhdh", 'd' },
	{ "futex", "xUdxxd", 'd' },
	{ "sched_yield", "", 'd' },
	{ "sched_getaffinity", "du!", 'd' },
	{ "getxattr", "scxu", 'd' },
	{ "lgetxattr", "scxu", 'd' },
	{ "fgetxattr", "fcxu", 'd' },
	{ "sync", "", 'd' },
	{ "sendfile", "ffxu", 'd' },
	{ "dup", "f", 'f' },
	{ "chroot", "s", 'd' },
	{ "statfs", "s&", 'd' },
	{ "fstatfs", "f&", 'd' },
	{ "getsockname", "f<>", 'd' },
	{ "getpeername", "f<>", 'd' },
	{ "setsockopt", "f}|:u", 'd' },
	{ "getsockopt", "f}|]>", 'd' },
	{ "recvfrom", "fBu?<>", 'd' },
	{ "sendmsg", "f9?", 'd' },
	{ "recvmsg", "f0?", 'd' },
	{ "socketpair", "DY{p", 'd' },
	{ "epoll_create1", "o", 'f' },
	{ "epoll_ctl", "f6f7", 'd' },
	{ "epoll_wait", "f8dd", 'd' },
	{ "epoll_pwait", "f8ddGu", 'd' },
	{ "eventfd2", "uo", 'f' },
	{ "memfd_create", "co", 'f' },
	{ "ppoll", "[utGu", 'd' },
	{ "pselect6", "dxxxxx", 'd' },
	{ "gettimeofday", "xx", 'd' },
	{ "clock_gettime", "@1", 'd' },
	{ "clock_getres", "@1", 'd' },
	{ "time", "x", 'd' },
	{ "times", "x", 'd' },
	{ "getrusage", "45", 'd' },
	{ "prctl", "~", 'd' },
	{ "alarm", "u", 'd' },
	{ "setitimer", "dxx", 'd' },
	{ "sigaltstack", "xx", 'd' },
	{ "rt_sigsuspend", "Gu", 'd' },
	{ "rt_sigtimedwait", "Gxxu", 'd' },
	{ "membarrier", "dhd", 'd' },
	{ "mlock", "xu", 'd' },
	{ "munlock", "xu", 'd' },
	{ "msync", "xuh", 'd' },
	{ "mincore", "xux", 'd' },
	{ "getgroups", "d*", 'd' },
	{ "setgroups", "dx", 'd' },
	{ "getresuid", "xxx", 'd' },
	{ "getresgid", "xxx", 'd' },
	{ "setresuid", "ddd", 'd' },
	{ "setresgid", "ddd", 'd' },
	{ "capget", "xx", 'd' },
	{ "capset", "xx", 'd' },
	{ "utimensat", "asxA", 'd' },
	{ "fadvise64", "fll%", 'd' },
	{ "fallocate", "fdll", 'd' },
	{ "copy_file_range", "fxfxuh", 'd' },
	{ "splice", "fxfxuh", 'd' },
	{ "inotify_init1", "o", 'f' },
	{ "timerfd_create", "do", 'f' },
	{ "signalfd4", "fxuo", 'f' },
	{ "pidfd_open", "dh", 'f' },
	{ "close_range", "ddh", 'd' },
	{ "syncfs", "f", 'd' },
	{ "mount", "ssshx", 'd' },
	{ "umount2", "sh", 'd' },
	{ "getpriority", "dd", 'd' },
	{ "setpriority", "ddd", 'd' },
	{ "personality", "h", 'h' },
	{ "restart_syscall", "", 'd' },
	{ "sched_getparam", "dx", 'd' },
	{ "sched_setaffinity", "dux", 'd' },
	{ "sched_getscheduler", "d", 'd' },
	{ "io_uring_setup", "ux", 'f' },
	{ "io_uring_enter", "fuuhxu", 'd' },
	{ "seccomp", "dhx", 'd' },
	{ "ptrace", "ddxx", 'd' },
	{ "waitid", "ddxOx", 'd' },
	{ "unshare", "C", 'd' },
	{ "setns", "fh", 'd' },
};

static struct {
	int ready;
	const struct trc_sig *by_nr[TRC_NR_MAX];
} trc_sig_index;

static const struct trc_sig *trc_sig_for(long nr)
{
	size_t i;
	long n;

	if (!__atomic_load_n(&trc_sig_index.ready, __ATOMIC_ACQUIRE)) {
		/* Idempotent: racing builders write the same pointers. */
		for (i = 0; i < sizeof(trc_sigs) / sizeof(trc_sigs[0]); i++) {
			n = sysgate_syscall_lookup(trc_sigs[i].name);
			if (n >= 0 && n < TRC_NR_MAX)
				trc_sig_index.by_nr[n] = &trc_sigs[i];
		}
		__atomic_store_n(&trc_sig_index.ready, 1, __ATOMIC_RELEASE);
	}
	if (nr < 0 || nr >= TRC_NR_MAX)
		return NULL;
	return trc_sig_index.by_nr[nr];
}

const char *trc_arg_kinds(long nr)
{
	const struct trc_sig *s = trc_sig_for(nr);

	return s ? s->args : NULL;
}

static int trc_arg_is_out(const struct trc_sig *s, int i)
{
	return strchr(TRC_OUT_KINDS, s->args[i]) != NULL;
}

/* futex: the op decides which of the other arguments mean something. */
static void trc_put_futex(struct trc_buf *b, const unsigned long *a)
{
	const char *n = sg_xlat_name(sg_xlat_futex_ops, a[1]);
	int cmd = (int)(a[1] & 127);

	if (n)
		trc_buf_puts(b, n);
	else
		trc_buf_printf(b, "%#lx /* FUTEX_??? */", a[1]);
	trc_buf_printf(b, ", %d", (int)a[2]);
	switch (cmd) {
	case FUTEX_WAKE:
		return;
	case FUTEX_WAIT:
		trc_buf_puts(b, ", ");
		trc_put_ptr(b, a[3]);
		return;
	case FUTEX_WAIT_BITSET:
	case FUTEX_WAKE_BITSET:
		if (cmd == FUTEX_WAIT_BITSET) {
			trc_buf_puts(b, ", ");
			trc_put_ptr(b, a[3]);
		}
		if ((unsigned int)a[5] == 0xffffffffu)
			trc_buf_puts(b, ", FUTEX_BITSET_MATCH_ANY");
		else
			trc_buf_printf(b, ", %#x", (unsigned int)a[5]);
		return;
	default:
		trc_buf_printf(b, ", %#lx, %#lx, %d", a[3], a[4], (int)a[5]);
	}
}

static void trc_put_sysinfo(struct trc_buf *b, pid_t pid, unsigned long addr)
{
	struct sysinfo si;

	if (trc_mem_read(pid, addr, &si, sizeof(si)) != sizeof(si)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_printf(b, "{uptime=%ld, loads=[%lu, %lu, %lu], totalram=%lu, "
		       "freeram=%lu, sharedram=%lu, bufferram=%lu, "
		       "totalswap=%lu, freeswap=%lu, procs=%u, totalhigh=%lu, "
		       "freehigh=%lu, mem_unit=%u}", si.uptime, si.loads[0],
		       si.loads[1], si.loads[2], si.totalram, si.freeram,
		       si.sharedram, si.bufferram, si.totalswap, si.freeswap,
		       (unsigned int)si.procs, si.totalhigh, si.freehigh,
		       si.mem_unit);
}

/*
 * rt_sigreturn: the mask being restored, from the signal frame on the
 * tracee's stack (uc_sigmask of the ucontext at rsp, offset 296 on
 * x86-64).  Needs the stack pointer.
 */
static void trc_put_sigreturn(struct trc_buf *b, const struct sysgate_call *c)
{
	uint64_t mask;

	/* rsp: in the frame, or from the kernel's account (no frame) */
	if (!c->regs.rsp ||
	    trc_mem_read(c->tid, c->regs.rsp + 296, &mask, 8) != 8)
		return;
	trc_buf_puts(b, "{mask=");
	trc_put_sigset_words(b, &mask, 8);
	trc_buf_putn(b, "}", 1);
}

static void trc_put_statfs(struct trc_buf *b, pid_t pid, unsigned long addr)
{
	struct statfs64 {
		long type, bsize;
		unsigned long blocks, bfree, bavail, files, ffree;
		int fsid[2];
		long namelen, frsize, flags, spare[4];
	} f;
	const char *n;

	if (trc_mem_read(pid, addr, &f, sizeof(f)) != sizeof(f)) {
		trc_put_ptr(b, addr);
		return;
	}
	n = sg_xlat_name(sg_xlat_fs_magic, (unsigned long)f.type);
	trc_buf_puts(b, "{f_type=");
	if (n)
		trc_buf_puts(b, n);
	else
		trc_buf_putu(b, (unsigned long)f.type, 16);
	trc_buf_printf(b, ", f_bsize=%ld, f_blocks=%lu, f_bfree=%lu, "
		       "f_bavail=%lu, f_files=%lu, f_ffree=%lu, f_fsid={val=["
		       "%#x, %#x]}, f_namelen=%ld, f_frsize=%ld, f_flags=",
		       f.bsize, f.blocks, f.bfree, f.bavail, f.files, f.ffree,
		       (unsigned int)f.fsid[0], (unsigned int)f.fsid[1],
		       f.namelen, f.frsize);
	trc_put_flags(b, sg_xlat_statfs_flags, (unsigned long)f.flags);
	trc_buf_putn(b, "}", 1);
}

/* getgroups: ret gids (size 0 asks for the count: "[]"). */
static void trc_put_gids(struct trc_buf *b, pid_t pid, unsigned long addr,
			 unsigned long size, long ret)
{
	unsigned int g[64];
	long i, n = size ? ret : 0;

	if (!addr) {
		trc_buf_putn(b, "NULL", 4);
		return;
	}
	if (n > 64 || (n && trc_mem_read(pid, addr, g, (size_t)n * 4) !=
			    n * 4)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_putn(b, "[", 1);
	for (i = 0; i < n; i++) {
		if (i)
			trc_buf_putn(b, ", ", 2);
		trc_buf_putu(b, g[i], 10);
	}
	trc_buf_putn(b, "]", 1);
}

/* sched_getaffinity: the CPUs set in the ret bytes of the mask. */
static void trc_put_cpuset(struct trc_buf *b, pid_t pid, unsigned long addr,
			   long ret)
{
	unsigned char m[128];
	long i, n = 0;

	if (ret <= 0 || ret > (long)sizeof(m) ||
	    trc_mem_read(pid, addr, m, (size_t)ret) != ret) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_putn(b, "[", 1);
	for (i = 0; i < ret * 8; i++)
		if (m[i / 8] >> (i % 8) & 1) {
			if (n++)
				trc_buf_putn(b, " ", 1);
			trc_buf_putu(b, (unsigned long)i, 10);
		}
	trc_buf_putn(b, "]", 1);
}

/* prctl: the option decides which arguments are printed. */
static void trc_put_prctl(struct trc_buf *b, pid_t pid,
			  const unsigned long *a)
{
	const char *n = sg_xlat_name(sg_xlat_prctl, a[0]);

	if (!n) {
		trc_buf_printf(b, "%#lx /* PR_??? */, %#lx, %#lx, %#lx, %#lx",
			       a[0], a[1], a[2], a[3], a[4]);
		return;
	}
	trc_buf_puts(b, n);
	switch (a[0]) {
	case PR_CAPBSET_READ:
	case PR_CAPBSET_DROP:
		n = sg_xlat_name(sg_xlat_caps, a[1]);
		if (n)
			trc_buf_printf(b, ", %s", n);
		else
			trc_buf_printf(b, ", %#lx /* CAP_??? */", a[1]);
		break;
	case PR_SET_NAME:
		trc_buf_puts(b, ", ");
		trc_put_cstr(b, pid, a[1], 15);
		break;
	case PR_SET_PDEATHSIG:
		trc_buf_puts(b, ", ");
		if (a[1])
			trc_put_signame(b, (long)a[1]);
		else
			trc_buf_putn(b, "0", 1);
		break;
	case PR_GET_DUMPABLE: case PR_GET_NO_NEW_PRIVS: case PR_GET_SECCOMP:
	case PR_GET_KEEPCAPS: case PR_GET_TIMERSLACK: case PR_GET_THP_DISABLE:
		break;
	case PR_SET_NO_NEW_PRIVS:
		trc_buf_printf(b, ", %lu, %lu, %lu, %lu", a[1], a[2], a[3],
			       a[4]);
		break;
	default:
		trc_buf_printf(b, ", %#lx", a[1]);
		break;
	}
}

/*
 * struct sigevent (timer_create, mq_notify): the value only when set, the
 * signal, how to notify, and the thread or function it names.
 */
static void trc_put_sigevent(struct trc_buf *b, pid_t pid, unsigned long addr)
{
	struct {
		union { int i; unsigned long p; } value;
		int signo, notify;
		union { int tid; struct { unsigned long fn, attr; } th; } un;
	} ev;
	static const struct sg_xlat notify[] = {
		{ "SIGEV_SIGNAL", 0 }, { "SIGEV_NONE", 1 },
		{ "SIGEV_THREAD", 2 }, { "SIGEV_THREAD_ID", 4 }, { NULL, 0 },
	};

	if (!addr) {
		trc_buf_puts(b, "NULL");
		return;
	}
	if (trc_mem_read(pid, addr, &ev, sizeof(ev)) != (long)sizeof(ev)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_putn(b, "{", 1);
	if (ev.value.p)
		trc_buf_printf(b, "sigev_value={sival_int=%d, sival_ptr=%#lx}, ",
			       ev.value.i, ev.value.p);
	trc_buf_puts(b, "sigev_signo=");
	if (ev.notify == 0 || ev.notify == 2 || ev.notify == 4)
		trc_put_signame(b, ev.signo);
	else
		trc_buf_printf(b, "%d", ev.signo);
	trc_buf_puts(b, ", sigev_notify=");
	trc_put_xlat(b, notify, (unsigned int)ev.notify, "/* SIGEV_??? */");
	if (ev.notify == 4)
		trc_buf_printf(b, ", sigev_notify_thread_id=%d", ev.un.tid);
	else if (ev.notify == 2)
		trc_buf_printf(b, ", sigev_notify_function=%#lx, "
			       "sigev_notify_attributes=%#lx", ev.un.th.fn,
			       ev.un.th.attr);
	trc_buf_putn(b, "}", 1);
}

/* A memory policy mode: MPOL_BIND|MPOL_F_STATIC_NODES. */
static void trc_put_mpol_mode(struct trc_buf *b, unsigned long v)
{
	unsigned long fl = v & (7ul << 13);
	const char *n = sg_xlat_name(sg_xlat_mpol_mode, v & ~(7ul << 13));

	if (n)
		trc_buf_puts(b, n);
	else
		trc_buf_printf(b, "%#lx /* MPOL_??? */", v & ~(7ul << 13));
	if (fl) {
		trc_buf_putn(b, "|", 1);
		trc_put_flags(b, sg_xlat_mpol_mode_flags, fl);
	}
}

/*
 * A node mask of maxnode - 1 bits, as strace prints it: the words in
 * zero-padded hex, "[0x00000000000001, 0000000000000000, ...]".
 */
static void trc_put_nodemask(struct trc_buf *b, pid_t pid, unsigned long addr,
			     unsigned long maxnode)
{
	unsigned long w[32], n = maxnode ? (maxnode + 62) / 64 : 0, i, got;

	if (!addr) {
		trc_buf_puts(b, "NULL");
		return;
	}
	if (!n) {
		trc_put_ptr(b, addr);
		return;
	}
	got = n > 32 ? 32 : n;
	if (trc_mem_read(pid, addr, w, got * sizeof(w[0])) !=
	    (long)(got * sizeof(w[0]))) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_putn(b, "[", 1);
	for (i = 0; i < got; i++)
		trc_buf_printf(b, "%s%#016lx", i ? ", " : "", w[i]);
	if (got < n)
		trc_buf_puts(b, ", ...");
	trc_buf_putn(b, "]", 1);
}

static void trc_put_named(struct trc_buf *b, const struct sg_xlat *x,
			  unsigned long v, const char *unknown)
{
	const char *n = sg_xlat_name(x, v);

	if (n)
		trc_buf_puts(b, n);
	else if (unknown)
		trc_buf_printf(b, "%#lx /* %s */", v, unknown);
	else
		trc_buf_puti(b, (long)v);
}

/* A socklen_t in/out: "[16]", or "[128 => 16]" when the kernel changed it. */
static void trc_put_socklen(struct trc_buf *b, pid_t pid, unsigned long addr,
			    unsigned long before)
{
	unsigned int now;

	if (!addr) {
		trc_buf_putn(b, "NULL", 4);
		return;
	}
	if (trc_mem_read(pid, addr, &now, 4) != 4) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_putn(b, "[", 1);
	if (before != ~0ul && before != now) {
		trc_buf_putu(b, before, 10);
		trc_buf_putn(b, " => ", 4);
	}
	trc_buf_putu(b, now, 10);
	trc_buf_putn(b, "]", 1);
}

static const struct sg_xlat *trc_sockopt_names(unsigned long level)
{
	switch (level) {
	case SOL_SOCKET: return sg_xlat_so_opts;
	case SOL_IP: return sg_xlat_ip_opts;
	case SOL_TCP: return sg_xlat_tcp_opts;
	case SOL_IPV6: return sg_xlat_ipv6_opts;
	case SOL_NETLINK: return sg_xlat_netlink_opts;
	}
	return NULL;
}

/* An int-sized option value "[1]", else the address. */
static void trc_put_optval(struct trc_buf *b, pid_t pid, unsigned long addr,
			   unsigned long len)
{
	int v;

	if (len == 4 && addr && trc_mem_read(pid, addr, &v, 4) == 4) {
		trc_buf_putn(b, "[", 1);
		trc_buf_puti(b, v);
		trc_buf_putn(b, "]", 1);
	} else {
		trc_put_ptr(b, addr);
	}
}

/* pollfd array; revents_only: the result part, only fds with revents. */
static int trc_put_pollfds(struct trc_buf *b, pid_t pid, unsigned long addr,
			   unsigned long n, int revents_only)
{
	struct pollfd p[32];
	unsigned long i, max = n > 32 ? 32 : n;
	int shown = 0;

	if (!addr || trc_mem_read(pid, addr, p, max * sizeof(p[0])) !=
		     (long)(max * sizeof(p[0]))) {
		if (!revents_only)
			trc_put_ptr(b, addr);
		return -1;
	}
	trc_buf_putn(b, "[", 1);
	for (i = 0; i < max; i++) {
		if (revents_only && !p[i].revents)
			continue;
		if (shown++)
			trc_buf_putn(b, ", ", 2);
		trc_buf_puts(b, "{fd=");
		trc_buf_puti(b, p[i].fd);
		trc_buf_puts(b, revents_only ? ", revents=" : ", events=");
		trc_put_flags(b, sg_xlat_poll_events, (unsigned short)
			      (revents_only ? p[i].revents : p[i].events));
		trc_buf_putn(b, "}", 1);
	}
	if (n > max)
		trc_buf_puts(b, ", ...");
	trc_buf_putn(b, "]", 1);
	return shown;
}

/* The kernel's struct termios (TCGETS), strace's abbreviated form. */
static void trc_put_termios(struct trc_buf *b, pid_t pid, unsigned long v)
{
	struct {
		unsigned int iflag, oflag, cflag, lflag;
		unsigned char line, cc[19];
	} t;
	const char *n;

	if (!v || trc_mem_read(pid, v, &t, sizeof(t)) != (long)sizeof(t)) {
		trc_put_ptr(b, v);
		return;
	}
	trc_buf_puts(b, "{c_iflag=");
	trc_put_flags(b, sg_xlat_tc_iflag, t.iflag);
	/* Delay fields print by name even when 0, as strace does. */
	trc_buf_printf(b, ", c_oflag=NL%u|CR%u|TAB%u|BS%u|VT%u|FF%u",
		       !!(t.oflag & NLDLY), (t.oflag & CRDLY) / CR1,
		       (t.oflag & TABDLY) / TAB1, !!(t.oflag & BSDLY),
		       !!(t.oflag & VTDLY), !!(t.oflag & FFDLY));
	if (t.oflag & ~(unsigned int)(NLDLY | CRDLY | TABDLY | BSDLY | VTDLY |
				     FFDLY)) {
		trc_buf_putn(b, "|", 1);
		trc_put_flags(b, sg_xlat_tc_oflag, t.oflag &
			      ~(unsigned int)(NLDLY | CRDLY | TABDLY | BSDLY |
					      VTDLY | FFDLY));
	}
	trc_buf_puts(b, ", c_cflag=");
	n = sg_xlat_name(sg_xlat_tc_baud, t.cflag & CBAUD);
	if (n)
		trc_buf_puts(b, n);
	else
		trc_buf_putu(b, t.cflag & CBAUD, 16);
	trc_buf_printf(b, "|CS%u", 5 + (t.cflag & CSIZE) / CS6);
	if (t.cflag & ~(unsigned int)(CBAUD | CSIZE)) {
		trc_buf_putn(b, "|", 1);
		trc_put_flags(b, sg_xlat_tc_cflag,
			      t.cflag & ~(unsigned int)(CBAUD | CSIZE));
	}
	trc_buf_puts(b, ", c_lflag=");
	trc_put_flags(b, sg_xlat_tc_lflag, t.lflag);
	trc_buf_puts(b, ", ...}");
}

/*
 * ioctl's third argument, printed when the call returns (most requests
 * fill it in): ints and the window size decoded, the rest raw.
 */
static void trc_put_ioctl_arg(struct trc_buf *b, pid_t pid,
			      unsigned long req, unsigned long v)
{
	unsigned short ws[4];
	int n;

	switch (req) {
	case FIONREAD:
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCOUTQ:
		if (v && trc_mem_read(pid, v, &n, 4) == 4) {
			trc_buf_putn(b, "[", 1);
			trc_buf_puti(b, n);
			trc_buf_putn(b, "]", 1);
			return;
		}
		break;
	case TCGETS:
		trc_put_termios(b, pid, v);
		return;
	case TIOCGWINSZ:
		if (v && trc_mem_read(pid, v, ws, sizeof(ws)) ==
			 (long)sizeof(ws)) {
			trc_buf_printf(b, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, "
				       "ws_ypixel=%u}", ws[0], ws[1], ws[2],
				       ws[3]);
			return;
		}
		break;
	case 0x40049409:	/* FICLONE: the source fd, by value */
		trc_buf_puti(b, (int)v);
		return;
	case FIONBIO:
		if (v && trc_mem_read(pid, v, &n, 4) == 4) {
			trc_buf_putn(b, "[", 1);
			trc_buf_puti(b, n);
			trc_buf_putn(b, "]", 1);
			return;
		}
		break;
	}
	trc_put_ptr(b, v);
}

/*
 * struct msghdr.  total: bytes the call moved (recvmsg's iov shows that
 * much), LONG_MAX for sendmsg; namelen_in: msg_namelen before a recvmsg
 * (shown as "in => out"), ~0 when not known.
 */
static void trc_put_msghdr(const struct trc_fmt *f, struct trc_buf *b,
			   pid_t pid, unsigned long addr, long total,
			   unsigned long namelen_in)
{
	struct msghdr m;
	unsigned char ctl[256];
	size_t off = 0, clen;

	if (!addr || trc_mem_read(pid, addr, &m, sizeof(m)) != sizeof(m)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_puts(b, "{msg_name=");
	if (m.msg_name && m.msg_namelen)
		trc_put_sockaddr(b, pid, (unsigned long)m.msg_name,
				 m.msg_namelen);
	else
		trc_put_ptr(b, (unsigned long)m.msg_name);
	trc_buf_puts(b, ", msg_namelen=");
	if (namelen_in != ~0ul && namelen_in != m.msg_namelen) {
		trc_buf_putu(b, namelen_in, 10);
		trc_buf_puts(b, " => ");
	}
	trc_buf_putu(b, m.msg_namelen, 10);
	trc_buf_puts(b, ", msg_iov=");
	trc_put_iov(f, b, pid, (unsigned long)m.msg_iov, m.msg_iovlen, total);
	trc_buf_printf(b, ", msg_iovlen=%lu", (unsigned long)m.msg_iovlen);
	clen = m.msg_controllen < sizeof(ctl) ? m.msg_controllen : sizeof(ctl);
	if (m.msg_control && clen &&
	    trc_mem_read(pid, (unsigned long)m.msg_control, ctl, clen) ==
		    (long)clen) {
		trc_buf_puts(b, ", msg_control=[");
		while (off + sizeof(struct cmsghdr) <= clen) {
			struct cmsghdr ch;
			size_t dlen, i;

			memcpy(&ch, ctl + off, sizeof(ch));
			if (ch.cmsg_len < sizeof(ch) || off + ch.cmsg_len > clen)
				break;
			if (off)
				trc_buf_putn(b, ", ", 2);
			trc_buf_printf(b, "{cmsg_len=%zu, cmsg_level=",
				       (size_t)ch.cmsg_len);
			trc_put_named(b, sg_xlat_sol_levels,
				      (unsigned long)ch.cmsg_level, NULL);
			dlen = ch.cmsg_len - sizeof(ch);
			if (ch.cmsg_level == SOL_SOCKET &&
			    ch.cmsg_type == SCM_RIGHTS) {
				trc_buf_puts(b, ", cmsg_type=SCM_RIGHTS, "
					     "cmsg_data=[");
				for (i = 0; i + 4 <= dlen; i += 4) {
					int fd;

					memcpy(&fd, ctl + off + sizeof(ch) + i, 4);
					if (i)
						trc_buf_putn(b, ", ", 2);
					trc_buf_puti(b, fd);
				}
				trc_buf_puts(b, "]}");
			} else {
				trc_buf_printf(b, ", cmsg_type=%#x, cmsg_data=",
					       ch.cmsg_type);
				trc_put_hexstr(b, ctl + off + sizeof(ch),
					       dlen > 32 ? 32 : dlen, dlen > 32);
				trc_buf_putn(b, "}", 1);
			}
			off += (ch.cmsg_len + 7) & ~7ul;
		}
		trc_buf_putn(b, "]", 1);
	} else if (m.msg_control) {
		trc_buf_puts(b, ", msg_control=");
		trc_put_ptr(b, (unsigned long)m.msg_control);
	}
	trc_buf_printf(b, ", msg_controllen=%zu, msg_flags=",
		       (size_t)m.msg_controllen);
	trc_put_flags(b, sg_xlat_msg_flags, (unsigned int)m.msg_flags);
	trc_buf_putn(b, "}", 1);
}

/* n struct epoll_event (packed: u32 events, u64 data); array: [..]. */
static void trc_put_epoll_events(struct trc_buf *b, pid_t pid,
				 unsigned long addr, long n, int array)
{
	unsigned char raw[12 * 16];
	long i, max = n > 16 ? 16 : n;

	if (!addr || n < 0 || trc_mem_read(pid, addr, raw, (size_t)max * 12) !=
				      max * 12) {
		trc_put_ptr(b, addr);
		return;
	}
	if (array)
		trc_buf_putn(b, "[", 1);
	for (i = 0; i < max; i++) {
		uint32_t ev;
		uint64_t data;

		memcpy(&ev, raw + i * 12, 4);
		memcpy(&data, raw + i * 12 + 4, 8);
		if (i)
			trc_buf_putn(b, ", ", 2);
		trc_buf_puts(b, "{events=");
		trc_put_flags(b, sg_xlat_epoll_events, ev);
		trc_buf_printf(b, ", data={u32=%u, u64=%llu}}", (uint32_t)data,
			       (unsigned long long)data);
	}
	if (n > max)
		trc_buf_puts(b, ", ...");
	if (array)
		trc_buf_putn(b, "]", 1);
}

static void trc_put_rusage(struct trc_buf *b, pid_t pid, unsigned long addr)
{
	long ru[4];	/* ru_utime, ru_stime: struct timeval each */

	if (trc_mem_read(pid, addr, ru, sizeof(ru)) != (long)sizeof(ru)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_printf(b, "{ru_utime={tv_sec=%ld, tv_usec=%ld}, ru_stime={"
		       "tv_sec=%ld, tv_usec=%ld}, ...}", ru[0], ru[1], ru[2],
		       ru[3]);
}

/* struct open_how: mode only with O_CREAT / O_TMPFILE, as for openat. */
static void trc_put_open_how(struct trc_buf *b, pid_t pid, unsigned long addr,
			     unsigned long size)
{
	uint64_t h[3];	/* flags, mode, resolve */

	if (size < sizeof(h) || trc_mem_read(pid, addr, h, sizeof(h)) !=
				 (long)sizeof(h)) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_puts(b, "{flags=");
	trc_put_open_flags(b, h[0]);
	if (h[0] & (O_CREAT | 020000000))
		trc_buf_printf(b, ", mode=%#03llo", (unsigned long long)h[1]);
	trc_buf_puts(b, ", resolve=");
	trc_put_flags(b, sg_xlat_resolve, h[2]);
	trc_buf_putn(b, "}", 1);
}

/* struct clone_args as strace prints it (the fields that are set). */
static void trc_put_clone3(struct trc_buf *b, pid_t pid, unsigned long addr,
			   unsigned long size)
{
	uint64_t ca[11];	/* flags pidfd child_tid parent_tid exit_signal
				 * stack stack_size tls set_tid set_tid_size
				 * cgroup */
	static const char *const names[] = {
		NULL, "pidfd", "child_tid", "parent_tid", NULL, "stack",
		"stack_size", "tls", "set_tid", "set_tid_size", "cgroup",
	};
	size_t n = size < sizeof(ca) ? size : sizeof(ca), i;

	memset(ca, 0, sizeof(ca));
	if (n < 64 || trc_mem_read(pid, addr, ca, n) != (long)n) {
		trc_put_ptr(b, addr);
		return;
	}
	trc_buf_puts(b, "{flags=");
	trc_put_flags(b, sg_xlat_clone_flags, ca[0]);
	for (i = 1; i < n / 8; i++) {
		if (i == 4) {
			trc_buf_puts(b, ", exit_signal=");
			if (ca[4])
				trc_put_signame(b, (long)ca[4]);
			else
				trc_buf_putn(b, "0", 1);
			continue;
		}
		if (!ca[i] || (i == 1 && !(ca[0] & CLONE_PIDFD)))
			continue;
		trc_buf_printf(b, ", %s=", names[i]);
		trc_buf_putu(b, ca[i], i == 9 || i == 10 ? 10 : 16);
	}
	trc_buf_putn(b, "}", 1);
}

static void trc_put_clone(struct trc_buf *b, const struct sysgate_call *c)
{
	unsigned long fl = c->args[0], sig = fl & 0xff;

	trc_buf_puts(b, "child_stack=");
	trc_put_ptr(b, c->args[1]);
	trc_buf_puts(b, ", flags=");
	if (fl & ~0xfful)
		trc_put_flags(b, sg_xlat_clone_flags, fl & ~0xfful);
	if (sig) {
		if (fl & ~0xfful)
			trc_buf_putn(b, "|", 1);
		trc_put_signame(b, (long)sig);
	} else if (!(fl & ~0xfful)) {
		trc_buf_putn(b, "0", 1);
	}
	if (fl & (CLONE_PARENT_SETTID | CLONE_PIDFD))
		trc_buf_printf(b, ", parent_tid=%#lx", c->args[2]);
	if (fl & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
		trc_buf_printf(b, ", child_tidptr=%#lx", c->args[3]);
	if (fl & CLONE_SETTLS)
		trc_buf_printf(b, ", tls=%#lx", c->args[4]);
}

static void trc_put_fcntl(const struct trc_fmt *f, struct trc_buf *b,
			  const struct sysgate_call *c, const unsigned long *a)
{
	const char *n = sg_xlat_name(sg_xlat_fcntl_cmds, a[1]);
	int cmd = (int)a[1];

	if (n)
		trc_buf_puts(b, n);
	else
		trc_buf_printf(b, "%#x /* F_??? */", cmd);
	switch (cmd) {
	case F_GETFD: case F_GETFL: case F_GETOWN: case F_GETSIG:
	case F_GETLEASE: case F_GETPIPE_SZ: case F_GET_SEALS:
		return;
	case F_SETFD:
		trc_buf_puts(b, ", ");
		trc_put_flags(b, sg_xlat_fd_flags, a[2]);
		return;
	case F_SETFL:
		trc_buf_puts(b, ", ");
		trc_put_open_flags(b, a[2]);
		return;
	case F_GETLK: case F_SETLK: case F_SETLKW: case F_OFD_GETLK:
	case F_OFD_SETLK: case F_OFD_SETLKW: case F_GETOWN_EX:
	case F_SETOWN_EX:
		trc_buf_puts(b, ", ");
		trc_put_ptr(b, a[2]);
		return;
	default:
		trc_buf_printf(b, ", %d", (int)a[2]);
	}
}

static void trc_put_arg(const struct trc_fmt *f, const struct sysgate_call *c,
			const struct trc_sig *s, int i, const unsigned long *a,
			long ret, unsigned long aux, struct trc_buf *b)
{
	pid_t pid = c->tid;
	unsigned long v = a[i];
	const char *n;

	/* A failed call wrote nothing: its outputs are addresses (an
	 * in/out length still shows what went in). */
	if (trc_arg_is_out(s, i) && ret < 0 && ret >= -4095 &&
	    s->args[i] != '>' &&
	    !(s->args[i] == '`' && a[1] == 0x40049409 /* FICLONE: an int */)) {
		trc_put_ptr(b, v);
		return;
	}
	switch (s->args[i]) {
	case 'd': trc_buf_puti(b, (int)v); break;
	case 'l': trc_buf_puti(b, (long)v); break;
	case 'u': trc_buf_putu(b, v, 10); break;
	case 'x': trc_put_ptr(b, v); break;
	case 'h': trc_buf_putu(b, v, v ? 16 : 10); break;
	case 'f': trc_put_fd(f, b, pid, (int)v); break;
	case 'a': trc_put_dirfd(f, b, pid, (int)v); break;
	case 's': trc_put_cstr(b, pid, v, -1); break;
	case 'c': trc_put_cstr(b, pid, v, f->string_limit); break;
	case 'b': trc_put_mem(b, pid, v, a[i + 1], f->string_limit, 0); break;
	case 'B': trc_put_mem(b, pid, v, (unsigned long)ret,
			      f->string_limit, 0); break;
	case 'z': trc_put_cstr(b, pid, v, -1); break;
	case 'o':
		if (!strcmp(s->name, "open") || !strcmp(s->name, "openat"))
			trc_put_open_flags(b, v);
		else if (!strcmp(s->name, "epoll_create1"))
			trc_put_flags(b, sg_xlat_epoll_flags, v);
		else if (!strcmp(s->name, "eventfd2"))
			trc_put_flags(b, sg_xlat_efd_flags, v);
		else if (!strcmp(s->name, "inotify_init1"))
			trc_put_flags(b, sg_xlat_in_flags, v);
		else if (!strcmp(s->name, "memfd_create"))
			trc_put_flags(b, sg_xlat_mfd_flags, v);
		else if (!strcmp(s->name, "timerfd_create"))
			trc_put_flags(b, sg_xlat_tfd_flags, v);
		else if (!strcmp(s->name, "signalfd4"))
			trc_put_flags(b, sg_xlat_sfd_flags, v);
		else
			trc_put_flags(b, sg_xlat_open_flags, v);
		break;
	case 'm': case 'e': trc_buf_printf(b, "%#03lo", v); break;
	case 'M': trc_buf_printf(b, "%#03lo", v); break;
	case 'P':
		if (!v)
			trc_buf_puts(b, "PROT_NONE");
		else
			trc_put_flags(b, sg_xlat_prot, v);
		break;
	case 'F':
		n = sg_xlat_name(sg_xlat_map_type, v & 0xf);
		if (n)
			trc_buf_puts(b, n);
		else
			trc_buf_printf(b, "%#lx", v & 0xf);
		if (v & ~0xful) {
			trc_buf_putn(b, "|", 1);
			trc_put_flags(b, sg_xlat_map_flags, v & ~0xful);
		}
		break;
	case 'A':
		if (!strcmp(s->name, "statx")) {
			/* The sync type is a 2-bit field, 0 has a name. */
			n = sg_xlat_name(sg_xlat_statx_sync, v & 0x6000);
			trc_buf_puts(b, n ? n : "0x6000");
			if (v & ~0x6000ul) {
				trc_buf_putn(b, "|", 1);
				trc_put_flags(b, sg_xlat_at_flags,
					      v & ~0x6000ul);
			}
		} else if (!strncmp(s->name, "faccessat", 9)) {
			/* 0x200 is AT_EACCESS here, AT_REMOVEDIR elsewhere. */
			static const struct sg_xlat acc[] = {
				{ "AT_SYMLINK_NOFOLLOW", AT_SYMLINK_NOFOLLOW },
				{ "AT_EACCESS", AT_EACCESS },
				{ "AT_EMPTY_PATH", AT_EMPTY_PATH },
				{ NULL, 0 },
			};

			trc_put_flags(b, acc, v);
		} else {
			trc_put_flags(b, sg_xlat_at_flags, v);
		}
		break;
	case 'k':
		if (!v)
			trc_buf_puts(b, "F_OK");
		else
			trc_put_flags(b, sg_xlat_access, v);
		break;
	case 'w':
		trc_put_xlat(b, sg_xlat_seek, v, "/* SEEK_??? */");
		break;
	case 'g': trc_put_signame(b, (long)(int)v); break;
	case 'G':
		trc_put_sigset(b, pid, v, a[s->args[i + 1] == 'u' ? i + 1 : 3]);
		break;
	case '$':
		trc_put_mem(b, pid, v, (unsigned long)ret, f->string_limit, 1);
		break;
	case '#': trc_put_dents(b, pid, v, ret); break;
	case 'H': trc_put_sigset(b, pid, v, a[3]); break;
	case 'y':
		trc_put_xlat(b, sg_xlat_sigprocmask, v, "/* SIG_??? */");
		break;
	case 'q': case 'Q': trc_put_sigaction(b, pid, v); break;
	case 'i': trc_put_iov(f, b, pid, v, a[i + 1], LONG_MAX); break;
	case 'I': trc_put_iov(f, b, pid, v, a[i + 1], ret); break;
	case 'r':
		trc_put_xlat(b, sg_xlat_rlimit, v, "/* RLIMIT_??? */");
		break;
	case 'R': case 'L': trc_put_rlimit(b, pid, v); break;
	case 'E': trc_put_argv(b, pid, v, f->string_limit); break;
	case 'V': trc_put_envp(b, pid, v); break;
	case 'C': trc_put_clone(b, c); break;
	case 'O': trc_put_flags(b, sg_xlat_wait_opts, v); break;
	case 'N': trc_put_sockaddr(b, pid, v, a[i + 1]); break;
	case 'D':
		trc_put_xlat(b, sg_xlat_af, v, "/* AF_??? */");
		break;
	case 'Y':
		n = sg_xlat_name(sg_xlat_sock_type, v & 0xf);
		if (n)
			trc_buf_puts(b, n);
		else
			trc_buf_printf(b, "%#lx", v & 0xf);
		if (v & ~0xful) {
			trc_buf_putn(b, "|", 1);
			trc_put_flags(b, sg_xlat_sock_flags, v & ~0xful);
		}
		break;
	case 't': trc_put_timespec(b, pid, v); break;
	case 'J': trc_put_ptr(b, v); break;	/* rem: only read on EINTR */
	case 'X': trc_put_fcntl(f, b, c, a); break;
	case 'K': trc_put_flags(b, sg_xlat_statx_mask, v); break;
	case 'j':
		trc_put_xlat(b, sg_xlat_ioctls, v, NULL);
		break;
	case 'v':
		trc_put_xlat(b, sg_xlat_arch_prctl, v, "/* ARCH_??? */");
		break;
	case 'U': trc_put_futex(b, a); break;
	case '%':
		n = sg_xlat_name(sg_xlat_fadvise, v);
		if (n)
			trc_buf_puts(b, n);
		else
			trc_buf_printf(b, "%d", (int)v);
		break;
	case '=': trc_put_sysinfo(b, pid, v); break;
	case '^': trc_put_clone3(b, pid, v, a[i + 1]); break;
	case '&': trc_put_statfs(b, pid, v); break;
	case '*': trc_put_gids(b, pid, v, a[0], ret); break;
	case '!': trc_put_cpuset(b, pid, v, ret); break;
	case '~': trc_put_prctl(b, pid, a); break;
	case '{':
		if (a[0] == AF_INET || a[0] == AF_INET6)
			trc_put_named(b, sg_xlat_ip_protos, v, NULL);
		else if (a[0] == AF_NETLINK)
			trc_put_named(b, sg_xlat_netlink_protos, v, NULL);
		else
			trc_buf_puti(b, (int)v);
		break;
	case '(': trc_put_flags(b, sg_xlat_sock_flags, v); break;
	case '?': trc_put_flags(b, sg_xlat_msg_flags, v); break;
	case '<': {
		unsigned int len = 0;

		if (!v || !a[i + 1]) {
			trc_put_ptr(b, v);
			break;
		}
		if (trc_mem_read(pid, a[i + 1], &len, 4) != 4) {
			trc_put_ptr(b, v);
			break;
		}
		trc_put_sockaddr(b, pid, v, len > 128 ? 128 : len);
		break;
	}
	case '>': trc_put_socklen(b, pid, v, aux); break;
	case '}': trc_put_named(b, sg_xlat_sol_levels, v, NULL); break;
	case '|': {
		const struct sg_xlat *x = trc_sockopt_names(a[1]);

		if (x)
			trc_put_named(b, x, v, NULL);
		else
			trc_buf_puti(b, (int)v);
		break;
	}
	case ':': trc_put_optval(b, pid, v, a[i + 1]); break;
	case ']': {
		unsigned int len = 0;

		if (a[i + 1] && trc_mem_read(pid, a[i + 1], &len, 4) == 4)
			trc_put_optval(b, pid, v, len);
		else
			trc_put_ptr(b, v);
		break;
	}
	case '[': trc_put_pollfds(b, pid, v, a[i + 1], 0); break;
	case '`': trc_put_ioctl_arg(b, pid, a[1], v); break;
	case '.': trc_put_mpol_mode(b, v); break;
	case '/':
	case '+': trc_put_nodemask(b, pid, v, a[i + 1]); break;
	case ',': {
		int mode;

		if (v && trc_mem_read(pid, v, &mode, 4) == 4) {
			trc_buf_putn(b, "[", 1);
			trc_put_mpol_mode(b, (unsigned int)mode);
			trc_buf_putn(b, "]", 1);
		} else {
			trc_put_ptr(b, v);
		}
		break;
	}
	case '-': trc_put_flags(b, sg_xlat_mpol_get_flags, v); break;
	case ')': trc_put_sigevent(b, pid, v); break;
	case '_': {
		int id;

		if (v && trc_mem_read(pid, v, &id, 4) == 4) {
			trc_buf_putn(b, "[", 1);
			trc_buf_puti(b, id);
			trc_buf_putn(b, "]", 1);
		} else {
			trc_put_ptr(b, v);
		}
		break;
	}
	case ';': trc_put_open_how(b, pid, v, a[i + 1]); break;
	case '1': trc_put_timespec(b, pid, v); break;
	case '2': trc_put_named(b, sg_xlat_madvise, v, NULL); break;
	case '3': trc_put_flags(b, sg_xlat_flock_ops, v); break;
	case '4': trc_put_named(b, sg_xlat_rusage_who, (unsigned long)(long)(int)v,
				NULL); break;
	case '5': trc_put_rusage(b, pid, v); break;
	case '6': trc_put_named(b, sg_xlat_epoll_ops, v, NULL); break;
	case '7':
		if (a[1] == EPOLL_CTL_DEL)
			trc_put_ptr(b, v);
		else
			trc_put_epoll_events(b, pid, v, 1, 0);
		break;
	case '8': trc_put_epoll_events(b, pid, v, ret, 1); break;
	case '9': trc_put_msghdr(f, b, pid, v, LONG_MAX, ~0ul); break;
	case '0': trc_put_msghdr(f, b, pid, v, ret, aux); break;
	case 'n': trc_put_flags(b, sg_xlat_getrandom, v); break;
	case '@':
		trc_put_xlat(b, sg_xlat_clocks, v, "/* CLOCK_??? */");
		break;
	case 'T': trc_put_stat(b, pid, v); break;
	case 'Z': trc_put_statx(b, pid, v); break;
	case 'W': trc_put_wstatus(b, pid, v); break;
	case 'p': trc_put_pipefds(b, pid, v); break;
	case 'S': trc_put_uname(b, pid, v); break;
	default: trc_buf_printf(b, "%#lx", v); break;
	}
}

/* Number of arguments printed; open/openat drop mode without O_CREAT. */
static int trc_nargs(const struct trc_sig *s, const unsigned long *a)
{
	int n = (int)strlen(s->args);

	/* The mode only with O_CREAT or O_TMPFILE's own bit (020000000). */
	if (n && s->args[n - 1] == 'M' && !(a[n - 2] & (O_CREAT | 020000000)))
		n--;
	if (!strcmp(s->name, "fcntl") || !strcmp(s->name, "futex"))
		return 2;	/* 'X' / 'U' print the rest themselves */
	return n;
}

static int trc_first_out(const struct trc_sig *s, int nargs)
{
	int i;

	for (i = 0; i < nargs; i++)
		if (trc_arg_is_out(s, i))
			return i;
	return nargs;
}

int trc_decode_entry(const struct trc_fmt *f, const struct sysgate_call *c,
		     struct trc_buf *b, unsigned long *aux)
{
	const struct trc_sig *s = trc_sig_for(c->nr);
	const char *gt;
	unsigned int v;
	int i, n, out;

	trc_xflag = f->xflag;
	*aux = ~0ul;
	if (!s) {
		/* Unknown: six raw arguments in hex. */
		for (i = 0; i < 6; i++) {
			if (i)
				trc_buf_putn(b, ", ", 2);
			trc_buf_putu(b, c->args[i], c->args[i] ? 16 : 10);
		}
		return 0;
	}
	/* In/out lengths: remember what went in, to show "in => out". */
	gt = strchr(s->args, '>');
	if (gt && c->args[gt - s->args] &&
	    trc_mem_read(c->tid, c->args[gt - s->args], &v, 4) == 4)
		*aux = v;
	/* recvmsg: msg_namelen (offset 8 in struct msghdr) before the call. */
	gt = strchr(s->args, '0');
	if (gt && c->args[gt - s->args] &&
	    trc_mem_read(c->tid, c->args[gt - s->args] + 8, &v, 4) == 4)
		*aux = v;
	n = trc_nargs(s, c->args);
	if (s->args[0] == 'C') {
		trc_put_clone(b, c);
		return 0;
	}
	if (!strcmp(s->name, "rt_sigreturn")) {
		trc_put_sigreturn(b, c);
		return 0;
	}
	out = trc_first_out(s, n);
	for (i = 0; i < out; i++) {
		if (i)
			trc_buf_puts(b, ", ");
		trc_put_arg(f, c, s, i, c->args, 0, *aux, b);
	}
	if (out < n && out)
		trc_buf_puts(b, ", ");
	return out < n;
}

void trc_decode_exit(const struct trc_fmt *f, const struct sysgate_call *c,
		     const unsigned long *a, unsigned long aux,
		     struct trc_buf *b)
{
	const struct trc_sig *s = trc_sig_for(c->nr);
	int i, n, out;

	trc_xflag = f->xflag;
	if (!s)
		return;
	n = trc_nargs(s, a);
	out = trc_first_out(s, n);
	for (i = out; i < n; i++) {
		if (i > out)
			trc_buf_puts(b, ", ");
		trc_put_arg(f, c, s, i, a, c->ret, aux, b);
	}
}

void trc_decode_raw_out(const struct trc_fmt *f, const struct sysgate_call *c,
			const unsigned long *a, struct trc_buf *b)
{
	const struct trc_sig *s = trc_sig_for(c->nr);
	int i, n, out;

	trc_xflag = f->xflag;
	if (!s)
		return;
	n = trc_nargs(s, a);
	out = trc_first_out(s, n);
	for (i = out; i < n; i++) {
		if (i > out)
			trc_buf_puts(b, ", ");
		if (trc_arg_is_out(s, i))
			trc_put_ptr(b, a[i]);	/* never read: an address */
		else
			trc_put_arg(f, c, s, i, a, 0, ~0ul, b);
	}
}

void trc_decode_ret(const struct trc_fmt *f, const struct sysgate_call *c,
		    struct trc_buf *b)
{
	const struct trc_sig *s = trc_sig_for(c->nr);
	char kind = s ? s->ret : 'd';
	long r = c->ret;
	const char *n;

	if (kind == '?') {
		trc_buf_puts(b, "= ?");
		return;
	}
	if (r < 0 && r >= -4095) {
		int e = (int)-r;

		n = sysgate_errno_name(e);
		if (e >= 512 && e <= 530) {
			/* Kernel-internal restart codes: no -1, no errno. */
			trc_buf_printf(b, "= ? %s", n ? n : "ERESTART");
			if (e == 512)
				trc_buf_puts(b, " (To be restarted if "
					     "SA_RESTART is set)");
			else if (e == 516)
				trc_buf_puts(b, " (To be restarted)");
			else if (e == 513 || e == 514)
				trc_buf_puts(b, " (To be restarted if no "
					     "handler)");
			return;
		}
		if (n)
			trc_buf_printf(b, "= -1 %s (%s)", n, strerror(e));
		else
			trc_buf_printf(b, "= -1 %d (%s)", e, strerror(e));
		return;
	}
	switch (kind) {
	case 'x':
		trc_buf_putn(b, "= ", 2);
		trc_buf_putu(b, (unsigned long)r, 16);
		break;
	case 'h':
		trc_buf_printf(b, r ? "= %#lx" : "= %ld", r);
		break;
	case 'o':
		trc_buf_printf(b, "= %#03lo", (unsigned long)r);
		break;
	case 'f':
		trc_buf_puts(b, "= ");
		trc_put_fd(f, b, c->tid, (int)r);
		break;
	case 'F':
		if (!r) {
			trc_buf_puts(b, "= 0");
		} else if (c->args[1] == F_GETFD) {
			trc_buf_printf(b, "= %#lx (flags ", r);
			trc_put_flags(b, sg_xlat_fd_flags, (unsigned long)r);
			trc_buf_putn(b, ")", 1);
		} else if (c->args[1] == F_GETFL) {
			trc_buf_printf(b, "= %#lx (flags ", r);
			trc_put_open_flags(b, (unsigned long)r);
			trc_buf_putn(b, ")", 1);
		} else if (c->args[1] == F_DUPFD ||
			   c->args[1] == F_DUPFD_CLOEXEC) {
			trc_buf_puts(b, "= ");
			trc_put_fd(f, b, c->tid, (int)r);
		} else {
			trc_buf_printf(b, "= %ld", r);
		}
		break;
	default:
		trc_buf_putn(b, "= ", 2);
		trc_buf_puti(b, r);
		if (s && (!strcmp(s->name, "poll") ||
			  !strcmp(s->name, "ppoll"))) {
			/* strace: " (Timeout)" or the fds that fired. */
			if (!r) {
				trc_buf_puts(b, " (Timeout)");
			} else {
				trc_buf_puts(b, " (");
				trc_put_pollfds(b, c->tid, c->args[0],
						c->args[1], 1);
				trc_buf_putn(b, ")", 1);
			}
		}
	}
}

void trc_decode_siginfo(const siginfo_t *si, struct trc_buf *b)
{
	const char *code = NULL;

	trc_put_signame(b, si->si_signo);
	trc_buf_puts(b, " {si_signo=");
	trc_put_signame(b, si->si_signo);
	trc_buf_puts(b, ", si_code=");
	if (si->si_code == SI_USER)
		code = "SI_USER";
	else if (si->si_code == SI_KERNEL)
		code = "SI_KERNEL";
	else if (si->si_code == SI_TKILL)
		code = "SI_TKILL";
	else if (si->si_code == SI_QUEUE)
		code = "SI_QUEUE";
	else if (si->si_signo == SIGCHLD)
		code = sg_xlat_name(sg_xlat_cld_codes,
				    (unsigned long)si->si_code);
	else if (si->si_signo == SIGSEGV)
		code = si->si_code == SEGV_MAPERR ? "SEGV_MAPERR" :
		       si->si_code == SEGV_ACCERR ? "SEGV_ACCERR" : NULL;
	if (code)
		trc_buf_puts(b, code);
	else
		trc_buf_printf(b, "%d", si->si_code);
	if (si->si_signo == SIGCHLD && si->si_code > 0) {
		trc_buf_printf(b, ", si_pid=%d, si_uid=%u, si_status=",
			       si->si_pid, si->si_uid);
		if (si->si_code == CLD_EXITED)
			trc_buf_printf(b, "%d", si->si_status);
		else
			trc_put_signame(b, si->si_status);
		trc_buf_printf(b, ", si_utime=%ld, si_stime=%ld",
			       (long)si->si_utime, (long)si->si_stime);
	} else if (si->si_code <= 0 && si->si_code != SI_KERNEL) {
		trc_buf_printf(b, ", si_pid=%d, si_uid=%u", si->si_pid,
			       si->si_uid);
	} else if (si->si_signo == SIGSEGV || si->si_signo == SIGBUS ||
		   si->si_signo == SIGILL || si->si_signo == SIGFPE) {
		trc_buf_printf(b, ", si_addr=");
		trc_put_ptr(b, (unsigned long)si->si_addr);
	}
	trc_buf_putn(b, "}", 1);
}

/* ---- JSON ---- */

void trc_json_str(struct trc_buf *b, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char esc[8];
	size_t i;

	trc_buf_putn(b, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			trc_buf_putn(b, esc, 2);
		} else if (c == '\n') {
			trc_buf_putn(b, "\\n", 2);
		} else if (c == '\t') {
			trc_buf_putn(b, "\\t", 2);
		} else if (c == '\r') {
			trc_buf_putn(b, "\\r", 2);
		} else if (c < 0x20 || c >= 0x7f) {
			/*
			 * Bytes, not UTF-8 text: every non-ASCII byte is
			 * escaped as the code point of the same value, so the
			 * output is always valid JSON and reversible.
			 */
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			trc_buf_putn(b, esc, 6);
		} else {
			trc_buf_putn(b, (const char *)&c, 1);
		}
	}
	trc_buf_putn(b, "\"", 1);
}

static void trc_json_cstr(struct trc_buf *b, pid_t pid, unsigned long addr,
			  int limit)
{
	char tmp[PATH_MAX + 1];
	size_t max = limit < 0 || limit > PATH_MAX ? PATH_MAX : (size_t)limit;
	long n;

	if (!addr) {
		trc_buf_puts(b, "null");
		return;
	}
	n = trc_read_str(pid, addr, tmp, max + 1);
	if (n < 0) {
		trc_buf_printf(b, "%lu", addr);
		return;
	}
	trc_json_str(b, (unsigned char *)tmp, (size_t)n > max ? max :
		     (size_t)n);
}

static void trc_json_mem(struct trc_buf *b, pid_t pid, unsigned long addr,
			 unsigned long len, int limit)
{
	unsigned char tmp[4096];
	size_t want = len > (unsigned long)limit ? (size_t)limit : len;

	if (want > sizeof(tmp))
		want = sizeof(tmp);
	if (!addr || (long)len < 0 ||
	    trc_mem_read(pid, addr, tmp, want) != (long)want) {
		trc_buf_printf(b, "%lu", addr);
		return;
	}
	trc_json_str(b, tmp, want);
}

void trc_json_args_raw_out(const struct sysgate_call *c,
			   const unsigned long *a, struct trc_buf *b)
{
	const struct trc_sig *s = trc_sig_for(c->nr);
	int i, n, from;

	if (!s)
		return;
	/* The same bounds as trc_json_args(at_exit 1). */
	n = trc_nargs(s, a);
	if (!strcmp(s->name, "fcntl"))
		n = 3;
	if (!strcmp(s->name, "futex"))
		n = 6;
	if (s->args[0] == 'C')
		n = 5;
	from = trc_first_out(s, n < (int)strlen(s->args) ? n :
			     (int)strlen(s->args));
	for (i = from; i < n; i++) {
		if (i > from)
			trc_buf_putn(b, ",", 1);
		trc_buf_printf(b, "%lu", a[i]);
	}
}

void trc_json_args(const struct trc_fmt *f, const struct sysgate_call *c,
		   const unsigned long *a, struct trc_buf *b, int at_exit)
{
	const struct trc_sig *s = trc_sig_for(c->nr);
	int i, n = s ? trc_nargs(s, a) : 6, from, to;
	int failed = c->ret < 0 && c->ret >= -4095;

	if (s && !strcmp(s->name, "fcntl"))
		n = 3;
	if (s && !strcmp(s->name, "futex"))
		n = 6;
	if (s && s->args[0] == 'C')
		n = 5;
	/* Inputs at entry (execve's strings are gone at its exit). */
	from = 0;
	to = s ? trc_first_out(s, n < (int)strlen(s->args) ? n :
			       (int)strlen(s->args)) : n;
	if (to > n)
		to = n;
	if (at_exit) {
		from = to;
		to = n;
	}
	for (i = from; i < to; i++) {
		char k = s && i < (int)strlen(s->args) ? s->args[i] : 'u';

		if (i > from)
			trc_buf_putn(b, ",", 1);
		if (k == 's' || k == 'z' || k == 'c')
			trc_json_cstr(b, c->tid, a[i], k == 'c' ?
				      f->string_limit : -1);
		else if (k == 'b')
			trc_json_mem(b, c->tid, a[i], a[i + 1],
				     f->string_limit);
		else if (k == 'B' && !failed)
			trc_json_mem(b, c->tid, a[i], (unsigned long)c->ret,
				     f->string_limit);
		else if (k == 'd' || k == 'f' || k == 'a' || k == 'g')
			trc_buf_printf(b, "%d", (int)a[i]);
		else if (k == 'l')
			trc_buf_printf(b, "%ld", (long)a[i]);
		else
			trc_buf_printf(b, "%lu", a[i]);
	}
}

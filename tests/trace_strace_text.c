/* SPDX-License-Identifier: MIT */
/*
 * The exact text of lines matches strace's for the same run: cat and
 * ls -la traced in full, the network calls of a python3 socket exchange,
 * structs (open_how, iovec, stat, sockaddr) of a target, a shell filtered.  Addresses (ASLR) and child
 * pids are masked; calls whose values differ run to run are skipped.
 */
#include "trace_cli.h"

static char st_buf[1 << 22], sg_buf[1 << 22];

/*
 * Mask 0x<hex> (0xADDR), si_pid=N and htons(port), in place (s holds
 * sizeof(st_buf) bytes; the masked text can be longer than the input).
 */
static void mask_addrs(char *out)
{
	static char in[sizeof(st_buf)];
	char *s = in, *w = out, *end = out + sizeof(st_buf) - 16;

	snprintf(in, sizeof(in), "%s", out);
	while (*s && w < end) {
		if (!strncmp(s, "htons(", 6) && s[6] >= '0' && s[6] <= '9') {
			s += 6;
			while (*s >= '0' && *s <= '9')
				s++;
			memcpy(w, "htons(PORT", 10);
			w += 10;
			continue;
		}
		if (!strncmp(s, "si_pid=", 7)) {
			s += 7;
			while (*s >= '0' && *s <= '9')
				s++;
			memcpy(w, "si_pid=PID", 10);
			w += 10;
			continue;
		}
		if (s[0] == '0' && s[1] == 'x') {
			s += 2;
			while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
				s++;
			memcpy(w, "0xADDR", 6);
			w += 6;
			continue;
		}
		*w++ = *s++;
	}
	*w = 0;
}

/*
 * Drop lines whose values legitimately differ between two runs (pids,
 * random bytes, memory statistics); collapse runs of spaces (masking
 * changes the padding).
 */
static void normalise(char *s)
{
	static const char *const skip[] = {
		"getrandom(", "set_tid_address(", "getpid(", "gettid(",
		"getppid(", "sysinfo(", NULL,
	};
	char *r = s, *w = s;
	int i, drop;

	mask_addrs(s);
	while (*r) {
		size_t len = strcspn(r, "\n");

		drop = 0;
		for (i = 0; skip[i]; i++)
			drop |= !strncmp(r, skip[i], strlen(skip[i]));
		if (!drop) {
			for (size_t k = 0; k < len; k++)
				if (r[k] != ' ' || !k || r[k - 1] != ' ')
					*w++ = r[k];
			*w++ = '\n';
		}
		r += len + !!r[len];
	}
	*w = 0;
}

/* Run cmd (a NULL-terminated list) under strace and sysgate with the
 * options opts and compare the normalised text line by line. */
static void compare(const char *expr, char **cmd)
{
	char a[] = "/tmp/sg-text-a-XXXXXX", b[] = "/tmp/sg-text-b-XXXXXX";
	int fa = mkstemp(a), fb = mkstemp(b), i = 0, n, line = 1;
	char *sargv[32], *gargv[32], *p, *q;

	CHECK(fa >= 0 && fb >= 0);
	close(fa);
	close(fb);
	sargv[i++] = "/usr/bin/strace";
	if (expr) {
		sargv[i++] = "-e";
		sargv[i++] = (char *)expr;
	}
	sargv[i++] = "-o";
	sargv[i++] = a;
	sargv[i++] = "--";
	for (n = 0; cmd[n]; n++)
		sargv[i++] = cmd[n];
	sargv[i] = NULL;
	i = 0;
	gargv[i++] = NULL;	/* build/sysgate */
	gargv[i++] = "trace";
	if (expr) {
		gargv[i++] = "-e";
		gargv[i++] = (char *)expr;
	}
	gargv[i++] = "-o";
	gargv[i++] = b;
	gargv[i++] = "--";
	for (n = 0; cmd[n]; n++)
		gargv[i++] = cmd[n];
	gargv[i] = NULL;
	CHECK_EQ(tc_exit_code(tc_run(sargv)), 0);
	CHECK_EQ(tc_exit_code(tc_run(gargv)), 0);
	tc_read_file(a, st_buf, sizeof(st_buf));
	tc_read_file(b, sg_buf, sizeof(sg_buf));
	CHECK(strlen(st_buf) > 150);
	normalise(st_buf);
	normalise(sg_buf);
	for (p = st_buf, q = sg_buf; *p || *q; line++) {
		size_t lp = strcspn(p, "\n"), lq = strcspn(q, "\n");

		if (lp != lq || memcmp(p, q, lp)) {
			fprintf(stderr, "%s: line %d differs:\nstrace:  %.*s\n"
				"sysgate: %.*s\n", cmd[0], line, (int)lp, p,
				(int)lq, q);
			CHECK(0);
		}
		p += lp + !!p[lp];
		q += lq + !!q[lq];
	}
	printf("%s: %d identical lines\n", cmd[0], line - 1);
	unlink(a);
	unlink(b);
}

int main(void)
{
	char *cat[] = { "/bin/cat", "/etc/passwd", NULL };
	char *pymsg[] = { "/usr/bin/python3", "-S", "-c",
			  "import socket, array\n"
			  "a, b = socket.socketpair(socket.AF_UNIX, "
			  "socket.SOCK_DGRAM)\n"
			  "a.sendmsg([b'hello', b'world'])\n"
			  "b.recvmsg(100)\n"
			  "a.sendmsg([b'fd'], [(socket.SOL_SOCKET, "
			  "socket.SCM_RIGHTS, array.array('i', [0]))])\n"
			  "b.recvmsg(100, socket.CMSG_SPACE(4))\n", NULL };
	char *structs[] = { (char *)t_build_path("tests/targets/trace_structs"),
			    NULL };
	char *ls[] = { "/bin/ls", "-la", "/usr/bin", NULL };
	char *py[] = { "/usr/bin/python3", "-S", "-c",
		       "import socket\n"
		       "s = socket.socket()\n"
		       "s.bind(('127.0.0.1', 0))\n"
		       "s.listen()\n"
		       "c = socket.create_connection(s.getsockname())\n"
		       "a = s.accept()[0]\n"
		       "c.send(b'hi')\n"
		       "a.recv(10)\n", NULL };
	char *sh[] = { "/bin/sh", "-c", "cat /etc/passwd; ls /usr/share "
		       ">/dev/null; umask 022; uname -a", NULL };

	if (access("/usr/bin/strace", X_OK))
		t_skip("strace is not installed");
	/* Everything a simple program does, struct and flag decoding. */
	compare(NULL, cat);
	compare(NULL, ls);
	/* Sockets: socket, bind, listen, connect, accept4, sendto, recvfrom,
	 * getsockname with their sockaddrs, epoll/poll flags. */
	if (!access(py[0], X_OK)) {	/* its mallocs vary with ASLR */
		compare("trace=%network,poll,epoll_create1", py);
		/* msghdr: iovecs, names, SCM_RIGHTS control data. */
		compare("trace=socketpair,sendmsg,recvmsg", pymsg);
	}
	/* open_how, iovec in and out, stat, an unnamed unix socket. */
	compare("trace=openat2,writev,readv,fstat,close,unlink,socket,"
		"getsockname", structs);
	/* A filtered shell run. */
	compare("trace=openat,read,write,close,lseek,access,fstat,newfstatat,"
		"getdents64,fcntl,dup2,umask,uname", sh);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * sysgate trace - strace-compatible tracing, fault injection and JSON
 * output, on top of the public API only: the tracer handler
 * (sysgate_trace_*) driven by an interception (sysgate_intercept_*).
 *
 * Exit status: the traced command's (128 + signal when it was killed),
 * 1 when the command or the output file cannot be used, 2 for bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sysgate.h"
#include "tools/commands.h"

#define TRACE_MAX_EXPRS 64
#define TRACE_MAX_PIDS 64

/* The interception the signal handler interrupts (set once, read there). */
static struct sysgate_intercept *volatile trace_session;
static volatile sig_atomic_t trace_signal;

static void trace_on_signal(int sig)
{
	struct sysgate_intercept *s = trace_session;

	trace_signal = sig;
	if (s)
		sysgate_intercept_interrupt(s);
}

static void trace_on_sigpipe(int sig)
{
}

static void trace_usage(FILE *f)
{
	fprintf(f,
"usage: sysgate trace [OPTIONS] -- COMMAND [ARGS...]\n"
"       sysgate trace [OPTIONS] -p PID [-p PID...]\n"
"\n"
"  -f               follow forks, vforks and clones\n"
"  -o FILE          write the trace to FILE instead of stderr\n"
"  -e EXPR          trace=SET, inject=SET:error=E|retval=N[:when=W],\n"
"                   fault=SET[:error=E], status=LIST (may repeat)\n"
"  -c               count calls, errors and time; print a summary\n"
"  -w               -c: time calls by wall clock, not system CPU time\n"
"  -t, -tt          prefix lines with the time of day (-tt: with us)\n"
"  -T               show the time spent in each call\n"
"  -s N             print at most N bytes of strings (default 32)\n"
"  -y               print paths next to file descriptors\n"
"  -q, -qq          quieter (-qq: no exit/kill lines)\n"
"  -Z, -z           only failed (-Z) / successful (-z) calls\n"
"  -p PID           attach to a running process\n"
"  --json           one JSON object per line per call\n"
"  --backend=NAME   auto, ptrace, sysemu or unotify\n"
"\n"
"SET: names, %%file %%network %%process %%memory %%signal %%ipc %%desc\n"
"%%creds %%clock, /regex, all, none; a leading ! negates.  See\n"
"sysgate-trace(1).\n");
}

/* Print a -e parse error with a caret under the offending byte. */
static void trace_expr_error(const char *expr,
			     const struct sysgate_parse_error *err)
{
	int pos = err->pos;

	if (pos < 0 || pos > (int)strlen(expr))
		pos = 0;
	fprintf(stderr, "sysgate trace: %s\n", err->msg);
	fprintf(stderr, "  -e %s\n", expr);
	fprintf(stderr, "     %*s^\n", pos, "");
}

/*
 * Find the command as execvp() will (strace checks it before starting
 * anything, so a typo costs no tracee).  Returns 0 or -errno.
 */
static int trace_find_cmd(const char *cmd)
{
	const char *path, *p, *end;
	char buf[PATH_MAX];
	struct stat st;
	int err = -ENOENT;

	if (!*cmd)
		return -ENOENT;
	if (strchr(cmd, '/'))
		return stat(cmd, &st) ? -errno : 0;
	path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p = end + 1) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(end - p), p,
			 end == p ? "" : "/", cmd);
		if (!stat(buf, &st) && S_ISREG(st.st_mode)) {
			if (!access(buf, X_OK))
				return 0;
			err = -EACCES;
		}
		if (!*end)
			break;
	}
	return err;
}

static int trace_parse_backend(const char *s, enum sysgate_backend *b)
{
	static const struct {
		const char *name;
		enum sysgate_backend b;
	} names[] = {
		{ "auto", SYSGATE_BACKEND_AUTO },
		{ "ptrace", SYSGATE_BACKEND_PTRACE },
		{ "sysemu", SYSGATE_BACKEND_SYSEMU },
		{ "unotify", SYSGATE_BACKEND_UNOTIFY },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name)) {
			*b = names[i].b;
			return 0;
		}
	return -1;
}

static int trace_parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cmd_trace(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "backend", required_argument, NULL, 'B' },
		{ "output", required_argument, NULL, 'o' },
		{ "follow-forks", no_argument, NULL, 'f' },
		{ "summary-only", no_argument, NULL, 'c' },
		{ "summary-wall-clock", no_argument, NULL, 'w' },
		{ "string-limit", required_argument, NULL, 's' },
		{ "failed-only", no_argument, NULL, 'Z' },
		{ "successful-only", no_argument, NULL, 'z' },
		{ "attach", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		/* Filtering is always in the kernel when the backend can. */
		{ "seccomp-bpf", no_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 },
	};
	struct sysgate_trace_opts topts = { .sz = sizeof(topts), .out_fd = 2 };
	struct sysgate_intercept_opts iopts = { .sz = sizeof(iopts) };
	const char *exprs[TRACE_MAX_EXPRS], *outfile = NULL;
	struct sysgate_parse_error perr;
	struct sysgate_trace *t = NULL;
	struct sysgate_intercept *s = NULL;
	struct sigaction sa;
	pid_t pids[TRACE_MAX_PIDS], child = 0;
	uint64_t *filter = NULL;
	int nexprs = 0, npids = 0, follow = 0, tcount = 0, qcount = 0;
	int status = 0, rc, opt, i, out_fd = 2, ret = 1;
	long v, nbits;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+fo:e:ctTws:yqZzp:hVF", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'f': case 'F': follow = 1; break;
		case 'o': outfile = optarg; break;
		case 'e':
			if (nexprs == TRACE_MAX_EXPRS) {
				fprintf(stderr, "sysgate trace: too many -e\n");
				return 2;
			}
			exprs[nexprs++] = optarg;
			break;
		case 'c': topts.flags |= SYSGATE_TRACE_SUMMARY; break;
		case 't': tcount++; break;
		case 'T': topts.flags |= SYSGATE_TRACE_DURATION; break;
		case 'w': topts.flags |= SYSGATE_TRACE_WALL_TIME; break;
		case 's':
			if (trace_parse_int(optarg, 0, 1 << 20, &v)) {
				fprintf(stderr, "sysgate trace: invalid -s "
					"argument: '%s'\n", optarg);
				return 2;
			}
			/* 0 would mean "default" to the library. */
			topts.string_limit = v ? (int)v : 1;
			break;
		case 'y': topts.flags |= SYSGATE_TRACE_FD_PATHS; break;
		case 'q': qcount++; break;
		case 'Z':
			if (nexprs < TRACE_MAX_EXPRS)
				exprs[nexprs++] = "status=failed";
			break;
		case 'z':
			if (nexprs < TRACE_MAX_EXPRS)
				exprs[nexprs++] = "status=successful";
			break;
		case 'p':
			if (trace_parse_int(optarg, 1, INT_MAX, &v) ||
			    npids == TRACE_MAX_PIDS) {
				fprintf(stderr, "sysgate trace: invalid process "
					"id: '%s'\n", optarg);
				return 2;
			}
			pids[npids++] = (pid_t)v;
			break;
		case 'J': topts.flags |= SYSGATE_TRACE_JSON; break;
		case 'K': break;
		case 'B':
			if (trace_parse_backend(optarg, &iopts.backend)) {
				fprintf(stderr, "sysgate trace: unknown backend "
					"'%s' (expected auto, ptrace, sysemu, "
					"unotify)\n", optarg);
				return 2;
			}
			break;
		case 'h':
			trace_usage(stdout);
			return 0;
		case 'V':
			printf("sysgate trace %s\n", sysgate_version());
			return 0;
		default:
			if (optopt && strchr("oesp", optopt))
				fprintf(stderr, "sysgate trace: option -%c "
					"needs an argument\n", optopt);
			else if (optopt)
				fprintf(stderr, "sysgate trace: unknown option "
					"-%c\n", optopt);
			else
				fprintf(stderr, "sysgate trace: unknown option "
					"'%s'\n", argv[optind - 1]);
			trace_usage(stderr);
			return 2;
		}
	}
	if (tcount == 1)
		topts.flags |= SYSGATE_TRACE_TIME;
	else if (tcount > 1)
		topts.flags |= SYSGATE_TRACE_TIME_US;
	if (qcount > 1)
		topts.flags |= SYSGATE_TRACE_QUIET;
	if (optind == argc && !npids) {
		fprintf(stderr, "sysgate trace: must have PROG [ARGS] or -p "
			"PID\n");
		trace_usage(stderr);
		return 2;
	}
	if (optind < argc && npids) {
		fprintf(stderr, "sysgate trace: -p and a command are "
			"mutually exclusive\n");
		return 2;
	}

	/* Parse everything before touching the file system or a process. */
	rc = sysgate_trace_new(&topts, &t);
	if (rc) {
		fprintf(stderr, "sysgate trace: %s\n", strerror(-rc));
		return 1;
	}
	for (i = 0; i < nexprs; i++) {
		rc = sysgate_trace_add_expr(t, exprs[i], &perr);
		if (rc) {
			if (rc == -EINVAL)
				trace_expr_error(exprs[i], &perr);
			else
				fprintf(stderr, "sysgate trace: %s\n",
					strerror(-rc));
			sysgate_trace_free(t);
			return 2;
		}
	}
	if (optind < argc) {
		rc = trace_find_cmd(argv[optind]);
		if (rc) {
			fprintf(stderr, "sysgate trace: Can't stat '%s': %s\n",
				argv[optind], strerror(-rc));
			sysgate_trace_free(t);
			return 1;
		}
	}
	if (outfile) {
		out_fd = open(outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0666);
		if (out_fd < 0) {
			fprintf(stderr, "sysgate trace: Can't fopen '%s': %s\n",
				outfile, strerror(errno));
			sysgate_trace_free(t);
			return 1;
		}
		sysgate_trace_free(t);
		t = NULL;
		topts.out_fd = out_fd;
		if (follow)
			topts.flags |= SYSGATE_TRACE_PIDS;
		rc = sysgate_trace_new(&topts, &t);
		for (i = 0; !rc && i < nexprs; i++)
			rc = sysgate_trace_add_expr(t, exprs[i], &perr);
		if (rc) {
			fprintf(stderr, "sysgate trace: %s\n", strerror(-rc));
			goto out;
		}
	}

	nbits = sysgate_syscall_count();
	filter = calloc((size_t)(nbits + 63) / 64, sizeof(*filter));
	if (!filter) {
		fprintf(stderr, "sysgate trace: out of memory\n");
		goto out;
	}
	sysgate_trace_filter(t, filter, (unsigned int)nbits);
	iopts.filter = filter;
	iopts.filter_bits = (unsigned int)nbits;
	iopts.flags = follow ? SYSGATE_FOLLOW_FORKS : 0;
	/* -c counts system CPU time, as strace does, unless -w asks for wall. */
	if ((topts.flags & SYSGATE_TRACE_SUMMARY) &&
	    !(topts.flags & SYSGATE_TRACE_WALL_TIME))
		iopts.flags |= SYSGATE_CPU_TIME;
	iopts.on_call = sysgate_trace_on_call;
	iopts.on_event = sysgate_trace_on_event;
	iopts.ctx = t;
	rc = sysgate_intercept_new(&iopts, &s);
	if (rc) {
		fprintf(stderr, "sysgate trace: backend %s: %s%s%s\n",
			sysgate_backend_name(iopts.backend) ?
			sysgate_backend_name(iopts.backend) : "?",
			strerror(-rc),
			*sysgate_intercept_error(NULL) ? ": " : "",
			sysgate_intercept_error(NULL));
		goto out;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = trace_on_signal;
	sigemptyset(&sa.sa_mask);
	trace_session = s;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	/*
	 * A reader that went away must not kill us with tracees stopped; a
	 * handler rather than SIG_IGN, which the tracee would inherit.
	 */
	sa.sa_handler = trace_on_sigpipe;
	sigaction(SIGPIPE, &sa, NULL);

	if (npids) {
		for (i = 0; i < npids; i++) {
			rc = sysgate_intercept_attach(s, pids[i]);
			if (rc) {
				fprintf(stderr, "sysgate trace: attach: "
					"ptrace(PTRACE_SEIZE, %d): %s\n",
					(int)pids[i], strerror(-rc));
				if (i == 0)
					goto out;
				continue;
			}
			if (!qcount)
				fprintf(stderr, "sysgate trace: Process %d "
					"attached\n", (int)pids[i]);
		}
	} else {
		rc = sysgate_intercept_spawn(s, argv + optind, NULL, &child);
		if (rc) {
			fprintf(stderr, "sysgate trace: exec '%s': %s%s%s\n",
				argv[optind], strerror(-rc),
				*sysgate_intercept_error(s) ? ": " : "",
				sysgate_intercept_error(s));
			goto out;
		}
	}
	rc = sysgate_intercept_run(s, &status);
	if (rc && rc != -EINTR)
		fprintf(stderr, "sysgate trace: %s%s%s\n", strerror(-rc),
			*sysgate_intercept_error(s) ? ": " : "",
			sysgate_intercept_error(s));
	if (topts.flags & SYSGATE_TRACE_SUMMARY)
		sysgate_trace_summary(t, out_fd);
	if (npids && rc == -EINTR && !qcount)
		for (i = 0; i < npids; i++)
			fprintf(stderr, "sysgate trace: Process %d detached\n",
				(int)pids[i]);
	if (trace_signal && rc == -EINTR)
		ret = npids ? 0 : 128 + trace_signal;
	else if (npids)
		ret = rc ? 1 : 0;
	else if (WIFEXITED(status))
		ret = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		ret = 128 + WTERMSIG(status);
	else
		ret = rc ? 1 : 0;
out:
	trace_session = NULL;
	sysgate_intercept_free(s);
	sysgate_trace_free(t);
	free(filter);
	if (out_fd > 2)
		close(out_fd);
	return ret;
}

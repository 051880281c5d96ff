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
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sysgate.h"
#include "tools/commands.h"

#define TRACE_MAX_EXPRS 64
#define TRACE_MAX_PIDS 64
#define TRACE_MAX_PATHS 256
#define TRACE_MAX_ENV 256

extern char **environ;

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
"  -ff              with -o FILE: one file per thread, FILE.PID\n"
"  -o FILE          write the trace to FILE instead of stderr\n"
"  -e EXPR          trace=SET, signal=SET, status=LIST,\n"
"                   inject=SET:OPT[:OPT..], fault=SET[:OPT..] with OPT\n"
"                   error=E retval=N signal=SIG delay_enter=US\n"
"                   delay_exit=US when=W (may repeat)\n"
"  -P PATH          only calls that access PATH (by name or fd; repeat)\n"
"  -c               count calls, errors and time; print a summary\n"
"  -w               -c: time calls by wall clock, not system CPU time\n"
"  -t, -tt, -ttt    prefix lines with the time of day (-tt: with us;\n"
"                   -ttt: seconds since the epoch)\n"
"  -r               prefix lines with the time since the previous one\n"
"  -T               show the time spent in each call\n"
"  -i, -n           prefix lines with the instruction pointer / the\n"
"                   syscall number\n"
"  -k               print the stack of each traced call (needs libdw)\n"
"  -a COLUMN        align return values at COLUMN (default 40)\n"
"  -s N             print at most N bytes of strings (default 32)\n"
"  -x, -xx          non-ASCII strings (-xx: all strings) in \\x hex\n"
"  -y               print paths next to file descriptors\n"
"  -q, -qq          quieter (-qq: no exit/kill lines)\n"
"  -Z, -z           only failed (-Z) / successful (-z) calls\n"
"  -E VAR=VAL, -E VAR  set / remove VAR in the command's environment\n"
"  -u USER          run the command as USER (root only)\n"
"  -p PID           attach to a running process\n"
"  --json           one JSON object per line per call\n"
"  --backend=NAME   auto, ptrace, sysemu or unotify\n"
"  --seccomp-bpf    accepted for strace's sake: sysgate always lets\n"
"                   the kernel filter out untraced calls (seccomp)\n"
"  -V, --version    print the version\n"
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

/*
 * -E: the command's environment, environ with each "VAR=VAL" set and
 * each "VAR" removed, in command line order.  NULL when out of memory.
 */
static char **trace_build_env(char **mods, int nmods)
{
	size_t n = 0, i, k, len;
	char **env;
	int m;

	while (environ && environ[n])
		n++;
	env = calloc(n + (size_t)nmods + 1, sizeof(*env));
	if (!env)
		return NULL;
	for (i = 0; i < n; i++)
		env[i] = environ[i];
	for (m = 0; m < nmods; m++) {
		const char *eq = strchr(mods[m], '=');

		len = eq ? (size_t)(eq - mods[m]) : strlen(mods[m]);
		for (i = k = 0; i < n; i++)
			if (strncmp(env[i], mods[m], len) ||
			    env[i][len] != '=')
				env[k++] = env[i];
		n = k;
		if (eq)
			env[n++] = mods[m];
		env[n] = NULL;
	}
	return env;
}

/* -u: the credentials the supervisor gives up while it spawns. */
struct trace_creds {
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;
	gid_t groups[NGROUPS_MAX];
	int ngroups;
	int secbits;
};

/*
 * Take USER's ids and groups, keeping root's capabilities (securebit
 * NO_SETUID_FIXUP) and root as the saved uid/gid, so that the child
 * spawned now starts with USER's credentials, the supervisor can still
 * ptrace it (CAP_SYS_PTRACE), and everything can be given back.  The
 * child's execve makes the saved ids USER's and, as neither its real
 * nor its effective uid is 0 and the file grants none, leaves it no
 * capability.  Returns 0 or -errno (nothing changed then).
 */
static int trace_become(const struct passwd *pw, struct trace_creds *sv)
{
	int rc;

	if (getresuid(&sv->ruid, &sv->euid, &sv->suid) ||
	    getresgid(&sv->rgid, &sv->egid, &sv->sgid))
		return -errno;
	sv->ngroups = getgroups(NGROUPS_MAX, sv->groups);
	sv->secbits = prctl(PR_GET_SECUREBITS);
	if (sv->ngroups < 0 || sv->secbits < 0)
		return -errno;
	if (prctl(PR_SET_SECUREBITS, sv->secbits | SECBIT_NO_SETUID_FIXUP))
		return -errno;
	if (initgroups(pw->pw_name, pw->pw_gid) ||
	    setresgid(pw->pw_gid, pw->pw_gid, sv->sgid) ||
	    setresuid(pw->pw_uid, pw->pw_uid, sv->suid)) {
		rc = -errno;
		setgroups((size_t)sv->ngroups, sv->groups);
		setresgid(sv->rgid, sv->egid, sv->sgid);
		prctl(PR_SET_SECUREBITS, sv->secbits);
		return rc;
	}
	return 0;
}

static int trace_unbecome(const struct trace_creds *sv)
{
	if (setresuid(sv->ruid, sv->euid, sv->suid) ||
	    setresgid(sv->rgid, sv->egid, sv->sgid) ||
	    setgroups((size_t)sv->ngroups, sv->groups) ||
	    prctl(PR_SET_SECUREBITS, sv->secbits))
		return -errno;
	return 0;
}

/*
 * A trace with every -e and -P applied.  Returns 0, 2 (bad usage,
 * reported) or 1 (other failure, reported).
 */
static int trace_setup(const struct sysgate_trace_opts *topts,
		       const char **exprs, int nexprs, const char **paths,
		       int npaths, struct sysgate_trace **out)
{
	struct sysgate_parse_error perr;
	struct sysgate_trace *t;
	int rc, i;

	rc = sysgate_trace_new(topts, &t);
	if (rc == -ENOSYS && (topts->flags & SYSGATE_TRACE_STACK)) {
		fprintf(stderr, "sysgate trace: -k needs elfutils' libdw "
			"(libdw.so.1, Debian package libdw1)\n");
		return 1;
	}
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
			return rc == -EINVAL ? 2 : 1;
		}
	}
	for (i = 0; i < npaths; i++) {
		rc = sysgate_trace_add_path(t, paths[i]);
		if (rc) {
			fprintf(stderr, "sysgate trace: -P '%s': %s\n",
				paths[i], rc == -EINVAL ? "invalid path" :
				strerror(-rc));
			sysgate_trace_free(t);
			return rc == -EINVAL ? 2 : 1;
		}
	}
	*out = t;
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
		{ "version", no_argument, NULL, 'V' },
		{ "trace-path", required_argument, NULL, 'P' },
		{ "env", required_argument, NULL, 'E' },
		{ "user", required_argument, NULL, 'u' },
		{ "columns", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct sysgate_trace_opts topts = { .sz = sizeof(topts), .out_fd = 2 };
	struct sysgate_intercept_opts iopts = { .sz = sizeof(iopts) };
	const char *exprs[TRACE_MAX_EXPRS], *outfile = NULL, *user = NULL;
	const char *paths[TRACE_MAX_PATHS];
	char *envmods[TRACE_MAX_ENV], **envp = NULL;
	struct sysgate_trace *t = NULL;
	struct sysgate_intercept *s = NULL;
	struct passwd *pw = NULL;
	struct trace_creds creds;
	struct sigaction sa;
	pid_t pids[TRACE_MAX_PIDS], child = 0;
	uint64_t *filter = NULL;
	int nexprs = 0, npids = 0, follow = 0, tcount = 0, qcount = 0;
	int npaths = 0, nenv = 0, xcount = 0;
	int status = 0, rc, opt, i, out_fd = 2, ret = 1;
	long v, nbits;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+fo:e:ctTws:yqZzp:hVFxria:nkP:E:u:",
				  longopts, NULL)) != -1) {
		switch (opt) {
		case 'f': follow++; break;
		case 'F': follow = follow ? follow : 1; break;
		case 'x': xcount++; break;
		case 'r': topts.flags |= SYSGATE_TRACE_RELATIVE; break;
		case 'i': topts.flags |= SYSGATE_TRACE_IP; break;
		case 'n': topts.flags |= SYSGATE_TRACE_NR; break;
		case 'k': topts.flags |= SYSGATE_TRACE_STACK; break;
		case 'a':
			if (trace_parse_int(optarg, 0, 4096, &v)) {
				fprintf(stderr, "sysgate trace: invalid -a "
					"argument: '%s' (a column from 0 to "
					"4096)\n", optarg);
				return 2;
			}
			/* 0 would mean "default" to the library; 1 pads the
			 * same way (one space). */
			topts.align_column = v ? (int)v : 1;
			break;
		case 'P':
			if (!*optarg) {
				fprintf(stderr, "sysgate trace: -P needs a "
					"path, got ''\n");
				return 2;
			}
			if (npaths == TRACE_MAX_PATHS) {
				fprintf(stderr, "sysgate trace: too many -P\n");
				return 2;
			}
			paths[npaths++] = optarg;
			break;
		case 'E':
			if (!*optarg || *optarg == '=') {
				fprintf(stderr, "sysgate trace: invalid -E "
					"argument: '%s' (VAR=VALUE or VAR)\n",
					optarg);
				return 2;
			}
			if (nenv == TRACE_MAX_ENV) {
				fprintf(stderr, "sysgate trace: too many -E\n");
				return 2;
			}
			envmods[nenv++] = optarg;
			break;
		case 'u': user = optarg; break;
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
			if (optopt && strchr("oespaPEu", optopt))
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
	else if (tcount == 2)
		topts.flags |= SYSGATE_TRACE_TIME_US;
	else if (tcount > 2)
		topts.flags |= SYSGATE_TRACE_TIME_EPOCH;
	if (xcount == 1)
		topts.flags |= SYSGATE_TRACE_HEX;
	else if (xcount > 1)
		topts.flags |= SYSGATE_TRACE_HEX_ALL;
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
	if (user) {
		if (getuid() != 0 || geteuid() != 0) {
			fprintf(stderr, "sysgate trace: -u %s: only root can "
				"run the command as another user\n", user);
			return 2;
		}
		pw = getpwnam(user);
		if (!pw) {
			fprintf(stderr, "sysgate trace: -u: cannot find user "
				"'%s'\n", user);
			return 2;
		}
	}
	/* -ff is -f with one file per thread; it needs a FILE to name them. */
	if (follow > 1 && (!outfile || (topts.flags & SYSGATE_TRACE_SUMMARY)))
		follow = 1;

	/* Parse everything before touching the file system or a process. */
	rc = trace_setup(&topts, exprs, nexprs, paths, npaths, &t);
	if (rc)
		return rc;
	/* As strace: say when -P will also match another spelling. */
	for (i = 0; i < npaths; i++) {
		char real[PATH_MAX];

		if (realpath(paths[i], real) && strcmp(real, paths[i]))
			fprintf(stderr, "sysgate trace: Requested path \"%s\" "
				"resolved into \"%s\"\n", paths[i], real);
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
	if (outfile && follow > 1) {
		/* The files are made per thread; their directory must do. */
		char dir[PATH_MAX];

		snprintf(dir, sizeof(dir), "%s", outfile);
		if (access(dirname(dir), W_OK)) {
			fprintf(stderr, "sysgate trace: Can't fopen '%s.PID': "
				"%s\n", outfile, strerror(errno));
			sysgate_trace_free(t);
			return 1;
		}
		sysgate_trace_free(t);
		t = NULL;
		topts.per_thread_prefix = outfile;
		rc = trace_setup(&topts, exprs, nexprs, paths, npaths, &t);
		if (rc)
			return rc;
	} else if (outfile) {
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
		rc = trace_setup(&topts, exprs, nexprs, paths, npaths, &t);
		if (rc)
			goto out;
	}
	if (nenv) {
		envp = trace_build_env(envmods, nenv);
		if (!envp) {
			fprintf(stderr, "sysgate trace: out of memory\n");
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
	/*
	 * The tracer reads and returns, never rewrites: the ptrace backend
	 * then reads each stop's call without the whole register frame.
	 */
	iopts.flags = (follow ? SYSGATE_FOLLOW_FORKS : 0) | SYSGATE_NO_REWRITE;
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
		if (pw) {
			rc = trace_become(pw, &creds);
			if (rc) {
				fprintf(stderr, "sysgate trace: -u %s: %s\n",
					user, strerror(-rc));
				goto out;
			}
		}
		rc = sysgate_intercept_spawn(s, argv + optind, envp, &child);
		if (pw && trace_unbecome(&creds)) {
			/* Never go on half root, half USER. */
			fprintf(stderr, "sysgate trace: cannot take back root's "
				"credentials: %s\n", strerror(errno));
			if (!rc)
				kill(child, SIGKILL);
			goto out;
		}
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
	free(envp);
	if (out_fd > 2)
		close(out_fd);
	return ret;
}

/* SPDX-License-Identifier: MIT */
/*
 * The interception session: option checking, backend choice, the tracee
 * table and the public entry points; the backends do the driving.
 *
 * Backend choice for SYSGATE_BACKEND_AUTO: seccomp user notification is
 * the cheapest round trip (one notification per call, no register
 * traffic) but it has no exit phase, no argument rewrite, no register
 * frame and no fork/exec events; it is picked only when the options say
 * the handler needs none of them (SYSGATE_NO_EXIT_PHASE |
 * SYSGATE_NO_REWRITE, no SYSGATE_FOLLOW_FORKS).  Everything else gets the
 * ptrace backend with the seccomp prefilter.  A backend the kernel refuses
 * is recorded in err and the next one tried.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "intercept/icp.h"

const char *sysgate_backend_name(enum sysgate_backend b)
{
	switch (b) {
	case SYSGATE_BACKEND_AUTO:
		return "auto";
	case SYSGATE_BACKEND_PTRACE:
		return "ptrace";
	case SYSGATE_BACKEND_SYSEMU:
		return "sysemu";
	case SYSGATE_BACKEND_UNOTIFY:
		return "unotify";
	}
	return NULL;
}

void icp_set_err(struct sysgate_intercept *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
}

int icp_wants(const struct sysgate_intercept *s, long nr)
{
	if (!s->filter)
		return 1;
	if (nr < 0 || (unsigned long)nr >= s->filter_bits)
		return 0;
	return (s->filter[nr / 64] >> (nr % 64)) & 1;
}

unsigned long long icp_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void icp_event(struct sysgate_intercept *s, struct sysgate_event *ev)
{
	if (!s->o.on_event)
		return;
	ev->ts_ns = icp_now_ns();
	s->o.on_event(ev, s->o.ctx);
}

void icp_note_status(struct sysgate_intercept *s, pid_t pid, int status)
{
	if (pid == s->first_pid && !s->have_first_status) {
		s->first_status = status;
		s->have_first_status = 1;
	}
}

/* execvp's search, done in the supervisor so a bad name fails spawn(). */
int icp_resolve_path(const char *file, char *out, size_t outlen)
{
	const char *path, *p, *end;
	int err = -ENOENT;
	struct stat st;

	if (!file || !*file)
		return -ENOENT;
	if (strchr(file, '/')) {
		if (strlen(file) >= outlen)
			return -ENAMETOOLONG;
		if (stat(file, &st) < 0)
			return -errno;
		if (S_ISDIR(st.st_mode) || access(file, X_OK) < 0)
			return -EACCES;
		strcpy(out, file);
		return 0;
	}
	path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; p; p = *end ? end + 1 : NULL) {
		size_t dl;

		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		dl = (size_t)(end - p);
		if (dl + 1 + strlen(file) + 1 > outlen)
			continue;
		if (dl) {
			memcpy(out, p, dl);
			out[dl] = '/';
			strcpy(out + dl + 1, file);
		} else {
			strcpy(out, file);
		}
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(out, X_OK) == 0)
				return 0;
			err = -EACCES;
		}
	}
	return err;
}

/* ---- tracee table: tid -> state, chained hash, grows by doubling ---- */

static unsigned int icp_hash(pid_t tid, unsigned int n)
{
	return ((unsigned int)tid * 2654435761u) & (n - 1);
}

struct icp_tracee *icp_find(struct icp_table *t, pid_t tid)
{
	struct icp_tracee *tr;

	if (!t->nslot)
		return NULL;
	for (tr = t->slot[icp_hash(tid, t->nslot)]; tr; tr = tr->next)
		if (tr->tid == tid)
			return tr;
	return NULL;
}

static int icp_grow(struct icp_table *t)
{
	unsigned int n = t->nslot ? t->nslot * 2 : 64, i;
	struct icp_tracee **slot = calloc(n, sizeof(*slot));

	if (!slot)
		return -ENOMEM;
	for (i = 0; i < t->nslot; i++) {
		struct icp_tracee *tr = t->slot[i], *next;

		for (; tr; tr = next) {
			unsigned int h = icp_hash(tr->tid, n);

			next = tr->next;
			tr->next = slot[h];
			slot[h] = tr;
		}
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = n;
	return 0;
}

struct icp_tracee *icp_add(struct icp_table *t, pid_t tid, pid_t pid)
{
	struct icp_tracee *tr = icp_find(t, tid);
	unsigned int h;

	if (tr)
		return tr;
	if (t->count + 1 > t->nslot && icp_grow(t) < 0)
		return NULL;
	tr = calloc(1, sizeof(*tr));
	if (!tr)
		return NULL;
	tr->tid = tid;
	tr->pid = pid;
	h = icp_hash(tid, t->nslot);
	tr->next = t->slot[h];
	t->slot[h] = tr;
	t->count++;
	return tr;
}

void icp_del(struct icp_table *t, pid_t tid)
{
	struct icp_tracee **pp, *tr;

	if (!t->nslot)
		return;
	for (pp = &t->slot[icp_hash(tid, t->nslot)]; (tr = *pp); pp = &tr->next)
		if (tr->tid == tid) {
			*pp = tr->next;
			free(tr);
			t->count--;
			return;
		}
}

void icp_for_each(struct icp_table *t,
		  void (*fn)(struct icp_tracee *tr, void *arg), void *arg)
{
	unsigned int i;

	for (i = 0; i < t->nslot; i++) {
		struct icp_tracee *tr = t->slot[i], *next;

		for (; tr; tr = next) {
			next = tr->next;
			fn(tr, arg);
		}
	}
}

void icp_table_free(struct icp_table *t)
{
	unsigned int i;

	for (i = 0; i < t->nslot; i++) {
		struct icp_tracee *tr = t->slot[i], *next;

		for (; tr; tr = next) {
			next = tr->next;
			free(tr);
		}
	}
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

int icp_proc_ids(pid_t tid, pid_t *tgid, pid_t *ppid)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ESRCH;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -ESRCH;
	buf[n] = '\0';
	p = strstr(buf, "\nTgid:");
	if (!p)
		return -ESRCH;
	*tgid = (pid_t)atoi(p + 6);
	p = strstr(buf, "\nPPid:");
	*ppid = p ? (pid_t)atoi(p + 6) : 0;
	return 0;
}

pid_t icp_proc_tgid(pid_t tid)
{
	pid_t tgid, ppid;

	return icp_proc_ids(tid, &tgid, &ppid) == 0 ? tgid : 0;
}

/* ---- public API ---- */

/* Why the last failed sysgate_intercept_new() of this thread failed. */
static __thread char icp_new_err[256];

#define ICP_KNOWN_FLAGS (SYSGATE_FOLLOW_FORKS | SYSGATE_NO_EXIT_PHASE | \
			 SYSGATE_NO_REWRITE | SYSGATE_CPU_TIME)

static int icp_check_opts(const struct sysgate_intercept_opts *o)
{
	size_t i;

	if (o->sz < offsetof(struct sysgate_intercept_opts, ctx) + sizeof(void *))
		return -EINVAL;
	/* A newer caller's extra fields must be zero (we cannot honour them). */
	for (i = sizeof(*o); i < o->sz; i++)
		if (((const char *)o)[i])
			return -EINVAL;
	if ((unsigned int)o->backend > SYSGATE_BACKEND_UNOTIFY)
		return -EINVAL;
	if (o->flags & ~ICP_KNOWN_FLAGS)
		return -EINVAL;
	if (!o->filter != !o->filter_bits)
		return -EINVAL;
	if (o->filter_bits > 65536)
		return -EINVAL;
	return 0;
}

static int icp_pick(struct sysgate_intercept *s)
{
	unsigned int unotify_ok = SYSGATE_NO_EXIT_PHASE | SYSGATE_NO_REWRITE;
	int rc;

	switch (s->o.backend) {
	case SYSGATE_BACKEND_PTRACE:
	case SYSGATE_BACKEND_SYSEMU:
		s->backend = s->o.backend;
		s->ops = &icp_ptrace_ops;
		return ptr_probe(s);
	case SYSGATE_BACKEND_UNOTIFY:
		s->backend = s->o.backend;
		s->ops = &icp_unotify_ops;
		return unf_probe(s);
	case SYSGATE_BACKEND_AUTO:
		break;
	}
	if ((s->o.flags & unotify_ok) == unotify_ok &&
	    !(s->o.flags & SYSGATE_FOLLOW_FORKS)) {
		s->backend = SYSGATE_BACKEND_UNOTIFY;
		s->ops = &icp_unotify_ops;
		if (unf_probe(s) == 0)
			return 0;
		/* keep the reason unotify was refused in err */
	}
	s->backend = SYSGATE_BACKEND_PTRACE;
	s->ops = &icp_ptrace_ops;
	{
		char why[sizeof(s->err)];

		memcpy(why, s->err, sizeof(why));
		rc = ptr_probe(s);
		if (rc == 0)
			memcpy(s->err, why, sizeof(why));
	}
	return rc;
}

int sysgate_intercept_new(const struct sysgate_intercept_opts *opts,
			  struct sysgate_intercept **out)
{
	struct sysgate_intercept *s;
	int rc;

	if (!out)
		return -EINVAL;
	if (opts) {
		rc = icp_check_opts(opts);
		if (rc)
			return rc;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (opts)
		memcpy(&s->o, opts, sizeof(s->o) < opts->sz ? sizeof(s->o) : opts->sz);
	s->o.sz = sizeof(s->o);
	s->listener = -1;
	s->pidfd = -1;
	s->wake_fd[0] = s->wake_fd[1] = -1;
	if (s->o.filter) {
		size_t words = (s->o.filter_bits + 63) / 64;

		s->filter = calloc(words, sizeof(uint64_t));
		if (!s->filter) {
			free(s);
			return -ENOMEM;
		}
		memcpy(s->filter, s->o.filter, words * sizeof(uint64_t));
		if (s->o.filter_bits % 64)
			s->filter[words - 1] &= (1ull << (s->o.filter_bits % 64)) - 1;
		s->filter_bits = s->o.filter_bits;
		s->o.filter = s->filter;
	}
	rc = icp_pick(s);
	if (rc < 0) {
		memcpy(icp_new_err, s->err, sizeof(icp_new_err));
		free(s->filter);
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

const char *sysgate_intercept_error(const struct sysgate_intercept *s)
{
	return s ? s->err : icp_new_err;
}

enum sysgate_backend sysgate_intercept_backend(const struct sysgate_intercept *s)
{
	return s ? s->backend : SYSGATE_BACKEND_AUTO;
}

int sysgate_intercept_spawn(struct sysgate_intercept *s, char *const argv[],
			    char *const envp[], pid_t *pid)
{
	char path[4096];
	pid_t p = 0;
	int rc;

	if (!s || !argv || !argv[0] || s->running)
		return -EINVAL;
	rc = icp_resolve_path(argv[0], path, sizeof(path));
	if (rc < 0) {
		icp_set_err(s, "cannot execute %s: %s", argv[0], strerror(-rc));
		return rc;
	}
	rc = s->ops->spawn(s, path, argv, envp ? envp : environ, &p);
	/*
	 * auto chose unotify, but the kernel refused a listener in this
	 * process tree (EBUSY: another listener is already there): nothing
	 * ran yet, so fall back to ptrace.
	 */
	if (rc < 0 && s->o.backend == SYSGATE_BACKEND_AUTO &&
	    s->backend == SYSGATE_BACKEND_UNOTIFY && !s->tab.count &&
	    s->child <= 0) {
		char why[sizeof(s->err)];

		snprintf(why, sizeof(why), "%s", s->err);
		/* the program built was the NOTIFY one */
		icp_prefilter_free(s->bpf);
		s->bpf = NULL;
		s->backend = SYSGATE_BACKEND_PTRACE;
		s->ops = &icp_ptrace_ops;
		if (ptr_probe(s) == 0) {
			icp_set_err(s, "unotify refused (%s); using ptrace", why);
			rc = s->ops->spawn(s, path, argv, envp ? envp : environ, &p);
		}
	}
	if (rc < 0)
		return rc;
	if (!s->first_pid)
		s->first_pid = p;
	if (pid)
		*pid = p;
	return 0;
}

int sysgate_intercept_attach(struct sysgate_intercept *s, pid_t pid)
{
	int rc;

	if (!s || pid <= 0 || s->running)
		return -EINVAL;
	if (s->backend == SYSGATE_BACKEND_UNOTIFY) {
		if (s->o.backend != SYSGATE_BACKEND_AUTO || s->child > 0) {
			icp_set_err(s, "unotify cannot attach to a running process");
			return -EOPNOTSUPP;
		}
		s->backend = SYSGATE_BACKEND_PTRACE;
		s->ops = &icp_ptrace_ops;
		rc = ptr_probe(s);
		if (rc < 0)
			return rc;
	}
	rc = s->ops->attach(s, pid);
	if (rc < 0)
		return rc;
	if (!s->first_pid)
		s->first_pid = pid;
	return 0;
}

int sysgate_intercept_run(struct sysgate_intercept *s, int *status)
{
	int rc;

	if (!s || s->running)
		return -EINVAL;
	s->running = 1;
	rc = s->ops->run(s);
	s->running = 0;
	if (status)
		*status = s->have_first_status ? s->first_status : 0;
	return rc;
}

/*
 * Async-signal-safe: a store and kill()/write().  The wake-up is what
 * makes a run loop blocked in waitpid() or poll() notice the flag.
 */
void sysgate_intercept_interrupt(struct sysgate_intercept *s)
{
	int saved = errno;
	pid_t sent;

	if (!s)
		return;
	s->stop = 1;
	sent = s->sentinel;
	if (sent > 0)
		kill(sent, SIGKILL);
	if (s->wake_fd[1] >= 0) {
		ssize_t n = write(s->wake_fd[1], "x", 1);

		(void)n;
	}
	errno = saved;
}

void sysgate_intercept_free(struct sysgate_intercept *s)
{
	if (!s)
		return;
	s->ops->shutdown(s);
	icp_table_free(&s->tab);
	icp_prefilter_free(s->bpf);
	if (s->listener >= 0)
		close(s->listener);
	if (s->pidfd >= 0)
		close(s->pidfd);
	if (s->wake_fd[0] >= 0)
		close(s->wake_fd[0]);
	if (s->wake_fd[1] >= 0)
		close(s->wake_fd[1]);
	free(s->filter);
	free(s);
}

/* SPDX-License-Identifier: MIT */
/*
 * A child that keeps the futex answer word at its "still pending" value:
 * a hostile writer (here a thread of the test writing through
 * /proc/PID/mem, as a thread of the child could) stores the value the
 * word held before the request back over it without pause and wakes
 * FUTEX_WAKE waiters on it all the time (so the supervisor never sleeps
 * into a timeout).  The stub thread serves the call and goes back to
 * sleep; the supervisor must notice that from the kernel's view of the
 * thread and return -EIO within well under a second, not wait forever
 * for a change the child suppresses (a call may also get the true answer
 * when the supervisor reads it between two of the writer's stores: the
 * test calls until a lie is caught, every call bounded).  Then: the transport refuses
 * further calls (-EIO), switching back to ptrace recovers.
 *
 * The same at set-up: the word is frozen at the boot value while
 * set_transport(FUTEX) runs: -EIO quickly (not the 2 s set-up deadline)
 * with the ptrace transport kept and working - or 0 when the supervisor
 * happened to read the true answer between two of the writer's stores;
 * then a call either works or fails -EIO, quickly too.
 */
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>

#include "sysgate.h"
#include "remote/proc.h"
#include "test.h"

static atomic_int stop_writer;
static int memfd;
static unsigned long word_at;	/* child address of the answer word */
static uint32_t *word_local;	/* our mapping of it (for FUTEX_WAKE) */
static uint32_t frozen;

static void *writer(void *arg)
{
	unsigned int i;

	/* through /proc/PID/mem once (as the child would), then the same
	 * shared page through our mapping, which is much faster */
	if (pwrite(memfd, &frozen, sizeof(frozen), (off_t)word_at) !=
	    sizeof(frozen))
		return arg;
	for (i = 0; !atomic_load_explicit(&stop_writer, memory_order_relaxed);
	     i++) {
		__atomic_store_n(word_local, frozen, __ATOMIC_RELAXED);
		if (!(i & 63))
			syscall(SYS_futex, word_local, FUTEX_WAKE, 1, NULL,
				NULL, 0);
	}
	return arg;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void start_writer(struct sysgate_proc *p, uint32_t value,
			 pthread_t *th)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)p->pid);
	memfd = open(path, O_RDWR | O_CLOEXEC);
	CHECK(memfd >= 0);
	word_at = p->remote + STUB_RESP_OFF + STUB_RESP_FUTEX;
	word_local = (uint32_t *)(p->local + STUB_RESP_OFF + STUB_RESP_FUTEX);
	frozen = value;
	atomic_store(&stop_writer, 0);
	CHECK_EQ(pthread_create(th, NULL, writer, NULL), 0);
}

static void stop_it(pthread_t th)
{
	atomic_store(&stop_writer, 1);
	pthread_join(th, NULL);
	close(memfd);
}

static struct sysgate_proc *spawn_sleeper(unsigned int flags)
{
	char *argv[] = { "/bin/sleep", "30", NULL };
	struct sysgate_proc *p;
	int err = sysgate_proc_spawn(argv, NULL, flags, &p);

	if (err == -ENOSYS)
		t_skip("futex transport not available");
	if (err == -EPERM)
		t_skip("ptrace not permitted");
	CHECK_EQ(err, 0);
	return p;
}

/* During a call: the word stays at the previous answer. */
static void in_call(void)
{
	struct sysgate_proc *p = spawn_sleeper(SYSGATE_PROC_FUTEX);
	pthread_t th;
	double t0, dt;
	long r;
	int i;

	CHECK_EQ(sysgate_proc_transport(p), SYSGATE_TRANSPORT_FUTEX);
	for (i = 0; i < 3; i++)
		CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0),
			 getpid());
	/*
	 * What the word holds now is what the next call's wait calls
	 * pending.  The supervisor may still read the true answer between
	 * two of the writer's stores (that result is right and fine): call
	 * until one is caught, each call bounded in time.
	 */
	for (i = 0, r = 0; i < 200 && r != -EIO; i++) {
		start_writer(p, *(volatile uint32_t *)(p->local +
			     STUB_RESP_OFF + STUB_RESP_FUTEX), &th);
		usleep(1000);
		t0 = now_s();
		r = sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0);
		dt = now_s() - t0;
		stop_it(th);
		CHECK(r == getpid() || r == -EIO);
		CHECK(dt < 0.5);
	}
	printf("caught after %d calls\n", i);
	CHECK_EQ(r, -EIO);
	CHECK(sysgate_proc_error(p)[0] != 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0), -EIO);
	CHECK_EQ(sysgate_proc_alive(p), 0);
	CHECK_EQ(sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_PTRACE), 0);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0),
		 getpid());
	sysgate_proc_free(p);
}

/* During set-up: the word stays at the boot value. */
static void in_setup(void)
{
	struct sysgate_proc *p = spawn_sleeper(0);
	pthread_t th;
	double t0, dt;
	int r;

	start_writer(p, 0xffffffffu, &th);
	t0 = now_s();
	r = sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_FUTEX);
	dt = now_s() - t0;
	stop_it(th);
	if (r == -ENOSYS)
		t_skip("futex transport not available");
	CHECK(dt < 1.0);
	if (r == 0) {
		printf("note: set-up caught the real answer in time\n");
		start_writer(p, *(volatile uint32_t *)(p->local +
			     STUB_RESP_OFF + STUB_RESP_FUTEX), &th);
		t0 = now_s();
		r = (int)sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0,
						0);
		dt = now_s() - t0;
		stop_it(th);
		CHECK(r == getpid() || r == -EIO);
		CHECK(dt < 0.5);
		CHECK_EQ(sysgate_proc_set_transport(p, SYSGATE_TRANSPORT_PTRACE),
			 0);
	}
	CHECK(r == -EIO || r == getpid());
	CHECK_EQ(sysgate_proc_transport(p), SYSGATE_TRANSPORT_PTRACE);
	CHECK_EQ(sysgate_remote_syscall(p, SYS_getppid, 0, 0, 0, 0, 0, 0),
		 getpid());
	sysgate_proc_free(p);
}

int main(void)
{
	int fds = t_count_fds();

	in_call();
	in_setup();
	CHECK_EQ(t_count_fds(), fds);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * Constant tables.  The names are listed here; every value is the macro of
 * the system headers, so nothing numeric is typed by hand.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sched.h>
#include <unistd.h>
#include <linux/sched.h>
#include <linux/futex.h>
#include <linux/stat.h>
#include <asm/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <sys/file.h>
#include <linux/openat2.h>
#include <poll.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <linux/netlink.h>
#include <sys/prctl.h>
#include <sys/statvfs.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <time.h>

#include "sysgate.h"
#include "trace/xlat.h"

#define X(c) { #c, (unsigned long)(c) }
#define XEND { NULL, 0 }

const struct sg_xlat sg_xlat_open_access[] = {
	X(O_RDONLY), X(O_WRONLY), X(O_RDWR), XEND
};

/*
 * strace's order (O_DIRECTORY last); multi-bit flags (O_SYNC holds
 * O_DSYNC, O_TMPFILE holds O_DIRECTORY) before the bits they contain.
 */
const struct sg_xlat sg_xlat_open_flags[] = {
	X(O_CREAT), X(O_EXCL), X(O_NOCTTY), X(O_TRUNC), X(O_APPEND),
	X(O_NONBLOCK), X(O_SYNC), X(O_DSYNC), X(O_ASYNC), X(O_DIRECT),
	/* glibc's O_LARGEFILE is 0 on x86-64; the kernel's bit is 0100000. */
	{ "O_LARGEFILE", 0100000 }, X(O_NOFOLLOW), X(O_NOATIME), X(O_CLOEXEC),
	X(O_PATH),
	X(O_TMPFILE), X(O_DIRECTORY), XEND
};

const struct sg_xlat sg_xlat_at_flags[] = {
	X(AT_SYMLINK_NOFOLLOW), X(AT_REMOVEDIR), X(AT_SYMLINK_FOLLOW),
	X(AT_NO_AUTOMOUNT), X(AT_EMPTY_PATH), X(AT_EACCESS),
	X(AT_STATX_FORCE_SYNC), X(AT_STATX_DONT_SYNC), XEND
};

const struct sg_xlat sg_xlat_prot[] = {
	X(PROT_READ), X(PROT_WRITE), X(PROT_EXEC),
	X(PROT_GROWSDOWN), X(PROT_GROWSUP), XEND
};

const struct sg_xlat sg_xlat_map_type[] = {
	X(MAP_SHARED), X(MAP_PRIVATE), X(MAP_SHARED_VALIDATE), XEND
};

const struct sg_xlat sg_xlat_map_flags[] = {
	X(MAP_FIXED), X(MAP_ANONYMOUS), X(MAP_32BIT), X(MAP_GROWSDOWN),
	X(MAP_DENYWRITE), X(MAP_EXECUTABLE), X(MAP_LOCKED), X(MAP_NORESERVE),
	X(MAP_POPULATE), X(MAP_NONBLOCK), X(MAP_STACK), X(MAP_HUGETLB),
	X(MAP_SYNC), X(MAP_FIXED_NOREPLACE), XEND
};

const struct sg_xlat sg_xlat_signals[] = {
	X(SIGHUP), X(SIGINT), X(SIGQUIT), X(SIGILL), X(SIGTRAP), X(SIGABRT),
	X(SIGBUS), X(SIGFPE), X(SIGKILL), X(SIGUSR1), X(SIGSEGV), X(SIGUSR2),
	X(SIGPIPE), X(SIGALRM), X(SIGTERM), X(SIGSTKFLT), X(SIGCHLD),
	X(SIGCONT), X(SIGSTOP), X(SIGTSTP), X(SIGTTIN), X(SIGTTOU), X(SIGURG),
	X(SIGXCPU), X(SIGXFSZ), X(SIGVTALRM), X(SIGPROF), X(SIGWINCH),
	X(SIGIO), X(SIGPWR), X(SIGSYS), XEND
};

const struct sg_xlat sg_xlat_fcntl_cmds[] = {
	X(F_DUPFD), X(F_GETFD), X(F_SETFD), X(F_GETFL), X(F_SETFL),
	X(F_GETLK), X(F_SETLK), X(F_SETLKW), X(F_SETOWN), X(F_GETOWN),
	X(F_SETSIG), X(F_GETSIG), X(F_SETOWN_EX), X(F_GETOWN_EX),
	X(F_OFD_GETLK), X(F_OFD_SETLK), X(F_OFD_SETLKW), X(F_SETLEASE),
	X(F_GETLEASE), X(F_NOTIFY), X(F_DUPFD_CLOEXEC), X(F_SETPIPE_SZ),
	X(F_GETPIPE_SZ), X(F_ADD_SEALS), X(F_GET_SEALS), X(F_RDLCK),
	X(F_WRLCK), X(F_UNLCK), XEND
};

const struct sg_xlat sg_xlat_fd_flags[] = {
	X(FD_CLOEXEC), XEND
};

const struct sg_xlat sg_xlat_seek[] = {
	X(SEEK_SET), X(SEEK_CUR), X(SEEK_END), X(SEEK_DATA), X(SEEK_HOLE), XEND
};

const struct sg_xlat sg_xlat_mode_type[] = {
	X(S_IFREG), X(S_IFDIR), X(S_IFLNK), X(S_IFCHR), X(S_IFBLK),
	X(S_IFIFO), X(S_IFSOCK), XEND
};

/* Values that are not flag families of their own but appear in calls. */
const struct sg_xlat sg_xlat_misc[] = {
	{ "AT_FDCWD", (unsigned long)(long)AT_FDCWD },
	X(MADV_NORMAL), X(MADV_RANDOM), X(MADV_SEQUENTIAL), X(MADV_WILLNEED),
	X(MADV_DONTNEED), X(MADV_FREE), X(MADV_REMOVE), X(MADV_DONTFORK),
	X(MADV_DOFORK), X(MADV_HUGEPAGE), X(MADV_NOHUGEPAGE),
	X(CLONE_VM), X(CLONE_FS), X(CLONE_FILES), X(CLONE_SIGHAND),
	X(CLONE_PIDFD), X(CLONE_PTRACE), X(CLONE_VFORK), X(CLONE_PARENT),
	X(CLONE_THREAD), X(CLONE_NEWNS), X(CLONE_SYSVSEM), X(CLONE_SETTLS),
	X(CLONE_PARENT_SETTID), X(CLONE_CHILD_CLEARTID), X(CLONE_DETACHED),
	X(CLONE_UNTRACED), X(CLONE_CHILD_SETTID), X(CLONE_NEWCGROUP),
	X(CLONE_NEWUTS), X(CLONE_NEWIPC), X(CLONE_NEWUSER), X(CLONE_NEWPID),
	X(CLONE_NEWNET), X(CLONE_IO),
	X(WNOHANG), X(WUNTRACED), X(WCONTINUED), X(WEXITED), X(WNOWAIT),
	X(WSTOPPED), X(__WALL), X(__WCLONE), X(__WNOTHREAD),
	X(SIG_BLOCK), X(SIG_UNBLOCK), X(SIG_SETMASK),
	X(STDIN_FILENO), X(STDOUT_FILENO), X(STDERR_FILENO),
	X(F_OK), X(R_OK), X(W_OK), X(X_OK),
	X(S_IRWXU), X(S_IRUSR), X(S_IWUSR), X(S_IXUSR), X(S_IRWXG),
	X(S_IRGRP), X(S_IWGRP), X(S_IXGRP), X(S_IRWXO), X(S_IROTH),
	X(S_IWOTH), X(S_IXOTH), X(S_ISUID), X(S_ISGID), X(S_ISVTX),
	X(O_ACCMODE), X(O_NDELAY), X(MAP_ANON), X(MAP_FILE),
	XEND
};

const struct sg_xlat sg_xlat_sa_flags[] = {
	X(SA_NOCLDSTOP), X(SA_NOCLDWAIT), X(SA_SIGINFO), { "SA_RESTORER", 0x04000000 },
	X(SA_ONSTACK), X(SA_RESTART), X(SA_NODEFER), X(SA_RESETHAND), XEND
};

const struct sg_xlat sg_xlat_statx_mask[] = {
	/* STATX_ALL (0xfff) first: strace names the whole set so */
	X(STATX_ALL), X(STATX_BASIC_STATS), X(STATX_TYPE), X(STATX_MODE),
	X(STATX_NLINK), X(STATX_UID), X(STATX_GID), X(STATX_ATIME), X(STATX_MTIME),
	X(STATX_CTIME), X(STATX_INO), X(STATX_SIZE), X(STATX_BLOCKS),
	X(STATX_BTIME), X(STATX_MNT_ID), X(STATX_DIOALIGN), XEND
};

const struct sg_xlat sg_xlat_statx_attr[] = {
	X(STATX_ATTR_COMPRESSED), X(STATX_ATTR_IMMUTABLE), X(STATX_ATTR_APPEND),
	X(STATX_ATTR_NODUMP), X(STATX_ATTR_ENCRYPTED), X(STATX_ATTR_AUTOMOUNT),
	X(STATX_ATTR_MOUNT_ROOT), X(STATX_ATTR_VERITY), X(STATX_ATTR_DAX),
	XEND
};

const struct sg_xlat sg_xlat_statx_sync[] = {
	{ "AT_STATX_SYNC_AS_STAT", 0 }, X(AT_STATX_FORCE_SYNC),
	X(AT_STATX_DONT_SYNC), XEND
};

const struct sg_xlat sg_xlat_af[] = {
	X(AF_UNSPEC), X(AF_UNIX), X(AF_INET), X(AF_INET6), X(AF_NETLINK),
	X(AF_PACKET), X(AF_VSOCK), X(AF_ALG), XEND
};

const struct sg_xlat sg_xlat_sock_type[] = {
	X(SOCK_STREAM), X(SOCK_DGRAM), X(SOCK_RAW), X(SOCK_RDM),
	X(SOCK_SEQPACKET), X(SOCK_PACKET), XEND
};

const struct sg_xlat sg_xlat_sock_flags[] = {
	X(SOCK_CLOEXEC), X(SOCK_NONBLOCK), XEND
};

const struct sg_xlat sg_xlat_rlimit[] = {
	X(RLIMIT_CPU), X(RLIMIT_FSIZE), X(RLIMIT_DATA), X(RLIMIT_STACK),
	X(RLIMIT_CORE), X(RLIMIT_RSS), X(RLIMIT_NPROC), X(RLIMIT_NOFILE),
	X(RLIMIT_MEMLOCK), X(RLIMIT_AS), X(RLIMIT_LOCKS), X(RLIMIT_SIGPENDING),
	X(RLIMIT_MSGQUEUE), X(RLIMIT_NICE), X(RLIMIT_RTPRIO), X(RLIMIT_RTTIME),
	XEND
};

const struct sg_xlat sg_xlat_wait_opts[] = {
	X(WNOHANG), X(WUNTRACED), X(WCONTINUED), X(WNOWAIT), X(__WNOTHREAD),
	X(__WALL), X(__WCLONE), XEND
};

const struct sg_xlat sg_xlat_sigprocmask[] = {
	X(SIG_BLOCK), X(SIG_UNBLOCK), X(SIG_SETMASK), XEND
};

const struct sg_xlat sg_xlat_clone_flags[] = {
	X(CLONE_VM), X(CLONE_FS), X(CLONE_FILES), X(CLONE_SIGHAND),
	X(CLONE_PIDFD), X(CLONE_PTRACE), X(CLONE_VFORK), X(CLONE_PARENT),
	X(CLONE_THREAD), X(CLONE_NEWNS), X(CLONE_SYSVSEM), X(CLONE_SETTLS),
	X(CLONE_PARENT_SETTID), X(CLONE_CHILD_CLEARTID), X(CLONE_UNTRACED),
	X(CLONE_CHILD_SETTID), X(CLONE_NEWCGROUP), X(CLONE_NEWUTS),
	X(CLONE_NEWIPC), X(CLONE_NEWUSER), X(CLONE_NEWPID), X(CLONE_NEWNET),
	X(CLONE_IO), XEND
};

const struct sg_xlat sg_xlat_ioctls[] = {
	X(TCGETS), X(TCSETS), X(TCSETSW), X(TCSETSF), X(TIOCGWINSZ),
	X(TIOCSWINSZ), X(TIOCGPGRP), X(TIOCSPGRP), X(FIONREAD), X(FIONBIO),
	X(FIOCLEX), X(FIONCLEX), X(TIOCSCTTY), X(TIOCNOTTY), X(TIOCOUTQ),
	X(TCFLSH), X(TIOCGSID), X(FIOASYNC),
	/* linux/fs.h _IOW(0x94, 9, int): cp's reflink attempt; strace's name */
	{ "BTRFS_IOC_CLONE or FICLONE", 0x40049409 },
	XEND
};

const struct sg_xlat sg_xlat_arch_prctl[] = {
	X(ARCH_SET_GS), X(ARCH_SET_FS), X(ARCH_GET_FS), X(ARCH_GET_GS),
	X(ARCH_GET_CPUID), X(ARCH_SET_CPUID), XEND
};

const struct sg_xlat sg_xlat_futex_ops[] = {
	X(FUTEX_WAIT), X(FUTEX_WAKE), X(FUTEX_REQUEUE), X(FUTEX_CMP_REQUEUE),
	X(FUTEX_WAKE_OP), X(FUTEX_LOCK_PI), X(FUTEX_UNLOCK_PI),
	X(FUTEX_WAIT_BITSET), X(FUTEX_WAKE_BITSET),
	X(FUTEX_WAIT_PRIVATE), X(FUTEX_WAKE_PRIVATE), X(FUTEX_REQUEUE_PRIVATE),
	X(FUTEX_CMP_REQUEUE_PRIVATE), X(FUTEX_WAKE_OP_PRIVATE),
	X(FUTEX_LOCK_PI_PRIVATE), X(FUTEX_UNLOCK_PI_PRIVATE),
	X(FUTEX_WAIT_BITSET_PRIVATE), X(FUTEX_WAKE_BITSET_PRIVATE),
	{ "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME",
	  FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME },
	XEND
};

const struct sg_xlat sg_xlat_getrandom[] = {
	X(GRND_NONBLOCK), X(GRND_RANDOM), X(GRND_INSECURE), XEND
};

const struct sg_xlat sg_xlat_access[] = {
	X(R_OK), X(W_OK), X(X_OK), XEND
};

const struct sg_xlat sg_xlat_cld_codes[] = {
	X(CLD_EXITED), X(CLD_KILLED), X(CLD_DUMPED), X(CLD_TRAPPED),
	X(CLD_STOPPED), X(CLD_CONTINUED), XEND
};

const struct sg_xlat sg_xlat_clocks[] = {
	X(CLOCK_REALTIME), X(CLOCK_MONOTONIC), X(CLOCK_PROCESS_CPUTIME_ID),
	X(CLOCK_THREAD_CPUTIME_ID), X(CLOCK_MONOTONIC_RAW),
	X(CLOCK_REALTIME_COARSE), X(CLOCK_MONOTONIC_COARSE), X(CLOCK_BOOTTIME),
	X(CLOCK_REALTIME_ALARM), X(CLOCK_BOOTTIME_ALARM), X(CLOCK_TAI), XEND
};

const struct sg_xlat sg_xlat_fadvise[] = {
	X(POSIX_FADV_NORMAL), X(POSIX_FADV_RANDOM), X(POSIX_FADV_SEQUENTIAL),
	X(POSIX_FADV_WILLNEED), X(POSIX_FADV_DONTNEED), X(POSIX_FADV_NOREUSE),
	XEND
};

const struct sg_xlat sg_xlat_fs_magic[] = {
	X(TMPFS_MAGIC), X(EXT2_SUPER_MAGIC), X(CGROUP_SUPER_MAGIC),
	X(CGROUP2_SUPER_MAGIC), X(PROC_SUPER_MAGIC), X(SYSFS_MAGIC),
	X(OVERLAYFS_SUPER_MAGIC), X(XFS_SUPER_MAGIC), X(BTRFS_SUPER_MAGIC),
	X(DEVPTS_SUPER_MAGIC), X(NFS_SUPER_MAGIC), X(RAMFS_MAGIC),
	X(SQUASHFS_MAGIC), X(FUSE_SUPER_MAGIC), X(DEBUGFS_MAGIC),
	X(TRACEFS_MAGIC), X(SECURITYFS_MAGIC), X(BPF_FS_MAGIC),
	X(HUGETLBFS_MAGIC), X(PIPEFS_MAGIC),
	X(SOCKFS_MAGIC), X(ANON_INODE_FS_MAGIC), X(NSFS_MAGIC), XEND
};

const struct sg_xlat sg_xlat_statfs_flags[] = {
	/* ST_VALID (0x20) is the kernel's "f_flags is set"; glibc has no name. */
	{ "ST_VALID", 0x0020 }, X(ST_RDONLY), X(ST_NOSUID), X(ST_NODEV),
	X(ST_NOEXEC),
	X(ST_SYNCHRONOUS), X(ST_MANDLOCK), X(ST_NOATIME), X(ST_NODIRATIME),
	X(ST_RELATIME), XEND
};

const struct sg_xlat sg_xlat_prctl[] = {
	X(PR_SET_PDEATHSIG), X(PR_GET_PDEATHSIG), X(PR_GET_DUMPABLE),
	X(PR_SET_DUMPABLE), X(PR_SET_NAME), X(PR_GET_NAME),
	X(PR_CAPBSET_READ), X(PR_CAPBSET_DROP), X(PR_SET_NO_NEW_PRIVS),
	X(PR_GET_NO_NEW_PRIVS), X(PR_SET_SECCOMP), X(PR_GET_SECCOMP),
	X(PR_SET_CHILD_SUBREAPER), X(PR_GET_CHILD_SUBREAPER),
	X(PR_SET_KEEPCAPS), X(PR_GET_KEEPCAPS), X(PR_SET_TIMERSLACK),
	X(PR_GET_TIMERSLACK), X(PR_SET_THP_DISABLE), X(PR_GET_THP_DISABLE),
	X(PR_SET_VMA), X(PR_SET_SYSCALL_USER_DISPATCH), X(PR_SET_MM),
	X(PR_SET_PTRACER), X(PR_CAP_AMBIENT), XEND
};

/* Capability numbers up to the headers' CAP_LAST_CAP. */
const struct sg_xlat sg_xlat_caps[] = {
	X(CAP_CHOWN), X(CAP_DAC_OVERRIDE), X(CAP_DAC_READ_SEARCH),
	X(CAP_FOWNER), X(CAP_FSETID), X(CAP_KILL), X(CAP_SETGID),
	X(CAP_SETUID), X(CAP_SETPCAP), X(CAP_LINUX_IMMUTABLE),
	X(CAP_NET_BIND_SERVICE), X(CAP_NET_BROADCAST), X(CAP_NET_ADMIN),
	X(CAP_NET_RAW), X(CAP_IPC_LOCK), X(CAP_IPC_OWNER), X(CAP_SYS_MODULE),
	X(CAP_SYS_RAWIO), X(CAP_SYS_CHROOT), X(CAP_SYS_PTRACE),
	X(CAP_SYS_PACCT), X(CAP_SYS_ADMIN), X(CAP_SYS_BOOT), X(CAP_SYS_NICE),
	X(CAP_SYS_RESOURCE), X(CAP_SYS_TIME), X(CAP_SYS_TTY_CONFIG),
	X(CAP_MKNOD), X(CAP_LEASE), X(CAP_AUDIT_WRITE), X(CAP_AUDIT_CONTROL),
	X(CAP_SETFCAP), X(CAP_MAC_OVERRIDE), X(CAP_MAC_ADMIN), X(CAP_SYSLOG),
	X(CAP_WAKE_ALARM), X(CAP_BLOCK_SUSPEND), X(CAP_AUDIT_READ),
	X(CAP_PERFMON), X(CAP_BPF), X(CAP_CHECKPOINT_RESTORE), XEND
};

const struct sg_xlat sg_xlat_msg_flags[] = {
	X(MSG_OOB), X(MSG_PEEK), X(MSG_DONTROUTE), X(MSG_CTRUNC), X(MSG_PROXY),
	X(MSG_TRUNC), X(MSG_DONTWAIT), X(MSG_EOR), X(MSG_WAITALL), X(MSG_FIN),
	X(MSG_SYN), X(MSG_CONFIRM), X(MSG_RST), X(MSG_ERRQUEUE),
	X(MSG_NOSIGNAL), X(MSG_MORE), X(MSG_WAITFORONE), X(MSG_FASTOPEN),
	X(MSG_CMSG_CLOEXEC), XEND
};

const struct sg_xlat sg_xlat_poll_events[] = {
	X(POLLIN), X(POLLPRI), X(POLLOUT), X(POLLERR), X(POLLHUP), X(POLLNVAL),
	X(POLLRDNORM), X(POLLRDBAND), X(POLLWRNORM), X(POLLWRBAND),
	X(POLLMSG), X(POLLRDHUP), XEND
};

const struct sg_xlat sg_xlat_ip_protos[] = {
	X(IPPROTO_IP), X(IPPROTO_ICMP), X(IPPROTO_TCP), X(IPPROTO_UDP),
	X(IPPROTO_IPV6), X(IPPROTO_ICMPV6), X(IPPROTO_SCTP), X(IPPROTO_RAW),
	XEND
};

const struct sg_xlat sg_xlat_netlink_protos[] = {
	X(NETLINK_ROUTE), X(NETLINK_AUDIT), X(NETLINK_KOBJECT_UEVENT),
	X(NETLINK_GENERIC), X(NETLINK_SOCK_DIAG), XEND
};

const struct sg_xlat sg_xlat_sol_levels[] = {
	X(SOL_IP), X(SOL_SOCKET), X(SOL_TCP), { "SOL_UDP", IPPROTO_UDP }, X(SOL_IPV6),
	X(SOL_NETLINK), XEND
};

const struct sg_xlat sg_xlat_so_opts[] = {
	X(SO_DEBUG), X(SO_REUSEADDR), X(SO_TYPE), X(SO_ERROR),
	X(SO_DONTROUTE), X(SO_BROADCAST), X(SO_SNDBUF), X(SO_RCVBUF),
	X(SO_KEEPALIVE), X(SO_OOBINLINE), X(SO_LINGER), X(SO_REUSEPORT),
	X(SO_PASSCRED), X(SO_PEERCRED), X(SO_RCVLOWAT), X(SO_SNDLOWAT),
	X(SO_ACCEPTCONN), X(SO_PROTOCOL), X(SO_DOMAIN), X(SO_PRIORITY),
	X(SO_SNDBUFFORCE), X(SO_RCVBUFFORCE), X(SO_TIMESTAMP), X(SO_MARK),
	XEND
};

const struct sg_xlat sg_xlat_netlink_opts[] = {
	X(NETLINK_ADD_MEMBERSHIP), X(NETLINK_DROP_MEMBERSHIP), X(NETLINK_PKTINFO),
	X(NETLINK_BROADCAST_ERROR), X(NETLINK_NO_ENOBUFS), X(NETLINK_RX_RING),
	X(NETLINK_TX_RING), X(NETLINK_LISTEN_ALL_NSID),
	X(NETLINK_LIST_MEMBERSHIPS), X(NETLINK_CAP_ACK), X(NETLINK_EXT_ACK),
	X(NETLINK_GET_STRICT_CHK), XEND
};

const struct sg_xlat sg_xlat_ip_opts[] = {
	X(IP_TOS), X(IP_TTL), X(IP_HDRINCL), X(IP_OPTIONS), X(IP_PKTINFO),
	X(IP_MTU_DISCOVER), X(IP_RECVERR), X(IP_RECVTTL), X(IP_MTU),
	X(IP_FREEBIND), X(IP_MULTICAST_TTL), X(IP_MULTICAST_LOOP), XEND
};

const struct sg_xlat sg_xlat_tcp_opts[] = {
	X(TCP_NODELAY), X(TCP_MAXSEG), X(TCP_CORK), X(TCP_KEEPIDLE),
	X(TCP_KEEPINTVL), X(TCP_KEEPCNT), X(TCP_SYNCNT), X(TCP_LINGER2),
	X(TCP_DEFER_ACCEPT), X(TCP_WINDOW_CLAMP), X(TCP_INFO),
	X(TCP_QUICKACK), X(TCP_CONGESTION), X(TCP_USER_TIMEOUT),
	X(TCP_FASTOPEN), XEND
};

const struct sg_xlat sg_xlat_ipv6_opts[] = {
	X(IPV6_V6ONLY), X(IPV6_RECVERR), X(IPV6_UNICAST_HOPS),
	X(IPV6_MULTICAST_HOPS), X(IPV6_MTU_DISCOVER), X(IPV6_RECVPKTINFO),
	XEND
};

const struct sg_xlat sg_xlat_epoll_flags[] = { X(EPOLL_CLOEXEC), XEND };
const struct sg_xlat sg_xlat_efd_flags[] = {
	X(EFD_SEMAPHORE), X(EFD_CLOEXEC), X(EFD_NONBLOCK), XEND
};
const struct sg_xlat sg_xlat_in_flags[] = {
	X(IN_CLOEXEC), X(IN_NONBLOCK), XEND
};
const struct sg_xlat sg_xlat_mfd_flags[] = {
	X(MFD_CLOEXEC), X(MFD_ALLOW_SEALING), X(MFD_HUGETLB), XEND
};
const struct sg_xlat sg_xlat_tfd_flags[] = {
	X(TFD_CLOEXEC), X(TFD_NONBLOCK), XEND
};
const struct sg_xlat sg_xlat_sfd_flags[] = {
	X(SFD_CLOEXEC), X(SFD_NONBLOCK), XEND
};

const struct sg_xlat sg_xlat_tc_iflag[] = {
	X(IGNBRK), X(BRKINT), X(IGNPAR), X(PARMRK), X(INPCK), X(ISTRIP),
	X(INLCR), X(IGNCR), X(ICRNL), X(IUCLC), X(IXON), X(IXANY), X(IXOFF),
	X(IMAXBEL), X(IUTF8), XEND
};

const struct sg_xlat sg_xlat_tc_oflag[] = {
	X(OPOST), X(OLCUC), X(ONLCR), X(OCRNL), X(ONOCR), X(ONLRET),
	X(OFILL), X(OFDEL), XEND
};

const struct sg_xlat sg_xlat_tc_cflag[] = {
	X(CSTOPB), X(CREAD), X(PARENB), X(PARODD), X(HUPCL), X(CLOCAL),
	X(CRTSCTS), XEND
};

const struct sg_xlat sg_xlat_tc_lflag[] = {
	X(ISIG), X(ICANON), X(XCASE), X(ECHO), X(ECHOE), X(ECHOK), X(ECHONL),
	X(NOFLSH), X(TOSTOP), X(IEXTEN), X(ECHOCTL), X(ECHOPRT), X(ECHOKE),
	X(FLUSHO), X(PENDIN), X(EXTPROC), XEND
};

const struct sg_xlat sg_xlat_tc_baud[] = {
	X(B0), X(B50), X(B75), X(B110), X(B134), X(B150), X(B200), X(B300),
	X(B600), X(B1200), X(B1800), X(B2400), X(B4800), X(B9600), X(B19200),
	X(B38400), X(B57600), X(B115200), X(B230400), X(B460800), X(B500000),
	X(B576000), X(B921600), X(B1000000), X(B4000000), XEND
};

const struct sg_xlat sg_xlat_resolve[] = {
	X(RESOLVE_NO_XDEV), X(RESOLVE_NO_MAGICLINKS), X(RESOLVE_NO_SYMLINKS),
	X(RESOLVE_BENEATH), X(RESOLVE_IN_ROOT), X(RESOLVE_CACHED), XEND
};

const struct sg_xlat sg_xlat_epoll_events[] = {
	X(EPOLLIN), X(EPOLLPRI), X(EPOLLOUT), X(EPOLLERR), X(EPOLLHUP),
	X(EPOLLRDNORM), X(EPOLLRDBAND), X(EPOLLWRNORM), X(EPOLLWRBAND),
	X(EPOLLMSG), X(EPOLLRDHUP), X(EPOLLEXCLUSIVE), X(EPOLLWAKEUP),
	X(EPOLLONESHOT), X(EPOLLET), XEND
};

const struct sg_xlat sg_xlat_epoll_ops[] = {
	X(EPOLL_CTL_ADD), X(EPOLL_CTL_DEL), X(EPOLL_CTL_MOD), XEND
};

const struct sg_xlat sg_xlat_flock_ops[] = {
	X(LOCK_SH), X(LOCK_EX), X(LOCK_NB), X(LOCK_UN), XEND
};

const struct sg_xlat sg_xlat_madvise[] = {
	X(MADV_NORMAL), X(MADV_RANDOM), X(MADV_SEQUENTIAL), X(MADV_WILLNEED),
	X(MADV_DONTNEED), X(MADV_FREE), X(MADV_REMOVE), X(MADV_DONTFORK),
	X(MADV_DOFORK), X(MADV_MERGEABLE), X(MADV_UNMERGEABLE),
	X(MADV_HUGEPAGE), X(MADV_NOHUGEPAGE), X(MADV_DONTDUMP),
	X(MADV_DODUMP), X(MADV_WIPEONFORK), X(MADV_KEEPONFORK),
	X(MADV_COLD), X(MADV_PAGEOUT), X(MADV_HWPOISON), XEND
};

const struct sg_xlat sg_xlat_rusage_who[] = {
	X(RUSAGE_SELF), { "RUSAGE_CHILDREN", (unsigned long)RUSAGE_CHILDREN },
	X(RUSAGE_THREAD), XEND
};

static const struct sg_xlat *const sg_families[] = {
	sg_xlat_open_access, sg_xlat_open_flags, sg_xlat_at_flags, sg_xlat_prot,
	sg_xlat_map_type, sg_xlat_map_flags, sg_xlat_signals,
	sg_xlat_fcntl_cmds, sg_xlat_fd_flags, sg_xlat_seek, sg_xlat_mode_type,
	sg_xlat_misc,
};

const char *sg_xlat_name(const struct sg_xlat *x, unsigned long v)
{
	for (; x->name; x++)
		if (x->val == v)
			return x->name;
	return NULL;
}

int sg_xlat_flags(const struct sg_xlat *x, unsigned long v, char *buf,
		  size_t len)
{
	int n = 0;

	if (!v)
		return snprintf(buf, len, "0");
	for (; x->name && v; x++) {
		/* Multi-bit flags (O_SYNC includes O_DSYNC) match whole. */
		if (x->val && (v & x->val) == x->val) {
			n += snprintf(buf + (n < (int)len ? n : (int)len),
				      n < (int)len ? len - n : 0, "%s%s",
				      n ? "|" : "", x->name);
			v &= ~x->val;
		}
	}
	if (v)
		n += snprintf(buf + (n < (int)len ? n : (int)len),
			      n < (int)len ? len - n : 0, "%s%#lx",
			      n ? "|" : "", v);
	return n;
}

int sg_xlat_lookup(const char *name, long *val)
{
	size_t i;
	const struct sg_xlat *x;

	if (!name || !*name)
		return -ENOENT;
	for (i = 0; i < sizeof(sg_families) / sizeof(sg_families[0]); i++)
		for (x = sg_families[i]; x->name; x++)
			if (!strcmp(x->name, name)) {
				*val = (long)x->val;
				return 0;
			}
	return -ENOENT;
}

int sysgate_const_lookup(const char *name, long *val)
{
	const char *e;
	int i;

	if (!name || !val)
		return -ENOENT;
	if (!sg_xlat_lookup(name, val))
		return 0;
	/* errno names: E* */
	if (name[0] == 'E') {
		for (i = 1; i < 4096; i++) {
			e = sysgate_errno_name(i);
			if (e && !strcmp(e, name)) {
				*val = i;
				return 0;
			}
		}
	}
	/* SIGRTMIN+N */
	if (!strncmp(name, "SIGRTMIN", 8)) {
		char *end;
		long off = name[8] == '+' ? strtol(name + 9, &end, 10) : 0;

		if (name[8] && (name[8] != '+' || *end))
			return -ENOENT;
		*val = SIGRTMIN + off;
		return 0;
	}
	return -ENOENT;
}

const char *sysgate_signal_name(int sig)
{
	return sg_xlat_name(sg_xlat_signals, (unsigned long)sig);
}

/* <numaif.h> is libnuma's: the kernel's values (linux/mempolicy.h). */
const struct sg_xlat sg_xlat_mpol_mode[] = {
	{ "MPOL_DEFAULT", 0 }, { "MPOL_PREFERRED", 1 }, { "MPOL_BIND", 2 },
	{ "MPOL_INTERLEAVE", 3 }, { "MPOL_LOCAL", 4 },
	{ "MPOL_PREFERRED_MANY", 5 }, { "MPOL_WEIGHTED_INTERLEAVE", 6 }, XEND
};

const struct sg_xlat sg_xlat_mpol_mode_flags[] = {
	{ "MPOL_F_STATIC_NODES", 1 << 15 }, { "MPOL_F_RELATIVE_NODES", 1 << 14 },
	{ "MPOL_F_NUMA_BALANCING", 1 << 13 }, XEND
};

const struct sg_xlat sg_xlat_mpol_get_flags[] = {
	{ "MPOL_F_NODE", 1 }, { "MPOL_F_ADDR", 2 }, { "MPOL_F_MEMS_ALLOWED", 4 },
	XEND
};

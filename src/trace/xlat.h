/* SPDX-License-Identifier: MIT */
/*
 * Symbolic constants: tables of (name, value) taken from the system headers
 * at build time.  Used to decode flags in trace output and to parse
 * constants in `sysgate call` expressions.
 */
#ifndef SG_TRACE_XLAT_H
#define SG_TRACE_XLAT_H

#include <stddef.h>

struct sg_xlat {
	const char *name;	/* NULL ends a table */
	unsigned long val;
};

/* Families; each table ends with { NULL, 0 }. */
extern const struct sg_xlat sg_xlat_open_flags[];	/* O_* (not O_ACCMODE) */
extern const struct sg_xlat sg_xlat_open_access[];	/* O_RDONLY O_WRONLY O_RDWR */
extern const struct sg_xlat sg_xlat_at_flags[];		/* AT_* flags */
extern const struct sg_xlat sg_xlat_prot[];		/* PROT_* */
extern const struct sg_xlat sg_xlat_map_type[];		/* MAP_SHARED ... */
extern const struct sg_xlat sg_xlat_map_flags[];	/* MAP_* flags */
extern const struct sg_xlat sg_xlat_signals[];		/* SIG* numbers */
extern const struct sg_xlat sg_xlat_fcntl_cmds[];	/* F_* commands */
extern const struct sg_xlat sg_xlat_fd_flags[];		/* FD_CLOEXEC */
extern const struct sg_xlat sg_xlat_seek[];		/* SEEK_* */
extern const struct sg_xlat sg_xlat_mode_type[];	/* S_IF* */
extern const struct sg_xlat sg_xlat_misc[];		/* AT_FDCWD, MADV_*, CLONE_*, ... */
/* Families used only to print trace output (not looked up by name). */
extern const struct sg_xlat sg_xlat_sa_flags[];		/* SA_* */
extern const struct sg_xlat sg_xlat_statx_mask[];	/* STATX_* */
extern const struct sg_xlat sg_xlat_statx_attr[];	/* STATX_ATTR_* */
extern const struct sg_xlat sg_xlat_statx_sync[];	/* AT_STATX_SYNC_* */
extern const struct sg_xlat sg_xlat_af[];		/* AF_* */
extern const struct sg_xlat sg_xlat_sock_type[];	/* SOCK_STREAM ... */
extern const struct sg_xlat sg_xlat_sock_flags[];	/* SOCK_CLOEXEC ... */
extern const struct sg_xlat sg_xlat_rlimit[];		/* RLIMIT_* */
extern const struct sg_xlat sg_xlat_wait_opts[];	/* WNOHANG ... */
extern const struct sg_xlat sg_xlat_sigprocmask[];	/* SIG_BLOCK ... */
extern const struct sg_xlat sg_xlat_clone_flags[];	/* CLONE_* */
extern const struct sg_xlat sg_xlat_ioctls[];		/* TCGETS ... */
extern const struct sg_xlat sg_xlat_arch_prctl[];	/* ARCH_* */
extern const struct sg_xlat sg_xlat_futex_ops[];	/* FUTEX_* */
extern const struct sg_xlat sg_xlat_getrandom[];	/* GRND_* */
extern const struct sg_xlat sg_xlat_access[];		/* R_OK ... */
extern const struct sg_xlat sg_xlat_cld_codes[];	/* CLD_* */
extern const struct sg_xlat sg_xlat_clocks[];		/* CLOCK_* */
extern const struct sg_xlat sg_xlat_fadvise[];		/* POSIX_FADV_* */
extern const struct sg_xlat sg_xlat_fs_magic[];		/* *_MAGIC of statfs */
extern const struct sg_xlat sg_xlat_statfs_flags[];	/* ST_* */
extern const struct sg_xlat sg_xlat_prctl[];		/* PR_* */
extern const struct sg_xlat sg_xlat_caps[];		/* CAP_* */
extern const struct sg_xlat sg_xlat_msg_flags[];	/* MSG_* */
extern const struct sg_xlat sg_xlat_poll_events[];	/* POLL* */
extern const struct sg_xlat sg_xlat_ip_protos[];	/* IPPROTO_* */
extern const struct sg_xlat sg_xlat_netlink_protos[];	/* NETLINK_* */
extern const struct sg_xlat sg_xlat_sol_levels[];	/* SOL_* */
extern const struct sg_xlat sg_xlat_so_opts[];		/* SO_* */
extern const struct sg_xlat sg_xlat_ip_opts[];		/* IP_* */
extern const struct sg_xlat sg_xlat_tcp_opts[];		/* TCP_* */
extern const struct sg_xlat sg_xlat_ipv6_opts[];	/* IPV6_* */
extern const struct sg_xlat sg_xlat_epoll_flags[];	/* EPOLL_CLOEXEC */
extern const struct sg_xlat sg_xlat_efd_flags[];	/* EFD_* */
extern const struct sg_xlat sg_xlat_in_flags[];		/* IN_CLOEXEC ... */
extern const struct sg_xlat sg_xlat_mfd_flags[];	/* MFD_* */
extern const struct sg_xlat sg_xlat_tfd_flags[];	/* TFD_* */
extern const struct sg_xlat sg_xlat_sfd_flags[];	/* SFD_* */
extern const struct sg_xlat sg_xlat_tc_iflag[];		/* termios c_iflag */
extern const struct sg_xlat sg_xlat_tc_oflag[];		/* c_oflag flags */
extern const struct sg_xlat sg_xlat_tc_cflag[];		/* c_cflag flags */
extern const struct sg_xlat sg_xlat_tc_lflag[];		/* c_lflag */
extern const struct sg_xlat sg_xlat_tc_baud[];		/* B* speeds */
extern const struct sg_xlat sg_xlat_resolve[];		/* RESOLVE_* */
extern const struct sg_xlat sg_xlat_epoll_events[];	/* EPOLL* events */
extern const struct sg_xlat sg_xlat_epoll_ops[];	/* EPOLL_CTL_* */
extern const struct sg_xlat sg_xlat_flock_ops[];	/* LOCK_* */
extern const struct sg_xlat sg_xlat_netlink_opts[];	/* SOL_NETLINK */
extern const struct sg_xlat sg_xlat_madvise[];		/* MADV_* */
extern const struct sg_xlat sg_xlat_mpol_mode[];	/* MPOL_* modes */
extern const struct sg_xlat sg_xlat_mpol_mode_flags[];	/* MPOL_F_* of a mode */
extern const struct sg_xlat sg_xlat_mpol_get_flags[];	/* get_mempolicy */
extern const struct sg_xlat sg_xlat_rusage_who[];	/* RUSAGE_* */

/* Name of the entry equal to v, or NULL. */
const char *sg_xlat_name(const struct sg_xlat *x, unsigned long v);

/*
 * Print v as NAME|NAME|0x.. into buf (flags that are not in the table are
 * printed in hex at the end); zero prints as "0".  Returns the length
 * snprintf would have written.
 */
int sg_xlat_flags(const struct sg_xlat *x, unsigned long v, char *buf,
		  size_t len);

/* Look name up in every family; 0 and *val, or -ENOENT. */
int sg_xlat_lookup(const char *name, long *val);

#endif

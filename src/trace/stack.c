/* SPDX-License-Identifier: MIT */
/*
 * -k: the stack of a stopped tracee at a call, in strace's format
 *   " > /usr/lib/x86_64-linux-gnu/libc.so.6(__write+0x10) [0xf8350]"
 * (module, symbol + offset of the frame's pc, pc relative to the module).
 *
 * The unwinder is elfutils' libdwfl (CFI, symbol tables), loaded with
 * dlopen() the first time -k is used: libsysgate has no link-time
 * dependency on it, and a system without libdw.so.1 gets a clear error
 * instead of a missing library.  The tracer is the tracee's ptrace tracer
 * and the tracee is stopped, which is what libdwfl's attach assumes.
 */
#include <dlfcn.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "trace/trace.h"

struct trc_dw {
	Dwfl *(*begin)(const Dwfl_Callbacks *);
	void (*end)(Dwfl *);
	int (*proc_report)(Dwfl *, pid_t);
	int (*report_end)(Dwfl *, int (*)(Dwfl_Module *, void *, const char *,
					  Dwarf_Addr, void *), void *);
	int (*proc_attach)(Dwfl *, pid_t, bool);
	int (*getthread_frames)(Dwfl *, pid_t, int (*)(Dwfl_Frame *, void *),
				void *);
	bool (*frame_pc)(Dwfl_Frame *, Dwarf_Addr *, bool *);
	Dwfl_Module *(*addrmodule)(Dwfl *, Dwarf_Addr);
	int (*relocate)(Dwfl_Module *, Dwarf_Addr *);
	int (*getsymtab)(Dwfl_Module *);
	const char *(*getsym_info)(Dwfl_Module *, int, GElf_Sym *, GElf_Addr *,
				   GElf_Word *, Elf **, Dwarf_Addr *);
	const char *(*module_info)(Dwfl_Module *, void ***, Dwarf_Addr *,
				   Dwarf_Addr *, Dwarf_Addr *, Dwarf_Addr *,
				   const char **, const char **);
	Dwfl_Callbacks cb;
	char why[160];
	int ok;
};

static struct trc_dw trc_dw;
static pthread_once_t trc_dw_once = PTHREAD_ONCE_INIT;

static int trc_no_debuginfo(Dwfl_Module *m, void **user, const char *mod,
			    Dwarf_Addr base, const char *file,
			    const char *debuglink, GElf_Word crc, char **name)
{
	(void)m; (void)user; (void)mod; (void)base; (void)file;
	(void)debuglink; (void)crc; (void)name;
	return -1;
}

static void trc_dw_load(void)
{
	struct trc_dw *d = &trc_dw;
	void *h = dlopen("libdw.so.1", RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		snprintf(d->why, sizeof(d->why), "-k needs elfutils' libdw "
			 "(libdw.so.1): %s", dlerror());
		return;
	}
#define SYM(field, name)						\
	do {								\
		*(void **)&d->field = dlsym(h, name);			\
		if (!d->field) {					\
			snprintf(d->why, sizeof(d->why), "-k: libdw.so.1 "	\
				 "lacks %s", name);			\
			return;						\
		}							\
	} while (0)
	SYM(begin, "dwfl_begin");
	SYM(end, "dwfl_end");
	SYM(proc_report, "dwfl_linux_proc_report");
	SYM(report_end, "dwfl_report_end");
	SYM(proc_attach, "dwfl_linux_proc_attach");
	SYM(getthread_frames, "dwfl_getthread_frames");
	SYM(frame_pc, "dwfl_frame_pc");
	SYM(addrmodule, "dwfl_addrmodule");
	SYM(relocate, "dwfl_module_relocate_address");
	SYM(module_info, "dwfl_module_info");
	SYM(getsymtab, "dwfl_module_getsymtab");
	SYM(getsym_info, "dwfl_module_getsym_info");
	SYM(cb.find_elf, "dwfl_linux_proc_find_elf");
#undef SYM
	/*
	 * The modules' own symbol tables only, no separate debug info: the
	 * names strace prints (exported ones, without @@VERSION), and no
	 * search of /usr/lib/debug at every stop.
	 */
	d->cb.find_debuginfo = trc_no_debuginfo;
	d->ok = 1;
}

int trc_stack_available(const char **why)
{
	pthread_once(&trc_dw_once, trc_dw_load);
	if (why)
		*why = trc_dw.why;
	return trc_dw.ok;
}

/*
 * The function symbol at or before pc, nearest first, the first of equals
 * in table order, sizes ignored: what strace shows (an address in a
 * local function the table does not name is "nearest export + offset").
 */
static const char *trc_stack_sym(Dwfl_Module *m, Dwarf_Addr pc,
				 GElf_Off *off)
{
	const struct trc_dw *d = &trc_dw;
	const char *best = NULL, *name;
	GElf_Addr a, dist = ~(GElf_Addr)0;
	GElf_Word shndx;
	GElf_Sym sym;
	int i, n = d->getsymtab(m);

	for (i = 1; i < n; i++) {
		name = d->getsym_info(m, i, &sym, &a, &shndx, NULL, NULL);
		if (!name || !*name || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    shndx == SHN_UNDEF || a > pc || pc - a >= dist)
			continue;
		dist = pc - a;
		best = name;
	}
	if (best)
		*off = dist;
	return best;
}

struct trc_walk {
	Dwfl *dwfl;
	struct trc_buf *b;
	int depth;
};

/* strace's cap on the frames it prints */
#define TRC_STACK_MAX 256

static int trc_stack_frame(Dwfl_Frame *state, void *arg)
{
	struct trc_walk *w = arg;
	const struct trc_dw *d = &trc_dw;
	Dwarf_Addr pc, rel;
	bool activation;
	Dwfl_Module *m;
	const char *mod, *sym;
	GElf_Off off = 0;

	if (!d->frame_pc(state, &pc, &activation))
		return DWARF_CB_ABORT;
	/*
	 * Named and shown by the return address itself, as strace does
	 * (not the call instruction before it).
	 */
	m = d->addrmodule(w->dwfl, activation ? pc : pc - 1);
	if (!m) {
		trc_buf_printf(w->b, " > backtracing_error [0x%lx]\n",
			       (unsigned long)pc);
		return DWARF_CB_ABORT;
	}
	mod = d->module_info(m, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	sym = trc_stack_sym(m, pc, &off);
	rel = pc;
	d->relocate(m, &rel);
	if (sym)
		trc_buf_printf(w->b, " > %s(%s+0x%lx) [0x%lx]\n",
			       mod ? mod : "?", sym, (unsigned long)off,
			       (unsigned long)rel);
	else
		trc_buf_printf(w->b, " > %s() [0x%lx]\n", mod ? mod : "?",
			       (unsigned long)rel);
	return ++w->depth >= TRC_STACK_MAX ? DWARF_CB_ABORT : DWARF_CB_OK;
}

int trc_stack_capture(pid_t pid, pid_t tid, struct trc_buf *b)
{
	struct trc_walk w = { NULL, b, 0 };
	const struct trc_dw *d = &trc_dw;

	if (!trc_stack_available(NULL))
		return -ENOSYS;
	/*
	 * A fresh view each time: the mappings change under us (dlopen,
	 * mmap) without a stop we would see, and a stale one misnames.
	 */
	w.dwfl = d->begin(&d->cb);
	if (!w.dwfl)
		return -ENOMEM;
	if (d->proc_report(w.dwfl, pid) != 0 ||
	    d->report_end(w.dwfl, NULL, NULL) != 0 ||
	    d->proc_attach(w.dwfl, pid, true) != 0) {
		d->end(w.dwfl);
		return -EIO;
	}
	d->getthread_frames(w.dwfl, tid, trc_stack_frame, &w);
	d->end(w.dwfl);
	return 0;
}

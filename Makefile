# SPDX-License-Identifier: MIT
# sysgate - plain GNU make.  `make` builds build/libsysgate.{a,so} and
# build/sysgate (installing missing Debian build packages first when run as
# root), `make test` runs every test, `make asan` the same under ASan+UBSan.

PREFIX ?= /usr/local
DESTDIR ?=
LIBDIR ?= $(PREFIX)/lib
INCDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
PKGDIR ?= $(LIBDIR)/pkgconfig

B ?= build
CC ?= gcc
VERSION := 0.1.0

ifneq ($(V),1)
Q := @
msg = @printf '  %-6s %s\n' $(1) $(2);
else
Q :=
msg =
endif

SAN_FLAGS ?=
CFLAGS ?= -O2 -g
BASE_CFLAGS := -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wshadow \
	-Wmissing-prototypes -Wstrict-prototypes -fno-strict-aliasing \
	-D_GNU_SOURCE -Iinclude -Isrc -I. -I$(B)/gen $(SAN_FLAGS)
LIB_CFLAGS := $(BASE_CFLAGS) $(CFLAGS) -fPIC -fvisibility=hidden
TOOL_CFLAGS := $(BASE_CFLAGS) $(CFLAGS)
LDLIBS := -lseccomp -lpthread

LIB_SRCS := $(sort $(wildcard src/*/*.c src/*/*/*.c))
LIB_ASMS := $(sort $(wildcard src/*/*.S src/*/*/*.S))
LIB_OBJS := $(patsubst src/%.c,$(B)/obj/%.o,$(LIB_SRCS)) \
	    $(patsubst src/%.S,$(B)/obj/%.o,$(LIB_ASMS))
TOOL_SRCS := $(sort $(wildcard tools/*.c))
TOOL_OBJS := $(patsubst tools/%.c,$(B)/obj/tools/%.o,$(TOOL_SRCS))
TEST_SRCS := $(sort $(wildcard tests/*.c))
TESTS := $(patsubst tests/%.c,$(B)/tests/%,$(TEST_SRCS))
# Programs the tests run as tracees/targets: static, no sanitizers.
TARGET_SRCS := $(sort $(wildcard tests/targets/*.c))
TARGETS := $(patsubst tests/targets/%.c,$(B)/tests/targets/%,$(TARGET_SRCS))
BENCH_SRCS := $(sort $(wildcard bench/*.c))
BENCHES := $(patsubst bench/%.c,$(B)/bench/%,$(BENCH_SRCS))
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/*.c))

GEN := $(B)/gen/gen_syscalls.h $(B)/gen/gen_syscalls_abi.h $(B)/gen/gen_errnos.h

all: deps $(B)/libsysgate.a $(B)/libsysgate.so $(B)/sysgate $(B)/sysgate.pc

# Installs missing Debian build packages when run as root; else only checks.
deps: $(B)/.deps-ok
$(B)/.deps-ok: scripts/install-deps.sh
	$(Q)mkdir -p $(B)
	$(Q)sh scripts/install-deps.sh
	$(Q)touch $@

$(B)/gen/gen_syscalls.h: scripts/gen-syscall-table.sh src/trace/syscall_classes.txt | $(B)/.deps-ok
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)sh scripts/gen-syscall-table.sh src/trace/syscall_classes.txt > $@.tmp && mv $@.tmp $@

$(B)/gen/gen_syscalls_abi.h: scripts/gen-syscall-abi.sh | $(B)/.deps-ok
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)sh scripts/gen-syscall-abi.sh > $@.tmp && mv $@.tmp $@

$(B)/gen/gen_errnos.h: scripts/gen-errno-table.sh | $(B)/.deps-ok
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)sh scripts/gen-errno-table.sh > $@.tmp && mv $@.tmp $@

$(B)/obj/%.o: src/%.c $(GEN)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(LIB_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/obj/%.o: src/%.S
	$(call msg,AS,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(LIB_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/obj/tools/%.o: tools/%.c $(GEN)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(TOOL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libsysgate.a: $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/libsysgate.so: $(LIB_OBJS) src/libsysgate.map
	$(call msg,LD,$@)
	$(Q)$(CC) $(SAN_FLAGS) -shared -Wl,-soname,libsysgate.so.0 \
		-Wl,--version-script=src/libsysgate.map -Wl,-z,defs \
		-o $@ $(LIB_OBJS) $(LDLIBS)

$(B)/sysgate: $(TOOL_OBJS) $(B)/libsysgate.a
	$(call msg,LD,$@)
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $(TOOL_OBJS) $(B)/libsysgate.a $(LDLIBS)

# Regenerated whenever the install paths change (PREFIX= at install time).
PC_SUBST := s|@PREFIX@|$(PREFIX)|;s|@LIBDIR@|$(LIBDIR)|;s|@INCDIR@|$(INCDIR)|;s|@VERSION@|$(VERSION)|
$(B)/sysgate.pc: sysgate.pc.in FORCE
	$(Q)sed -e '$(PC_SUBST)' $< > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

FORCE:

# Tests may use internal headers (-Isrc) and link the static library.
$(B)/tests/%: tests/%.c tests/test.h $(B)/libsysgate.a
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(TOOL_CFLAGS) -MMD -MP -o $@ $< $(B)/libsysgate.a $(LDLIBS)

$(B)/tests/targets/%: tests/targets/%.c
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -O2 -g -Wall -D_GNU_SOURCE -static -o $@ $<

$(B)/bench/%: bench/%.c bench/bench.h $(B)/libsysgate.a
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(TOOL_CFLAGS) -MMD -MP -o $@ $< $(B)/libsysgate.a $(LDLIBS) -lm

tests-build: all $(TESTS) $(TARGETS)
bench-build: all $(BENCHES)

test: tests-build
	$(Q)sh tests/run-tests.sh $(B)

bench: bench-build
	$(Q)sh bench/run-bench.sh $(B)

# AddressSanitizer + UBSan: separate build tree, same tests.
asan:
	$(Q)$(MAKE) --no-print-directory B=build-asan CC=$(CC) \
		SAN_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		test

# libFuzzer targets (clang): make fuzz FUZZ_RUNS=100000
FUZZ_RUNS ?= 20000
fuzz: all
	$(Q)mkdir -p $(B)/fuzz
	$(Q)set -e; for f in $(FUZZ_SRCS); do \
		n=$$(basename $$f .c); \
		clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
			-Iinclude -Isrc -I. -I$(B)/gen -Itools -o $(B)/fuzz/$$n $$f $(FUZZ_EXTRA_$$n) \
			$(LIB_SRCS) $(LIB_ASMS) $(LDLIBS); \
		$(B)/fuzz/$$n -runs=$(FUZZ_RUNS) -max_len=512 >$(B)/fuzz/$$n.log 2>&1 || \
			{ tail -30 $(B)/fuzz/$$n.log; exit 1; }; \
		echo "  FUZZ   $$n: $(FUZZ_RUNS) runs clean"; \
	done

install: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) $(DESTDIR)$(BINDIR) \
		$(DESTDIR)$(PKGDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	install -m 644 $(B)/libsysgate.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(B)/libsysgate.so $(DESTDIR)$(LIBDIR)/libsysgate.so.$(VERSION)
	ln -sf libsysgate.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libsysgate.so.0
	ln -sf libsysgate.so.0 $(DESTDIR)$(LIBDIR)/libsysgate.so
	install -m 644 include/sysgate.h $(DESTDIR)$(INCDIR)/
	install -m 644 $(B)/sysgate.pc $(DESTDIR)$(PKGDIR)/
	install -m 755 $(B)/sysgate $(DESTDIR)$(BINDIR)/
	for m in man/*.1; do [ -f "$$m" ] && install -m 644 $$m $(DESTDIR)$(MANDIR)/man1/ || true; done
	for m in man/*.3; do [ -f "$$m" ] && install -m 644 $$m $(DESTDIR)$(MANDIR)/man3/ || true; done

# What `make install` puts in DESTDIR builds and runs a user's program.
install-check: all
	$(Q)sh scripts/check-install.sh

clean:
	rm -rf build build-asan

.PHONY: all deps test tests-build bench bench-build asan fuzz install install-check clean FORCE

-include $(shell find $(B)/obj $(B)/tests $(B)/bench -name '*.d' 2>/dev/null)

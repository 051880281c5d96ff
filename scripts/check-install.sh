#!/bin/sh
# SPDX-License-Identifier: MIT
# Install into a scratch DESTDIR and build a program the way a user would:
# pkg-config for the flags, static and shared library, then run both.
set -eu
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
make -s install DESTDIR="$d" PREFIX=/usr >/dev/null
export PKG_CONFIG_SYSROOT_DIR="$d" PKG_CONFIG_PATH="$d/usr/lib/pkgconfig"
cflags=$(pkg-config --cflags sysgate)
libs=$(pkg-config --libs sysgate)
static=$(pkg-config --static --libs sysgate)
cc $cflags -o "$d/consumer-static" tests/install/consumer.c \
	"$d/usr/lib/libsysgate.a" $(echo "$static" | sed 's/-lsysgate//')
cc $cflags -o "$d/consumer-shared" tests/install/consumer.c $libs
"$d/consumer-static"
LD_LIBRARY_PATH="$d/usr/lib" "$d/consumer-shared"
for m in sysgate.1 sysgate-call.1 sysgate-trace.1; do
	test -f "$d/usr/share/man/man1/$m"
done
test -f "$d/usr/share/man/man3/libsysgate.3"
echo "install check: ok"

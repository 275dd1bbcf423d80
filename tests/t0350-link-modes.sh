#!/bin/sh
# link: static, static-libgo and dynamic, with extra toolchain link flags (the OpenWrt
# article's -Wl,-R,<libdir> -L <libdir>); dynamic binaries run under qemu with -L <sysroot>.
. "$(dirname "$0")/lib.sh"

cp -R "$SRC_DIR/manifests/examples/hello" hello
SYSROOT=/usr/mipsel-linux-gnu
LIBDIR=$(mipsel-linux-gnu-gccgo -print-file-name=libgo.so)
LIBDIR=$(dirname "$LIBDIR")

cat >hello/links.yaml <<YAML
mipsbake: 1
module: example.com/hello
include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]
toolchains:
  rpath-gccgo:
    compiler: gccgo
    prefix: mipsel-linux-gnu-
    ldflags: ['-Wl,-R,$LIBDIR', -L, '$LIBDIR']
dependencies:
  example.com/fmtbox: {path: third_party/fmtbox}
targets:
  static: {main: ./cmd/hello, boards: [generic-mipsle], toolchains: [rpath-gccgo], link: static}
  libgo: {main: ./cmd/hello, boards: [generic-mipsle], toolchains: [rpath-gccgo], link: static-libgo}
  dynamic: {main: ./cmd/hello, boards: [generic-mipsle], toolchains: [rpath-gccgo], link: dynamic}
YAML

bin() { echo "build/out/$1/generic-mipsle/rpath-gccgo/$1"; }

test_expect_success 'three link modes build in one run, sharing the compiled packages' '
	mipsbake -j2 hello/links.yaml >log 2>&1 || { cat log; false; } &&
	test "$(grep -c "] GCCGO " log)" = 3 &&
	test "$(grep -c "] LINK " log)" = 3
'

test_expect_success 'static: no program interpreter, no shared libraries' '
	readelf -lW "$(bin static)" >ph && ! grep -q "INTERP" ph &&
	readelf -dW "$(bin static)" >dyn 2>&1 && ! grep -q NEEDED dyn
'

test_expect_success 'static-libgo: libc is shared, libgo is not' '
	readelf -dW "$(bin libgo)" >dyn &&
	grep -q "NEEDED.*libc.so" dyn && ! grep -q "NEEDED.*libgo" dyn
'

test_expect_success 'dynamic: libgo is shared and the -Wl,-R run path is recorded' '
	readelf -dW "$(bin dynamic)" >dyn &&
	grep -q "NEEDED.*libgo.so" dyn &&
	grep -E "(RPATH|RUNPATH).*$LIBDIR" dyn
'

for t in static libgo dynamic; do
	test_expect_success "the $t binary runs under qemu (-L the sysroot)" "
		qemu-mipsel-static -cpu 74Kf -L $SYSROOT \"\$(bin $t)\" world >out &&
		grep -q '^hello, world from mipsle (gccgo)\$' out
	"
done

test_expect_success 'the dynamic binary is the smallest' '
	s=$(wc -c <"$(bin static)") && d=$(wc -c <"$(bin dynamic)") && test "$d" -lt "$s"
'

test_done

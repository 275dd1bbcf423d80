#!/bin/sh
# cgo with gc: 'cgo: true' builds a package whose preamble calls libc (snprintf), a C file
# of its own (strlen, and a Go function //exported to C), '#cgo CFLAGS: -DVALUE=42' and
# '#cgo LDFLAGS: -lm' (cbrt, which only libm has). gc builds it for mipsle and mips64le,
# statically and dynamically, gccgo for mipsle; each binary under qemu with its board's CPU
# prints what go build's cgo binary prints. The link is external, through the cross gcc;
# the standard library is built with cgo; no path of this machine reaches a binary; the
# release is reproducible under verify; cgo's key and compiler errors are clear.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

mkdir -p proj/cmd/cg proj/cc proj/onlyc
printf 'module example.com/cg\n\ngo 1.18\n' >proj/go.mod
printf 'build/\ndist/\n' >proj/.gitignore
cat >proj/cc/cc.go <<'GO'
// Package cc calls libc and libm from C, and C calls back into Go.
package cc

/*
#cgo CFLAGS: -DVALUE=42
#cgo LDFLAGS: -lm
#include <math.h>
#include <stdio.h>

static void format(char *buf, int n, int v) { snprintf(buf, n, "value=%d", v); }
static int value(void) { return VALUE; }
static int cuberoot(int x) { return (int)lround(cbrt((double)x)); }
int twice_plus_len(int);
int fromfile(int);
*/
import "C"

import "unsafe"

//export goTwice
func goTwice(x C.int) C.int { return x * 2 }

// Call goes to C, which calls goTwice and strlen.
func Call(x int) int { return int(C.twice_plus_len(C.int(x))) }

// Value is the VALUE the C code was compiled with.
func Value() int { return int(C.value()) }

// FromFile calls the package's own C file.
func FromFile(x int) int { return int(C.fromfile(C.int(x))) }

// CubeRoot calls libm.
func CubeRoot(x int) int { return int(C.cuberoot(C.int(x))) }

// Format formats v with snprintf.
func Format(v int) string {
	var buf [32]C.char
	C.format(&buf[0], 32, C.int(v))
	return C.GoString((*C.char)(unsafe.Pointer(&buf[0])))
}
GO
cat >proj/cc/file.c <<'C'
#include <string.h>
#include "_cgo_export.h"

int twice_plus_len(int x) { return goTwice(x) + (int)strlen("abcd"); }
int fromfile(int x) { return goTwice(x) + VALUE; }
C
cat >proj/cmd/cg/main.go <<'GO'
package main

import (
	"fmt"

	"example.com/cg/cc"
)

func main() {
	fmt.Println("call", cc.Call(10))
	fmt.Println("value", cc.Value())
	fmt.Println("fromfile", cc.FromFile(5))
	fmt.Println("cuberoot", cc.CubeRoot(343))
	fmt.Println("format", cc.Format(7))
}
GO
cat >proj/cg.yaml <<'YAML'
mipsbake: 1
include: [toolchains/debian-go.yaml, boards/generic.yaml]
targets:
  cg:
    main: ./cmd/cg
    boards: [generic-mipsle, generic-mips64le]
    toolchains: [debian-go]
    cgo: true
  cgdyn:
    main: ./cmd/cg
    boards: [generic-mipsle, generic-mips64le]
    toolchains: [debian-go]
    cgo: true
    link: dynamic
  cgccgo:
    main: ./cmd/cg
    boards: [generic-mipsle]
  cgccgodyn:
    main: ./cmd/cg
    boards: [generic-mipsle]
    link: dynamic
YAML
printf 'call 24\nvalue 42\nfromfile 52\ncuberoot 7\nformat value=7\n' >expect
# the cgo configuration's Ninja file, once generated
cfg_file() { echo "proj/build/cfg/$(cfgdir proj/build debian-go-mipsle-hardfloat-cgo).ninja"; }

test_expect_success 'go build with cgo (gc, mipsle hardfloat, under qemu -L) prints the values' '
	(cd proj && CGO_ENABLED=1 CC=mipsel-linux-gnu-gcc GOOS=linux GOARCH=mipsle GOMIPS=hardfloat \
		GOCACHE="$TRASH/.gocache" go build -o ../gobuild ./cmd/cg) &&
	qemu-mipsel-static -cpu 74Kf -L /usr/mipsel-linux-gnu ./gobuild >gobuild.out &&
	test_cmp expect gobuild.out
'

test_expect_success 'gc builds the cgo package for mipsle and mips64le, static and dynamic' '
	(cd proj && mipsbake -j2 cg.yaml) >build.log 2>&1 || { tail -n 30 build.log; false; }
	for a in mipsle mips64le; do
		file "proj/build/out/cg/generic-$a/debian-go/cg" >file.txt &&
		grep -q "statically linked" file.txt &&
		file "proj/build/out/cgdyn/generic-$a/debian-go/cgdyn" >file.txt &&
		grep -q "dynamically linked" file.txt || exit 1
	done
'

test_expect_success 'each binary runs under qemu with its board'"'"'s CPU and prints what go build'"'"'s prints' '
	for t in cg cgdyn; do
		for a in mipsle mips64le; do
			(cd proj && mipsbake run "generic-$a" $t cg.yaml) 2>"$t$a.err" | grep -v "^ninja: " >"$t$a.out" ||
				{ cat "$t$a.err"; exit 1; }
			test_cmp gobuild.out "$t$a.out" || exit 1
		done
	done &&
	for t in cgccgo cgccgodyn; do
		(cd proj && mipsbake run generic-mipsle $t cg.yaml) 2>gccgo.err | grep -v "^ninja: " >gccgo.out &&
		test_cmp gobuild.out gccgo.out || exit 1
	done &&
	file proj/build/out/cgccgodyn/generic-mipsle/debian-gccgo-mipsle/cgccgodyn >file.txt &&
	grep -q "dynamically linked" file.txt
'

test_expect_success 'the dynamic binaries run with the cross C library as qemu -L' '
	grep -A12 "out: out/cgdyn/generic-mips64le/" proj/build/artifacts.yaml >art &&
	grep -q "^  link: dynamic$" art &&
	grep -q "^  sysroot: /usr/mips64el-linux-gnuabi64$" art &&
	grep -A12 "out: out/cg/generic-mips64le/" proj/build/artifacts.yaml >art &&
	grep -q "^  link: static$" art
'

test_expect_success 'go tool cgo runs without -gccgo; the C goes through the cross gcc; -dynimport' '
	grep -A8 "^build .*/cc/cgo/_cgo_gotypes.go" "$(cfg_file)" >edge &&
	grep -qF -e "cgoflags = -importpath\$ example.com/cg/cc\$ -trimpath" edge &&
	! grep -q -e "-gccgo" edge &&
	grep -q "^  cgoenv = CGO_LDFLAGS=-lm$" edge &&
	grep -q "cgocflags = -I\$ .*/proj/cc\$ -DVALUE=42" edge &&
	grep -q "^gcc = /usr/bin/mipsel-linux-gnu-gcc$" "$(cfg_file)" &&
	grep -q "^build .*/cc/_c_file.o: gc_cc .*/proj/cc/file.c " "$(cfg_file)" &&
	grep -q "^build .*/cc/cgo/_cgo_import.go: cgo_dynimport " "$(cfg_file)" &&
	grep -q "^//go:cgo_import_dynamic snprintf snprintf" \
		proj/build/pkg/$(cfgdir proj/build debian-go-mipsle-hardfloat-cgo)/example.com/cg/cc/cgo/_cgo_import.go &&
	grep -q "^//go:cgo_ldflag \"-lm\"$" \
		proj/build/pkg/$(cfgdir proj/build debian-go-mipsle-hardfloat-cgo)/example.com/cg/cc/cgo/_cgo_gotypes.go &&
	grep -A4 "^build out/cg/generic-mipsle/" "$(cfg_file)" | grep "^  ldflags = " >link &&
	grep -qF -e "-linkmode=external\$ -extld=/usr/bin/mipsel-linux-gnu-gcc\$ -extldflags=-static" link &&
	grep -A4 "^build out/cgdyn/generic-mipsle/" "$(cfg_file)" | grep "^  ldflags = " >link &&
	grep -qF -e "-linkmode=external" link &&
	! grep -q -e "-extldflags=-static" link
'

test_expect_success 'the standard library is built with cgo: runtime/cgo is linked' '
	grep -q "^packagefile runtime/cgo=" proj/build/std/$(cfgdir proj/build debian-go-mipsle-hardfloat-cgo)/importcfg &&
	go tool nm proj/build/out/cg/generic-mipsle/debian-go/cg >nm.txt &&
	grep -q " _cgo_topofstack$" nm.txt &&
	grep -q " crosscall2$" nm.txt
'

test_expect_success 'no path of this machine reaches the binaries or cgo'"'"'s output' '
	for f in proj/build/out/cg/generic-*/debian-go/cg proj/build/out/cgdyn/generic-*/debian-go/cgdyn; do
		strings -a "$f" >strings.txt &&
		! grep -F "$TRASH" strings.txt || { echo "$f"; exit 1; }
	done &&
	! grep -rlF "$TRASH" proj/build/pkg/$(cfgdir proj/build debian-go-mipsle-hardfloat-cgo)/example.com/cg/cc/cgo/*.go \
		proj/build/pkg/$(cfgdir proj/build debian-go-mipsle-hardfloat-cgo)/example.com/cg/cc/cgo/*.c
'

test_expect_success 'editing the C file recompiles that C file and relinks, per configuration' '
	(cd proj && mipsbake cg.yaml) >noop.log 2>&1 &&
	grep -q "no work to do" noop.log &&
	sed -i "s/+ VALUE;/+ VALUE + 1;/" proj/cc/file.c &&
	(cd proj && mipsbake cg.yaml) >edit.log 2>&1 || { cat edit.log; false; }
	test "$(grep -c "] CC example.com/cg/cc file.c$" edit.log)" = 3 &&
	! grep -q "] CGO " edit.log &&
	! grep -q "] COMPILE example.com/cg/cmd/cg$" edit.log &&
	(cd proj && mipsbake run generic-mips64le cgdyn cg.yaml) 2>/dev/null | grep -v "^ninja: " >edit.out &&
	grep -q "^fromfile 53$" edit.out &&
	sed -i "s/+ VALUE + 1;/+ VALUE;/" proj/cc/file.c
'

if have git; then
	test_expect_success 'verify: the release of the gc cgo program is reproducible' '
		(cd proj && tgit init -q && tgit add -A && tgit commit -q -m cg) &&
		(cd proj && mipsbake -j2 verify cg.yaml) >verify.log 2>&1 || { tail -n 30 verify.log; false; }
		grep -q "^verify: reproducible: " verify.log
	'
else
	test_skip 'verify: the release of the gc cgo program is reproducible' 'git is missing'
fi

test_expect_success 'GOMIPS=softfloat with a hard-float C library fails with a note that says why' '
	printf "mipsbake: 1\ninclude: [boards/wt1520.yaml]\ntargets:\n  cg: {main: ./cmd/cg, boards: [wt1520], cgo: true}\n" \
		>proj/sf.yaml &&
	(cd proj && test_must_fail mipsbake -B sf-build sf.yaml) >sf.log 2>&1 &&
	grep -q "^mipsbake: note: GOMIPS=softfloat with cgo needs a C compiler and C library for soft float; '"'"'/usr/bin/mipsel-linux-gnu-gcc'"'"' may have only hard-float ones" sf.log
'

test_expect_success 'cgo: false with gccgo leaves the cgo files out, and says how to have them' '
	printf "mipsbake: 1\ninclude: [boards/generic.yaml]\ntargets:\n  cg: {main: ./cmd/cg, boards: [generic-mipsle], cgo: false}\n" \
		>proj/off.yaml &&
	(cd proj && test_must_fail mipsbake -B off-build gen off.yaml) 2>off.err &&
	echo "$TRASH/proj/cmd/cg/main.go:6:2: error: no buildable Go files for linux/mipsle (gccgo compiler) in '"'"'$TRASH/proj/cc'"'"': its Go files import \"C\" and cgo is off; '"'"'cgo: true'"'"' on the target or the board builds them" >off.expect &&
	test_cmp off.expect off.err
'

test_expect_success 'a board'"'"'s cgo: true turns cgo on; the target'"'"'s cgo: false wins' '
	cat >proj/board.yaml <<-YAML &&
	mipsbake: 1
	include: [toolchains/debian-go.yaml]
	boards:
	  b: {goarch: mipsle, cpu: 74Kf, toolchain: debian-go, cgo: true}
	targets:
	  on: {main: ./cmd/cg, boards: [b]}
	  off: {main: ./onlyc, boards: [b], cgo: false}
	YAML
	printf "package main\n\nfunc main() {}\n" >proj/onlyc/main.go &&
	(cd proj && mipsbake -B board-build gen board.yaml) &&
	test -f proj/board-build/cfg/$(cfgdir proj/board-build debian-go-mipsle-hardfloat-cgo).ninja &&
	test -f proj/board-build/cfg/$(cfgdir proj/board-build debian-go-mipsle-hardfloat).ninja
'

test_expect_success 'cc: names the C compiler per GOARCH; a missing one is an error that says so' '
	cat >proj/cc.yaml <<-YAML &&
	mipsbake: 1
	toolchains:
	  go: {compiler: gc, cc: {mipsle: /nonexistent/mipsel-gcc}}
	boards:
	  b: {goarch: mipsle, toolchain: go, cgo: true}
	  c: {goarch: mips64, toolchain: go, cgo: true}
	targets:
	  cg: {main: ./cmd/cg, boards: [b]}
	YAML
	(cd proj && test_must_fail mipsbake -B cc-build gen cc.yaml) 2>cc.err &&
	grep -q "^cc.yaml:3:3: error: toolchain '"'"'go'"'"' (board '"'"'b'"'"'): the C compiler '"'"'/nonexistent/mipsel-gcc'"'"' of '"'"'cc'"'"' for mipsle is not found$" cc.err &&
	sed -i "s|/nonexistent/mipsel-gcc|mipsel-linux-gnu-gcc|; s/boards: \[b\]/boards: [b, c]/" proj/cc.yaml &&
	mkdir bin && ln -s "$(command -v go)" bin/go &&
	(cd proj && PATH="$TRASH/bin" test_must_fail "$MB" -B cc-build gen cc.yaml) 2>cc2.err &&
	grep -q "cgo for mips64 needs a C compiler, and '"'"'mips64-linux-gnuabi64-gcc'"'"' is not found in PATH; on Debian: apt-get install gcc-mips64-linux-gnuabi64" cc2.err
'

test_expect_success 'cc: is refused on a gccgo toolchain, and must be a program' '
	cat >proj/bad.yaml <<-YAML &&
	mipsbake: 1
	toolchains:
	  g: {compiler: gccgo, prefix: mipsel-linux-gnu-, cc: {mipsle: gcc}}
	  go: {compiler: gc, cc: {mipsle: "gcc -O2", arm: gcc}}
	YAML
	(cd proj && test_must_fail mipsbake gen bad.yaml) 2>bad.err &&
	grep -q "^bad.yaml:3:51: error: '"'"'cc'"'"' is only for gc toolchains" bad.err &&
	grep -q "^bad.yaml:4:35: error: bad '"'"'cc'"'"' compiler '"'"'gcc -O2'"'"' for mipsle" bad.err &&
	grep -q "^bad.yaml:4:46: error: bad value '"'"'arm'"'"' for a '"'"'cc'"'"' GOARCH" bad.err
'

test_done

#!/bin/sh
# cgo with gccgo: a package whose preamble declares C, with '#cgo CFLAGS: -DVALUE=42', a C
# file of its own calling libc (strlen) and a Go function //exported to C, snprintf from the
# preamble. Built statically for all four generic boards, run under qemu with each board's
# CPU, it prints what go build's cgo binary (gc, CGO_ENABLED=1, mipsle hardfloat, dynamic,
# run with -L) prints. No path of the machine reaches the binaries; the release is
# reproducible under verify. Refused #cgo flags are errors at their place; #cgo LDFLAGS are
# accepted (tests/t0545-cgo-policy.sh has the rest of the policy). With gc, cgo is
# off: a package whose every Go file imports "C" is reported as such.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

mkdir -p proj/cmd/cg proj/cc proj/onlyc
printf 'module example.com/cg\n\ngo 1.18\n' >proj/go.mod
printf 'build/\ndist/\n' >proj/.gitignore
cat >proj/cc/cc.go <<'GO'
// Package cc calls libc from C, and C calls back into Go.
package cc

/*
#cgo CFLAGS: -DVALUE=42
#include <stdio.h>

static void format(char *buf, int n, int v) { snprintf(buf, n, "value=%d", v); }
static int value(void) { return VALUE; }
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
	fmt.Println("format", cc.Format(7))
}
GO
cat >proj/cg.yaml <<'YAML'
mipsbake: 1
include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]
targets:
  cg:
    main: ./cmd/cg
    boards: [generic-mips, generic-mipsle, generic-mips64, generic-mips64le]
YAML
printf 'call 24\nvalue 42\nfromfile 52\nformat value=7\n' >expect

test_expect_success 'go build with cgo (gc, mipsle hardfloat, under qemu -L) prints the values' '
	(cd proj && CGO_ENABLED=1 CC=mipsel-linux-gnu-gcc GOOS=linux GOARCH=mipsle GOMIPS=hardfloat \
		GOCACHE="$TRASH/.gocache" go build -o ../gobuild ./cmd/cg) &&
	qemu-mipsel-static -cpu 74Kf -L /usr/mipsel-linux-gnu ./gobuild >gobuild.out &&
	test_cmp expect gobuild.out
'

test_expect_success 'gccgo builds the cgo package for all four GOARCH, static' '
	(cd proj && mipsbake -j2 cg.yaml) >build.log 2>&1 || { tail -n 30 build.log; false; }
	grep -q "] CGO example.com/cg/cc$" build.log &&
	for a in mips mipsle mips64 mips64le; do
		file "proj/build/out/cg/generic-$a/debian-gccgo-$a/cg" >file.txt &&
		grep -q "statically linked" file.txt || exit 1
	done
'

test_expect_success 'each binary runs under qemu with its board'"'"'s CPU and prints what go build'"'"'s prints' '
	for a in mips mipsle mips64 mips64le; do
		(cd proj && mipsbake run "generic-$a" cg cg.yaml) 2>"$a.err" | grep -v "^ninja: " >"$a.out" || { cat "$a.err"; exit 1; }
		test_cmp gobuild.out "$a.out" || exit 1
	done
'

test_expect_success 'go tool cgo runs with -gccgo, the #cgo CFLAGS and the board'"'"'s arch flags' '
	grep -A8 "^build .*/cc/cgo/_cgo_gotypes.go" proj/build/cfg/$(cfgdir proj/build debian-gccgo-mips64le-mips64le-hardfloat).ninja >edge &&
	grep -qF -e "cgoflags = -importpath\$ example.com/cg/cc\$ -trimpath" edge &&
	grep -qF -e "-gccgo\$ -gccgopkgpath=example.com/cg/cc" edge &&
	grep -qF -e "cgocflags = -I$ src/example_0com_1cg/cc$ -DVALUE=42" edge &&
	grep -qF -e "archflags = -mabi=64\$ -mhard-float" proj/build/cfg/$(cfgdir proj/build debian-gccgo-mips64le-mips64le-hardfloat).ninja
'

test_expect_success 'no path of this machine reaches the binaries or cgo'"'"'s output' '
	for a in mips mipsle mips64 mips64le; do
		strings -a "proj/build/out/cg/generic-$a/debian-gccgo-$a/cg" >strings.txt &&
		! grep -F "$TRASH" strings.txt || exit 1
	done &&
	! grep -rlF "$TRASH" proj/build/pkg/$(cfgdir proj/build debian-gccgo-mipsle-mipsle-hardfloat)/example.com/cg/cc/cgo/*.go \
		proj/build/pkg/$(cfgdir proj/build debian-gccgo-mipsle-mipsle-hardfloat)/example.com/cg/cc/cgo/*.c
'

# cgo names its wrappers after a hash of the file, so the importer recompiles too, as with go
test_expect_success 'editing the cgo file reruns cgo, once per configuration' '
	(cd proj && mipsbake cg.yaml) >noop.log 2>&1 &&
	grep -q "no work to do" noop.log &&
	sed -i "s/value=%d/value:%d/" proj/cc/cc.go &&
	(cd proj && mipsbake cg.yaml) >edit.log 2>&1 || { cat edit.log; false; }
	test "$(grep -c "] CGO " edit.log)" = 4 &&
	test "$(grep -c "] GCCGO example.com/cg/cc$" edit.log)" = 4 &&
	(cd proj && mipsbake run generic-mips64le cg cg.yaml) 2>/dev/null | grep -v "^ninja: " >edit.out &&
	grep -q "^format value:7$" edit.out
'

if have git; then
	test_expect_success 'verify: the release of the cgo program is reproducible' '
		(cd proj && tgit init -q && tgit add -A && tgit commit -q -m cg) &&
		(cd proj && mipsbake -j2 verify cg.yaml) >verify.log 2>&1 || { tail -n 30 verify.log; false; }
		grep -q "^verify: reproducible: " verify.log
	'
else
	test_skip 'verify: the release of the cgo program is reproducible' 'git is missing'
fi

test_expect_success 'a #cgo flag outside the allowlist is refused with its path:line:col' '
	cat >proj/onlyc/onlyc.go <<-GO &&
	package onlyc

	// #cgo CFLAGS: -Wl,--script=x.ld
	import "C"
	GO
	printf "package main\n\nimport _ \"example.com/cg/onlyc\"\n\nfunc main() {}\n" >proj/cmd/cg/main.go &&
	(cd proj && test_must_fail mipsbake gen cg.yaml) 2>bad.err &&
	grep -q "^$TRASH/proj/onlyc/onlyc.go:3:17: error: invalid flag in #cgo CFLAGS: -Wl,--script=x.ld$" bad.err
'

test_expect_success '#cgo LDFLAGS: -lm is accepted' '
	printf "package onlyc\n\n// #cgo LDFLAGS: -lm\nimport \"C\"\n" >proj/onlyc/onlyc.go &&
	(cd proj && mipsbake gen cg.yaml) >ld.out 2>ld.err || { cat ld.err; false; }
	test ! -s ld.err
'

test_expect_success 'with gc (cgo off by default), a package whose Go files all import "C" is reported, with the cure' '
	printf "package onlyc\n\n// int x;\nimport \"C\"\n" >proj/onlyc/onlyc.go &&
	printf "mipsbake: 1\ninclude: [boards/wt1520.yaml]\ntargets:\n  cg: {main: ./cmd/cg, boards: [wt1520]}\n" \
		>proj/gc.yaml &&
	(cd proj && test_must_fail mipsbake -B gc-build gen gc.yaml) 2>gc.err &&
	echo "$TRASH/proj/cmd/cg/main.go:3:10: error: no buildable Go files for linux/mipsle (gc compiler) in '"'"'$TRASH/proj/onlyc'"'"': its Go files import \"C\" and cgo is off (for gc it is off unless asked for, as go build has it when cross-compiling); '"'"'cgo: true'"'"' on the target or the board builds them" >gc.expect &&
	test_cmp gc.expect gc.err
'

test_expect_success 'a preamble includes a header by a path below its package directory, as go build has it' '
	mkdir -p incl/inc &&
	echo "static int triple(int x) { return 3 * x; }" >incl/inc/hdr.h &&
	printf "package main\n\n/*\n#include \"inc/hdr.h\"\n*/\nimport \"C\"\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"triple\", C.triple(14)) }\n" >incl/main.go &&
	printf "module example.com/incl\n\ngo 1.18\n" >incl/go.mod &&
	cat >incl/m.yaml <<-EOF &&
	mipsbake: 1
	include: [toolchains/debian-gccgo.yaml, toolchains/debian-go.yaml, boards/generic.yaml]
	targets:
	  app: {main: ., boards: [generic-mipsle], toolchains: [debian-gccgo-mipsle, debian-go], cgo: true}
	EOF
	(cd incl && CGO_ENABLED=1 GOARCH=mipsle GOFLAGS= GOCACHE=$TRASH/.gocache CC=mipsel-linux-gnu-gcc go build -o gob .) &&
	qemu-mipsel-static -L /usr/mipsel-linux-gnu incl/gob >expect &&
	grep -q "^triple 42$" expect &&
	mipsbake -B incl/b -j2 incl/m.yaml >log 2>&1 &&
	for t in debian-gccgo-mipsle debian-go; do
		qemu-mipsel-static -L /usr/mipsel-linux-gnu incl/b/out/app/generic-mipsle/$t/app >actual &&
		test_cmp expect actual || exit 1
	done
'

test_done

#!/bin/sh
# The gc backend: go tool compile/asm/pack/link per package under Ninja, for every GOARCH
# and both GOMIPS modes in one run; softfloat runs on the WT1520's FPU-less 24KEc while
# hardfloat dies there with SIGILL; the output matches go build's, at the same size;
# -X defines, a named GOROOT, release-tag gating and early cutoff.
. "$(dirname "$0")/lib.sh"

GOCODE=/usr/share/gocode/src
ARCHES="mips mipsle mips64 mips64le"

cp -R "$SRC_DIR/manifests/examples/hello" proj
mkdir -p proj/cmd/minion proj/cmd/probe proj/leaf proj/gate
cp "$TESTS_DIR/fixtures/minion.go" proj/cmd/minion/main.go
cat >proj/leaf/leaf.go <<'GO'
// Package leaf is a leaf dependency whose body can change without its API changing.
package leaf

//go:noinline
func Answer() int { return 41 }
GO
printf '//go:build go1.19\n\npackage gate\n\nconst Gate = "go1.19 or later"\n' >proj/gate/new.go
printf '//go:build !go1.19\n\npackage gate\n\nconst Gate = "before go1.19"\n' >proj/gate/old.go
cat >proj/cmd/probe/main.go <<'GO'
package main

import (
	"fmt"
	"runtime"

	"example.com/hello/gate"
	"example.com/hello/leaf"
)

var greeting = "unset"

func main() {
	fmt.Println(greeting, leaf.Answer(), gate.Gate, runtime.GOARCH, runtime.Compiler)
}
GO

{
	echo "mipsbake: 1"
	echo "module: example.com/hello"
	echo "toolchains:"
	echo "  go: {compiler: gc}"
	echo "  go-named: {compiler: gc, goroot: $(go env GOROOT)}"
	echo "boards:"
	all=
	for a in $ARCHES; do
		for f in softfloat hardfloat; do
			echo "  $a-$f: {goarch: $a, gomips: $f, toolchain: go}"
			all="$all${all:+, }$a-$f"
		done
	done
	echo "dependencies:"
	echo "  example.com/fmtbox: {path: third_party/fmtbox}"
	echo "  github.com/miekg/dns: {path: $GOCODE/github.com/miekg/dns}"
	echo "  golang.org/x/net: {path: $GOCODE/golang.org/x/net}"
	echo "  golang.org/x/sys: {path: $GOCODE/golang.org/x/sys}"
	echo "targets:"
	echo "  hello: {main: ./cmd/hello, boards: [$all], strip: true}"
	echo "  minion: {main: ./cmd/minion, boards: [$all], strip: true}"
	echo "  probe:"
	echo "    main: ./cmd/probe"
	echo "    boards: [mipsle-softfloat]"
	echo "    toolchains: [go-named]"
	echo "    define: {main.greeting: 'hi there'}"
} >proj/gc.yaml

qemu_for() {
	case $1 in mips) echo qemu-mips-static ;; mipsle) echo qemu-mipsel-static ;;
	mips64) echo qemu-mips64-static ;; mips64le) echo qemu-mips64el-static ;; esac
}

test_expect_success 'hello and minion build with gc for 4 GOARCH x 2 GOMIPS in one run' '
	mipsbake -j2 proj/gc.yaml >build.log 2>&1 || { tail -n 40 build.log; false; } &&
	for a in $ARCHES; do for f in softfloat hardfloat; do
		for t in hello minion; do
			test -x build/out/$t/$a-$f/go/$t || { echo "missing $t $a-$f"; exit 1; }
		done
	done; done &&
	grep -q "ASM golang.org/x/sys/unix" build.log &&
	grep -q "PACK golang.org/x/sys/unix" build.log
'

test_expect_success 'the expected answers, from go run on the host' '
	mkdir -p gopath/src/example.com &&
	cp -R proj gopath/src/example.com/hello &&
	cp -R proj/third_party/fmtbox gopath/src/example.com/fmtbox &&
	(cd gopath/src/example.com/hello && export GOPATH=$TRASH/gopath:/usr/share/gocode GO111MODULE=off GOFLAGS= &&
	 go run ./cmd/minion >"$TRASH/expect.minion" && go run ./cmd/hello world >"$TRASH/expect.hello.amd64") &&
	grep -q "^packed 29 bytes" expect.minion
'

for a in $ARCHES; do
	test_expect_success "every $a binary runs under qemu and answers" "
		for f in softfloat hardfloat; do
			\$(qemu_for $a) build/out/minion/$a-\$f/go/minion >out || exit 1
			test_cmp expect.minion out || exit 1
			\$(qemu_for $a) build/out/hello/$a-\$f/go/hello world >out || exit 1
			grep -q '^hello, world from $a (gc)\$' out || exit 1
		done
	"
done

test_expect_success 'softfloat mipsle runs on the 24KEc, the FPU-less core of the WT1520' '
	qemu-mipsel-static -cpu 24KEc build/out/minion/mipsle-softfloat/go/minion >out &&
	test_cmp expect.minion out
'

test_expect_success 'hardfloat mipsle dies there with SIGILL, and runs on the 74Kf' '
	set +e
	qemu-mipsel-static -cpu 24KEc build/out/minion/mipsle-hardfloat/go/minion >out 2>err
	rc=$?
	set -e
	test "$rc" = 132 &&
	qemu-mipsel-static -cpu 74Kf build/out/minion/mipsle-hardfloat/go/minion >out &&
	test_cmp expect.minion out
'

test_expect_success 'same output as go build -trimpath -ldflags="-s -w", size within 5%' '
	(cd gopath/src/example.com/hello/cmd/minion &&
	 GOPATH=$TRASH/gopath:/usr/share/gocode GO111MODULE=off GOFLAGS= GOOS=linux GOARCH=mipsle \
	 GOMIPS=softfloat CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$TRASH/ref") &&
	qemu-mipsel-static -cpu 24KEc ref >ref.out &&
	qemu-mipsel-static -cpu 24KEc build/out/minion/mipsle-softfloat/go/minion >ours.out &&
	test_cmp ref.out ours.out &&
	ref=$(wc -c <ref) && ours=$(wc -c <build/out/minion/mipsle-softfloat/go/minion) &&
	echo "go build: $ref bytes, mipsbake: $ours bytes" &&
	test $((ours * 100)) -le $((ref * 105)) && test $((ours * 100)) -ge $((ref * 95))
'

test_expect_success '-X defines, a named GOROOT and go1.19 release tags' '
	qemu-mipsel-static -cpu 24KEc build/out/probe/mipsle-softfloat/go-named/probe >out &&
	echo "hi there 41 go1.19 or later mipsle gc" >expect &&
	test_cmp expect out
'

test_expect_success 'a second run compiles nothing' '
	mipsbake -j2 proj/gc.yaml >noop.log 2>&1 &&
	grep -q "no work to do" noop.log
'

test_expect_success 'a body-only edit in a leaf dependency: one compile, one link' '
	sed -i "s/return 41/return 42/" proj/leaf/leaf.go &&
	mipsbake -j2 proj/gc.yaml >body.log 2>&1 &&
	sed -n "s/^\[[0-9/]*\] //p" body.log | grep -v "^MIPSBAKE regenerating\|^LIST " >actual &&
	printf "COMPILE example.com/hello/leaf\nLINK out/probe/mipsle-softfloat/go-named/probe\nSIZES\n" >expect &&
	test_cmp expect actual &&
	qemu-mipsel-static -cpu 24KEc build/out/probe/mipsle-softfloat/go-named/probe >out &&
	grep -q "^hi there 42 " out
'

test_expect_success 'an API change in the leaf recompiles its importer too' '
	printf "\nfunc Question() string { return \"?\" }\n" >>proj/leaf/leaf.go &&
	mipsbake -j2 proj/gc.yaml >api.log 2>&1 &&
	sed -n "s/^\[[0-9/]*\] COMPILE //p" api.log | sort >actual &&
	printf "example.com/hello/cmd/probe\nexample.com/hello/leaf\n" >expect &&
	test_cmp expect actual
'

test_done

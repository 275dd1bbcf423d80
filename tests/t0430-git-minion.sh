#!/bin/sh
# The blog's program shape: a minion importing github.com/miekg/dns (which pulls in x/net
# and x/sys), every dependency a git repository on a loopback git server. gccgo builds it for
# all four GOARCH values with a patch for x/sys 0.3.0's duplicate Syscall9 on mips/mipsle;
# gc builds it unpatched for 4 GOARCH x 2 GOMIPS. Every binary runs under qemu; with the lock
# satisfied, a rebuild needs no server.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! git_ok; then
	test_skip 'git minion' 'git, busybox or the Debian Go sources are missing'
	test_done
fi

git_fixtures sys net dns
git_daemon_start
URL="git://127.0.0.1:$GIT_PORT"
export MIPSBAKE_CACHE="$TRASH/cache"

mkdir -p gccgo gc
cp "$TESTS_DIR/fixtures/minion.go" gccgo/main.go
cp "$TESTS_DIR/fixtures/minion.go" gc/main.go
cp "$TESTS_DIR/fixtures/git/x-sys-gccgo-mipsx.patch" gccgo/

deps() { # extra lines for x/sys
	echo "dependencies:"
	echo "  github.com/miekg/dns: {git: '$URL/dns.git', rev: v1.1.50}"
	echo "  golang.org/x/net: {git: '$URL/net.git', rev: v0.7.0}"
	echo "  golang.org/x/sys:"
	echo "    git: '$URL/sys.git'"
	echo "    rev: v0.3.0"
	for l; do echo "    $l"; done
}
{
	echo "mipsbake: 1"
	echo "module: example.com/minion"
	echo "include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]"
	deps "patches: [x-sys-gccgo-mipsx.patch]"
	echo "targets:"
	echo "  minion: {main: ., boards: [generic-mips, generic-mipsle, generic-mips64, generic-mips64le]}"
} >gccgo/minion.yaml
{
	echo "mipsbake: 1"
	echo "module: example.com/minion"
	echo "toolchains:"
	echo "  go: {compiler: gc}"
	echo "boards:"
	all=
	for a in mips mipsle mips64 mips64le; do
		for f in softfloat hardfloat; do
			echo "  $a-$f: {goarch: $a, gomips: $f, toolchain: go}"
			all="$all${all:+, }$a-$f"
		done
	done
	deps
	echo "targets:"
	echo "  minion: {main: ., boards: [$all], strip: true}"
} >gc/minion.yaml

run_arch() { # arch binary
	case $1 in
	mips) qemu-mips-static -cpu 74Kf "$2" ;; mipsle) qemu-mipsel-static -cpu 74Kf "$2" ;;
	mips64) qemu-mips64-static -cpu MIPS64R2-generic "$2" ;;
	mips64le) qemu-mips64el-static -cpu MIPS64R2-generic "$2" ;;
	esac
}

test_expect_success 'the expected answer, from go run on the host' '
	mkdir -p gopath/src/example.com/minion &&
	cp gc/main.go gopath/src/example.com/minion/ &&
	(cd gopath/src/example.com/minion &&
	 GOPATH=$TRASH/gopath:/usr/share/gocode GO111MODULE=off GOFLAGS= go run .) >expect &&
	grep -q "^packed 29 bytes" expect
'

test_expect_success 'gccgo: git dependencies, patched x/sys, four GOARCH values in one run' '
	mipsbake -B gccgo/build -j2 gccgo/minion.yaml >gccgo.log 2>&1 || { tail -n 30 gccgo.log; false; } &&
	grep -q "^  golang.org/x/sys:" gccgo/minion.lock &&
	grep -q "sha256" gccgo/minion.lock &&
	test -f gccgo/build/deps/golang.org/x/sys/unix/syscall_linux_gc_mipsx.go
'

for a in mips mipsle mips64 mips64le; do
	test_expect_success "gccgo: the $a minion runs under qemu and answers" "
		run_arch $a gccgo/build/out/minion/generic-$a/debian-gccgo-$a/minion >out &&
		test_cmp expect out
	"
done

test_expect_success 'gc: the same git dependencies, unpatched, 4 GOARCH x 2 GOMIPS in one run' '
	mipsbake -B gc/build -j2 gc/minion.yaml >gc.log 2>&1 || { tail -n 30 gc.log; false; } &&
	test ! -f gc/build/deps/golang.org/x/sys/unix/syscall_linux_gc_mipsx.go &&
	for a in mips mipsle mips64 mips64le; do
		for f in softfloat hardfloat; do
			run_arch $a gc/build/out/minion/$a-$f/go/minion >out || exit 1
			test_cmp expect out || exit 1
		done
	done
'

test_expect_success 'gc softfloat mipsle answers on the 24KEc' '
	qemu-mipsel-static -cpu 24KEc gc/build/out/minion/mipsle-softfloat/go/minion >out &&
	test_cmp expect out
'

# the same dependencies and lock, one board, so the rebuilds below stay short
sed "s/boards: \[.*\]/boards: [generic-mips]/" gccgo/minion.yaml >gccgo/one.yaml
cp gccgo/minion.lock gccgo/one.lock

test_expect_success 'with the server stopped, a fresh build directory builds from the cache' '
	git_daemon_stop &&
	cp gccgo/one.lock lock.before &&
	mipsbake -B gccgo/again -j2 gccgo/one.yaml >again.log 2>&1 || { tail -n 30 again.log; false; } &&
	test_cmp lock.before gccgo/one.lock &&
	run_arch mips gccgo/again/out/minion/generic-mips/debian-gccgo-mips/minion >out &&
	test_cmp expect out
'

test_expect_success '--offline --frozen rebuilds from the cache, and a second run does nothing' '
	mipsbake -B gccgo/offline --offline --frozen -j2 gccgo/one.yaml >off.log 2>&1 &&
	run_arch mips gccgo/offline/out/minion/generic-mips/debian-gccgo-mips/minion >out &&
	test_cmp expect out &&
	mipsbake -B gccgo/offline --offline --frozen -j2 gccgo/one.yaml >off2.log 2>&1 &&
	grep -q "no work to do" off2.log
'

test_done

#!/bin/sh
# test-serial: its steps stop, slow and kill the server within timeouts
# The action cache with a remote cache on a real server (issue 17): Debian's nginx as a
# WebDAV store on loopback (lib-nginx.sh). A fresh clone with an empty local store builds
# the minion with gccgo and gc from the remote cache alone, bit for bit as an uncached
# build; a flipped byte or a truncated entry is a miss that is rebuilt and uploaded again;
# a server killed mid-build costs one warning and no correctness; a read-only cache is never
# written to (nginx's access log); two concurrent builds share one cache.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-nginx.sh"

GOCODE=/usr/share/gocode/src
if ! nginx_ok || ! have go mips64el-linux-gnuabi64-gccgo mipsel-linux-gnu-gccgo qemu-mipsel-static qemu-mips64el-static ||
	! [ -d "$GOCODE/github.com/miekg/dns" ]; then
	test_skip 'the remote cache end to end' 'nginx, nc, go, gccgo, qemu or the Debian Go sources are missing'
	test_done
fi
# the action cache reads 'cache:' from the manifest; a mipsbake without one has nothing to test
printf 'mipsbake: 1\ncache: {remote: "http://127.0.0.1:1/c"}\n' >probe.yaml
if mipsbake validate probe.yaml 2>&1 | grep -q "unknown key 'cache'"; then
	test_skip 'the remote cache end to end' 'this mipsbake has no action cache'
	test_done
fi
unset MIPSBAKE_REMOTE_CACHE MIPSBAKE_REMOTE_CACHE_HEADER MIPSBAKE_ACTION_CACHE MIPSBAKE_NO_CACHE MIPSBAKE_GC_STD 2>/dev/null || true

nginx_start || { echo "Bail out! nginx does not start"; exit 1; }
URL=$NGINX_URL

# the two binaries of a project, one per compiler
MINION_BINS="out/minion/generic-mips64le/debian-gccgo-mips64le/minion out/minion/mipsle-softfloat/go/minion"
HELLO_BINS="out/hello/generic-mipsle/debian-gccgo-mipsle/hello out/hello/mipsle-softfloat/go/hello"

# the toolchains and boards of both projects: gccgo for a generic board, gc for another
compilers() {
	echo "include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]"
	echo "toolchains:"
	echo "  go: {compiler: gc}"
	echo "boards:"
	echo "  mipsle-softfloat: {goarch: mipsle, gomips: softfloat, toolchain: go}"
}

# cache_lines [extra]: the manifest's cache section, for $URL
cache_lines() {
	echo "cache:"
	echo "  remote: '$URL'"
	for l; do echo "  $l"; done
}

# minion_project DIR: the minion (miekg/dns, x/net, x/sys from Debian's sources)
minion_project() {
	mkdir -p "$1" &&
	cp "$TESTS_DIR/fixtures/minion.go" "$1/main.go" &&
	{
		echo "mipsbake: 1"
		echo "module: example.com/minion"
		compilers
		echo "dependencies:"
		echo "  github.com/miekg/dns: {path: $GOCODE/github.com/miekg/dns}"
		echo "  golang.org/x/net: {path: $GOCODE/golang.org/x/net}"
		echo "  golang.org/x/sys: {path: $GOCODE/golang.org/x/sys}"
		cache_lines
		echo "targets:"
		echo "  minion: {main: ., boards: [generic-mips64le, mipsle-softfloat]}"
	} >"$1/minion.yaml"
}

# hello_cached DIR [cache line...]: the bundled example, for both compilers
hello_cached() {
	_d=$1
	shift
	rm -rf "$_d" &&
	cp -R "$SRC_DIR/manifests/examples/hello" "$_d" &&
	{
		echo "mipsbake: 1"
		compilers
		cache_lines "$@"
		echo "targets:"
		echo "  hello: {main: ./cmd/hello, boards: [generic-mipsle, mipsle-softfloat]}"
	} >"$_d/hello.yaml"
}

# build DIR MANIFEST LOCAL: build with the local store under LOCAL; the log in DIR.log
build() {
	MIPSBAKE_CACHE="$TRASH/$3" mipsbake -B "$1/build" -j2 "$1/$2" >"$1.log" 2>&1 ||
		{ tail -n 30 "$1.log"; return 1; }
}

# same_bins A B BINS: the binaries of two build directories are identical
same_bins() {
	for _b in $3; do
		cmp "$1/build/$_b" "$2/build/$_b" || return 1
	done
}

# misses DIR: how many of the last build's actions ran (the cache's log)
misses() {
	grep -c "^miss " "$1/build/.mipsbake-cache.log" || true
}

# store_sound: every blob the server holds is named by its digest
store_sound() {
	for _f in "$NGINX_STORE"/cas/*; do
		[ "$(sha256sum <"$_f" | cut -c1-64)" = "$(basename "$_f")" ] || { echo "corrupt: $_f"; return 1; }
	done
}

test_expect_success 'the minion, uncached: the reference binaries, and the answer under qemu' '
	minion_project ref &&
	MIPSBAKE_NO_CACHE=1 build ref minion.yaml local-ref &&
	! test -e "$NGINX_STORE/ac" &&
	test "$(nginx_count PUT)" = 0 &&
	qemu-mipsel-static ref/build/out/minion/mipsle-softfloat/go/minion >expect &&
	grep -q "^packed 29 bytes" expect &&
	qemu-mips64el-static -cpu MIPS64R2-generic ref/build/out/minion/generic-mips64le/debian-gccgo-mips64le/minion >actual &&
	test_cmp expect actual
'

test_expect_success 'a first build fills the remote cache: every action runs and is uploaded' '
	minion_project first &&
	build first minion.yaml local-first &&
	grep -q "^cache: 0 of [1-9][0-9]* actions reused$" first.log &&
	test "$(misses first)" -gt 20 &&
	test "$(nginx_count PUT 201)" -gt "$(misses first)" &&
	test "$(nginx_count PUT 404)" = 0 &&
	store_sound &&
	same_bins ref first "$MINION_BINS"
'

test_expect_success 'a fresh clone with an empty local store runs no compile, and its binaries are the same' '
	minion_project clone &&
	: >"$NGINX_LOG" &&
	build clone minion.yaml local-clone &&
	n=$(misses first) &&
	grep -q "^cache: $n of $n actions reused ($n from the remote cache)$" clone.log &&
	test "$(misses clone)" = 0 &&
	test "$(nginx_count GET 200)" -gt "$n" &&
	test "$(nginx_count PUT)" = 0 &&
	same_bins ref clone "$MINION_BINS" &&
	qemu-mipsel-static clone/build/out/minion/mipsle-softfloat/go/minion >actual &&
	test_cmp expect actual
'

test_expect_success 'a second build dir on the same machine takes it all from the local store' '
	minion_project again &&
	: >"$NGINX_LOG" &&
	build again minion.yaml local-clone &&
	n=$(misses first) &&
	grep -q "^cache: $n of $n actions reused$" again.log &&
	test "$(nginx_count GET)" = 0 &&
	same_bins ref again "$MINION_BINS"
'

test_expect_success 'the bundled example, uncached, and once more to fill the emptied cache' '
	rm -rf "$NGINX_STORE/ac" "$NGINX_STORE/cas" &&
	hello_cached hello-ref &&
	MIPSBAKE_NO_CACHE=1 build hello-ref hello.yaml local-ref &&
	hello_cached hello-first &&
	build hello-first hello.yaml local-hello1 &&
	same_bins hello-ref hello-first "$HELLO_BINS" &&
	qemu-mipsel-static -cpu 24KEc hello-ref/build/out/hello/mipsle-softfloat/go/hello world >out &&
	grep -q "^hello, world from mipsle (gc)" out
'

test_expect_success 'a flipped byte and a truncated blob on the server: misses, rebuilt and uploaded again' '
	big=$(ls -S "$NGINX_STORE"/cas/* | head -n 1) &&
	second=$(ls -S "$NGINX_STORE"/cas/* | sed -n 2p) &&
	size=$(wc -c <"$big") &&
	printf "\\377" | dd of="$big" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null &&
	printf "\\000" | dd of="$big" bs=1 seek=$((size / 2 + 1)) conv=notrunc 2>/dev/null &&
	! store_sound >/dev/null &&
	truncate -s 10 "$second" &&
	hello_cached hello-flip &&
	: >"$NGINX_LOG" &&
	build hello-flip hello.yaml local-flip &&
	test "$(misses hello-flip)" -ge 1 &&
	same_bins hello-ref hello-flip "$HELLO_BINS" &&
	store_sound &&
	test "$(nginx_count PUT)" -ge 2
'

test_expect_success 'a flipped byte in the local store: a miss there, the remote copy serves' '
	local_big=$(find "$TRASH/local-flip" -path "*cas*" -type f -printf "%s %p\n" | sort -rn |
		head -n 1 | cut -d" " -f2) &&
	test -n "$local_big" &&
	size=$(wc -c <"$local_big") &&
	printf "\\377\\000" | dd of="$local_big" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null &&
	hello_cached hello-flip2 &&
	build hello-flip2 hello.yaml local-flip &&
	grep -q "^hit remote " hello-flip2/build/.mipsbake-cache.log &&
	same_bins hello-ref hello-flip2 "$HELLO_BINS"
'

test_expect_success 'a read-only cache is read but never written: no PUT in the access log' '
	hello_cached hello-ro "read_only: true" &&
	: >"$NGINX_LOG" &&
	build hello-ro hello.yaml local-ro &&
	test "$(misses hello-ro)" = 0 &&
	test "$(nginx_count GET 200)" -gt 0 &&
	rm -rf "$NGINX_STORE/ac" "$NGINX_STORE/cas" &&
	hello_cached hello-ro2 "read_only: true" &&
	: >"$NGINX_LOG" &&
	build hello-ro2 hello.yaml local-ro2 &&
	test "$(misses hello-ro2)" -gt 0 &&
	test "$(nginx_count GET 404)" -gt 0 &&
	test "$(nginx_count PUT)" = 0 &&
	! test -e "$NGINX_STORE/cas" &&
	same_bins hello-ref hello-ro2 "$HELLO_BINS"
'

test_expect_success 'MIPSBAKE_REMOTE_CACHE names the remote cache when the manifest does not' '
	hello_cached hello-env &&
	sed -i "/^cache:/,/^  remote:/d" hello-env/hello.yaml &&
	! grep -q "^cache" hello-env/hello.yaml &&
	: >"$NGINX_LOG" &&
	MIPSBAKE_REMOTE_CACHE=$URL build hello-env hello.yaml local-env &&
	test "$(nginx_count PUT 201)" -gt 0 &&
	store_sound
'

# the server stops mid-build: once the build has uploaded something, kill -9
test_expect_success 'the server killed mid-build: one warning, and the binaries are right' '
	rm -rf "$NGINX_STORE/ac" "$NGINX_STORE/cas" &&
	hello_cached hello-kill &&
	: >"$NGINX_LOG" &&
	{ MIPSBAKE_CACHE="$TRASH/local-kill" mipsbake -B hello-kill/build -j2 hello-kill/hello.yaml \
		>hello-kill.log 2>&1; echo $? >hello-kill.rc; } &
	i=0 &&
	while [ "$(nginx_count PUT)" = 0 ] && [ $i -lt 600 ] && ! test -s hello-kill.rc; do
		sleep 0.1; i=$((i + 1))
	done &&
	kill -9 "$NGINX_PID" &&
	wait &&
	test "$(cat hello-kill.rc)" = 0 || { cat hello-kill.log; exit 1; }
	grep -c "warning: the remote cache failed: $URL: " hello-kill.log >n &&
	echo 1 >expect &&
	test_cmp expect n &&
	test "$(misses hello-kill)" -gt 1 &&
	same_bins hello-ref hello-kill "$HELLO_BINS"
'
stop_pid "$NGINX_PID"
nginx_start || { echo "Bail out! nginx does not start again"; exit 1; }
URL=$NGINX_URL

test_expect_success 'two concurrent builds share one cache; a third then builds nothing' '
	hello_cached hello-a && hello_cached hello-b && : >"$NGINX_LOG" || exit 1
	# each build a job of its own: "a && b &" would put the setup in the background too
	( MIPSBAKE_CACHE="$TRASH/local-shared" mipsbake -B hello-a/build -j2 hello-a/hello.yaml \
		>hello-a.log 2>&1; echo $? >hello-a.rc ) &
	( MIPSBAKE_CACHE="$TRASH/local-shared" mipsbake -B hello-b/build -j2 hello-b/hello.yaml \
		>hello-b.log 2>&1; echo $? >hello-b.rc ) &
	wait
	test "$(cat hello-a.rc)" = 0 && test "$(cat hello-b.rc)" = 0 &&
	same_bins hello-ref hello-a "$HELLO_BINS" &&
	same_bins hello-ref hello-b "$HELLO_BINS" &&
	store_sound &&
	test "$(nginx_count PUT 201)" -gt 0 &&
	hello_cached hello-c &&
	build hello-c hello.yaml local-third &&
	test "$(misses hello-c)" = 0 &&
	grep -q "from the remote cache" hello-c.log &&
	same_bins hello-ref hello-c "$HELLO_BINS"
'

test_done

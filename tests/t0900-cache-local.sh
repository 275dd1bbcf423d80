#!/bin/sh
# The local action cache: the minion (git dependencies on a loopback server) built with gc and
# with gccgo in one clone, then in a second clone at another path, which must run no action
# and link the same bytes; a corrupt blob and a truncated record are misses that rebuild the
# right binary; 'cache stats|trim|clear'; verify keeps out of the cache; two builds at once
# share it; a remote cache that refuses connections costs one warning.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! git_ok; then
	test_skip 'action cache' 'git, busybox or the Debian Go sources are missing'
	test_done
fi

git_fixtures sys net dns
git_daemon_start
URL="git://127.0.0.1:$GIT_PORT"
export MIPSBAKE_CACHE="$TRASH/cache"
unset MIPSBAKE_NO_CACHE MIPSBAKE_GC_STD
STORE="$TRASH/store"
export MIPSBAKE_ACTION_CACHE="$STORE"

deps() {
	echo "dependencies:"
	echo "  github.com/miekg/dns: {git: '$URL/dns.git', rev: v1.1.50}"
	echo "  golang.org/x/net: {git: '$URL/net.git', rev: v0.7.0}"
	echo "  golang.org/x/sys:"
	echo "    git: '$URL/sys.git'"
	echo "    rev: v0.3.0"
	for l; do echo "    $l"; done
}

# clone DIR: the minion's sources, with a gc and a gccgo manifest for mipsle
clone() {
	mkdir -p "$1"
	cp "$TESTS_DIR/fixtures/minion.go" "$1/main.go"
	cp "$TESTS_DIR/fixtures/git/x-sys-gccgo-mipsx.patch" "$1/"
	{
		echo "mipsbake: 1"
		echo "module: example.com/minion"
		echo "toolchains:"
		echo "  go: {compiler: gc}"
		echo "boards:"
		echo "  mipsle-softfloat: {goarch: mipsle, gomips: softfloat, toolchain: go}"
		deps
		echo "targets:"
		echo "  minion: {main: ., boards: [mipsle-softfloat], strip: true}"
	} >"$1/gc.yaml"
	{
		echo "mipsbake: 1"
		echo "module: example.com/minion"
		echo "include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]"
		deps "patches: [x-sys-gccgo-mipsx.patch]"
		echo "targets:"
		echo "  minion: {main: ., boards: [generic-mipsle]}"
	} >"$1/gccgo.yaml"
}

bin_gc=out/minion/mipsle-softfloat/go/minion
bin_gccgo=out/minion/generic-mipsle/debian-gccgo-mipsle/minion
eval_bin() { eval "echo \$bin_$1"; }
# run_bin COMPILER BINARY: gc's softfloat binary on a core without an FPU, gccgo's on one with
run_bin() {
	case $1 in
	gc) qemu-mipsel-static -cpu 24KEc "$2" ;;
	gccgo) qemu-mipsel-static -cpu 74Kf "$2" ;;
	esac
}

# build CLONE COMPILER [BUILDDIR]: build it, the log in CLONE/COMPILER.log
build() {
	mipsbake -B "$1/${3:-build-$2}" -j2 "$1/$2.yaml" >"$1/$2.log" 2>&1 || { tail -n 30 "$1/$2.log"; false; }
}

log_of() { echo "$1/${3:-build-$2}/.mipsbake-cache.log"; }

test_expect_success 'the expected answer, from go run on the host' '
	mkdir -p gopath/src/example.com/minion &&
	cp "$TESTS_DIR/fixtures/minion.go" gopath/src/example.com/minion/main.go &&
	(cd gopath/src/example.com/minion &&
	 GOPATH=$TRASH/gopath:/usr/share/gocode GO111MODULE=off GOFLAGS= go run .) >expect &&
	grep -q "^packed 29 bytes" expect
'

clone a
clone "b/at/another/path"
B="b/at/another/path"
for cc in gc gccgo; do
	test_expect_success "$cc: a cold build in clone a misses every action and answers" "
		build a $cc &&
		test \$(count_lines '^hit ' \$(log_of a $cc)) = 0 &&
		test \$(count_lines '^miss ' \$(log_of a $cc)) -gt 10 &&
		grep -q 'cache: 0 of ' a/$cc.log &&
		run_bin $cc a/build-$cc/\$(eval_bin $cc) >out &&
		test_cmp expect out
	"
	test_expect_success "$cc: a second clone at another path runs no action, same bytes" "
		cp a/$cc.lock $B/ &&
		build $B $cc &&
		test \$(count_lines '^miss ' \$(log_of $B $cc)) = 0 &&
		test \$(count_lines '^hit local ' \$(log_of $B $cc)) = \$(count_lines '^miss ' \$(log_of a $cc)) &&
		grep -q 'gc_compile\\|gccgo_compile' \$(log_of $B $cc) &&
		cmp a/build-$cc/\$(eval_bin $cc) $B/build-$cc/\$(eval_bin $cc) &&
		run_bin $cc $B/build-$cc/\$(eval_bin $cc) >out &&
		test_cmp expect out
	"
done

test_expect_success 'ninja -v shows the compiler command, wrapped by act get/put' '
	ninja -C a/build-gc -t commands | grep -q "act get cfg/[0-9a-f]*.actions exp/[0-9a-f]*/example.com/minion.a || {.*/compile -o exp/"
'

test_expect_success 'a link restored with the bytes it had looks new to Ninja: the next build runs nothing' '
	build a gc build-touch &&
	touch a/build-touch/pkg/*/example.com/minion/_pkg_.lo &&
	build a gc build-touch &&
	grep -q "^hit local gc_link " $(log_of a gc build-touch) &&
	ninja -C a/build-touch -n >noop.out &&
	grep -q "no work to do" noop.out
'

test_expect_success 'a flipped byte in the cached binary: a miss, rebuilt right, stored again' '
	hex=$(sha256sum a/build-gc/$bin_gc | cut -c1-64) &&
	blob="$STORE/cas/$(echo $hex | cut -c1-2)/$hex" &&
	test -f "$blob" &&
	printf "\\377" | dd of="$blob" bs=1 seek=1000 conv=notrunc 2>/dev/null &&
	! sha256sum "$blob" | grep -q "^$hex" &&
	build a gc build-flip &&
	grep -q "^miss gc_link " $(log_of a gc build-flip) &&
	test $(count_lines "^miss " $(log_of a gc build-flip)) = 1 &&
	cmp a/build-gc/$bin_gc a/build-flip/$bin_gc &&
	qemu-mipsel-static -cpu 24KEc a/build-flip/$bin_gc >out &&
	test_cmp expect out &&
	sha256sum "$blob" | grep -q "^$hex"
'

test_expect_success 'a truncated action record: a miss, rebuilt right' '
	hex=$(sha256sum a/build-gc/$bin_gc | cut -c1-64) &&
	rec=$(grep -rl "$hex" "$STORE/ac") &&
	test $(echo "$rec" | wc -l) = 1 &&
	head -c 40 "$rec" >rec.short && cp rec.short "$rec" &&
	build a gc build-trunc &&
	test $(count_lines "^miss " $(log_of a gc build-trunc)) = 1 &&
	grep -q "^miss gc_link " $(log_of a gc build-trunc) &&
	cmp a/build-gc/$bin_gc a/build-trunc/$bin_gc
'

test_expect_success 'cache stats counts what the builds stored' '
	mipsbake cache stats >stats &&
	grep -q "^cache: .$STORE.$" stats &&
	n=$(sed -n "s/^actions: //p" stats) &&
	test "$n" = $(($(count_lines "^miss " $(log_of a gc)) + $(count_lines "^miss " $(log_of a gccgo)))) &&
	bytes=$(sed -n "s/^bytes: \([0-9]*\) .*/\1/p" stats) &&
	test "$bytes" = $(find "$STORE" -type f -printf "%s\n" | awk "{ s += \$1 } END { print s }")
'

test_expect_success 'cache trim --max-size brings it under the bound, least recently used first' '
	mipsbake cache stats >before &&
	bytes=$(sed -n "s/^bytes: \([0-9]*\) .*/\1/p" before) &&
	half=$((bytes / 2)) &&
	mipsbake cache trim --max-size $half >trim.out &&
	mipsbake cache stats >after &&
	left=$(sed -n "s/^bytes: \([0-9]*\) .*/\1/p" after) &&
	test "$left" -le "$half" && test "$left" -gt 0 &&
	mipsbake cache trim --max-size 1K &&
	mipsbake cache stats >after &&
	test $(sed -n "s/^bytes: \([0-9]*\) .*/\1/p" after) -le 1024 &&
	test_must_fail mipsbake cache trim --max-size 12X &&
	test_must_fail mipsbake cache trim
'

test_expect_success 'cache clear empties it' '
	build a gc build-refill &&
	mipsbake cache clear &&
	mipsbake cache stats >after &&
	grep -q "^actions: 0$" after &&
	grep -q "^bytes: 0 " after
'

test_expect_success '--no-cache and MIPSBAKE_NO_CACHE=1: nothing read, nothing stored' '
	mipsbake -B a/build-off -j2 --no-cache a/gc.yaml >off.log 2>&1 &&
	test ! -s $(log_of a gc build-off) &&
	MIPSBAKE_NO_CACHE=1 mipsbake cache stats >after &&
	grep -q "^actions: 0$" after &&
	! grep -q "^cache:" off.log
'

test_expect_success 'two builds at once into two build directories share one cache' '
	export MIPSBAKE_ACTION_CACHE="$TRASH/store2" &&
	{ build a gc build-x & p1=$!; } &&
	{ build $B gc build-y & p2=$!; } &&
	wait $p1 && wait $p2 &&
	cmp a/build-x/$bin_gc $B/build-y/$bin_gc &&
	cmp a/build-gc/$bin_gc a/build-x/$bin_gc &&
	build a gc build-z &&
	test $(count_lines "^miss " $(log_of a gc build-z)) = 0
'

test_expect_success 'a remote cache that refuses connections: one warning, a good build' '
	port=$(random_port) &&
	export MIPSBAKE_ACTION_CACHE="$TRASH/store3" &&
	MIPSBAKE_REMOTE_CACHE=http://127.0.0.1:$port mipsbake -B a/build-remote -j2 a/gc.yaml >remote.log 2>&1 &&
	test $(count_lines "warning: the remote cache failed" remote.log) = 1 &&
	qemu-mipsel-static -cpu 24KEc a/build-remote/$bin_gc >out &&
	test_cmp expect out &&
	cmp a/build-gc/$bin_gc a/build-remote/$bin_gc
'

test_expect_success 'verify passes with the cache configured, and reads and writes none of it' '
	export MIPSBAKE_ACTION_CACHE="$TRASH/store4" &&
	mkdir -p v && cp a/main.go a/gc.yaml a/gc.lock v/ &&
	(cd v && tgit init -q && tgit add . && tgit commit -q -m v) &&
	mipsbake -B v/build -j2 v/gc.yaml >vbuild.log 2>&1 &&
	find "$TRASH/store4" -type f | sort >files.before &&
	test -s files.before &&
	touch -d "2000-01-01" $(cat files.before) &&
	mipsbake -B v/build -j2 verify v/gc.yaml >verify.log 2>&1 || { tail -n 20 verify.log; false; } &&
	grep -q "verify: reproducible" verify.log &&
	find "$TRASH/store4" -type f | sort >files.after &&
	test_cmp files.before files.after &&
	test -z "$(find "$TRASH/store4" -type f -newermt 2001-01-01)"
'

test_expect_success 'release records that the cache was used' '
	export MIPSBAKE_ACTION_CACHE="$TRASH/store4" &&
	mipsbake -B v/build -j2 release --dist v/dist v/gc.yaml >release.log 2>&1 || { tail -n 20 release.log; false; } &&
	grep -q "^action_cache: used$" v/dist/provenance.yaml
'

git_daemon_stop
test_done

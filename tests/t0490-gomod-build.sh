#!/bin/sh
# Go modules as they are (issue 13): a program with go.mod and go.sum whose manifest names no
# module and no dependency, only mirrors for the test's git server, boards and a target. Its
# modules are Debian's miekg/dns, x/net and x/sys; go.mod also requires x/term and x/tools,
# which are not on the server and which nothing imports on linux. go.sum comes from Go itself
# ('go mod download' in direct mode against the same repositories), so every hash mipsbake
# checks is Go's. It builds for wt1520 (gc softfloat) and a gccgo board and runs under qemu.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"
. "$TESTS_DIR/lib-goproxy.sh"

if ! git_ok || ! have jq qemu-mipsel-static qemu-mips64el-static; then
	test_skip 'go.mod builds' 'git, busybox, jq, qemu or the Debian Go sources are missing'
	test_done
fi

build_fixtures || exit 1
mkdir -p "$SRV/github.com/miekg" "$SRV/golang.org/x"
cp -R "$FIXTURES/dns.git" "$SRV/github.com/miekg/dns.git"
cp -R "$FIXTURES/sys.git" "$SRV/golang.org/x/sys.git"
cp -R "$FIXTURES/net.git" "$SRV/golang.org/x/net.git"
# x/text, which x/net/idna imports: Debian's source at its upstream tag
make_repo work/text "$GOCODE/golang.org/x/text" v0.7.0 >/dev/null &&
tgit clone -q --bare work/text "$SRV/golang.org/x/text.git" || exit 1
git_daemon_start || exit 1
export MIPSBAKE_CACHE="$TRASH/cache"

mkdir -p app
cp "$TESTS_DIR/fixtures/minion.go" app/main.go
cat >app/go.mod <<EOF
module example.com/minion

go 1.18

require github.com/miekg/dns v1.1.50

require (
	golang.org/x/net v0.7.0 // indirect
	golang.org/x/sys v0.3.0 // indirect
	golang.org/x/term v0.5.0 // indirect
	golang.org/x/tools v0.1.12 // indirect
)
EOF
cat >app/mipsbake.yaml <<EOF
mipsbake: 1
include: [boards/wt1520.yaml, boards/generic.yaml]
mirrors:
  github.com/: git://127.0.0.1:\${PORT}/github.com/
  golang.org/x/: git://127.0.0.1:\${PORT}/golang.org/x/
targets:
  minion:
    main: .
    boards: [wt1520, generic-mips64le]
    test:
      - expect: '^packed 29 bytes: id=4242 ;example.org.\tIN\t AAAA\$'
EOF
export PORT=$GIT_PORT

# a second program: x/net/idna, which imports x/text (named by neither manifest nor main.go)
mkdir -p idna
cat >idna/main.go <<'EOF'
package main

import (
	"fmt"

	"golang.org/x/net/idna"
)

func main() {
	s, err := idna.Lookup.ToASCII("b\u00fccher.example")
	fmt.Println(s, err)
}
EOF
cat >idna/go.mod <<'EOF'
module example.com/idna

go 1.18

require golang.org/x/net v0.7.0

require (
	golang.org/x/sys v0.3.0 // indirect
	golang.org/x/term v0.5.0 // indirect
	golang.org/x/text v0.7.0 // indirect
)
EOF
sed "s/minion/idna/g; s/expect: .*/expect: '^xn--bcher-kva.example <nil>\$'/" app/mipsbake.yaml >idna/mipsbake.yaml

# mipsbake in the module root, with the default manifest, as a user runs it
in_app() {
	(cd app && mipsbake "$@")
}

test_expect_success 'go.sum from Go itself: go mod download in direct mode, from the same repositories' '
	if ! go_oracle_ok; then
		echo "no oracle here (needs root, unshare -mn, openssl, busybox, go): go.sum from mipsbake" &&
		in_app --update fetch &&
		cp app/go.sum go.sum.go
	else
		go_download github.com/miekg/dns@v1.1.50 golang.org/x/net@v0.7.0 golang.org/x/sys@v0.3.0 &&
		go_sum_lines | LC_ALL=C sort >go.sum.go &&
		test $(wc -l <go.sum.go) = 6 &&
		jq -r .Origin.Hash dl.json >hashes &&
		test $(sort -u hashes | wc -l) = 3
	fi &&
	cp go.sum.go app/go.sum
'

test_expect_success 'a second program, x/net/idna and so x/text: Go'"'"'s go.sum, built for both boards, under qemu' '
	if go_oracle_ok; then
		go_download golang.org/x/net@v0.7.0 golang.org/x/text@v0.7.0 &&
		go_sum_lines | LC_ALL=C sort >idna/go.sum
	else
		(cd idna && mipsbake --update fetch)
	fi &&
	(cd idna && mipsbake test) >log 2>&1 || { tail -n 30 log; false; } &&
	grep -q "test: 2 passed, 0 failed" log &&
	grep -q "^  golang.org/x/text:" idna/mipsbake.lock &&
	! grep -q "golang.org/x/sys:" idna/mipsbake.lock &&
	(cd idna && env HOME="$TRASH" GOCACHE="$TRASH/gocache" GO111MODULE=off \
		GOPATH=/usr/share/gocode go run main.go) >expect &&
	qemu-mipsel-static -cpu 24KEc idna/build/out/idna/wt1520/debian-go/idna >actual &&
	test_cmp expect actual
'

test_expect_success 'no module:, no dependencies:: built for a gc board and a gccgo board, run under qemu' '
	in_app -B build test >log 2>&1 || { tail -n 30 log; false; } &&
	grep -q "^minion  *wt1520  *debian-go  .* 1  *pass" log &&
	grep -q "^minion  *generic-mips64le  *debian-gccgo-mips64le  .* 1  *pass" log &&
	grep -q "test: 2 passed, 0 failed" log &&
	cmp app/go.sum go.sum.go
'

test_expect_success 'each binary prints what the host prints' '
	mkdir -p gopath/src/example.com/minion &&
	cp app/main.go gopath/src/example.com/minion/ &&
	(cd gopath/src/example.com/minion &&
	 GOPATH=$TRASH/gopath:/usr/share/gocode GO111MODULE=off GOFLAGS= go run .) >expect &&
	qemu-mipsel-static -cpu 24KEc app/build/out/minion/wt1520/debian-go/minion >actual &&
	test_cmp expect actual &&
	qemu-mips64el-static -cpu MIPS64R2-generic \
		app/build/out/minion/generic-mips64le/debian-gccgo-mips64le/minion >actual &&
	test_cmp expect actual
'

test_expect_success 'the lock holds the three imported modules at the mirror URLs used, and nothing else' '
	grep "^  [^ ]" app/mipsbake.lock >actual &&
	printf "  github.com/miekg/dns:\n  golang.org/x/net:\n  golang.org/x/sys:\n" >expect &&
	test_cmp expect actual &&
	grep -q "url: git://127.0.0.1:$GIT_PORT/golang.org/x/sys\$" app/mipsbake.lock &&
	test "$(lock_value app/mipsbake.lock golang.org/x/sys rev)" = v0.3.0
'

test_expect_success 'modules go.mod requires but nothing imports are never fetched (x/term, x/tools are not served)' '
	in_app -B build2 build >log 2>&1 &&
	grep "^fetch" log >fetched || true &&
	! grep -q "x/term\|x/tools" fetched log &&
	! ls cache/git | grep -q "term\|tools"
'

test_expect_success 'deps shows each module with its version, locked commit and URL' '
	in_app deps >actual &&
	grep -q "^golang.org/x/net  *v0.7.0  *$(rev_of golang.org/x/net v0.7.0)  *yes  *git://127.0.0.1:$GIT_PORT/golang.org/x/net\$" actual &&
	grep -q "^golang.org/x/term  *v0.5.0  *(not locked)  *no  *git://127.0.0.1:$GIT_PORT/golang.org/x/term\$" actual
'

test_expect_success 'a flipped content hash in go.sum fails the build, naming module, version, both hashes and the line' '
	sed "1s/h1:./h1:A/" go.sum.go >app/go.sum &&
	grep -q "^github.com/miekg/dns v1.1.50 h1:A" app/go.sum &&
	want=$(sed -n "1s/.* //p" go.sum.go) && bad=$(sed -n "1s/.* //p" app/go.sum) &&
	test_must_fail in_app -B build3 build 2>err &&
	grep -q "^go.sum:1:1: error: verifying github.com/miekg/dns@v1.1.50: checksum mismatch: downloaded $want, go.sum $bad\$" err &&
	grep -q "SECURITY" err &&
	test ! -e app/build3/build.ninja
'

test_expect_success 'so does a go.mod hash that is not the go.mod'"'"'s' '
	sed "4s/h1:./h1:A/" go.sum.go >app/go.sum &&
	grep -q "^golang.org/x/net v0.7.0/go.mod h1:A" app/go.sum &&
	test_must_fail in_app -B build3 build 2>err &&
	grep -q "^go.sum:4:1: error: verifying golang.org/x/net@v0.7.0/go.mod: checksum mismatch" err
'

test_expect_success 'a module with no go.sum line is an error at its require line, as with go build' '
	grep -v "golang.org/x/sys v0.3.0 " go.sum.go >app/go.sum &&
	test_must_fail in_app -B build3 build 2>err &&
	grep -q "^go.mod:9:2: error: missing go.sum entry for module golang.org/x/sys@v0.3.0 (content h1:" err
'

test_expect_success '--update writes the missing lines as go mod download prints them, in Go'"'"'s order' '
	grep -v "golang.org/x/sys\|miekg" go.sum.go >app/go.sum &&
	in_app -B build3 --update fetch 2>err &&
	test_cmp go.sum.go app/go.sum
'

test_expect_success '--update never rewrites a line that disagrees' '
	sed "1s/h1:./h1:A/" go.sum.go >app/go.sum &&
	cp app/go.sum before &&
	test_must_fail in_app -B build3 --update fetch 2>err &&
	grep -q "checksum mismatch" err &&
	test_cmp before app/go.sum &&
	cp go.sum.go app/go.sum
'

git_daemon_stop

test_expect_success 'with the server stopped, a fresh build directory builds from the cache and the lock' '
	in_app -B build4 --offline build >log 2>&1 || { tail -n 20 log; false; } &&
	test -x app/build4/out/minion/wt1520/debian-go/minion
'

test_expect_success 'a release (offline, the lock frozen) records the three modules built, not the rest' '
	(cd app && printf "build*/\ndist/\n" >.gitignore && tgit init -q && tgit add -A &&
		tgit commit -q -m app && tgit tag v1.0.0) &&
	(cd app && mipsbake --offline release) >log 2>&1 || { tail -n 20 log; false; } &&
	grep "importpath:" app/dist/provenance.yaml >actual &&
	grep -q "golang.org/x/sys" actual && grep -q "golang.org/x/net" actual &&
	grep -q "github.com/miekg/dns" actual &&
	! grep -q "x/term\|x/tools" actual
'

test_done

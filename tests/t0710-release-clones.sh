#!/bin/sh
# Two people clone the same commit of a project to different paths, each with an own git
# cache, and run mipsbake release: the example command and the git-dependency minion
# (miekg/dns, x/net and patched x/sys from a loopback git server), with gccgo and gc for all
# four GOARCH values. Their SHA256SUMS (and so every binary and the provenance) are identical.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! git_ok; then
	test_skip 'release from two clones' 'git, busybox or the Debian Go sources are missing'
	test_done
fi

git_fixtures sys net dns
git_daemon_start
URL="git://127.0.0.1:$GIT_PORT"
BOARDS="generic-mips, generic-mipsle, generic-mips64, generic-mips64le"

mkdir origin
cp -R "$SRC_DIR/manifests/examples/hello/." origin/
mkdir origin/cmd/minion
cp "$TESTS_DIR/fixtures/minion.go" origin/cmd/minion/main.go
cp "$TESTS_DIR/fixtures/git/x-sys-gccgo-mipsx.patch" origin/
cat >origin/project.yaml <<YAML
mipsbake: 1
module: example.com/hello
version: git
include: [toolchains/debian-gccgo.yaml, toolchains/debian-go.yaml, boards/generic.yaml]
dependencies:
  example.com/fmtbox: {path: third_party/fmtbox}
  github.com/miekg/dns: {git: '$URL/dns.git', rev: v1.1.50}
  golang.org/x/net: {git: '$URL/net.git', rev: v0.7.0}
  golang.org/x/sys:
    git: '$URL/sys.git'
    rev: v0.3.0
    patches: [x-sys-gccgo-mipsx.patch]
targets:
  hello:
    main: ./cmd/hello
    boards: [$BOARDS]
    stamp: {main.version: version, main.commit: commit, main.date: date}
  hello-gc:
    main: ./cmd/hello
    boards: [$BOARDS]
    toolchains: [debian-go]
    stamp: {main.version: version, main.commit: commit, main.date: date}
  minion:
    main: ./cmd/minion
    boards: [$BOARDS]
    strip: true
  minion-gc:
    main: ./cmd/minion
    boards: [$BOARDS]
    toolchains: [debian-go]
    strip: true
YAML
printf 'build/\ndist/\n' >origin/.gitignore

test_expect_success 'the project locks its dependencies and is committed and tagged' '
	(cd origin && MIPSBAKE_CACHE=$TRASH/cache-origin mipsbake fetch project.yaml) >fetch.log 2>&1 &&
	grep -q "golang.org/x/sys" origin/project.lock &&
	(cd origin && tgit init -q && tgit add -A && tgit commit -q -m project &&
	 tgit tag -a -m v0.9.0 v0.9.0)
'

A="$TRASH/a"
B="$TRASH/people/someone-else/src/github/a-much-longer-path"
test_expect_success 'two clones at different paths release with their own caches' '
	mkdir -p "$B" &&
	git clone -q origin "$A/proj" && git clone -q origin "$B/proj" &&
	(cd "$A/proj" && MIPSBAKE_CACHE=$TRASH/cache-a mipsbake -j2 release project.yaml) >a.log 2>&1 ||
		{ tail -n 30 a.log; false; }
	(cd "$B/proj" && MIPSBAKE_CACHE=$TRASH/cache-b mipsbake -j2 release project.yaml) >b.log 2>&1 ||
		{ tail -n 30 b.log; false; }
	grep "^release v0.9.0 " a.log b.log
'

test_expect_success 'SHA256SUMS lists 16 binaries and the provenance, identical in both clones' '
	test $(wc -l <"$A/proj/dist/SHA256SUMS") = 17 &&
	for n in minion_%s_gccgo minion-gc_%s_gc; do
		for a in mips mipsle mips64 mips64le; do
			f=$(printf "$n" "v0.9.0_linux_${a}_hardfloat")
			grep -q "^[0-9a-f]\{64\}  $f$" "$A/proj/dist/SHA256SUMS" || { echo "no $f"; exit 1; }
		done
	done &&
	test_cmp "$A/proj/dist/SHA256SUMS" "$B/proj/dist/SHA256SUMS" &&
	(cd "$B/proj/dist" && sha256sum -c --quiet SHA256SUMS)
'

test_expect_success 'the provenance pins every git dependency and its patch' '
	p="$A/proj/dist/provenance.yaml" &&
	for d in miekg/dns x/net x/sys; do
		grep -A4 "^- importpath: .*$d.$" $p | grep -q "^  commit: [0-9a-f]\{40\}$" ||
			{ echo "no commit for $d"; exit 1; }
		grep -A5 "^- importpath: .*$d.$" $p | grep -q "^  tree: [0-9a-f]\{40\}$" ||
			{ echo "no tree for $d"; exit 1; }
	done &&
	grep -A1 "path: x-sys-gccgo-mipsx.patch$" $p | grep -q "sha256: [0-9a-f]\{64\}$" &&
	! grep -n "$TRASH" $p
'

test_expect_success 'the released minions answer under qemu, gccgo and gc alike' '
	mkdir -p gopath/src/example.com/minion &&
	cp "$TESTS_DIR/fixtures/minion.go" gopath/src/example.com/minion/main.go &&
	(cd gopath/src/example.com/minion &&
	 GOPATH=$TRASH/gopath:/usr/share/gocode GO111MODULE=off GOFLAGS= go run .) >expect &&
	qemu-mipsel-static -cpu 74Kf "$A/proj/dist/minion_v0.9.0_linux_mipsle_hardfloat_gccgo" >out.gccgo &&
	qemu-mips64-static -cpu MIPS64R2-generic "$B/proj/dist/minion-gc_v0.9.0_linux_mips64_hardfloat_gc" >out.gc &&
	test_cmp expect out.gccgo &&
	test_cmp expect out.gc
'

test_done

#!/bin/sh
# Known-fix patches shipped with mipsbake: x/sys 0.3.0 does not compile with gccgo on mips and
# mipsle (Syscall9 declared twice). The failed build hints at the shipped patch, naming it as
# 'patches: [mipsbake:x-sys-gccgo-mipsx]' makes both binaries build and run under qemu, the lock
# records the name, a wrong name is an error at its place, and the headers are parsed.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! git_ok || ! have mips-linux-gnu-gccgo mipsel-linux-gnu-gccgo qemu-mips-static qemu-mipsel-static go; then
	test_skip 'known patches' 'needs git, busybox, the Debian Go sources, gccgo for mips and mipsle, qemu and go'
	test_done
fi

SHIPPED="$SRC_DIR/patches/golang.org/x/sys/x-sys-gccgo-mipsx.patch"
HINT="mipsbake: hint: golang.org/x/sys fails with a known gccgo bug on 32-bit MIPS (Syscall9 declared twice); add 'patches: [mipsbake:x-sys-gccgo-mipsx]' to its dependency"
export MIPSBAKE_CACHE="$TRASH/cache"
git_fixtures sys || exit 1

mkdir -p p
cat >p/main.go <<\EOF
package main

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

func main() {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		panic(err)
	}
	fmt.Println(unix.ByteSliceToString(u.Sysname[:]), unix.Getpid() == os.Getpid())
}
EOF

manifest() { # file boards [patches-line]
	{
		echo "mipsbake: 1"
		echo "module: example.com/p"
		echo "include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]"
		echo "dependencies:"
		echo "  golang.org/x/sys:"
		echo "    git: ../srv/sys.git"
		echo "    rev: v0.3.0"
		[ -z "${3:-}" ] || echo "    $3"
		echo "targets:"
		echo "  p: {main: ., boards: [$2]}"
	} >"p/$1"
}

test_expect_success 'the expected answer, from go run on the host' '
	mkdir -p gopath/src/example.com/p &&
	cp p/main.go gopath/src/example.com/p/ &&
	(cd gopath/src/example.com/p &&
	 GOPATH=$TRASH/gopath:/usr/share/gocode GO111MODULE=off GOFLAGS= go run .) >expect &&
	test "$(cat expect)" = "Linux true"
'

test_expect_success 'mipsbake patches lists the shipped patch as its header says' '
	hdr() { sed -n "/^\$/q; s/^$1: //p" "$SHIPPED"; } &&
	mipsbake patches >actual &&
	awk "NR == 2 { print \$1, \$2, \$3, \$4, \$5 }" actual >fields &&
	echo "mipsbake:x-sys-gccgo-mipsx $(hdr Module) $(hdr Versions) $(hdr Compiler) $(hdr Goarch | tr " " ,)" >expect.fields &&
	test_cmp expect.fields fields &&
	grep -F -q "$(hdr Fixes)" actual &&
	test $(wc -l <actual) = 2
'

test_expect_success 'the shipped patch is the one the tests apply, with a header before it' '
	sed "1,/^\$/d" "$SHIPPED" >body &&
	test_cmp "$TESTS_DIR/fixtures/git/x-sys-gccgo-mipsx.patch" body
'

manifest plain.yaml "generic-mips, generic-mipsle"
test_expect_success 'unpatched, gccgo fails on Syscall9 and the build names the shipped patch' '
	test_must_fail mipsbake -B p/build -j2 p/plain.yaml >out 2>err &&
	grep -q "^FAILED: " out &&
	grep -E -q "syscall_linux_mipsx\.go:[0-9]+:[0-9]+: error: redefinition of .*Syscall9" out &&
	grep -F -x "$HINT" err >hints &&
	test $(wc -l <hints) = 1
'

test_expect_success 'a second run goes straight to Ninja and hints again' '
	test_must_fail mipsbake -B p/build -j2 p/plain.yaml >out 2>err &&
	grep -F -x -q "$HINT" err
'

# a copy of mipsbake beside a data directory of its own, to try headers on
mkdir -p inst/bin inst/share/mipsbake/patches
cp "$MB" inst/bin/mipsbake
cp -R "$SRC_DIR/manifests" "$SRC_DIR/toolchains" inst/share/mipsbake/
bad_patch() { # name header-lines...: the only patch of the copy, for module example.com/m
	_f=inst/share/mipsbake/patches/example.com/m/$1.patch
	shift
	rm -rf inst/share/mipsbake/patches/*
	mkdir -p inst/share/mipsbake/patches/example.com/m
	printf "%s\n" "$@" "" >"$_f"
	sed 1,/^\$/d "$SHIPPED" >>"$_f"
}

if have script; then
	manifest tty.yaml "generic-mips, generic-mipsle"
	test_expect_success 'on a terminal, Ninja keeps its one-line status, and the hint still comes' '
		test_must_fail script -qec "\"$MB\" -B p/tty -j2 p/tty.yaml" /dev/null >tty.log &&
		grep -q "$(printf "\033\\[K")" tty.log &&
		grep -q "FAILED: " tty.log &&
		tr -d "\r" <tty.log | grep -F -x -q "$HINT"
	'
else
	test_skip 'on a terminal, the hint still comes' 'needs script (util-linux)'
fi

test_expect_success 'a failure the signature does not match gets no hint' '
	mkdir -p inst/share/mipsbake/patches/golang.org/x/sys &&
	printf "%s\n" "Fixes: nothing" "Module: golang.org/x/sys" "Versions: v0.3.0" "Compiler: gccgo" \
		"Goarch: mipsle" "Signature: error: no compiler says this" "" >inst/share/mipsbake/patches/golang.org/x/sys/other.patch &&
	sed 1,/^\$/d "$SHIPPED" >>inst/share/mipsbake/patches/golang.org/x/sys/other.patch &&
	test_must_fail inst/bin/mipsbake -B p/other -j2 p/plain.yaml >out 2>err &&
	grep -E -q "error: redefinition of .*Syscall9" out &&
	printf "other\tgolang.org/x/sys\tgit\n" >expect.note &&
	test_cmp expect.note p/other/.mipsbake-hints &&
	test_must_fail grep -q "hint:" err
'

test_expect_success 'a build with no shipped patch to offer leaves no note: Ninja runs as before' '
	sed "s/generic-mips, generic-mipsle/generic-mips64/" p/plain.yaml >p/m64.yaml &&
	mipsbake -B p/b64 -j2 p/m64.yaml >out 2>err &&
	test ! -e p/b64/.mipsbake-hints &&
	test -f p/build/.mipsbake-hints
'

manifest fixed.yaml "generic-mips, generic-mipsle" "patches: [mipsbake:x-sys-gccgo-mipsx]"
test_expect_success 'mipsbake:x-sys-gccgo-mipsx makes both build' '
	mipsbake -B p/fixed -j2 p/fixed.yaml >out 2>err || { cat out err; false; } &&
	test_must_fail grep -q "hint:" err &&
	test ! -e p/fixed/.mipsbake-hints &&
	test -f p/fixed/deps/golang.org/x/sys/unix/syscall_linux_gc_mipsx.go
'

test_expect_success 'the mips and mipsle binaries run under qemu and answer as go run does' '
	qemu-mips-static -cpu 74Kf p/fixed/out/p/generic-mips/debian-gccgo-mips/p >out.mips &&
	test_cmp expect out.mips &&
	qemu-mipsel-static -cpu 74Kf p/fixed/out/p/generic-mipsle/debian-gccgo-mipsle/p >out.mipsle &&
	test_cmp expect out.mipsle
'

test_expect_success 'the lock records the patch by name, with the SHA-256 of the shipped file' '
	grep -A2 "^    patches:" p/fixed.lock >actual &&
	printf "    patches:\n    - path: mipsbake:x-sys-gccgo-mipsx\n      sha256: %s\n" \
		"$(sha256sum "$SHIPPED" | cut -d" " -f1)" >expect.lock &&
	test_cmp expect.lock actual &&
	mipsbake -B p/frozen --offline --frozen -j2 p/fixed.yaml >out 2>err &&
	grep -A2 "^    patches:" p/fixed.lock >again &&
	test_cmp expect.lock again
'

test_expect_success 'the same manifest, now patched, builds in the build directory that failed' '
	cp p/fixed.yaml p/plain.yaml &&
	mipsbake -B p/build -j2 p/plain.yaml >out 2>err || { cat out err; false; } &&
	test ! -e p/build/.mipsbake-hints &&
	qemu-mipsel-static -cpu 74Kf p/build/out/p/generic-mipsle/debian-gccgo-mipsle/p >out.mipsle &&
	test_cmp expect out.mipsle
'

manifest bad.yaml generic-mipsle "patches: [mipsbake:x-sys-gccgo]"
test_expect_code 1 'an unknown name is an error at its place, listing the known ones' '
	mipsbake validate p/bad.yaml 2>err; rc=$?
	echo "p/bad.yaml:8:15: error: dependency '"'"'golang.org/x/sys'"'"': unknown patch '"'"'mipsbake:x-sys-gccgo'"'"'; known patches: '"'"'mipsbake:x-sys-gccgo-mipsx'"'"' (golang.org/x/sys)" >expect.err &&
	test_cmp expect.err err &&
	return $rc
'

test_expect_code 1 'another module'"'"'s patch is an error at its place' '
	sed "s|golang.org/x/sys:|example.com/other:|; s|mipsbake:x-sys-gccgo\]|mipsbake:x-sys-gccgo-mipsx]|" p/bad.yaml >p/other.yaml &&
	mipsbake validate p/other.yaml 2>err; rc=$?
	echo "p/other.yaml:8:15: error: dependency '"'"'example.com/other'"'"': patch '"'"'mipsbake:x-sys-gccgo-mipsx'"'"' is for module '"'"'golang.org/x/sys'"'"', not '"'"'example.com/other'"'"'" >expect.err &&
	test_cmp expect.err err &&
	return $rc
'

test_expect_success 'a version the patch does not apply to fails clearly, after a warning' '
	tgit clone -q srv/sys.git work/sys &&
	sed -i "/^func Syscall9/d" work/sys/unix/syscall_linux_mipsx.go &&
	(cd work/sys && tgit commit -q -am "drop Syscall9" && tgit tag -a -m v0.3.1 v0.3.1 &&
	 tgit push -q ../../srv/sys.git HEAD:refs/heads/main refs/tags/v0.3.1) &&
	sed "s/rev: v0.3.0/rev: v0.3.1/" p/fixed.yaml >p/v031.yaml &&
	test_must_fail mipsbake -B p/b031 fetch p/v031.yaml 2>err &&
	grep -x "p/v031.yaml:8:15: warning: dependency '"'"'golang.org/x/sys'"'"': patch '"'"'mipsbake:x-sys-gccgo-mipsx'"'"' is made for golang.org/x/sys v0.3.0, not '"'"'v0.3.1'"'"'" err &&
	grep "^p/v031.yaml:8:15: error: dependency '"'"'golang.org/x/sys'"'"': patch '"'"'mipsbake:x-sys-gccgo-mipsx'"'"' does not apply: hunk .* of '"'"'unix/syscall_linux_mipsx.go'"'"' failed" err
'

test_expect_success 'a module go.mod requires: the hint says how to add the patch, which then builds' '
	mkdir -p gm srv/golang.org/x &&
	tgit clone -q --bare srv/sys.git srv/golang.org/x/sys &&
	cp p/main.go gm/ &&
	printf "module example.com/p\n\ngo 1.18\n\nrequire golang.org/x/sys v0.3.0\n" >gm/go.mod &&
	printf "%s\n" "mipsbake: 1" "include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]" \
		"mirrors:" "  golang.org/x/: $TRASH/srv/golang.org/x/" \
		"targets:" "  p: {main: ., boards: [generic-mipsle]}" >gm/mipsbake.yaml &&
	(cd gm && mipsbake --update fetch) &&
	(cd gm && test_must_fail mipsbake -j2) >out 2>err &&
	grep -F -x "mipsbake: hint: golang.org/x/sys fails with a known gccgo bug on 32-bit MIPS (Syscall9 declared twice); add '"'"'golang.org/x/sys: {patches: [mipsbake:x-sys-gccgo-mipsx]}'"'"' under '"'"'dependencies:'"'"'" err &&
	printf "dependencies:\n  golang.org/x/sys: {patches: [mipsbake:x-sys-gccgo-mipsx]}\n" >>gm/mipsbake.yaml &&
	(cd gm && mipsbake -j2) >out 2>err || { cat out err; false; } &&
	qemu-mipsel-static -cpu 74Kf gm/build/out/p/generic-mipsle/debian-gccgo-mipsle/p >out.gm &&
	test_cmp expect out.gm
'

test_expect_success 'a directory dependency gets a hint that names the file' '
	mkdir -p d &&
	cp p/main.go d/ &&
	sed "s|    git: ../srv/sys.git|    path: /usr/share/gocode/src/golang.org/x/sys|; /rev:/d; s/generic-mips, //" \
		p/plain.yaml | sed "/patches:/d" >d/m.yaml &&
	test_must_fail mipsbake -B d/build -j2 d/m.yaml >out 2>err &&
	grep -F -x "mipsbake: hint: golang.org/x/sys fails with a known gccgo bug on 32-bit MIPS (Syscall9 declared twice); '"'"'$SHIPPED'"'"' cures it, but patches apply to git dependencies only, and '"'"'golang.org/x/sys'"'"' is a directory" err
'

test_expect_success 'a header without a Signature is refused, naming the file' '
	bad_patch nosig "Fixes: x" "Module: example.com/m" "Versions: v1.0.0" &&
	test_must_fail inst/bin/mipsbake patches 2>err &&
	echo "$TRASH/inst/share/mipsbake/patches/example.com/m/nosig.patch:1:1: error: a known patch needs the headers '"'"'Fixes'"'"', '"'"'Module'"'"', '"'"'Versions'"'"' and '"'"'Signature'"'"' before an empty line" >expect.err &&
	test_cmp expect.err err
'

test_expect_success 'an unknown header key is refused at its line' '
	bad_patch typo "Fixes: x" "Module: example.com/m" "Version: v1.0.0" "Signature: x" &&
	test_must_fail inst/bin/mipsbake patches 2>err &&
	grep -q "/typo.patch:3:1: error: unknown header '"'"'Version'"'"' in a known patch" err
'

test_expect_success 'a patch filed under another module, and a bad signature, are refused' '
	bad_patch elsewhere "Fixes: x" "Module: example.com/n" "Versions: v1" "Signature: x" &&
	test_must_fail inst/bin/mipsbake patches 2>err &&
	grep -q "elsewhere.patch:1:1: error: the patch is for module '"'"'example.com/n'"'"' but lies in the directory of '"'"'example.com/m'"'"'" err &&
	bad_patch re "Fixes: x" "Module: example.com/m" "Versions: v1" "Signature: (x" &&
	test_must_fail inst/bin/mipsbake patches 2>err &&
	grep -q "re.patch:1:1: error: bad regular expression for '"'"'Signature'"'"': missing closing parenthesis" err
'

test_expect_success 'continuation lines join, and the listing shows them' '
	bad_patch ok "Fixes: a bug" "  of two lines" "Module: example.com/m" "Versions: v1 v2" "Signature: x" &&
	inst/bin/mipsbake patches >actual &&
	printf "%s\n" "NAME         MODULE         VERSIONS  COMPILER  GOARCH  FIXES" \
		"mipsbake:ok  example.com/m  v1,v2     any       any     a bug of two lines" >expect.list &&
	test_cmp expect.list actual
'

test_expect_success 'make install puts the patch where the installed binary finds it' '
	make -s -C "$SRC_DIR" install DESTDIR="$TRASH/stage" PREFIX=/opt/mb >/dev/null &&
	test_cmp "$SHIPPED" stage/opt/mb/share/mipsbake/patches/golang.org/x/sys/x-sys-gccgo-mipsx.patch &&
	stage/opt/mb/bin/mipsbake validate p/fixed.yaml
'

test_done

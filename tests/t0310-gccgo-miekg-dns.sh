#!/bin/sh
# A program importing github.com/miekg/dns, with golang.org/x/net and x/sys as 'path:'
# dependencies from Debian's Go sources, builds with gccgo for mips64 and mips64le and
# runs under qemu; on mips and mipsle x/sys 0.3.0 does not compile with gccgo, and the
# compiler's diagnostics and a failing exit status come through.
. "$(dirname "$0")/lib.sh"

GOCODE=/usr/share/gocode/src

mkdir minion
cp "$TESTS_DIR/fixtures/minion.go" minion/main.go

write_manifest() { # boards...
	cat <<YAML
mipsbake: 1
module: example.com/minion
include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]
dependencies:
  github.com/miekg/dns: {path: $GOCODE/github.com/miekg/dns}
  golang.org/x/net: {path: $GOCODE/golang.org/x/net}
  golang.org/x/sys: {path: $GOCODE/golang.org/x/sys}
targets:
  minion:
    main: .
    boards: [$*]
YAML
}
write_manifest generic-mips64, generic-mips64le >minion/minion.yaml
write_manifest generic-mipsle >minion/mipsle.yaml

test_expect_success 'the expected answer, from the host Go toolchain' '
	mkdir -p gopath/src/example.com &&
	cp -R minion gopath/src/example.com/minion &&
	(cd gopath/src/example.com/minion &&
	 GOPATH=$TRASH/gopath:/usr/share/gocode GO111MODULE=off GOFLAGS= go run .) >expect &&
	grep -q "^packed 29 bytes: id=4242 " expect
'

test_expect_success 'minion builds with gccgo for mips64 and mips64le' '
	mipsbake -j2 minion/minion.yaml >build.log 2>&1 || { tail -n 30 build.log; false; }
'

for arch in mips64 mips64le; do
	qemu=qemu-mips64-static
	[ $arch = mips64le ] && qemu=qemu-mips64el-static
	test_expect_success "the $arch minion runs under qemu and answers" "
		$qemu -cpu MIPS64R2-generic build/out/minion/generic-$arch/debian-gccgo-$arch/minion >out.$arch &&
		test_cmp expect out.$arch
	"
done

test_expect_code 1 'on mipsle, x/sys 0.3.0 fails under gccgo and the diagnostic comes through' '
	mipsbake -B mipsle -j2 minion/mipsle.yaml >fail.log 2>&1
	rc=$?
	grep "Syscall9" fail.log | head -n 3
	grep -q "Syscall9" fail.log || exit 99
	exit $rc
'

test_done

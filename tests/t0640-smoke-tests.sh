#!/bin/sh
# test-serial: its programs run under qemu within timeouts of a second or two
# Smoke tests: each 'test:' entry checks the exit status, stdout ('expect') and stderr
# ('stderr') against PCRE2 patterns within a timeout; arguments reach the program as they
# are written; dynamic binaries run with qemu -L <sysroot>; a result table and a non-zero exit
# on any failure. 'mipsbake run' passes the exit status on and picks a toolchain when asked.
. "$(dirname "$0")/lib.sh"

cp -R "$SRC_DIR/manifests/examples/hello" proj
mkdir -p proj/cmd/probe
cat >proj/cmd/probe/main.go <<'GO'
// Command probe behaves as its arguments say, for the smoke tests.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func main() {
	switch os.Args[1] {
	case "exit":
		n, _ := strconv.Atoi(os.Args[2])
		fmt.Println("leaving with", n)
		os.Exit(n)
	case "warn":
		fmt.Fprintln(os.Stderr, "warning: disk almost full")
		fmt.Println("done")
	case "sleep":
		fmt.Println("sleeping")
		time.Sleep(time.Hour)
	case "echo":
		fmt.Printf("%q\n", os.Args[2:])
	}
}
GO
cat >proj/smoke.yaml <<'EOF'
mipsbake: 1
module: example.com/hello
include: [toolchains/debian-go.yaml, toolchains/debian-gccgo.yaml, boards/generic.yaml]
toolchains:
  go2: {compiler: gc}
boards:
  b: {goarch: mipsle, gomips: softfloat, core: MIPS 24KEc, cpu: 24KEc, fpu: false,
      toolchain: debian-go}
dependencies:
  example.com/fmtbox: {path: third_party/fmtbox}
targets:
  probe:
    main: ./cmd/probe
    boards: [b]
    test:
      - args: [exit, "3"]
        exit: 3
        expect: '^leaving with 3\n$'
      - args: [warn]
        expect: '^done$'
        stderr: '^warning: disk almost full$'
      - args: [exit, "0"]
        exit: 2
      - args: [warn]
        stderr: '^error'
      - args: [sleep]
        timeout: 1
      - args: [echo, 'a b', '$HOME;touch pwned', '`x`', '']
        expect: '^\["a b" "\$HOME;touch pwned" "`x`" ""\]$'
  quiet:
    main: ./cmd/hello
    boards: [b]
  dyn:
    main: ./cmd/hello
    boards: [generic-mipsle]
    link: dynamic
    test:
      - args: [dyn]
        expect: '^hello, dyn from mipsle \(gccgo\)\n'
  twice:
    main: ./cmd/probe
    boards: [b]
    toolchains: [debian-go, go2]
EOF

test_expect_success 'mipsbake test runs every entry and exits 1 when one fails' '
	test_must_fail mipsbake -j2 test proj/smoke.yaml >test.log 2>&1 &&
	grep -q "^mipsbake: test: 4 passed, 3 failed$" test.log
'

test_expect_success 'the result table has a row per test, and one for a target without tests' '
	sed -n "/^TARGET /,/^mipsbake: test:/p" test.log | sed "\$d" |
		awk "{ print \$1, \$2, \$3, \$4, \$5, \$6, \$7 }" >actual &&
	cat >expect <<-\EOF &&
	TARGET BOARD TOOLCHAIN QEMU CPU TEST RESULT
	probe b debian-go qemu-mipsel-static 24KEc 1 pass
	probe b debian-go qemu-mipsel-static 24KEc 2 pass
	probe b debian-go qemu-mipsel-static 24KEc 3 FAIL
	probe b debian-go qemu-mipsel-static 24KEc 4 FAIL
	probe b debian-go qemu-mipsel-static 24KEc 5 FAIL
	probe b debian-go qemu-mipsel-static 24KEc 6 pass
	quiet b debian-go qemu-mipsel-static 24KEc 0 no
	dyn generic-mipsle debian-gccgo-mipsle qemu-mipsel-static 74Kf 1 pass
	twice b debian-go qemu-mipsel-static 24KEc 0 no
	twice b go2 qemu-mipsel-static 24KEc 0 no
	EOF
	test_cmp expect actual
'

test_expect_success 'each failure says what was wrong, where the test is, and how it ran' '
	grep "^mipsbake: error: " test.log >actual &&
	cat >expect <<-\EOF &&
	mipsbake: error: probe/b/debian-go: test 3 failed: exit status 0, expected 2
	mipsbake: error: probe/b/debian-go: test 4 failed: stderr does not match '"'"'^error'"'"'
	mipsbake: error: probe/b/debian-go: test 5 failed: timed out after 1 second
	EOF
	test_cmp expect actual &&
	grep -q "^proj/smoke.yaml:22:9: note: test 3 of target '"'"'probe'"'"' is here$" test.log &&
	grep -q "^  command: qemu-mipsel-static -cpu 24KEc .*/build/out/probe/b/debian-go/probe exit 0$" test.log &&
	grep -q "^  | leaving with 0$" test.log &&
	grep -q "^  | warning: disk almost full$" test.log
'

test_expect_success 'the timeout killed the program on time' '
	sec=$(grep -E "^probe +b +debian-go .* 5 +FAIL " test.log | awk "{ print \$NF }" | tr -d s) &&
	awk "BEGIN { exit !($sec >= 1 && $sec < 5) }" &&
	! pgrep -f "build/out/probe/b/debian-go/probe sleep"
'

test_expect_success 'arguments reach the program exactly, and no shell ran them' '
	! find . -name pwned | grep .
'

test_expect_success 'a dynamic gccgo binary ran with -L and the toolchain sysroot' '
	grep -q "^  sysroot: /usr/mipsel-linux-gnu$" build/artifacts.yaml &&
	mipsbake run generic-mipsle dyn proj/smoke.yaml -- there >out 2>&1 &&
	grep -q "^hello, there from mipsle (gccgo)$" out
'

test_expect_success 'mipsbake run passes the exit status on' '
	set +e; mipsbake run b/go2 twice proj/smoke.yaml -- exit 7 >out 2>err; rc=$?; set -e &&
	test $rc = 7 &&
	grep -q "^leaving with 7$" out
'

test_expect_success 'stdout of run and test is theirs alone: the build'"'"'s chatter goes to stderr' '
	touch proj/cmd/hello/main.go &&
	mipsbake run b/go2 twice proj/smoke.yaml -- exit 0 >out 2>err &&
	echo "leaving with 0" >out.expect &&
	test_cmp out.expect out &&
	grep -q "^ninja: " err &&
	touch proj/cmd/hello/main.go &&
	mipsbake test proj/smoke.yaml >tout 2>terr || true
	! grep -q "^ninja: \|^\[[0-9]*/[0-9]*\] \|^mipsbake: sizes" tout &&
	grep -q "^TARGET " tout &&
	grep -q "^ninja: " terr
'

test_expect_success 'mipsbake run asks which toolchain when there are several' '
	test_must_fail mipsbake run b twice proj/smoke.yaml -- exit 0 >out 2>err &&
	grep -q "^mipsbake: error: target '"'"'twice'"'"' is built for board '"'"'b'"'"' with several toolchains ('"'"'debian-go'"'"' and '"'"'go2'"'"'); name one as '"'"'b/debian-go'"'"'$" err
'

test_expect_success 'mipsbake run names the boards and targets there are' '
	test_must_fail mipsbake run nosuch probe proj/smoke.yaml 2>err &&
	grep -q "^mipsbake: error: target '"'"'probe'"'"' is not built for '"'"'nosuch'"'"'; it is built for '"'"'b'"'"'$" err &&
	test_must_fail mipsbake run b nosuch proj/smoke.yaml 2>err &&
	grep -q "^mipsbake: error: unknown target '"'"'nosuch'"'"'; the targets are '"'"'probe'"'"', '"'"'quiet'"'"', '"'"'dyn'"'"' and '"'"'twice'"'"'$" err
'

test_expect_success 'without qemu-user, the Debian package is named' '
	mkdir -p nobin &&
	if [ "${MIPSBAKE_VALGRIND:-}" = 1 ]; then
		v=$(command -v valgrind) && ln -sf "$v" nobin/ &&
		if [ -e "$v.bin" ]; then ln -sf "$v.bin" nobin/; fi
	fi &&
	set +e; PATH="$TRASH/nobin" mipsbake run b probe proj/smoke.yaml -- warn >out 2>err; rc=$?; set -e &&
	test $rc = 127 &&
	grep -q "^mipsbake: error: '"'"'qemu-mipsel-static'"'"' not found in PATH; on Debian: apt-get install qemu-user-static$" err
'

test_done

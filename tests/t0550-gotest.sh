#!/bin/sh
# test-serial: miekg/dns's tests race their own timeouts under qemu, and both sides must agree
# Package tests on the board's CPU (issue 15): 'mipsbake test' builds each package's test
# binary as go test does (the package with its _test.go files, the external _test package,
# a generated test main with tests, examples and TestMain) with both compilers, and runs it
# under qemu with each board's CPU in the package's directory (testdata/ works).
#
# A module of this test's own: package enc has an internal test that fails only on
# big-endian boards (it reads a uint32 through unsafe), one that reads testdata/, a TestMain,
# and an external test with an Example; package fp has a float test, which a hard-float
# gccgo binary cannot run on an FPU-less core (SIGILL, explained). One command runs them on
# four generic boards with gc and gccgo, and an FPU-less one, with a dependency's
# (golang.org/x/sync/errgroup) on the same boards, beside miekg/dns's own tests (short, on
# mips and mipsle with gc). Go is the oracle: go test -exec qemu gives each
# test the same result. The table, the JSON events (read by gotestsum) and the JUnit file
# are compared with golden files, times masked. Results are cached as go test caches them.
. "$(dirname "$0")/lib.sh"

GOCODE=/usr/share/gocode/src
mkdir -p gt/enc/testdata gt/fp
printf 'module example.com/gt\n\ngo 1.18\n' >gt/go.mod
cat >gt/enc/enc.go <<'GO'
// Package enc reads numbers.
package enc

import "unsafe"

// Native reads a uint32 in the machine's own byte order.
func Native(b []byte) uint32 { return *(*uint32)(unsafe.Pointer(&b[0])) }

// Add adds.
func Add(a, b int) int { return a + b }
GO
cat >gt/enc/enc_test.go <<'GO'
package enc

import (
	"os"
	"testing"
)

var mainRan bool

func TestMain(m *testing.M) {
	mainRan = true
	os.Exit(m.Run())
}

func TestAdd(t *testing.T) {
	if Add(2, 3) != 5 {
		t.Fatal("2+3 is not 5")
	}
}

func TestLittleEndian(t *testing.T) {
	if got := Native([]byte{1, 0, 0, 0}); got != 1 {
		t.Fatalf("Native = %#x, want 0x1 (a little-endian read)", got)
	}
}

func TestTestdata(t *testing.T) {
	b, err := os.ReadFile("testdata/greeting.txt")
	if err != nil || string(b) != "hello\n" {
		t.Fatalf("testdata/greeting.txt: %q, %v", b, err)
	}
}

func TestMainRan(t *testing.T) {
	if !mainRan {
		t.Fatal("TestMain did not run")
	}
}

func TestSkipped(t *testing.T) {
	if testing.Short() {
		t.Skip("not in short mode")
	}
}
GO
printf 'hello\n' >gt/enc/testdata/greeting.txt
cat >gt/enc/example_test.go <<'GO'
package enc_test

import (
	"fmt"
	"testing"

	"example.com/gt/enc"
	"example.com/gt/enc/wrap"
)

func ExampleAdd() {
	fmt.Println(enc.Add(40, 2))
	// Output: 42
}

// wrap imports enc: it is compiled again against enc with its tests (Secret is theirs)
func TestWrap(t *testing.T) {
	if got := wrap.Twice(enc.Secret); got != 14 {
		t.Fatalf("Twice(Secret) = %d", got)
	}
}
GO
printf 'package enc\n\n// Secret is for the external tests.\nvar Secret = 7\n' >gt/enc/export_test.go
mkdir -p gt/enc/wrap
printf 'package wrap\n\nimport "example.com/gt/enc"\n\n// Twice adds a to itself.\nfunc Twice(a int) int { return enc.Add(a, a) }\n' >gt/enc/wrap/wrap.go
cat >gt/fp/fp.go <<'GO'
// Package fp computes with floats.
package fp

import "math"

// Hyp is the hypotenuse.
func Hyp(a, b float64) float64 { return math.Sqrt(a*a + b*b) }
GO
cat >gt/fp/fp_test.go <<'GO'
package fp

import (
	"os"
	"testing"
)

func TestHyp(t *testing.T) {
	a := float64(len(os.Args) + 2) // not a constant: the FPU computes it
	if h := Hyp(a, 4); h < 4 {
		t.Fatalf("Hyp = %v", h)
	}
}
GO
cat >gt/gt.yaml <<YAML
mipsbake: 1
module: example.com/gt
include: [boards/generic.yaml, toolchains/debian-go.yaml]
dependencies:
  github.com/miekg/dns: {path: $GOCODE/github.com/miekg/dns}
  golang.org/x/net: {path: $GOCODE/golang.org/x/net}
  golang.org/x/sys: {path: $GOCODE/golang.org/x/sys}
  golang.org/x/sync: {path: $GOCODE/golang.org/x/sync}
boards:
  nofpu: {goarch: mipsle, gomips: softfloat, core: MIPS 24KEc, cpu: 24KEc, fpu: false}
targets:
  dnscheck:
    main: ./cmd/dnscheck
    boards: [generic-mips, generic-mipsle]
    toolchains: [debian-go]
    tests:
      packages: [github.com/miekg/dns]
      short: true
      # under qemu a TLS handshake can take longer than the test's one-second deadline
      skip: '^TestInProgressQueriesAtShutdownTLS\$'
tests:
  packages: [./..., golang.org/x/sync/errgroup]
  boards: [generic-mips, generic-mipsle, generic-mips64, generic-mips64le, nofpu]
  toolchains: [debian-go, debian-gccgo-mips, debian-gccgo-mipsle, debian-gccgo-mips64, debian-gccgo-mips64le]
  short: true
YAML
mkdir -p gt/cmd/dnscheck
printf 'package main\n\nimport _ "github.com/miekg/dns"\n\nfunc main() {}\n' >gt/cmd/dnscheck/main.go

test_expect_success 'one command: the module'"'"'s tests on five boards, both compilers, and miekg/dns'"'"'s' '
	(cd gt && test_must_fail mipsbake -j2 test gt.yaml) >run.out 2>run.err || { cat run.err; false; }
	grep -q "^mipsbake: test: packages: " run.out
'

# the report without the times: the table's TIME column (as wide as "0.00s": a run of 10 s
# or more on a busy machine widens it), go test's "(0.00s)"
mask() {
	sed -E 's/[0-9]+\.[0-9]+s +/X.XXs  /; s/[0-9]+\.[0-9]+s$/X.XXs/; s/TIME +RESULT/TIME   RESULT/; s/\([0-9]+\.[0-9]+s\)/(X.XXs)/g' "$@"
}
# the events without their times
mask_json() {
	sed -E 's/"Time":"[^"]*"/"Time":"T"/; s/"Elapsed":[0-9.e-]+/"Elapsed":E/; s/\([0-9]+\.[0-9]+s\)/(X.XXs)/g' "$@"
}
# qemu's name for a GOARCH
qarch() {
	case $1 in mipsle) echo mipsel ;; mips64le) echo mips64el ;; *) echo "$1" ;; esac
}
# "Test action" of each top-level test's result in go test -json events, sorted
results() {
	grep -E '"Action":"(pass|fail|skip)"' "$1" | grep '"Test":"[^"/]*"' |
		sed -E 's/.*"Action":"([a-z]+)".*"Test":"([^"]+)".*/\2 \1/' | sort
}

test_expect_success 'the table: package x board x toolchain, with counts, in that order' '
	sed -n "/^PACKAGE /,/^golang.org\/x\/sync\/errgroup  nofpu  *debian-go /p" run.out | mask >table &&
	cat >table.expect <<-EOF &&
	PACKAGE                     BOARD             TOOLCHAIN              ARCH            PASS  FAIL  SKIP  TIME   RESULT
	example.com/gt/enc          generic-mips      debian-gccgo-mips      mips/gccgo      5     1     1     X.XXs  FAIL
	example.com/gt/enc          generic-mips      debian-go              mips/gc         5     1     1     X.XXs  FAIL
	example.com/gt/enc          generic-mips64    debian-gccgo-mips64    mips64/gccgo    5     1     1     X.XXs  FAIL
	example.com/gt/enc          generic-mips64    debian-go              mips64/gc       5     1     1     X.XXs  FAIL
	example.com/gt/enc          generic-mips64le  debian-gccgo-mips64le  mips64le/gccgo  6     0     1     X.XXs  ok
	example.com/gt/enc          generic-mips64le  debian-go              mips64le/gc     6     0     1     X.XXs  ok
	example.com/gt/enc          generic-mipsle    debian-gccgo-mipsle    mipsle/gccgo    6     0     1     X.XXs  ok
	example.com/gt/enc          generic-mipsle    debian-go              mipsle/gc       6     0     1     X.XXs  ok
	example.com/gt/enc          nofpu             debian-gccgo-mipsle    mipsle/gccgo    0     0     0     X.XXs  FAIL
	example.com/gt/enc          nofpu             debian-go              mipsle/gc       6     0     1     X.XXs  ok
	example.com/gt/fp           generic-mips      debian-gccgo-mips      mips/gccgo      1     0     0     X.XXs  ok
	example.com/gt/fp           generic-mips      debian-go              mips/gc         1     0     0     X.XXs  ok
	example.com/gt/fp           generic-mips64    debian-gccgo-mips64    mips64/gccgo    1     0     0     X.XXs  ok
	example.com/gt/fp           generic-mips64    debian-go              mips64/gc       1     0     0     X.XXs  ok
	example.com/gt/fp           generic-mips64le  debian-gccgo-mips64le  mips64le/gccgo  1     0     0     X.XXs  ok
	example.com/gt/fp           generic-mips64le  debian-go              mips64le/gc     1     0     0     X.XXs  ok
	example.com/gt/fp           generic-mipsle    debian-gccgo-mipsle    mipsle/gccgo    1     0     0     X.XXs  ok
	example.com/gt/fp           generic-mipsle    debian-go              mipsle/gc       1     0     0     X.XXs  ok
	example.com/gt/fp           nofpu             debian-gccgo-mipsle    mipsle/gccgo    0     0     0     X.XXs  FAIL
	example.com/gt/fp           nofpu             debian-go              mipsle/gc       1     0     0     X.XXs  ok
	github.com/miekg/dns        generic-mips      debian-go              mips/gc         274   0     6     X.XXs  ok
	github.com/miekg/dns        generic-mipsle    debian-go              mipsle/gc       274   0     6     X.XXs  ok
	golang.org/x/sync/errgroup  generic-mips      debian-gccgo-mips      mips/gccgo      5     0     0     X.XXs  ok
	golang.org/x/sync/errgroup  generic-mips      debian-go              mips/gc         5     0     0     X.XXs  ok
	golang.org/x/sync/errgroup  generic-mips64    debian-gccgo-mips64    mips64/gccgo    5     0     0     X.XXs  ok
	golang.org/x/sync/errgroup  generic-mips64    debian-go              mips64/gc       5     0     0     X.XXs  ok
	golang.org/x/sync/errgroup  generic-mips64le  debian-gccgo-mips64le  mips64le/gccgo  5     0     0     X.XXs  ok
	golang.org/x/sync/errgroup  generic-mips64le  debian-go              mips64le/gc     5     0     0     X.XXs  ok
	golang.org/x/sync/errgroup  generic-mipsle    debian-gccgo-mipsle    mipsle/gccgo    5     0     0     X.XXs  ok
	golang.org/x/sync/errgroup  generic-mipsle    debian-go              mipsle/gc       5     0     0     X.XXs  ok
	golang.org/x/sync/errgroup  nofpu             debian-gccgo-mipsle    mipsle/gccgo    0     0     0     X.XXs  FAIL
	golang.org/x/sync/errgroup  nofpu             debian-go              mipsle/gc       5     0     0     X.XXs  ok
	EOF
	test_cmp table.expect table
'

test_expect_success 'a package the external test imports that imports enc is compiled again against it' '
	grep -q "^build exp/$(cfgdir gt/build debian-go-mips-hardfloat)/_test/example.com/gt/enc/example.com/gt/enc/wrap.a " \
		gt/build/cfg/$(cfgdir gt/build debian-go-mips-hardfloat).ninja &&
	ninja -C gt/build -t commands exp/$(cfgdir gt/build debian-go-mips-hardfloat)/_test/example.com/gt/enc/example.com/gt/enc/wrap.a |
		tail -n 1 >cmd &&
	grep -q "'\''packagefile example.com/gt/enc=exp/$(cfgdir gt/build debian-go-mips-hardfloat)/_test/example.com/gt/enc/example.com/gt/enc.a'\''" cmd &&
	grep -q "^build exp/$(cfgdir gt/build debian-gccgo-mips-mips-hardfloat)/_test/example.com/gt/enc/example.com/gt/enc/wrap.gox" \
		gt/build/cfg/$(cfgdir gt/build debian-gccgo-mips-mips-hardfloat).ninja
'

test_expect_success 'the big-endian-only failure: where it fails and where it passes, and its output' '
	echo "TestLittleEndian in example.com/gt/enc fails on mips/gccgo (generic-mips), mips/gc (generic-mips), mips64/gccgo (generic-mips64), mips64/gc (generic-mips64); passes on mips64le/gccgo (generic-mips64le), mips64le/gc (generic-mips64le), mipsle/gccgo (generic-mipsle), mipsle/gc (generic-mipsle), mipsle/gc (nofpu)" >split.expect &&
	grep "^TestLittleEndian in " run.out >split &&
	test_cmp split.expect split &&
	grep -A3 "^--- FAIL: example.com/gt/enc on generic-mips64/debian-go (gc, mips64/hardfloat)$" run.out >fail &&
	grep -q "enc_test.go:23: Native = 0x1000000, want 0x1 (a little-endian read)" fail &&
	! grep -q "TestAdd" fail &&
	grep -q "^mipsbake: test: packages: 25 ok, 7 failed$" run.out
'

test_expect_success 'hard-float gccgo on the FPU-less board dies of SIGILL, and the note says why' '
	test "$(grep -c "^mipsbake: note: SIGILL: board '"'"'nofpu'"'"' (MIPS 24KEc) has no FPU, and this binary uses hard-float (FPU) instructions (toolchain '"'"'debian-gccgo-mipsle'"'"', gccgo)" run.err)" = 3
'

test_expect_success 'Go agrees: go test -exec qemu gives every test the same result (enc, mips and mipsle)' '
	mkdir -p gopath/src/example.com &&
	cp -R gt gopath/src/example.com/gt && rm -rf gopath/src/example.com/gt/build &&
	for a in mips mipsle; do
		(cd gopath/src/example.com/gt &&
		 GOPATH=$TRASH/gopath:/usr/share/gocode GO111MODULE=off GOFLAGS= GOCACHE=$TRASH/.gocache \
		 GOARCH=$a GOMIPS=hardfloat go test -short -json -exec "qemu-$(qarch $a)-static -cpu 74Kf" ./enc >../../../../go-$a.json) || true
		results go-$a.json >go-$a.res &&
		(cd gt && mipsbake test --json gt.yaml example.com/gt/enc) 2>/dev/null |
			grep "\"Package\":\"example.com/gt/enc@generic-$a/debian-go\"" >mb-$a.json || true
		results mb-$a.json >mb-$a.res &&
		test -s go-$a.res && test_cmp go-$a.res mb-$a.res || exit 1
	done &&
	grep -q "^TestLittleEndian fail$" go-mips.res &&
	grep -q "^TestLittleEndian pass$" go-mipsle.res &&
	grep -q "^ExampleAdd pass$" go-mips.res
'

test_expect_success 'Go agrees on miekg/dns too (short, mips and mipsle, gc)' '
	for a in mips mipsle; do
		(cd gopath/src/example.com/gt &&
		 GOPATH=$TRASH/gopath:/usr/share/gocode GO111MODULE=off GOFLAGS= GOCACHE=$TRASH/.gocache \
		 GOARCH=$a GOMIPS=hardfloat go test -short -json -exec "qemu-$(qarch $a)-static -cpu 74Kf" github.com/miekg/dns \
		 >../../../../godns-$a.json) || true
		# the shutdown tests race their own timeouts, which a busy machine under qemu loses
		# either way (go test alone failed PacketConn once): left out on both sides
		results godns-$a.json | grep -v "^TestInProgressQueriesAtShutdown" >godns-$a.res &&
		(cd gt && mipsbake test --json gt.yaml github.com/miekg/dns) 2>/dev/null |
			grep "\"Package\":\"github.com/miekg/dns@generic-$a/debian-go\"" >mbdns-$a.json || true
		results mbdns-$a.json | grep -v "^TestInProgressQueriesAtShutdown" >mbdns-$a.res &&
		test "$(wc -l <godns-$a.res)" -gt 250 && test_cmp godns-$a.res mbdns-$a.res || exit 1
	done
'

test_expect_success 'the JSON events are go test -json'"'"'s: golden, and gotestsum reads them' '
	(cd gt && mipsbake test --json gt.yaml example.com/gt/enc) >enc.json 2>enc.err || true
	mask_json enc.json >enc.masked &&
	test "$(grep -c "\"Package\":\"example.com/gt/enc@" enc.json)" = "$(grep -c . enc.json)" &&
	test "$(grep -c "\"Action\":\"pass\",\"Package\":\"example.com/gt/enc@generic-mipsle/debian-go\",\"Test\":\"ExampleAdd\"" enc.json)" = 1 &&
	grep "@generic-mips/debian-go\"" enc.masked >enc-mips.masked &&
	test_cmp "$TESTS_DIR/data/t0550-enc-mips.json" enc-mips.masked &&
	if have gotestsum; then
		gotestsum --format standard-quiet --raw-command -- cat enc.json >sum.out 2>&1 &&
		grep -q "^DONE 63 tests, 9 skipped, 5 failures" sum.out &&
		grep -q "^=== FAIL: example.com/gt/enc@generic-mips64/debian-go TestLittleEndian" sum.out
	fi
'

test_expect_success 'JUnit XML for CI: golden, times masked' '
	(cd gt && test_must_fail mipsbake test --junit ../enc.xml gt.yaml example.com/gt/enc) >junit.out 2>&1 &&
	sed -E "s/time=\"[0-9.]+\"/time=\"T\"/g; s/\([0-9]+\.[0-9]+s\)/(X.XXs)/g" enc.xml >enc.xml.masked &&
	test_cmp "$TESTS_DIR/data/t0550-enc.xml" enc.xml.masked
'

test_expect_success 'a second run builds nothing and runs nothing: every result is cached' '
	(cd gt && test_must_fail mipsbake test gt.yaml) >again.out 2>&1 &&
	grep -q "no work to do" again.out &&
	test "$(grep -c " (cached)$" again.out)" = 32
'

# (an edit the compiler folds away leaves the binary as it was, and its result cached, as
# with go test: the message of a test that reads a file is not folded away)
test_expect_success 'editing one test file rebuilds and reruns exactly that package' '
	sed -i "s|\"testdata/greeting.txt: %q, %v\"|\"reading testdata/greeting.txt: %q, %v\"|" gt/enc/enc_test.go &&
	grep -q "reading testdata" gt/enc/enc_test.go &&
	(cd gt && test_must_fail mipsbake test gt.yaml) >edit.out 2>&1 &&
	grep "] COMPILE \|] GCCGO " edit.out | sed -E "s/.*\] (COMPILE|GCCGO) //" | sort -u >compiled &&
	echo example.com/gt/enc >compiled.expect &&
	test_cmp compiled.expect compiled &&
	test "$(grep "^example.com/gt/enc " edit.out | grep -c " (cached)$")" = 0 &&
	test "$(grep "^example.com/gt/fp \|^github.com/miekg/dns \|^golang.org/x/sync/errgroup " edit.out | grep -c " (cached)$")" = 22
'

test_expect_success '--run narrows the tests, --count=1 runs again, PKG... picks packages' '
	(cd gt && test_must_fail mipsbake test --run "^TestAdd\$" --count=1 gt.yaml example.com/gt/enc) >run1.out 2>&1 &&
	grep "^example.com/gt/enc " run1.out >rows &&
	test "$(wc -l <rows)" = 10 &&
	! grep -q "cached" rows &&
	test "$(grep -c "  1     0     0     " rows)" = 9 &&
	! grep -q "^example.com/gt/fp\|^github.com" run1.out
'

test_expect_success 'a package no tests: names, a bad --run and a wrong test signature are errors' '
	(cd gt && test_must_fail mipsbake test gt.yaml example.com/nope) 2>nope.err &&
	grep -q "error: package '"'"'example.com/nope'"'"' has no tests to run here" nope.err &&
	(cd gt && test_must_fail mipsbake test --run "(" gt.yaml) 2>re.err &&
	grep -q "error: --run '"'"'('"'"': missing closing parenthesis at offset 1" re.err &&
	printf "package fp\n\nimport \"testing\"\n\nfunc TestWrong(x int) {}\n" >gt/fp/wrong_test.go &&
	(cd gt && test_must_fail mipsbake gen gt.yaml) 2>sig.err &&
	grep -q "^$TRASH/gt/fp/wrong_test.go:5:1: error: wrong signature for TestWrong, must be: func TestWrong(t \*testing.T)$" sig.err &&
	rm gt/fp/wrong_test.go
'

test_expect_success 'bad package patterns are manifest errors at their place' '
	printf "mipsbake: 1\nmodule: example.com/gt\ninclude: [boards/generic.yaml]\ntests:\n  packages: [../up, ./x/../y, \"a b\"]\n  boards: [generic-mipsle]\n" >gt/bad.yaml &&
	(cd gt && test_must_fail mipsbake validate bad.yaml) 2>bad.err &&
	grep -q "^bad.yaml:5:14: error: bad package pattern '"'"'../up'"'"' in '"'"'tests'"'"'" bad.err &&
	grep -q "^bad.yaml:5:21: error: bad package pattern '"'"'./x/../y'"'"'" bad.err &&
	grep -q "^bad.yaml:5:31: error: bad package pattern '"'"'a b'"'"'" bad.err
'

test_done
